/** Test helpers: load the LightGBM reference CSVs and model text (small, independent parsers). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/lightgbm");

export interface CsvData {
  featureNames: string[];
  /** Row-major. */
  data: Float64Array;
  labels: Float64Array;
  numRows: number;
  numFeatures: number;
}

/** Reads a CSV with a header whose first column is the label; empty fields are NaN. */
export function loadCsv(file: string): CsvData {
  const lines = readFileSync(path.join(FIXTURE_DIR, file), "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(",");
  const featureNames = header.slice(1);
  const numFeatures = featureNames.length;
  const numRows = lines.length - 1;
  const data = new Float64Array(numRows * numFeatures);
  const labels = new Float64Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const cells = lines[r + 1].split(",");
    labels[r] = Number(cells[0]);
    for (let f = 0; f < numFeatures; f++) {
      const cell = cells[f + 1];
      data[r * numFeatures + f] = cell === undefined || cell === "" ? Number.NaN : Number(cell);
    }
  }
  return { featureNames, data, labels, numRows, numFeatures };
}

/** `key=value` lines of a LightGBM params file. */
export function loadParamsFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(FIXTURE_DIR, file), "utf8").split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith("#")) continue;
    const eq = t.indexOf("=");
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

export interface ReferenceTree {
  fields: Record<string, string>;
  numbers(key: string): number[];
}

export interface ReferenceModel {
  header: Record<string, string>;
  trees: ReferenceTree[];
}

/** Minimal reader of LightGBM's text model: header key=values and each Tree= block's fields. */
export function loadReferenceModel(file: string): ReferenceModel {
  const text = readFileSync(path.join(FIXTURE_DIR, file), "utf8");
  const end = text.indexOf("end of trees");
  const body = end >= 0 ? text.slice(0, end) : text;
  const blocks = body.split(/\n(?=Tree=)/);
  const header: Record<string, string> = {};
  for (const line of blocks[0].split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) header[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const trees: ReferenceTree[] = blocks.slice(1).map((block) => {
    const fields: Record<string, string> = {};
    for (const line of block.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1).trim();
    }
    return {
      fields,
      numbers: (key: string) => (fields[key] ?? "").split(" ").filter((s) => s.length > 0).map(Number),
    };
  });
  return { header, trees };
}
