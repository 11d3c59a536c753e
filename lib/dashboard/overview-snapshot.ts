import { Prisma, type PrismaClient } from "../db/client";
import { datasetSummary, type DatasetSummary } from "../data/summary/dataset-summary";
import { actionCandidates, clvHistogram, overviewFigures, probabilityHistogram, type ActionCandidate, type HistogramBin, type OverviewFigures } from "./overview";
import { riskSummary, type RiskGroup } from "./risk-summary";

/**
 * The overview page's figures as one precomputed row (DashboardSnapshot). Over a million
 * participants the aggregates take tens of seconds of table scans on this hardware, so they are
 * computed when predictions change (after every scoring run, on the task worker thread) and the
 * page reads a single row. The key names the state they describe: the served version, the newest
 * prediction and the newest participant (a re-scored participant gets a new prediction row).
 */

export interface OverviewSnapshot {
  key: string;
  computedAt: string;
  modelVersionId: number;
  dataset: DatasetSummary;
  figures: OverviewFigures;
  probability: HistogramBin[];
  clv: HistogramBin[];
  byStudy: RiskGroup[];
  byPhase: RiskGroup[];
  bySite: RiskGroup[];
  candidates: ActionCandidate[];
}

const KIND = "overview";

/** Cheap (index lookups only): changes whenever a prediction or a participant is added or replaced. */
export async function overviewKey(prisma: PrismaClient, modelVersionId: number): Promise<string> {
  const [row] = await prisma.$queryRaw<Array<{ prediction: unknown; patient: unknown }>>(Prisma.sql`
    SELECT (SELECT MAX("id") FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId}) AS prediction,
           (SELECT MAX(rowid) FROM "Patient") AS patient`);
  return `${modelVersionId}:${String(row.prediction ?? 0)}:${String(row.patient ?? 0)}`;
}

export async function computeOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<OverviewSnapshot> {
  const key = await overviewKey(prisma, modelVersionId);
  // One after the other: SQLite answers one query at a time per connection anyway.
  const dataset = await datasetSummary(prisma);
  const figures = await overviewFigures(prisma, modelVersionId);
  const probability = await probabilityHistogram(prisma, modelVersionId);
  const clv = await clvHistogram(prisma, modelVersionId);
  const byStudy = await riskSummary(prisma, modelVersionId, "STUDY");
  const byPhase = await riskSummary(prisma, modelVersionId, "PHASE");
  const bySite = await riskSummary(prisma, modelVersionId, "SITE");
  const candidates = await actionCandidates(prisma, modelVersionId);
  return { key, computedAt: new Date().toISOString(), modelVersionId, dataset, figures, probability, clv, byStudy, byPhase, bySite, candidates };
}

export async function storeOverviewSnapshot(prisma: PrismaClient, snapshot: OverviewSnapshot): Promise<void> {
  const row = { key: snapshot.key, computedAt: new Date(snapshot.computedAt), data: JSON.stringify(snapshot) };
  await prisma.dashboardSnapshot.upsert({
    where: { kind_modelVersionId: { kind: KIND, modelVersionId: snapshot.modelVersionId } },
    create: { kind: KIND, modelVersionId: snapshot.modelVersionId, ...row },
    update: row,
  });
}

/** Computes and stores the snapshot; returns it. */
export async function refreshOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<OverviewSnapshot> {
  const snapshot = await computeOverviewSnapshot(prisma, modelVersionId);
  await storeOverviewSnapshot(prisma, snapshot);
  return snapshot;
}

export interface StoredOverview {
  snapshot: OverviewSnapshot;
  /** False when participants or predictions changed since it was computed. */
  current: boolean;
}

export async function readOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<StoredOverview | null> {
  const [row, key] = await Promise.all([
    prisma.dashboardSnapshot.findUnique({ where: { kind_modelVersionId: { kind: KIND, modelVersionId } } }),
    overviewKey(prisma, modelVersionId),
  ]);
  if (!row) return null;
  return { snapshot: JSON.parse(row.data) as OverviewSnapshot, current: row.key === key };
}
