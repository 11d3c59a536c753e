import { describe, expect, it } from "vitest";
import { computeGlobalExplanations } from "@/lib/ml/explain/global-explanations";
import { featuresFromBooster } from "@/lib/ml/training/import-model";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { fixtureText, modelText, testMatrix } from "../model/lightgbm-fixtures";

describe("global explanations", () => {
  it("rank features by mean |SHAP| exactly as LightGBM's own contributions do", async () => {
    const booster = parseModelText(modelText("main"));
    const features = featuresFromBooster(booster);
    const test = testMatrix();
    const g = await computeGlobalExplanations(booster, test.data, test.numRows, features, { sampleSize: 200, interactionSampleSize: 150 });

    // Oracle: mean |contribution| per feature from LightGBM's predict_contrib output.
    const rows = fixtureText("main.test_contrib.txt").trim().split("\n").map((l) => l.split("\t").map(Number));
    const oracle = features.map((f, j) => ({ feature: f.name, value: rows.reduce((s, r) => s + Math.abs(r[j]), 0) / rows.length }));
    oracle.sort((a, b) => b.value - a.value);
    expect(g.importance.map((i) => i.feature)).toEqual(oracle.map((o) => o.feature));
    g.importance.forEach((imp, k) => expect(imp.meanAbsShap).toBeCloseTo(oracle[k].value, 5));
    expect(g.expectedValue).toBeCloseTo(rows[0][features.length], 12);

    // Beeswarm/dependence points: one per sampled row, in importance order, values decoded.
    expect(g.sampleRows).toBe(200);
    expect(g.points.map((p) => p.feature)).toEqual(g.importance.map((i) => i.feature));
    for (const p of g.points) expect(p.points).toHaveLength(200);
    const site = g.points.find((p) => p.feature === "site");
    expect(site?.points.every((pt) => pt.value === null || typeof pt.value === "string")).toBe(true);

    // Interaction strengths: symmetric, top pairs sorted, partners are the strongest pair.
    const s = g.interactions.strength;
    for (let i = 0; i < s.length; i++) for (let j = 0; j < s.length; j++) expect(s[i][j]).toBeCloseTo(s[j][i], 9);
    const top = g.interactions.topPairs;
    for (let k = 1; k < top.length; k++) expect(top[k - 1].strength).toBeGreaterThanOrEqual(top[k].strength);
    const [a, b] = top[0].features;
    expect(g.points.find((p) => p.feature === a)?.colorFeature).toBe(b);
    expect(g.points.find((p) => p.feature === b)?.colorFeature).toBe(a);
  });
});
