import { GraphQLError } from "graphql";
import { ImportValidationError } from "../lib/data/import/import-participants";
import { startBackgroundTraining } from "../lib/ml/training/background-training";
import { promoteVersion } from "../lib/ml/versions/registry";
import { riskSummary } from "../lib/dashboard/risk-summary";
import { taskRunner } from "../lib/workers/task-runner";
import { explainParticipants } from "../lib/scoring/explain-input";
import type { ParamValue } from "../lib/ml/artifacts/model-metadata";
import type { InterventionPlan, InterventionPlanResolvers, MutationResolvers, QueryResolvers } from "./generated/resolvers-types";
import { asUserInput, badInput } from "./errors";
import { recordAudit } from "../lib/audit/audit-trail";
import { auditOf, principalOf } from "./access";


export const MAX_BATCH = 10_000;

/** What planInterventions hands to the InterventionPlan resolvers: the whole plan, paged later. */
export type InterventionPlanView = Omit<InterventionPlan, "assignments"> & { allAssignments: PlannedInterventionView[] };
type PlannedInterventionView = InterventionPlan["assignments"][number];

/** LightGBM parameters arrive as JSON: an object of strings, numbers and booleans. */
function trainingParams(value: unknown): Record<string, ParamValue> {
  if (value == null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badInput("params: must be an object of LightGBM parameter names and values");
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw badInput(`params.${name}: must be a string, number or boolean, got ${JSON.stringify(v)}`);
  }
  return value as Record<string, ParamValue>;
}
type Input = Record<string, unknown>;


export const scoringQueries: QueryResolvers = {
  predict: async (_, args, ctx) => {
    const prediction = await asUserInput("input", () => ctx.predictor.predictOne(args.input));
    await ctx.auditRead({ action: "predictions.compute", detail: { count: 1 } });
    return prediction;
  },

  predictBatch: async (_, args, ctx) => {
    if (args.inputs.length > MAX_BATCH) throw badInput(`inputs: at most ${MAX_BATCH} participants per call, got ${args.inputs.length}`);
    const predictions = await asUserInput("inputs", () => ctx.predictor.predictMany(args.inputs));
    await ctx.auditRead({ action: "predictions.compute", detail: { count: predictions.length } });
    return predictions;
  },

  explain: async (_, args, ctx) => {
    if ((args.patientId == null) === (args.input == null)) throw badInput("explain needs exactly one of patientId or input");
    if (args.patientId != null) {
      const e = await ctx.loaders.explanation.load(args.patientId);
      if (!e) throw new GraphQLError(`No participant with id "${args.patientId}"`, { extensions: { code: "NOT_FOUND" } });
      await ctx.auditRead({ action: "explanations.compute", target: args.patientId });
      return e;
    }
    const input = args.input as Input;
    const explanation = await asUserInput("input", async () => explainParticipants(await ctx.served.get(), [input], true)[0]);
    await ctx.auditRead({ action: "explanations.compute", detail: { input: true } });
    return explanation;
  },

  riskSummary: async (_, args, ctx) => riskSummary(ctx.db.prisma, (await ctx.served.get()).modelVersionId, args.groupBy),

  planInterventions: async (_, args, ctx) => {
    const model = await ctx.served.get();
    // Planning over every participant is CPU work: it runs on the task worker thread.
    const plan = await asUserInput("budget", () =>
      taskRunner().run("planInterventions", { dbUrl: ctx.db.url, modelVersionId: model.modelVersionId, version: model.version, budgetUsd: args.budget, interventions: args.interventions ?? undefined }),
    );
    // The plan names participants: a read of participant-level data.
    await ctx.auditRead({ action: "interventions.plan", detail: { budget: args.budget, participants: plan.assignments.length } });
    return {
      solver: plan.solver,
      budgetUsd: plan.budgetUsd,
      totalCostUsd: plan.totals.costUsd,
      expectedValueSavedUsd: plan.totals.expectedValueSavedUsd,
      netValueUsd: plan.totals.netValueUsd,
      assignmentCount: plan.assignments.length,
      allAssignments: plan.assignments,
      curve: plan.curve,
    };
  },

  cacheStats: (_, __, ctx) => ctx.cache.refreshStats(),

  drift: async (_, __, ctx) => {
    const model = await ctx.served.get();
    // Reads every participant's features: CPU work for the task worker thread.
    const report = await taskRunner().run("driftReport", { dbUrl: ctx.db.url, version: model.version });
    return report ? { ...report, modelVersion: model.version } : null;
  },
};

export const scoringMutations: MutationResolvers = {
  trainModel: (_, args, ctx) =>
    asUserInput("params", () => startBackgroundTraining(ctx.db, trainingParams(args.params), auditOf(ctx))),

  clearCache: async (_, __, ctx) => {
    await ctx.cache.clear();
    await recordAudit(ctx.db.prisma, principalOf(ctx), { action: "cache.clear", requestId: ctx.requestId });
    return true;
  },

  importPatients: async (_, args, ctx) => {
    try {
      // Parsing and validating a large file is CPU work: it runs on the task worker thread.
      const result = await taskRunner().run("importCsv", { dbUrl: ctx.db.url, text: args.csv, audit: auditOf(ctx) });
      return { imported: result.imported, errorCount: 0, errors: [] };
    } catch (err) {
      if (err instanceof ImportValidationError) return { imported: 0, errorCount: err.errorCount, errors: err.errors };
      throw err;
    }
  },

  scorePatients: async (_, __, ctx) => {
    const r = await taskRunner().run("scoreParticipants", { dbUrl: ctx.db.url, audit: auditOf(ctx) });
    return { modelVersion: r.version, scored: r.scored, total: r.total, seconds: r.seconds };
  },

  promoteModel: async (_, args, ctx) => {
    try {
      await promoteVersion(ctx.db.prisma, args.version, auditOf(ctx));
    } catch (err) {
      throw badInput(`version: ${err instanceof Error ? err.message : String(err)}`);
    }
    ctx.served.invalidate();
    const row = await ctx.db.prisma.modelVersion.findUniqueOrThrow({ where: { version: args.version } });
    return { ...row, served: row.isServed };
  },
};

export const planResolvers: { InterventionPlan: InterventionPlanResolvers } = {
  InterventionPlan: {
    assignments: (plan, args) => plan.allAssignments.slice(0, Math.max(0, args.first ?? 100)),
  },
};
