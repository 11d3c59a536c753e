import { ChartCanvas } from "@/app/_components/chart";
import type { FeatureImportance } from "@/lib/ml/explain/global-explanations";
import { formatInt } from "@/lib/format";
import styles from "./model.module.css";

/** Mean |SHAP| per feature, largest first, as horizontal bars. */
export function ImportanceChart({ importance, rows }: { importance: FeatureImportance[]; rows: number }) {
  return (
    <section className="panel" aria-labelledby="importance-title">
      <h2 id="importance-title">Global feature importance</h2>
      <p className={styles.note}>Mean |SHAP value| over {formatInt(rows)} participants: how far each feature moves the log-odds of withdrawal on average.</p>
      <ChartCanvas
        type="bar"
        testId="chart-importance"
        label={`Mean absolute SHAP value per feature; largest: ${importance
          .slice(0, 3)
          .map((f) => f.feature)
          .join(", ")}`}
        height={Math.max(300, 22 * importance.length + 70)}
        data={{
          labels: importance.map((f) => f.feature),
          datasets: [{ label: "Mean |SHAP|", data: importance.map((f) => f.meanAbsShap), backgroundColor: "rgb(31, 111, 235)", borderRadius: 2 }],
        }}
        options={{
          indexAxis: "y",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, title: { display: true, text: "Mean |SHAP value| (log-odds)" } }, y: { ticks: { autoSkip: false } } },
        }}
      />
    </section>
  );
}
