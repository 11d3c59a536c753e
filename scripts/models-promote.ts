import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { promoteVersion } from "../lib/ml/versions/registry";

async function main(): Promise<number> {
  const version = process.argv[2];
  if (!version) {
    console.error("usage: npm run models:promote -- <version>   (see npm run models:list)");
    return 2;
  }
  migrateDatabase();
  const db = openDb();
  try {
    await promoteVersion(db.prisma, version);
    console.log(`model ${version} is now served`);
    return 0;
  } finally {
    await db.prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`promotion refused: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
