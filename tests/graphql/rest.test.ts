import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

/** The original service's REST endpoints, called through their Next route handlers. */
let seeded: SeededModel;
let routes: {
  predict: (req: Request) => Promise<Response>;
  batch: (req: Request) => Promise<Response>;
  explain: (req: Request) => Promise<Response>;
  health: () => Promise<Response>;
};
let input: Record<string, unknown>;
let patientId: string;

beforeAll(async () => {
  seeded = await createSeededModel(500, 12);
  process.env.DATABASE_URL = seeded.db.url;
  routes = {
    predict: (await import("@/app/api/predict/route")).POST,
    batch: (await import("@/app/api/predict/batch/route")).POST,
    explain: (await import("@/app/api/explain/route")).POST,
    health: (await import("@/app/api/health/route")).GET,
  };
  const p = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" } });
  patientId = p.id;
  const { id: _i, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...rest } = p;
  input = rest;
});
afterAll(async () => {
  delete process.env.DATABASE_URL;
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

const post = (body: unknown) => new Request("http://localhost/api", { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("REST endpoints", () => {
  it("POST /api/predict and /api/predict/batch mirror the GraphQL Prediction", async () => {
    const one = await routes.predict(post(input));
    expect(one.status).toBe(200);
    const p = (await one.json()) as { churnProbability: number; riskTier: string; clv: number; valueAtRisk: number; modelVersion: string; cached: boolean };
    expect(p.modelVersion).toBe("seeded");
    expect(p.churnProbability).toBeGreaterThan(0);
    expect(p.churnProbability).toBeLessThan(1);
    const batch = await routes.batch(post({ inputs: [input, input] }));
    const b = (await batch.json()) as { predictions: Array<{ churnProbability: number }> };
    expect(b.predictions.map((x) => x.churnProbability)).toEqual([p.churnProbability, p.churnProbability]);
  });

  it("answers bad input with 400 naming the field", async () => {
    const bad = await routes.predict(post({ ...input, age: "old" }));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { problems: Array<{ field: string; message: string }> };
    expect(body.problems).toEqual([expect.objectContaining({ field: "age", message: expect.stringMatching(/must be a number/) })]);
    expect((await routes.predict(post("not json"))).status).toBe(400);
    expect((await routes.batch(post({ inputs: "x" }))).status).toBe(400);
  });

  it("POST /api/explain by id or input; GET /api/health", async () => {
    const byId = (await (await routes.explain(post({ patientId }))).json()) as { rawScore: number; expectedValue: number; contributions: Array<{ shap: number }> };
    expect(byId.expectedValue + byId.contributions.reduce((s, c) => s + c.shap, 0)).toBeCloseTo(byId.rawScore, 9);
    const byInput = (await (await routes.explain(post({ input }))).json()) as { rawScore: number };
    expect(byInput.rawScore).toBeCloseTo(byId.rawScore, 12);
    expect((await routes.explain(post({ patientId: "nobody" }))).status).toBe(404);
    const health = await routes.health();
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok", servedModel: "seeded" });
  });
});
