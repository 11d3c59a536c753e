import { testAccess } from "../helpers/principals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedContext, type GraphQLContext } from "@/graphql/context";
import { TwoTierCache } from "@/lib/cache";
import { createApolloServer } from "@/graphql/server";
import { createGraphQLHttpHandler } from "@/graphql/http-handler";
import { createPredictionLog } from "@/lib/scoring/prediction-log";
import { createPrisma } from "@/lib/db/client";
import type { ServedModel } from "@/lib/scoring/served-model";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let served: ServedModel;
let redis: TestRedis;
let context: GraphQLContext;
let sqlCount = 0;
/** Statements that write the audit trail (counted apart: one batched insert per request). */
let auditStatements = 0;
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  seeded = await createSeededModel(600, 8);
  await scoreParticipants(seeded.db);
  const prisma = createPrisma(seeded.db.url, {
    onQuery: (sql) => {
      if (/[`"]AuditEvent[`"]/.test(sql)) auditStatements++;
      else if (!/^\s*(BEGIN|COMMIT)/i.test(sql)) sqlCount++;
    },
  });
  redis = await startRedisServer();
  // The prediction log writes from the task worker's own connection: never in the SQL tallies.
  context = createIsolatedContext({ url: seeded.db.url, prisma }, new TwoTierCache({ redisUrl: redis.url }), createPredictionLog(seeded.db.url), testAccess());
  served = context.served;
  // The production server's GraphQL handler on a real HTTP listener. Fresh loaders per request;
  // the process-wide parts are shared, as in the app.
  const handle = createGraphQLHttpHandler(createApolloServer(), async () => ({ ...context, loaders: createIsolatedContext({ url: seeded.db.url, prisma }, context.cache).loaders }));
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await context.predictionLog?.close();
  await served.close();
  await context.cache.close();
  await redis.stop();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

interface GqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> {
  const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GqlResponse<T>;
}

type PatientsData = {
  patients: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: { id: string; latestPrediction: { churnProbability: number; riskTier: string; modelVersion: string } | null; explanation: { rawScore: number; expectedValue: number; contributions: Array<{ shap: number }> } | null } }>;
  };
};

const PAGE = `query($first: Int, $after: String, $filter: PatientFilter, $orderBy: PatientOrder) {
  patients(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id latestPrediction { churnProbability riskTier modelVersion } explanation { rawScore expectedValue contributions { shap } } } }
  }
}`;

describe("GraphQL API", () => {
  it("returns a participant with its prediction and an explanation that adds up", async () => {
    const stored = await seeded.db.prisma.prediction.findFirstOrThrow({ include: { patient: true } });
    const r = await gql<{ patient: { id: string; age: number; enrollmentDate: string; latestPrediction: { churnProbability: number; modelVersion: string }; predictions: unknown[]; explanation: { probability: number; rawScore: number; expectedValue: number; contributions: Array<{ feature: string; shap: number; probabilityEffect: number }>; topRaising: Array<{ shap: number }> } } }>(
      `query($id: ID!) { patient(id: $id) { id age enrollmentDate latestPrediction { churnProbability modelVersion } predictions { computedAt }
        explanation { probability rawScore expectedValue contributions { feature shap probabilityEffect } topRaising { shap } } } }`,
      { id: stored.patientId },
    );
    expect(r.errors).toBeUndefined();
    const p = r.data?.patient;
    expect(p?.age).toBe(stored.patient.age);
    expect(p?.enrollmentDate).toBe(stored.patient.enrollmentDate.toISOString().slice(0, 10));
    expect(p?.latestPrediction).toEqual({ churnProbability: stored.churnProbability, modelVersion: "seeded" });
    expect(p?.predictions).toHaveLength(1);
    const e = p?.explanation;
    if (!e) throw new Error("no explanation");
    expect(Math.abs(e.probability - stored.churnProbability)).toBeLessThan(1e-9);
    expect(e.expectedValue + e.contributions.reduce((s, c) => s + c.shap, 0)).toBeCloseTo(e.rawScore, 9);
    expect(e.contributions.map((c) => c.feature)).toContain("distance_to_site_km");
    expect(e.topRaising.every((c) => c.shap > 0)).toBe(true);
    expect((await gql<{ patient: null }>(`{ patient(id: "nobody") { id } }`)).data?.patient).toBeNull();
  });

  it("loads 100 participants with predictions and explanations in a constant number of SQL queries", async () => {
    sqlCount = 0;
    auditStatements = 0;
    const small = await gql<PatientsData>(PAGE, { first: 10 });
    const smallQueries = sqlCount;
    expect(auditStatements).toBe(1);
    sqlCount = 0;
    auditStatements = 0;
    const large = await gql<PatientsData>(PAGE, { first: 100 });
    expect(auditStatements).toBe(1);
    expect(large.errors).toBeUndefined();
    expect(large.data?.patients.edges).toHaveLength(100);
    expect(small.data?.patients.edges).toHaveLength(10);
    expect(sqlCount).toBe(smallQueries);
    // count + page, served version, predictions, and the served-model check: a handful, whatever the page size.
    expect(sqlCount).toBeLessThanOrEqual(8);
    for (const { node } of large.data?.patients.edges ?? []) {
      const e = node.explanation;
      expect(e && Math.abs(e.expectedValue + e.contributions.reduce((s, c) => s + c.shap, 0) - e.rawScore)).toBeLessThan(1e-9);
    }
  });

  it("filters, orders and pages through participants in SQL", async () => {
    const critical = await gql<PatientsData>(PAGE, { first: 500, filter: { riskTier: "critical" } });
    const expected = await seeded.db.prisma.prediction.count({ where: { riskTier: "critical" } });
    expect(critical.data?.patients.totalCount).toBe(expected);
    expect(critical.data?.patients.edges.every((e) => e.node.latestPrediction?.riskTier === "critical")).toBe(true);

    const ordered = await gql<PatientsData>(PAGE, { first: 50, orderBy: { field: "CHURN_PROBABILITY", direction: "DESC" } });
    const probs = ordered.data?.patients.edges.map((e) => e.node.latestPrediction?.churnProbability ?? 0) ?? [];
    expect(probs).toEqual([...probs].sort((a, b) => b - a));
    const max = await seeded.db.prisma.prediction.aggregate({ _max: { churnProbability: true } });
    expect(probs[0]).toBe(max._max.churnProbability);

    const first = await gql<PatientsData>(PAGE, { first: 20 });
    const second = await gql<PatientsData>(PAGE, { first: 20, after: first.data?.patients.pageInfo.endCursor });
    const ids1 = first.data?.patients.edges.map((e) => e.node.id) ?? [];
    const ids2 = second.data?.patients.edges.map((e) => e.node.id) ?? [];
    expect(ids2).toHaveLength(20);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
    expect(ids2[0] > ids1[ids1.length - 1]).toBe(true);

    const band = await gql<PatientsData>(PAGE, { first: 500, filter: { minProbability: 0.3, maxProbability: 0.5 } });
    expect(band.data?.patients.edges.every((e) => (e.node.latestPrediction?.churnProbability ?? 0) >= 0.3 && (e.node.latestPrediction?.churnProbability ?? 1) <= 0.5)).toBe(true);
  });

  it("rejects bad arguments with BAD_USER_INPUT naming the argument", async () => {
    const tooMany = await gql<PatientsData>(PAGE, { first: 10_000 });
    expect(tooMany.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(tooMany.errors?.[0].message).toMatch(/first must be between 0 and 500/);
    const badCursor = await gql<PatientsData>(PAGE, { first: 5, after: "garbage" });
    expect(badCursor.errors?.[0].message).toMatch(/after: "garbage" is not a cursor/);
    const badRange = await gql<PatientsData>(PAGE, { filter: { minClv: 10, maxClv: 1 } });
    expect(badRange.errors?.[0].message).toMatch(/minClv must not exceed maxClv/);
  });

  it("lists model versions, the served model and health", async () => {
    const r = await gql<{ modelVersions: Array<{ version: string; served: boolean; status: string; scoringStatus: string; metrics: { rocAuc: number } }>; servedModel: { version: string }; health: { status: string; database: string; servedModel: string } }>(
      `{ modelVersions { version served status scoringStatus metrics } servedModel { version } health { status database model servedModel } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.modelVersions).toEqual([expect.objectContaining({ version: "seeded", served: true, status: "ready", scoringStatus: "complete" })]);
    expect(r.data?.modelVersions[0].metrics.rocAuc).toBeGreaterThan(0.6);
    expect(r.data?.servedModel.version).toBe("seeded");
    expect(r.data?.health).toMatchObject({ status: "ok", database: "ok", servedModel: "seeded" });
  });

  it("predicts participants given as input, singly and in batches, and names invalid fields", async () => {
    const patient = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" } });
    const stored = await seeded.db.prisma.prediction.findFirstOrThrow({ where: { patientId: patient.id } });
    const { id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    const one = await gql<{ predict: { churnProbability: number; riskTier: string; clv: number; modelVersion: string; cached: boolean } }>(
      `query($input: PatientInput!) { predict(input: $input) { churnProbability riskTier clv modelVersion cached } }`,
      { input },
    );
    expect(one.errors).toBeUndefined();
    expect(Math.abs((one.data?.predict.churnProbability ?? 0) - stored.churnProbability)).toBeLessThan(1e-9);
    expect(one.data?.predict.clv).toBeCloseTo(stored.clv, 6);
    expect(one.data?.predict).toMatchObject({ riskTier: stored.riskTier, modelVersion: "seeded", cached: false });

    const batch = await gql<{ predictBatch: Array<{ churnProbability: number }> }>(
      `query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`,
      { inputs: [input, { ...input, distanceToSiteKm: 300 }, input] },
    );
    expect(batch.data?.predictBatch).toHaveLength(3);
    expect(batch.data?.predictBatch[0].churnProbability).toBe(batch.data?.predictBatch[2].churnProbability);

    const bad = await gql(`query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`, {
      inputs: [input, { ...input, age: 200 }, { ...input, phase: "V" }],
    });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].message).toMatch(/inputs\[1\]\.age: age must be at most 90/);
    expect(bad.errors?.[0].message).toMatch(/inputs\[2\]\.phase: phase must be one of I, II, III, IV/);
    const tooMany = await gql(`query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }`, { inputs: Array(10_001).fill(input) });
    expect(tooMany.errors?.[0].message).toMatch(/at most 10000 participants/);
  });

  it("logs every served prediction after the response, with the fingerprint of its input", async () => {
    await context.predictionLog?.flush();
    const before = await seeded.db.prisma.predictionLog.count();
    const patient = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" }, skip: 3 });
    const { id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    const Q = `query($input: PatientInput!) { predict(input: $input) { churnProbability cached inputHash } }`;
    type One = { predict: { churnProbability: number; cached: boolean; inputHash: string } };
    const first = await gql<One>(Q, { input: { ...input, bmi: 31.5 } });
    await context.cache.flush();
    // The same participant spelled with its fields in another order: the same model input.
    const again = await gql<One>(Q, { input: Object.fromEntries(Object.entries({ ...input, bmi: 31.5 }).reverse()) });
    const batch = await gql<{ predictBatch: Array<{ inputHash: string; churnProbability: number }> }>(
      `query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability inputHash } }`,
      { inputs: [{ ...input, bmi: 31.5 }, { ...input, bmi: 19 }] },
    );
    expect(again.data?.predict).toEqual({ ...first.data?.predict, cached: true });
    expect(batch.data?.predictBatch[0].inputHash).toBe(first.data?.predict.inputHash);
    expect(batch.data?.predictBatch[1].inputHash).not.toBe(first.data?.predict.inputHash);

    await context.predictionLog?.flush();
    const logged = await seeded.db.prisma.predictionLog.findMany({ orderBy: { id: "asc" }, skip: before });
    expect(logged.map((l) => [l.source, l.cached, l.inputHash, l.modelVersion])).toEqual([
      ["predict", false, first.data?.predict.inputHash, "seeded"],
      ["predict", true, first.data?.predict.inputHash, "seeded"],
      ["predictBatch", false, first.data?.predict.inputHash, "seeded"],
      ["predictBatch", false, batch.data?.predictBatch[1].inputHash, "seeded"],
    ]);
    expect(logged[3].churnProbability).toBe(batch.data?.predictBatch[1].churnProbability);
  });

  it("explains a stored participant or an input, and needs exactly one of them", async () => {
    const patient = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "desc" } });
    const { id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    const Q = `query($id: ID, $input: PatientInput) { explain(patientId: $id, input: $input) { rawScore expectedValue probability contributions { feature shap } } }`;
    const byId = await gql<{ explain: { rawScore: number; contributions: Array<{ shap: number }> } }>(Q, { id });
    const byInput = await gql<{ explain: { rawScore: number; contributions: Array<{ shap: number }> } }>(Q, { input });
    expect(byId.errors).toBeUndefined();
    expect(byInput.data?.explain.rawScore).toBeCloseTo(byId.data?.explain.rawScore ?? Number.NaN, 12);
    expect((await gql(Q, {})).errors?.[0].message).toMatch(/exactly one of patientId or input/);
    expect((await gql(Q, { id: "nobody" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("summarises risk by group in SQL and plans within budget", async () => {
    const r = await gql<{ riskSummary: Array<{ key: string; participants: number; low: number; medium: number; high: number; critical: number; totalClv: number }> }>(
      `{ riskSummary(groupBy: PHASE) { key participants low medium high critical totalClv } }`,
    );
    const rows = r.data?.riskSummary ?? [];
    expect(rows.reduce((s, g) => s + g.participants, 0)).toBe(600);
    for (const g of rows) expect(g.low + g.medium + g.high + g.critical).toBe(g.participants);
    const clv = await seeded.db.prisma.prediction.aggregate({ _sum: { clv: true } });
    expect(rows.reduce((s, g) => s + g.totalClv, 0)).toBeCloseTo(clv._sum.clv ?? 0, 3);

    const plan = await gql<{ planInterventions: { totalCostUsd: number; expectedValueSavedUsd: number; assignmentCount: number; assignments: Array<{ participantId: string }>; curve: Array<{ budgetUsd: number }> } }>(
      `{ planInterventions(budget: 5000) { totalCostUsd expectedValueSavedUsd assignmentCount assignments(first: 5) { participantId } curve { budgetUsd } } }`,
    );
    expect(plan.errors).toBeUndefined();
    expect(plan.data?.planInterventions.totalCostUsd).toBeLessThanOrEqual(5000);
    expect(plan.data?.planInterventions.assignments.length).toBeLessThanOrEqual(5);
    expect(plan.data?.planInterventions.curve.length).toBeGreaterThan(2);
    const neg = await gql(`{ planInterventions(budget: -1) { totalCostUsd } }`);
    expect(neg.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const badEffect = await gql(`{ planInterventions(budget: 100, interventions: [{ name: "x", costUsd: 10, relativeReduction: 1.5 }]) { totalCostUsd } }`);
    expect(badEffect.errors?.[0].message).toMatch(/relativeReduction/);

    const drift = await gql<{ drift: { status: string; features: Array<{ name: string; psi: number }> } }>(`{ drift { status maxPsi features { name psi status } } }`);
    expect(drift.data?.drift.status).toBe("stable");
  });

  it("imports participants all-or-nothing, scores them, and refuses bad promotions", async () => {
    const before = await seeded.db.prisma.patient.count();
    const header = "participant_id,study_id,site_id,therapeutic_area,phase,arm,enrollment_date,snapshot_date,age,sex,bmi,comorbidities,employment_status,has_caregiver,distance_to_site_km,months_enrolled,planned_duration_months,visits_completed,visits_missed,days_since_last_visit,adverse_events,serious_adverse_event,satisfaction_score,ediary_compliance,coordinator_contacts_per_month,compensation_per_visit_usd,remaining_visits,visit_value_usd,replacement_cost_usd,churned";
    const good = "X1,STU-001,SITE-01,oncology,II,treatment,2025-01-01,2025-06-01,55,female,26,1,employed,0,20,5,18,6,0,10,1,0,7,0.9,2,100,12,1500,19500,";
    const bad = await gql<{ importPatients: { imported: number; errorCount: number; errors: Array<{ line: number; column: string }> } }>(
      `mutation($csv: String!) { importPatients(csv: $csv) { imported errorCount errors { line column message } } }`,
      { csv: `${header}\n${good}\n${good.replace("X1", "X2").replace(",55,", ",sixty,")}\n` },
    );
    expect(bad.data?.importPatients).toMatchObject({ imported: 0, errorCount: 1, errors: [expect.objectContaining({ line: 3, column: "age" })] });
    expect(await seeded.db.prisma.patient.count()).toBe(before);

    const ok = await gql<{ importPatients: { imported: number } }>(`mutation($csv: String!) { importPatients(csv: $csv) { imported } }`, { csv: `${header}\n${good}\n` });
    expect(ok.data?.importPatients.imported).toBe(1);
    const scored = await gql<{ scorePatients: { scored: number; total: number } }>(`mutation { scorePatients { scored total } }`);
    expect(scored.data?.scorePatients).toEqual({ scored: 1, total: before + 1 });

    const refused = await gql(`mutation { promoteModel(version: "nope") { version } }`);
    expect(refused.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0].message).toMatch(/Unknown model version "nope"/);
    const promoted = await gql<{ promoteModel: { version: string; served: boolean } }>(`mutation { promoteModel(version: "seeded") { version served } }`);
    expect(promoted.data?.promoteModel).toEqual({ version: "seeded", served: true });
  });

  it("applies the query limits on the endpoint (rules themselves: limits.test.ts)", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: health { status }`).join(" ");
    expect((await gql(`{ ${aliases} }`)).errors?.[0].message).toMatch(/31 aliases, the limit is 30/);
    const costly = await gql(`{ patients(first: 500) { edges { node { predictions { modelVersion computedAt churnProbability clv valueAtRisk riskTier expectedRemainingVisits cached } explanation { contributions { feature shap value probabilityEffect } topRaising { feature } topLowering { feature } } } } } }`);
    expect(costly.errors).toBeUndefined();
    const tooLong = `{ ${Array.from({ length: 3000 }, () => "health { status }").join(" ")} }`;
    const long = await gql(tooLong);
    expect(long.errors?.[0].message).toMatch(/token limit|tokens/i);
  });

  it("lets concurrent predict requests share model calls", async () => {
    const patient = await seeded.db.prisma.patient.findFirstOrThrow();
    const { id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    // Forty separate requests, each with its own context, run by one Apollo server at once.
    const apollo = createApolloServer();
    await apollo.start();
    const shared = createIsolatedContext(seeded.db, new TwoTierCache(), null, testAccess());
    const before = { ...shared.predictor.batchStats };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        apollo.executeOperation({ query: `query($input: PatientInput!) { predict(input: $input) { churnProbability } }`, variables: { input: { ...input, age: 20 + i } } }, { contextValue: { ...shared, loaders: createIsolatedContext(seeded.db).loaders } }),
      ),
    );
    await apollo.stop();
    await shared.served.close();
    expect(results.every((r) => r.body.kind === "single" && r.body.singleResult.errors === undefined)).toBe(true);
    expect(shared.predictor.batchStats.items - before.items).toBe(40);
    expect(shared.predictor.batchStats.batches - before.batches).toBeLessThanOrEqual(2);
  });

  it("serves repeated predictions from the cache, and keeps answering while Redis is down", async () => {
    const patient = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "desc" } });
    const { id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    const Q = `query($input: PatientInput!) { predict(input: $input) { churnProbability cached } }`;
    const cold = await gql<{ predict: { churnProbability: number; cached: boolean } }>(Q, { input: { ...input, age: 77 } });
    await context.cache.flush();
    const warm = await gql<{ predict: { churnProbability: number; cached: boolean } }>(Q, { input: { ...input, age: 77 } });
    expect(cold.data?.predict.cached).toBe(false);
    expect(warm.data?.predict).toEqual({ churnProbability: cold.data?.predict.churnProbability, cached: true });

    // A second instance (empty memory tier) finds it in Redis.
    const other = new TwoTierCache({ redisUrl: redis.url });
    const { cacheKey } = await import("@/lib/cache");
    const hit = await other.get(cacheKey("prediction", "seeded", { ...input, age: 77 }));
    expect(hit?.tier).toBe("redis");
    await other.close();

    await redis.stop();
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => gql<{ predict: { cached: boolean } }>(Q, { input: { ...input, age: 30 + i } })));
    expect(during.every((r) => r.errors === undefined)).toBe(true);
    const stats = await gql<{ cacheStats: { redis: { state: string } }; health: { cache: string } }>(`{ cacheStats { redis { state } } health { cache } }`);
    expect(stats.data?.cacheStats.redis.state).toBe("down");
    expect(stats.data?.health.cache).toBe("degraded");

    await redis.restart();
    for (let i = 0; i < 50 && context.cache.health() !== "ok"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(context.cache.health()).toBe("ok");
    const after = await gql<{ predict: { cached: boolean } }>(Q, { input: { ...input, age: 30 } });
    expect(after.data?.predict.cached).toBe(true);
  });

  it("reports cache statistics and clears the cache", async () => {
    const r = await gql<{ cacheStats: { memory: { hits: number; entries: number }; pendingWrites: number } }>(`{ cacheStats { memory { hits misses hitRate entries evictions memoryBytes } redis { state latencyMs lastError } pendingWrites droppedWrites } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.cacheStats.memory.hits).toBeGreaterThan(0);
    const cleared = await gql<{ clearCache: boolean }>(`mutation { clearCache }`);
    expect(cleared.data?.clearCache).toBe(true);
    const after = await gql<{ cacheStats: { memory: { entries: number } } }>(`{ cacheStats { memory { entries } } }`);
    expect(after.data?.cacheStats.memory.entries).toBe(0);
  });

  it("trains a model in the background and reports its progress through modelVersions", async () => {
    const bad = await gql(`mutation { trainModel(params: { num_leaves: 1 }) }`);
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].message).toMatch(/num_leaves/);

    const started = await gql<{ trainModel: string }>(`mutation { trainModel(params: { num_iterations: 10, num_leaves: 7 }) }`);
    expect(started.errors).toBeUndefined();
    const version = started.data?.trainModel ?? "";
    expect(version).toMatch(/^churn-/);
    const statusOf = async () =>
      (await gql<{ modelVersions: Array<{ version: string; status: string }> }>(`{ modelVersions { version status } }`)).data?.modelVersions.find((v) => v.version === version)?.status;
    expect(["queued", "training", "ready"]).toContain(await statusOf());
    let status = await statusOf();
    for (let i = 0; i < 120 && status !== "ready" && status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = await statusOf();
    }
    expect(status).toBe("ready");
    // The training process recorded its progress on the version: all iterations done.
    const done = await gql<{ modelVersions: Array<{ version: string; progress: number | null }> }>(`{ modelVersions { version progress } }`);
    expect(done.data?.modelVersions.find((v) => v.version === version)?.progress).toBe(1);
  }, 90_000);
});
