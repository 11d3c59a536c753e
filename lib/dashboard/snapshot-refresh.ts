import type { PrismaClient } from "../db/client";
import type { DriftReport } from "../drift";
import { resolveDatabaseUrl } from "../db/url";
import { taskRunner } from "../workers/task-runner";
import type { OverviewSnapshot } from "./overview-snapshot";
import { readSnapshot, type SnapshotKind } from "./snapshot-store";

/**
 * Dashboard figures from their stored snapshot (./snapshot-store.ts): when participants or
 * predictions changed since it was computed, the stored figures are shown (marked as not current)
 * while the task worker thread recomputes them, so a page never waits for a million-row scan.
 * When no snapshot exists yet (a version's first request), a page waits briefly for the first
 * computation and otherwise says it is under way, rather than holding the request for minutes.
 */

export interface Figures<T> {
  data: T;
  computedAt: string;
  current: boolean;
}

/** A first computation still running: there are no figures to show yet. */
export interface PendingFigures {
  pending: true;
  startedAt: string;
}

/** How long a page waits for a first computation before answering that it is under way. */
export const FIRST_COMPUTE_WAIT_MS = 400;

interface Running {
  promise: Promise<unknown>;
  startedAt: string;
}

// One refresh per kind and version at a time, shared by every copy of this module in the process.
const holder = globalThis as unknown as { __retainSnapshotRefresh?: Map<string, Running> };
const inFlight = (holder.__retainSnapshotRefresh ??= new Map());

function once<T>(id: string, run: () => Promise<T>): Running & { promise: Promise<T> } {
  let running = inFlight.get(id) as (Running & { promise: Promise<T> }) | undefined;
  if (!running) {
    const promise = run().finally(() => inFlight.delete(id));
    // A refresh nobody waits for any more must not become an unhandled rejection.
    promise.catch((err: unknown) => console.error(`${id} refresh failed: ${err instanceof Error ? err.message : String(err)}`));
    running = { promise, startedAt: new Date().toISOString() };
    inFlight.set(id, running);
  }
  return running;
}

/**
 * The figures of one kind and version: the stored snapshot (recomputed in the background when
 * stale), else the first computation if it ends within `waitMs`, else a pending marker.
 */
export async function snapshotFigures<T>(
  read: () => Promise<Figures<T> | null>,
  id: string,
  compute: () => Promise<T>,
  waitMs: number = FIRST_COMPUTE_WAIT_MS,
): Promise<Figures<T> | PendingFigures> {
  const stored = await read();
  if (stored) {
    if (!stored.current) once(id, compute);
    return stored;
  }
  const running = once(id, compute);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    const data = await Promise.race([running.promise, waited]);
    if (data === null) return { pending: true, startedAt: running.startedAt };
    return { data, computedAt: new Date().toISOString(), current: true };
  } finally {
    clearTimeout(timer);
  }
}

function figures<T>(prisma: PrismaClient, kind: SnapshotKind, modelVersionId: number, compute: () => Promise<T>): Promise<Figures<T> | PendingFigures> {
  return snapshotFigures(() => readSnapshot<T>(prisma, kind, modelVersionId), `${kind}:${modelVersionId}`, compute);
}

export function isPending<T>(f: Figures<T> | PendingFigures): f is PendingFigures {
  return "pending" in f;
}

export function overviewFigures(prisma: PrismaClient, modelVersionId: number): Promise<Figures<OverviewSnapshot> | PendingFigures> {
  return figures(prisma, "overview", modelVersionId, () => taskRunner().run("refreshOverview", { dbUrl: resolveDatabaseUrl(), modelVersionId }));
}

/** Null data: the version came without training data (imported), so drift cannot be measured. */
export function driftFigures(prisma: PrismaClient, served: { id: number; version: string }): Promise<Figures<DriftReport | null> | PendingFigures> {
  return figures(prisma, "drift", served.id, () => taskRunner().run("driftReport", { dbUrl: resolveDatabaseUrl(), version: served.version }));
}

/**
 * Starts computing the served version's overview and drift figures when they are missing or
 * stale, so that a server's first dashboard visitor finds them ready. Never throws.
 */
export async function warmDashboardSnapshots(prisma: PrismaClient): Promise<void> {
  try {
    const served = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true, version: true } });
    // The overview without a served model is stored under version 0, as the page asks for it.
    await Promise.all([overviewFigures(prisma, served?.id ?? 0), served ? driftFigures(prisma, served) : null]);
  } catch (err) {
    console.error(`dashboard figures could not be prepared: ${err instanceof Error ? err.message : String(err)}`);
  }
}
