import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Access to the LightGBM 4.6 oracle in tests/fixtures/lightgbm (see its README). */

const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/lightgbm/", import.meta.url));

export const MODEL_NAMES = ["main", "bagged"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export function fixtureText(file: string): string {
  return readFileSync(path.join(FIXTURE_DIR, file), "utf8");
}

export function modelText(name: ModelName): string {
  return fixtureText(`${name}.model.txt`);
}

/** One number per line. */
export function expectedColumn(name: ModelName, kind: "raw" | "prob"): number[] {
  return fixtureText(`${name}.test_${kind}.txt`).trim().split("\n").map(Number);
}

export interface TestMatrix {
  data: Float64Array;
  numRows: number;
  numFeatures: number;
  featureNames: string[];
}

/** test.csv without its label column; an empty field is NaN. */
export function testMatrix(): TestMatrix {
  const [header, ...rows] = fixtureText("test.csv").trim().split("\n");
  const featureNames = header.split(",").slice(1);
  const numFeatures = featureNames.length;
  const data = new Float64Array(rows.length * numFeatures);
  rows.forEach((row, r) => {
    const fields = row.split(",");
    for (let j = 0; j < numFeatures; j++) {
      const field = fields[j + 1];
      data[r * numFeatures + j] = field === "" ? Number.NaN : Number(field);
    }
  });
  return { data, numRows: rows.length, numFeatures, featureNames };
}
