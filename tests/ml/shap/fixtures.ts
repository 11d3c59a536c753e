import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseModelText } from "../../../lib/ml/model/text-reader";
import type { Booster } from "../../../lib/ml/model/types";

/** The LightGBM 4.6 oracle in tests/fixtures/lightgbm (see its README). */

const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/lightgbm/", import.meta.url));

export const MODEL_NAMES = ["main", "bagged"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

function read(file: string): string {
  return readFileSync(path.join(FIXTURE_DIR, file), "utf8");
}

export function fixtureModelText(name: ModelName): string {
  return read(`${name}.model.txt`);
}

export function fixtureBooster(name: ModelName): Booster {
  return parseModelText(fixtureModelText(name));
}

/** test.csv without its label: row-major, empty field = NaN. */
export function fixtureRows(): { data: Float64Array; numRows: number; numFeatures: number; featureNames: string[] } {
  const [header, ...lines] = read("test.csv").trim().split("\n");
  const featureNames = header.split(",").slice(1);
  const numFeatures = featureNames.length;
  const data = new Float64Array(lines.length * numFeatures);
  lines.forEach((line, r) => {
    const fields = line.split(",");
    for (let j = 0; j < numFeatures; j++) data[r * numFeatures + j] = fields[j + 1] === "" ? Number.NaN : Number(fields[j + 1]);
  });
  return { data, numRows: lines.length, numFeatures, featureNames };
}

/** LightGBM's predict_contrib output: per row, the feature columns then the expected value. */
export function fixtureContributions(name: ModelName): Float64Array {
  const rows = read(`${name}.test_contrib.txt`).trim().split("\n");
  return Float64Array.from(rows.flatMap((row) => row.split("\t").map(Number)));
}

export function fixtureRawScores(name: ModelName): Float64Array {
  return Float64Array.from(read(`${name}.test_raw.txt`).trim().split("\n").map(Number));
}
