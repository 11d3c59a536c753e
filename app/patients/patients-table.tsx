import Link from "next/link";
import type { PatientListRow } from "@/lib/dashboard/patients-query";
import { sortHref, type PatientsView, type SortKey } from "@/lib/dashboard/patients-params";
import { formatPercent, formatUsd } from "@/lib/format";
import { TierBadge } from "./tier-badge";
import styles from "./patients.module.css";

function SortHeader({ view, sort, label }: { view: PatientsView; sort: SortKey; label: string }) {
  const active = view.sort === sort;
  const ariaSort = active ? (view.dir === "asc" ? "ascending" : "descending") : undefined;
  return (
    <th scope="col" aria-sort={ariaSort}>
      <Link href={sortHref(view, sort)} className={`${styles.sortLink} ${active ? styles.sortActive : ""}`} data-testid={`sort-${sort}`}>
        {label}
        <span className={styles.arrow} aria-hidden="true">
          {active ? (view.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

/** One page of participants; each id links to the participant's page. */
export function PatientsTable({ view, rows, predictions }: { view: PatientsView; rows: PatientListRow[]; predictions: boolean }) {
  return (
    <table className={styles.table} data-testid="patients-table">
      <caption className={styles.srOnly}>Participants, sorted by {view.sort === "var" ? "value at risk" : view.sort} ({view.dir === "asc" ? "ascending" : "descending"})</caption>
      <thead>
        <tr>
          <SortHeader view={view} sort="id" label="Participant" />
          <th scope="col">Study</th>
          <th scope="col">Site</th>
          <th scope="col">Phase</th>
          {/* Without a served model there are no predictions to show or sort by. */}
          {predictions && (
            <>
              <SortHeader view={view} sort="probability" label="Churn probability" />
              <th scope="col">Risk tier</th>
              <SortHeader view={view} sort="clv" label="CLV" />
              <SortHeader view={view} sort="var" label="Value at risk" />
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ patient, prediction }) => (
          <tr key={patient.id} data-testid="patient-row" data-id={patient.id}>
            <th scope="row">
              <Link href={`/patients/${encodeURIComponent(patient.id)}`} prefetch={false}>
                {patient.id}
              </Link>
            </th>
            <td>{patient.studyId}</td>
            <td>{patient.siteId}</td>
            <td>{patient.phase}</td>
            {predictions && (
              <>
                <td data-testid="cell-probability" data-value={prediction?.churnProbability}>
                  {prediction ? formatPercent(prediction.churnProbability) : "–"}
                </td>
                <td>
                  <TierBadge tier={prediction?.riskTier ?? null} />
                </td>
                <td data-testid="cell-clv">{prediction ? formatUsd(prediction.clv) : "–"}</td>
                <td data-testid="cell-var">{prediction ? formatUsd(prediction.valueAtRisk) : "–"}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
