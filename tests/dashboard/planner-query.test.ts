import { testAccess } from "../helpers/principals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedContext, type GraphQLContext } from "@/graphql/context";
import { createGraphQLHttpHandler } from "@/graphql/http-handler";
import { createApolloServer } from "@/graphql/server";
import { DEFAULT_INTERVENTIONS } from "@/lib/planner";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { fetchPlan } from "@/lib/dashboard/planner-query";
import { taskRunner } from "@/lib/workers/task-runner";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let context: GraphQLContext;
let server: http.Server;
let endpoint: string;
const catalogue = DEFAULT_INTERVENTIONS.map(({ name, costUsd, relativeReduction }) => ({ name, costUsd, relativeReduction }));

beforeAll(async () => {
  seeded = await createSeededModel(600, 13);
  context = createIsolatedContext(seeded.db, undefined, null, testAccess());
  // The production server's GraphQL handler, as the page's fetch reaches it.
  const handle = createGraphQLHttpHandler(createApolloServer(), async () => context);
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await taskRunner().close();
  await context.served.close();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

describe("the planner page's query against the GraphQL server", () => {
  it("explains that predictions are needed before any are stored", async () => {
    const outcome = await fetchPlan(10_000, catalogue, fetch, endpoint);
    expect(outcome.ok).toBe(false);
    // The server hides the cause of internal errors; the page names the likeliest one.
    if (!outcome.ok) expect(outcome.message).toMatch(/npm run score/);
  });

  it("plans within the budget, with chosen participants and a curve", async () => {
    await scoreParticipants(seeded.db);
    const outcome = await fetchPlan(25_000, catalogue, fetch, endpoint);
    if (!outcome.ok) throw new Error(outcome.message);
    const plan = outcome.plan;
    expect(plan.totalCostUsd).toBeLessThanOrEqual(25_000);
    expect(plan.assignmentCount).toBeGreaterThan(0);
    expect(plan.assignments.length).toBe(Math.min(plan.assignmentCount, 200));
    expect(plan.assignments.reduce((s, a) => s + a.costUsd, 0)).toBeCloseTo(plan.totalCostUsd, 6);
    expect(plan.curve.length).toBeGreaterThan(1);
    expect(plan.netValueUsd).toBeCloseTo(plan.expectedValueSavedUsd - plan.totalCostUsd, 6);
    for (const a of plan.assignments) expect(catalogue.map((c) => c.name)).toContain(a.intervention);
  });

  it("uses an edited catalogue, and reports bad input by field", async () => {
    const only = await fetchPlan(5_000, [{ name: "text_reminders", costUsd: 20, relativeReduction: 0.05 }], fetch, endpoint);
    if (!only.ok) throw new Error(only.message);
    expect(new Set(only.plan.assignments.map((a) => a.intervention))).toEqual(new Set(["text_reminders"]));
    const negative = await fetchPlan(-1, catalogue, fetch, endpoint);
    expect(negative.ok ? "" : negative.message).toMatch(/budget/i);
    const reduction = await fetchPlan(1_000, [{ name: "x", costUsd: 1, relativeReduction: 2 }], fetch, endpoint);
    expect(reduction.ok ? "" : reduction.message).toMatch(/relativeReduction/);
  });
});
