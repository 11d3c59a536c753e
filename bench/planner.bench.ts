/**
 * Benchmark of the retention budget planner (lib/planner).
 *
 *   npx tsx bench/planner.bench.ts                 # 20,000 and 1,000,000 participants
 *   npx tsx bench/planner.bench.ts --rows 50000 [--budget-per-participant 50]
 *
 * Each size runs in its own child process so the peak RSS it prints belongs to that size alone.
 * Participants are synthetic (seeded) columns in the generated dataset's ranges, scored against
 * the default catalogue of 4 interventions with the greedy solver; the budget is 50 USD per
 * participant by default (enough for roughly one in five to get a check-in or scheduling help).
 */
import { fork } from "node:child_process";
import { computeClvColumns } from "../lib/clv";
import { budgetCurve, buildOptionTable, DEFAULT_INTERVENTIONS, greedyOrder, planRetention, solveGreedy, toParticipantTable } from "../lib/planner";
import { mulberry32 as makeRng } from "../lib/random/mulberry32";

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a non-negative number`);
  return v;
}


function synthesize(n: number) {
  const rand = makeRng(20250101);
  const ids = new Array<string>(n);
  const churnProbability = new Float64Array(n);
  const remainingVisits = new Float64Array(n);
  const visitValueUsd = new Float64Array(n);
  const replacementCostUsd = new Float64Array(n);
  const remainingMonths = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = `P${String(i).padStart(7, "0")}`;
    churnProbability[i] = Math.min(1, rand() * rand() * 1.2);
    remainingVisits[i] = Math.floor(rand() * 30);
    visitValueUsd[i] = 200 + rand() * 1800;
    replacementCostUsd[i] = 5000 + rand() * 25000;
    remainingMonths[i] = rand() * 36;
  }
  return { ids, churnProbability, remainingVisits, visitValueUsd, replacementCostUsd, remainingMonths };
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const result = fn();
  return [result, performance.now() - t0];
}

function runOne(rows: number, perParticipant: number): void {
  const columns = synthesize(rows);
  const budgetUsd = rows * perParticipant;
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
  const usd = (x: number) => `${Math.round(x).toLocaleString("en-US")} USD`;
  const rss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

  // End to end first, so the peak RSS printed with it is the planner's alone (plus the input).
  const [plan, tPlan] = time(() => planRetention({ participants: columns, budgetUsd, solver: "greedy" }));
  console.log(`planner: ${rows.toLocaleString("en-US")} participants x ${DEFAULT_INTERVENTIONS.length} interventions, budget ${usd(budgetUsd)}`);
  console.log(`  planRetention end to end (greedy, curve, assignments) ${fmt(tPlan)}   peak RSS ${rss()}`);
  console.log(
    `  chosen ${plan.totals.participants.toLocaleString("en-US")}, cost ${usd(plan.totals.costUsd)}, saved ${usd(plan.totals.expectedValueSavedUsd)}, net ${usd(plan.totals.netValueUsd)}`,
  );
  console.log(`  unconstrained optimum: cost ${usd(plan.unconstrained.costUsd)}, net ${usd(plan.unconstrained.netValueUsd)}`);

  // Phase breakdown, each phase as planRetention runs it.
  const [participants, tValidate] = time(() => toParticipantTable(columns));
  const [table, tTable] = time(() => buildOptionTable(participants, DEFAULT_INTERVENTIONS));
  const [prepared, tOrder] = time(() => greedyOrder(table));
  const [selection, tSolve] = time(() => solveGreedy(table, budgetUsd, prepared));
  const [, tCurve] = time(() => budgetCurve(prepared));
  const [, tClv] = time(() => computeClvColumns(columns));
  console.log(`  phases: validate ${fmt(tValidate)} | option table ${fmt(tTable)} | hull + sort (${prepared.count.toLocaleString("en-US")} steps) ${fmt(tOrder)}`);
  console.log(`          greedy + repair ${fmt(tSolve)} | curve ${fmt(tCurve)} | (computeClvColumns alone ${fmt(tClv)})`);
  if (selection.totalNetUsd !== plan.totals.netValueUsd) console.log("  WARNING: phase solve and planRetention disagree");
}

const rows = arg("rows");
const perParticipant = arg("budget-per-participant") ?? 50;
if (rows !== undefined) {
  runOne(rows, perParticipant);
} else {
  for (const size of [20_000, 1_000_000]) {
    await new Promise<void>((resolve, reject) => {
      const child = fork(process.argv[1], ["--rows", String(size), "--budget-per-participant", String(perParticipant)], { stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`benchmark for ${size} rows exited with ${code}`))));
    });
  }
}
