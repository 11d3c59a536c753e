"use client";

import { useId, useState, type FormEvent } from "react";
import { draftsFrom, validatePlannerDraft, type InterventionDraft, type InterventionInput, type PlannerFormErrors } from "@/lib/dashboard/planner-form";
import { fetchPlan, type PlanView } from "@/lib/dashboard/planner-query";
import { PlanResults } from "./plan-results";
import styles from "./planner.module.css";

type Status = { kind: "idle" } | { kind: "planning" } | { kind: "planned"; plan: PlanView } | { kind: "failed"; message: string };

const NO_ERRORS: PlannerFormErrors = { interventions: [] };

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className={styles.fieldError}>
      {message}
    </span>
  );
}

/** Budget and intervention catalogue editor; plans through the GraphQL planInterventions query. */
export function PlannerForm({ defaultBudget, defaults }: { defaultBudget: number; defaults: InterventionInput[] }) {
  const ids = useId();
  const [budget, setBudget] = useState(String(defaultBudget));
  const [rows, setRows] = useState<InterventionDraft[]>(() => draftsFrom(defaults));
  const [nextKey, setNextKey] = useState(defaults.length + 1);
  const [errors, setErrors] = useState<PlannerFormErrors>(NO_ERRORS);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const planning = status.kind === "planning";

  const update = (key: number, patch: Partial<InterventionDraft>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const remove = (key: number) => setRows((list) => list.filter((r) => r.key !== key));
  const add = () => {
    setRows((list) => [...list, { key: nextKey, name: "", cost: "", reduction: "" }]);
    setNextKey((k) => k + 1);
  };
  const reset = () => {
    setRows(draftsFrom(defaults));
    setNextKey(defaults.length + 1);
    setErrors(NO_ERRORS);
  };

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const checked = validatePlannerDraft({ budget, interventions: rows });
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ kind: "idle" });
      // Take keyboard users to the first field that needs fixing.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`form[data-planner] [aria-invalid="true"]`)?.focus());
      return;
    }
    setErrors(NO_ERRORS);
    setStatus({ kind: "planning" });
    const outcome = await fetchPlan(checked.budget, checked.interventions);
    setStatus(outcome.ok ? { kind: "planned", plan: outcome.plan } : { kind: "failed", message: outcome.message });
  }

  const budgetId = `${ids}-budget`;
  return (
    <>
      <form className={`panel ${styles.form}`} onSubmit={submit} noValidate data-planner aria-busy={planning}>
        <div className={styles.budget}>
          <label htmlFor={budgetId}>Budget (USD)</label>
          <input
            id={budgetId}
            name="budget"
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            aria-invalid={errors.budget !== undefined}
            aria-describedby={errors.budget ? `${budgetId}-error` : undefined}
            autoComplete="off"
          />
          <FieldError id={`${budgetId}-error`} message={errors.budget} />
        </div>

        <fieldset className={styles.catalogue}>
          <legend>Interventions</legend>
          <p className={styles.hint}>
            Cost per participant for the rest of their study, and the relative reduction of their withdrawal probability (0.15 means 15% less likely to
            withdraw). Each participant gets at most one.
          </p>
          <table className={styles.editor}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Cost per participant (USD)</th>
                <th scope="col">Relative reduction (0–1)</th>
                <th scope="col">
                  <span className={styles.visuallyHidden}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const e = errors.interventions[i] ?? {};
                const base = `${ids}-row-${r.key}`;
                const label = r.name.trim() || `intervention ${i + 1}`;
                return (
                  <tr key={r.key}>
                    <td>
                      <input
                        aria-label={`Name of intervention ${i + 1}`}
                        value={r.name}
                        onChange={(ev) => update(r.key, { name: ev.target.value })}
                        aria-invalid={e.name !== undefined}
                        aria-describedby={e.name ? `${base}-name` : undefined}
                        autoComplete="off"
                      />
                      <FieldError id={`${base}-name`} message={e.name} />
                    </td>
                    <td>
                      <input
                        aria-label={`Cost per participant of ${label}, USD`}
                        inputMode="decimal"
                        value={r.cost}
                        onChange={(ev) => update(r.key, { cost: ev.target.value })}
                        aria-invalid={e.cost !== undefined}
                        aria-describedby={e.cost ? `${base}-cost` : undefined}
                        autoComplete="off"
                      />
                      <FieldError id={`${base}-cost`} message={e.cost} />
                    </td>
                    <td>
                      <input
                        aria-label={`Relative reduction of ${label}, 0 to 1`}
                        inputMode="decimal"
                        value={r.reduction}
                        onChange={(ev) => update(r.key, { reduction: ev.target.value })}
                        aria-invalid={e.reduction !== undefined}
                        aria-describedby={e.reduction ? `${base}-reduction` : undefined}
                        autoComplete="off"
                      />
                      <FieldError id={`${base}-reduction`} message={e.reduction} />
                    </td>
                    <td>
                      <button type="button" className={styles.secondary} onClick={() => remove(r.key)} aria-label={`Remove ${label}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {errors.catalogue && (
            <p className={styles.fieldError} role="alert">
              {errors.catalogue}
            </p>
          )}
          <div className={styles.rowButtons}>
            <button type="button" className={styles.secondary} onClick={add}>
              Add intervention
            </button>
            <button type="button" className={styles.secondary} onClick={reset}>
              Restore defaults
            </button>
          </div>
        </fieldset>

        <div className={styles.actions}>
          <button type="submit" className={styles.primary} disabled={planning}>
            {planning ? "Planning…" : "Plan"}
          </button>
          <span aria-live="polite" className={styles.hint}>
            {planning ? "Planning over every scored participant…" : ""}
          </span>
        </div>
      </form>

      {status.kind === "failed" && (
        <div className={`panel ${styles.failure}`} role="alert">
          <h2>No plan</h2>
          <p>{status.message}</p>
        </div>
      )}
      {status.kind === "planned" && <PlanResults plan={status.plan} />}
    </>
  );
}
