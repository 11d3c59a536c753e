import { healthBody } from "../lib/http/rest-service";
import { listVersions } from "../lib/ml/versions/registry";
import type { GraphQLContext } from "./context";
import type { Resolvers } from "./generated/resolvers-types";
import { encodeCursor, queryPatients } from "./patients-query";
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

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JsonScalar,

  Query: {
    ...scoringQueries,
    patient: (_, args, ctx) => ctx.loaders.patient.load(args.id),

    patients: async (_, args, ctx) => {
      const page = await queryPatients(ctx.db, await servedVersionId(ctx), args.filter ?? {}, args.orderBy, args.first ?? 50, args.after);
      // Prime the loader so nested fields do not load these participants again.
      for (const p of page.rows) ctx.loaders.patient.prime(p.id, p);
      const edges = page.rows.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
      return { totalCount: page.totalCount, edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
    },

    modelVersions: async (_, __, ctx) => {
      // listVersions fixes the order and summary; the full rows carry parameters and metrics.
      const order = (await listVersions(ctx.db.prisma)).map((v) => v.version);
      const rows = await ctx.db.prisma.modelVersion.findMany();
      const byVersion = new Map(rows.map((r) => [r.version, r]));
      return order.map((v) => modelVersionView(byVersion.get(v) as NonNullable<ModelVersionRow>));
    },

    servedModel: async (_, __, ctx) => {
      const row = await ctx.db.prisma.modelVersion.findFirst({ where: { isServed: true } });
      return row ? modelVersionView(row) : null;
    },

    health: (_, __, ctx) => healthBody(ctx.db, ctx.served, ctx.cache),
  },

  Mutation: scoringMutations,
  ...planResolvers,

  Patient: {
    latestPrediction: async (p, _, ctx) => (await ctx.loaders.predictions.load(p.id))[0] ?? null,
    predictions: (p, _, ctx) => ctx.loaders.predictions.load(p.id),
    explanation: (p, _, ctx) => ctx.loaders.explanation.load(p.id),
  },
};
