import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "./url";
import { sqliteBusyTimeoutMs } from "../reliability/sqlite-busy";

export type SqlValue = string | number | boolean | Date | null;

/** Writes many rows inside one transaction that the caller's callback spans. */
export interface BulkWriter {
  insert(table: string, columns: readonly string[], rows: ReadonlyArray<readonly SqlValue[]>): number;
  /** One statement with bound parameters; returns the rows changed. */
  execute(sql: string, params?: readonly SqlValue[]): number;
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit UTC offset. */
function toSqlite(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * Runs `work` inside one SQLite write transaction on its own connection: committed when `work`
 * resolves, rolled back when it throws, so a batch lands completely or not at all.
 *
 * Bulk writes bypass Prisma on purpose: its driver adapter sends one statement per row
 * (~1 ms each), while a prepared statement in one transaction writes 20,000 rows in ~0.2 s.
 * Values are always bound, never interpolated.
 */
export async function withBulkWriter<T>(work: (writer: BulkWriter) => Promise<T>, url: string = resolveDatabaseUrl()): Promise<T> {
  const db = new Database(sqliteFilePath(url), { timeout: sqliteBusyTimeoutMs() });
  const statements = new Map<string, Database.Statement>();
  const writer: BulkWriter = {
    insert(table, columns, rows) {
      const key = `${table}\0${columns.join("\0")}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
        statements.set(key, stmt);
      }
      for (const row of rows) {
        if (row.length !== columns.length) throw new Error(`insert into ${table}: row has ${row.length} values, expected ${columns.length}`);
        stmt.run(row.map(toSqlite));
      }
      return rows.length;
    },
    execute(sql, params = []) {
      return db.prepare(sql).run(params.map(toSqlite)).changes;
    },
  };
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = await work(writer);
      db.exec("COMMIT");
      return result;
    } catch (err) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw err;
    }
  } finally {
    db.close();
  }
}
