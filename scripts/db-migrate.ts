import { migrateDatabase, migrationStatus } from "../lib/db/migrate";
import { redactUrl, resolveDatabaseUrl } from "../lib/db/url";

const url = resolveDatabaseUrl();
try {
  const applied = await migrateDatabase(url, (m) => console.log(m));
  const { applied: all } = await migrationStatus(url);
  console.log(`${redactUrl(url)}: ${applied.length} migration(s) applied now, ${all.length} in total, none pending`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
