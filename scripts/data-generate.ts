/**
 * `npm run data:generate -- [--rows N] [--seed S] [--out FILE]`: writes the synthetic clinical
 * dataset as CSV. Progress goes to stderr (large runs only), the summary to stdout.
 */
import path from "node:path";
import { ProgressBar } from "../lib/cli/progress";
import { writeParticipantsCsv } from "../lib/data/generator";
import { CliUsageError, GENERATE_USAGE, parseGenerateArgs, type GenerateCliOptions } from "../lib/data/generator/cli-options";

/** Below this a run takes about a second; a progress display would only flicker. */
const PROGRESS_MIN_ROWS = 100_000;

function parseOrExit(argv: readonly string[]): GenerateCliOptions {
  try {
    return parseGenerateArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`data:generate: ${error.message}\n\n${GENERATE_USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = parseOrExit(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${GENERATE_USAGE}\n`);
    return;
  }
  const started = performance.now();
  const bar = options.rows >= PROGRESS_MIN_ROWS ? new ProgressBar("generate", options.rows) : null;
  const summary = await writeParticipantsCsv(
    { rows: options.rows, seed: options.seed, unlabeledShare: options.unlabeledShare },
    options.out,
    bar ? (done) => bar.update(done) : undefined,
  );
  bar?.done();
  const seconds = (performance.now() - started) / 1000;
  const mb = summary.bytes / 1_000_000;
  const labels =
    summary.labeledRows < summary.rows ? `, ${(summary.rows - summary.labeledRows).toLocaleString("en-US")} unlabeled` : "";
  process.stdout.write(
    `wrote ${summary.rows.toLocaleString("en-US")} rows (${mb.toFixed(1)} MB) to ${path.relative(process.cwd(), path.resolve(summary.outPath))} ` +
      `in ${seconds.toFixed(2)} s: churn rate ${(summary.churnRate * 100).toFixed(1)}%${labels}, seed ${options.seed}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`data:generate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
