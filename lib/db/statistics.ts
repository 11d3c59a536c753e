import Database from "better-sqlite3";
import { withPgClient } from "./pg";
import { dbProvider, sqliteFilePath } from "./url";

/**
 * Refreshes the table statistics (ANALYZE, on both SQLite and PostgreSQL) after bulk changes.
 * Without them SQLite's query planner guesses: over a million participants a filtered, sorted
 * participants page took 7.8 s instead of 0.1 s by scanning every prediction rather than the few
 * thousand matching participants. ANALYZE over a million rows takes about 2 s in SQLite.
 * PostgreSQL's autovacuum would get there too, but only some time after a bulk load. There it is
 * VACUUM (ANALYZE): besides statistics it marks the freshly written pages all-visible, which lets
 * deep pages of the participants list count their way through an index alone instead of reading
 * every skipped row from the table (1.7 s -> well under a second at a million).
 */
export async function refreshStatistics(url: string): Promise<void> {
  if (dbProvider(url) === "postgresql") {
    await withPgClient(url, (client) => client.query("VACUUM (ANALYZE)"));
    return;
  }
  const db = new Database(sqliteFilePath(url), { timeout: 10_000 });
  try {
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
}
