import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { createTempDb, type TempDb } from "../helpers/temp-db";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

/**
 * The command-line import and scoring run are killed (SIGKILL: no cleanup code runs) half-way
 * through writing. The database must hold nothing half-written, and a rerun must complete with
 * exact counts.
 */
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(script: string, args: string[], env: Record<string, string>): Run {
  // Its own process group: tsx runs the script in a child process, and the kill must reach both.
  const child = spawn(process.execPath, [TSX, script, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

const live = new Set<ChildProcess>();
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
afterAll(() => {
  for (const child of live) killGroup(child);
});

/** Kills the child with SIGKILL as soon as its output matches `pattern`. */
function killWhen(run: Run, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(run.output());
      if (!match) return;
      run.child.stdout?.off("data", check);
      run.child.stderr?.off("data", check);
      killGroup(run.child);
      resolve(match[0]);
    };
    run.child.stdout?.on("data", check);
    run.child.stderr?.on("data", check);
    void run.exited.then(({ code }) => reject(new Error(`exited (${code}) before the kill point; output:\n${run.output()}`)));
  });
}

describe("import killed half-way", () => {
  const ROWS = 120_000;
  let db: TempDb;
  let csv: string;
  beforeAll(async () => {
    db = await createTempDb();
    csv = path.join(db.dir, "participants.csv");
    await writeParticipantsCsv({ rows: ROWS, seed: 17 }, csv);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("leaves no participant behind, and a rerun imports every row", async () => {
    const env = { DATABASE_URL: db.url, MODELS_DIR: path.join(db.dir, "models") };
    const run = runCli("scripts/data-import.ts", [csv], env);
    // Killed while rows are being written (the bar is past 0% and short of 100%).
    const seen = await killWhen(run, /import [1-8]\d% \(/);
    expect(seen).toMatch(/import \d+%/);
    expect((await run.exited).signal).toBe("SIGKILL");
    expect(await db.prisma.patient.count()).toBe(0);

    const rerun = runCli("scripts/data-import.ts", [csv], env);
    const { code } = await rerun.exited;
    expect(code, rerun.output()).toBe(0);
    expect(rerun.output()).toContain(`${ROWS.toLocaleString("en-US")} participants imported`);
    expect(await db.prisma.patient.count()).toBe(ROWS);
  });
});

describe("scoring run killed half-way", () => {
  const ROWS = 25_000;
  const BATCH = 5000;
  let seeded: SeededModel;
  beforeAll(async () => {
    seeded = await createSeededModel(ROWS, 23);
  });
  afterAll(async () => {
    delete process.env.MODELS_DIR;
    await seeded.db.cleanup();
  });

  it("keeps only whole batches, marks the version partial, and a rerun completes it exactly", async () => {
    const env = { DATABASE_URL: seeded.db.url, MODELS_DIR: path.join(seeded.db.dir, "models") };
    const run = runCli("scripts/score.ts", [], env);
    // At least one batch is committed, and the run is far from done.
    await killWhen(run, /score (2\d|4\d)% \(/);
    expect((await run.exited).signal).toBe("SIGKILL");
    const kept = await seeded.db.prisma.prediction.count();
    expect(kept).toBeGreaterThanOrEqual(BATCH);
    expect(kept).toBeLessThan(ROWS);
    expect(kept % BATCH).toBe(0);
    const version = await seeded.db.prisma.modelVersion.findUniqueOrThrow({ where: { version: "seeded" } });
    expect(version.scoringStatus).toBe("partial");
    // Whole batches are contiguous ranges of participants in id order: no gaps.
    const ids = (await seeded.db.prisma.prediction.findMany({ select: { patientId: true }, orderBy: { patientId: "asc" } })).map((p) => p.patientId);
    const firstIds = (await seeded.db.prisma.patient.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: kept })).map((p) => p.id);
    expect(ids).toEqual(firstIds);

    const rerun = runCli("scripts/score.ts", [], env);
    const { code } = await rerun.exited;
    expect(code, rerun.output()).toBe(0);
    expect(rerun.output()).toContain(`${(ROWS - kept).toLocaleString("en-US")} participants scored with seeded (${ROWS.toLocaleString("en-US")} predictions in total)`);
    expect(await seeded.db.prisma.prediction.count()).toBe(ROWS);
    expect(new Set((await seeded.db.prisma.prediction.findMany({ select: { patientId: true } })).map((p) => p.patientId)).size).toBe(ROWS);
    const done = await seeded.db.prisma.modelVersion.findUniqueOrThrow({ where: { version: "seeded" } });
    expect(done).toMatchObject({ scoringStatus: "complete", scoredCount: ROWS });
  });
});
