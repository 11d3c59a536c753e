import type { InteractionSummary } from "../ml/explain/global-explanations";
import { strengthColor } from "./model-colors";

export interface HeatmapCell {
  /** Column and row index into `features`. */
  x: number;
  y: number;
  value: number;
  color: string;
}

export interface Heatmap {
  features: string[];
  cells: HeatmapCell[];
  /** Largest off-diagonal strength, the top of the colour scale. */
  max: number;
}

/**
 * Interaction heatmap of the given features (e.g. the most important ones, in that order): one
 * cell per ordered pair i != j holding the pair's mean |SHAP interaction| (symmetric). The
 * diagonal, which stores a feature's main effect rather than an interaction, is left out.
 */
export function interactionHeatmap(interactions: InteractionSummary, features: readonly string[]): Heatmap {
  const index = new Map(interactions.features.map((f, i) => [f, i]));
  const shown = features.filter((f) => index.has(f));
  let max = 0;
  const raw: Array<Omit<HeatmapCell, "color">> = [];
  shown.forEach((fy, y) =>
    shown.forEach((fx, x) => {
      if (x === y) return;
      const value = interactions.strength[index.get(fy) as number][index.get(fx) as number];
      max = Math.max(max, value);
      raw.push({ x, y, value });
    }),
  );
  return { features: shown, max, cells: raw.map((c) => ({ ...c, color: strengthColor(max > 0 ? c.value / max : 0) })) };
}
