import pg from "pg";

/**
 * Plain node-postgres connections for the paths that bypass Prisma (bulk writes, streaming reads,
 * migration status, statistics), with result types as the SQLite paths give them:
 * - BIGINT (COUNT, SUM of integers) and NUMERIC as JS numbers rather than strings (counts stay far
 *   below 2^53);
 * - TIMESTAMP (without time zone: Prisma stores UTC there) as a Date read as UTC, whatever the
 *   process's time zone (node-postgres would read it as local time).
 */
const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;

const parsers: Record<number, (text: string) => unknown> = {
  [INT8]: (text) => Number(text),
  [NUMERIC]: (text) => Number(text),
  [TIMESTAMP]: (text) => new Date(`${text.replace(" ", "T")}Z`),
};

export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => parsers[oid] ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** A value bound to a statement: Dates go over as UTC ISO text (TIMESTAMP ignores the zone). */
export function toPgValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** A connected client; the caller ends it. */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: pgTypes });
  await client.connect();
  return client;
}

/** Runs `work` on a fresh connection and closes it after. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** PostgreSQL's error code for "database does not exist". */
export const PG_INVALID_CATALOG_NAME = "3D000";

export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;
}
