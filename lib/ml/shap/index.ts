/**
 * Exact path-dependent SHAP for LightGBM-format binary boosters: contributions (LightGBM's
 * predict_contrib layout), interaction values, global summaries and a worker-thread pool.
 */
import type { Booster } from "../model/types";
import { type ExplainOptions, ShapExplainer } from "./explainer";

export { ShapExplainer, type ExplainOptions, type ShapAlgorithm, type ShapExplainerOptions } from "./explainer";
export { ShapInputError } from "./errors";
export { DEFAULT_MAX_TABLE_FEATURES, DEFAULT_TABLE_BUDGET_BYTES, type FastTableOptions } from "./fast-tables";
export { interactionRowSize } from "./interaction-layout";
export { meanAbsInteractions, meanAbsShap, sampleRows, topInteractionPairs, type InteractionPair } from "./global";
export { ShapPool, type ShapPoolOptions } from "./pool";

/** One-off contributions; build a ShapExplainer to explain several batches with one precomputation. */
export function shapValues(booster: Booster, data: Float64Array, numRows: number, numFeatures: number, options?: ExplainOptions): Float64Array {
  return new ShapExplainer(booster).shapValues(data, numRows, numFeatures, options);
}

/** One-off interaction values (layout in ./interaction-layout). */
export function interactionValues(booster: Booster, data: Float64Array, numRows: number, numFeatures: number, options?: ExplainOptions): Float64Array {
  return new ShapExplainer(booster).interactionValues(data, numRows, numFeatures, options);
}

/** The expected value (bias column) of a booster's explanations. */
export function expectedValue(booster: Booster): number {
  return new ShapExplainer(booster).expectedValue;
}
