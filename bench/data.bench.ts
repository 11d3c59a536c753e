/**
 * `npm run bench:data`: how fast the dataset generator writes CSV, and whether memory stays flat.
 *
 * Each size runs in a fresh child process so its peak RSS is its own (not inherited from a
 * previous, larger run). Flat memory shows as a peak RSS for 1,000,000 rows close to the one for
 * 20,000 rows, and as RSS at 10% of the run close to RSS at the end. Also times the CLI end to
 * end (process start to exit) for the default 20,000 rows. Prints results; asserts nothing.
 */
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeParticipantsCsv } from "../lib/data/generator";

const SIZES = [20_000, 1_000_000] as const;
const SEED = 20250101;
const CHILD_FLAG = "--child-rows";

interface CaseResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  peakRssMb: number;
  /** RSS once 10% of the rows are written, to compare with the peak. */
  rssAt10PercentMb: number;
  churnRate: number;
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

async function runCase(rows: number, dir: string): Promise<CaseResult> {
  const out = path.join(dir, `bench-${rows}.csv`);
  let rssAt10Percent = 0;
  const started = performance.now();
  const summary = await writeParticipantsCsv({ rows, seed: SEED }, out, (done) => {
    if (rssAt10Percent === 0 && done >= rows / 10) rssAt10Percent = process.memoryUsage.rss();
  });
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(out).size;
  rmSync(out);
  return {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    bytes,
    // resourceUsage().maxRSS is the kernel's high-water mark in KiB: it catches short spikes that sampling would miss.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssAt10PercentMb: mb(rssAt10Percent),
    churnRate: summary.churnRate,
  };
}

function runChild(rows: number, dir: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, String(rows), dir], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: CaseResult | undefined;
    child.on("message", (message: CaseResult) => {
      result = message;
    });
    child.on("error", reject);
    child.on("exit", (code) => (result && code === 0 ? resolve(result) : reject(new Error(`bench child for ${rows} rows exited with ${code}`))));
  });
}

function timeCli(dir: string): number {
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "scripts", "data-generate.ts");
  const started = performance.now();
  execFileSync(process.execPath, [...process.execArgv, script, "--out", path.join(dir, "cli.csv")], { stdio: "ignore" });
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf(CHILD_FLAG);
  if (childAt >= 0) {
    const result = await runCase(Number(process.argv[childAt + 1]), process.argv[childAt + 2]);
    process.send?.(result);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "retain-bench-"));
  try {
    console.log(`data generator benchmark (seed ${SEED}, Node ${process.version}, ${os.cpus().length} CPUs)`);
    console.log("rows       seconds   rows/s      file MiB  RSS@10% MiB peak RSS MiB churn");
    for (const rows of SIZES) {
      const r = await runChild(rows, dir);
      console.log(
        `${String(r.rows).padEnd(10)} ${r.seconds.toFixed(2).padStart(7)}   ${Math.round(r.rowsPerSecond).toString().padEnd(10)}  ` +
          `${mb(r.bytes).toFixed(1).padStart(7)}   ${r.rssAt10PercentMb.toFixed(0).padStart(10)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${(r.churnRate * 100).toFixed(1)}%`,
      );
    }
    console.log(`CLI end to end, default 20,000 rows (process start to exit): ${timeCli(dir).toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
