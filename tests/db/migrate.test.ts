import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { listMigrations, migrateDatabase, migrationStatus } from "@/lib/db/migrate";
import { TEST_PROVIDER } from "../helpers/temp-db";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function adminQuery<T extends pg.QueryResultRow>(sql: string, url = inject("postgresAdminUrl")): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

let counter = 0;
/** A URL for a database that does not exist yet: a file in a missing folder, or an absent PostgreSQL database. */
function freshUrl(): { url: string; exists: () => boolean } {
  if (TEST_PROVIDER === "postgresql") {
    const name = `retain_migrate_${process.pid}_${++counter}`;
    const url = new URL(inject("postgresAdminUrl"));
    url.pathname = `/${name}`;
    cleanups.push(async () => void (await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
    return { url: url.toString(), exists: () => true };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-migrate-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "nested", "fresh.db");
  return { url: `file:${file}`, exists: () => fs.existsSync(file) };
}

interface Shape {
  tables: string[];
  patientColumns: string[];
  patientIndexes: string[];
}

async function shapeOf(url: string): Promise<Shape> {
  if (TEST_PROVIDER === "postgresql") {
    const tables = await adminQuery<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`, url);
    const columns = await adminQuery<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Patient'`, url);
    const indexes = await adminQuery<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'Patient'`, url);
    return { tables: tables.map((t) => t.name), patientColumns: columns.map((c) => c.name), patientIndexes: indexes.map((i) => i.name) };
  }
  const db = new Database(url.slice("file:".length), { readonly: true });
  try {
    const names = (sql: string) => (db.prepare(sql).all() as Array<{ name: string }>).map((r) => r.name);
    return {
      tables: names("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"),
      patientColumns: names("PRAGMA table_info('Patient')"),
      patientIndexes: names("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='Patient'"),
    };
  } finally {
    db.close();
  }
}

describe(`migrations (${TEST_PROVIDER})`, () => {
  it("create the database and every table, then report nothing pending", async () => {
    const { url, exists } = freshUrl();
    if (TEST_PROVIDER === "sqlite") expect(exists()).toBe(false);
    const all = listMigrations(TEST_PROVIDER);
    expect((await migrationStatus(url)).pending).toEqual(all);

    const applied = await migrateDatabase(url);
    expect(applied).toEqual(all);
    expect(await migrationStatus(url)).toEqual({ applied: all, pending: [] });

    const shape = await shapeOf(url);
    expect(shape.tables).toEqual(expect.arrayContaining(["AuditEvent", "ModelVersion", "Patient", "Prediction", "_prisma_migrations"]));
    expect(shape.patientColumns).toEqual(expect.arrayContaining(["studyId", "siteId", "satisfactionScore", "ediaryCompliance", "churned"]));
    expect(shape.patientIndexes).toEqual(expect.arrayContaining(["Patient_studyId_idx", "Patient_siteId_idx", "Patient_phase_idx"]));
    if (TEST_PROVIDER === "sqlite") {
      const db = new Database(url.slice("file:".length), { readonly: true });
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      db.close();
    }
  });

  it("is idempotent: a second run applies nothing", async () => {
    const { url } = freshUrl();
    await migrateDatabase(url);
    expect(await migrateDatabase(url)).toEqual([]);
  });
});
