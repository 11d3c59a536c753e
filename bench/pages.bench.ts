/**
 * `npm run bench:pages`: server render time of the dashboard pages. For each size (default 20,000
 * and 1,000,000; `--rows N` for one size) it prepares a database of that many participants,
 * scored by a model trained as `npm start` does on the first 20,000 rows (kept under
 * `data/bench/` and reused by later runs, since a million participants take minutes to score),
 * starts the production server on it and requests each page `--requests` times (default 10) one
 * after the other, after one warm-up request. Prints p50, p95 and max milliseconds per page: the
 * time to the complete HTML, which server components finish rendering before it ends.
 * `--pages /,/ops` times other pages.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { writeParticipantsCsv } from "../lib/data/generator";
import { importParticipants } from "../lib/data/import/import-participants";
import { exportParticipantsCsv } from "../lib/data/export/export-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { ProgressBar } from "../lib/cli/progress";
import { startAppServer } from "../scripts/app-server";
import { ensureBuild } from "../scripts/build-fingerprint";
import { cliPrincipal } from "../lib/auth/principal";
import { SESSION_COOKIE, sealSession } from "../lib/auth/session";
import { createUser } from "../lib/auth/users";

const SIZES = [20_000, 1_000_000];
const PAGES = [
  "/",
  "/patients",
  "/patients?sort=probability&dir=desc",
  "/patients?tier=critical&sort=var&dir=desc",
  "/patients?study=STU-007&sort=probability&dir=desc&page=3",
  "/patients/P0000042",
  "/model",
  "/planner",
  "/batch",
  "/ops",
];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A scored database of `rows` participants under data/bench/, built once. */
async function prepare(rows: number): Promise<{ url: string; modelsDir: string }> {
  const dir = path.resolve("data", "bench", `pages-${rows}`);
  const url = `file:${path.join(dir, "bench.db")}`;
  const modelsDir = path.join(dir, "models");
  const done = path.join(dir, "ready");
  if (fs.existsSync(done)) {
    await migrateDatabase(url, () => undefined);
    return { url, modelsDir };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.env.MODELS_DIR = modelsDir;
  const db = openDb(url);
  try {
    await migrateDatabase(url);
    const csv = path.join(dir, "participants.csv");
    console.log(`preparing ${rows.toLocaleString("en-US")} participants in ${dir} (once)`);
    const gen = new ProgressBar("  generate", rows);
    await writeParticipantsCsv({ rows, seed: 9 }, csv, (n) => gen.update(n));
    gen.done("");
    const imp = new ProgressBar("  import", 0);
    await importParticipants(db, { path: csv }, (p) => {
      if (p.phase === "write") {
        imp.setTotal(p.total ?? p.rows);
        imp.update(p.rows);
      }
    });
    imp.done("");
    const trainCsv = path.join(dir, "train.csv");
    await exportParticipantsCsv(db.prisma, trainCsv, { id: { lte: "P0020000" } });
    const meta = await trainModel(db, { source: { path: trainCsv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS } });
    await promoteVersion(db.prisma, meta.version);
    const score = new ProgressBar("  score", 0);
    await scoreParticipants(db, {
      onProgress: (p) => {
        score.setTotal(p.total);
        score.update(p.scored);
      },
    });
    score.done("");
    fs.rmSync(csv, { force: true });
    fs.rmSync(trainCsv, { force: true });
    fs.writeFileSync(done, new Date().toISOString());
    return { url, modelsDir };
  } finally {
    await db.prisma.$disconnect();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** The bench's admin account (created once per database) as a session cookie sealed with `secret`. */
async function benchSessionCookie(url: string, secret: string): Promise<string> {
  const db = openDb(url);
  try {
    const existing = await db.prisma.user.findUnique({ where: { username: "bench-admin" } });
    const user = existing ?? (await db.prisma.user.findUniqueOrThrow({ where: { id: (await createUser(db.prisma, cliPrincipal(), { username: "bench-admin", role: "admin" })).id } }));
    return `${SESSION_COOKIE}=${await sealSession({ uid: user.id, v: user.sessionVersion }, { SESSION_SECRET: secret } as unknown as NodeJS.ProcessEnv)}`;
  } finally {
    await db.prisma.$disconnect();
  }
}

async function timePages(rows: number, requests: number): Promise<void> {
  const { url, modelsDir } = await prepare(rows);
  // Pages need a signed-in admin: a session sealed with this run's secret, as the sign-in form would set it.
  const secret = randomBytes(32).toString("base64url");
  const cookie = await benchSessionCookie(url, secret);
  const server = await startAppServer({ DATABASE_URL: url, MODELS_DIR: modelsDir, PREDICTION_LOG: "off", SESSION_SECRET: secret });
  try {
    const base = server.baseUrl;
    for (const page of flag("pages")?.split(",") ?? PAGES) {
      // Warm-up: the first request may compute and store the overview's snapshot (once per state).
      const t = performance.now();
      const res = await fetch(base + page, { headers: { cookie } });
      if (!res.ok) throw new Error(`${page} answered ${res.status}`);
      await res.text();
      console.error(`  warm-up ${page}: ${(performance.now() - t).toFixed(0)} ms`);
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        const r = await fetch(base + page, { headers: { cookie } });
        await r.text();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(`${rows.toLocaleString("en-US")} | ${page} | ${percentile(times, 0.5).toFixed(0)} | ${percentile(times, 0.95).toFixed(0)} | ${times[times.length - 1].toFixed(0)}`);
    }
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  const rows = flag("rows");
  const requests = Number(flag("requests") ?? 10);
  ensureBuild((m) => console.error(`build: ${m}`));
  console.log("participants | page | p50 ms | p95 ms | max ms");
  for (const n of rows ? [Number(rows)] : SIZES) await timePages(n, requests);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
