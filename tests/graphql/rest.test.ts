import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";
import { createApiKey } from "@/lib/auth/api-keys";
import { cliPrincipal } from "@/lib/auth/principal";

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
/** Authorization headers of an analyst and a viewer key. */
let analyst: Record<string, string>;
let viewer: Record<string, string>;

beforeAll(async () => {
  seeded = await createSeededModel(500, 12);
  process.env.DATABASE_URL = seeded.db.url;
  analyst = { authorization: `Bearer ${(await createApiKey(seeded.db.prisma, cliPrincipal(), { name: "rest analyst", role: "analyst" })).token}` };
  viewer = { authorization: `Bearer ${(await createApiKey(seeded.db.prisma, cliPrincipal(), { name: "rest viewer", role: "viewer" })).token}` };
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

const post = (body: unknown, auth: Record<string, string> = analyst) =>
  new Request("http://localhost/api", { method: "POST", headers: { "content-type": "application/json", ...auth }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("REST endpoints", () => {
  it("need an API key (401 without, 403 for a role without predict) and record what they computed", async () => {
    const anonymous = await routes.predict(post(input, {}));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await routes.explain(post({ patientId }, { authorization: "Bearer rtn_0000" }))).status).toBe(401);
    const forbidden = await routes.batch(post({ inputs: [input] }, viewer));
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: string }).error).toMatch(/predict permission/);
    const before = await seeded.db.prisma.auditEvent.count({ where: { action: "explanations.compute", target: patientId } });
    expect((await routes.explain(post({ patientId }))).status).toBe(200);
    expect(await seeded.db.prisma.auditEvent.count({ where: { action: "explanations.compute", target: patientId } })).toBe(before + 1);
  });

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
