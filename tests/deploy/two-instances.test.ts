import fs from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { importParticipants } from "@/lib/data/import/import-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "@/lib/ml/clinical-model";
import { trainModel } from "@/lib/ml/training/train-model";
import { promoteVersion } from "@/lib/ml/versions/registry";
import { createApiKey } from "@/lib/auth/api-keys";
import { cliPrincipal } from "@/lib/auth/principal";
import { startAppServer, type AppServer } from "../../scripts/app-server";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/**
 * Two production server instances (scripts/serve.ts --api-only, so no Next.js build is needed) on
 * their own ports and their own models folders (as on two hosts), sharing one database and one
 * Redis: what one caches the other hits, a promotion on one switches both, and the prediction log
 * holds every served prediction exactly once.
 */

let db: TempDb;
let redis: TestRedis;
let raw: Redis;
let a: AppServer;
let b: AppServer;
let input: Record<string, unknown>;
let inputs: Array<Record<string, unknown>>;
/** Predictions served by both instances so far: the prediction log must end with exactly these. */
let served = 0;
const V1 = "deploy-v1";
const V2 = "deploy-v2";

interface Prediction {
  churnProbability: number;
  modelVersion: string;
  cached: boolean;
}

/** An admin API key in the shared database: every instance accepts it. */
let token = "";

async function gql<T>(server: AppServer, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

async function predict(server: AppServer, participant: Record<string, unknown>): Promise<Prediction> {
  const data = await gql<{ predict: Prediction }>(server, `query($input: PatientInput!) { predict(input: $input) { churnProbability modelVersion cached } }`, { input: participant });
  served += 1;
  return data.predict;
}

async function predictBatch(server: AppServer, participants: Array<Record<string, unknown>>): Promise<Prediction[]> {
  const data = await gql<{ predictBatch: Prediction[] }>(server, `query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability modelVersion cached } }`, { inputs: participants });
  served += participants.length;
  return data.predictBatch;
}

/** SIGTERM, then wait for the exit: the server writes its pending prediction log before it goes. */
function stopGracefully(server: AppServer): Promise<number | null> {
  if (server.process.exitCode !== null) return Promise.resolve(server.process.exitCode);
  return new Promise((resolve) => {
    server.process.once("exit", (code) => resolve(code));
    server.stop();
  });
}

beforeAll(async () => {
  db = await createTempDb();
  const modelsA = path.join(db.dir, "models-a");
  const modelsB = path.join(db.dir, "models-b");
  // Versions are trained where instance A runs; B (another "host") gets them from the database.
  process.env.MODELS_DIR = modelsA;
  const csv = path.join(db.dir, "participants.csv");
  await writeParticipantsCsv({ rows: 2000, seed: 81 }, csv);
  await importParticipants(db, { path: csv });
  for (const [version, iterations] of [[V1, 60], [V2, 30]] as const) {
    await trainModel(db, { source: { path: csv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS, num_iterations: iterations }, version });
  }
  await promoteVersion(db.prisma, V1);
  token = (await createApiKey(db.prisma, cliPrincipal(), { name: "two instances", role: "admin" })).token;

  const patients = await db.prisma.patient.findMany({ orderBy: { id: "asc" }, take: 40 });
  inputs = patients.map(({ id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...fields }) => fields);
  input = inputs[0];

  redis = await startRedisServer();
  raw = new Redis(redis.url);
  // A generous Redis timeout: this test is about sharing, and a loaded machine can exceed the 50 ms default.
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: "1000" };
  [a, b] = await Promise.all([
    startAppServer({ ...env, MODELS_DIR: modelsA }, 60_000, { args: ["--api-only"] }),
    startAppServer({ ...env, MODELS_DIR: modelsB }, 60_000, { args: ["--api-only"] }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((s) => stopGracefully(s)));
  raw?.disconnect();
  await redis?.stop();
  delete process.env.MODELS_DIR;
  await db?.cleanup();
});

describe("two server instances sharing the database and Redis", () => {
  it("answer health checks and serve the promoted version, B from artefacts it read from the database", async () => {
    for (const server of [a, b]) {
      // The Redis connection is opened lazily (a health check starts it): poll as a load balancer would.
      const deadline = Date.now() + 5_000;
      let health: { status: string; servedModel: string; cache: string };
      do {
        health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as typeof health;
        if (health.cache === "ok" || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      } while (true);
      expect(health).toMatchObject({ status: "ok", servedModel: V1, cache: "ok" });
    }
    expect(fs.existsSync(path.join(db.dir, "models-b", V1, "model.onnx"))).toBe(true);
    // --api-only serves no pages.
    expect((await fetch(`${b.baseUrl}/`)).status).toBe(404);
  });

  it("a prediction cached by one instance is a hit on the other", async () => {
    const first = await predict(a, input);
    expect(first).toMatchObject({ modelVersion: V1, cached: false });
    // A writes Redis right after its response: wait until the entry is there, then ask B once.
    const deadline = Date.now() + 5_000;
    while ((await raw.keys(`retain:cache:prediction:${V1}:*`)).length === 0) {
      if (Date.now() > deadline) throw new Error("A's cache entry never reached Redis");
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await predict(b, input);
    expect(second).toEqual({ ...first, cached: true });
    const stats = await gql<{ cacheStats: { redis: { hits: number } } }>(b, `{ cacheStats { redis { hits } } }`);
    expect(stats.cacheStats.redis.hits).toBeGreaterThanOrEqual(1);
  });

  it("promoting a version on one instance switches the other within seconds", async () => {
    // B has scored with V1 (and cached it) before the promotion.
    expect((await predict(b, inputs[1])).modelVersion).toBe(V1);
    const promoted = await gql<{ promoteModel: { version: string; served: boolean } }>(a, `mutation($v: String!) { promoteModel(version: $v) { version served } }`, { v: V2 });
    expect(promoted.promoteModel).toEqual({ version: V2, served: true });
    const started = Date.now();
    let onB: Prediction;
    for (;;) {
      onB = await predict(b, inputs[1]);
      if (onB.modelVersion === V2 || Date.now() - started > 10_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const switchMs = Date.now() - started;
    expect(onB.modelVersion).toBe(V2);
    expect(onB.cached).toBe(false); // never V1's cached answer
    expect(switchMs).toBeLessThan(5_000);
    console.log(`instance B served ${V2} ${switchMs} ms after the promotion on A`);
    const onA = await predict(a, inputs[1]);
    expect(onA.modelVersion).toBe(V2);
    expect(onA.churnProbability).toBe(onB.churnProbability);
    expect(fs.existsSync(path.join(db.dir, "models-b", V2, "model.onnx"))).toBe(true);
  });

  it("every prediction served by either instance is logged exactly once", async () => {
    // Concurrent traffic on both instances, single and batched.
    await Promise.all([
      ...inputs.slice(2, 22).map((p, i) => predict(i % 2 === 0 ? a : b, p)),
      predictBatch(a, inputs.slice(0, 30)),
      predictBatch(b, inputs.slice(10, 40)),
    ]);
    expect(await Promise.all([stopGracefully(a), stopGracefully(b)])).toEqual([0, 0]);
    const rows = await db.prisma.predictionLog.count();
    const distinct = await db.prisma.predictionLog.groupBy({ by: ["entryId"], _count: true });
    expect(rows).toBe(served);
    expect(distinct).toHaveLength(served);
    expect(distinct.every((d) => d.entryId !== null && d._count === 1)).toBe(true);
    const versions = await db.prisma.predictionLog.groupBy({ by: ["modelVersion"], _count: true, orderBy: { modelVersion: "asc" } });
    expect(versions.map((v) => v.modelVersion)).toEqual([V1, V2]);
  });
});
