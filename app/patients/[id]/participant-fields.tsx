import type { Patient } from "@/lib/db/generated/client";
import { FIELD_GROUPS, fieldLabel } from "@/lib/dashboard/patients-fields";
import { formatInt, formatNumber, formatPercent, formatUsd } from "@/lib/format";
import styles from "./patient.module.css";

const USD = new Set(["compensationPerVisitUsd", "visitValueUsd", "replacementCostUsd"]);

/** One stored field for reading: dates as days, money in dollars, shares in percent, gaps named. */
function fieldText(field: string, value: unknown): string {
  if (field === "churned") return value === true ? "Withdrew" : value === false ? "Did not withdraw" : "Not known yet";
  if (value === null || value === undefined) return "not recorded";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") {
    if (USD.has(field)) return formatUsd(value);
    if (field === "ediaryCompliance") return formatPercent(value);
    return Number.isInteger(value) ? formatInt(value) : formatNumber(value, 1);
  }
  return String(value);
}

/** The participant's stored data, grouped as a study team reads it. */
export function ParticipantFields({ patient }: { patient: Patient }) {
  const record = patient as unknown as Readonly<Record<string, unknown>>;
  return (
    <div className={styles.groups}>
      {FIELD_GROUPS.map((g) => {
        const titleId = `group-${g.title.replace(/\W+/g, "-").toLowerCase()}`;
        return (
          <section key={g.title} className={`panel ${styles.group}`} aria-labelledby={titleId}>
            <h2 id={titleId}>{g.title}</h2>
            <dl>
              {g.fields.map((f) => (
                <div key={f}>
                  <dt>{fieldLabel(f)}</dt>
                  <dd data-testid={`field-${f}`}>{fieldText(f, record[f])}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}
