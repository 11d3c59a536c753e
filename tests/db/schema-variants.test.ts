import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listMigrationNames, PG_MIGRATIONS, PG_SCHEMA, postgresSchemaFrom, SQLITE_MIGRATIONS, SQLITE_SCHEMA } from "@/lib/db/schema-variants";
import { DATABASE_TEST_FILES, SQLITE_ONLY_TEST_FILES } from "../database-tests.mjs";

/** The PostgreSQL schema and migrations are kept in step with SQLite's (README.md, "PostgreSQL"). */
describe("schema variants", () => {
  const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");

  it("the PostgreSQL schema is the transformation of the SQLite one (run npm run db:schema:pg)", () => {
    expect(fs.readFileSync(PG_SCHEMA, "utf8")).toBe(postgresSchemaFrom(sqlite));
  });

  it("the transformation changes the provider and the client folder only", () => {
    const pg = postgresSchemaFrom(sqlite).split("\n");
    const lines = sqlite.split("\n");
    const header = pg.length - lines.length;
    expect(pg.slice(0, header).every((l) => l === "" || l.startsWith("//"))).toBe(true);
    const changed = lines.flatMap((l, i) => (l === pg[header + i] ? [] : [[l.trim(), pg[header + i].trim()]]));
    expect(changed).toEqual([
      ['output          = "../lib/db/generated"', 'output          = "../../lib/db/generated-pg"'],
      ['provider = "sqlite"', 'provider = "postgresql"'],
    ]);
    expect(() => postgresSchemaFrom(sqlite.replace('"sqlite"', '"mysql"'))).toThrow(/provider/);
  });

  it("both providers have the same migrations, by name", () => {
    const names = listMigrationNames(SQLITE_MIGRATIONS);
    expect(names.length).toBeGreaterThan(0);
    expect(listMigrationNames(PG_MIGRATIONS)).toEqual(names);
    expect(fs.readFileSync(path.join(SQLITE_MIGRATIONS, "migration_lock.toml"), "utf8")).toMatch(/provider = "sqlite"/);
    expect(fs.readFileSync(path.join(PG_MIGRATIONS, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  });

  it("every test file that opens a database also runs on PostgreSQL", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".test.ts") && !e.name.endsWith(".pg.test.ts")) files.push(p.split(path.sep).join("/"));
      }
    };
    walk("tests");
    const opensDatabase = files.filter((f) => /helpers\/(temp-db|seeded-model)|lib\/db\/(client|migrate|bulk-writer|reader)|DATABASE_URL/.test(fs.readFileSync(f, "utf8")));
    expect(opensDatabase.length).toBeGreaterThan(10);
    expect(opensDatabase.filter((f) => !DATABASE_TEST_FILES.includes(f) && !SQLITE_ONLY_TEST_FILES.includes(f) && f !== "tests/db/schema-variants.test.ts")).toEqual([]);
  });
});
