import { startServerAndCreateNextHandler } from "@as-integrations/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLContext } from "@/graphql/context";
import { createLoaders } from "@/graphql/loaders";
import { createApolloServer } from "@/graphql/server";
import { createPrisma } from "@/lib/db/client";
import { PredictService } from "@/lib/scoring/predict-service";
import { ServedModel } from "@/lib/scoring/served-model";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let served: ServedModel;
let predictor: PredictService;
let sqlCount = 0;
let handler: (req: Request) => Promise<Response>;

beforeAll(async () => {
  seeded = await createSeededModel(600, 8);
  await scoreParticipants(seeded.db);
  const prisma = createPrisma(seeded.db.url, {
    onQuery: () => {
      sqlCount++;
    },
  });
  const db = { url: seeded.db.url, prisma };
  served = new ServedModel(prisma);
  predictor = new PredictService(served);
  const h = startServerAndCreateNextHandler<Request, GraphQLContext>(createApolloServer(), {
    context: async () => ({ db, served, predictor, loaders: createLoaders(db, served) }),
  });
  handler = (req) => h(req);
});
afterAll(async () => {
  await served.close();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

interface GqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> {
  const res = await handler(
    new Request("http://localhost/api/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }),
  );
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
    const small = await gql<PatientsData>(PAGE, { first: 10 });
    const smallQueries = sqlCount;
    sqlCount = 0;
    const large = await gql<PatientsData>(PAGE, { first: 100 });
    expect(large.errors).toBeUndefined();
    expect(large.data?.patients.edges).toHaveLength(100);
    expect(small.data?.patients.edges).toHaveLength(10);
    expect(sqlCount).toBe(smallQueries);
    expect(sqlCount).toBeLessThanOrEqual(6);
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

  it("lets concurrent predict calls share model calls", async () => {
    const patient = await seeded.db.prisma.patient.findFirstOrThrow();
    const { id: _id, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = patient;
    const before = { ...predictor.batchStats };
    const calls = Array.from({ length: 40 }, (_, i) =>
      gql<{ predict: { churnProbability: number } }>(`query($input: PatientInput!) { predict(input: $input) { churnProbability } }`, { input: { ...input, age: 20 + i } }),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const items = predictor.batchStats.items - before.items;
    const batches = predictor.batchStats.batches - before.batches;
    expect(items).toBe(40);
    expect(batches).toBeLessThan(40);
  });
});
