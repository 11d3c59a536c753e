import { lastFlag, parseArgs } from "../lib/cli/args";
import { ProgressBar } from "../lib/cli/progress";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { scoreParticipants } from "../lib/scoring/score-run";

runCommand("scoring", async () => {
  const args = parseArgs(process.argv.slice(2), { values: ["model"] });
  const bar = new ProgressBar("score", 0);
  const result = await withDatabase((db) =>
    scoreParticipants(db, {
      version: lastFlag(args, "model"),
      onProgress: (p) => {
        bar.setTotal(p.total);
        bar.update(p.scored);
      },
    }),
  );
  bar.done(`${result.scored.toLocaleString("en-US")} participants scored with ${result.version} (${result.total.toLocaleString("en-US")} predictions in total)`);
});
