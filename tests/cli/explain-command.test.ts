import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDb, type TempDb } from "../helpers/temp-db";

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

describe("npm run explain", () => {
  it("writes LightGBM's predict_contrib values for an imported LightGBM model", () => {
    for (const name of ["main", "bagged"]) {
      expect(run("model-import.ts", [`tests/fixtures/lightgbm/${name}.model.txt`, "--version", `lgb-${name}`]).code).toBe(0);
      const out = path.join(dir, `${name}.contrib.csv`);
      const r = run("explain.ts", ["--model", `lgb-${name}`, "--data", "tests/fixtures/lightgbm/test.csv", "--out", out]);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/1,000 rows, 8 features/);
      const [header, ...lines] = fs.readFileSync(out, "utf8").trim().split("\n");
      expect(header).toBe("age,distance_km,visits_missed,satisfaction,adverse_events,site,phase,compensation,expected_value");
      const expected = fs.readFileSync(`tests/fixtures/lightgbm/${name}.test_contrib.txt`, "utf8").trim().split("\n");
      expect(lines).toHaveLength(expected.length);
      let worst = 0;
      lines.forEach((line, i) => {
        const ours = line.split(",").map(Number);
        const theirs = expected[i].split("\t").map(Number);
        for (let j = 0; j < theirs.length; j++) worst = Math.max(worst, Math.abs(ours[j] - theirs[j]));
      });
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("names the problem for an unknown version, a version without trees, or data missing a feature", () => {
    const unknown = run("explain.ts", ["--model", "nope", "--data", "tests/fixtures/lightgbm/test.csv"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/nope/);

    fs.rmSync(path.join(dir, "models", "lgb-main", "model.txt"));
    const noTrees = run("explain.ts", ["--model", "lgb-main", "--data", "tests/fixtures/lightgbm/test.csv"]);
    expect(noTrees.code).toBe(1);
    expect(noTrees.err).toMatch(/no tree structure/);

    const csv = path.join(dir, "partial.csv");
    fs.writeFileSync(csv, "age,site\n40,3\n");
    const missing = run("explain.ts", ["--model", "lgb-bagged", "--data", csv]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/distance_km/);
  });
});
