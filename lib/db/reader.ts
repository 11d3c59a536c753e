import Database from "better-sqlite3";
import type pg from "pg";
import { positionalSql } from "./dialect";
import { connectPg, toPgValue } from "./pg";
import { dbProvider, sqliteFilePath } from "./url";
import type { SqlValue } from "./bulk-writer";

/**
 * A read-only connection of its own for long reads that page through big tables (scoring runs,
 * planner and drift populations) outside Prisma, so rows arrive as plain objects without Prisma's
 * per-row cost. Statements use `?` placeholders. Values come back as each driver gives them:
 * flags as 1/0 (SQLite) or true/false (PostgreSQL), DateTimes as ISO text (SQLite) or Date
 * (PostgreSQL); numbers as numbers on both. Callers page by key (`WHERE "id" > ? ORDER BY "id"
 * LIMIT ?`), so memory stays flat on both.
 */
export interface DbReader {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openReader(url: string): Promise<DbReader> {
  if (dbProvider(url) === "postgresql") {
    const client: pg.Client = await connectPg(url);
    return {
      async all<T>(sql: string, params: readonly SqlValue[] = []) {
        return (await client.query(positionalSql("postgresql", sql), params.map(toPgValue))).rows as T[];
      },
      close: () => client.end(),
    };
  }
  const db = new Database(sqliteFilePath(url), { readonly: true, timeout: 10_000 });
  const statements = new Map<string, Database.Statement>();
  return {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt.all(params.map((v) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v))) as T[];
    },
    async close() {
      db.close();
    },
  };
}
