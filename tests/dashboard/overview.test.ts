import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionCandidates, clvHistogram, overviewFigures, probabilityHistogram } from "@/lib/dashboard/overview";
import { riskSummary } from "@/lib/dashboard/risk-summary";
import { computeOverviewSnapshot, readOverviewSnapshot, refreshOverviewSnapshot } from "@/lib/dashboard/overview-snapshot";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let versionId: number;
let all: Array<{ patientId: string; churnProbability: number; riskTier: string; clv: number; valueAtRisk: number; studyId: string; siteId: string; phase: string }>;

beforeAll(async () => {
  seeded = await createSeededModel(900, 17);
  await scoreParticipants(seeded.db);
  versionId = (await seeded.db.prisma.modelVersion.findFirstOrThrow({ where: { version: "seeded" } })).id;
  const preds = await seeded.db.prisma.prediction.findMany({ where: { modelVersionId: versionId }, include: { patient: true } });
  all = preds.map((p) => ({ ...p, studyId: p.patient.studyId, siteId: p.patient.siteId, phase: p.patient.phase }));
});
afterAll(async () => {
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("overview figures in SQL", () => {
  it("equal the same figures computed over every stored prediction", async () => {
    const f = await overviewFigures(seeded.db.prisma, versionId);
    expect(f.participants).toBe(900);
    expect(f.scored).toBe(all.length);
    expect(f.predictedWithdrawalRate).toBeCloseTo(sum(all.map((p) => p.churnProbability)) / all.length, 12);
    expect(f.high).toBe(all.filter((p) => p.riskTier === "high").length);
    expect(f.critical).toBe(all.filter((p) => p.riskTier === "critical").length);
    expect(f.totalClv).toBeCloseTo(sum(all.map((p) => p.clv)), 4);
    expect(f.totalValueAtRisk).toBeCloseTo(sum(all.map((p) => p.valueAtRisk)), 4);
  });

  it("bins probabilities like a brute-force count", async () => {
    const h = await probabilityHistogram(seeded.db.prisma, versionId, 10);
    expect(h).toHaveLength(10);
    const expected = new Array(10).fill(0);
    for (const p of all) expected[Math.min(9, Math.floor(p.churnProbability * 10))]++;
    expect(h.map((b) => b.count)).toEqual(expected);
    expect(h[0].lower).toBe(0);
    expect(h[9].upper).toBeCloseTo(1, 12);
  });

  it("bins lifetime value up to the 99th percentile, everything counted once", async () => {
    const h = await clvHistogram(seeded.db.prisma, versionId, 8);
    expect(sum(h.map((b) => b.count))).toBe(all.length);
    const sorted = all.map((p) => p.clv).sort((a, b) => a - b);
    const top = sorted[Math.floor(0.99 * (sorted.length - 1))];
    expect(h[7].upper).toBeCloseTo(top, 6);
    const width = top / 8;
    const expected = new Array(8).fill(0);
    for (const v of sorted) expected[v >= top ? 7 : Math.min(7, Math.floor(v / width))]++;
    expect(h.map((b) => b.count)).toEqual(expected);
  });

  it("lists the high and critical risk participants with the most value at risk", async () => {
    const top = await actionCandidates(seeded.db.prisma, versionId, 5);
    const expected = all
      .filter((p) => p.riskTier === "high" || p.riskTier === "critical")
      .sort((a, b) => b.valueAtRisk - a.valueAtRisk || a.patientId.localeCompare(b.patientId))
      .slice(0, 5)
      .map((p) => p.patientId);
    expect(top.map((t) => t.id)).toEqual(expected);
  });

  it("summarises tiers per study exactly", async () => {
    const groups = await riskSummary(seeded.db.prisma, versionId, "STUDY");
    expect(sum(groups.map((g) => g.participants))).toBe(all.length);
    for (const g of groups) {
      const members = all.filter((p) => p.studyId === g.key);
      expect(g.participants).toBe(members.length);
      expect(g.critical).toBe(members.filter((p) => p.riskTier === "critical").length);
      expect(g.totalValueAtRisk).toBeCloseTo(sum(members.map((p) => p.valueAtRisk)), 6);
    }
  });

  it("are stored by the scoring run as one snapshot, which goes stale when predictions change", async () => {
    const stored = await readOverviewSnapshot(seeded.db.prisma, versionId);
    expect(stored?.current).toBe(true);
    const fresh = await computeOverviewSnapshot(seeded.db.prisma, versionId);
    expect(stored?.snapshot.figures).toEqual(fresh.figures);
    for (const [i, c] of (stored?.snapshot.candidates ?? []).entries()) expect(JSON.stringify(c)).toBe(JSON.stringify(fresh.candidates[i]));
    expect(stored?.snapshot.dataset.participants).toBe(900);
    // A participant re-scored (its prediction replaced) makes the snapshot stale until refreshed.
    const one = await seeded.db.prisma.prediction.findFirstOrThrow({ where: { modelVersionId: versionId } });
    const { id: _id, ...rest } = one;
    await seeded.db.prisma.$transaction([
      seeded.db.prisma.prediction.delete({ where: { id: one.id } }),
      seeded.db.prisma.prediction.create({ data: { ...rest, topFactors: rest.topFactors ?? [], clv: rest.clv + 1000 } }),
    ]);
    expect((await readOverviewSnapshot(seeded.db.prisma, versionId))?.current).toBe(false);
    await refreshOverviewSnapshot(seeded.db.prisma, versionId);
    const after = await readOverviewSnapshot(seeded.db.prisma, versionId);
    expect(after?.current).toBe(true);
    expect(after?.snapshot.figures.totalClv).toBeCloseTo((stored?.snapshot.figures.totalClv ?? 0) + 1000, 4);
  });
});
