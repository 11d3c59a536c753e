"use client";

import { useEffect, useRef, useState } from "react";
import { batchResultsCsv, batchResultsFileName } from "@/lib/dashboard/batch-csv";
import type { BatchFactor, BatchScoreResult } from "@/lib/dashboard/batch-types";
import { RISK_TIERS } from "@/lib/scoring/risk-tiers";
import { formatInt, formatPercent, formatUsd } from "@/lib/format";
import styles from "./batch.module.css";

/** Rows rendered in the table; the download always holds every row. */
export const TABLE_ROWS = 200;

function Factors({ list, label }: { list: BatchFactor[]; label: string }) {
  if (list.length === 0) return <span className={styles.muted}>–</span>;
  return (
    <ul className={styles.factors} aria-label={label}>
      {list.map((f) => (
        <li key={f.feature}>
          {f.feature}
          {f.value === null ? " (missing)" : ` = ${f.value}`}{" "}
          <span className={f.probabilityEffect >= 0 ? styles.up : styles.down}>
            {f.probabilityEffect >= 0 ? "+" : "−"}
            {(Math.abs(f.probabilityEffect) * 100).toFixed(1)} pts
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Summary, download and the first rows of a scored file. */
export function BatchResults({ fileName, result }: { fileName: string; result: BatchScoreResult }) {
  const s = result.summary;
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus to the results so keyboard and screen-reader users land on them after scoring.
  useEffect(() => heading.current?.focus(), [result]);

  function download() {
    try {
      const blob = new Blob([batchResultsCsv(result.rows)], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = batchResultsFileName(result.scoredAt);
      document.body.append(a);
      a.click();
      a.remove();
      // The browser has taken the file by the next task; the URL can go then.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setDownloadError(null);
    } catch (err) {
      setDownloadError(`The download could not be prepared: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  return (
    <section aria-labelledby="batch-results-title" data-testid="batch-results" className={styles.results}>
      <div className={styles.resultsHead}>
        <h2 id="batch-results-title" ref={heading} tabIndex={-1}>
          Scores for {fileName}
        </h2>
        <button type="button" className={styles.primary} onClick={download}>
          Download results (CSV)
        </button>
      </div>
      {downloadError && (
        <p className={styles.fieldError} role="alert">
          {downloadError}
        </p>
      )}
      <p className="subtitle">
        Model <code>{result.modelVersion}</code>, scored {new Date(result.scoredAt).toLocaleString("en-US")}. The CSV holds every row with probability, tier,
        lifetime value, value at risk and top factors.
      </p>
      <dl className="kpis">
        <div className="kpi">
          <dt>Rows scored</dt>
          <dd data-testid="batch-rows">{formatInt(s.rows)}</dd>
        </div>
        <div className="kpi">
          <dt>Mean withdrawal probability</dt>
          <dd data-testid="batch-mean">{formatPercent(s.meanProbability)}</dd>
        </div>
        <div className="kpi">
          <dt>Total lifetime value</dt>
          <dd data-testid="batch-clv">{formatUsd(s.totalClv)}</dd>
        </div>
        <div className="kpi">
          <dt>Total value at risk</dt>
          <dd>{formatUsd(s.totalValueAtRisk)}</dd>
        </div>
        <div className="kpi">
          <dt>By risk tier</dt>
          <dd className={styles.tierCounts}>
            {RISK_TIERS.map((t) => (
              <span key={t} className={`${styles.tier} ${styles[t]}`} data-testid={`batch-tier-${t}`}>
                {t} {formatInt(s.tiers[t])}
              </span>
            ))}
          </dd>
        </div>
      </dl>
      <div className="panel">
        <table className={styles.resultsTable} data-testid="batch-results-table">
          <caption className={styles.caption}>
            {s.rows > TABLE_ROWS ? `The first ${formatInt(TABLE_ROWS)} of ${formatInt(s.rows)} rows; download the CSV for all of them.` : `All ${formatInt(s.rows)} rows.`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Withdrawal probability</th>
              <th scope="col">Tier</th>
              <th scope="col">Lifetime value</th>
              <th scope="col">Value at risk</th>
              <th scope="col" className={styles.factorCell}>
                Raising risk
              </th>
              <th scope="col" className={styles.factorCell}>
                Lowering risk
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.slice(0, TABLE_ROWS).map((r) => (
              <tr key={r.participantId}>
                <td>{r.participantId}</td>
                <td>{formatPercent(r.churnProbability)}</td>
                <td>
                  <span className={`${styles.tier} ${styles[r.riskTier]}`}>{r.riskTier}</span>
                </td>
                <td>{formatUsd(r.clv)}</td>
                <td>{formatUsd(r.valueAtRisk)}</td>
                <td className={styles.factorCell}>
                  <Factors list={r.topRaising} label={`Factors raising ${r.participantId}'s risk`} />
                </td>
                <td className={styles.factorCell}>
                  <Factors list={r.topLowering} label={`Factors lowering ${r.participantId}'s risk`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
