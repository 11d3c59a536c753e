import type { Patient } from "../lib/db/generated/client";
import { healthBody } from "../lib/http/rest-service";
import { listVersions } from "../lib/ml/versions/registry";
import type { GraphQLContext } from "./context";
import { encodeCursor, queryPatients, type PatientFilter, type PatientOrder } from "./patients-query";
import { planResolvers, scoringMutations, scoringQueries } from "./resolvers-scoring";
import { DateScalar, DateTimeScalar, JsonScalar } from "./scalars";

type ModelVersionRow = Awaited<ReturnType<GraphQLContext["db"]["prisma"]["modelVersion"]["findFirst"]>>;

function modelVersionView(row: NonNullable<ModelVersionRow>) {
  return { ...row, served: row.isServed };
}

async function servedVersionId(ctx: GraphQLContext): Promise<number | null> {
  const row = await ctx.db.prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true } });
  return row?.id ?? null;
}

export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JsonScalar,

  Query: {
    ...scoringQueries,
    patient: (_: unknown, args: { id: string }, ctx: GraphQLContext) => ctx.loaders.patient.load(args.id),

    patients: async (_: unknown, args: { filter?: PatientFilter | null; orderBy?: PatientOrder | null; first?: number | null; after?: string | null }, ctx: GraphQLContext) => {
      const page = await queryPatients(ctx.db, await servedVersionId(ctx), args.filter ?? {}, args.orderBy, args.first ?? 50, args.after);
      // Prime the loader so nested fields do not load these participants again.
      for (const p of page.rows) ctx.loaders.patient.prime(p.id, p);
      const edges = page.rows.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
      return { totalCount: page.totalCount, edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
    },

    modelVersions: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      // listVersions fixes the order and summary; the full rows carry parameters and metrics.
      const order = (await listVersions(ctx.db.prisma)).map((v) => v.version);
      const rows = await ctx.db.prisma.modelVersion.findMany();
      const byVersion = new Map(rows.map((r) => [r.version, r]));
      return order.map((v) => modelVersionView(byVersion.get(v) as NonNullable<ModelVersionRow>));
    },

    servedModel: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const row = await ctx.db.prisma.modelVersion.findFirst({ where: { isServed: true } });
      return row ? modelVersionView(row) : null;
    },

    health: (_: unknown, __: unknown, ctx: GraphQLContext) => healthBody(ctx.db, ctx.served, ctx.cache),
  },

  Mutation: scoringMutations,
  ...planResolvers,

  Patient: {
    latestPrediction: async (p: Patient, _: unknown, ctx: GraphQLContext) => (await ctx.loaders.predictions.load(p.id))[0] ?? null,
    predictions: (p: Patient, _: unknown, ctx: GraphQLContext) => ctx.loaders.predictions.load(p.id),
    explanation: (p: Patient, _: unknown, ctx: GraphQLContext) => ctx.loaders.explanation.load(p.id),
  },
};
