import type { PrismaClient } from "../db/client";
import type { DriftReport } from "../drift";
import { resolveDatabaseUrl } from "../db/url";
import { taskRunner } from "../workers/task-runner";
import type { OverviewSnapshot } from "./overview-snapshot";
import { readSnapshot, type SnapshotKind } from "./snapshot-store";

/**
 * Dashboard figures from their stored snapshot (./snapshot-store.ts): when participants or
 * predictions changed since it was computed, the stored figures are shown (marked as not current)
 * while the task worker thread recomputes them, so a page never waits for a million-row scan;
 * only the very first request for a version waits, and also off the event loop.
 */

export interface Figures<T> {
  data: T;
  computedAt: string;
  current: boolean;
}

// One refresh per kind and version at a time, shared by every copy of this module in the process.
const holder = globalThis as unknown as { __retainSnapshotRefresh?: Map<string, Promise<unknown>> };
const inFlight = (holder.__retainSnapshotRefresh ??= new Map());

function once<T>(id: string, run: () => Promise<T>): Promise<T> {
  let running = inFlight.get(id) as Promise<T> | undefined;
  if (!running) {
    running = run().finally(() => inFlight.delete(id));
    inFlight.set(id, running);
  }
  return running;
}

async function figures<T>(prisma: PrismaClient, kind: SnapshotKind, modelVersionId: number, compute: () => Promise<T>): Promise<Figures<T>> {
  const refresh = () => once(`${kind}:${modelVersionId}`, compute);
  const stored = await readSnapshot<T>(prisma, kind, modelVersionId);
  if (!stored) return { data: await refresh(), computedAt: new Date().toISOString(), current: true };
  if (!stored.current) void refresh().catch((err: unknown) => console.error(`${kind} refresh failed: ${err instanceof Error ? err.message : String(err)}`));
  return stored;
}

export function overviewFigures(prisma: PrismaClient, modelVersionId: number): Promise<Figures<OverviewSnapshot>> {
  return figures(prisma, "overview", modelVersionId, () => taskRunner().run("refreshOverview", { dbUrl: resolveDatabaseUrl(), modelVersionId }));
}

/** Null data: the version came without training data (imported), so drift cannot be measured. */
export function driftFigures(prisma: PrismaClient, served: { id: number; version: string }): Promise<Figures<DriftReport | null>> {
  return figures(prisma, "drift", served.id, () => taskRunner().run("driftReport", { dbUrl: resolveDatabaseUrl(), version: served.version }));
}
