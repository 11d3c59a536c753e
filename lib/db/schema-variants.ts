import fs from "node:fs";
import path from "node:path";

/**
 * The PostgreSQL variant of the Prisma schema is derived from the SQLite one (prisma/schema.prisma,
 * the single source of truth) by a mechanical transformation, so the two never drift apart:
 *
 *   1. a header line marks the file as generated;
 *   2. the datasource provider "sqlite" becomes "postgresql";
 *   3. the generator's output moves from lib/db/generated to lib/db/generated-pg (the path is
 *      relative to the schema file, which lives one folder deeper).
 *
 * Nothing else changes: every model, field, attribute and comment is copied as is, and Prisma maps
 * the scalar types to each provider's column types (Float to REAL / DOUBLE PRECISION, Json to
 * TEXT / JSONB, DateTime to DATETIME / TIMESTAMP(3)).
 */

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join("prisma", "migrations");
export const PG_DIR = path.join("prisma", "postgres");
export const PG_SCHEMA = path.join(PG_DIR, "schema.prisma");
export const PG_MIGRATIONS = path.join(PG_DIR, "migrations");

export const PG_SCHEMA_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:schema:pg` (scripts/db-schema-pg.ts): do not edit.\n" +
  "// The PostgreSQL variant of Retain's data model; see README.md, \"PostgreSQL\".\n\n";

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
  if (!matches || matches.length !== 1) throw new Error(`schema transformation: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema text for a SQLite schema text. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let out = replaceOnce(sqliteSchema, /(\n\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'datasource provider "sqlite"');
  out = replaceOnce(out, /(\n\s*output\s*=\s*)"\.\.\/lib\/db\/generated"/, '$1"../../lib/db/generated-pg"', 'generator output "../lib/db/generated"');
  return PG_SCHEMA_HEADER + out;
}

/** Migration folder names (those holding a migration.sql), sorted. */
export function listMigrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}
