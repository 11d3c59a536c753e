/**
 * `npm run db:schema:pg`: keeps the PostgreSQL variant in step with the SQLite schema, the single
 * source of truth (see lib/db/schema-variants.ts and README.md, "PostgreSQL").
 *
 * 1. For every migration in prisma/migrations that prisma/postgres/migrations lacks, writes the
 *    PostgreSQL migration of the same name: `prisma migrate diff` from the current PostgreSQL
 *    schema file (the state before the change) to the transformation of prisma/schema.prisma.
 *    With several missing (e.g. after a merge), each one's target state is prisma/schema.prisma as
 *    of the commit that added that migration (git), converted in order.
 *    Statements Prisma does not derive from the schema (triggers, data fixes) are not carried
 *    over: the script names the SQLite migrations that hold such SQL, to translate by hand.
 * 2. Rewrites prisma/postgres/schema.prisma as the transformation of prisma/schema.prisma.
 * 3. Regenerates the PostgreSQL client (lib/db/generated-pg).
 *
 * `--check` changes nothing and exits 1 when the variants are out of step.
 *
 * `prisma migrate diff` through the driver adapter needs a PostgreSQL server to talk to (it reads
 * nothing from it): DATABASE_URL when that is a PostgreSQL URL, else a throwaway cluster started
 * for the purpose (needs PostgreSQL's initdb, as the tests do).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listMigrationNames, PG_MIGRATIONS, PG_SCHEMA, postgresSchemaFrom, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "../lib/db/schema-variants";
import { dbProvider } from "../lib/db/url";
import { startPostgresServer, type TestPostgres } from "./postgres-cluster";

const PG_CONFIG = path.join("prisma", "postgres", "prisma.config.ts");
const cli = path.resolve("node_modules", "prisma", "build", "index.js");

function prisma(args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** prisma/schema.prisma as of the commit that added a migration. */
function schemaAtMigration(name: string): string {
  const file = path.join(SQLITE_MIGRATIONS, name, "migration.sql").split(path.sep).join("/");
  const log = spawnSync("git", ["log", "--diff-filter=A", "--format=%H", "--", file], { encoding: "utf8" });
  const commit = log.stdout.trim().split("\n").pop();
  if (log.status !== 0 || !commit) throw new Error(`cannot find the commit that added ${file}: commit it first`);
  const show = spawnSync("git", ["show", `${commit}:${SQLITE_SCHEMA.split(path.sep).join("/")}`], { encoding: "utf8" });
  if (show.status !== 0) throw new Error(`git show ${commit}:${SQLITE_SCHEMA} failed: ${show.stderr}`);
  return show.stdout;
}

/** Statement lines of a SQLite migration that Prisma's diff does not produce. */
function handWritten(sql: string): string[] {
  return sql
    .split("\n")
    .filter((l) => /^\s*(CREATE\s+TRIGGER|CREATE\s+VIEW|UPDATE\s|DELETE\s|INSERT\s+INTO\s+"(?!new_))/i.test(l))
    .map((l) => l.trim());
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const expected = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(PG_SCHEMA) ? fs.readFileSync(PG_SCHEMA, "utf8") : "";
  const sqliteNames = listMigrationNames(SQLITE_MIGRATIONS);
  const pgNames = new Set(listMigrationNames(PG_MIGRATIONS));
  const missing = sqliteNames.filter((m) => !pgNames.has(m));
  const extra = [...pgNames].filter((m) => !sqliteNames.includes(m));

  if (check) {
    const problems = [
      ...(current !== expected ? [`${PG_SCHEMA} is not the transformation of ${SQLITE_SCHEMA}`] : []),
      ...missing.map((m) => `PostgreSQL migration ${m} is missing`),
      ...extra.map((m) => `PostgreSQL migration ${m} has no SQLite counterpart`),
    ];
    for (const p of problems) console.error(p);
    if (problems.length === 0) console.log("PostgreSQL schema and migrations are in step with SQLite's");
    return problems.length === 0 ? 0 : 1;
  }
  if (extra.length > 0) throw new Error(`PostgreSQL migrations without a SQLite counterpart: ${extra.join(", ")}`);
  if (missing.length === 0 && current !== expected) {
    throw new Error(`${SQLITE_SCHEMA} changed but has no new migration: write the SQLite migration first (README.md, "Database").`);
  }

  if (missing.length > 0) {
    let server: TestPostgres | null = null;
    const given = process.env.DATABASE_URL;
    let url: string;
    if (given && dbProvider(given) === "postgresql") url = given;
    else {
      server = await startPostgresServer();
      url = server.url("postgres");
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "retain-schema-"));
    try {
      let previous = current ? path.join(tmp, "previous.prisma") : null;
      if (previous) fs.writeFileSync(previous, current);
      for (const [i, name] of missing.entries()) {
        const target = i === missing.length - 1 ? expected : postgresSchemaFrom(schemaAtMigration(name));
        const next = path.join(tmp, `${name}.prisma`);
        fs.writeFileSync(next, target);
        const from = previous ? ["--from-schema-datamodel", previous] : ["--from-empty"];
        const sql = prisma(["migrate", "diff", "--config", PG_CONFIG, ...from, "--to-schema-datamodel", next, "--script"], { DATABASE_URL: url });
        fs.mkdirSync(path.join(PG_MIGRATIONS, name), { recursive: true });
        fs.writeFileSync(path.join(PG_MIGRATIONS, name, "migration.sql"), sql);
        console.log(`wrote ${path.join(PG_MIGRATIONS, name, "migration.sql")}`);
        const manual = handWritten(fs.readFileSync(path.join(SQLITE_MIGRATIONS, name, "migration.sql"), "utf8"));
        if (manual.length > 0) console.warn(`  ${name} (SQLite) holds SQL not derived from the schema; translate it into the PostgreSQL migration by hand:\n    ${manual.join("\n    ")}`);
        previous = next;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      server?.stop();
    }
  }
  fs.writeFileSync(PG_SCHEMA, expected);
  // Generation reads no database, but the schema's datasource URL must parse as PostgreSQL's.
  prisma(["generate", "--config", PG_CONFIG], { DATABASE_URL: "postgresql://localhost/retain" });
  console.log(`${PG_SCHEMA} and lib/db/generated-pg are up to date`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
