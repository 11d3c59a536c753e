import path from "node:path";

/** Default SQLite file, relative to the project root. */
export const DEFAULT_DATABASE_FILE = path.join("data", "retain.db");

/** The two databases Retain runs on, named as Prisma names their providers. */
export type DbProvider = "sqlite" | "postgresql";

/**
 * The database URL in effect: `DATABASE_URL` when set, else the embedded SQLite file.
 * Relative SQLite paths are made absolute against the working directory so that every process
 * (CLI, Next server, tests) opens the same file.
 */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.DATABASE_URL?.trim() || `file:${DEFAULT_DATABASE_FILE}`;
  if (!raw.startsWith("file:")) return raw;
  const file = raw.slice("file:".length);
  return `file:${path.resolve(/*turbopackIgnore: true*/ file)}`;
}

/** Which database a URL points at, by its scheme: `file:` SQLite, `postgres(ql)://` PostgreSQL. */
export function dbProvider(url: string): DbProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  throw new Error(`Unsupported DATABASE_URL "${redactUrl(url)}": use a SQLite file URL (file:...) or a PostgreSQL URL (postgresql://...).`);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, "$1:***@");
}

/** Filesystem path of a `file:` SQLite URL. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite file URL: ${redactUrl(url)}`);
  return url.slice("file:".length);
}
