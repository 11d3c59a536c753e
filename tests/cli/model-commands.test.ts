import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/** The model commands as a user runs them, on a throwaway database and models folder. */
let dir: string;
let env: NodeJS.ProcessEnv;
let db: TempDb;
beforeAll(async () => {
  // A migrated database of the run's provider (SQLite or PostgreSQL); the scripts migrate nothing more.
  db = await createTempDb();
  await db.prisma.$disconnect();
  dir = db.dir;
  env = { ...process.env, DATABASE_URL: db.url, MODELS_DIR: path.join(dir, "models") };
});
afterAll(() => db.cleanup());

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.resolve("scripts", script), ...args], { env, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("model commands", () => {
  it("train, list, import and promote", () => {
    const trained = run("train.ts", [
      "--data", "tests/fixtures/lightgbm/train.csv", "--label", "churned", "--categorical", "site,phase",
      "--param", "num_iterations=15", "--param", "num_leaves=7", "--version", "cli-trained",
    ]);
    expect(trained.err).toMatch(/loaded 4,000 rows, 8 features/);
    expect(trained.out).toMatch(/held-out: ROC AUC 0\.\d{4}/);
    expect(trained.code).toBe(0);
    for (const f of ["model.txt", "model.onnx", "model.json"]) expect(fs.existsSync(path.join(dir, "models", "cli-trained", f))).toBe(true);

    // A model on participant columns can be served; one on other columns cannot.
    const csv = path.join(dir, "participants.csv");
    expect(run("data-generate.ts", ["--rows", "800", "--seed", "3", "--out", csv]).code).toBe(0);
    const clinical = run("train.ts", [
      "--data", csv, "--label", "churned", "--ignore", "participant_id,enrollment_date,snapshot_date",
      "--param", "num_iterations=10", "--version", "cli-clinical", "--promote",
    ]);
    expect(clinical.out).toMatch(/model cli-clinical is now served/);
    expect(clinical.code).toBe(0);
    const notServable = run("models-promote.ts", ["cli-trained"]);
    expect(notServable.code).toBe(1);
    expect(notServable.err).toMatch(/not participant columns/);

    const imported = run("model-import.ts", ["tests/fixtures/lightgbm/bagged.model.txt", "--version", "cli-imported"]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/site \(categorical\)/);

    const listed = run("models-list.ts", []);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^\*\s+cli-clinical\s+ready\s+trained\s+0\.\d{4}/m);
    expect(listed.out).toMatch(/^\s+cli-trained\s+ready\s+trained\s+0\.\d{4}/m);
    expect(listed.out).toMatch(/^\s+cli-imported\s+ready\s+imported\s+-/m);

    const imported2 = run("model-import.ts", [path.join(dir, "models", "cli-clinical", "model.txt"), "--version", "cli-reimported"]);
    expect(imported2.code).toBe(0);
    const promoted = run("models-promote.ts", ["cli-reimported"]);
    expect(promoted.code).toBe(0);
    expect(run("models-list.ts", []).out).toMatch(/^\*\s+cli-reimported/m);
    const refused = run("models-promote.ts", ["no-such-version"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/promotion failed: Unknown model version "no-such-version"/);
  });

  it("fails clearly on bad input and writes nothing", () => {
    const before = fs.existsSync(path.join(dir, "models")) ? fs.readdirSync(path.join(dir, "models")) : [];
    const noLabel = run("train.ts", ["--data", "tests/fixtures/lightgbm/train.csv", "--label", "dropout"]);
    expect(noLabel.code).toBe(1);
    expect(noLabel.err).toMatch(/dropout/);
    expect(noLabel.err).toMatch(/churned/); // lists the columns that do exist
    const badParam = run("train.ts", ["--data", "tests/fixtures/lightgbm/train.csv", "--label", "churned", "--param", "learning_rate=-1"]);
    expect(badParam.code).toBe(1);
    expect(badParam.err).toMatch(/learning_rate/);
    const badFlag = run("train.ts", ["--data", "x.csv", "--label", "y", "--bogus", "1"]);
    expect(badFlag.code).toBe(1);
    expect(badFlag.err).toMatch(/Unknown option --bogus/);
    const after = fs.existsSync(path.join(dir, "models")) ? fs.readdirSync(path.join(dir, "models")) : [];
    expect(after).toEqual(before);
  });
});
