import type { Metadata } from "next";
import { getPrisma } from "@/lib/db/client";
import { compactSamples } from "@/lib/dashboard/model-explanations";
import { interactionHeatmap } from "@/lib/dashboard/model-heatmap";
import { operatingPoints } from "@/lib/dashboard/model-threshold";
import { formatInt, formatNumber } from "@/lib/format";
import { CurveCharts } from "./curve-charts";
import { ExplanationPlots } from "./explanation-plots";
import { ImportanceChart } from "./importance-chart";
import { InteractionHeatmap } from "./interaction-heatmap";
import { MetricsSummary } from "./metrics-summary";
import { loadModelPage } from "./model-data";
import styles from "./model.module.css";
import { ThresholdExplorer } from "./threshold-explorer";
import { VersionsPanel } from "./versions-panel";
import { requirePageAccess } from "@/app/_lib/page-access";
import { can } from "@/lib/auth/roles";

// Versions and the served model change while the app runs (training, promotion).
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Model" };

const HEATMAP_FEATURES = 12;

export default async function ModelPage() {
  const { principal } = await requirePageAccess("aggregates:read", "/model");
  const canManage = can(principal.role, "model:train");
  const { versions, served } = await loadModelPage(getPrisma());

  if (!served) {
    return (
      <div className={styles.root}>
        <h1>Model</h1>
        <div className="empty" role="status" data-testid="no-model">
          <p>No model version is served yet, so there are no metrics or explanations to show.</p>
          <p>
            Train one with the form below (it learns from every participant with a known outcome, holding 20% out for evaluation), then promote it with
            its <strong>Promote</strong> button once it is ready. From a shell, <code>npm start</code> trains and promotes a first model when none is served,
            and <code>npm run models:promote -- &lt;version&gt;</code> serves an existing version.
          </p>
        </div>
        <VersionsPanel initial={versions} canManage={canManage} />
      </div>
    );
  }

  const { metadata: meta, explanations, problem } = served;
  const metrics = meta?.metrics ?? null;
  const points = metrics ? operatingPoints(metrics) : [];
  const topFeatures = explanations?.importance.slice(0, HEATMAP_FEATURES).map((f) => f.feature) ?? [];

  return (
    <div className={styles.root}>
      <h1>Model</h1>
      <p className="subtitle">
        Served version <strong data-testid="served-version">{served.version}</strong>
        {metrics ? (
          <>
            {" "}
            — held-out evaluation on {formatInt(metrics.n)} participants not used for training (threshold metrics at {formatNumber(metrics.atThreshold.threshold, 2)}
            ).
          </>
        ) : null}
      </p>
      {problem ? (
        <p className={`panel ${styles.error}`} role="alert">
          {problem}
        </p>
      ) : null}
      {meta ? <MetricsSummary meta={meta} /> : null}
      {metrics ? (
        <>
          <CurveCharts metrics={metrics} />
          <section className={`panel ${styles.section}`} aria-labelledby="threshold-title">
            <h2 id="threshold-title">Confusion matrix at a threshold</h2>
            <ThresholdExplorer points={points} initial={metrics.atThreshold.threshold} bestF1={metrics.bestF1?.threshold ?? null} />
          </section>
        </>
      ) : null}
      {explanations ? (
        <>
          <div className={`panels ${styles.section}`}>
            <ImportanceChart importance={explanations.importance} rows={explanations.rows} />
            <section className="panel" aria-labelledby="heatmap-title">
              <h2 id="heatmap-title">SHAP interactions</h2>
              <p className={styles.note}>
                Mean |SHAP interaction value| between pairs of the {topFeatures.length} most important features over {formatInt(explanations.interactionRows)}{" "}
                participants; darker is stronger. The diagonal (a feature&apos;s main effect) is blank.
              </p>
              <InteractionHeatmap heatmap={interactionHeatmap(explanations.interactions, topFeatures)} />
              <details>
                <summary>Strongest pairs as a table</summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Pair</th>
                      <th scope="col">Mean |interaction|</th>
                    </tr>
                  </thead>
                  <tbody>
                    {explanations.interactions.topPairs.map((p) => (
                      <tr key={p.features.join("|")}>
                        <td>{p.features.join(" × ")}</td>
                        <td>{formatNumber(p.strength, 4)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
          </div>
          <div className={`panels ${styles.section}`}>
            <ExplanationPlots samples={compactSamples(explanations)} />
          </div>
        </>
      ) : null}
      <div className={styles.section}>
        <VersionsPanel initial={versions} canManage={canManage} />
      </div>
    </div>
  );
}
