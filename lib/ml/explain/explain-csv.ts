import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import type { Writable } from "node:stream";
import { readModelMetadata, readModelText } from "../artifacts/model-store";
import { loadScoringTable, type CsvSource } from "../dataset";
import { parseModelText } from "../model/text-reader";
import { ShapPool } from "../shap";

/** Rows per batch handed to the worker pool: large enough to amortise messaging, small enough for steady progress. */
const BATCH_ROWS = 2000;

export interface ExplainCsvResult {
  rows: number;
  features: string[];
  expectedValue: number;
  unseenCategories: Array<{ column: string; rows: number }>;
}

/** Shortest round-trip text of a double, as LightGBM-compatible tools read it back exactly. */
function formatValue(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

/**
 * Writes SHAP contributions (log-odds scale) for every row of a CSV, explained by a stored model
 * version: a header with one column per feature, named as the feature, in model order, then
 * `expected_value`; one line per input row. Work runs on worker threads in batches.
 */
export async function explainCsv(
  version: string,
  source: CsvSource,
  out: Writable,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ExplainCsvResult> {
  const metadata = readModelMetadata(version);
  const booster = parseModelText(readModelText(version));
  const names = metadata.features.map((f) => f.name);
  if (booster.featureNames.join("\u0000") !== names.join("\u0000")) {
    throw new Error(`Model version ${version}: model.txt features (${booster.featureNames.join(", ")}) differ from model.json (${names.join(", ")})`);
  }
  const table = await loadScoringTable(source, { label: metadata.label, features: metadata.features });
  const nf = table.featureCount;
  const pool = await ShapPool.create(booster, { workers: Math.min(2, os.availableParallelism()) });
  try {
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, "drain");
    };
    await write(`${[...names, "expected_value"].join(",")}\n`);
    onProgress(0, table.rowCount);
    for (let start = 0; start < table.rowCount; start += BATCH_ROWS) {
      const rows = Math.min(BATCH_ROWS, table.rowCount - start);
      const values = await pool.shapValues(table.features.subarray(start * nf, (start + rows) * nf), rows, nf);
      let text = "";
      for (let r = 0; r < rows; r++) {
        const row = values.subarray(r * (nf + 1), (r + 1) * (nf + 1));
        text += `${Array.from(row, formatValue).join(",")}\n`;
      }
      await write(text);
      onProgress(start + rows, table.rowCount);
    }
    return {
      rows: table.rowCount,
      features: names,
      expectedValue: pool.expectedValue,
      unseenCategories: table.unseen.map((u) => ({ column: u.column, rows: u.rows })),
    };
  } finally {
    await pool.close();
  }
}

/** explainCsv into a file, written to a temporary sibling and renamed when complete. */
export async function explainCsvToFile(version: string, source: CsvSource, outPath: string, onProgress?: (done: number, total: number) => void): Promise<ExplainCsvResult> {
  const tmp = `${outPath}.partial-${process.pid}`;
  const stream = fs.createWriteStream(tmp);
  try {
    const result = await explainCsv(version, source, stream, onProgress);
    stream.end();
    await once(stream, "finish");
    fs.renameSync(tmp, outPath);
    return result;
  } catch (err) {
    stream.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
