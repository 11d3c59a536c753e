import type { ChartData, ChartOptions } from "chart.js";
import type { PlanCurvePoint } from "./planner-query";

export type CurveChartData = ChartData<"line", Array<{ x: number; y: number }>>;

/**
 * The value-saved-against-budget line with a marker at the chosen budget. Plain data and options
 * (no callbacks), as ChartCanvas expects. The marker sits at the plan's own value saved, which
 * may lie a little above the curve: the plan fills leftover budget, the curve does not.
 */
export function planCurveChart(curve: readonly PlanCurvePoint[], budgetUsd: number, savedUsd: number): { data: CurveChartData; options: ChartOptions<"line"> } {
  const data: CurveChartData = {
    datasets: [
      {
        label: "Expected value saved (USD)",
        data: curve.map((p) => ({ x: p.budgetUsd, y: p.expectedValueSavedUsd })),
        borderColor: "#1f6feb",
        backgroundColor: "rgba(31, 111, 235, 0.12)",
        fill: true,
        pointRadius: 0,
        tension: 0,
      },
      {
        label: "Chosen budget",
        data: [{ x: budgetUsd, y: savedUsd }],
        borderColor: "#c0392b",
        backgroundColor: "#c0392b",
        pointRadius: 7,
        pointHoverRadius: 8,
        pointStyle: "rectRot",
        showLine: false,
      },
    ],
  };
  const options: ChartOptions<"line"> = {
    scales: {
      x: { type: "linear", min: 0, title: { display: true, text: "Budget (USD)" } },
      y: { beginAtZero: true, title: { display: true, text: "Expected value saved (USD)" } },
    },
    plugins: { legend: { position: "bottom" } },
    interaction: { mode: "nearest", intersect: false },
  };
  return { data, options };
}
