import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { resolveDatabaseUrl } from "./url";

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";

/** Milliseconds SQLite waits on a locked database before giving up with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createPrisma(url: string = resolveDatabaseUrl(), options: { onQuery?: (sql: string) => void } = {}): PrismaClient {
  if (!url.startsWith("file:")) {
    throw new Error(`Unsupported DATABASE_URL "${url}": only SQLite file URLs (file:...) are supported so far.`);
  }
  const adapter = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (!options.onQuery) return new PrismaClient({ adapter });
  // Query events let tests count the SQL statements a request runs.
  const onQuery = options.onQuery;
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (e) => onQuery(e.query));
  return client;
}

// One client per process: Next's dev server reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { __retainPrisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  holder.__retainPrisma ??= createPrisma();
  return holder.__retainPrisma;
}

/** A database handle: the Prisma client for queries and its URL for bulk writers. */
export interface Db {
  url: string;
  prisma: PrismaClient;
}

export function openDb(url: string = resolveDatabaseUrl()): Db {
  return { url, prisma: createPrisma(url) };
}
