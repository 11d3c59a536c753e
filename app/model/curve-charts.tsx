import { ChartCanvas } from "@/app/_components/chart";
import { calibrationSeries, prSeries, rocSeries } from "@/lib/dashboard/model-curves";
import type { BinaryEvaluation } from "@/lib/ml/metrics/evaluate";
import { formatNumber, formatPercent } from "@/lib/format";
import styles from "./model.module.css";

const BLUE = "rgb(31, 111, 235)";
const GREY = "rgb(160, 160, 160)";
const unitAxis = (text: string) => ({ min: 0, max: 1, title: { display: true, text } });

/** ROC, precision-recall and calibration charts of the served version's held-out evaluation. */
export function CurveCharts({ metrics }: { metrics: BinaryEvaluation }) {
  const calibration = calibrationSeries(metrics.calibration);
  return (
    <div className="panels">
      <section className="panel" aria-labelledby="roc-title">
        <h2 id="roc-title">ROC curve</h2>
        <p className={styles.note}>Area under the curve {metrics.rocAuc === null ? "–" : formatNumber(metrics.rocAuc, 4)}; the dashed line is a random ranking.</p>
        <ChartCanvas
          type="scatter"
          testId="chart-roc"
          label={`ROC curve, area ${metrics.rocAuc ?? "unknown"}`}
          data={{
            datasets: [
              { label: "Model", data: rocSeries(metrics.rocCurve), showLine: true, borderColor: BLUE, backgroundColor: BLUE, pointRadius: 0, borderWidth: 2 },
              { label: "Chance", data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: GREY, pointRadius: 0, borderWidth: 1, borderDash: [4, 4] },
            ],
          }}
          options={{ scales: { x: unitAxis("False-positive rate"), y: unitAxis("True-positive rate (recall)") } }}
        />
      </section>
      <section className="panel" aria-labelledby="pr-title">
        <h2 id="pr-title">Precision-recall curve</h2>
        <p className={styles.note}>
          Average precision {metrics.averagePrecision === null ? "–" : formatNumber(metrics.averagePrecision, 4)}; the dashed line is the base rate (
          {formatPercent(metrics.positiveRate)}).
        </p>
        <ChartCanvas
          type="scatter"
          testId="chart-pr"
          label={`Precision-recall curve, average precision ${metrics.averagePrecision ?? "unknown"}`}
          data={{
            datasets: [
              { label: "Model", data: prSeries(metrics.prCurve), showLine: true, borderColor: BLUE, backgroundColor: BLUE, pointRadius: 0, borderWidth: 2 },
              {
                label: "Base rate",
                data: [{ x: 0, y: metrics.positiveRate }, { x: 1, y: metrics.positiveRate }],
                showLine: true,
                borderColor: GREY,
                pointRadius: 0,
                borderWidth: 1,
                borderDash: [4, 4],
              },
            ],
          }}
          options={{ scales: { x: unitAxis("Recall"), y: unitAxis("Precision") } }}
        />
      </section>
      <section className="panel" aria-labelledby="calibration-title">
        <h2 id="calibration-title">Calibration</h2>
        <p className={styles.note}>Mean predicted probability against the observed withdrawal rate in ten probability bins; on the diagonal is perfect.</p>
        <ChartCanvas
          type="scatter"
          testId="chart-calibration"
          label="Calibration plot: predicted against observed withdrawal rate per bin"
          data={{
            datasets: [
              { label: "Observed per bin", data: calibration, showLine: true, borderColor: BLUE, backgroundColor: BLUE, pointRadius: 4, borderWidth: 2 },
              { label: "Perfect calibration", data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: GREY, pointRadius: 0, borderWidth: 1, borderDash: [4, 4] },
            ],
          }}
          options={{ scales: { x: unitAxis("Mean predicted probability"), y: unitAxis("Observed withdrawal rate") } }}
        />
        <details>
          <summary>Bins as a table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Bin</th>
                <th scope="col">Rows</th>
                <th scope="col">Mean predicted</th>
                <th scope="col">Observed</th>
              </tr>
            </thead>
            <tbody>
              {metrics.calibration.map((b) => (
                <tr key={b.lower}>
                  <td>
                    {formatNumber(b.lower, 1)}–{formatNumber(b.upper, 1)}
                  </td>
                  <td>{b.count}</td>
                  <td>{b.meanPredicted === null ? "–" : formatPercent(b.meanPredicted)}</td>
                  <td>{b.observedRate === null ? "–" : formatPercent(b.observedRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
    </div>
  );
}
