import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/db/migrate";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/**
 * The two migration histories, applied, give the same database: the same tables, the same columns
 * (name, nullability, default or not) and the same secondary indexes (name, columns, uniqueness).
 * The PostgreSQL side is a copy of the cluster's template, migrated by `prisma migrate deploy`
 * from prisma/postgres/migrations; the SQLite side a fresh file migrated from prisma/migrations.
 */
interface Column {
  name: string;
  nullable: boolean;
  hasDefault: boolean;
}
interface Index {
  name: string;
  columns: string[];
  unique: boolean;
}
interface Shape {
  tables: Record<string, { columns: Column[]; indexes: Index[] }>;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as Array<{ name: string }>).map((t) => t.name);
    const shape: Shape = { tables: {} };
    for (const t of tables) {
      const info = db.prepare(`SELECT name, "notnull" AS nn, dflt_value AS d, pk FROM pragma_table_info(?)`).all(t) as Array<{ name: string; nn: number; d: unknown; pk: number }>;
      const singleKey = info.filter((c) => c.pk > 0).length === 1;
      const columns = info.map((c) => ({
        name: c.name,
        // SQLite allows NULL in a non-INTEGER primary key unless told otherwise; PostgreSQL never does.
        nullable: c.nn === 0 && c.pk === 0,
        // An INTEGER PRIMARY KEY (a single-column key) autoincrements without a DEFAULT; PostgreSQL's SERIAL has one.
        hasDefault: c.d !== null || (c.pk === 1 && singleKey && /INTEGER/i.test(String((db.prepare(`SELECT type FROM pragma_table_info(?) WHERE name = ?`).get(t, c.name) as { type: string }).type))),
      }));
      // Secondary indexes only (those created by CREATE INDEX): primary keys differ in kind.
      const indexes = (db.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?) WHERE origin = 'c'`).all(t) as Array<{ name: string; u: number }>).map((i) => ({
        name: i.name,
        unique: i.u === 1,
        columns: (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as Array<{ name: string }>).map((c) => c.name),
      }));
      shape.tables[t] = { columns: columns.sort(byName), indexes: indexes.sort(byName) };
    }
    return shape;
  } finally {
    db.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;
    const tables = (await q<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)).map((t) => t.name);
    const shape: Shape = { tables: {} };
    for (const t of tables) {
      const columns = (await q<{ name: string; nullable: string; d: string | null }>(`SELECT column_name AS name, is_nullable AS nullable, column_default AS d FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, [t])).map((c) => ({
        name: c.name,
        nullable: c.nullable === "YES",
        hasDefault: c.d !== null,
      }));
      const indexes = await q<{ name: string; unique: boolean; columns: string[] }>(
        `SELECT i.relname AS name, x.indisunique AS unique,
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace
         WHERE s.nspname = 'public' AND c.relname = $1 AND NOT x.indisprimary`,
        [t],
      );
      shape.tables[t] = { columns: columns.sort(byName), indexes: indexes.map((i) => ({ name: i.name, unique: i.unique, columns: i.columns })).sort(byName) };
    }
    return shape;
  } finally {
    await client.end();
  }
}

let dir: string;
let pgDb: TempDb;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-parity-"));
  pgDb = await createTempDb("postgresql");
});
afterAll(async () => {
  await pgDb.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("SQLite and PostgreSQL migrations", () => {
  it("produce the same tables, columns and indexes", async () => {
    const file = path.join(dir, "parity.db");
    await migrateDatabase(`file:${file}`);
    const sqlite = sqliteShape(file);
    const postgres = await postgresShape(pgDb.url);
    expect(Object.keys(sqlite.tables).sort()).toEqual(["ApiKey", "AuditEvent", "DashboardSnapshot", "ModelArtifact", "ModelVersion", "Patient", "Prediction", "PredictionLog", "User"]);
    expect(Object.keys(postgres.tables).sort()).toEqual(Object.keys(sqlite.tables).sort());
    for (const table of Object.keys(sqlite.tables)) {
      expect({ table, ...postgres.tables[table] }).toEqual({ table, ...sqlite.tables[table] });
    }
  });

  it("refuse changes to the audit trail on both: the same triggers by name, hand-written for PostgreSQL", async () => {
    const file = path.join(dir, "triggers.db");
    await migrateDatabase(`file:${file}`);
    const db = new Database(file, { readonly: true });
    const sqliteTriggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    db.close();
    const client = new pg.Client({ connectionString: pgDb.url });
    await client.connect();
    try {
      const pgTriggers = (await client.query<{ name: string }>("SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")).rows.map((r) => r.name);
      expect(sqliteTriggers).toEqual(["AuditEvent_no_delete", "AuditEvent_no_update"]);
      // PostgreSQL also refuses TRUNCATE, which skips row triggers and has no SQLite counterpart.
      expect(pgTriggers).toEqual([...sqliteTriggers, "AuditEvent_no_truncate"].sort());
    } finally {
      await client.end();
    }
  });
});
