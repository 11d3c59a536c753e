import { Prisma, type PrismaClient } from "../db/client";

/**
 * Precomputed dashboard figures (DashboardSnapshot rows), one per kind and model version. Figures
 * that need a scan of every participant are computed once per state of the data and read as one
 * row; `key` names that state.
 */

export type SnapshotKind = "overview" | "drift";

/**
 * The state of the data a snapshot describes: the served version, its newest prediction (a
 * re-scored participant gets a new prediction row) and the participants, as their count and
 * greatest id (participants are only ever added, by imports). Portable SQL: SQLite's rowid, used
 * before, has no PostgreSQL counterpart. The count reads the smallest participant index.
 */
export async function snapshotKey(prisma: PrismaClient, modelVersionId: number): Promise<string> {
  const [row] = await prisma.$queryRaw<Array<{ prediction: unknown; patients: unknown; lastPatient: unknown }>>(Prisma.sql`
    SELECT (SELECT MAX("id") FROM "Prediction" WHERE "modelVersionId" = ${modelVersionId}) AS prediction,
           (SELECT COUNT(*) FROM "Patient") AS patients,
           (SELECT MAX("id") FROM "Patient") AS "lastPatient"`);
  return `${modelVersionId}:${String(row.prediction ?? 0)}:${String(row.patients ?? 0)}:${String(row.lastPatient ?? "")}`;
}

export interface StoredSnapshot<T> {
  data: T;
  computedAt: string;
  /** False when participants or predictions changed since it was computed. */
  current: boolean;
}

export async function readSnapshot<T>(prisma: PrismaClient, kind: SnapshotKind, modelVersionId: number): Promise<StoredSnapshot<T> | null> {
  const [row, key] = await Promise.all([
    prisma.dashboardSnapshot.findUnique({ where: { kind_modelVersionId: { kind, modelVersionId } } }),
    snapshotKey(prisma, modelVersionId),
  ]);
  if (!row) return null;
  // Stored as JSON text written by this module, so numbers round-trip exactly.
  return { data: JSON.parse(row.data) as T, computedAt: row.computedAt.toISOString(), current: row.key === key };
}

export async function storeSnapshot(prisma: PrismaClient, kind: SnapshotKind, modelVersionId: number, key: string, data: unknown): Promise<void> {
  const row = { key, computedAt: new Date(), data: JSON.stringify(data) };
  await prisma.dashboardSnapshot.upsert({
    where: { kind_modelVersionId: { kind, modelVersionId } },
    create: { kind, modelVersionId, ...row },
    update: row,
  });
}
