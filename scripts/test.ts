/**
 * `npm test`: the whole suite. Lint, unit and integration tests (vitest), then the browser tests
 * (Playwright + Debian's Chromium) against `next start` on a freshly seeded throwaway database.
 * Every service it starts is stopped again, pass or fail.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { importParticipants } from "../lib/data/import/import-participants";
import { writeParticipantsCsv } from "../lib/data/generator";
import { ensureBuild } from "./build-fingerprint";

const E2E_ROWS = 3000;
const E2E_SEED = 20261203;

function run(title: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function seedE2eDatabase(dir: string): Promise<{ url: string; rows: number }> {
  const url = `file:${path.join(dir, "e2e.db")}`;
  const csv = path.join(dir, "participants.csv");
  migrateDatabase(url);
  await writeParticipantsCsv({ rows: E2E_ROWS, seed: E2E_SEED }, csv);
  const db = openDb(url);
  try {
    const result = await importParticipants(db, { path: csv });
    return { url, rows: result.imported };
  } finally {
    await db.prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const node = process.execPath;
  const bin = (pkg: string, file: string) => path.resolve("node_modules", pkg, file);
  if (!only || only === "lint") run("lint", node, [bin("eslint", "bin/eslint.js"), ".", "--max-warnings", "0"]);
  if (!only || only === "unit") run("unit and integration tests (vitest)", node, [bin("vitest", "vitest.mjs"), "run"]);
  if (!only || only === "e2e") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-e2e-"));
    try {
      console.log("\n=== browser tests: seeding a throwaway database and building the app ===");
      const { url, rows } = await seedE2eDatabase(dir);
      ensureBuild((m) => console.log(`build: ${m}`));
      const port = await freePort();
      run("browser tests (Playwright, Chromium)", node, [bin("@playwright/test", "cli.js"), "test"], {
        E2E_DATABASE_URL: url,
        E2E_PORT: String(port),
        E2E_EXPECTED_PARTICIPANTS: String(rows),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("\nAll test stages passed.");
}

main().catch((err: unknown) => {
  console.error(`\nnpm test failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
