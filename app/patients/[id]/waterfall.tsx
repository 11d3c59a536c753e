import { ChartCanvas } from "@/app/_components/chart";
import { formatPercent } from "@/lib/format";
import { waterfallBars, waterfallChart, type ExplanationLike } from "@/lib/dashboard/patients-waterfall";
import styles from "./patient.module.css";

function signedPoints(x: number): string {
  const pts = x * 100;
  return `${pts >= 0 ? "+" : "−"}${Math.abs(pts).toFixed(1)} pts`;
}

/**
 * A SHAP waterfall chart with the same figures as a table for screen readers and exact values.
 * No client-only code: the server page and the what-if panel both render it.
 */
export function Waterfall({ explanation, label, testId }: { explanation: ExplanationLike; label: string; testId: string }) {
  const bars = waterfallBars(explanation);
  const chart = waterfallChart(bars);
  return (
    <figure className={styles.figure}>
      <ChartCanvas type="bar" data={chart.data} options={chart.options} height={chart.height} label={label} testId={testId} />
      <figcaption className={styles.legend}>
        <span className={styles.keyRaise}>Raises risk</span> <span className={styles.keyLower}>Lowers risk</span> Bars run from the average participant&apos;s probability to this participant&apos;s, largest effects first.
      </figcaption>
      <details className={styles.details}>
        <summary>Show the figures as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Effect</th>
              <th scope="col">Running probability</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.kind === "base" || b.kind === "total" ? "" : signedPoints(b.effect)}</td>
                <td>{formatPercent(b.end)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
