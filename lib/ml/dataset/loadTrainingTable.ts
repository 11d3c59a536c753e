import type { CsvSource } from "./csvSource";
import { fillTable } from "./fillTable";
import { type IgnoredColumn, planFeatures } from "./planFeatures";
import { scanTable } from "./scanTable";
import type { FeatureSpec, TableSchema } from "./schema";
import type { TrainingTableOptions } from "./trainingOptions";

/** A training CSV turned into model inputs. */
export interface TrainingTable {
  rowCount: number;
  featureCount: number;
  /**
   * Row-major matrix, rowCount x featureCount: row i's feature j is `features[i * featureCount + j]`.
   * NaN = missing. Categorical features hold their category code (index into the schema's list).
   */
  features: Float64Array;
  /** 0/1 label per row. */
  labels: Uint8Array;
  /** Rows whose label is 1. */
  positives: number;
  /** Feature order, kinds and category lists: store it with the model to encode rows for scoring. */
  schema: TableSchema;
  /** `schema.features` names, in matrix column order. */
  featureNames: string[];
  /** Columns not in the matrix (requested, identifier-like, constant), in file order within each reason. */
  ignored: IgnoredColumn[];
  /** Human-readable notes about automatic decisions (identifier or constant columns dropped, single-class label). */
  warnings: string[];
  /** SHA-256 (lowercase hex) of the file's bytes, or of the UTF-8 encoding of the text. */
  fingerprint: string;
}

/**
 * Loads a CSV with a header row for training.
 *
 * Column kinds: a column listed in `numeric` or `categorical` gets that kind; otherwise it is
 * numeric when every non-empty value is a finite number, else categorical, except that a column
 * whose values are all present, unique and non-numeric (an id) is ignored and reported.
 * Categorical values are coded 0..k-1 in sorted order: by numeric value when every category is an
 * integer, else by UTF-16 code units; codes never depend on row order.
 *
 * Reads a file twice (profile, then fill) so that memory holds only the final matrix; throws a
 * `DatasetError` naming the problem (and row/column where there is one) on any invalid input.
 */
export async function loadTrainingTable(source: CsvSource, options: TrainingTableOptions): Promise<TrainingTable> {
  const scan = await scanTable(source, options);
  const plan = planFeatures(scan);
  const filled = await fillTable(source, scan, plan);

  const specs: FeatureSpec[] = plan.features.map((f, j) => {
    const categories = filled.categories[j];
    return categories === null ? { name: f.name, kind: "numeric" } : { name: f.name, kind: "categorical", categories };
  });
  const warnings = plan.warnings.slice();
  if (scan.positives === 0 || scan.positives === scan.rowCount) {
    warnings.push(`label "${options.label}" has a single class (every row is ${scan.positives === 0 ? 0 : 1})`);
  }
  return {
    rowCount: scan.rowCount,
    featureCount: specs.length,
    features: filled.features,
    labels: filled.labels,
    positives: scan.positives,
    schema: { label: options.label, features: specs },
    featureNames: specs.map((f) => f.name),
    ignored: plan.ignored,
    warnings,
    fingerprint: scan.fingerprint,
  };
}
