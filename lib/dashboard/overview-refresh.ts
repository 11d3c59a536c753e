import type { PrismaClient } from "../db/client";
import { resolveDatabaseUrl } from "../db/url";
import { taskRunner } from "../workers/task-runner";
import { readOverviewSnapshot, type OverviewSnapshot } from "./overview-snapshot";

// One refresh per model version at a time, shared by every copy of this module in the process.
const holder = globalThis as unknown as { __retainOverviewRefresh?: Map<number, Promise<OverviewSnapshot>> };
const inFlight = (holder.__retainOverviewRefresh ??= new Map());

function refresh(modelVersionId: number): Promise<OverviewSnapshot> {
  let running = inFlight.get(modelVersionId);
  if (!running) {
    running = taskRunner()
      .run("refreshOverview", { dbUrl: resolveDatabaseUrl(), modelVersionId })
      .finally(() => inFlight.delete(modelVersionId));
    inFlight.set(modelVersionId, running);
  }
  return running;
}

/**
 * The overview's figures for a page: the stored snapshot when there is one (recomputed in the
 * background on the task worker when participants or predictions changed since, so the page never
 * waits for a million-row scan), otherwise computed now, also on the task worker.
 */
export async function overviewSnapshot(prisma: PrismaClient, modelVersionId: number): Promise<{ snapshot: OverviewSnapshot; current: boolean }> {
  const stored = await readOverviewSnapshot(prisma, modelVersionId);
  if (!stored) return { snapshot: await refresh(modelVersionId), current: true };
  if (!stored.current) void refresh(modelVersionId).catch((err: unknown) => console.error(`overview refresh failed: ${err instanceof Error ? err.message : String(err)}`));
  return stored;
}
