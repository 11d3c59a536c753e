import { openDb } from "../lib/db/client";
import { migrateDatabase, migrationStatus } from "../lib/db/migrate";
import { redactUrl, resolveDatabaseUrl } from "../lib/db/url";
import { cliPrincipal } from "../lib/auth/principal";
import { ensureInitialAdmin } from "../lib/auth/users";

const url = resolveDatabaseUrl();
try {
  const applied = await migrateDatabase(url, (m) => console.log(m));
  const { applied: all } = await migrationStatus(url);
  console.log(`${redactUrl(url)}: ${applied.length} migration(s) applied now, ${all.length} in total, none pending`);
  // A deployment's first migration also creates the first admin (ADMIN_PASSWORD, else printed once).
  const db = openDb(url);
  try {
    const admin = await ensureInitialAdmin(db.prisma, cliPrincipal());
    if (admin) console.log(`created the first account ${admin.username} (admin)${admin.generated ? ` with password ${admin.password} (shown once)` : " with the password in ADMIN_PASSWORD"}`);
  } finally {
    await db.prisma.$disconnect();
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
