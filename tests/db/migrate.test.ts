import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { listMigrations, migrateDatabase, migrationStatus } from "@/lib/db/migrate";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempUrl(): { url: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-migrate-"));
  dirs.push(dir);
  const file = path.join(dir, "nested", "fresh.db");
  return { url: `file:${file}`, file };
}

describe("migrations", () => {
  it("create every table on an empty database, then report nothing pending", () => {
    const { url, file } = tempUrl();
    expect(fs.existsSync(file)).toBe(false);
    expect(migrationStatus(url).pending).toEqual(listMigrations());

    const applied = migrateDatabase(url);
    expect(applied).toEqual(listMigrations());
    expect(migrationStatus(url)).toEqual({ applied: listMigrations(), pending: [] });

    const db = new Database(file, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    const patientColumns = (db.prepare("PRAGMA table_info('Patient')").all() as Array<{ name: string }>).map((c) => c.name);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='Patient'").all() as Array<{ name: string }>).map((i) => i.name);
    const journal = db.pragma("journal_mode", { simple: true });
    db.close();

    expect(tables).toEqual(expect.arrayContaining(["AuditEvent", "ModelVersion", "Patient", "Prediction", "_prisma_migrations"]));
    expect(patientColumns).toEqual(expect.arrayContaining(["studyId", "siteId", "satisfactionScore", "ediaryCompliance", "churned"]));
    expect(indexes).toEqual(expect.arrayContaining(["Patient_studyId_idx", "Patient_siteId_idx", "Patient_phase_idx"]));
    expect(journal).toBe("wal");
  });

  it("is idempotent: a second run applies nothing", () => {
    const { url } = tempUrl();
    migrateDatabase(url);
    expect(migrateDatabase(url)).toEqual([]);
  });
});
