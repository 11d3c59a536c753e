/**
 * `npm run bench:import`: generates N synthetic participants (default 20,000; `--rows N`), then
 * times the validated, transactional import into a fresh SQLite database. Prints seconds,
 * rows per second and peak RSS.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { importParticipants } from "../lib/data/import/import-participants";
import { writeParticipantsCsv } from "../lib/data/generator";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const rows = flag("rows", 20_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-import-"));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const csv = path.join(dir, "participants.csv");
    await writeParticipantsCsv({ rows, seed: 42 }, csv);
    const url = `file:${path.join(dir, "bench.db")}`;
    await migrateDatabase(url);
    const db = openDb(url);
    const started = performance.now();
    const result = await importParticipants(db, { path: csv });
    const seconds = (performance.now() - started) / 1000;
    await db.prisma.$disconnect();
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `import ${result.imported.toLocaleString("en-US")} rows: ${seconds.toFixed(2)} s, ` +
        `${Math.round(result.imported / seconds).toLocaleString("en-US")} rows/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    clearInterval(sampler);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
