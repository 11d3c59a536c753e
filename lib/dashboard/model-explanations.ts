import type { DisplayValue, GlobalExplanations } from "../ml/explain/global-explanations";
import { valueBins } from "./model-bins";
import { CATEGORY_COLORS, NEUTRAL_COLOR, lowHighColor } from "./model-colors";
import type { XY } from "./model-curves";

/**
 * Shaping of a model's stored global explanations (explanations.json) into chart data: the
 * beeswarm summary and the dependence plots. The page sends the compact `FeatureSamples` to the
 * browser once, and both plots derive their points from it there.
 */
export interface FeatureSamples {
  feature: string;
  colorFeature: string | null;
  values: DisplayValue[];
  shap: number[];
  colors: DisplayValue[];
}

/** One colour group of a scatter chart: a Chart.js dataset with one colour and a legend label. */
export interface PointGroup {
  label: string;
  color: string;
  points: XY[];
}

const COLOR_BINS = 5;
const MAX_CATEGORY_GROUPS = CATEGORY_COLORS.length;

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function shortNumber(x: number): string {
  return Number(x.toPrecision(3)).toLocaleString("en-US");
}

/** Per feature in importance order, at most `maxPoints` of its sampled rows (the same rows for every feature). */
export function compactSamples(explanations: Pick<GlobalExplanations, "points">, maxPoints = 400): FeatureSamples[] {
  return explanations.points.map((f) => {
    const pts = f.points.slice(0, maxPoints);
    return {
      feature: f.feature,
      colorFeature: f.colorFeature,
      values: pts.map((p) => (typeof p.value === "number" ? round(p.value, 4) : p.value)),
      shap: pts.map((p) => round(p.shap, 4)),
      colors: pts.map((p) => (typeof p.color === "number" ? round(p.color, 4) : p.color)),
    };
  });
}

/**
 * Deterministic vertical spread in [-0.5, 0.5] (golden-ratio sequence), so the page draws the
 * same picture on every render.
 */
export function jitter(i: number): number {
  const u = (i * 0.6180339887498949) % 1;
  return u - 0.5;
}

const numeric = (v: DisplayValue): v is number => typeof v === "number";

/**
 * Colour groups of a list of values: numbers in up to five low → high bins labelled with their
 * ranges, text values as categories (the most frequent few, the rest as "other"), nulls as
 * "missing". Returns each value's group index and the groups' labels and colours.
 */
export function colorGroups(values: readonly DisplayValue[], name: string): { group: number[]; groups: Array<{ label: string; color: string }> } {
  const groups: Array<{ label: string; color: string }> = [];
  const group = new Array<number>(values.length).fill(-1);
  const nums = values.flatMap((v, i) => (numeric(v) ? [i] : []));
  if (nums.length > 0) {
    const { bin, ranges } = valueBins(nums.map((i) => values[i] as number), COLOR_BINS);
    const groupOfBin = ranges.map((r, b) => {
      if (!r) return -1;
      groups.push({ label: `${name} ${r.min === r.max ? shortNumber(r.min) : `${shortNumber(r.min)}–${shortNumber(r.max)}`}`, color: lowHighColor(b / (COLOR_BINS - 1)) });
      return groups.length - 1;
    });
    nums.forEach((i, k) => (group[i] = groupOfBin[bin[k]]));
  }
  const counts = new Map<string, number>();
  for (const v of values) if (typeof v === "string") counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size > 0) {
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = ranked.length <= MAX_CATEGORY_GROUPS ? ranked : ranked.slice(0, MAX_CATEGORY_GROUPS - 1);
    const index = new Map<string, number>();
    shown.forEach(([c], k) => {
      groups.push({ label: `${name} ${c}`, color: CATEGORY_COLORS[k] });
      index.set(c, groups.length - 1);
    });
    let other = -1;
    values.forEach((v, i) => {
      if (typeof v !== "string") return;
      const g = index.get(v);
      if (g !== undefined) group[i] = g;
      else {
        if (other < 0) {
          groups.push({ label: `${name} (other)`, color: NEUTRAL_COLOR });
          other = groups.length - 1;
        }
        group[i] = other;
      }
    });
  }
  if (values.some((v) => v === null)) {
    groups.push({ label: `${name} missing`, color: "rgb(200, 200, 200)" });
    values.forEach((v, i) => v === null && (group[i] = groups.length - 1));
  }
  return { group, groups };
}

/**
 * Beeswarm summary of the `top` most important features: x = SHAP value, y = the feature's rank
 * (0 = most important) plus a spread that widens where points crowd, coloured by the feature's own
 * value from low (blue) to high (red), relative to that feature's values. Text features, whose
 * categories have no order, and missing values are grey.
 */
export function beeswarm(samples: readonly FeatureSamples[], top = 12): { features: string[]; groups: PointGroup[] } {
  const shown = samples.slice(0, top);
  const labels = ["lowest", "low", "middle", "high", "highest"];
  const groups: PointGroup[] = labels.map((l, b) => ({ label: `Feature value: ${l}`, color: lowHighColor(b / (COLOR_BINS - 1)), points: [] }));
  const grey: PointGroup = { label: "Category or missing", color: NEUTRAL_COLOR, points: [] };
  shown.forEach((s, rank) => {
    const lo = Math.min(...s.shap);
    const hi = Math.max(...s.shap);
    const width = hi - lo || 1;
    const HIST = 40;
    const hist = new Array<number>(HIST).fill(0);
    const cell = s.shap.map((v) => Math.min(HIST - 1, Math.floor(((v - lo) / width) * HIST)));
    for (const c of cell) hist[c]++;
    const peak = Math.max(...hist);
    const nums = s.values.flatMap((v, i) => (numeric(v) ? [i] : []));
    const binOf = new Map<number, number>();
    const { bin } = valueBins(nums.map((i) => s.values[i] as number), COLOR_BINS);
    nums.forEach((i, k) => binOf.set(i, bin[k]));
    s.shap.forEach((v, i) => {
      const spread = 0.8 * Math.sqrt(hist[cell[i]] / peak);
      const point = { x: v, y: round(rank + spread * jitter(i + 1), 3) };
      const b = binOf.get(i);
      (b === undefined ? grey : groups[b]).points.push(point);
    });
  });
  return { features: shown.map((s) => s.feature), groups: [...groups, grey].filter((g) => g.points.length > 0) };
}

export interface Dependence {
  feature: string;
  colorFeature: string | null;
  /** "category" when the feature's values are text: x is then an index into `categories`. */
  kind: "number" | "category";
  categories: string[];
  groups: PointGroup[];
  /** Rows left out because the feature's value is missing. */
  missing: number;
}

/**
 * Dependence plot of one feature: its value (x) against its SHAP value (y), coloured by the feature
 * it interacts with most. Text categories sit at integer positions (alphabetical) with a small
 * horizontal spread so overlapping points stay visible.
 */
export function dependence(s: FeatureSamples): Dependence {
  const categories = [...new Set(s.values.filter((v): v is string => typeof v === "string"))].sort();
  const kind = categories.length > 0 ? "category" : "number";
  const colorName = s.colorFeature ?? s.feature;
  const colored = s.colorFeature ? colorGroups(s.colors, colorName) : { group: s.values.map(() => 0), groups: [{ label: "Participant", color: lowHighColor(0) }] };
  const groups: PointGroup[] = colored.groups.map((g) => ({ ...g, points: [] }));
  let missing = 0;
  s.values.forEach((v, i) => {
    let x: number;
    if (typeof v === "number") x = v;
    else if (typeof v === "string") x = round(categories.indexOf(v) + 0.5 * jitter(i + 1), 3);
    else {
      missing++;
      return;
    }
    groups[colored.group[i]].points.push({ x, y: s.shap[i] });
  });
  return { feature: s.feature, colorFeature: s.colorFeature, kind, categories, groups: groups.filter((g) => g.points.length > 0), missing };
}
