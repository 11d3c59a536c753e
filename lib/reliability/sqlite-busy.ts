/**
 * Bounded retries for writes that find the SQLite database locked by another connection (a CLI
 * import while the server writes its prediction log, a scoring run next to a training run).
 *
 * Each attempt already waits up to SQLITE_BUSY_TIMEOUT_MS inside SQLite (its busy handler); when
 * that runs out the write fails with SQLITE_BUSY, its transaction rolled back, and the whole
 * transaction is tried again after a backoff, at most SQLITE_BUSY_RETRIES more times. Then the
 * caller gets a DatabaseBusyError that names the cause. Only whole transactions are retried, so a
 * retry never repeats half of one.
 *
 *   SQLITE_BUSY_TIMEOUT_MS   wait inside SQLite per attempt (default 10000)
 *   SQLITE_BUSY_RETRIES      further attempts after the first (default 2)
 *   SQLITE_BUSY_BACKOFF_MS   first backoff, doubled per retry with jitter (default 200)
 */

export interface BusyRetryOptions {
  busyTimeoutMs: number;
  retries: number;
  backoffMs: number;
}

export const DEFAULT_BUSY_RETRY: BusyRetryOptions = { busyTimeoutMs: 10_000, retries: 2, backoffMs: 200 };

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new Error(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
  return Number(raw);
}

export function busyRetryFromEnv(env: Env = process.env): BusyRetryOptions {
  const d = DEFAULT_BUSY_RETRY;
  return {
    busyTimeoutMs: readInt(env, "SQLITE_BUSY_TIMEOUT_MS", d.busyTimeoutMs, 0, 600_000),
    retries: readInt(env, "SQLITE_BUSY_RETRIES", d.retries, 0, 20),
    backoffMs: readInt(env, "SQLITE_BUSY_BACKOFF_MS", d.backoffMs, 0, 60_000),
  };
}

/** SQLite's busy wait for connections opened by bulk writers. */
export function sqliteBusyTimeoutMs(env: Env = process.env): number {
  return busyRetryFromEnv(env).busyTimeoutMs;
}

/** better-sqlite3 errors carry code SQLITE_BUSY (or _LOCKED, SQLITE_BUSY_SNAPSHOT...). */
export function isSqliteBusy(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) return true;
    if (/database is locked|database table is locked/i.test(e.message)) return true;
  }
  return false;
}

const BUSY_BRAND = Symbol.for("retain.DatabaseBusyError");

/** The database stayed locked through every attempt; nothing of the write was committed. */
export class DatabaseBusyError extends Error {
  readonly [BUSY_BRAND] = true;
  readonly code = "DATABASE_BUSY";

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BUSY_BRAND in value;
  }

  constructor(
    what: string,
    readonly attempts: number,
    readonly waitedMs: number,
    cause: unknown,
  ) {
    super(
      `${what} failed: the database stayed locked by another connection (SQLITE_BUSY) through ${attempts} attempt(s) over ${(waitedMs / 1000).toFixed(1)} s; ` +
        `nothing was written. Try again once the other write (an import, scoring run or training) has finished.`,
      { cause },
    );
    this.name = "DatabaseBusyError";
  }
}

/** Runs `write` (one whole transaction), retrying it when the database is locked. */
export async function withBusyRetry<T>(what: string, write: () => Promise<T>, options: BusyRetryOptions = busyRetryFromEnv()): Promise<T> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isSqliteBusy(err)) throw err;
      if (attempt >= options.retries) throw new DatabaseBusyError(what, attempt + 1, performance.now() - started, err);
      const delay = options.backoffMs * 2 ** attempt;
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
    }
  }
}
