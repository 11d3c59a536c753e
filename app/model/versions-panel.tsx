"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { FINAL_STATUSES, type VersionRow } from "@/lib/dashboard/model-versions";
import { formatNumber } from "@/lib/format";
import { CompareVersions } from "./compare-versions";
import { formatUtc } from "./format-date";
import { fetchVersions, fetchVersionStatuses, promoteModel } from "./graphql-client";
import styles from "./model.module.css";
import { TrainForm } from "./train-form";

const POLL_MS = 1000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function defaultPair(versions: VersionRow[]): [string, string] {
  const ready = versions.filter((v) => v.status === "ready");
  const served = ready.find((v) => v.served)?.version ?? ready[0]?.version ?? "";
  const other = ready.find((v) => v.version !== served)?.version ?? served;
  return [served, other];
}

/**
 * Model versions: the list (status polled every second while any version is queued or training),
 * training a new version, comparing two versions and promoting one to serve predictions.
 */
/** `canManage`: the visitor may train and promote (admin); others see the versions only. */
export function VersionsPanel({ initial, canManage }: { initial: VersionRow[]; canManage: boolean }) {
  const router = useRouter();
  const [versions, setVersions] = useState(initial);
  const [watching, setWatching] = useState<{ version: string; startedAt: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [pair, setPair] = useState<[string, string]>(() => defaultPair(initial));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [promoting, setPromoting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const knownFinal = useRef(new Set(initial.filter((v) => FINAL_STATUSES.has(v.status)).map((v) => v.version)));

  const reload = useCallback(async () => {
    const fresh = await fetchVersions();
    knownFinal.current = new Set(fresh.filter((v) => FINAL_STATUSES.has(v.status)).map((v) => v.version));
    setVersions(fresh);
    return fresh;
  }, []);

  const active = versions.some((v) => !FINAL_STATUSES.has(v.status)) || watching !== null;

  useEffect(() => {
    if (!active) return;
    let live = true;
    const timer = setInterval(() => {
      fetchVersionStatuses().then(
        async (statuses) => {
          if (!live) return;
          setElapsed(watching ? Math.round((Date.now() - watching.startedAt) / 1000) : 0);
          // Only a version reaching a final state brings new metrics worth the larger query.
          const finished = statuses.some((s) => FINAL_STATUSES.has(s.status) && !knownFinal.current.has(s.version));
          // The watched run may have finished before the first poll (its final state already loaded).
          const watchedDone = watching !== null && statuses.some((s) => s.version === watching.version && FINAL_STATUSES.has(s.status));
          if (finished || watchedDone) {
            const fresh = await reload();
            if (!live) return;
            const done = watching ? fresh.find((v) => v.version === watching.version) : undefined;
            if (done && FINAL_STATUSES.has(done.status)) {
              setWatching(null);
              if (done.status === "ready") {
                setNotice(`Version ${done.version} is ready: ROC AUC ${done.rocAuc === null ? "–" : formatNumber(done.rocAuc, 4)}. Compare it below, then promote it to serve predictions.`);
                setPair([fresh.find((v) => v.served)?.version ?? done.version, done.version]);
              } else {
                setError(`Training version ${done.version} failed: ${done.error ?? "no reason recorded"}.`);
              }
            }
          } else {
            setVersions((old) => {
              const byVersion = new Map(old.map((v) => [v.version, v]));
              return statuses.map((s) => ({ ...s, rocAuc: byVersion.get(s.version)?.rocAuc ?? null, logLoss: byVersion.get(s.version)?.logLoss ?? null }));
            });
          }
        },
        (err: unknown) => live && setError(`Could not refresh the versions: ${message(err)}`),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [active, watching, reload]);

  async function started(version: string) {
    setError(null);
    setNotice(null);
    setElapsed(0);
    setWatching({ version, startedAt: Date.now() });
    try {
      await reload();
    } catch (err) {
      setError(`Could not refresh the versions: ${message(err)}`);
    }
  }

  async function promote(version: string) {
    setPromoting(true);
    setError(null);
    setNotice(null);
    try {
      await promoteModel(version);
      setConfirming(null);
      await reload();
      setNotice(`Version ${version} now serves predictions. Run npm run score to store its predictions for every participant.`);
      // Re-render the server parts of the page (metrics, charts) for the new served model.
      router.refresh();
    } catch (err) {
      setError(`Could not promote ${version}: ${message(err)}`);
    } finally {
      setPromoting(false);
    }
  }

  const watched = watching ? versions.find((v) => v.version === watching.version) : undefined;
  const ready = versions.filter((v) => v.status === "ready");
  const served = versions.find((v) => v.served);

  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Model versions</h2>
      <div className={styles.tableScroll}>
        <table data-testid="versions-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Source</th>
              <th scope="col">Created</th>
              <th scope="col">ROC AUC</th>
              <th scope="col">Log loss</th>
              <th scope="col">Scoring</th>
              <th scope="col">Served</th>
              <th scope="col">
                <span className={styles.visuallyHidden}>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.length === 0 ? (
              <tr>
                <td colSpan={9}>No versions yet.</td>
              </tr>
            ) : null}
            {versions.map((v) => (
              <tr key={v.version} data-testid={`version-row-${v.version}`} className={v.served ? styles.servedRow : undefined}>
                <td>
                  <code>{v.version}</code>
                </td>
                <td>
                  <span className={`${styles.status} ${styles[`status_${v.status}`] ?? ""}`} data-testid="version-status" title={v.error ?? undefined}>
                    {v.status}
                  </span>
                </td>
                <td>{v.source}</td>
                <td>{formatUtc(v.createdAt)}</td>
                <td>{v.rocAuc === null ? "–" : formatNumber(v.rocAuc, 4)}</td>
                <td>{v.logLoss === null ? "–" : formatNumber(v.logLoss, 4)}</td>
                <td>{v.scoringStatus}</td>
                <td>{v.served ? <strong data-testid="served-flag">served</strong> : ""}</td>
                <td>
                  {canManage && v.status === "ready" && !v.served ? (
                    confirming === v.version ? (
                      <span className={styles.confirm}>
                        <button type="button" onClick={() => promote(v.version)} disabled={promoting} aria-label={`Confirm: serve ${v.version}`}>
                          {promoting ? "Promoting…" : "Confirm"}
                        </button>
                        <button type="button" onClick={() => setConfirming(null)} disabled={promoting}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setConfirming(v.version)} aria-label={`Promote ${v.version}`}>
                        Promote
                      </button>
                    )
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirming ? (
        <p className={styles.note} role="status">
          Serve <code>{confirming}</code> instead of {served ? <code>{served.version}</code> : "no model"}? New predictions will come from it at once.
        </p>
      ) : null}
      <div role="status" aria-live="polite" data-testid="training-status" className={styles.status_line}>
        {watching
          ? (
            <>
              Version {watching.version}: {watched?.status ?? "queued"}
              {typeof watched?.progress === "number" && watched.status === "training" ? (
                <>
                  {" "}
                  <progress max={1} value={watched.progress} aria-label="Training progress" data-testid="training-progress" /> {Math.round(watched.progress * 100)}% of the boosting iterations
                </>
              ) : null}
              … {elapsed} s
            </>
          )
          : notice ?? ""}
      </div>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <div className={styles.versionTools}>
        {canManage ? (
          <TrainForm onStarted={started} busy={watching !== null} />
        ) : (
          <p className={styles.note}>Training and promoting versions needs the admin role.</p>
        )}
        {ready.length > 0 ? (
          <CompareVersions versions={ready} a={pair[0]} b={pair[1]} onChange={(a, b) => setPair([a, b])} />
        ) : (
          <p className={styles.note}>Comparison needs at least one ready version.</p>
        )}
      </div>
    </section>
  );
}
