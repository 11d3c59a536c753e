import fs from "node:fs";
import { lastFlag, numberFlag, parseArgs } from "../lib/cli/args";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { DEFAULT_INTERVENTIONS, type Intervention } from "../lib/planner";
import { planForServedModel } from "../lib/scoring/plan-interventions";
import { ServedModel } from "../lib/scoring/served-model";

const usd = (n: number) => n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

runCommand("planning", async () => {
  const args = parseArgs(process.argv.slice(2), { values: ["budget", "interventions", "top"] });
  if (lastFlag(args, "budget") === undefined) {
    console.error("usage: npm run plan -- --budget <USD> [--interventions catalogue.json] [--top 20]");
    return 2;
  }
  const budget = numberFlag(args, "budget", 0);
  const file = lastFlag(args, "interventions");
  const interventions = file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Intervention[]) : DEFAULT_INTERVENTIONS;
  await withDatabase(async (db) => {
    const served = new ServedModel(db.prisma);
    try {
      const model = await served.get();
      const plan = await planForServedModel(db, model, budget, interventions);
      console.log(`model ${model.version}, budget ${usd(budget)}, solver ${plan.solver}`);
      console.log(`chosen ${plan.totals.participants} participants: cost ${usd(plan.totals.costUsd)}, expected value saved ${usd(plan.totals.expectedValueSavedUsd)}, net ${usd(plan.totals.netValueUsd)}`);
      for (const a of plan.assignments.slice(0, numberFlag(args, "top", 20))) {
        console.log(`  ${a.participantId.padEnd(10)} ${a.intervention.padEnd(24)} p ${a.churnProbability.toFixed(3)} -> ${a.reducedChurnProbability.toFixed(3)}  cost ${usd(a.costUsd)}  saves ${usd(a.expectedValueSavedUsd)}`);
      }
    } finally {
      await served.close();
    }
  });
});
