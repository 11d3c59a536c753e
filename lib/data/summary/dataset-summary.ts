import type { PrismaClient } from "../../db/client";

export interface GroupFigures {
  key: string;
  participants: number;
  /** Withdrawal rate among participants whose outcome is known; null when none is known. */
  withdrawalRate: number | null;
  meanAge: number;
  meanDistanceKm: number;
}

export interface DatasetSummary {
  participants: number;
  studies: number;
  sites: number;
  labelled: number;
  withdrawn: number;
  remainingVisits: number;
  byTherapeuticArea: GroupFigures[];
  byPhase: GroupFigures[];
}

type GroupField = "therapeuticArea" | "phase";

/** Aggregates in SQL (group by), so the cost does not grow with rows held in memory. */
async function figuresBy(prisma: PrismaClient, field: GroupField): Promise<GroupFigures[]> {
  const [all, labelled, withdrawn] = await Promise.all([
    prisma.patient.groupBy({ by: [field], _count: { _all: true }, _avg: { age: true, distanceToSiteKm: true } }),
    prisma.patient.groupBy({ by: [field], where: { churned: { not: null } }, _count: { _all: true } }),
    prisma.patient.groupBy({ by: [field], where: { churned: true }, _count: { _all: true } }),
  ]);
  const count = (rows: Array<Record<string, unknown> & { _count: { _all: number } }>, key: string) =>
    rows.find((r) => r[field] === key)?._count._all ?? 0;
  return all
    .map((g) => {
      const key = g[field] as string;
      const known = count(labelled, key);
      return {
        key,
        participants: g._count._all,
        withdrawalRate: known > 0 ? count(withdrawn, key) / known : null,
        meanAge: g._avg.age ?? 0,
        meanDistanceKm: g._avg.distanceToSiteKm ?? 0,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export async function datasetSummary(prisma: PrismaClient): Promise<DatasetSummary> {
  const [participants, studies, sites, labelled, withdrawn, visits, byTherapeuticArea, byPhase] = await Promise.all([
    prisma.patient.count(),
    prisma.patient.groupBy({ by: ["studyId"] }).then((r) => r.length),
    prisma.patient.groupBy({ by: ["siteId"] }).then((r) => r.length),
    prisma.patient.count({ where: { churned: { not: null } } }),
    prisma.patient.count({ where: { churned: true } }),
    prisma.patient.aggregate({ _sum: { remainingVisits: true } }),
    figuresBy(prisma, "therapeuticArea"),
    figuresBy(prisma, "phase"),
  ]);
  return {
    participants,
    studies,
    sites,
    labelled,
    withdrawn,
    remainingVisits: visits._sum.remainingVisits ?? 0,
    byTherapeuticArea,
    byPhase,
  };
}
