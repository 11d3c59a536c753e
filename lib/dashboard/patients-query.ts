import { providerOf, type DbProvider, type PrismaClient } from "../db/client";
import { containsIgnoringCase } from "../db/dialect";
import { Prisma, type Patient } from "../db/generated/client";
import { RISK_TIERS, type RiskTier } from "../scoring/risk-tiers";

/**
 * The participants list as a service: filtered, ordered, counted and paged by the database, for
 * the /patients page and the GraphQL `patients` query alike. Nothing here loads more than one
 * page of rows, so the list stays fast with a million participants.
 */

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

export const PATIENT_ORDER_FIELDS = ["ID", "CHURN_PROBABILITY", "CLV", "VALUE_AT_RISK"] as const;
export type PatientOrderField = (typeof PATIENT_ORDER_FIELDS)[number];

export interface PatientOrder {
  field: PatientOrderField;
  direction: "ASC" | "DESC";
}

/** Largest page the service returns. */
export const MAX_PAGE = 500;

/** A bad argument (page size, cursor, range, tier); `argument` names it as the API spells it. */
export class PatientQueryError extends RangeError {
  constructor(
    readonly argument: "first" | "after" | "offset" | "filter",
    message: string,
  ) {
    super(message);
    this.name = "PatientQueryError";
  }
}

/** Filtering or ordering by prediction was asked for, but no model version is served. */
export class NoServedModelError extends Error {
  constructor() {
    super("No model is served, so participants cannot be filtered or ordered by prediction.");
    this.name = "NoServedModelError";
  }
}

/** Cursors are opaque offsets into the ordered result: stable for a given filter and order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

/** The offset of the row after `cursor` (0 without a cursor). */
export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new PatientQueryError("after", `after: "${cursor}" is not a cursor from this API`);
  return Number(m[1]) + 1;
}

/** The served model's prediction for a listed participant. */
export interface ListedPrediction {
  churnProbability: number;
  riskTier: string;
  clv: number;
  valueAtRisk: number;
  expectedRemainingVisits: number;
}

export interface PatientListRow {
  patient: Patient;
  /** Null when the served model has not scored the participant (or no model is served). */
  prediction: ListedPrediction | null;
}

export interface PatientPage {
  totalCount: number;
  rows: PatientListRow[];
  offset: number;
  hasNextPage: boolean;
}

export interface PageRequest {
  first?: number;
  offset?: number;
  /** Skipped rows from which a page reads its ids first (default DEFERRED_JOIN_FROM; tests lower it). */
  idsFirstFrom?: number;
}

/** From this many skipped rows on, a page reads its ids first (see queryPatients). */
const DEFERRED_JOIN_FROM = 1000;

const PREDICTION_SELECT = { churnProbability: true, riskTier: true, clv: true, valueAtRisk: true, expectedRemainingVisits: true } as const;

const ORDER_COLUMN = { CHURN_PROBABILITY: "churnProbability", CLV: "clv", VALUE_AT_RISK: "valueAtRisk", ID: "patientId" } as const;

function patientWhere(f: PatientFilter, provider: DbProvider): Prisma.PatientWhereInput {
  return {
    ...(f.studyId ? { studyId: f.studyId } : {}),
    ...(f.siteId ? { siteId: f.siteId } : {}),
    ...(f.phase ? { phase: f.phase } : {}),
    ...(f.therapeuticArea ? { therapeuticArea: f.therapeuticArea } : {}),
    ...(f.idContains ? { id: containsIgnoringCase(provider, f.idContains) } : {}),
  };
}

function range(min: number | null | undefined, max: number | null | undefined, name: string): Prisma.FloatFilter | undefined {
  for (const [bound, v] of [["min", min], ["max", max]] as const) {
    if (v != null && !Number.isFinite(v)) throw new PatientQueryError("filter", `filter: ${bound}${name} must be a finite number, got ${v}`);
  }
  if (min != null && max != null && min > max) throw new PatientQueryError("filter", `filter: min${name} must not exceed max${name}`);
  if (min == null && max == null) return undefined;
  return { ...(min != null ? { gte: min } : {}), ...(max != null ? { lte: max } : {}) };
}

function checkPage({ first = 50, offset = 0 }: PageRequest): { first: number; offset: number } {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw new PatientQueryError("first", `first must be between 0 and ${MAX_PAGE}, got ${first}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new PatientQueryError("offset", `offset must be a whole number of at least 0, got ${offset}`);
  return { first, offset };
}

/** Whether a filter or order needs the served model's predictions. */
export function needsPredictions(filter: PatientFilter, order?: PatientOrder | null): boolean {
  return Boolean(filter.riskTier || filter.minProbability != null || filter.maxProbability != null || filter.minClv != null || filter.maxClv != null || (order && order.field !== "ID"));
}

/**
 * One page of participants with their served prediction. Filters on participant columns only
 * run over the participant table (ordered by its primary key); filters or orders on the
 * prediction run over the served version's predictions (indexed by version and probability,
 * tier and CLV) joined to their participants, so participants the served model has not scored
 * are left out there. Ties are broken by id, so pages never overlap.
 */
export async function queryPatients(prisma: PrismaClient, servedVersionId: number | null, filter: PatientFilter = {}, order?: PatientOrder | null, page: PageRequest = {}): Promise<PatientPage> {
  const { first, offset } = checkPage(page);
  if (filter.riskTier && !(RISK_TIERS as readonly string[]).includes(filter.riskTier)) {
    throw new PatientQueryError("filter", `filter: riskTier must be one of ${RISK_TIERS.join(", ")}, got "${filter.riskTier}"`);
  }
  const probability = range(filter.minProbability, filter.maxProbability, "Probability");
  const clv = range(filter.minClv, filter.maxClv, "Clv");
  const direction = order?.direction === "DESC" ? "desc" : "asc";
  const provider = providerOf(prisma);

  const flip = (d: "asc" | "desc"): "asc" | "desc" => (d === "asc" ? "desc" : "asc");

  if (!needsPredictions(filter, order)) {
    const where = patientWhere(filter, provider);
    const totalCount = await prisma.patient.count({ where });
    const rows = await pageFromNearerEnd(totalCount, first, offset, async (reversed, skip, take) => {
      const orderBy = { id: reversed ? flip(direction) : direction };
      const found =
        servedVersionId === null
          ? (await prisma.patient.findMany({ where, orderBy, skip, take })).map((r) => ({ ...r, predictions: [] as ListedPrediction[] }))
          : await prisma.patient.findMany({ where, orderBy, skip, take, include: { predictions: { where: { modelVersionId: servedVersionId }, select: PREDICTION_SELECT } } });
      return found.map(({ predictions, ...patient }) => ({ patient, prediction: predictions[0] ?? null }));
    });
    return { totalCount, rows, offset, hasNextPage: offset + rows.length < totalCount };
  }
  if (servedVersionId === null) throw new NoServedModelError();
  // The id search runs on the prediction's own participant id, which every (version, figure,
  // participant) index holds: a search over a million predictions then never reads a participant.
  const { idContains, ...participantFilter } = filter;
  const onParticipant = patientWhere(participantFilter, provider);
  const where: Prisma.PredictionWhereInput = {
    modelVersionId: servedVersionId,
    ...(idContains ? { patientId: containsIgnoringCase(provider, idContains) } : {}),
    ...(Object.keys(onParticipant).length > 0 ? { patient: onParticipant } : {}),
    ...(filter.riskTier ? { riskTier: filter.riskTier } : {}),
    ...(probability ? { churnProbability: probability } : {}),
    ...(clv ? { clv } : {}),
  };
  const column = ORDER_COLUMN[order?.field ?? "ID"];
  const totalCount = await prisma.prediction.count({ where });
  const rows = await pageFromNearerEnd(totalCount, first, offset, async (reversed, skip, take) => {
    const d = reversed ? flip(direction) : direction;
    // Ties are broken by id in the same direction: the indexes (version, figure, participant)
    // then give the order as is, so a deep page walks an index instead of sorting a million rows.
    const orderBy: Prisma.PredictionOrderByWithRelationInput[] = column === "patientId" ? [{ patientId: d }] : [{ [column]: d }, { patientId: d }];
    if (skip < (page.idsFirstFrom ?? DEFERRED_JOIN_FROM)) {
      const found = await prisma.prediction.findMany({ where, orderBy, skip, take, select: { ...PREDICTION_SELECT, patient: true } });
      return found.map(({ patient, ...prediction }) => ({ patient, prediction }));
    }
    // Deep pages: first the page's participant ids, which the (version, figure, participant) index
    // holds, so skipping thousands of rows reads that index only; then those rows in full.
    const ids = Object.keys(onParticipant).length === 0 && !idContains
      ? await pageIdsFromIndex(prisma, { modelVersionId: servedVersionId, riskTier: filter.riskTier ?? null, minProbability: filter.minProbability, maxProbability: filter.maxProbability, minClv: filter.minClv, maxClv: filter.maxClv }, column, d, skip, take)
      : (await prisma.prediction.findMany({ where, orderBy, skip, take, select: { patientId: true } })).map((r) => r.patientId);
    const found = await prisma.prediction.findMany({ where: { modelVersionId: servedVersionId, patientId: { in: ids } }, select: { ...PREDICTION_SELECT, patientId: true, patient: true } });
    const byId = new Map(found.map(({ patient, patientId, ...prediction }) => [patientId, { patient, prediction }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  });
  return { totalCount, rows, offset, hasNextPage: offset + rows.length < totalCount };
}

const SQL_COLUMN = { churnProbability: Prisma.raw(`"churnProbability"`), clv: Prisma.raw(`"clv"`), valueAtRisk: Prisma.raw(`"valueAtRisk"`), patientId: Prisma.raw(`"patientId"`) } as const;

/**
 * The participant ids of one page ordered by a prediction figure, selecting nothing but what the
 * (version, figure, participant) index holds: Prisma would add the row id to the select, and that
 * one column sends PostgreSQL to the table for every skipped row (0.4 s at 150,000 rows skipped,
 * against 20 ms from the index alone).
 */
async function pageIdsFromIndex(
  prisma: PrismaClient,
  f: { modelVersionId: number; riskTier: string | null; minProbability?: number | null; maxProbability?: number | null; minClv?: number | null; maxClv?: number | null },
  column: keyof typeof SQL_COLUMN,
  direction: "asc" | "desc",
  skip: number,
  take: number,
): Promise<string[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`"modelVersionId" = ${f.modelVersionId}`];
  if (f.riskTier) conditions.push(Prisma.sql`"riskTier" = ${f.riskTier}`);
  if (f.minProbability != null) conditions.push(Prisma.sql`"churnProbability" >= ${f.minProbability}`);
  if (f.maxProbability != null) conditions.push(Prisma.sql`"churnProbability" <= ${f.maxProbability}`);
  if (f.minClv != null) conditions.push(Prisma.sql`"clv" >= ${f.minClv}`);
  if (f.maxClv != null) conditions.push(Prisma.sql`"clv" <= ${f.maxClv}`);
  const dir = Prisma.raw(direction === "desc" ? "DESC" : "ASC");
  const order = column === "patientId" ? Prisma.sql`"patientId" ${dir}` : Prisma.sql`${SQL_COLUMN[column]} ${dir}, "patientId" ${dir}`;
  const rows = await prisma.$queryRaw<Array<{ patientId: string }>>(
    Prisma.sql`SELECT "patientId" FROM "Prediction" WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`,
  );
  return rows.map((r) => String(r.patientId));
}

/**
 * Reads a page from whichever end of the ordered result is nearer. SQLite walks past every
 * skipped row, so the last page of a million participants would read them all; read in reverse
 * order, it is as cheap as the first. `read(reversed, skip, take)` runs the query.
 */
async function pageFromNearerEnd<T>(totalCount: number, first: number, offset: number, read: (reversed: boolean, skip: number, take: number) => Promise<T[]>): Promise<T[]> {
  if (first === 0 || offset >= totalCount) return [];
  const take = Math.min(first, totalCount - offset);
  const fromEnd = totalCount - offset - take;
  if (fromEnd >= offset) return read(false, offset, take);
  return (await read(true, fromEnd, take)).reverse();
}

/** The served model version (id and name), or null when none is served. */
export async function servedVersionRef(prisma: PrismaClient): Promise<{ id: number; version: string } | null> {
  return prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true, version: true } });
}

/** The version id of the served model, or null when none is served. */
export async function servedVersionId(prisma: PrismaClient): Promise<number | null> {
  return (await servedVersionRef(prisma))?.id ?? null;
}

export interface PatientFilterOptions {
  studies: string[];
  sites: string[];
  phases: string[];
  therapeuticAreas: string[];
  riskTiers: readonly RiskTier[];
}

/**
 * Values present in the data for each filter: the DISTINCT values of each indexed column, read as
 * a loose index scan (each next value is one index seek past the previous one). A plain SELECT
 * DISTINCT reads the whole index when SQLite has no statistics, about half a second per page
 * view with a million participants; this costs a few milliseconds for the same list.
 */
export async function patientFilterOptions(prisma: PrismaClient): Promise<PatientFilterOptions> {
  const distinct = async (column: "studyId" | "siteId" | "phase" | "therapeuticArea") => {
    // The column name comes from the fixed list above, never from input.
    const c = `"${column}"`;
    const rows = await prisma.$queryRawUnsafe<Array<{ v: string }>>(
      `WITH RECURSIVE d(v) AS (
         SELECT MIN(${c}) FROM "Patient"
         UNION ALL
         SELECT (SELECT MIN(${c}) FROM "Patient" WHERE ${c} > d.v) FROM d WHERE d.v IS NOT NULL
       )
       SELECT v FROM d WHERE v IS NOT NULL`,
    );
    return rows.map((r) => String(r.v));
  };
  // One at a time: SQLite answers on one connection anyway.
  const studies = await distinct("studyId");
  const sites = await distinct("siteId");
  const phases = await distinct("phase");
  const therapeuticAreas = await distinct("therapeuticArea");
  return { studies, sites, phases, therapeuticAreas, riskTiers: RISK_TIERS };
}
