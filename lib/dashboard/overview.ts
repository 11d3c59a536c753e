import { Prisma, providerOf, type PrismaClient } from "../db/client";
import { truncToInt } from "../db/dialect";

/**
 * The overview page's figures over the served model's stored predictions. Every figure is an
 * aggregate computed by the database, so the page costs a handful of queries whether there are
 * twenty thousand participants or a million.
 */

export interface OverviewFigures {
  participants: number;
  scored: number;
  /** Mean predicted churn probability: the expected share of withdrawals. */
  predictedWithdrawalRate: number;
  high: number;
  critical: number;
  totalClv: number;
  totalValueAtRisk: number;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface ActionCandidate {
  id: string;
  studyId: string;
  siteId: string;
  churnProbability: number;
  riskTier: string;
  clv: number;
  valueAtRisk: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export async function overviewFigures(prisma: PrismaClient, modelVersionId: number): Promise<OverviewFigures> {
  const [row] = await prisma.$queryRaw<Array<Record<string, unknown>>>(Prisma.sql`
    SELECT (SELECT COUNT(*) FROM "Patient") AS participants,
           COUNT(*) AS scored,
           AVG("churnProbability") AS "meanProbability",
           SUM(CASE WHEN "riskTier" = 'high' THEN 1 ELSE 0 END) AS high,
           SUM(CASE WHEN "riskTier" = 'critical' THEN 1 ELSE 0 END) AS critical,
           SUM("clv") AS "totalClv",
           SUM("valueAtRisk") AS "totalValueAtRisk"
    FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId}`);
  return {
    participants: num(row.participants),
    scored: num(row.scored),
    predictedWithdrawalRate: num(row.meanProbability),
    high: num(row.high),
    critical: num(row.critical),
    totalClv: num(row.totalClv),
    totalValueAtRisk: num(row.totalValueAtRisk),
  };
}

/** Counts of churn probability in `bins` equal-width bins over [0, 1]; every bin is present. */
export async function probabilityHistogram(prisma: PrismaClient, modelVersionId: number, bins = 20): Promise<HistogramBin[]> {
  const rows = await prisma.$queryRaw<Array<{ bin: unknown; count: unknown }>>(Prisma.sql`
    SELECT CASE WHEN "churnProbability" >= 1 THEN ${bins - 1} ELSE ${truncToInt(providerOf(prisma), Prisma.sql`"churnProbability" * ${bins}`)} END AS bin, COUNT(*) AS count
    FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId} GROUP BY 1`);
  return fillBins(rows, bins, 0, 1 / bins);
}

/**
 * Counts of lifetime value in `bins` equal-width bins from 0 to the 99th percentile (values above
 * it go to the last bin, so a few very valuable participants do not squash the rest).
 */
export async function clvHistogram(prisma: PrismaClient, modelVersionId: number, bins = 20): Promise<HistogramBin[]> {
  const [stats] = await prisma.$queryRaw<Array<{ n: unknown }>>(Prisma.sql`SELECT COUNT(*) AS n FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId}`);
  const n = num(stats.n);
  if (n === 0) return [];
  const [p99row] = await prisma.$queryRaw<Array<{ clv: unknown }>>(Prisma.sql`
    SELECT "clv" FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId}
    ORDER BY "clv" LIMIT 1 OFFSET ${Math.min(n - 1, Math.floor(0.99 * (n - 1)))}`);
  const top = Math.max(num(p99row.clv), 1);
  const width = top / bins;
  const rows = await prisma.$queryRaw<Array<{ bin: unknown; count: unknown }>>(Prisma.sql`
    SELECT CASE WHEN "clv" >= ${top} THEN ${bins - 1} WHEN "clv" < 0 THEN 0 ELSE ${truncToInt(providerOf(prisma), Prisma.sql`"clv" / ${width}`)} END AS bin, COUNT(*) AS count
    FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId} GROUP BY 1`);
  return fillBins(rows, bins, 0, width);
}

function fillBins(rows: Array<{ bin: unknown; count: unknown }>, bins: number, start: number, width: number): HistogramBin[] {
  const counts = new Array<number>(bins).fill(0);
  for (const r of rows) counts[Math.min(bins - 1, Math.max(0, num(r.bin)))] += num(r.count);
  return counts.map((count, i) => ({ lower: start + i * width, upper: start + (i + 1) * width, count }));
}

/** High and critical risk participants with the most value at risk: where effort pays first. */
export async function actionCandidates(prisma: PrismaClient, modelVersionId: number, limit = 10): Promise<ActionCandidate[]> {
  const rows = await prisma.$queryRaw<Array<Record<string, unknown>>>(Prisma.sql`
    SELECT p."id", p."studyId", p."siteId", r."churnProbability", r."riskTier", r."clv", r."valueAtRisk"
    FROM "Prediction" r JOIN "Patient" p ON p."id" = r."patientId"
    WHERE r."modelVersionId" = ${modelVersionId} AND r."riskTier" IN ('high', 'critical')
    ORDER BY r."valueAtRisk" DESC, p."id" LIMIT ${limit}`);
  return rows.map((r) => ({
    id: String(r.id),
    studyId: String(r.studyId),
    siteId: String(r.siteId),
    churnProbability: num(r.churnProbability),
    riskTier: String(r.riskTier),
    clv: num(r.clv),
    valueAtRisk: num(r.valueAtRisk),
  }));
}
