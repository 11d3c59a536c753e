import path from "node:path";
import { ProgressBar } from "../lib/cli/progress";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { importParticipants, ImportValidationError } from "../lib/data/import/import-participants";

const USAGE = "usage: npm run data:import -- <participants.csv>";
const SHOWN_PROBLEMS = 50;

runCommand("import", async () => {
  const file = process.argv[2];
  if (!file || file.startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const bar = new ProgressBar("import", 0);
  try {
    const result = await withDatabase((db) =>
      importParticipants(db, { path: path.resolve(file) }, (p) => {
        if (p.phase === "write") {
          bar.setTotal(p.total ?? p.rows);
          bar.update(p.rows);
        } else if (p.total === undefined) process.stderr.write(`validated ${p.rows.toLocaleString("en-US")} rows\r`);
      }),
    );
    bar.done(`${result.imported.toLocaleString("en-US")} participants imported`);
    return 0;
  } catch (err) {
    if (!(err instanceof ImportValidationError)) throw err;
    console.error(`\nImport rejected: ${err.errorCount} problem(s) found, nothing was written.`);
    for (const e of err.errors.slice(0, SHOWN_PROBLEMS)) {
      console.error(`  line ${e.line}, column ${e.column}: ${e.message}${e.value ? ` (got "${e.value}")` : ""}`);
    }
    if (err.errorCount > SHOWN_PROBLEMS) console.error(`  ... and ${err.errorCount - SHOWN_PROBLEMS} more`);
    return 1;
  }
});
