import { Prisma, type PrismaClient } from "../db/client";

/** Participant columns the risk summary can group by. */
export const RISK_GROUP_COLUMNS = { STUDY: "studyId", SITE: "siteId", PHASE: "phase", THERAPEUTIC_AREA: "therapeuticArea" } as const;
export type RiskGroupBy = keyof typeof RISK_GROUP_COLUMNS;

export interface RiskGroup {
  key: string;
  participants: number;
  meanProbability: number;
  low: number;
  medium: number;
  high: number;
  critical: number;
  totalClv: number;
  totalValueAtRisk: number;
}

/**
 * Risk tiers, mean probability and value per group of participants, over one model version's
 * stored predictions. Aggregated by the database: a million predictions never reach this process.
 */
export async function riskSummary(prisma: PrismaClient, modelVersionId: number, groupBy: RiskGroupBy): Promise<RiskGroup[]> {
  const column = Prisma.raw(`p."${RISK_GROUP_COLUMNS[groupBy]}"`);
  const rows = await prisma.$queryRaw<Array<Record<string, number | bigint | string | null>>>(Prisma.sql`
    SELECT ${column} AS "key", COUNT(*) AS participants, AVG(r."churnProbability") AS "meanProbability",
           SUM(CASE WHEN r."riskTier" = 'low' THEN 1 ELSE 0 END) AS low,
           SUM(CASE WHEN r."riskTier" = 'medium' THEN 1 ELSE 0 END) AS medium,
           SUM(CASE WHEN r."riskTier" = 'high' THEN 1 ELSE 0 END) AS high,
           SUM(CASE WHEN r."riskTier" = 'critical' THEN 1 ELSE 0 END) AS critical,
           SUM(r."clv") AS "totalClv", SUM(r."valueAtRisk") AS "totalValueAtRisk"
    FROM "Prediction" r JOIN "Patient" p ON p."id" = r."patientId"
    WHERE r."modelVersionId" = ${modelVersionId}
    GROUP BY ${column} ORDER BY ${column}`);
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
}
