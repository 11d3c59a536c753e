/**
 * `npm run bench:soak`: a bounded soak test of the production server (scripts/serve.ts). It seeds a
 * throwaway database (participants, a trained and promoted model, every participant scored), starts
 * a throwaway redis-server and the server on free loopback ports, and runs a mixed workload at
 * `--connections` (default 32) for `--seconds` (default 120): predict (distinct inputs, so cache
 * misses and hits), predictBatch of 100, a patients page query, explain, and the dashboard pages
 * /, /patients and /model. Every `--interval` seconds (default 10) it prints requests, errors
 * (transport errors, non-2xx answers and GraphQL errors), p50/p99 latency and the server's
 * resident memory (VmRSS from /proc). Exits non-zero when any request failed.
 *
 * Rate limits do not interfere: loopback clients are not address-limited by default (README,
 * "Rate limits and security headers"). `--rows` sets the participants seeded (default 5000).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { openDb } from "../lib/db/client";
import { createApiKey } from "../lib/auth/api-keys";
import { cliPrincipal } from "../lib/auth/principal";
import { SESSION_COOKIE, sealSession } from "../lib/auth/session";
import { createUser } from "../lib/auth/users";
import { migrateDatabase } from "../lib/db/migrate";
import { writeParticipantsCsv } from "../lib/data/generator";
import { importParticipants } from "../lib/data/import/import-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { startAppServer } from "../scripts/app-server";
import { ensureBuild } from "../scripts/build-fingerprint";
import { startRedisServer } from "../tests/helpers/redis-server";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

type Input = Record<string, unknown>;

async function seed(dir: string, rows: number, sessionSecret: string): Promise<{ url: string; modelsDir: string; inputs: Input[]; ids: string[]; credentials: Record<string, string> }> {
  const url = `file:${path.join(dir, "soak.db")}`;
  const modelsDir = path.join(dir, "models");
  process.env.MODELS_DIR = modelsDir;
  await migrateDatabase(url, () => undefined);
  const csv = path.join(dir, "participants.csv");
  await writeParticipantsCsv({ rows, seed: 77 }, csv);
  const db = openDb(url);
  try {
    await importParticipants(db, { path: csv });
    const meta = await trainModel(db, { source: { path: csv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS, num_iterations: 80 }, versionPrefix: "soak" });
    await promoteVersion(db.prisma, meta.version);
    await scoreParticipants(db);
    const patients = await db.prisma.patient.findMany({ take: 2000, orderBy: { id: "asc" } });
    const inputs = patients.map(({ id: _i, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...rest }) => rest);
    // Callers as in production: an analyst API key for GraphQL, an analyst's session cookie for pages.
    const key = await createApiKey(db.prisma, cliPrincipal(), { name: "soak", role: "analyst" });
    const user = await createUser(db.prisma, cliPrincipal(), { username: "soak-analyst", role: "analyst" });
    const session = await sealSession({ uid: user.id, v: 0 }, { SESSION_SECRET: sessionSecret } as unknown as NodeJS.ProcessEnv);
    return { url, modelsDir, inputs, ids: patients.map((p) => p.id), credentials: { authorization: `Bearer ${key.token}`, cookie: `${SESSION_COOKIE}=${session}` } };
  } finally {
    await db.prisma.$disconnect();
  }
}

/** The server process's VmRSS in MiB: the largest process in the tree under `pid` (tsx runs the script in a child). */
function serverRssMiB(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let largest = 0;
  const visit = (p: number) => {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (match) largest = Math.max(largest, Number(match[1]) / 1024);
    } catch {
      // gone meanwhile
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return largest;
}

interface Interval {
  requests: number;
  errors: number;
  latencies: number[];
  rssMiB: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

async function main(): Promise<void> {
  const seconds = flag("seconds", 120);
  const connections = flag("connections", 32);
  const intervalSeconds = flag("interval", 10);
  const rows = flag("rows", 5000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-soak-"));
  const redis = await startRedisServer();
  try {
    console.error(`seeding ${rows} participants in ${dir}`);
    const sessionSecret = randomBytes(32).toString("base64url");
    const { url, modelsDir, inputs, ids, credentials } = await seed(dir, rows, sessionSecret);
    ensureBuild((m) => console.error(`build: ${m}`));
    // One key drives all the load: its limit is raised so the soak measures the server, not the limiter.
    const server = await startAppServer({ DATABASE_URL: url, MODELS_DIR: modelsDir, REDIS_URL: redis.url, SESSION_SECRET: sessionSecret, RATE_LIMIT_PER_KEY: "100000000" });
    try {
      const pid = server.process.pid;
      if (pid === undefined) throw new Error("server has no pid");
      const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
      const PREDICT = `query($input: PatientInput!) { predict(input: $input) { churnProbability riskTier clv cached } }`;
      const BATCH = `query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`;
      const PATIENTS = `{ patients(first: 50, orderBy: { field: CHURN_PROBABILITY, direction: DESC }) { totalCount edges { node { id latestPrediction { churnProbability riskTier clv } } } } }`;
      const EXPLAIN = `query($id: ID) { explain(patientId: $id) { rawScore topRaising { feature shap } } }`;
      let n = 0;
      let graphqlErrors = 0;
      const firstErrors: string[] = [];
      // GraphQL answers 200 with an `errors` list for resolver failures: those count as errors too.
      const checkGraphQL = (status: number, body: string) => {
        if (status === 200 && body.includes('"errors"')) {
          graphqlErrors++;
          if (firstErrors.length < 5) firstErrors.push(body.slice(0, 300));
        }
      };
      const post = (body: () => string) => ({
        method: "POST" as const,
        path: "/api/graphql",
        headers: { "content-type": "application/json", authorization: credentials.authorization },
        setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }),
        onResponse: checkGraphQL,
      });
      const requests = [
        // A third of the inputs vary so the cache both misses and hits.
        post(() => gql(PREDICT, { input: n % 3 === 0 ? { ...inputs[n++ % inputs.length], distanceToSiteKm: 1 + (n % 997) * 0.37 } : inputs[n++ % 200] })),
        post(() => gql(BATCH, { inputs: inputs.slice((n * 100) % 1900, ((n++ * 100) % 1900) + 100) })),
        post(() => gql(PATIENTS)),
        post(() => gql(EXPLAIN, { id: ids[n++ % ids.length] })),
        post(() => gql(PREDICT, { input: inputs[n++ % 200] })),
        { method: "GET" as const, path: "/", headers: { cookie: credentials.cookie } },
        post(() => gql(PREDICT, { input: inputs[n++ % 200] })),
        { method: "GET" as const, path: "/patients", headers: { cookie: credentials.cookie } },
        post(() => gql(EXPLAIN, { id: ids[n++ % ids.length] })),
        { method: "GET" as const, path: "/model", headers: { cookie: credentials.cookie } },
      ];
      // Warm-up: model, JIT, the first overview snapshot.
      for (const path of ["/", "/patients", "/model"]) {
        const res = await fetch(server.baseUrl + path, { headers: { cookie: credentials.cookie }, redirect: "manual" });
        if (res.status !== 200) throw new Error(`warm-up ${path} answered ${res.status}: the soak's session was not accepted`);
        await res.text();
      }

      const intervals: Interval[] = [];
      const started = Date.now();
      const current = () => {
        const index = Math.floor((Date.now() - started) / (intervalSeconds * 1000));
        while (intervals.length <= index) intervals.push({ requests: 0, errors: 0, latencies: [], rssMiB: 0 });
        return intervals[index];
      };
      let lastGraphQLErrors = 0;
      const sampler = setInterval(() => {
        const i = current();
        i.rssMiB = Math.max(i.rssMiB, serverRssMiB(pid));
        i.errors += graphqlErrors - lastGraphQLErrors;
        lastGraphQLErrors = graphqlErrors;
      }, 1000);
      const startRss = serverRssMiB(pid);
      console.log(`soak: ${connections} connections, ${seconds} s, mixed workload (predict, predictBatch 100, patients, explain, /, /patients, /model); server RSS at start ${startRss.toFixed(0)} MiB`);
      console.log(`interval | requests | req/s | errors | p50 ms | p99 ms | RSS MiB`);
      let instance!: autocannon.Instance;
      const finished = new Promise<autocannon.Result>((resolve, reject) => {
        instance = autocannon({ url: server.baseUrl, connections, duration: seconds, requests, timeout: 30 }, (err, res) => (err ? reject(err) : resolve(res)));
      });
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        const i = current();
        i.requests++;
        i.latencies.push(responseTime);
        if (statusCode < 200 || statusCode >= 300) i.errors++;
      });
      instance.on("reqError", () => {
        current().errors++;
      });
      let printed = 0;
      const print = (all: boolean) => {
        const done = all ? intervals.length : Math.floor((Date.now() - started) / (intervalSeconds * 1000));
        while (printed < done && printed < intervals.length) {
          const i = intervals[printed];
          const sorted = i.latencies.sort((a, b) => a - b);
          console.log(
            `${printed * intervalSeconds}-${(printed + 1) * intervalSeconds} s | ${i.requests} | ${(i.requests / intervalSeconds).toFixed(0)} | ${i.errors} | ${percentile(sorted, 0.5).toFixed(0)} | ${percentile(sorted, 0.99).toFixed(0)} | ${i.rssMiB.toFixed(0)}`,
          );
          printed++;
        }
      };
      const printer = setInterval(() => print(false), 500);
      const result = await finished;
      clearInterval(sampler);
      clearInterval(printer);
      // Responses that arrived after the last whole interval belong to it.
      const whole = Math.ceil(seconds / intervalSeconds);
      while (intervals.length > whole) {
        const tail = intervals.pop() as Interval;
        const last = intervals[intervals.length - 1];
        last.requests += tail.requests;
        last.errors += tail.errors;
        last.latencies.push(...tail.latencies);
        last.rssMiB = Math.max(last.rssMiB, tail.rssMiB);
      }
      if (intervals.length > 0) intervals[intervals.length - 1].errors += graphqlErrors - lastGraphQLErrors;
      print(true);
      const totalErrors = result.errors + result.timeouts + result.non2xx + graphqlErrors;
      console.log(
        `total: ${result.requests.total} requests, ${(result.requests.total / seconds).toFixed(0)} req/s, errors ${totalErrors} (transport ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, GraphQL ${graphqlErrors}), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; RSS ${startRss.toFixed(0)} -> ${serverRssMiB(pid).toFixed(0)} MiB`,
      );
      for (const e of firstErrors) console.log(`  GraphQL error: ${e}`);
      if (totalErrors > 0) process.exitCode = 1;
    } finally {
      server.stop();
    }
  } finally {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
