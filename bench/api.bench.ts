/**
 * `npm run bench:api`: autocannon against the production server (scripts/serve.ts) on a free port, backed by the
 * configured database (run `npm start` once first, so participants are loaded and scored) and a
 * throwaway redis-server. Prints requests per second and p50/p99 latency for each workload at 1
 * and 32 connections. Bounded: each run lasts `--seconds` (default 5) on loopback only.
 */
import autocannon from "autocannon";
import { startAppServer } from "../scripts/app-server";
import { ensureBuild } from "../scripts/build-fingerprint";
import { openDb } from "../lib/db/client";
import { createApiKey, revokeApiKey } from "../lib/auth/api-keys";
import { cliPrincipal } from "../lib/auth/principal";
import { migrateDatabase } from "../lib/db/migrate";
import { resolveDatabaseUrl } from "../lib/db/url";
import { startRedisServer } from "../tests/helpers/redis-server";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Workload {
  name: string;
  body: () => string;
  connections: number[];
}

async function main(): Promise<void> {
  const seconds = flag("seconds", 5);
  await migrateDatabase(resolveDatabaseUrl(), () => undefined);
  const db = openDb();
  const patients = await db.prisma.patient.findMany({ take: 10_000, orderBy: { id: "asc" } });
  // An analyst key for the run, revoked at the end (both recorded in the audit trail).
  const key = await createApiKey(db.prisma, cliPrincipal(), { name: "bench:api", role: "analyst" });
  const auth = { authorization: `Bearer ${key.token}` };
  if (patients.length < 1000) throw new Error("bench:api needs a loaded database: run npm start once first");
  const inputs = patients.map(({ id: _i, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...rest }) => rest);

  ensureBuild((m) => console.error(`build: ${m}`));
  const redis = await startRedisServer();
  // Limits stay on (their cost is part of each request) but high enough for one key at full speed.
  const server = await startAppServer({ REDIS_URL: redis.url, RATE_LIMIT_PER_KEY: "100000000" }).catch(async (err: unknown) => {
    await redis.stop();
    throw err;
  });
  const revokeKey = async () => {
    await revokeApiKey(db.prisma, cliPrincipal(), key.prefix);
    await db.prisma.$disconnect();
  };
  const url = `${server.baseUrl}/api/graphql`;
  try {
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
    await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: workloads[0].body() });
    console.log(`workload | connections | req/s | p50 ms | p99 ms | errors`);
    const only = process.argv.indexOf("--only");
    const selected = only >= 0 ? workloads.filter((w) => w.name.includes(process.argv[only + 1])) : workloads;
    for (const w of selected) {
      for (const connections of w.connections) {
        const result = await autocannon({
          url,
          method: "POST",
          headers: { "content-type": "application/json", ...auth },
          connections,
          duration: seconds,
          requests: [{ setupRequest: (req) => ({ ...req, body: w.body() }) }],
        });
        const errors = result.errors + result.non2xx;
        console.log(`${w.name} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${errors}`);
      }
    }
  } finally {
    server.stop();
    await redis.stop();
    await revokeKey();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
