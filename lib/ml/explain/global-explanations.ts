import type { FeatureSpec } from "../dataset";
import type { Booster } from "../model/types";
import os from "node:os";
import { meanAbsInteractions, meanAbsShap, sampleRows, ShapExplainer, ShapPool, topInteractionPairs } from "../shap";
import { decodeFeatureValue } from "./participant-explanation";

export type DisplayValue = number | string | null;

export interface FeatureImportance {
  feature: string;
  meanAbsShap: number;
}

export interface FeaturePoints {
  feature: string;
  /** The feature this one interacts with most (by mean |interaction|), used to colour dependence plots. */
  colorFeature: string | null;
  /** One point per sampled row: the feature's value, its SHAP value, and the colour feature's value. */
  points: Array<{ value: DisplayValue; shap: number; color: DisplayValue }>;
}

export interface InteractionSummary {
  features: string[];
  /** strength[i][j] = mean over the sample of |Φ_ij| + |Φ_ji|: the pair's whole interaction effect. */
  strength: number[][];
  topPairs: Array<{ features: [string, string]; strength: number }>;
}

/** What the model dashboards read for a model version, computed once and stored with it. */
export interface GlobalExplanations {
  formatVersion: 1;
  computedAt: string;
  expectedValue: number;
  /** Rows whose contributions make up the importance (all rows up to `importanceRows`, else a sample). */
  rows: number;
  /** Rows behind the beeswarm and dependence points. */
  sampleRows: number;
  /** Rows behind the interaction strengths. */
  interactionRows: number;
  /** Mean |SHAP| per feature, largest first. */
  importance: FeatureImportance[];
  /** Per feature, in importance order: beeswarm and dependence data. */
  points: FeaturePoints[];
  interactions: InteractionSummary;
}

export interface GlobalExplanationOptions {
  /** At most this many rows (a seeded sample beyond it) for the importance (default 50,000). */
  importanceRows?: number;
  /** Rows for the beeswarm/dependence points (default 600). */
  sampleSize?: number;
  /** Rows for interaction strengths (default 400); interactions cost ~features x contributions. */
  interactionSampleSize?: number;
  topPairs?: number;
  seed?: number;
}

function round(x: number, digits = 6): number {
  return Number(x.toPrecision(digits));
}

/**
 * Global explanations of a model over its data: mean |SHAP| importance over every row, beeswarm and
 * dependence points for a sample, and interaction strengths (with the strongest pairs) on a sample.
 */
export async function computeGlobalExplanations(
  booster: Booster,
  allData: Float64Array,
  allRows: number,
  features: readonly FeatureSpec[],
  options: GlobalExplanationOptions = {},
): Promise<GlobalExplanations> {
  const nf = features.length;
  const names = features.map((f) => f.name);
  const explainer = new ShapExplainer(booster);
  // Beyond tens of thousands of rows a seeded sample estimates mean |SHAP| to three digits.
  const limited = allRows > (options.importanceRows ?? 50_000) ? sampleRows(allData, allRows, nf, options.importanceRows ?? 50_000, (options.seed ?? 1) + 2) : null;
  const data = limited ? limited.data : allData;
  const numRows = limited ? limited.numRows : allRows;
  const pool = numRows > 4000 ? await ShapPool.create(booster, { workers: Math.min(2, os.availableParallelism()) }) : null;
  let contributions: Float64Array;
  try {
    contributions = pool ? await pool.shapValues(data, numRows, nf) : explainer.shapValues(data, numRows, nf);
  } finally {
    await pool?.close();
  }
  const importanceValues = meanAbsShap(contributions, numRows, nf);

  const inter = sampleRows(data, numRows, nf, options.interactionSampleSize ?? 400, (options.seed ?? 1) + 1);
  const interactionValues = explainer.interactionValues(inter.data, inter.numRows, nf);
  const mean = meanAbsInteractions(interactionValues, inter.numRows, nf);
  const strength = names.map((_, i) => names.map((__, j) => (i === j ? round(mean[i * nf + i]) : round(mean[i * nf + j] + mean[j * nf + i]))));
  const partner = names.map((_, i) => {
    let best = -1;
    for (let j = 0; j < nf; j++) if (j !== i && (best < 0 || strength[i][j] > strength[i][best])) best = j;
    return best >= 0 && strength[i][best] > 0 ? best : -1;
  });

  const order = names.map((_, i) => i).sort((a, b) => importanceValues[b] - importanceValues[a]);
  const sample = sampleRows(data, numRows, nf, options.sampleSize ?? 600, options.seed ?? 1);
  const points: FeaturePoints[] = order.map((f) => ({
    feature: names[f],
    colorFeature: partner[f] >= 0 ? names[partner[f]] : null,
    points: Array.from(sample.rows, (row) => {
      const at = row * nf;
      return {
        value: decodeFeatureValue(features[f], data[at + f]),
        shap: round(contributions[row * (nf + 1) + f]),
        color: partner[f] >= 0 ? decodeFeatureValue(features[partner[f]], data[at + partner[f]]) : null,
      };
    }),
  }));

  return {
    formatVersion: 1,
    computedAt: new Date().toISOString(),
    expectedValue: explainer.expectedValue,
    rows: numRows,
    sampleRows: sample.numRows,
    interactionRows: inter.numRows,
    importance: order.map((f) => ({ feature: names[f], meanAbsShap: round(importanceValues[f]) })),
    points,
    interactions: {
      features: names,
      strength,
      topPairs: topInteractionPairs(mean, names, options.topPairs ?? 10).map((p) => ({
        features: p.names,
        strength: round(mean[p.i * nf + p.j] + mean[p.j * nf + p.i]),
      })),
    },
  };
}
