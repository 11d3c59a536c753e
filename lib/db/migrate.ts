import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "./url";

const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export function listMigrations(dir: string = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

/** Reads Prisma's bookkeeping table directly, so an up-to-date database costs no CLI start. */
export function migrationStatus(url: string = resolveDatabaseUrl()): MigrationStatus {
  const all = listMigrations();
  const file = sqliteFilePath(url);
  if (!fs.existsSync(file)) return { applied: [], pending: all };
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
    if (!table) return { applied: [], pending: all };
    const rows = db
      .prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as Array<{ name: string }>;
    const applied = new Set(rows.map((r) => r.name));
    return { applied: all.filter((m) => applied.has(m)), pending: all.filter((m) => !applied.has(m)) };
  } finally {
    db.close();
  }
}

/**
 * Creates the SQLite file if needed and applies pending migrations with `prisma migrate deploy`
 * (the offline WebAssembly engine path). Returns the migrations it applied.
 */
export function migrateDatabase(url: string = resolveDatabaseUrl(), log: (msg: string) => void = () => {}): string[] {
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { pending } = migrationStatus(url);
  if (pending.length > 0) {
    log(`applying ${pending.length} migration(s): ${pending.join(", ")}`);
    const cli = path.resolve("node_modules", "prisma", "build", "index.js");
    const result = spawnSync(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8",
    });
    if (result.status !== 0) {
      throw new Error(`prisma migrate deploy failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  }
  // WAL lets the web server read while a CLI import or scoring run writes.
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    // Migrations may add or replace indexes, which the planner only weighs with fresh statistics.
    if (pending.length > 0) db.exec("ANALYZE");
  } finally {
    db.close();
  }
  return pending;
}
