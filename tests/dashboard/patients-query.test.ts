import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE,
  NoServedModelError,
  PatientQueryError,
  patientFilterOptions,
  queryPatients,
  servedVersionId,
  servedVersionRef,
  type PatientFilter,
  type PatientOrder,
  type PatientOrderField,
} from "@/lib/dashboard/patients-query";
import { participantInput, whatIfFields } from "@/lib/dashboard/patients-fields";
import { waterfallBars, WATERFALL_TOP } from "@/lib/dashboard/patients-waterfall";
import type { Patient } from "@/lib/db/generated/client";
import { COLUMNS } from "@/lib/data/columns";
import { explainParticipants } from "@/lib/scoring/explain-input";
import { loadModel } from "@/lib/scoring/loaded-model";
import { predictRows } from "@/lib/scoring/predict-rows";
import { mulberry32 } from "@/lib/random/mulberry32";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

interface StoredPrediction {
  churnProbability: number;
  riskTier: string;
  clv: number;
  valueAtRisk: number;
  expectedRemainingVisits: number;
}

let seeded: SeededModel;
let versionId: number;

beforeAll(async () => {
  seeded = await createSeededModel(700, 21);
  await scoreParticipants(seeded.db);
  versionId = (await servedVersionId(seeded.db.prisma)) as number;
});
afterAll(async () => {
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

/** Every participant with the served prediction, straight from the tables: the brute-force reference. */
async function everything(): Promise<Array<{ patient: Patient; prediction: StoredPrediction | null }>> {
  const patients = await seeded.db.prisma.patient.findMany();
  const predictions = await seeded.db.prisma.prediction.findMany({ where: { modelVersionId: versionId } });
  const byPatient = new Map(predictions.map((p) => [p.patientId, p]));
  return patients.map((patient) => {
    const p = byPatient.get(patient.id);
    return { patient, prediction: p ? { churnProbability: p.churnProbability, riskTier: p.riskTier, clv: p.clv, valueAtRisk: p.valueAtRisk, expectedRemainingVisits: p.expectedRemainingVisits } : null };
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const KEY: Record<Exclude<PatientOrderField, "ID">, keyof StoredPrediction> = { CHURN_PROBABILITY: "churnProbability", CLV: "clv", VALUE_AT_RISK: "valueAtRisk" };

/** The same filter, order and page computed in JavaScript over all rows. */
function bruteForce(all: Awaited<ReturnType<typeof everything>>, f: PatientFilter, order: PatientOrder | null, first: number, offset: number) {
  const byPrediction = Boolean(f.riskTier || f.minProbability != null || f.maxProbability != null || f.minClv != null || f.maxClv != null || (order && order.field !== "ID"));
  const rows = all.filter(({ patient: p, prediction: r }) => {
    if (byPrediction && !r) return false;
    if (f.studyId && p.studyId !== f.studyId) return false;
    if (f.siteId && p.siteId !== f.siteId) return false;
    if (f.phase && p.phase !== f.phase) return false;
    if (f.therapeuticArea && p.therapeuticArea !== f.therapeuticArea) return false;
    if (f.idContains && !p.id.toLowerCase().includes(f.idContains.toLowerCase())) return false;
    if (f.riskTier && r?.riskTier !== f.riskTier) return false;
    if (f.minProbability != null && (r?.churnProbability ?? -1) < f.minProbability) return false;
    if (f.maxProbability != null && (r?.churnProbability ?? 2) > f.maxProbability) return false;
    if (f.minClv != null && (r?.clv ?? -Infinity) < f.minClv) return false;
    if (f.maxClv != null && (r?.clv ?? Infinity) > f.maxClv) return false;
    return true;
  });
  const sign = order?.direction === "DESC" ? -1 : 1;
  rows.sort((a, b) => {
    if (!order || order.field === "ID") return sign * byText(a.patient.id, b.patient.id);
    const k = KEY[order.field];
    const d = (a.prediction as StoredPrediction)[k] as number;
    const e = (b.prediction as StoredPrediction)[k] as number;
    // Ties go by id in the same direction, so one index (version, figure, id) serves both ways.
    return d !== e ? sign * (d - e) : sign * byText(a.patient.id, b.patient.id);
  });
  return { totalCount: rows.length, page: rows.slice(offset, offset + first) };
}

describe("participants list query", () => {
  it("pages through all participants by id with their served prediction", async () => {
    const all = await everything();
    for (const [order, offset] of [[null, 0], [{ field: "ID", direction: "ASC" }, 100], [{ field: "ID", direction: "DESC" }, 650]] as const) {
      const page = await queryPatients(seeded.db.prisma, versionId, {}, order, { first: 50, offset });
      const expected = bruteForce(all, {}, order, 50, offset);
      expect(page.totalCount).toBe(700);
      expect(page.rows.map((r) => r.patient.id)).toEqual(expected.page.map((r) => r.patient.id));
      expect(page.rows.map((r) => r.prediction)).toEqual(expected.page.map((r) => r.prediction));
      expect(page.rows[0].patient).toEqual(expected.page[0].patient);
      expect(page.hasNextPage).toBe(offset + 50 < 700);
      expect(page.offset).toBe(offset);
    }
  });

  it("filters, orders and pages exactly as filtering and sorting every row would", async () => {
    const all = await everything();
    const random = mulberry32(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const values = (f: (p: Patient) => string) => [...new Set(all.map((r) => f(r.patient)))];
    const probabilities = all.map((r) => r.prediction?.churnProbability ?? 0).sort((a, b) => a - b);
    const clvs = all.map((r) => r.prediction?.clv ?? 0).sort((a, b) => a - b);
    const fields: PatientOrderField[] = ["ID", "CHURN_PROBABILITY", "CLV", "VALUE_AT_RISK"];
    let nonEmpty = 0;
    for (let i = 0; i < 80; i++) {
      const filter: PatientFilter = {};
      if (random() < 0.3) filter.studyId = pick(values((p) => p.studyId));
      if (random() < 0.2) filter.siteId = pick(values((p) => p.siteId));
      if (random() < 0.3) filter.phase = pick(values((p) => p.phase));
      if (random() < 0.3) filter.therapeuticArea = pick(values((p) => p.therapeuticArea));
      if (random() < 0.3) filter.riskTier = pick(["low", "medium", "high", "critical"]);
      if (random() < 0.3) filter.minProbability = probabilities[Math.floor(random() * 400)];
      if (random() < 0.3) filter.maxProbability = probabilities[300 + Math.floor(random() * 400)];
      if (random() < 0.2) filter.minClv = clvs[Math.floor(random() * 300)];
      if (random() < 0.2) filter.maxClv = clvs[350 + Math.floor(random() * 350)];
      if (random() < 0.2) filter.idContains = String(Math.floor(random() * 10));
      if (filter.minProbability != null && filter.maxProbability != null && filter.minProbability > filter.maxProbability) delete filter.maxProbability;
      if (filter.minClv != null && filter.maxClv != null && filter.minClv > filter.maxClv) delete filter.maxClv;
      const order: PatientOrder | null = random() < 0.15 ? null : { field: pick(fields), direction: random() < 0.5 ? "ASC" : "DESC" };
      const first = pick([1, 7, 25, 50]);
      const offset = pick([0, 0, first, 3 * first, 90]);
      // Every other draw reads the way deep pages do (ids first, then the rows), whatever the offset.
      const idsFirstFrom = i % 2 === 0 ? 0 : undefined;
      const page = await queryPatients(seeded.db.prisma, versionId, filter, order, { first, offset, idsFirstFrom });
      const expected = bruteForce(all, filter, order, first, offset);
      const where = JSON.stringify({ filter, order, first, offset, idsFirstFrom });
      expect(page.totalCount, where).toBe(expected.totalCount);
      expect(page.rows.map((r) => r.patient.id), where).toEqual(expected.page.map((r) => r.patient.id));
      expect(page.rows.map((r) => r.prediction), where).toEqual(expected.page.map((r) => r.prediction));
      expect(page.hasNextPage, where).toBe(offset + expected.page.length < expected.totalCount);
      if (expected.page.length > 0) nonEmpty++;
    }
    // The random cases must exercise real pages, not just empty results.
    expect(nonEmpty).toBeGreaterThan(25);
  });

  it("matches ids ignoring letter case, on SQLite and PostgreSQL alike", async () => {
    const all = await everything();
    const sample = all[0].patient.id;
    const letters = sample.replace(/[^A-Za-z]/g, "");
    expect(letters.length).toBeGreaterThan(0);
    for (const idContains of [letters.toLowerCase(), letters.toUpperCase(), sample.toLowerCase()]) {
      const page = await queryPatients(seeded.db.prisma, versionId, { idContains }, null, { first: 500 });
      const expected = bruteForce(all, { idContains }, null, 500, 0);
      expect(page.totalCount).toBe(expected.totalCount);
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.rows.map((r) => r.patient.id)).toEqual(expected.page.map((r) => r.patient.id));
    }
  });

  it("reads pages near the end backwards with the same rows, ties included", async () => {
    // Equal figures are ordered by id: give every tenth participant the same probability and value at risk.
    const saved = await seeded.db.prisma.$queryRawUnsafe<Array<{ id: number; p: number; v: number }>>(`SELECT "id", "churnProbability" AS p, "valueAtRisk" AS v FROM "Prediction" WHERE "id" % 10 = 0`);
    await seeded.db.prisma.$executeRawUnsafe(`UPDATE "Prediction" SET "churnProbability" = 0.25, "valueAtRisk" = 1000 WHERE "id" % 10 = 0`);
    try {
      const all = await everything();
      expect(all.filter((r) => r.prediction?.churnProbability === 0.25).length).toBeGreaterThanOrEqual(70);
      const orders: Array<PatientOrder | null> = [null, { field: "ID", direction: "DESC" }, { field: "CHURN_PROBABILITY", direction: "DESC" }, { field: "CHURN_PROBABILITY", direction: "ASC" }, { field: "VALUE_AT_RISK", direction: "ASC" }];
      for (const order of orders) {
        for (const filter of [{}, { riskTier: "low" }, { phase: "III" }] as PatientFilter[]) {
          const total = bruteForce(all, filter, order, 0, 0).totalCount;
          for (const offset of [total - 50, total - 37, Math.floor(total / 2) - 10, Math.floor(total / 2) + 3, total - 1, total, total + 5]) {
            const page = await queryPatients(seeded.db.prisma, versionId, filter, order, { first: 50, offset: Math.max(0, offset) });
            const expected = bruteForce(all, filter, order, 50, Math.max(0, offset));
            const where = JSON.stringify({ filter, order, offset });
            expect(page.totalCount, where).toBe(total);
            expect(page.rows.map((r) => r.patient.id), where).toEqual(expected.page.map((r) => r.patient.id));
            expect(page.rows.map((r) => r.prediction), where).toEqual(expected.page.map((r) => r.prediction));
          }
        }
      }
    } finally {
      for (const r of saved) await seeded.db.prisma.prediction.update({ where: { id: r.id }, data: { churnProbability: r.p, valueAtRisk: r.v } });
    }
  });

  it("lists the values present in the data as filter options", async () => {
    const all = await everything();
    const distinct = (f: (p: Patient) => string) => [...new Set(all.map((r) => f(r.patient)))].sort(byText);
    const options = await patientFilterOptions(seeded.db.prisma);
    expect(options.studies).toEqual(distinct((p) => p.studyId));
    expect(options.sites).toEqual(distinct((p) => p.siteId));
    expect(options.phases).toEqual(distinct((p) => p.phase));
    expect(options.therapeuticAreas).toEqual(distinct((p) => p.therapeuticArea));
    expect(options.studies.length).toBeGreaterThan(5);
    expect(options.riskTiers).toEqual(["low", "medium", "high", "critical"]);
  });

  it("rejects bad arguments with errors naming them", async () => {
    const prisma = seeded.db.prisma;
    const fails = async (work: Promise<unknown>, argument: string, message: RegExp) => {
      const err = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PatientQueryError);
      expect(err).toBeInstanceOf(RangeError);
      expect((err as PatientQueryError).argument).toBe(argument);
      expect((err as Error).message).toMatch(message);
    };
    await fails(queryPatients(prisma, versionId, {}, null, { first: MAX_PAGE + 1 }), "first", /first must be between 0 and 500, got 501/);
    await fails(queryPatients(prisma, versionId, {}, null, { first: 2.5 }), "first", /first must be between/);
    await fails(queryPatients(prisma, versionId, {}, null, { offset: -1 }), "offset", /offset must be/);
    await fails(queryPatients(prisma, versionId, { minClv: 10, maxClv: 1 }), "filter", /minClv must not exceed maxClv/);
    await fails(queryPatients(prisma, versionId, { minProbability: Number.NaN }), "filter", /minProbability must be a finite number/);
    await fails(queryPatients(prisma, versionId, { riskTier: "extreme" }), "filter", /riskTier must be one of low, medium, high, critical/);
    expect(() => decodeCursor("garbage")).toThrow(/after: "garbage" is not a cursor from this API/);
    expect(decodeCursor(encodeCursor(41))).toBe(42);
    expect(decodeCursor(null)).toBe(0);
    expect((await queryPatients(prisma, versionId, {}, null, { first: 0 })).rows).toEqual([]);
  });

  it("lists participants without a served model, and refuses prediction filters then", async () => {
    const page = await queryPatients(seeded.db.prisma, null, { phase: "II" }, { field: "ID", direction: "DESC" }, { first: 10 });
    const expected = (await everything()).filter((r) => r.patient.phase === "II").map((r) => r.patient.id).sort(byText).reverse();
    expect(page.totalCount).toBe(expected.length);
    expect(page.rows.map((r) => r.patient.id)).toEqual(expected.slice(0, 10));
    expect(page.rows.every((r) => r.prediction === null)).toBe(true);
    await expect(queryPatients(seeded.db.prisma, null, { riskTier: "high" })).rejects.toBeInstanceOf(NoServedModelError);
    await expect(queryPatients(seeded.db.prisma, null, {}, { field: "CLV", direction: "ASC" })).rejects.toBeInstanceOf(NoServedModelError);
    expect(await servedVersionRef(seeded.db.prisma)).toEqual({ id: versionId, version: "seeded" });
  });

  it("shows unscored participants by id without a prediction, and leaves them out of prediction views", async () => {
    const victim = (await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" } })).id;
    await seeded.db.prisma.prediction.deleteMany({ where: { patientId: victim } });
    const byId = await queryPatients(seeded.db.prisma, versionId, {}, null, { first: 1 });
    expect(byId.rows[0]).toMatchObject({ patient: { id: victim }, prediction: null });
    expect(byId.totalCount).toBe(700);
    const byRisk = await queryPatients(seeded.db.prisma, versionId, {}, { field: "CHURN_PROBABILITY", direction: "ASC" }, { first: MAX_PAGE, offset: 0 });
    expect(byRisk.totalCount).toBe(699);
    expect(byRisk.rows.some((r) => r.patient.id === victim)).toBe(false);
    const all = await everything();
    expect(bruteForce(all, {}, { field: "CHURN_PROBABILITY", direction: "ASC" }, MAX_PAGE, 0).page.map((r) => r.patient.id)).toEqual(byRisk.rows.map((r) => r.patient.id));
  });
});

describe("participant page figures", () => {
  it("starts the what-if from inputs that reproduce the stored prediction, with every model feature editable", async () => {
    const model = await loadModel(seeded.db.prisma, "seeded");
    try {
      const patients = await seeded.db.prisma.patient.findMany({ take: 20, skip: 100, orderBy: { id: "asc" }, include: { predictions: { where: { modelVersionId: versionId } } } });
      const fresh = await predictRows(model, patients.map((p) => participantInput(p)));
      patients.forEach((p, i) => {
        expect(fresh[i].churnProbability).toBeCloseTo(p.predictions[0].churnProbability, 9);
        expect(fresh[i].riskTier).toBe(p.predictions[0].riskTier);
        expect(fresh[i].clv).toBeCloseTo(p.predictions[0].clv, 6);
      });
      const fields = whatIfFields(model.metadata.features, patients[0]);
      const byCsv = new Map(COLUMNS.map((c) => [c.csv, c]));
      expect(fields.map((f) => f.field).sort()).toEqual(model.metadata.features.map((f) => byCsv.get(f.name)?.field).sort());
      for (const f of fields) {
        const column = COLUMNS.find((c) => c.field === f.field);
        const kind = column?.kind === "bool" ? "boolean" : column?.kind === "category" ? "category" : "number";
        expect(f.kind, f.field).toBe(kind);
        if (f.kind === "category") expect(f.options, f.field).toContain((patients[0] as unknown as Record<string, string>)[f.field]);
      }
    } finally {
      await model.session.release();
    }
  });

  it("builds a waterfall that runs from the base probability to the participant's, largest effects first", async () => {
    const model = await loadModel(seeded.db.prisma, "seeded");
    try {
      const patients = await seeded.db.prisma.patient.findMany({ take: 10, orderBy: { id: "desc" } });
      for (const e of explainParticipants(model, patients, false)) {
        const bars = waterfallBars(e);
        const steps = bars.slice(1, -1);
        expect(bars[0]).toMatchObject({ kind: "base", start: 0, end: e.baseProbability });
        expect(bars[bars.length - 1]).toMatchObject({ kind: "total", start: 0, end: e.probability });
        expect(steps).toHaveLength(Math.min(WATERFALL_TOP, e.contributions.length) + (e.contributions.length > WATERFALL_TOP ? 1 : 0));
        // Each step starts where the previous ended, and the last one lands on the probability.
        steps.forEach((b, i) => expect(b.start).toBeCloseTo(i === 0 ? e.baseProbability : steps[i - 1].end, 12));
        expect(steps[steps.length - 1].end).toBeCloseTo(e.probability, 9);
        const shown = [...e.contributions].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap)).slice(0, WATERFALL_TOP);
        expect(steps.slice(0, WATERFALL_TOP).map((b) => b.effect)).toEqual(shown.map((c) => c.probabilityEffect));
        for (const b of steps) expect(b.kind).toBe(b.effect >= 0 ? "raise" : "lower");
        expect(steps[WATERFALL_TOP].label).toBe(`${e.contributions.length - WATERFALL_TOP} other features`);
      }
    } finally {
      await model.session.release();
    }
  });
});
