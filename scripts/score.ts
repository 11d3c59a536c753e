import { lastFlag, parseArgs } from "../lib/cli/args";
import { ProgressBar } from "../lib/cli/progress";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { scoreParticipants } from "../lib/scoring/score-run";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { values: ["model"] });
  migrateDatabase();
  const db = openDb();
  const bar = new ProgressBar("score", 0);
  try {
    const result = await scoreParticipants(db, {
      version: lastFlag(args, "model"),
      onProgress: (p) => {
        bar.setTotal(p.total);
        bar.update(p.scored);
      },
    });
    bar.done(`${result.scored.toLocaleString("en-US")} participants scored with ${result.version} (${result.total.toLocaleString("en-US")} predictions in total)`);
    return 0;
  } finally {
    await db.prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`scoring failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
