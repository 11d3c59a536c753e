"use client";

import { useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import type { BatchErrorBody, BatchScoreResult } from "@/lib/dashboard/batch-types";
import { formatInt } from "@/lib/format";
import { BatchErrors } from "./batch-errors";
import { BatchResults } from "./batch-results";
import styles from "./batch.module.css";

type State =
  | { kind: "idle" }
  | { kind: "scoring"; fileName: string }
  | { kind: "scored"; fileName: string; result: BatchScoreResult }
  | { kind: "invalid"; fileName: string; body: BatchErrorBody }
  | { kind: "failed"; message: string };

function isErrorBody(body: unknown): body is BatchErrorBody {
  return typeof body === "object" && body !== null && Array.isArray((body as BatchErrorBody).errors);
}

function messageOf(body: unknown, status: number): string {
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof error === "string" ? error : `The server answered HTTP ${status}.`;
}

/** Sends the file to POST /api/batch/score and turns the answer into a page state. */
async function scoreFile(file: File): Promise<State> {
  let res: Response;
  try {
    res = await fetch("/api/batch/score", { method: "POST", headers: { "content-type": "text/csv" }, body: file });
  } catch (err) {
    return { kind: "failed", message: `Could not reach the server: ${err instanceof Error ? err.message : String(err)}` };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy error page): reported by status below.
  }
  if (res.ok && body !== null) return { kind: "scored", fileName: file.name, result: body as BatchScoreResult };
  if (res.status === 400 && isErrorBody(body)) return { kind: "invalid", fileName: file.name, body };
  return { kind: "failed", message: messageOf(body, res.status) };
}

/** Upload form of the batch page: file choice (input or drag and drop), scoring, then errors or results. */
export function BatchScorer({ modelVersion, maxBytes, maxRows }: { modelVersion: string; maxBytes: number; maxRows: number }) {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const scoring = state.kind === "scoring";

  function choose(next: File | null) {
    setFile(next);
    setState({ kind: "idle" });
    if (next && next.size > maxBytes) setFileError(`This file is ${formatInt(next.size / 1024 / 1024)} MB; at most ${formatInt(maxBytes / 1024 / 1024)} MB can be scored at once. Split it into smaller files.`);
    else setFileError(null);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0] ?? null;
    if (dropped && input.current) {
      // Keep the input showing the dropped file, so the form reads the same either way.
      const list = new DataTransfer();
      list.items.add(dropped);
      input.current.files = list.files;
    }
    choose(dropped);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file || fileError) return;
    setState({ kind: "scoring", fileName: file.name });
    setState(await scoreFile(file));
  }

  return (
    <>
      <form className={`panel ${styles.form}`} onSubmit={submit} aria-busy={scoring}>
        <div
          className={`${styles.drop} ${dragging ? styles.dragging : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="batch-dropzone"
        >
          <label htmlFor={inputId} className={styles.label}>
            Participants CSV file
          </label>
          <input
            ref={input}
            id={inputId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={hintId}
            aria-invalid={fileError !== null}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            disabled={scoring}
          />
          <p id={hintId} className={styles.hint}>
            Choose a file or drop it here. Up to {formatInt(maxRows)} rows and {formatInt(maxBytes / 1024 / 1024)} MB; scored with model <code>{modelVersion}</code>.
          </p>
          {fileError && (
            <p className={styles.fieldError} role="alert">
              {fileError}
            </p>
          )}
        </div>
        <button type="submit" className={styles.primary} disabled={!file || fileError !== null || scoring}>
          {scoring ? "Scoring…" : "Score file"}
        </button>
      </form>

      <div aria-live="polite">
        {state.kind === "scoring" && (
          <div className={`panel ${styles.progress}`} role="status">
            <progress aria-label="Scoring progress" />
            <span>
              Validating and scoring <strong>{state.fileName}</strong>…
            </span>
          </div>
        )}
        {state.kind === "failed" && (
          <div className={`panel ${styles.failure}`} role="alert">
            <h2>The file could not be scored</h2>
            <p>{state.message}</p>
          </div>
        )}
      </div>
      {state.kind === "invalid" && <BatchErrors fileName={state.fileName} body={state.body} />}
      {state.kind === "scored" && <BatchResults fileName={state.fileName} result={state.result} />}
    </>
  );
}
