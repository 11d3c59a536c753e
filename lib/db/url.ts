import path from "node:path";

/** Default SQLite file, relative to the project root. */
export const DEFAULT_DATABASE_FILE = path.join("data", "retain.db");

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

/** Filesystem path of a `file:` SQLite URL. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`Not a SQLite file URL: ${url}`);
  return url.slice("file:".length);
}
