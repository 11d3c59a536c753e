import type { InterventionInput } from "./planner-form";

/** Chosen participants the page lists; the total count comes with the plan. */
export const PLAN_TABLE_ROWS = 200;

export const PLAN_QUERY = `query Plan($budget: Float!, $interventions: [InterventionInput!]) {
  planInterventions(budget: $budget, interventions: $interventions) {
    solver
    budgetUsd
    totalCostUsd
    expectedValueSavedUsd
    netValueUsd
    assignmentCount
    assignments(first: ${PLAN_TABLE_ROWS}) {
      participantId
      intervention
      churnProbability
      reducedChurnProbability
      costUsd
      expectedValueSavedUsd
      netValueUsd
    }
    curve { budgetUsd costUsd expectedValueSavedUsd participants }
  }
}`;

export interface PlanAssignment {
  participantId: string;
  intervention: string;
  churnProbability: number;
  reducedChurnProbability: number;
  costUsd: number;
  expectedValueSavedUsd: number;
  netValueUsd: number;
}

export interface PlanCurvePoint {
  budgetUsd: number;
  costUsd: number;
  expectedValueSavedUsd: number;
  participants: number;
}

export interface PlanView {
  solver: string;
  budgetUsd: number;
  totalCostUsd: number;
  expectedValueSavedUsd: number;
  netValueUsd: number;
  assignmentCount: number;
  assignments: PlanAssignment[];
  curve: PlanCurvePoint[];
}

export type PlanOutcome = { ok: true; plan: PlanView } | { ok: false; message: string };

interface GraphQLBody {
  data?: { planInterventions?: PlanView | null } | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

/** The server hides internal failures' details; the likeliest cause is named instead. */
const INTERNAL_HINT =
  "The server could not make a plan (internal error). Check that the served model has stored predictions (run npm run score) and see the server log.";

/** A GraphQL answer as a plan or one readable message (the server's, which names the field). */
export function readPlanResponse(status: number, body: unknown): PlanOutcome {
  const b = (body ?? {}) as GraphQLBody;
  const messages = (b.errors ?? [])
    .map((e) => (e.extensions?.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_HINT : e.message))
    .filter((m): m is string => typeof m === "string" && m !== "");
  if (messages.length > 0) return { ok: false, message: [...new Set(messages)].join("; ") };
  const plan = b.data?.planInterventions;
  if (status >= 200 && status < 300 && plan) return { ok: true, plan };
  return { ok: false, message: `The planner did not answer (HTTP ${status}).` };
}

/** POSTs the planInterventions query to the GraphQL endpoint; network failures become messages. */
export async function fetchPlan(budget: number, interventions: InterventionInput[], fetchImpl: typeof fetch = fetch, url = "/api/graphql"): Promise<PlanOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: PLAN_QUERY, variables: { budget, interventions } }),
    });
  } catch (err) {
    return { ok: false, message: `Could not reach the server: ${err instanceof Error ? err.message : String(err)}` };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy error page): reported by status below.
  }
  return readPlanResponse(res.status, body);
}
