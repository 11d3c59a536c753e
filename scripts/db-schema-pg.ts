/**
 * `npm run db:schema:pg`: keeps the PostgreSQL variant in step with the SQLite schema, the single
 * source of truth (see lib/db/schema-variants.ts and README.md, "PostgreSQL").
 *
 * 1. For every migration in prisma/migrations that prisma/postgres/migrations lacks, writes the
 *    PostgreSQL migration of the same name: `prisma migrate diff` from the current PostgreSQL
 *    schema file (the state before the change) to the transformation of prisma/schema.prisma.
 *    One new migration at a time: with several missing, the intermediate states are unknown.
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
import { startPostgresServer, type TestPostgres } from "../tests/helpers/postgres-server";

const PG_CONFIG = path.join("prisma", "postgres", "prisma.config.ts");
const cli = path.resolve("node_modules", "prisma", "build", "index.js");

function prisma(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
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
  if (missing.length > 1) throw new Error(`Several SQLite migrations lack a PostgreSQL twin (${missing.join(", ")}): add and convert them one at a time.`);
  if (missing.length === 0 && current !== expected) {
    throw new Error(`${SQLITE_SCHEMA} changed but has no new migration: write the SQLite migration first (README.md, "Database").`);
  }

  if (missing.length === 1) {
    const name = missing[0];
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
      const next = path.join(tmp, "next.prisma");
      fs.writeFileSync(next, expected);
      const from = current ? ["--from-schema-datamodel", PG_SCHEMA] : ["--from-empty"];
      const sql = prisma(["migrate", "diff", "--config", PG_CONFIG, ...from, "--to-schema-datamodel", next, "--script"], { DATABASE_URL: url });
      fs.mkdirSync(path.join(PG_MIGRATIONS, name), { recursive: true });
      fs.writeFileSync(path.join(PG_MIGRATIONS, name, "migration.sql"), sql);
      console.log(`wrote ${path.join(PG_MIGRATIONS, name, "migration.sql")}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      server?.stop();
    }
  }
  fs.writeFileSync(PG_SCHEMA, expected);
  prisma(["generate", "--config", PG_CONFIG], {});
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
