import { getPrisma } from "@/lib/db/client";
import { datasetSummary, type GroupFigures } from "@/lib/data/summary/dataset-summary";
import { formatInt, formatPercent, formatNumber } from "@/lib/format";

// Figures come from the live database on every request.
export const dynamic = "force-dynamic";

function GroupTable({ caption, rows }: { caption: string; rows: GroupFigures[] }) {
  return (
    <section className="panel" aria-labelledby={`${caption.replace(/ /g, "-")}-title`}>
      <h2 id={`${caption.replace(/ /g, "-")}-title`}>By {caption}</h2>
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

export default async function OverviewPage() {
  const s = await datasetSummary(getPrisma());
  if (s.participants === 0) {
    return (
      <>
        <h1>Overview</h1>
        <div className="empty" role="status">
          No participants yet. Import a CSV with <code>npm run data:import -- participants.csv</code>, or run <code>npm start</code>{" "}
          on an empty database to load the synthetic dataset.
        </div>
      </>
    );
  }
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">Participants as of their snapshot dates, across every study in the database.</p>
      <dl className="kpis">
        <div className="kpi">
          <dt>Participants</dt>
          <dd data-testid="kpi-participants">{formatInt(s.participants)}</dd>
        </div>
        <div className="kpi">
          <dt>Studies</dt>
          <dd data-testid="kpi-studies">{formatInt(s.studies)}</dd>
        </div>
        <div className="kpi">
          <dt>Sites</dt>
          <dd data-testid="kpi-sites">{formatInt(s.sites)}</dd>
        </div>
        <div className="kpi">
          <dt>Observed withdrawal rate</dt>
          <dd data-testid="kpi-withdrawal">{s.labelled > 0 ? formatPercent(s.withdrawn / s.labelled) : "–"}</dd>
        </div>
        <div className="kpi">
          <dt>Remaining protocol visits</dt>
          <dd data-testid="kpi-visits">{formatInt(s.remainingVisits)}</dd>
        </div>
      </dl>
      <div className="panels">
        <GroupTable caption="therapeutic area" rows={s.byTherapeuticArea} />
        <GroupTable caption="phase" rows={s.byPhase} />
      </div>
    </>
  );
}
