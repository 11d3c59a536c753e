import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DatasetError, type TrainingTable, type TrainingTableOptions, loadTrainingTable } from "@/lib/ml/dataset";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/lightgbm/", import.meta.url));

/** Loads CSV text with label column "y" unless the options say otherwise. */
export function load(text: string, options: Partial<TrainingTableOptions> = {}): Promise<TrainingTable> {
  return loadTrainingTable({ text }, { label: "y", ...options });
}

/** The DatasetError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error("expected a DatasetError, but the call succeeded");
}

/** Row i of a row-major matrix as a plain array (NaN kept). */
export function row(table: { features: Float64Array; featureCount: number }, i: number): number[] {
  return Array.from(table.features.subarray(i * table.featureCount, (i + 1) * table.featureCount));
}

/**
 * Independent reading of a fixture CSV (it has no quoted fields): header plus rows of strings.
 */
export function naiveCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(`${FIXTURES}${file}`, "utf8").trim().split("\n");
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}
