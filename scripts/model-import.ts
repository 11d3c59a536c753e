import fs from "node:fs";
import path from "node:path";
import { lastFlag, parseArgs } from "../lib/cli/args";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { importLightgbmModel } from "../lib/ml/training/import-model";
import { promoteVersion } from "../lib/ml/versions/registry";

runCommand("model import", async () => {
  const args = parseArgs(process.argv.slice(2), { values: ["version", "categories"], switches: ["promote"] });
  const file = args.positional[0];
  if (!file) {
    console.error("usage: npm run model:import -- path/to/model.txt [--version name] [--categories names.json] [--promote]");
    console.error("  names.json: { \"<categorical feature>\": [\"text of code 0\", \"text of code 1\", ...], ... }");
    return 2;
  }
  const categoriesFile = lastFlag(args, "categories");
  const categories = categoriesFile ? (JSON.parse(fs.readFileSync(path.resolve(categoriesFile), "utf8")) as Record<string, string[]>) : {};
  await withDatabase(async (db) => {
    const meta = await importLightgbmModel(db, path.resolve(file), lastFlag(args, "version"), categories);
    const kinds = meta.features.map((f) => `${f.name}${f.kind === "categorical" ? " (categorical)" : ""}`).join(", ");
    console.log(`imported ${file} as model ${meta.version}: ${kinds}`);
    if (args.flags.has("promote")) {
      await promoteVersion(db.prisma, meta.version);
      console.log(`model ${meta.version} is now served`);
    }
  });
});
