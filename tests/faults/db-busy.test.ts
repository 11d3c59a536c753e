import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { importParticipants } from "@/lib/data/import/import-participants";
import { busyRetryFromEnv, DatabaseBusyError, isSqliteBusy, withBusyRetry } from "@/lib/reliability/sqlite-busy";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/**
 * Another connection holds the write lock (BEGIN EXCLUSIVE) while an import writes: SQLite's busy
 * wait, then bounded retries, then a clear error, nothing written; the same call succeeds once
 * the lock is released. Short timings for the test (the defaults are 10 s per attempt).
 */
const ROWS = 700;
let db: TempDb;
let csv: string;

beforeAll(async () => {
  process.env.SQLITE_BUSY_TIMEOUT_MS = "100";
  process.env.SQLITE_BUSY_RETRIES = "2";
  process.env.SQLITE_BUSY_BACKOFF_MS = "50";
  db = await createTempDb();
  csv = path.join(db.dir, "participants.csv");
  await writeParticipantsCsv({ rows: ROWS, seed: 5 }, csv);
});
afterAll(async () => {
  delete process.env.SQLITE_BUSY_TIMEOUT_MS;
  delete process.env.SQLITE_BUSY_RETRIES;
  delete process.env.SQLITE_BUSY_BACKOFF_MS;
  await db.cleanup();
});

function lockDatabase(): Database.Database {
  const holder = new Database(db.file);
  holder.exec("BEGIN EXCLUSIVE");
  return holder;
}

function patientCount(): number {
  const reader = new Database(db.file, { readonly: true });
  try {
    return (reader.prepare(`SELECT COUNT(*) AS n FROM "Patient"`).get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

describe("database locked by another connection", () => {
  it("gives up after bounded retries with an error naming the lock, and writes nothing", async () => {
    const holder = lockDatabase();
    const started = performance.now();
    let error: unknown;
    try {
      await importParticipants(db, { path: csv });
    } catch (err) {
      error = err;
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(DatabaseBusyError);
    const busy = error as DatabaseBusyError;
    expect(busy.attempts).toBe(3);
    expect(busy.message).toMatch(/^Import failed: the database stayed locked by another connection \(SQLITE_BUSY\) through 3 attempt\(s\)/);
    expect(busy.message).toContain("nothing was written");
    expect(isSqliteBusy(busy.cause)).toBe(true);
    // Three busy waits of 100 ms and two backoffs: bounded, not the 10 s default, not forever.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(10_000);
    expect(patientCount()).toBe(0);

    // Lock gone: the very same call imports every row.
    const result = await importParticipants(db, { path: csv });
    expect(result.imported).toBe(ROWS);
    expect(patientCount()).toBe(ROWS);
    await db.prisma.patient.deleteMany();
  });

  it("succeeds when the lock is released during the retries", async () => {
    const holder = lockDatabase();
    // Released after the first attempt's busy wait, before the retries run out.
    const release = setTimeout(() => {
      holder.exec("ROLLBACK");
      holder.close();
    }, 150);
    try {
      const result = await importParticipants(db, { path: csv });
      expect(result.imported).toBe(ROWS);
    } finally {
      clearTimeout(release);
      if (holder.open) {
        holder.exec("ROLLBACK");
        holder.close();
      }
    }
    expect(patientCount()).toBe(ROWS);
  });

  it("retries only busy errors and only whole attempts", async () => {
    let calls = 0;
    await expect(
      withBusyRetry("Write", async () => {
        calls++;
        throw Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
      }),
    ).rejects.toThrow("UNIQUE constraint failed");
    expect(calls).toBe(1);
    calls = 0;
    const value = await withBusyRetry("Write", async () => {
      if (++calls < 3) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      return "done";
    });
    expect([value, calls]).toEqual(["done", 3]);
    expect(() => busyRetryFromEnv({ SQLITE_BUSY_RETRIES: "many" })).toThrow(/SQLITE_BUSY_RETRIES must be a whole number/);
    expect(busyRetryFromEnv({})).toEqual({ busyTimeoutMs: 10_000, retries: 2, backoffMs: 200 });
  });
});
