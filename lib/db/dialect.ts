import { Prisma } from "./generated/client";
import type { DbProvider } from "./url";

/**
 * The few places where SQLite and PostgreSQL need different SQL. Everything else is written once:
 * identifiers in double quotes (both accept them), values bound through Prisma.sql or positional
 * `?` placeholders (turned into `$1, $2, ...` for PostgreSQL here), and results normalised by the
 * caller (COUNT and SUM come back as BigInt from Prisma on PostgreSQL, so read them with Number()).
 */

/**
 * Rewrites `?` placeholders to PostgreSQL's `$n`. Only for the app's own statements, which never
 * hold a `?` inside a string literal or identifier.
 */
export function positionalSql(provider: DbProvider, sql: string): string {
  if (provider === "sqlite") return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The integer part of a non-negative number, as an integer (histogram bins). SQLite's CAST to
 * INTEGER truncates, PostgreSQL's rounds, so PostgreSQL truncates first.
 */
export function truncToInt(provider: DbProvider, expr: Prisma.Sql): Prisma.Sql {
  return provider === "sqlite" ? Prisma.sql`CAST(${expr} AS INTEGER)` : Prisma.sql`CAST(TRUNC(${expr}) AS INTEGER)`;
}

/**
 * A Prisma `contains` filter with SQLite's semantics on both databases: SQLite's LIKE ignores ASCII
 * case, PostgreSQL's does not, so PostgreSQL gets ILIKE (`mode: "insensitive"`, which the SQLite
 * client's types do not know, hence the cast).
 */
export function containsIgnoringCase(provider: DbProvider, text: string): Prisma.StringFilter {
  return provider === "sqlite" ? { contains: text } : ({ contains: text, mode: "insensitive" } as Prisma.StringFilter);
}
