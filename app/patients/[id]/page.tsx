import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { notFound } from "next/navigation";
import { createContext } from "@/graphql/context";
import { requirePageAccess } from "@/app/_lib/page-access";
import { can } from "@/lib/auth/roles";
import type { ExplanationView, PredictionView } from "@/graphql/loaders";
import type { Patient as PatientRow } from "@/lib/db/generated/client";
import { participantInput, whatIfFields } from "@/lib/dashboard/patients-fields";
import { formatNumber, formatPercent, formatUsd } from "@/lib/format";
import type { LoadedModel } from "@/lib/scoring/loaded-model";
import { TierBadge } from "../tier-badge";
import { ParticipantFields } from "./participant-fields";
import { PredictionHistory } from "./prediction-history";
import { Waterfall } from "./waterfall";
import { WhatIfPanel } from "./what-if";
import styles from "./patient.module.css";

// Predictions and explanations come from the live database and the served model on every request.
export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Participant ${decodeURIComponent((await params).id)}` };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The served model, or why there is none (a page without a model still shows the participant). */
async function servedModel(ctx: ReturnType<typeof createContext>): Promise<{ model: LoadedModel | null; problem: string | null }> {
  try {
    return { model: await ctx.served.get(), problem: null };
  } catch (err) {
    return { model: null, problem: message(err) };
  }
}

/**
 * The participant is looked up before anything is sent, outside any loading boundary, so an
 * unknown id answers with a real 404 status; the slower parts stream in behind a loading state.
 */
export default async function PatientPage({ params }: { params: Params }) {
  const id = decodeURIComponent((await params).id);
  // The API's services and per-request loaders: the page shows exactly what GraphQL would answer.
  const access = await requirePageAccess("participants:read", `/patients/${encodeURIComponent(id)}`);
  const ctx = createContext(undefined, access);
  const patient = await ctx.loaders.patient.load(id);
  if (!patient) notFound();
  await ctx.auditRead({ action: "participant.read", target: patient.id, detail: { page: "/patients/[id]" } });
  return (
    <>
      <Link href="/patients" className={styles.back}>
        ← All participants
      </Link>
      <h1>Participant {patient.id}</h1>
      <Suspense
        fallback={
          <div className="empty" role="status" aria-live="polite">
            Loading the participant&apos;s predictions and the explanation…
          </div>
        }
      >
        <ParticipantDetails ctx={ctx} patient={patient} />
      </Suspense>
    </>
  );
}

async function ParticipantDetails({ ctx, patient }: { ctx: ReturnType<typeof createContext>; patient: PatientRow }) {
  const id = patient.id;
  const [history, { model, problem: modelProblem }] = await Promise.all([ctx.loaders.predictions.load(id), servedModel(ctx)]);

  let explanation: ExplanationView | null = null;
  let explanationProblem: string | null = null;
  if (model) {
    try {
      explanation = await ctx.loaders.explanation.load(id);
    } catch (err) {
      explanationProblem = `The explanation could not be computed: ${message(err)}`;
    }
  }
  const current: PredictionView | null = model ? (history.find((p) => p.modelVersion === model.version) ?? null) : null;

  return (
    <>
      <p className="subtitle">
        {patient.studyId} · {patient.siteId} · phase {patient.phase} · {patient.therapeuticArea}
        {model ? <> · scored by the served model {model.version}</> : null}
      </p>

      {current ? (
        <dl className="kpis" aria-label="Served prediction">
          <div className="kpi">
            <dt>Churn probability</dt>
            <dd data-testid="kpi-probability">{formatPercent(current.churnProbability)}</dd>
          </div>
          <div className="kpi">
            <dt>Risk tier</dt>
            <dd>
              <TierBadge tier={current.riskTier} testId="kpi-tier" />
            </dd>
          </div>
          <div className="kpi">
            <dt>Lifetime value (CLV)</dt>
            <dd data-testid="kpi-clv">{formatUsd(current.clv)}</dd>
          </div>
          <div className="kpi">
            <dt>Value at risk</dt>
            <dd data-testid="kpi-var">{formatUsd(current.valueAtRisk)}</dd>
          </div>
          <div className="kpi">
            <dt>Expected remaining visits</dt>
            <dd data-testid="kpi-visits">
              {formatNumber(current.expectedRemainingVisits, 1)} <small>of {patient.remainingVisits}</small>
            </dd>
          </div>
        </dl>
      ) : (
        <div className={`empty ${styles.spaced}`} role="status">
          {model ? (
            <>
              The served model {model.version} has not scored this participant yet: run <code>npm run score</code>. The explanation and what-if below use the model directly.
            </>
          ) : (
            <>There is no prediction for this participant. {modelProblem}</>
          )}
        </div>
      )}

      {model && (
        <div className={styles.layout}>
          <section className="panel" aria-labelledby="why-title">
            <h2 id="why-title">Why this score</h2>
            {explanation ? (
              <Waterfall explanation={explanation} label={`SHAP waterfall: how each feature moves participant ${patient.id}'s churn probability from the average to ${formatPercent(explanation.probability)}`} testId="waterfall" />
            ) : (
              <p className="empty" role="alert">
                {explanationProblem ?? "No explanation is available for this participant."}
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="whatif-title">
            <h2 id="whatif-title">What if</h2>
            {ctx.principal && can(ctx.principal.role, "predict") ? (
              <>
                <p className={styles.note}>Change the participant&apos;s data to see how the served model&apos;s prediction would move. Nothing is saved.</p>
                <WhatIfPanel
                  fields={whatIfFields(model.metadata.features, patient)}
                  initial={participantInput(patient)}
                  baseline={current ? { churnProbability: current.churnProbability, riskTier: current.riskTier, clv: current.clv, valueAtRisk: current.valueAtRisk } : null}
                />
              </>
            ) : (
              <p className={styles.note} role="status">
                What-if analysis needs the analyst role; your role ({ctx.principal?.role}) can view participants only.
              </p>
            )}
          </section>
        </div>
      )}

      <ParticipantFields patient={patient} />
      <PredictionHistory history={history} servedVersion={model?.version ?? null} />
    </>
  );
}
