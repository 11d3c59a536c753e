import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/db/client";
import { hasFilter, parsePatientsParams, patientsHref, viewFilter, viewOrder, type SearchParams } from "@/lib/dashboard/patients-params";
import { needsPredictions, patientFilterOptions, queryPatients, servedVersionRef } from "@/lib/dashboard/patients-query";
import { formatInt } from "@/lib/format";
import { auditPageRead, requirePageAccess } from "@/app/_lib/page-access";
import { auditJson } from "@/lib/audit/audit-trail";
import { FilterForm } from "../filter-form";
import { Pager } from "../pager";
import { PatientsTable } from "../patients-table";
import styles from "../patients.module.css";

export const metadata: Metadata = { title: "Participants" };

// The list reflects the live database on every request.
export const dynamic = "force-dynamic";

export default async function PatientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePageAccess("participants:read", "/patients");
  const { view, problems } = parsePatientsParams(await searchParams);
  const prisma = getPrisma();
  const [served, options] = await Promise.all([servedVersionRef(prisma), patientFilterOptions(prisma)]);

  // Without a served model there is nothing to filter or sort by risk: say so and list by id.
  if (!served && needsPredictions(viewFilter(view), viewOrder(view))) {
    problems.push("No model is served, so the risk, probability and CLV filters and sorts were ignored.");
    Object.assign(view, { tier: "", minProb: null, maxProb: null, minClv: null, maxClv: null, sort: "id", dir: "asc" });
  }
  const page = await queryPatients(prisma, served?.id ?? null, viewFilter(view), viewOrder(view), { first: view.size, offset: (view.page - 1) * view.size });
  if (page.rows.length > 0) await auditPageRead(access, { action: "participants.list", detail: auditJson({ page: "/patients", view, ids: page.rows.map((r) => r.patient.id) }) });
  const pages = Math.max(1, Math.ceil(page.totalCount / view.size));
  const filtered = hasFilter(view);

  if (page.totalCount === 0 && !filtered) {
    return (
      <>
        <h1>Participants</h1>
        <div className="empty" role="status">
          No participants yet. Import a CSV with <code>npm run data:import -- participants.csv</code>, or run <code>npm start</code> on an empty database to load the synthetic dataset.
        </div>
      </>
    );
  }

  return (
    <>
      <h1>Participants</h1>
      <p className="subtitle">
        {served ? (
          <>
            Withdrawal risk and lifetime value from the served model <strong>{served.version}</strong>. Filter, sort and page through them; the address keeps the view, so it can be shared.
          </>
        ) : (
          <>No model is served yet, so participants are listed without predictions. Train one with <code>npm run train</code> and score with <code>npm run score</code>.</>
        )}
      </p>
      {problems.length > 0 && (
        <div className={styles.problems} role="alert">
          Some of the view&apos;s settings could not be used:
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="panel" aria-labelledby="participants-title">
        <h2 id="participants-title" className={styles.srOnly}>
          Participant list
        </h2>
        <FilterForm view={view} options={options} predictions={served !== null} />
        <div className={styles.summary}>
          <span className={styles.total} data-testid="patients-total" data-count={page.totalCount}>
            {formatInt(page.totalCount)} participant{page.totalCount === 1 ? "" : "s"}
            {filtered ? " match" : ""}
          </span>
          {served && needsPredictions(viewFilter(view), viewOrder(view)) && <span className={styles.muted}>Only participants scored by {served.version} are included.</span>}
        </div>
        {page.rows.length > 0 ? (
          <>
            <PatientsTable view={view} rows={page.rows} predictions={served !== null} />
            <Pager view={view} pages={pages} />
          </>
        ) : page.totalCount === 0 ? (
          <div className="empty" role="status">
            No participants match these filters. <Link href="/patients">Clear the filters</Link>.
          </div>
        ) : (
          <div className="empty" role="status">
            Page {formatInt(view.page)} is past the last page. <Link href={patientsHref(view, { page: pages })}>Go to page {formatInt(pages)}</Link>.
          </div>
        )}
      </section>
    </>
  );
}
