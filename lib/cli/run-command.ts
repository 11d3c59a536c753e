import { openDb, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";

/**
 * Runs a command's main function: its exit code (0 when it returns nothing), or exit 1 with
 * "<what> failed: <message>" on stderr when it throws.
 */
export function runCommand(what: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      console.error(`\n${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

/** Opens the configured database (migrated first) for one command and closes it afterwards. */
export async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  await migrateDatabase();
  const db = openDb();
  try {
    return await work(db);
  } finally {
    await db.prisma.$disconnect();
  }
}
