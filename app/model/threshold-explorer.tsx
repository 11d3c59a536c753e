"use client";

import { useId, useState } from "react";
import { operatingPointFor, thresholdRates, type OperatingPoint } from "@/lib/dashboard/model-threshold";
import { formatInt, formatNumber, formatPercent } from "@/lib/format";
import styles from "./model.module.css";

function show(t: number): string {
  return formatNumber(t, 4);
}

/**
 * Confusion matrix of the held-out set at an adjustable decision threshold. The slider steps
 * through the operating points whose counts model.json determines exactly (see
 * lib/dashboard/model-threshold.ts); a typed threshold uses the point whose counts hold there, or
 * the nearest one, and says which.
 */
export function ThresholdExplorer({ points, initial, bestF1 }: { points: OperatingPoint[]; initial: number; bestF1: number | null }) {
  const id = useId();
  const [index, setIndex] = useState(() => operatingPointFor(points, initial).index);
  const [typed, setTyped] = useState(() => show(points[index].threshold));
  const [exactTyped, setExactTyped] = useState<{ value: number; exact: boolean } | null>(null);
  const point = points[index];
  const c = point.confusion;
  const r = thresholdRates(c);

  function moveTo(i: number) {
    setIndex(i);
    setTyped(show(points[i].threshold));
    setExactTyped(null);
  }

  function type(text: string) {
    setTyped(text);
    const t = Number(text);
    if (text.trim() === "" || !Number.isFinite(t) || t < 0 || t > 1) return;
    const found = operatingPointFor(points, t);
    setIndex(found.index);
    setExactTyped({ value: t, exact: found.exact });
  }

  const typedInvalid = typed.trim() === "" || !Number.isFinite(Number(typed)) || Number(typed) < 0 || Number(typed) > 1;

  return (
    <div className={styles.threshold}>
      <div className={styles.thresholdControls}>
        <label htmlFor={`${id}-range`}>Decision threshold (flag when predicted probability ≥ threshold)</label>
        <input
          id={`${id}-range`}
          type="range"
          min={0}
          max={points.length - 1}
          step={1}
          value={index}
          onChange={(e) => moveTo(Number(e.target.value))}
          aria-valuetext={`threshold ${show(point.threshold)}`}
          data-testid="threshold-range"
        />
        <div className={styles.thresholdRow}>
          <label htmlFor={`${id}-number`}>Threshold</label>
          <input
            id={`${id}-number`}
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={typed}
            onChange={(e) => type(e.target.value)}
            aria-invalid={typedInvalid}
            aria-describedby={`${id}-note`}
            data-testid="threshold-input"
          />
          <button type="button" onClick={() => type("0.5")}>
            0.5
          </button>
          {bestF1 !== null ? (
            <button type="button" onClick={() => type(String(bestF1))}>
              Best F1 ({show(bestF1)})
            </button>
          ) : null}
        </div>
        <p id={`${id}-note`} className={styles.note} aria-live="polite">
          {typedInvalid
            ? "Enter a threshold between 0 and 1."
            : exactTyped && !exactTyped.exact
              ? `The stored evaluation has no exact counts at ${typed}; showing the nearest stored operating point, ${show(point.threshold)}.`
              : `Exact held-out counts at threshold ${show(point.threshold)} (one of ${points.length} stored operating points).`}
        </p>
      </div>
      <table className={styles.confusion} data-testid="confusion-matrix">
        <caption className={styles.caption}>Held-out participants by outcome and prediction</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Flagged (predicted withdraw)</th>
            <th scope="col">Not flagged</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Withdrew</th>
            <td className={styles.good}>
              <span className={styles.cellLabel}>TP</span> <span data-testid="cm-tp">{formatInt(c.tp)}</span>
            </td>
            <td className={styles.bad}>
              <span className={styles.cellLabel}>FN</span> <span data-testid="cm-fn">{formatInt(c.fn)}</span>
            </td>
          </tr>
          <tr>
            <th scope="row">Stayed</th>
            <td className={styles.bad}>
              <span className={styles.cellLabel}>FP</span> <span data-testid="cm-fp">{formatInt(c.fp)}</span>
            </td>
            <td className={styles.good}>
              <span className={styles.cellLabel}>TN</span> <span data-testid="cm-tn">{formatInt(c.tn)}</span>
            </td>
          </tr>
        </tbody>
      </table>
      <dl className={styles.rates}>
        <div>
          <dt>Precision</dt>
          <dd data-testid="rate-precision">{formatPercent(r.precision)}</dd>
        </div>
        <div>
          <dt>Recall</dt>
          <dd data-testid="rate-recall">{formatPercent(r.recall)}</dd>
        </div>
        <div>
          <dt>F1</dt>
          <dd data-testid="rate-f1">{formatNumber(r.f1, 3)}</dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd>{formatPercent(r.accuracy)}</dd>
        </div>
        <div>
          <dt>Flagged</dt>
          <dd>{formatPercent(r.flaggedRate)}</dd>
        </div>
      </dl>
    </div>
  );
}
