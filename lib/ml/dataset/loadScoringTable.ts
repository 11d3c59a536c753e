import { type CsvSource, streamCsv } from "./csvSource";
import type { EncodedRows } from "./encodeWithSchema";
import { DatasetError } from "./errors";
import { GrowableFloat64 } from "./growable";
import { listColumns, readHeader } from "./header";
import { checkFieldCount, readLabel } from "./labelColumn";
import type { TableSchema } from "./schema";
import { SchemaEncoder } from "./schemaEncoder";

export interface ScoringTableOptions {
  /** Also read the schema's label column (required to exist and be valid), e.g. to evaluate on a test file. Default false. */
  withLabels?: boolean;
}

export interface ScoringTable extends EncodedRows {
  /** 0/1 labels when `withLabels` was set, else null. */
  labels: Uint8Array | null;
  /** SHA-256 (lowercase hex) of the file's bytes, or of the UTF-8 encoding of the text. */
  fingerprint: string;
}

/**
 * Reads a CSV of rows to score and encodes it with a stored schema in one streaming pass
 * (columns matched by header name, extra columns ignored). Encoding rules are those of
 * `encodeWithSchema`; a missing schema column is an error listing what is missing.
 */
export async function loadScoringTable(source: CsvSource, schema: TableSchema, options: ScoringTableOptions = {}): Promise<ScoringTable> {
  const encoder = new SchemaEncoder(schema);
  const width = schema.features.length;
  const features = new GrowableFloat64(width * 1024);
  const labels = new GrowableFloat64();
  const state: { header: string[] | null; columns: Int32Array; labelIndex: number } = {
    header: null,
    columns: new Int32Array(0),
    labelIndex: -1,
  };
  let rowCount = 0;

  const fingerprint = await streamCsv(source, (fields, record, line) => {
    const header = state.header;
    if (header === null) {
      const names = readHeader(fields);
      const missing = schema.features.map((f) => f.name).filter((name) => !names.includes(name));
      if (missing.length > 0) {
        throw new DatasetError(
          "MISSING_FEATURE_COLUMN",
          `the file lacks model feature column(s) ${listColumns(missing)}; available columns: ${listColumns(names)}`,
          { column: missing[0] },
        );
      }
      if (options.withLabels && !names.includes(schema.label)) {
        throw new DatasetError("MISSING_LABEL_COLUMN", `label column "${schema.label}" not found; available columns: ${listColumns(names)}`, {
          column: schema.label,
        });
      }
      state.columns = Int32Array.from(schema.features, (f) => names.indexOf(f.name));
      state.labelIndex = options.withLabels ? names.indexOf(schema.label) : -1;
      state.header = names;
      return;
    }
    const row = record - 1;
    checkFieldCount(fields.length, header.length, row, line);
    for (let j = 0; j < width; j++) features.push(encoder.encode(j, fields[state.columns[j]], row, line));
    if (state.labelIndex >= 0) labels.push(readLabel(fields[state.labelIndex], schema.label, row, line));
    rowCount++;
  });

  if (state.header === null) throw new DatasetError("EMPTY_FILE", "the file is empty: expected a header row and data rows");
  if (rowCount === 0) throw new DatasetError("NO_DATA_ROWS", "the file has a header but no data rows");
  return {
    rowCount,
    featureCount: width,
    features: features.toArray(),
    labels: options.withLabels ? Uint8Array.from(labels.toArray()) : null,
    unseen: encoder.unseen(),
    fingerprint,
  };
}
