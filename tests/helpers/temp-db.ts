import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createPrisma, type DbProvider, type PrismaClient } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

/**
 * The database the database-backed suites run on: vitest's "sqlite" project runs every test on
 * SQLite, its "postgresql" project runs the database-backed files again on the throwaway
 * PostgreSQL cluster of postgres-global-setup.ts (see vitest.config.mts).
 */
export const TEST_PROVIDER: DbProvider = process.env.RETAIN_TEST_DB === "postgresql" ? "postgresql" : "sqlite";

export interface TempDb {
  provider: DbProvider;
  /** A temporary folder of the test's own (models, CSV files), removed by cleanup(). */
  dir: string;
  url: string;
  /** The SQLite file (SQLite only; empty on PostgreSQL). */
  file: string;
  prisma: PrismaClient;
  cleanup: () => Promise<void>;
}

let template: string | null = null;

/** Migrating costs a Prisma CLI start, so each test worker migrates once and copies the file. */
async function migratedSqliteTemplate(): Promise<string> {
  if (template && fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-template-"));
  const file = path.join(dir, "template.db");
  await migrateDatabase(`file:${file}`);
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  template = file;
  return file;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("postgresAdminUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database copied from the migrated template; its name is returned. */
async function createPostgresDb(): Promise<string> {
  const name = `retain_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const templateName = inject("postgresTemplate");
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(templateName)}`);
      return name;
    } catch (err) {
      // Two workers copying the template at the same moment: PostgreSQL refuses the second.
      if (attempt < 20 && err instanceof Error && /being accessed by other users/.test(err.message)) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw err;
    }
  }
}

/** A migrated database of its own (SQLite file or PostgreSQL database), removed by cleanup(). */
export async function createTempDb(provider: DbProvider = TEST_PROVIDER): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-test-"));
  if (provider === "postgresql") {
    const name = await createPostgresDb();
    const url = new URL(inject("postgresAdminUrl"));
    url.pathname = `/${name}`;
    const prisma = createPrisma(url.toString());
    return {
      provider,
      dir,
      url: url.toString(),
      file: "",
      prisma,
      cleanup: async () => {
        await prisma.$disconnect();
        // FORCE: connections a test left open (a worker thread's pool) must not keep it alive.
        await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dir, "test.db");
  fs.copyFileSync(await migratedSqliteTemplate(), file);
  const url = `file:${file}`;
  const prisma = createPrisma(url);
  return {
    provider,
    dir,
    url,
    file,
    prisma,
    cleanup: async () => {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
