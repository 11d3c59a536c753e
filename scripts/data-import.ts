import path from "node:path";
import { ProgressBar } from "../lib/cli/progress";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { importParticipants, ImportValidationError } from "../lib/data/import/import-participants";

const USAGE = "usage: npm run data:import -- <participants.csv>";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  migrateDatabase(undefined, (m) => console.error(`database: ${m}`));
  const db = openDb();
  const bar = new ProgressBar("import", 0);
  try {
    const result = await importParticipants(db, { path: path.resolve(file) }, (p) => {
      if (p.phase === "write") {
        bar.setTotal(p.total ?? p.rows);
        bar.update(p.rows);
      } else if (p.total === undefined) process.stderr.write(`validated ${p.rows.toLocaleString("en-US")} rows\r`);
    });
    bar.done(`${result.imported.toLocaleString("en-US")} participants imported`);
    return 0;
  } catch (err) {
    if (err instanceof ImportValidationError) {
      console.error(`\nImport rejected: ${err.errorCount} problem(s) found, nothing was written.`);
      for (const e of err.errors.slice(0, 50)) {
        console.error(`  line ${e.line}, column ${e.column}: ${e.message}${e.value ? ` (got "${e.value}")` : ""}`);
      }
      if (err.errorCount > 50) console.error(`  ... and ${err.errorCount - 50} more`);
      return 1;
    }
    throw err;
  } finally {
    await db.prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
