import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { readSnapshot, storeSnapshot } from "@/lib/dashboard/snapshot-store";
import { ensureLocalArtifacts } from "@/lib/ml/artifacts/artifact-sync";
import { importLightgbmModel } from "@/lib/ml/training/import-model";
import { newLogEntryId, type PredictionLogEntry } from "@/lib/scoring/predict-service";
import { TASKS } from "@/lib/workers/tasks";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/** What several instances share through the database: written once, readable by all. */

let db: TempDb;
beforeEach(async () => {
  db = await createTempDb();
  process.env.MODELS_DIR = path.join(db.dir, "models");
});
afterEach(async () => {
  delete process.env.MODELS_DIR;
  await db.cleanup();
});

function entries(n: number): PredictionLogEntry[] {
  const at = new Date("2026-12-04T10:00:00Z");
  return Array.from({ length: n }, (_, i) => ({
    entryId: newLogEntryId(),
    at,
    modelVersion: "v1",
    inputHash: i.toString(16).padStart(16, "0"),
    churnProbability: i / n,
    riskTier: "low",
    clv: 100 + i,
    cached: i % 2 === 0,
    source: "predictBatch",
  }));
}

describe("exactly-once background writes", () => {
  it("a prediction log batch written twice (a retry after a lost acknowledgement) lands once", async () => {
    const rows = entries(1_234); // more than one multi-row statement
    expect(await TASKS.writePredictionLog({ dbUrl: db.url, rows })).toBe(1_234);
    expect(await TASKS.writePredictionLog({ dbUrl: db.url, rows: rows.slice(1_000) })).toBe(0);
    const more = entries(3);
    expect(await TASKS.writePredictionLog({ dbUrl: db.url, rows: [...rows.slice(0, 5), ...more] })).toBe(3);
    expect(await db.prisma.predictionLog.count()).toBe(1_237);
    const stored = await db.prisma.predictionLog.findUniqueOrThrow({ where: { entryId: rows[7].entryId } });
    expect(stored).toMatchObject({ modelVersion: "v1", inputHash: rows[7].inputHash, churnProbability: rows[7].churnProbability, cached: false, source: "predictBatch" });
    expect(stored.at.toISOString()).toBe(rows[7].at.toISOString());
  });

  it("entry ids are unique within a process and differ between processes", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newLogEntryId()));
    expect(ids.size).toBe(10_000);
    const [prefix] = [...ids][0].split(".");
    expect(prefix.length).toBeGreaterThanOrEqual(12);
  });

  it("snapshot refreshes from two instances at once leave one row per kind and version", async () => {
    const other = createPrisma(db.url);
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => storeSnapshot(i % 2 ? db.prisma : other, "overview", 1, `k${i}`, { i })));
      expect(await db.prisma.dashboardSnapshot.count()).toBe(1);
      expect(await readSnapshot(db.prisma, "overview", 1)).not.toBeNull();
    } finally {
      await other.$disconnect();
    }
  });
});

describe("model artefacts shared through the database", () => {
  it("a version registered on one host is materialised, byte for byte, on another", async () => {
    const meta = await importLightgbmModel(db, path.resolve("tests/fixtures/lightgbm/main.model.txt"), "shared-main");
    const here = path.join(db.dir, "models", meta.version);
    const stored = await db.prisma.modelArtifact.findMany({ where: { modelVersion: { version: meta.version } }, select: { name: true } });
    expect(stored.map((s) => s.name).sort()).toEqual(["model.json", "model.onnx", "model.txt"]);

    const elsewhere = path.join(db.dir, "other-host");
    // Two processes of the other host at once: both succeed, one folder results.
    const wrote = await Promise.all([ensureLocalArtifacts(db.prisma, meta.version, elsewhere), ensureLocalArtifacts(db.prisma, meta.version, elsewhere)]);
    expect(wrote.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    for (const f of ["model.txt", "model.onnx", "model.json"]) {
      expect(fs.readFileSync(path.join(elsewhere, meta.version, f)).equals(fs.readFileSync(path.join(here, f)))).toBe(true);
    }
    expect(fs.readdirSync(elsewhere)).toEqual([meta.version]); // no partial folders left behind
    expect(await ensureLocalArtifacts(db.prisma, meta.version, elsewhere)).toBe(false);
    // Nothing stored: left alone, so reading fails with the usual message.
    expect(await ensureLocalArtifacts(db.prisma, "unknown-version", elsewhere)).toBe(false);
  });
});
