import path from "node:path";
import { lastFlag, parseArgs } from "../lib/cli/args";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { importLightgbmModel } from "../lib/ml/training/import-model";
import { promoteVersion } from "../lib/ml/versions/registry";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { values: ["version"], switches: ["promote"] });
  const file = args.positional[0];
  if (!file) {
    console.error("usage: npm run model:import -- path/to/model.txt [--version name] [--promote]");
    return 2;
  }
  migrateDatabase();
  const db = openDb();
  try {
    const meta = await importLightgbmModel(db, path.resolve(file), lastFlag(args, "version"));
    const kinds = meta.features.map((f) => `${f.name}${f.kind === "categorical" ? " (categorical)" : ""}`).join(", ");
    console.log(`imported ${file} as model ${meta.version}: ${kinds}`);
    if (args.flags.has("promote")) {
      await promoteVersion(db.prisma, meta.version);
      console.log(`model ${meta.version} is now served`);
    }
    return 0;
  } finally {
    await db.prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`model import failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
