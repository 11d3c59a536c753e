import { describe, expect, it } from "vitest";
import { DEFAULT_INTERVENTIONS } from "@/lib/planner";
import { planCurveChart } from "@/lib/dashboard/planner-chart";
import { draftsFrom, parseAmount, validatePlannerDraft, type PlannerDraft } from "@/lib/dashboard/planner-form";
import { fetchPlan, PLAN_QUERY, PLAN_TABLE_ROWS, readPlanResponse, type PlanView } from "@/lib/dashboard/planner-query";

const defaults = draftsFrom(DEFAULT_INTERVENTIONS);

function draft(budget: string, edit: (rows: PlannerDraft["interventions"]) => void = () => {}): PlannerDraft {
  const interventions = defaults.map((d) => ({ ...d }));
  edit(interventions);
  return { budget, interventions };
}

describe("planner form", () => {
  it("accepts the default catalogue and a budget, amounts with $ and separators", () => {
    const r = validatePlannerDraft(draft("$50,000"));
    expect(r).toEqual({ ok: true, budget: 50_000, interventions: DEFAULT_INTERVENTIONS.map(({ name, costUsd, relativeReduction }) => ({ name, costUsd, relativeReduction })) });
    expect(parseAmount(" 1 234.5 ")).toBe(1234.5);
    expect(parseAmount("12abc")).toBeNull();
  });

  it("names the field of each problem", () => {
    const r = validatePlannerDraft(
      draft("-5", (rows) => {
        rows[0].name = " ";
        rows[1].reduction = "1.5";
        rows[2].cost = "12.345";
        rows[3].name = rows[1].name;
      }),
    );
    if (r.ok) throw new Error("expected errors");
    expect(r.errors.budget).toMatch(/negative/);
    expect(r.errors.interventions[0].name).toMatch(/Enter a name/);
    expect(r.errors.interventions[1].reduction).toMatch(/between 0 and 1/);
    expect(r.errors.interventions[2].cost).toMatch(/whole cents/);
    expect(r.errors.interventions[3].name).toMatch(/already has this name/);
    expect(r.errors.interventions[1].name).toBeUndefined();
  });

  it("requires a budget, numbers and at least one intervention", () => {
    const empty = validatePlannerDraft({ budget: "", interventions: [] });
    if (empty.ok) throw new Error("expected errors");
    expect(empty.errors.budget).toMatch(/Enter a budget/);
    expect(empty.errors.catalogue).toMatch(/at least one/);
    const words = validatePlannerDraft(draft("lots", (rows) => (rows[0].cost = "free")));
    if (words.ok) throw new Error("expected errors");
    expect(words.errors.budget).toMatch(/number/);
    expect(words.errors.interventions[0].cost).toMatch(/number/);
  });
});

const plan: PlanView = {
  solver: "exact",
  budgetUsd: 1000,
  totalCostUsd: 900,
  expectedValueSavedUsd: 5000,
  netValueUsd: 4100,
  assignmentCount: 1,
  assignments: [{ participantId: "P1", intervention: "home_visits", churnProbability: 0.5, reducedChurnProbability: 0.35, costUsd: 900, expectedValueSavedUsd: 5000, netValueUsd: 4100 }],
  curve: [
    { budgetUsd: 0, costUsd: 0, expectedValueSavedUsd: 0, participants: 0 },
    { budgetUsd: 2000, costUsd: 1900, expectedValueSavedUsd: 8000, participants: 2 },
  ],
};

describe("planner query", () => {
  it("reads a plan, or the server's messages", () => {
    expect(readPlanResponse(200, { data: { planInterventions: plan } })).toEqual({ ok: true, plan });
    expect(readPlanResponse(200, { errors: [{ message: "budget: budgetUsd must be non-negative" }], data: null })).toEqual({ ok: false, message: "budget: budgetUsd must be non-negative" });
    expect(readPlanResponse(502, null)).toEqual({ ok: false, message: "The planner did not answer (HTTP 502)." });
  });

  it("posts the query with the variables, and reports an unreachable server", async () => {
    let sent: { query: string; variables: unknown } | null = null;
    const fake = (async (_url: string, init?: RequestInit) => {
      sent = JSON.parse(String(init?.body)) as { query: string; variables: unknown };
      return Response.json({ data: { planInterventions: plan } });
    }) as typeof fetch;
    const outcome = await fetchPlan(1000, [{ name: "a", costUsd: 1, relativeReduction: 0.1 }], fake);
    expect(outcome.ok).toBe(true);
    expect(sent).toEqual({ query: PLAN_QUERY, variables: { budget: 1000, interventions: [{ name: "a", costUsd: 1, relativeReduction: 0.1 }] } });
    expect(PLAN_QUERY).toContain(`assignments(first: ${PLAN_TABLE_ROWS})`);
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    expect(await fetchPlan(1, [], down)).toEqual({ ok: false, message: "Could not reach the server: fetch failed" });
  });

  it("charts the curve with a marker at the chosen budget", () => {
    const { data, options } = planCurveChart(plan.curve, plan.budgetUsd, plan.expectedValueSavedUsd);
    expect(data.datasets[0].data).toEqual([
      { x: 0, y: 0 },
      { x: 2000, y: 8000 },
    ]);
    expect(data.datasets[1].data).toEqual([{ x: 1000, y: 5000 }]);
    expect(options.scales?.x?.type).toBe("linear");
    // Plain data only: it crosses to the client component as JSON.
    expect(JSON.parse(JSON.stringify({ data, options }))).toEqual({ data, options });
  });
});
