"use client";

import { useEffect, useState } from "react";
import { ChartCanvas } from "@/app/_components/chart";
import { rocSeries } from "@/lib/dashboard/model-curves";
import { compareMetrics, type MetricsLike, type VersionRow } from "@/lib/dashboard/model-versions";
import type { RocPoint } from "@/lib/ml/metrics/chartPoints";
import { formatNumber } from "@/lib/format";
import { fetchMetrics } from "./graphql-client";
import styles from "./model.module.css";

type Metrics = MetricsLike & { rocCurve?: RocPoint[] };

const COLORS = { a: "rgb(31, 111, 235)", b: "rgb(230, 0, 80)" } as const;

function signed(x: number): string {
  return `${x > 0 ? "+" : x < 0 ? "−" : "±"}${formatNumber(Math.abs(x), 4)}`;
}

function value(x: number | null, label: string): string {
  if (x === null) return "–";
  return label === "Held-out rows" ? formatNumber(x, 0) : formatNumber(x, 4);
}

/**
 * Side-by-side held-out metrics and overlaid ROC curves of two versions. Metrics (with their
 * curves) are fetched once per change of the compared versions, not with the 1 s status polling.
 */
export function CompareVersions({ versions, a, b, onChange }: { versions: VersionRow[]; a: string; b: string; onChange: (a: string, b: string) => void }) {
  const [metrics, setMetrics] = useState<Map<string, Metrics | null> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // New ready versions bring new metrics: refetch when the list or the choice changes.
  const key = `${a}\u0000${b}\u0000${versions.map((v) => v.version).join(",")}`;

  useEffect(() => {
    let live = true;
    fetchMetrics().then(
      (m) => {
        if (!live) return;
        setMetrics(m as Map<string, Metrics | null>);
        setError(null);
      },
      (err: unknown) => live && setError(`Could not load the versions' metrics: ${err instanceof Error ? err.message : String(err)}`),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const ma = metrics?.get(a) ?? null;
  const mb = metrics?.get(b) ?? null;
  const rows = compareMetrics(ma, mb);
  const options = versions.map((v) => (
    <option key={v.version} value={v.version}>
      {v.version}
      {v.served ? " (served)" : ""}
    </option>
  ));

  return (
    <section className={styles.compare} aria-labelledby="compare-title">
      <h3 id="compare-title">Compare two versions</h3>
      <div className={styles.fields}>
        <label className={styles.field}>
          <span>Version A</span>
          <select value={a} onChange={(e) => onChange(e.target.value, b)} data-testid="compare-a">
            {options}
          </select>
        </label>
        <label className={styles.field}>
          <span>Version B</span>
          <select value={b} onChange={(e) => onChange(a, e.target.value)} data-testid="compare-b">
            {options}
          </select>
        </label>
      </div>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <div className={styles.compareBody}>
        <table data-testid="compare-table">
          <caption className={styles.caption}>Held-out metrics; the better value of each row is bold.</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">B − A</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className={r.better === "a" ? styles.better : undefined}>{metrics ? value(r.a, r.label) : "…"}</td>
                <td className={r.better === "b" ? styles.better : undefined}>{metrics ? value(r.b, r.label) : "…"}</td>
                <td>{r.delta === null ? "–" : r.label === "Held-out rows" ? formatNumber(r.delta, 0) : signed(r.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ChartCanvas
          type="scatter"
          testId="compare-roc"
          label={`ROC curves of ${a} and ${b} on their held-out sets`}
          height={300}
          data={{
            datasets: [
              { label: `A: ${a}`, data: rocSeries(ma?.rocCurve), showLine: true, borderColor: COLORS.a, backgroundColor: COLORS.a, pointRadius: 0, borderWidth: 2 },
              { label: `B: ${b}`, data: rocSeries(mb?.rocCurve), showLine: true, borderColor: COLORS.b, backgroundColor: COLORS.b, pointRadius: 0, borderWidth: 2, borderDash: [6, 3] },
              { label: "Chance", data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: "rgb(160, 160, 160)", pointRadius: 0, borderWidth: 1, borderDash: [2, 4] },
            ],
          }}
          options={{
            scales: {
              x: { min: 0, max: 1, title: { display: true, text: "False-positive rate" } },
              y: { min: 0, max: 1, title: { display: true, text: "True-positive rate (recall)" } },
            },
          }}
        />
      </div>
    </section>
  );
}
