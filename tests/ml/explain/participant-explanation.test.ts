import { describe, expect, it } from "vitest";
import type { FeatureSpec } from "@/lib/ml/dataset";
import { decodeFeatureValue, explainRow, probabilityScale, topFactorsOfRow } from "@/lib/ml/explain/participant-explanation";
import { mulberry32 } from "@/lib/random/mulberry32";

const features: FeatureSpec[] = [
  { name: "age", kind: "numeric" },
  { name: "phase", kind: "categorical", categories: ["I", "II", "III", "IV"] },
  { name: "satisfaction_score", kind: "numeric" },
];
const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe("participant explanation", () => {
  it("turns log-odds SHAP values into probability effects that add up to p − p0", () => {
    // base −1.2; contributions +0.9, −0.3, +0.6 → raw 0.0, p = 0.5, p0 = σ(−1.2) = 0.231475...
    const e = explainRow(features, [0.9, -0.3, 0.6, -1.2], [70, 1, Number.NaN]);
    expect(e.rawScore).toBeCloseTo(0, 12);
    expect(e.probability).toBeCloseTo(0.5, 12);
    expect(e.baseProbability).toBeCloseTo(sig(-1.2), 12);
    const total = e.contributions.reduce((s, c) => s + c.probabilityEffect, 0);
    expect(total).toBeCloseTo(0.5 - sig(-1.2), 12);
    // Secant slope (0.5 − 0.231475) / 1.2 = 0.223771: age effect 0.9 × 0.223771 = 0.201394.
    expect(e.contributions[0].probabilityEffect).toBeCloseTo((0.9 * (0.5 - sig(-1.2))) / 1.2, 12);
    expect(e.contributions.map((c) => Math.sign(c.probabilityEffect))).toEqual([1, -1, 1]);
    expect(e.contributions.map((c) => c.value)).toEqual([70, "II", null]);
    expect(e.topRaising.map((c) => c.feature)).toEqual(["age", "satisfaction_score"]);
    expect(e.topLowering.map((c) => c.feature)).toEqual(["phase"]);
  });

  it("uses the tangent when the score equals the base", () => {
    expect(probabilityScale(0.4, 0.4)).toBeCloseTo(sig(0.4) * (1 - sig(0.4)), 15);
    const e = explainRow(features, [0.2, -0.2, 0, 0.4], [1, 0, 5]);
    expect(e.contributions[0].probabilityEffect).toBeCloseTo(0.2 * sig(0.4) * (1 - sig(0.4)), 12);
  });

  it("decodes categories, unseen codes and missing values", () => {
    expect(decodeFeatureValue(features[1], 3)).toBe("IV");
    expect(decodeFeatureValue(features[1], 4)).toBe("(unseen category)");
    expect(decodeFeatureValue(features[1], Number.NaN)).toBeNull();
    expect(decodeFeatureValue(features[0], 42.5)).toBe(42.5);
  });

  it("finds the same top factors as the full explanation, ties included", () => {
    const rand = mulberry32(9);
    const wide: FeatureSpec[] = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, kind: "numeric" as const }));
    for (let t = 0; t < 300; t++) {
      // Rounded values make ties common.
      const shap = Array.from({ length: 12 }, () => Math.round((rand() - 0.5) * 8) / 4);
      const row = [...shap, rand() - 0.5];
      const values = Array.from({ length: 12 }, () => rand());
      const full = explainRow(wide, row, values, 3);
      const lean = topFactorsOfRow(wide, row, values, 3);
      expect(lean.raising).toEqual(full.topRaising);
      expect(lean.lowering).toEqual(full.topLowering);
    }
  });
});
