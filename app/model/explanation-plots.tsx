"use client";

import type { Scale } from "chart.js";
import { useId, useMemo, useState } from "react";
import { ChartCanvas } from "@/app/_components/chart";
import { beeswarm, dependence, type FeatureSamples } from "@/lib/dashboard/model-explanations";
import { formatInt } from "@/lib/format";
import styles from "./model.module.css";

const BEESWARM_FEATURES = 12;

/** Ticks at the integer positions 0..n-1 only, for axes whose integers stand for names. */
function integerTicks(n: number) {
  return (axis: Scale) => {
    axis.ticks = Array.from({ length: n }, (_, i) => ({ value: i }));
  };
}

function Beeswarm({ samples }: { samples: FeatureSamples[] }) {
  const data = useMemo(() => beeswarm(samples, BEESWARM_FEATURES), [samples]);
  const n = data.features.length;
  return (
    <section className="panel" aria-labelledby="beeswarm-title">
      <h2 id="beeswarm-title">SHAP summary (beeswarm)</h2>
      <p className={styles.note}>
        One dot per sampled participant and feature, for the {n} most important features: further right raises the predicted withdrawal risk. Colour is
        the feature&apos;s own value, from low (blue) to high (red); text categories and missing values are grey.
      </p>
      <ChartCanvas
        type="scatter"
        testId="chart-beeswarm"
        label={`Beeswarm of SHAP values for the ${n} most important features`}
        height={Math.max(320, 34 * n + 90)}
        data={{
          datasets: data.groups.map((g) => ({ label: g.label, data: g.points, backgroundColor: g.color, borderColor: g.color, pointRadius: 2, pointHoverRadius: 4 })),
        }}
        options={{
          scales: {
            x: { title: { display: true, text: "SHAP value (effect on the log-odds of withdrawal)" } },
            y: {
              min: -0.6,
              max: n - 0.4,
              reverse: true,
              afterBuildTicks: integerTicks(n),
              ticks: { autoSkip: false, callback: (v) => data.features[Number(v)] ?? "" },
              grid: { display: false },
            },
          },
          plugins: {
            legend: { position: "bottom" },
            tooltip: { callbacks: { label: (ctx) => `${data.features[Math.round(ctx.parsed.y ?? 0)]}: SHAP ${(ctx.parsed.x ?? 0).toFixed(3)}` } },
          },
        }}
      />
    </section>
  );
}

function Dependence({ samples }: { samples: FeatureSamples[] }) {
  const id = useId();
  const [feature, setFeature] = useState(samples[0].feature);
  const chosen = samples.find((s) => s.feature === feature) ?? samples[0];
  const d = useMemo(() => dependence(chosen), [chosen]);
  const points = d.groups.reduce((sum, g) => sum + g.points.length, 0);
  const isCategory = d.kind === "category";
  return (
    <section className="panel" aria-labelledby="dependence-title">
      <h2 id="dependence-title">Dependence plot</h2>
      <div className={styles.thresholdRow}>
        <label htmlFor={`${id}-feature`}>Feature</label>
        <select id={`${id}-feature`} value={feature} onChange={(e) => setFeature(e.target.value)} data-testid="dependence-feature">
          {samples.map((s) => (
            <option key={s.feature} value={s.feature}>
              {s.feature}
            </option>
          ))}
        </select>
      </div>
      <p className={styles.note} data-testid="dependence-caption" aria-live="polite">
        {d.feature}&apos;s value against its SHAP value for {formatInt(points)} sampled participants
        {d.colorFeature ? `, coloured by ${d.colorFeature} (the feature it interacts with most)` : ""}.
        {d.missing > 0 ? ` ${formatInt(d.missing)} participants without a value are not shown.` : ""}
      </p>
      <ChartCanvas
        key={d.feature}
        type="scatter"
        testId="chart-dependence"
        label={`Dependence plot of ${d.feature}`}
        height={340}
        data={{
          datasets: d.groups.map((g) => ({ label: g.label, data: g.points, backgroundColor: g.color, borderColor: g.color, pointRadius: 2.5, pointHoverRadius: 4 })),
        }}
        options={{
          scales: {
            x: isCategory
              ? {
                  min: -0.5,
                  max: d.categories.length - 0.5,
                  title: { display: true, text: d.feature },
                  afterBuildTicks: integerTicks(d.categories.length),
                  ticks: { autoSkip: false, callback: (v) => d.categories[Number(v)] ?? "" },
                }
              : { title: { display: true, text: d.feature } },
            y: { title: { display: true, text: `SHAP value of ${d.feature}` } },
          },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: (ctx) => {
                  const x = ctx.parsed.x ?? 0;
                  const shown = isCategory ? d.categories[Math.round(x)] : String(x);
                  return `${ctx.dataset.label ?? ""} · ${d.feature} ${shown}: SHAP ${(ctx.parsed.y ?? 0).toFixed(3)}`;
                },
              },
            },
          },
        }}
      />
    </section>
  );
}

/** Beeswarm and dependence plots, both drawn from one copy of the sampled SHAP values. */
export function ExplanationPlots({ samples }: { samples: FeatureSamples[] }) {
  if (samples.length === 0) return null;
  return (
    <>
      <Beeswarm samples={samples} />
      <Dependence samples={samples} />
    </>
  );
}
