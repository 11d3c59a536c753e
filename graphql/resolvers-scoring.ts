import { GraphQLError } from "graphql";
import { importParticipants, ImportValidationError } from "../lib/data/import/import-participants";
import { startBackgroundTraining } from "../lib/ml/training/background-training";
import { promoteVersion } from "../lib/ml/versions/registry";
import type { Intervention } from "../lib/planner";
import { checkDrift } from "../lib/scoring/drift-check";
import { planForServedModel } from "../lib/scoring/plan-interventions";
import { scoreParticipants } from "../lib/scoring/score-run";
import { explainParticipants } from "../lib/scoring/explain-input";
import type { GraphQLContext } from "./context";
import { asUserInput, badInput } from "./errors";

export const MAX_BATCH = 10_000;
type Input = Record<string, unknown>;

const GROUP_COLUMNS = { STUDY: "studyId", SITE: "siteId", PHASE: "phase", THERAPEUTIC_AREA: "therapeuticArea" } as const;

export const scoringQueries = {
  predict: (_: unknown, args: { input: Input }, ctx: GraphQLContext) => asUserInput("input", () => ctx.predictor.predictOne(args.input)),

  predictBatch: (_: unknown, args: { inputs: Input[] }, ctx: GraphQLContext) => {
    if (args.inputs.length > MAX_BATCH) throw badInput(`inputs: at most ${MAX_BATCH} participants per call, got ${args.inputs.length}`);
    return asUserInput("inputs", () => ctx.predictor.predictMany(args.inputs));
  },

  explain: async (_: unknown, args: { patientId?: string | null; input?: Input | null }, ctx: GraphQLContext) => {
    if ((args.patientId == null) === (args.input == null)) throw badInput("explain needs exactly one of patientId or input");
    if (args.patientId != null) {
      const e = await ctx.loaders.explanation.load(args.patientId);
      if (!e) throw new GraphQLError(`No participant with id "${args.patientId}"`, { extensions: { code: "NOT_FOUND" } });
      return e;
    }
    const input = args.input as Input;
    return asUserInput("input", async () => explainParticipants(await ctx.served.get(), [input], true)[0]);
  },

  riskSummary: async (_: unknown, args: { groupBy: keyof typeof GROUP_COLUMNS }, ctx: GraphQLContext) => {
    const model = await ctx.served.get();
    const column = GROUP_COLUMNS[args.groupBy];
    // Aggregated by the database: a million predictions never reach this process.
    const rows = await ctx.db.prisma.$queryRawUnsafe<Array<Record<string, number | bigint | string>>>(
      `SELECT p."${column}" AS "key", COUNT(*) AS participants, AVG(r."churnProbability") AS "meanProbability",
              SUM(CASE WHEN r."riskTier" = 'low' THEN 1 ELSE 0 END) AS low,
              SUM(CASE WHEN r."riskTier" = 'medium' THEN 1 ELSE 0 END) AS medium,
              SUM(CASE WHEN r."riskTier" = 'high' THEN 1 ELSE 0 END) AS high,
              SUM(CASE WHEN r."riskTier" = 'critical' THEN 1 ELSE 0 END) AS critical,
              SUM(r."clv") AS "totalClv", SUM(r."valueAtRisk") AS "totalValueAtRisk"
       FROM "Prediction" r JOIN "Patient" p ON p."id" = r."patientId"
       WHERE r."modelVersionId" = ? GROUP BY p."${column}" ORDER BY p."${column}"`,
      model.modelVersionId,
    );
    return rows.map((r) => ({
      key: String(r.key),
      participants: Number(r.participants),
      meanProbability: Number(r.meanProbability),
      low: Number(r.low),
      medium: Number(r.medium),
      high: Number(r.high),
      critical: Number(r.critical),
      totalClv: Number(r.totalClv),
      totalValueAtRisk: Number(r.totalValueAtRisk),
    }));
  },

  planInterventions: async (_: unknown, args: { budget: number; interventions?: Intervention[] | null }, ctx: GraphQLContext) => {
    const model = await ctx.served.get();
    const plan = await asUserInput("budget", () => planForServedModel(ctx.db, model, args.budget, args.interventions ?? undefined));
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

  cacheStats: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.cache.refreshStats(),

  drift: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
    const model = await ctx.served.get();
    const report = checkDrift(ctx.db, model);
    return report ? { ...report, modelVersion: model.version } : null;
  },
};

export const scoringMutations = {
  trainModel: (_: unknown, args: { params?: Record<string, string | number | boolean> | null }, ctx: GraphQLContext) =>
    asUserInput("params", () => startBackgroundTraining(ctx.db, args.params ?? {})),

  clearCache: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
    await ctx.cache.clear();
    return true;
  },

  importPatients: async (_: unknown, args: { csv: string }, ctx: GraphQLContext) => {
    try {
      const result = await importParticipants(ctx.db, { text: args.csv });
      return { imported: result.imported, errorCount: 0, errors: [] };
    } catch (err) {
      if (err instanceof ImportValidationError) return { imported: 0, errorCount: err.errorCount, errors: err.errors };
      throw err;
    }
  },

  scorePatients: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
    const r = await scoreParticipants(ctx.db);
    return { modelVersion: r.version, scored: r.scored, total: r.total, seconds: r.seconds };
  },

  promoteModel: async (_: unknown, args: { version: string }, ctx: GraphQLContext) => {
    try {
      await promoteVersion(ctx.db.prisma, args.version);
    } catch (err) {
      throw badInput(`version: ${err instanceof Error ? err.message : String(err)}`);
    }
    ctx.served.invalidate();
    const row = await ctx.db.prisma.modelVersion.findUniqueOrThrow({ where: { version: args.version } });
    return { ...row, served: row.isServed };
  },
};

export const planResolvers = {
  InterventionPlan: {
    assignments: (plan: { allAssignments: unknown[] }, args: { first?: number | null }) => plan.allAssignments.slice(0, Math.max(0, args.first ?? 100)),
  },
};
