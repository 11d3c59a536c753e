import { GraphQLError } from "graphql";
import type { Db } from "../lib/db/client";
import type { Patient, Prisma } from "../lib/db/generated/client";

export interface PatientFilter {
  studyId?: string | null;
  siteId?: string | null;
  phase?: string | null;
  therapeuticArea?: string | null;
  riskTier?: string | null;
  minProbability?: number | null;
  maxProbability?: number | null;
  minClv?: number | null;
  maxClv?: number | null;
  idContains?: string | null;
}

export interface PatientOrder {
  field: "ID" | "CHURN_PROBABILITY" | "CLV" | "VALUE_AT_RISK";
  direction: "ASC" | "DESC";
}

export const MAX_PAGE = 500;

/** Cursors are opaque offsets into the ordered result: stable for a given filter and order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, "base64url").toString();
  const m = /^o:(\d+)$/.exec(text);
  if (!m) throw new GraphQLError(`after: "${cursor}" is not a cursor from this API`, { extensions: { code: "BAD_USER_INPUT", argumentName: "after" } });
  return Number(m[1]) + 1;
}

function patientWhere(f: PatientFilter): Prisma.PatientWhereInput {
  return {
    ...(f.studyId ? { studyId: f.studyId } : {}),
    ...(f.siteId ? { siteId: f.siteId } : {}),
    ...(f.phase ? { phase: f.phase } : {}),
    ...(f.therapeuticArea ? { therapeuticArea: f.therapeuticArea } : {}),
    ...(f.idContains ? { id: { contains: f.idContains } } : {}),
  };
}

function range(min: number | null | undefined, max: number | null | undefined, name: string): Prisma.FloatFilter | undefined {
  if (min != null && max != null && min > max) throw new GraphQLError(`filter: min${name} must not exceed max${name}`, { extensions: { code: "BAD_USER_INPUT" } });
  if (min == null && max == null) return undefined;
  return { ...(min != null ? { gte: min } : {}), ...(max != null ? { lte: max } : {}) };
}

export interface PatientPage {
  totalCount: number;
  rows: Patient[];
  offset: number;
  hasNextPage: boolean;
}

/**
 * Participants for the list: filtered on their own columns in SQL, and on the served model's
 * predictions (tier, probability and CLV ranges, order by risk or value) by querying the
 * prediction table joined to participants; counts and pages are both computed by the database.
 */
export async function queryPatients(db: Db, servedVersionId: number | null, filter: PatientFilter = {}, order?: PatientOrder | null, first = 50, after?: string | null): Promise<PatientPage> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE}, got ${first}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "first" } });
  }
  const offset = decodeCursor(after);
  const probability = range(filter.minProbability, filter.maxProbability, "Probability");
  const clv = range(filter.minClv, filter.maxClv, "Clv");
  const byPrediction = Boolean(filter.riskTier || probability || clv || (order && order.field !== "ID"));
  const direction = order?.direction === "DESC" ? "desc" : "asc";

  if (!byPrediction) {
    const where = patientWhere(filter);
    const [totalCount, rows] = await Promise.all([
      db.prisma.patient.count({ where }),
      db.prisma.patient.findMany({ where, orderBy: { id: direction }, skip: offset, take: first }),
    ]);
    return { totalCount, rows, offset, hasNextPage: offset + rows.length < totalCount };
  }
  if (servedVersionId === null) throw new GraphQLError("No model is served, so participants cannot be filtered or ordered by prediction.", { extensions: { code: "FAILED_PRECONDITION" } });
  const where: Prisma.PredictionWhereInput = {
    modelVersionId: servedVersionId,
    patient: patientWhere(filter),
    ...(filter.riskTier ? { riskTier: filter.riskTier } : {}),
    ...(probability ? { churnProbability: probability } : {}),
    ...(clv ? { clv } : {}),
  };
  const field = order?.field === "CLV" ? "clv" : order?.field === "VALUE_AT_RISK" ? "valueAtRisk" : order?.field === "CHURN_PROBABILITY" ? "churnProbability" : "patientId";
  const [totalCount, rows] = await Promise.all([
    db.prisma.prediction.count({ where }),
    db.prisma.prediction.findMany({ where, orderBy: [{ [field]: direction }, { patientId: "asc" }], skip: offset, take: first, include: { patient: true } }),
  ]);
  return { totalCount, rows: rows.map((r) => r.patient), offset, hasNextPage: offset + rows.length < totalCount };
}
