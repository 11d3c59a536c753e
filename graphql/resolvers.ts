import { GraphQLError } from "graphql";
import { healthBody } from "../lib/http/rest-service";
import { listVersions } from "../lib/ml/versions/registry";
import type { GraphQLContext } from "./context";
import type { Resolvers } from "./generated/resolvers-types";
import { decodeCursor, encodeCursor, NoServedModelError, PatientQueryError, queryPatients, servedVersionId, type PatientPage } from "../lib/dashboard/patients-query";
import { badInput } from "./errors";
import { planResolvers, scoringMutations, scoringQueries } from "./resolvers-scoring";
import { DateScalar, DateTimeScalar, JsonScalar } from "./scalars";
import { guardResolvers } from "./access";
import { auditJson } from "../lib/audit/audit-trail";
import { accessMutations, accessQueries } from "./resolvers-access";

type ModelVersionRow = Awaited<ReturnType<GraphQLContext["db"]["prisma"]["modelVersion"]["findFirst"]>>;

function modelVersionView(row: NonNullable<ModelVersionRow>) {
  return { ...row, served: row.isServed };
}

/** The list service's errors in API terms: bad arguments are the caller's, a missing model a precondition. */
async function patientsPage(work: () => Promise<PatientPage>): Promise<PatientPage> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PatientQueryError) throw badInput(err.message, { argumentName: err.argument });
    if (err instanceof NoServedModelError) throw new GraphQLError(err.message, { extensions: { code: "FAILED_PRECONDITION" } });
    throw err;
  }
}

export const resolvers: Resolvers = guardResolvers({
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JsonScalar,

  Query: {
    ...scoringQueries,
    ...accessQueries,
    patient: async (_, args, ctx) => {
      const patient = await ctx.loaders.patient.load(args.id);
      if (patient) await ctx.auditRead({ action: "participant.read", target: patient.id });
      return patient;
    },

    patients: async (_, args, ctx) => {
      const page = await patientsPage(async () => queryPatients(ctx.db.prisma, await servedVersionId(ctx.db.prisma), args.filter ?? {}, args.orderBy, { first: args.first ?? 50, offset: decodeCursor(args.after) }));
      // Prime the loader so nested fields do not load these participants again.
      for (const { patient } of page.rows) ctx.loaders.patient.prime(patient.id, patient);
      await ctx.auditRead({ action: "participants.list", detail: auditJson({ filter: args.filter ?? {}, orderBy: args.orderBy ?? null, offset: page.offset, ids: page.rows.map((r) => r.patient.id) }) });
      const edges = page.rows.map(({ patient }, i) => ({ cursor: encodeCursor(page.offset + i), node: patient }));
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

  Mutation: { ...scoringMutations, ...accessMutations },
  ...planResolvers,

  Patient: {
    latestPrediction: async (p, _, ctx) => (await ctx.loaders.predictions.load(p.id))[0] ?? null,
    predictions: (p, _, ctx) => ctx.loaders.predictions.load(p.id),
    explanation: (p, _, ctx) => ctx.loaders.explanation.load(p.id),
  },
});
