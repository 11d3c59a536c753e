import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/app/_lib/page-access";
import { AUDIT_PAGE_SIZE, auditFilterOf, auditSearch, parseAuditParams } from "@/lib/audit/audit-params";
import { queryAuditEvents } from "@/lib/audit/audit-query";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-trail";
import { getPrisma } from "@/lib/db/client";
import { formatInt } from "@/lib/format";
import styles from "../ops.module.css";

export const metadata: Metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageAccess("audit:read", "/ops/audit");
  const { view, problems } = parseAuditParams(await searchParams);
  const result = await queryAuditEvents(getPrisma(), auditFilterOf(view), AUDIT_PAGE_SIZE, (view.page - 1) * AUDIT_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(result.totalCount / AUDIT_PAGE_SIZE));
  return (
    <>
      <h1>Audit trail</h1>
      <p className="subtitle">
        Every sign-in (failed ones too), every read, change and export of participant-level data, every import, training, promotion and key change, newest first. The
        trail is append-only: the database refuses to change or delete an entry.
      </p>
      {problems.length > 0 ? (
        <div role="alert" className={styles.problems}>
          Some filters could not be used: {problems.join("; ")}
        </div>
      ) : null}
      <form method="get" className={styles.filters} aria-label="Filter the audit trail">
        <label>
          Actor
          <input name="actor" defaultValue={view.actor} placeholder="user:alice" />
        </label>
        <label>
          Action
          <select name="action" defaultValue={view.action}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target
          <input name="target" defaultValue={view.target} placeholder="participant id, version…" />
        </label>
        <label>
          From
          <input name="from" type="date" defaultValue={view.from} />
        </label>
        <label>
          To
          <input name="to" type="date" defaultValue={view.to} />
        </label>
        <button type="submit">Filter</button>
        <a href={`/api/audit/export${auditSearch({ ...view, page: 1 })}`} data-testid="audit-export" download>
          Export CSV
        </a>
      </form>
      <p data-testid="audit-count">
        {formatInt(result.totalCount)} event{result.totalCount === 1 ? "" : "s"}; page {view.page} of {pages}.
      </p>
      {result.events.length === 0 ? (
        <div className="empty" role="status">
          No events match these filters.
        </div>
      ) : (
        <div className="panel">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Role</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Request</th>
                <th scope="col">Before → after / detail</th>
              </tr>
            </thead>
            <tbody>
              {result.events.map((e) => (
                <tr key={e.id}>
                  <td>{e.at.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td>{e.actor}</td>
                  <td>{e.role ?? "–"}</td>
                  <td>{e.action}</td>
                  <td>{e.target ?? "–"}</td>
                  <td>
                    <small>{e.requestId ?? ""}</small>
                  </td>
                  <td>
                    <small>
                      {e.before !== null || e.after !== null ? `${json(e.before)} → ${json(e.after)}` : ""}
                      {e.detail !== null ? ` ${json(e.detail).slice(0, 300)}` : ""}
                    </small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Audit pages" className={styles.filters}>
        {view.page > 1 ? <Link href={`/ops/audit${auditSearch(view, { page: view.page - 1 })}`}>← Newer</Link> : null}
        {result.hasNextPage ? <Link href={`/ops/audit${auditSearch(view, { page: view.page + 1 })}`}>Older →</Link> : null}
      </nav>
    </>
  );
}
