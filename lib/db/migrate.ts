import { PG_ROUTINES_SQL } from "./pg-routines";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PG_INVALID_CATALOG_NAME, pgErrorCode, withPgClient } from "./pg";
import { listMigrationNames, PG_MIGRATIONS, SQLITE_MIGRATIONS } from "./schema-variants";
import { dbProvider, redactUrl, resolveDatabaseUrl, sqliteFilePath, type DbProvider } from "./url";

/** Each provider has its own migrations folder and Prisma config (see lib/db/schema-variants.ts). */
const MIGRATIONS_DIR: Record<DbProvider, string> = { sqlite: SQLITE_MIGRATIONS, postgresql: PG_MIGRATIONS };
const PRISMA_CONFIG: Record<DbProvider, string> = { sqlite: "prisma.config.ts", postgresql: path.join("prisma", "postgres", "prisma.config.ts") };

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** The migrations of a provider (default SQLite's; both folders hold the same names). */
export function listMigrations(provider: DbProvider = "sqlite"): string[] {
  return listMigrationNames(path.resolve(MIGRATIONS_DIR[provider]));
}

const APPLIED_SQL = `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

function statusFrom(all: string[], appliedNames: string[]): MigrationStatus {
  const applied = new Set(appliedNames);
  return { applied: all.filter((m) => applied.has(m)), pending: all.filter((m) => !applied.has(m)) };
}

/** Reads Prisma's bookkeeping table directly, so an up-to-date database costs no CLI start. */
export async function migrationStatus(url: string = resolveDatabaseUrl()): Promise<MigrationStatus> {
  const provider = dbProvider(url);
  const all = listMigrations(provider);
  if (provider === "postgresql") {
    try {
      return await withPgClient(url, async (client) => {
        const { rows } = await client.query<{ table: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS table`);
        if (!rows[0]?.table) return { applied: [], pending: all };
        return statusFrom(all, (await client.query<{ name: string }>(APPLIED_SQL)).rows.map((r) => r.name));
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_INVALID_CATALOG_NAME) return { applied: [], pending: all };
      throw err;
    }
  }
  const file = sqliteFilePath(url);
  if (!fs.existsSync(file)) return { applied: [], pending: all };
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
    if (!table) return { applied: [], pending: all };
    return statusFrom(all, (db.prepare(APPLIED_SQL).all() as Array<{ name: string }>).map((r) => r.name));
  } finally {
    db.close();
  }
}

/** Creates the PostgreSQL database a URL names when it does not exist yet (as SQLite creates its file). */
async function ensurePostgresDatabase(url: string): Promise<void> {
  try {
    await withPgClient(url, async () => undefined);
    return;
  } catch (err) {
    if (pgErrorCode(err) !== PG_INVALID_CATALOG_NAME) throw err;
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  target.pathname = "/postgres";
  await withPgClient(target.toString(), (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
}

/** `prisma migrate deploy` through the provider's config: the offline WebAssembly engine path. */
function prismaMigrateDeploy(url: string, provider: DbProvider): Promise<void> {
  const cli = path.resolve("node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy", "--config", PRISMA_CONFIG[provider]], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed on ${redactUrl(url)} (exit ${code}):\n${output}`));
    });
  });
}

/**
 * Creates the database if needed (the SQLite file, or the PostgreSQL database on its server) and
 * applies pending migrations with `prisma migrate deploy` (the offline WebAssembly engine path),
 * using the provider's own migrations. Returns the migrations it applied.
 */
export async function migrateDatabase(url: string = resolveDatabaseUrl(), log: (msg: string) => void = () => {}): Promise<string[]> {
  const provider = dbProvider(url);
  if (provider === "postgresql") await ensurePostgresDatabase(url);
  else fs.mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
  const { pending } = await migrationStatus(url);
  if (pending.length > 0) {
    log(`applying ${pending.length} migration(s): ${pending.join(", ")}`);
    await prismaMigrateDeploy(url, provider);
  }
  if (provider === "postgresql") {
    await withPgClient(url, async (client) => {
      // A simple-query string runs as one implicit transaction: all of it or none.
      await client.query(PG_ROUTINES_SQL);
      // Migrations may add or replace indexes, which the planner only weighs with fresh statistics.
      if (pending.length > 0) await client.query("ANALYZE");
    });
    return pending;
  }
  // WAL lets the web server read while a CLI import or scoring run writes.
  const db = new Database(sqliteFilePath(url));
  try {
    db.pragma("journal_mode = WAL");
    if (pending.length > 0) db.exec("ANALYZE");
  } finally {
    db.close();
  }
  return pending;
}
