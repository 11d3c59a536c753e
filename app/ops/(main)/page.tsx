import type { Metadata } from "next";
import { ChartCanvas } from "@/app/_components/chart";
import { createContext } from "@/graphql/context";
import { healthBody } from "@/lib/http/rest-service";
import { getPrisma } from "@/lib/db/client";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { driftFigures, isPending } from "@/lib/dashboard/snapshot-refresh";
import { formatInt, formatNumber, formatPercent } from "@/lib/format";
import type { DriftReport } from "@/lib/drift";
import styles from "../ops.module.css";

export const metadata: Metadata = { title: "Operations" };
// Live state of this server process and the database on every request.
export const dynamic = "force-dynamic";

const bytes = (n: number | null) => (n === null ? "–" : n >= 1024 * 1024 ? `${formatNumber(n / 1024 / 1024, 1)} MiB` : `${formatNumber(n / 1024, 1)} KiB`);
const rate = (r: number | null) => (r === null ? "–" : formatPercent(r));
const count = (n: number | null) => (n === null ? "–" : formatInt(n));

function StatusBadge({ value }: { value: string }) {
  const kind = value === "ok" || value === "stable" || value === "up" ? styles.ok : value.startsWith("disabled") ? styles.off : value === "moderate" ? styles.warn : styles.bad;
  return <span className={`${styles.badge} ${kind}`}>{value}</span>;
}

async function driftOrError(): Promise<{ report: DriftReport | null; computedAt: string | null; current: boolean; error: string | null; computingSince?: string }> {
  const prisma = getPrisma();
  const served = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true, version: true } });
  if (!served) return { report: null, computedAt: null, current: true, error: null };
  try {
    const f = await driftFigures(prisma, served);
    if (isPending(f)) return { report: null, computedAt: null, current: false, error: null, computingSince: f.startedAt };
    return { report: f.data, computedAt: f.computedAt, current: f.current, error: null };
  } catch (err) {
    return { report: null, computedAt: null, current: true, error: err instanceof Error ? err.message : String(err) };
  }
}

export default async function OpsPage() {
  const ctx = createContext();
  const [health, cache] = await Promise.all([healthBody(ctx.db, ctx.served, ctx.cache), ctx.cache.refreshStats()]);
  const { report: drift, computedAt: driftAt, current: driftCurrent, error: driftError, computingSince } = await driftOrError();
  const log = ctx.predictionLog?.stats ?? null;
  const tiers = [
    { name: "Memory (LRU)", hits: cache.memory.hits, misses: cache.memory.misses },
    { name: "Redis", hits: cache.redis.hits, misses: cache.redis.misses },
  ];
  return (
    <>
      <h1>Operations</h1>
      <p className="subtitle">Health of this server&apos;s parts, its cache, and drift of the participants since the served model was trained.</p>

      <section className="panel" aria-labelledby="health-title">
        <h2 id="health-title">Health</h2>
        <table data-testid="health-table">
          <tbody>
            <tr>
              <th scope="row">Overall</th>
              <td>
                <StatusBadge value={health.status} />
              </td>
            </tr>
            <tr>
              <th scope="row">Database</th>
              <td>
                <StatusBadge value={health.database} />
              </td>
            </tr>
            <tr>
              <th scope="row">Model</th>
              <td>
                <StatusBadge value={health.model} /> {health.servedModel ? <code>{health.servedModel}</code> : null}
              </td>
            </tr>
            <tr>
              <th scope="row">Cache</th>
              <td>
                <StatusBadge value={health.cache} />
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <div className="panels" style={{ marginTop: 16 }}>
        <section className="panel" aria-labelledby="cache-title">
          <h2 id="cache-title">Cache</h2>
          <table data-testid="cache-table">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Hits</th>
                <th scope="col">Misses</th>
                <th scope="col">Hit rate</th>
                <th scope="col">Entries</th>
                <th scope="col">Evictions</th>
                <th scope="col">Memory</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Memory (LRU)</th>
                <td>{formatInt(cache.memory.hits)}</td>
                <td>{formatInt(cache.memory.misses)}</td>
                <td>{rate(cache.memory.hitRate)}</td>
                <td>{count(cache.memory.entries)}</td>
                <td>{count(cache.memory.evictions)}</td>
                <td>{bytes(cache.memory.memoryBytes)}</td>
              </tr>
              <tr>
                <th scope="row">Redis</th>
                <td>{formatInt(cache.redis.hits)}</td>
                <td>{formatInt(cache.redis.misses)}</td>
                <td>{rate(cache.redis.hitRate)}</td>
                <td>{count(cache.redis.entries)}</td>
                <td>{count(cache.redis.evictions)}</td>
                <td>{bytes(cache.redis.memoryBytes)}</td>
              </tr>
            </tbody>
          </table>
          <dl className={styles.facts}>
            <dt>Redis connection</dt>
            <dd>
              <StatusBadge value={cache.redis.state} />
              {cache.redis.latencyMs !== null ? ` round trip ${formatNumber(cache.redis.latencyMs, 2)} ms` : null}
            </dd>
            <dt>Redis errors</dt>
            <dd>
              {formatInt(cache.redis.errors)}
              {cache.redis.lastError ? ` (last: ${cache.redis.lastError}${cache.redis.lastErrorAt ? ` at ${cache.redis.lastErrorAt}` : ""})` : ""}
            </dd>
            <dt>Writes waiting for Redis / dropped</dt>
            <dd>
              {formatInt(cache.pendingWrites)} / {formatInt(cache.droppedWrites)}
            </dd>
            <dt>Prediction log: written / waiting / failed writes</dt>
            <dd data-testid="prediction-log">{log ? `${formatInt(log.written)} / ${formatInt(log.pending)} / ${formatInt(log.failedWrites)}` : "off"}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="hits-title">
          <h2 id="hits-title">Hits and misses per tier</h2>
          <ChartCanvas
            type="bar"
            testId="chart-cache"
            label="Cache hits and misses per tier since this server started"
            data={{
              labels: tiers.map((t) => t.name),
              datasets: [
                { label: "Hits", data: tiers.map((t) => t.hits), backgroundColor: "#2e7d32" },
                { label: "Misses", data: tiers.map((t) => t.misses), backgroundColor: "#9e9e9e" },
              ],
            }}
            options={{ plugins: { legend: { position: "bottom" } } }}
          />
        </section>
      </div>

      <section className="panel" aria-labelledby="drift-title" style={{ marginTop: 16 }}>
        <h2 id="drift-title">Drift</h2>
        {driftError ? (
          <p role="alert">Drift could not be computed: {driftError}</p>
        ) : !health.servedModel ? (
          <div className="empty" role="status">
            No model is served, so there is nothing to compare with. Train and promote one (<code>npm run train</code>, <code>npm run models:promote</code>).
          </div>
        ) : computingSince ? (
          <div className="empty" role="status" aria-live="polite" data-testid="drift-computing">
            Drift of model {health.servedModel} is being computed over every participant (started {computingSince.slice(11, 19)} UTC); this section updates itself when it is ready.
            <AutoRefresh />
          </div>
        ) : !drift ? (
          <div className="empty" role="status">
            Model {health.servedModel} came without its training data (imported), so drift cannot be measured against it.
          </div>
        ) : (
          <>
            <p className="subtitle">
              Population stability index (PSI) of each feature between the training data of {health.servedModel} and the {formatInt(drift.rows)} participants in
              the database now: below 0.1 stable, 0.1-0.25 moderate, above 0.25 significant. Overall: <StatusBadge value={drift.status} /> (largest PSI{" "}
              {formatNumber(drift.maxPsi, 3)}). Computed {driftAt?.slice(0, 19).replace("T", " ")} UTC{driftCurrent ? "." : ", being updated with the latest changes."}
            </p>
            <ChartCanvas
              type="bar"
              testId="chart-drift"
              height={Math.max(280, drift.features.length * 18)}
              label="Population stability index per feature"
              data={{
                labels: drift.features.map((f) => f.name),
                datasets: [{ label: "PSI", data: drift.features.map((f) => f.psi), backgroundColor: drift.features.map((f) => (f.status === "stable" ? "#2e7d32" : f.status === "moderate" ? "#f9a825" : "#c62828")) }],
              }}
              options={{ indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: "PSI" } } } }}
            />
            <table data-testid="drift-table">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Kind</th>
                  <th scope="col">PSI</th>
                  <th scope="col">Status</th>
                  <th scope="col">Buckets (training share → now)</th>
                </tr>
              </thead>
              <tbody>
                {drift.features.map((f) => (
                  <tr key={f.name}>
                    <td>{f.name}</td>
                    <td>{f.kind}</td>
                    <td>{formatNumber(f.psi, 4)}</td>
                    <td>
                      <StatusBadge value={f.status} />
                    </td>
                    <td>
                      <details>
                        <summary>{f.buckets.length} buckets</summary>
                        <ul className={styles.buckets}>
                          {f.buckets.map((b) => (
                            <li key={b.label}>
                              {b.label}: {formatPercent(b.expected)} → {formatPercent(b.actual)}
                            </li>
                          ))}
                        </ul>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
