"use client";

import { useEffect, useMemo, useState } from "react";
import type { WhatIfField } from "@/lib/dashboard/patients-fields";
import type { ExplanationLike } from "@/lib/dashboard/patients-waterfall";
import { formatPercent, formatUsd } from "@/lib/format";
import { TierBadge } from "../tier-badge";
import { Waterfall } from "./waterfall";
import styles from "./patient.module.css";

type InputValue = string | number | boolean | null;

export interface WhatIfBaseline {
  churnProbability: number;
  riskTier: string;
  clv: number;
  valueAtRisk: number;
}

interface WhatIfResult {
  prediction: WhatIfBaseline & { expectedRemainingVisits: number };
  explanation: ExplanationLike;
}

const DEBOUNCE_MS = 250;

const QUERY = `query WhatIf($input: PatientInput!) {
  predict(input: $input) { churnProbability riskTier clv valueAtRisk expectedRemainingVisits }
  explain(input: $input) { baseProbability probability contributions { feature value shap probabilityEffect } }
}`;

/** The form keeps what was typed (numbers as text while being edited); this turns it into a PatientInput. */
function toInput(fields: readonly WhatIfField[], base: Readonly<Record<string, InputValue>>, draft: Readonly<Record<string, InputValue>>): { input: Record<string, InputValue>; problem: string | null } {
  const input: Record<string, InputValue> = { ...base };
  for (const f of fields) {
    const v = draft[f.field];
    if (f.kind !== "number") {
      input[f.field] = v;
      continue;
    }
    const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "";
    if (text === "") {
      if (!f.nullable) return { input, problem: `${f.label} is required.` };
      input[f.field] = null;
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) return { input, problem: `${f.label} must be a number.` };
    input[f.field] = n;
  }
  return { input, problem: null };
}

async function runWhatIf(input: Record<string, InputValue>, signal: AbortSignal): Promise<WhatIfResult> {
  const res = await fetch("/api/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY, variables: { input } }), signal });
  const body = (await res.json().catch(() => null)) as { data?: { predict: WhatIfResult["prediction"]; explain: ExplanationLike } | null; errors?: Array<{ message: string }> } | null;
  if (body?.errors?.length) throw new Error(body.errors[0].message);
  if (!res.ok || !body?.data) throw new Error(`The prediction service answered ${res.status}.`);
  return { prediction: body.data.predict, explanation: body.data.explain };
}

function Delta({ value, baseline, format, testId }: { value: number; baseline: number | null; format: (x: number) => string; testId: string }) {
  if (baseline === null) return null;
  const d = value - baseline;
  const same = Math.abs(d) < 1e-9;
  return (
    <span className={styles.delta} data-testid={testId}>
      {same ? "no change" : `${d > 0 ? "+" : "−"}${format(Math.abs(d))} vs stored`}
    </span>
  );
}

function FieldInput({ field, value, onChange }: { field: WhatIfField; value: InputValue; onChange: (v: InputValue) => void }) {
  const id = `whatif-${field.field}`;
  if (field.kind === "boolean") {
    return (
      <label className={styles.check} htmlFor={id}>
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {field.label}
      </label>
    );
  }
  if (field.kind === "category") {
    return (
      <label className={styles.input} htmlFor={id}>
        {field.label}
        <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className={styles.input} htmlFor={id}>
      {field.label}
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={value === null ? "" : String(value)}
        min={field.min ?? undefined}
        max={field.max ?? undefined}
        step={field.integer ? 1 : "any"}
        placeholder={field.nullable ? "missing" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * Edit any model feature and see the served model's answer: each change (debounced) asks the
 * GraphQL API for predict and explain of the edited participant, the same services as every
 * other client, and shows the result next to the stored prediction.
 */
export function WhatIfPanel({ fields, initial, baseline }: { fields: WhatIfField[]; initial: Record<string, InputValue>; baseline: WhatIfBaseline | null }) {
  const [draft, setDraft] = useState<Record<string, InputValue>>(initial);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [edited, setEdited] = useState(false);
  // What the form holds as API input, or why it cannot be sent yet (checked while typing).
  const { input, problem } = useMemo(() => toInput(fields, initial, draft), [fields, initial, draft]);

  useEffect(() => {
    if (!edited || problem) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      runWhatIf(input, controller.signal)
        .then((r) => {
          setResult(r);
          setError(null);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          setError(err instanceof Error ? err.message : String(err));
        })
        .finally(() => setBusy(false));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [edited, input, problem]);

  const change = (field: string, value: InputValue) => {
    setEdited(true);
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const reset = () => {
    setEdited(false);
    setDraft(initial);
    setResult(null);
    setError(null);
    setBusy(false);
  };

  const shown = result?.prediction ?? baseline;
  return (
    <div className={styles.whatIf}>
      <form className={styles.whatIfInputs} aria-label="What-if inputs" onSubmit={(e) => e.preventDefault()}>
        {fields.map((f) => (
          <FieldInput key={f.field} field={f} value={draft[f.field] ?? null} onChange={(v) => change(f.field, v)} />
        ))}
        <div className={styles.whatIfActions}>
          <button type="button" className={styles.button} onClick={reset}>
            Reset to stored values
          </button>
        </div>
      </form>
      <div className={styles.whatIfResult} aria-live="polite" aria-busy={busy}>
        <h3>{result ? "With your changes" : "Stored prediction"}</h3>
        {shown ? (
          <dl className={styles.whatIfFigures}>
            <div>
              <dt>Churn probability</dt>
              <dd>
                <span data-testid="whatif-probability" data-value={shown.churnProbability}>
                  {formatPercent(shown.churnProbability)}
                </span>
                {result && <Delta value={result.prediction.churnProbability} baseline={baseline?.churnProbability ?? null} format={(x) => `${(x * 100).toFixed(1)} pts`} testId="whatif-probability-delta" />}
              </dd>
            </div>
            <div>
              <dt>Risk tier</dt>
              <dd>
                <TierBadge tier={shown.riskTier} testId="whatif-tier" />
                {result && baseline && result.prediction.riskTier !== baseline.riskTier && <span className={styles.delta}>was {baseline.riskTier}</span>}
              </dd>
            </div>
            <div>
              <dt>CLV</dt>
              <dd>
                <span data-testid="whatif-clv">{formatUsd(shown.clv)}</span>
                {result && <Delta value={result.prediction.clv} baseline={baseline?.clv ?? null} format={formatUsd} testId="whatif-clv-delta" />}
              </dd>
            </div>
            <div>
              <dt>Value at risk</dt>
              <dd>
                <span>{formatUsd(shown.valueAtRisk)}</span>
                {result && <Delta value={result.prediction.valueAtRisk} baseline={baseline?.valueAtRisk ?? null} format={formatUsd} testId="whatif-var-delta" />}
              </dd>
            </div>
          </dl>
        ) : (
          <p className={styles.note}>No stored prediction from the served model: change a value to score this participant.</p>
        )}
        {busy && <p className={styles.note}>Updating…</p>}
        {(problem ?? error) && (
          <p className={styles.error} role="alert">
            {problem ?? error}
          </p>
        )}
        {result ? (
          <Waterfall explanation={result.explanation} label="What-if explanation: how each feature moves the churn probability" testId="whatif-waterfall" />
        ) : (
          <p className={styles.note}>Change any value to see the new probability, tier, CLV and explanation.</p>
        )}
      </div>
    </div>
  );
}
