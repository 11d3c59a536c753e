import type { ModelMetadata } from "@/lib/ml/artifacts/model-metadata";
import { formatInt, formatNumber, formatPercent } from "@/lib/format";
import { formatUtc } from "./format-date";
import styles from "./model.module.css";

function metric(x: number | null | undefined, digits = 4): string {
  return typeof x === "number" && Number.isFinite(x) ? formatNumber(x, digits) : "–";
}

/** The served version's held-out metrics and training facts as KPI tiles, with its parameters. */
export function MetricsSummary({ meta }: { meta: ModelMetadata }) {
  const m = meta.metrics;
  const t = meta.training;
  return (
    <>
      <dl className="kpis">
        <div className="kpi">
          <dt>ROC AUC</dt>
          <dd data-testid="kpi-auc">{metric(m?.rocAuc)}</dd>
        </div>
        <div className="kpi">
          <dt>Average precision</dt>
          <dd data-testid="kpi-ap">{metric(m?.averagePrecision)}</dd>
        </div>
        <div className="kpi">
          <dt>Log loss</dt>
          <dd data-testid="kpi-logloss">{metric(m?.logLoss)}</dd>
        </div>
        <div className="kpi">
          <dt>Brier score</dt>
          <dd data-testid="kpi-brier">{metric(m?.brierScore)}</dd>
        </div>
        <div className="kpi">
          <dt>Held-out positives / n</dt>
          <dd data-testid="kpi-positives">{m ? `${formatInt(m.positives)} / ${formatInt(m.n)}` : "–"}</dd>
          {m ? <dd className={styles.kpiNote}>{formatPercent(m.positiveRate)} withdrew</dd> : null}
        </div>
        <div className="kpi">
          <dt>Training rows</dt>
          <dd data-testid="kpi-train-rows">{meta.data ? formatInt(meta.data.trainRows) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Trees</dt>
          <dd data-testid="kpi-trees">{t ? formatInt(t.numTrees) : "–"}</dd>
          {t ? <dd className={styles.kpiNote}>best iteration {formatInt(t.bestIteration)}</dd> : null}
        </div>
        <div className="kpi">
          <dt>Training time</dt>
          <dd data-testid="kpi-train-time">{t ? `${formatNumber(t.seconds, 1)} s` : "–"}</dd>
        </div>
      </dl>
      {!m ? (
        <p className="empty" role="status">
          This version has no held-out evaluation (imported models, or training without a validation split): curves and the confusion matrix are not
          available.
        </p>
      ) : null}
      <details className={`panel ${styles.params}`}>
        <summary>
          Parameters of <code>{meta.version}</code> ({meta.source}, created {formatUtc(meta.createdAt)}, {meta.features.length} features)
        </summary>
        <table data-testid="parameters-table">
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(meta.parameters).map(([k, v]) => (
              <tr key={k}>
                <td>
                  <code>{k}</code>
                </td>
                <td>{String(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
