import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { parseCsv } from "@/lib/ml/dataset";
import { BATCH_CSV_HEADER, batchResultsCsv, batchResultsFileName, formatFactor } from "@/lib/dashboard/batch-csv";
import { MAX_REPORTED_BATCH_ERRORS, parseParticipantsCsv } from "@/lib/dashboard/batch-parse";
import { BatchUnavailableError, BatchValidationError, scoreBatchCsv, TOP_FACTORS } from "@/lib/dashboard/batch-score";
import { summarizeBatch } from "@/lib/dashboard/batch-summary";
import type { BatchFactor, BatchResultRow } from "@/lib/dashboard/batch-types";
import { loadModel, type LoadedModel } from "@/lib/scoring/loaded-model";
import { predictRows } from "@/lib/scoring/predict-rows";
import { TaskRunner, taskRunner } from "@/lib/workers/task-runner";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let model: LoadedModel;
/** 70 rows: above the SHAP pool threshold (64), so large-file explanations run on workers. */
let goodCsv: string;
let servedCalls = 0;
const served = {
  get: async () => {
    servedCalls++;
    return model;
  },
};

/** The CSV with one cell of data line `line` (1-based file line) replaced. */
function withCell(csv: string, line: number, column: string, value: string): string {
  const lines = csv.split("\n");
  const col = lines[0].split(",").indexOf(column);
  const cells = lines[line - 1].split(",");
  cells[col] = value;
  lines[line - 1] = cells.join(",");
  return lines.join("\n");
}

beforeAll(async () => {
  seeded = await createSeededModel(600, 21);
  model = await loadModel(seeded.db.prisma, "seeded");
  const file = path.join(seeded.db.dir, "batch.csv");
  await writeParticipantsCsv({ rows: 70, seed: 99 }, file);
  goodCsv = fs.readFileSync(file, "utf8");
});
afterAll(async () => {
  await taskRunner().close();
  await model.session.release();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

describe("batch CSV parsing (the importer's rules)", () => {
  it("accepts a generated file, dates as YYYY-MM-DD text", async () => {
    const parsed = await parseParticipantsCsv(goodCsv);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows).toHaveLength(70);
    expect(parsed.rows[0].enrollmentDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof parsed.rows[0].age).toBe("number");
  });

  it("reports a bad cell by line and column", async () => {
    const parsed = await parseParticipantsCsv(withCell(goodCsv, 3, "age", "abc"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errorCount).toBe(1);
    expect(parsed.errors[0]).toMatchObject({ line: 3, column: "age", value: "abc" });
    expect(parsed.errors[0].message).toMatch(/whole number/);
  });

  it("keeps the first problems, counts them all, in line order", async () => {
    let csv = goodCsv;
    for (let line = 2; line <= 71; line++) csv = withCell(withCell(csv, line, "age", "x"), line, "sex", "?");
    const parsed = await parseParticipantsCsv(csv);
    if (parsed.ok) throw new Error("expected errors");
    expect(parsed.errorCount).toBe(140);
    expect(parsed.errors).toHaveLength(MAX_REPORTED_BATCH_ERRORS);
    expect(parsed.errors.map((e) => e.line)).toEqual([...parsed.errors.map((e) => e.line)].sort((a, b) => a - b));
  });

  it("rejects header problems, empty files, duplicate ids and too many rows", async () => {
    const header = await parseParticipantsCsv(goodCsv.replace("age,", "years,"));
    expect(header.ok ? [] : header.errors.map((e) => `${e.line}:${e.column}`)).toEqual(expect.arrayContaining(["1:years", "1:age"]));
    const empty = await parseParticipantsCsv("");
    expect(empty.ok ? null : empty.errors[0].message).toMatch(/empty/);
    const headerOnly = await parseParticipantsCsv(goodCsv.split("\n")[0] + "\n");
    expect(headerOnly.ok ? null : headerOnly.errors[0].message).toMatch(/no data rows/);
    const lines = goodCsv.split("\n");
    const dup = await parseParticipantsCsv([...lines.slice(0, 3), lines[1], ...lines.slice(3)].join("\n"));
    expect(dup.ok ? null : dup.errors[0]).toMatchObject({ line: 4, column: "participant_id" });
    const many = await parseParticipantsCsv(goodCsv, 100, 10);
    expect(many.ok ? null : many.errors[0].message).toMatch(/more than 10 data rows/);
  });

  it("runs on the task worker thread with the same result", async () => {
    const runner = new TaskRunner();
    try {
      const bad = withCell(goodCsv, 3, "age", "abc");
      expect(await runner.run("parseParticipantsCsv", { text: bad })).toEqual(await parseParticipantsCsv(bad));
      expect(await runner.run("parseParticipantsCsv", { text: goodCsv })).toEqual(await parseParticipantsCsv(goodCsv));
    } finally {
      await runner.close();
    }
  });
});

describe("batch scoring service", () => {
  it("a file with a bad row reports that line and column and scores nothing", async () => {
    const before = servedCalls;
    const error = await scoreBatchCsv({ served }, withCell(goodCsv, 3, "age", "abc")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    const v = error as BatchValidationError;
    expect(v.errorCount).toBe(1);
    expect(v.errors[0]).toMatchObject({ line: 3, column: "age", value: "abc" });
    // The model was never asked for: nothing was scored.
    expect(servedCalls).toBe(before);
  });

  it("scores a good file exactly as predictRows does, without importing it", async () => {
    const patients = await seeded.db.prisma.patient.count();
    const result = await scoreBatchCsv({ served }, goodCsv);
    const parsed = await parseParticipantsCsv(goodCsv);
    if (!parsed.ok) throw new Error("expected a valid file");
    const expected = await predictRows(model, parsed.rows);
    expect(result.modelVersion).toBe("seeded");
    expect(result.rows.map((r) => r.participantId)).toEqual(parsed.rows.map((r) => r.id));
    expect(result.rows.map((r) => r.churnProbability)).toEqual(expected.map((p) => p.churnProbability));
    expect(result.rows.map((r) => r.riskTier)).toEqual(expected.map((p) => p.riskTier));
    expect(result.rows.map((r) => r.clv)).toEqual(expected.map((p) => p.clv));
    expect(result.rows.map((r) => r.valueAtRisk)).toEqual(expected.map((p) => p.valueAtRisk));
    for (const r of result.rows) {
      expect(r.topRaising.length + r.topLowering.length).toBeGreaterThan(0);
      expect(r.topRaising.length).toBeLessThanOrEqual(TOP_FACTORS);
      expect(r.topRaising.every((f) => f.probabilityEffect > 0)).toBe(true);
      expect(r.topLowering.every((f) => f.probabilityEffect < 0)).toBe(true);
    }
    expect(result.summary.rows).toBe(70);
    expect(result.summary.meanProbability).toBeCloseTo(expected.reduce((s, p) => s + p.churnProbability, 0) / 70, 12);
    expect(await seeded.db.prisma.patient.count()).toBe(patients);
  });

  it("says what to run when no model is served", async () => {
    const none = { get: () => Promise.reject(new Error("No model is served yet: train one (npm run train)")) };
    await expect(scoreBatchCsv({ served: none }, goodCsv)).rejects.toThrow(BatchUnavailableError);
  });
});

describe("batch results CSV", () => {
  /** Reads a factor cell back: `feature=value (+0.0123); ...`. */
  function readFactors(cell: string): BatchFactor[] {
    if (cell === "") return [];
    return cell.split("; ").map((text) => {
      const m = /^([^=]+)=(.*) \(([+-]\d+\.\d+)\)$/.exec(text);
      if (!m) throw new Error(`bad factor "${text}"`);
      const raw = m[2];
      const value = raw === "" ? null : Number.isNaN(Number(raw)) ? raw : Number(raw);
      return { feature: m[1], value, probabilityEffect: Number(m[3]) };
    });
  }

  it("round-trips: parsed back, the file holds the same values", async () => {
    const result = await scoreBatchCsv({ served }, goodCsv);
    const text = batchResultsCsv(result.rows);
    const records: string[][] = [];
    parseCsv(text, (fields) => records.push([...fields]));
    expect(records[0]).toEqual([...BATCH_CSV_HEADER]);
    expect(records).toHaveLength(result.rows.length + 1);
    const round = (f: BatchFactor): BatchFactor => ({ ...f, probabilityEffect: Number(f.probabilityEffect.toFixed(4)) });
    records.slice(1).forEach((cells, i) => {
      const r = result.rows[i];
      expect(cells[0]).toBe(r.participantId);
      expect(Number(cells[1])).toBe(r.churnProbability);
      expect(cells[2]).toBe(r.riskTier);
      expect(Number(cells[3])).toBe(r.clv);
      expect(Number(cells[4])).toBe(r.valueAtRisk);
      expect(readFactors(cells[5])).toEqual(r.topRaising.map(round));
      expect(readFactors(cells[6])).toEqual(r.topLowering.map(round));
    });
  });

  it("quotes awkward values and writes missing values as empty", () => {
    const row: BatchResultRow = {
      participantId: "P1",
      churnProbability: 0.5,
      riskTier: "high",
      clv: 10,
      valueAtRisk: 5,
      topRaising: [{ feature: "study_id", value: 'a,"b"', probabilityEffect: 0.1 }],
      topLowering: [{ feature: "bmi", value: null, probabilityEffect: -0.02 }],
    };
    expect(formatFactor(row.topLowering[0])).toBe("bmi= (-0.0200)");
    const records: string[][] = [];
    parseCsv(batchResultsCsv([row]), (fields) => records.push([...fields]));
    expect(records[1][5]).toBe('study_id=a,"b" (+0.1000)');
    expect(batchResultsFileName("2026-05-01T10:20:30.123Z")).toBe("retain-batch-scores-2026-05-01T10-20-30Z.csv");
  });

  it("summarises tiers, mean probability and value", () => {
    const s = summarizeBatch([
      { churnProbability: 0.2, riskTier: "low", clv: 100, valueAtRisk: 10 },
      { churnProbability: 0.6, riskTier: "critical", clv: 50, valueAtRisk: 30 },
    ]);
    expect(s).toEqual({ rows: 2, meanProbability: 0.4, tiers: { low: 1, medium: 0, high: 0, critical: 1 }, totalClv: 150, totalValueAtRisk: 40 });
    expect(summarizeBatch([]).meanProbability).toBe(0);
  });
});
