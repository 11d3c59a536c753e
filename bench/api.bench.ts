/**
 * `npm run bench:api`: autocannon against the production server (scripts/serve.ts) on a free port, backed by the
 * configured database (run `npm start` once first, so participants are loaded and scored) and a
 * throwaway redis-server. Prints requests per second and p50/p99 latency for each workload at 1
 * and 32 connections. Bounded: each run lasts `--seconds` (default 5) on loopback only.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { ensureBuild } from "../scripts/build-fingerprint";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { resolveDatabaseUrl } from "../lib/db/url";
import { startRedisServer } from "../tests/helpers/redis-server";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Workload {
  name: string;
  body: () => string;
  connections: number[];
}

async function main(): Promise<void> {
  const seconds = flag("seconds", 5);
  migrateDatabase(resolveDatabaseUrl(), () => undefined);
  const db = openDb();
  const patients = await db.prisma.patient.findMany({ take: 10_000, orderBy: { id: "asc" } });
  await db.prisma.$disconnect();
  if (patients.length < 1000) throw new Error("bench:api needs a loaded database: run npm start once first");
  const inputs = patients.map(({ id: _i, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...rest }) => rest);

  ensureBuild((m) => console.error(`build: ${m}`));
  const redis = await startRedisServer();
  const port = await freePort();
  const server = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, REDIS_URL: redis.url, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/api/graphql`;
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`);
    const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
    const PREDICT = `query($input: PatientInput!) { predict(input: $input) { churnProbability riskTier clv cached } }`;
    let miss = 0;
    const workloads: Workload[] = [
      { name: "predict (cache hit)", body: () => gql(PREDICT, { input: inputs[0] }), connections: [1, 32] },
      // Distinct inputs so every request misses the cache.
      { name: "predict (cache miss)", body: () => gql(PREDICT, { input: { ...inputs[miss % inputs.length], distanceToSiteKm: 1 + (miss++ % 997) * 0.37 } }), connections: [1, 32] },
      { name: "predictBatch 1,000", body: () => gql(`query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`, { inputs: inputs.slice(0, 1000) }), connections: [1, 32] },
      { name: "predictBatch 10,000", body: () => gql(`query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`, { inputs }), connections: [1] },
      { name: "patients(first: 100) + predictions", body: () => gql(`{ patients(first: 100, orderBy: { field: CHURN_PROBABILITY, direction: DESC }) { totalCount edges { node { id latestPrediction { churnProbability riskTier clv } } } } }`), connections: [1, 32] },
      { name: "explain", body: () => gql(`query($id: ID) { explain(patientId: $id) { rawScore topRaising { feature shap } } }`, { id: patients[miss++ % patients.length].id }), connections: [1, 32] },
    ];
    // Warm the model, the cache entry of the hit workload and the JIT.
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: workloads[0].body() });
    console.log(`workload | connections | req/s | p50 ms | p99 ms | errors`);
    const only = process.argv.indexOf("--only");
    const selected = only >= 0 ? workloads.filter((w) => w.name.includes(process.argv[only + 1])) : workloads;
    for (const w of selected) {
      for (const connections of w.connections) {
        const result = await autocannon({
          url,
          method: "POST",
          headers: { "content-type": "application/json" },
          connections,
          duration: seconds,
          requests: [{ setupRequest: (req) => ({ ...req, body: w.body() }) }],
        });
        const errors = result.errors + result.non2xx;
        console.log(`${w.name} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${errors}`);
      }
    }
  } finally {
    server.kill("SIGTERM");
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
