import fs from "node:fs";
import path from "node:path";
import { lastFlag, parseArgs } from "../lib/cli/args";
import { ProgressBar } from "../lib/cli/progress";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { ensureLocalArtifacts } from "../lib/ml/artifacts/artifact-sync";
import { MODEL_JSON_FILE, versionDir } from "../lib/ml/artifacts/model-store";
import { explainCsv, explainCsvToFile } from "../lib/ml/explain/explain-csv";

const USAGE = "usage: npm run explain -- --model <version> --data <csv> [--out file.csv]   (without --out: CSV on stdout)";

runCommand("explain", async () => {
  const args = parseArgs(process.argv.slice(2), { values: ["model", "data", "out"] });
  const version = lastFlag(args, "model");
  const data = lastFlag(args, "data");
  if (!version || !data) {
    console.error(USAGE);
    return 2;
  }
  const out = lastFlag(args, "out");
  // A version trained on another host: fetch its files from the database first.
  if (!fs.existsSync(path.join(versionDir(version), MODEL_JSON_FILE))) await withDatabase((db) => ensureLocalArtifacts(db.prisma, version));
  const bar = new ProgressBar("explain", 0);
  const progress = (done: number, total: number) => {
    bar.setTotal(total);
    bar.update(done);
  };
  const source = { path: path.resolve(data) };
  const result = out ? await explainCsvToFile(version, source, path.resolve(out), progress) : await explainCsv(version, source, process.stdout, progress);
  bar.done(`${result.rows.toLocaleString("en-US")} rows, ${result.features.length} features, expected value ${result.expectedValue.toFixed(6)}${out ? ` -> ${out}` : ""}`);
  for (const u of result.unseenCategories) console.error(`note: ${u.rows} row(s) have categories of ${u.column} unseen in training (they follow the model's right branch)`);
  return 0;
});
