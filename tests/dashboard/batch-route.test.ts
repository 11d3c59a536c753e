import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/batch/score/route";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { MAX_BATCH_CSV_BYTES } from "@/lib/dashboard/batch-request";
import type { BatchErrorBody, BatchScoreResult } from "@/lib/dashboard/batch-types";
import { taskRunner } from "@/lib/workers/task-runner";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";
import { createApiKey } from "@/lib/auth/api-keys";
import { cliPrincipal } from "@/lib/auth/principal";

let seeded: SeededModel;
let csv: string;
const savedUrl = process.env.DATABASE_URL;

let auth: Record<string, string> = {};

function post(body: BodyInit, headers: Record<string, string> = { "content-type": "text/csv" }, credentials: Record<string, string> = auth): Promise<Response> {
  return POST(new Request("http://localhost/api/batch/score", { method: "POST", body, headers: { ...headers, ...credentials } }));
}

beforeAll(async () => {
  seeded = await createSeededModel(500, 8);
  // The route uses the process context (createContext), which opens DATABASE_URL.
  process.env.DATABASE_URL = seeded.db.url;
  auth = { authorization: `Bearer ${(await createApiKey(seeded.db.prisma, cliPrincipal(), { name: "batch", role: "analyst" })).token}` };
  const file = path.join(seeded.db.dir, "upload.csv");
  await writeParticipantsCsv({ rows: 12, seed: 5 }, file);
  csv = fs.readFileSync(file, "utf8");
});
afterAll(async () => {
  await taskRunner().close();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

describe("POST /api/batch/score", () => {
  it("needs an API key or session with the predict permission", async () => {
    expect((await post(csv, undefined, {})).status).toBe(401);
    const viewerKey = (await createApiKey(seeded.db.prisma, cliPrincipal(), { name: "batch viewer", role: "viewer" })).token;
    expect((await post(csv, undefined, { authorization: `Bearer ${viewerKey}` })).status).toBe(403);
  });

  it("refuses a body over the size limit with 413, declared or not", async () => {
    const declared = await post("x", { "content-type": "text/csv", "content-length": String(MAX_BATCH_CSV_BYTES + 1) });
    expect(declared.status).toBe(413);
    const streamed = await post("a".repeat(MAX_BATCH_CSV_BYTES + 10));
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: string }).error).toMatch(/too large/);
  });

  it("refuses a body that is not CSV with 415", async () => {
    const res = await post("{}", { "content-type": "application/json" });
    expect(res.status).toBe(415);
  });

  it("answers a bad CSV with 400 and the problems by line and column", async () => {
    const lines = csv.split("\n");
    const ageAt = lines[0].split(",").indexOf("age");
    const cells = lines[2].split(",");
    cells[ageAt] = "abc";
    lines[2] = cells.join(",");
    const res = await post(lines.join("\n"));
    expect(res.status).toBe(400);
    const body = (await res.json()) as BatchErrorBody;
    expect(body.errorCount).toBe(1);
    expect(body.errors[0]).toMatchObject({ line: 3, column: "age", value: "abc" });
    expect(body.error).toMatch(/nothing was scored/);
  });

  it("answers a good CSV with 200 and one scored row per participant, without importing them", async () => {
    const patients = await seeded.db.prisma.patient.count();
    const res = await post(csv);
    expect(res.status).toBe(200);
    const body = (await res.json()) as BatchScoreResult;
    expect(body.rows).toHaveLength(12);
    expect(body.summary.rows).toBe(12);
    expect(body.modelVersion).toBe("seeded");
    for (const r of body.rows) {
      expect(r.churnProbability).toBeGreaterThan(0);
      expect(r.churnProbability).toBeLessThan(1);
      expect(["low", "medium", "high", "critical"]).toContain(r.riskTier);
    }
    expect(await seeded.db.prisma.patient.count()).toBe(patients);
  });
});
