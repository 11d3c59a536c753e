import Link from "next/link";
import { ChartCanvas } from "@/app/_components/chart";
import { getPrisma } from "@/lib/db/client";
import type { GroupFigures } from "@/lib/data/summary/dataset-summary";
import type { HistogramBin } from "@/lib/dashboard/overview";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { auditPageRead, requirePageAccess } from "@/app/_lib/page-access";
import { isPending, overviewFigures } from "@/lib/dashboard/snapshot-refresh";
import type { RiskGroup } from "@/lib/dashboard/risk-summary";
import { formatInt, formatNumber, formatPercent, formatUsd } from "@/lib/format";

// Figures come from the live database on every request.
export const dynamic = "force-dynamic";

const TIER_COLOURS = { low: "#2e7d32", medium: "#f9a825", high: "#ef6c00", critical: "#c62828" } as const;
const TIERS = ["low", "medium", "high", "critical"] as const;

function ObservedTable({ caption, rows }: { caption: string; rows: GroupFigures[] }) {
  const id = `${caption.replace(/ /g, "-")}-title`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>By {caption}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{caption[0].toUpperCase() + caption.slice(1)}</th>
            <th scope="col">Participants</th>
            <th scope="col">Observed withdrawal</th>
            <th scope="col">Mean age</th>
            <th scope="col">Mean distance (km)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.key}</td>
              <td>{formatInt(r.participants)}</td>
              <td>{r.withdrawalRate === null ? "–" : formatPercent(r.withdrawalRate)}</td>
              <td>{formatNumber(r.meanAge, 1)}</td>
              <td>{formatNumber(r.meanDistanceKm, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Histogram({ title, bins, label, testId, format }: { title: string; bins: HistogramBin[]; label: string; testId: string; format: (b: HistogramBin) => string }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <ChartCanvas
        type="bar"
        testId={testId}
        label={label}
        data={{ labels: bins.map(format), datasets: [{ label: "Participants", data: bins.map((b) => b.count), backgroundColor: "#1f6feb", barPercentage: 1, categoryPercentage: 0.95 }] }}
        options={{ plugins: { legend: { display: false } }, scales: { y: { title: { display: true, text: "Participants" } } } }}
      />
    </section>
  );
}

function TierChart({ title, groups, testId, horizontal = false }: { title: string; groups: RiskGroup[]; testId: string; horizontal?: boolean }) {
  const axis = horizontal ? "y" : "x";
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <ChartCanvas
        type="bar"
        testId={testId}
        height={horizontal ? Math.max(280, groups.length * 16) : 280}
        label={`${title}: participants per risk tier`}
        data={{
          labels: groups.map((g) => g.key),
          datasets: TIERS.map((t) => ({ label: t, data: groups.map((g) => g[t]), backgroundColor: TIER_COLOURS[t] })),
        }}
        options={{ indexAxis: axis, scales: { x: { stacked: true }, y: { stacked: true } }, plugins: { legend: { position: "bottom" } } }}
      />
    </section>
  );
}

function EmptyOverview() {
  return (
    <>
      <h1>Overview</h1>
      <div className="empty" role="status">
        No participants yet. Import a CSV with <code>npm run data:import -- participants.csv</code>, or run <code>npm start</code> on an empty database to
        load the synthetic dataset.
      </div>
    </>
  );
}

/** Snapshot id used while no model is served: participant figures only. */
const NO_MODEL = 0;

/** A database whose figures were never computed: the first computation runs on the task worker. */
function ComputingOverview({ startedAt, version }: { startedAt: string; version: string | null }) {
  return (
    <>
      <h1>Overview</h1>
      <div className="empty" role="status" aria-live="polite" data-testid="overview-computing">
        The overview figures{version ? <> for model {version}</> : null} are being computed over every participant (started {startedAt.slice(11, 19)} UTC). With a million
        participants this takes a minute or two, once; this page updates itself when they are ready.
      </div>
      <AutoRefresh />
    </>
  );
}

export default async function OverviewPage() {
  const access = await requirePageAccess("participants:read", "/");
  const prisma = getPrisma();
  const served = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true, version: true } });
  const figures = await overviewFigures(prisma, served?.id ?? NO_MODEL);
  if (isPending(figures)) return <ComputingOverview startedAt={figures.startedAt} version={served?.version ?? null} />;
  const { data: snapshot, current } = figures;
  const { dataset: s, figures: f, probability, clv, byStudy, byPhase, bySite, candidates } = snapshot;
  if (s.participants === 0) return <EmptyOverview />;
  // The list of participants most worth acting on is participant-level data.
  if (candidates.length > 0) await auditPageRead(access, { action: "participants.list", detail: { page: "/", ids: candidates.map((c) => c.id) } });
  const scored = served !== null && f.scored > 0;
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">
        Participants as of their snapshot dates, across every study in the database
        {scored ? <>; predictions of model {served.version}.</> : "."} Figures as of {snapshot.computedAt.slice(0, 19).replace("T", " ")} UTC
        {current ? "." : ", being updated with the latest changes."}
      </p>
      <dl className="kpis">
        <div className="kpi">
          <dt>Participants</dt>
          <dd data-testid="kpi-participants">{formatInt(s.participants)}</dd>
        </div>
        <div className="kpi">
          <dt>Predicted withdrawal rate</dt>
          <dd data-testid="kpi-predicted">{scored ? formatPercent(f.predictedWithdrawalRate) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>High risk</dt>
          <dd data-testid="kpi-high">{scored ? formatInt(f.high) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Critical risk</dt>
          <dd data-testid="kpi-critical">{scored ? formatInt(f.critical) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Total lifetime value</dt>
          <dd data-testid="kpi-clv">{scored ? formatUsd(f.totalClv) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Value at risk</dt>
          <dd data-testid="kpi-var">{scored ? formatUsd(f.totalValueAtRisk) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Observed withdrawal rate</dt>
          <dd data-testid="kpi-withdrawal">{s.labelled > 0 ? formatPercent(s.withdrawn / s.labelled) : "–"}</dd>
        </div>
      </dl>
      {scored ? (
        <>
          <div className="panels">
            <Histogram title="Churn probability" bins={probability} testId="chart-probability" label="Histogram of predicted churn probability" format={(b) => `${Math.round(b.lower * 100)}–${Math.round(b.upper * 100)}%`} />
            <Histogram title="Lifetime value" bins={clv} testId="chart-clv" label="Histogram of participant lifetime value in US dollars" format={(b) => `$${formatInt(b.lower)}`} />
            <TierChart title="Risk tiers by study" groups={byStudy} testId="chart-tiers-study" />
            <TierChart title="Risk tiers by phase" groups={byPhase} testId="chart-tiers-phase" />
          </div>
          <div className="panels" style={{ marginTop: 16 }}>
            <TierChart title="Risk tiers by site" groups={bySite} testId="chart-tiers-site" horizontal />
            <section className="panel" aria-labelledby="act-title">
              <h2 id="act-title">Most worth acting on</h2>
              <p className="subtitle">High and critical risk participants with the most value at risk.</p>
              <table data-testid="action-table">
                <thead>
                  <tr>
                    <th scope="col">Participant</th>
                    <th scope="col">Study</th>
                    <th scope="col">Probability</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Value at risk</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/patients/${encodeURIComponent(c.id)}`}>{c.id}</Link>
                      </td>
                      <td>{c.studyId}</td>
                      <td>{formatPercent(c.churnProbability)}</td>
                      <td>{c.riskTier}</td>
                      <td>{formatUsd(c.valueAtRisk)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      ) : (
        <div className="empty" role="status">
          No predictions yet: train and promote a model (<code>npm run train</code>, <code>npm run models:promote</code>), then score the participants with{" "}
          <code>npm run score</code>. <code>npm start</code> does all of this on a fresh database.
        </div>
      )}
      <div className="panels" style={{ marginTop: 16 }}>
        <ObservedTable caption="therapeutic area" rows={s.byTherapeuticArea} />
        <ObservedTable caption="phase" rows={s.byPhase} />
      </div>
    </>
  );
}
