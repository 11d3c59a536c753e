import type { PredictionView } from "@/graphql/loaders";
import { formatNumber, formatPercent, formatUsd } from "@/lib/format";
import { TierBadge } from "../tier-badge";
import styles from "./patient.module.css";

/** Every stored prediction of the participant, newest first, one row per model version's run. */
export function PredictionHistory({ history, servedVersion }: { history: PredictionView[]; servedVersion: string | null }) {
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">Prediction history</h2>
      {history.length === 0 ? (
        <p className="empty" role="status">
          No predictions stored yet. Score participants with <code>npm run score</code> once a model is served.
        </p>
      ) : (
        <table className={styles.history} data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">Model version</th>
              <th scope="col">Computed at (UTC)</th>
              <th scope="col">Churn probability</th>
              <th scope="col">Risk tier</th>
              <th scope="col">CLV</th>
              <th scope="col">Value at risk</th>
              <th scope="col">Expected remaining visits</th>
            </tr>
          </thead>
          <tbody>
            {history.map((p) => (
              <tr key={`${p.modelVersion}-${p.computedAt.toISOString()}`}>
                <td>
                  {p.modelVersion}
                  {p.modelVersion === servedVersion && <span className={styles.served}>served</span>}
                </td>
                <td>{p.computedAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                <td>{formatPercent(p.churnProbability)}</td>
                <td>
                  <TierBadge tier={p.riskTier} />
                </td>
                <td>{formatUsd(p.clv)}</td>
                <td>{formatUsd(p.valueAtRisk)}</td>
                <td>{formatNumber(p.expectedRemainingVisits, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
