import { CategoryCollector } from "./categoryCollector";
import { type CsvSource, streamCsv } from "./csvSource";
import { DatasetError } from "./errors";
import { checkFieldCount, readLabel } from "./labelColumn";
import type { FeaturePlan } from "./planFeatures";
import type { TableScan } from "./scanTable";
import { parseNumber } from "./values";

export interface FilledTable {
  /** Row-major rowCount x features.length. */
  features: Float64Array;
  labels: Uint8Array;
  /** Per planned feature: its sorted category list, or null for numeric features. */
  categories: Array<string[] | null>;
}

function fileChanged(): DatasetError {
  return new DatasetError("FILE_CHANGED", "the file changed while it was being read (its contents differ between the two passes); load it again");
}

/**
 * Second pass: writes the feature matrix and labels at their exact size. A file source is read
 * again rather than buffered, and its hash must match the first pass, so a file rewritten
 * between the passes cannot yield a table that mixes two versions.
 */
export async function fillTable(source: CsvSource, scan: TableScan, plan: FeaturePlan): Promise<FilledTable> {
  const { rowCount, header } = scan;
  const width = plan.features.length;
  const features = new Float64Array(rowCount * width);
  const labels = new Uint8Array(rowCount);
  const columns = Int32Array.from(plan.features, (f) => f.column);
  const collectors = plan.features.map((f) => (f.kind === "categorical" ? new CategoryCollector() : null));
  const labelIndex = scan.roles.indexOf("label");
  const labelName = header[labelIndex];
  let r = 0;

  const fingerprint = await streamCsv(source, (fields, record, line) => {
    if (record === 1) return;
    if (r >= rowCount) throw fileChanged();
    const row = record - 1;
    checkFieldCount(fields.length, header.length, row, line);
    labels[r] = readLabel(fields[labelIndex], labelName, row, line);
    const base = r * width;
    for (let j = 0; j < width; j++) {
      const value = fields[columns[j]];
      const collector = collectors[j];
      features[base + j] = value === "" ? Number.NaN : collector === null ? parseNumber(value) : collector.code(value);
    }
    r++;
  });
  if (fingerprint !== scan.fingerprint || r !== rowCount) throw fileChanged();

  const categories = collectors.map((collector, j) => {
    if (collector === null) return null;
    const { categories: sorted, finalCode } = collector.finish();
    for (let i = j; i < features.length; i += width) {
      const provisional = features[i];
      if (!Number.isNaN(provisional)) features[i] = finalCode[provisional];
    }
    return sorted;
  });
  return { features, labels, categories };
}
