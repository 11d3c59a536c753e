import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/client";
import { PrismaClient as PostgresClient } from "./generated-pg/client";
import { dbProvider, resolveDatabaseUrl, type DbProvider } from "./url";

/**
 * The app's one client type. Both generated clients (lib/db/generated for SQLite,
 * lib/db/generated-pg for PostgreSQL) come from the same schema (prisma/postgres/schema.prisma is
 * derived from prisma/schema.prisma, see lib/db/schema-variants.ts) and so have the same models,
 * fields and query API; the code is written against the SQLite client's types, which are the
 * stricter of the two (no `mode: "insensitive"`, no `skipDuplicates`).
 */
export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";
export { dbProvider, type DbProvider } from "./url";
type PrismaClient = SqliteClient;

/** Milliseconds SQLite waits on a locked database before giving up with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** Connections in a PostgreSQL client's pool (node-postgres' default). */
const PG_POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE) || 10;

const providers = new WeakMap<object, DbProvider>();

/** The provider a client was created for (SQLite for clients not made here). */
export function providerOf(prisma: PrismaClient): DbProvider {
  return providers.get(prisma) ?? "sqlite";
}

/**
 * A Prisma client for `url`, through the driver adapter its scheme calls for: `file:` opens SQLite
 * with better-sqlite3, `postgres://` / `postgresql://` a pool of node-postgres connections.
 */
export function createPrisma(url: string = resolveDatabaseUrl(), options: { onQuery?: (sql: string) => void } = {}): PrismaClient {
  const provider = dbProvider(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  let client: PrismaClient;
  if (provider === "sqlite") {
    client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }), log });
  } else {
    const pg = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: PG_POOL_SIZE }), log });
    // The one cast between the clients: same models and API, see the type's note above.
    client = pg as unknown as PrismaClient;
  }
  providers.set(client, provider);
  if (options.onQuery) {
    // Query events let tests count the SQL statements a request runs.
    const onQuery = options.onQuery;
    (client as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => onQuery(e.query));
  }
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
