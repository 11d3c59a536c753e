import type { PrismaClient } from "../db/client";
import { datasetSummary, type DatasetSummary } from "../data/summary/dataset-summary";
import { actionCandidates, clvHistogram, overviewFigures, probabilityHistogram, type ActionCandidate, type HistogramBin, type OverviewFigures } from "./overview";
import { riskSummary, type RiskGroup } from "./risk-summary";
import { readSnapshot, snapshotKey, storeSnapshot } from "./snapshot-store";

/**
 * The overview page's figures as one precomputed row (DashboardSnapshot). Over a million
 * participants the aggregates take tens of seconds of table scans on this hardware, so they are
 * computed when predictions change (after every scoring run, on the task worker thread) and the
 * page reads a single row (./snapshot-store.ts).
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

export async function computeOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<OverviewSnapshot> {
  const key = await snapshotKey(prisma, modelVersionId);
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

/** Computes and stores the snapshot; returns it. */
export async function refreshOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<OverviewSnapshot> {
  const snapshot = await computeOverviewSnapshot(prisma, modelVersionId);
  await storeSnapshot(prisma, "overview", modelVersionId, snapshot.key, snapshot);
  return snapshot;
}

export async function readOverviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<{ snapshot: OverviewSnapshot; current: boolean } | null> {
  const stored = await readSnapshot<OverviewSnapshot>(prisma, "overview", modelVersionId);
  return stored && { snapshot: stored.data, current: stored.current };
}
