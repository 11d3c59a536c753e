/**
 * What a model needs to turn raw rows into its feature matrix: feature order, kinds and category
 * lists. Plain JSON, meant to be stored next to the model.
 */
export type FeatureKind = "numeric" | "categorical";

export interface NumericFeature {
  name: string;
  kind: "numeric";
}

export interface CategoricalFeature {
  name: string;
  kind: "categorical";
  /** `categories[code]` is the text of category `code`; codes are 0..categories.length-1. */
  categories: string[];
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

export interface TableSchema {
  /** Name of the 0/1 label column. */
  label: string;
  /** Features in matrix column order. */
  features: FeatureSpec[];
}

/**
 * The code given to a category the model never saw in training: one past the last known code.
 * A LightGBM categorical split sends a category that is not in its left-side bitset to the right
 * child, so such rows go right at every categorical split, as in LightGBM itself.
 */
export function unseenCategoryCode(feature: CategoricalFeature): number {
  return feature.categories.length;
}
