import { DatasetError } from "./errors";
import type { TableSchema } from "./schema";
import { type CellValue, SchemaEncoder, type UnseenCategories } from "./schemaEncoder";

/** A row to score, keyed by column name. Keys not in the schema are ignored. */
export type InputRow = Readonly<Record<string, CellValue>>;

export interface EncodedRows {
  rowCount: number;
  featureCount: number;
  /** Row-major rowCount x featureCount in schema order; NaN = missing. */
  features: Float64Array;
  /** Columns where categories unknown to the schema occurred (empty when none). */
  unseen: UnseenCategories[];
}

/**
 * Encodes rows for scoring with the schema stored at training time. Missing values (null,
 * undefined, "", NaN) become NaN; unseen categories become the code after the last known one,
 * which LightGBM-style categorical splits send right; a value of the wrong type (a non-numeric
 * string or boolean for a numeric feature, a boolean for a categorical one) is an error naming
 * the row (1-based) and column. A row without a schema column at all is also an error, since it
 * usually means a renamed or misspelled field rather than a missing value: pass null for that.
 */
export function encodeWithSchema(rows: readonly InputRow[], schema: TableSchema): EncodedRows {
  const encoder = new SchemaEncoder(schema);
  const width = schema.features.length;
  const features = new Float64Array(rows.length * width);
  rows.forEach((input, i) => {
    for (let j = 0; j < width; j++) {
      const name = schema.features[j].name;
      if (!Object.hasOwn(input, name)) {
        throw new DatasetError("MISSING_FEATURE_COLUMN", `row ${i + 1} has no column "${name}" (use null for a missing value)`, {
          row: i + 1,
          column: name,
        });
      }
      features[i * width + j] = encoder.encode(j, input[name], i + 1);
    }
  });
  return { rowCount: rows.length, featureCount: width, features, unseen: encoder.unseen() };
}
