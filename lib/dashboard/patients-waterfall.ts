import type { ChartData, ChartOptions } from "chart.js";
import { COLUMNS } from "../data/columns";
import { featureLabel } from "./patients-fields";

/**
 * A SHAP explanation as a waterfall: from the model's base probability, each feature's effect
 * (largest |SHAP| first, the rest summed) moves the running total until it reaches the
 * participant's probability. Effects are in probability points (the explanation's secant-scaled
 * probabilityEffect, which adds up exactly), so the chart reads in the same unit as the score.
 */

export interface ContributionLike {
  feature: string;
  value: unknown;
  shap: number;
  probabilityEffect: number;
}

export interface ExplanationLike {
  baseProbability: number;
  probability: number;
  contributions: readonly ContributionLike[];
}

export type WaterfallKind = "base" | "raise" | "lower" | "total";

export interface WaterfallBar {
  label: string;
  /** Probability (0-1) where the bar starts and ends. */
  start: number;
  end: number;
  kind: WaterfallKind;
  /** end - start for features; the probability itself for base and total. */
  effect: number;
}

export const WATERFALL_TOP = 12;

const BOOLEAN_FEATURES = new Set(COLUMNS.filter((c) => c.kind === "bool").map((c) => c.csv));

export function featureValueText(feature: string, value: unknown): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "missing";
  if (BOOLEAN_FEATURES.has(feature) && (value === 0 || value === 1)) return value === 1 ? "yes" : "no";
  if (typeof value === "number") return String(Math.round(value * 100) / 100);
  return String(value);
}

export function waterfallBars(e: ExplanationLike, top = WATERFALL_TOP): WaterfallBar[] {
  const ranked = [...e.contributions].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap) || a.feature.localeCompare(b.feature));
  const shown = ranked.slice(0, top);
  const rest = ranked.slice(top);
  const bars: WaterfallBar[] = [{ label: "Base (average participant)", start: 0, end: e.baseProbability, kind: "base", effect: e.baseProbability }];
  let running = e.baseProbability;
  const step = (label: string, effect: number) => {
    bars.push({ label, start: running, end: running + effect, kind: effect >= 0 ? "raise" : "lower", effect });
    running += effect;
  };
  for (const c of shown) step(`${featureLabel(c.feature)} = ${featureValueText(c.feature, c.value)}`, c.probabilityEffect);
  if (rest.length > 0) step(`${rest.length} other feature${rest.length === 1 ? "" : "s"}`, rest.reduce((s, c) => s + c.probabilityEffect, 0));
  bars.push({ label: "This participant", start: 0, end: e.probability, kind: "total", effect: e.probability });
  return bars;
}

const COLORS: Record<WaterfallKind, string> = { base: "#8a94a3", raise: "#c0392b", lower: "#1e8e3e", total: "#1f6feb" };

/** Chart.js data and options for the bars: plain values only, so a server page can pass them to the client. */
export function waterfallChart(bars: readonly WaterfallBar[]): { data: ChartData<"bar", Array<[number, number]>, string>; options: ChartOptions<"bar">; height: number } {
  const pct = (x: number) => Math.round(x * 10000) / 100;
  return {
    data: {
      labels: bars.map((b) => b.label),
      datasets: [
        {
          label: "Churn probability (%)",
          data: bars.map((b): [number, number] => [pct(Math.min(b.start, b.end)), pct(Math.max(b.start, b.end))]),
          backgroundColor: bars.map((b) => COLORS[b.kind]),
          borderSkipped: false,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: {
        x: { min: 0, title: { display: true, text: "Churn probability (%)" } },
        y: { ticks: { autoSkip: false } },
      },
    },
    height: 60 + bars.length * 26,
  };
}
