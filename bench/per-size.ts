import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs a benchmark once per size, each in a fresh process so peak memory belongs to one size:
 * with `--rows N` the script measures N itself, otherwise it re-runs itself for every size.
 */
export function runPerSize(scriptUrl: string, sizes: readonly number[], runOne: (rows: number) => Promise<void>): void {
  const i = process.argv.indexOf("--rows");
  if (i >= 0) {
    runOne(Number(process.argv[i + 1])).catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
    return;
  }
  const script = fileURLToPath(scriptUrl);
  for (const rows of sizes) {
    const r = spawnSync(process.execPath, ["--import", "tsx", script, "--rows", String(rows)], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
