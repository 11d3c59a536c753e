import { runCommand, withDatabase } from "../lib/cli/run-command";
import { listVersions } from "../lib/ml/versions/registry";

runCommand("models:list", async () => {
  const versions = await withDatabase((db) => listVersions(db.prisma));
  if (versions.length === 0) {
    console.log("No model versions yet. Train one with npm run train, or import one with npm run model:import.");
    return;
  }
  const rows = versions.map((v) => [
    v.isServed ? "*" : "",
    v.version,
    v.status,
    v.source,
    v.rocAuc === null ? "-" : v.rocAuc.toFixed(4),
    v.logLoss === null ? "-" : v.logLoss.toFixed(4),
    v.createdAt.toISOString().slice(0, 19).replace("T", " "),
    v.error ?? "",
  ]);
  const header = ["served", "version", "status", "source", "AUC", "logloss", "created (UTC)", "error"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
});
