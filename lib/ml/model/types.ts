/**
 * In-memory form of a LightGBM gradient-boosted tree ensemble, field for field as LightGBM's text
 * model format (`version=v4`) stores it, so that reading, writing, evaluating, exporting and
 * explaining all share one structure.
 *
 * Node indexing follows LightGBM: internal nodes are 0..numLeaves-2; a child index < 0 denotes
 * leaf `~child` (i.e. `-child - 1`).
 */
export interface Tree {
  numLeaves: number;
  /** Number of categorical splits in this tree. */
  numCat: number;
  /** Per internal node: index of the feature it splits on. */
  splitFeature: Int32Array;
  splitGain: Float64Array;
  /**
   * Per internal node: numeric threshold (go left when value <= threshold), or for categorical
   * splits the index into `catBoundaries` of the node's category bitset.
   */
  threshold: Float64Array;
  /**
   * Per internal node, LightGBM's bit field: bit 0 categorical split, bit 1 default left,
   * bits 2-3 missing type (0 none, 1 zero, 2 NaN).
   */
  decisionType: Uint8Array;
  leftChild: Int32Array;
  rightChild: Int32Array;
  leafValue: Float64Array;
  leafWeight: Float64Array;
  leafCount: Float64Array;
  internalValue: Float64Array;
  internalWeight: Float64Array;
  internalCount: Float64Array;
  /** numCat + 1 offsets into catThreshold. */
  catBoundaries: Int32Array;
  /** Concatenated 32-bit words of category bitsets: category c is "left" when its bit is set. */
  catThreshold: Uint32Array;
  shrinkage: number;
}

export const DECISION_CATEGORICAL = 1;
export const DECISION_DEFAULT_LEFT = 2;
export const MISSING_NONE = 0;
export const MISSING_ZERO = 1;
export const MISSING_NAN = 2;

export function missingType(decisionType: number): number {
  return (decisionType >> 2) & 3;
}

/** A binary-classification ensemble as LightGBM writes it. */
export interface Booster {
  /** Format version, "v4". */
  version: string;
  numClass: number;
  numTreePerIteration: number;
  labelIndex: number;
  maxFeatureIdx: number;
  /** e.g. "binary sigmoid:1" */
  objective: string;
  featureNames: string[];
  /** Per feature: "[min:max]" for numeric, "-1:c1:c2..." for categorical, "none" if unused. */
  featureInfos: string[];
  trees: Tree[];
  /** The `parameters:` section as ordered key/value pairs (values as LightGBM prints them). */
  parameters: Array<[string, string]>;
  /** Trailing `pandas_categorical:` line value, kept verbatim ("null" when absent). */
  pandasCategorical: string;
  /**
   * Whether the text carries the `pandas_categorical:` line at all: LightGBM's Python package
   * appends it, the command-line program does not. Kept so a model text round-trips byte for
   * byte; when undefined, writers emit the line only if `pandasCategorical` is not "null".
   */
  hasPandasCategoricalLine?: boolean;
  /** `monotone_constraints=` header values (-1, 0, 1 per feature), present only when trained with them. */
  monotoneConstraints?: number[];
}
