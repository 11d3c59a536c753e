"use client";

import type { Scale } from "chart.js";
import { ChartCanvas } from "@/app/_components/chart";
import { strengthColor } from "@/lib/dashboard/model-colors";
import type { Heatmap } from "@/lib/dashboard/model-heatmap";
import { formatNumber } from "@/lib/format";
import styles from "./model.module.css";

const DIAGONAL = "rgb(245, 245, 245)";

/**
 * Mean |SHAP interaction| between feature pairs as a heatmap. Chart.js has no matrix chart, so
 * each column is a dataset of a horizontal stacked bar chart: row i, column j is a segment of
 * width 1 from j to j + 1, coloured by the pair's strength. Cells fill the plot without gaps.
 */
export function InteractionHeatmap({ heatmap }: { heatmap: Heatmap }) {
  const { features, cells, max } = heatmap;
  const n = features.length;
  const at = new Map(cells.map((c) => [`${c.x},${c.y}`, c]));
  return (
    <>
      <ChartCanvas
        type="bar"
        testId="chart-heatmap"
        label={`Heatmap of mean absolute SHAP interaction between ${n} features`}
        height={Math.max(340, 30 * n + 140)}
        data={{
          labels: features,
          datasets: features.map((fx, x) => ({
            label: fx,
            data: features.map(() => 1),
            backgroundColor: features.map((_, y) => at.get(`${x},${y}`)?.color ?? DIAGONAL),
            borderColor: "rgb(255, 255, 255)",
            borderWidth: 1,
            barPercentage: 1,
            categoryPercentage: 1,
            stack: "cells",
          })),
        }}
        options={{
          indexAxis: "y",
          scales: {
            x: {
              stacked: true,
              min: 0,
              max: n,
              position: "top",
              afterBuildTicks: (axis: Scale) => {
                axis.ticks = features.map((_, i) => ({ value: i + 0.5 }));
              },
              ticks: { autoSkip: false, maxRotation: 60, minRotation: 45, callback: (v) => features[Math.floor(Number(v))] ?? "" },
              grid: { display: false },
            },
            y: { stacked: true, ticks: { autoSkip: false }, grid: { display: false } },
          },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: () => "",
                label: (ctx) => {
                  const cell = at.get(`${ctx.datasetIndex},${ctx.dataIndex}`);
                  const pair = `${features[ctx.dataIndex]} × ${features[ctx.datasetIndex]}`;
                  return cell ? `${pair}: ${cell.value.toFixed(4)}` : `${features[ctx.dataIndex]}: main effect (not an interaction)`;
                },
              },
            },
          },
        }}
      />
      <div className={styles.scale} aria-hidden="true">
        <span>0</span>
        <span className={styles.scaleBar} style={{ background: `linear-gradient(to right, ${strengthColor(0)}, ${strengthColor(0.5)}, ${strengthColor(1)})` }} />
        <span>{formatNumber(max, 3)}</span>
      </div>
    </>
  );
}
