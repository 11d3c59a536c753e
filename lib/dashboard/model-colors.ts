/** Colour scales of the model dashboards, as CSS colour strings Chart.js accepts. */

type Rgb = readonly [number, number, number];

// Diverging low → high scale of SHAP summary plots: blue, through purple, to red.
const LOW: Rgb = [0, 139, 251];
const MID: Rgb = [145, 70, 190];
const HIGH: Rgb = [230, 0, 80];
// Sequential scale for strengths: near-white to dark blue.
const FAINT: Rgb = [239, 243, 255];
const STRONG: Rgb = [8, 48, 107];

/** Grey for missing values and unordered categories. */
export const NEUTRAL_COLOR = "rgb(150, 150, 150)";

function clamp01(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}

function mix(a: Rgb, b: Rgb, t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Feature value colour: 0 = lowest (blue), 1 = highest (red). */
export function lowHighColor(t: number): string {
  const u = clamp01(t);
  return u <= 0.5 ? mix(LOW, MID, u * 2) : mix(MID, HIGH, (u - 0.5) * 2);
}

/** Strength colour: 0 = faint, 1 = strongest. */
export function strengthColor(t: number): string {
  return mix(FAINT, STRONG, clamp01(t));
}

/** Categorical palette (colour-blind friendly, Okabe-Ito) for unordered colour groups. */
export const CATEGORY_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"] as const;
