"use client";

import { useState, type FormEvent } from "react";
import { parseTrainForm, TRAIN_FIELDS, type TrainField } from "@/lib/dashboard/model-versions";
import { trainModel } from "./graphql-client";
import styles from "./model.module.css";

const initial = Object.fromEntries(TRAIN_FIELDS.map((f) => [f.name, String(f.defaultValue)])) as Record<TrainField, string>;

/** Starts training a new version with a few LightGBM parameters; the parent watches its status. */
export function TrainForm({ onStarted, busy }: { onStarted: (version: string) => void; busy: boolean }) {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = parseTrainForm(values);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setSubmitting(true);
    try {
      onStarted(await trainModel(parsed.params));
    } catch (err) {
      setError(`Training could not start: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className={styles.trainForm} onSubmit={submit} aria-labelledby="train-title" noValidate>
      <h3 id="train-title">Train a new version</h3>
      <p className={styles.note}>
        Trains on every participant with a known outcome (20% held out for evaluation) in a separate process. Other LightGBM parameters keep the clinical
        defaults.
      </p>
      <div className={styles.fields}>
        {TRAIN_FIELDS.map((f) => (
          <label key={f.name} className={styles.field}>
            <span>
              {f.label} <code>{f.name}</code>
            </span>
            <input
              type="number"
              name={f.name}
              inputMode={f.integer ? "numeric" : "decimal"}
              min={f.min}
              max={f.max}
              step={f.step}
              value={values[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              required
            />
          </label>
        ))}
      </div>
      <button type="submit" disabled={submitting || busy}>
        {submitting ? "Starting…" : busy ? "Training in progress…" : "Train new version"}
      </button>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
