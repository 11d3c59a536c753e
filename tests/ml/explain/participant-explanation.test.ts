import { describe, expect, it } from "vitest";
import type { FeatureSpec } from "@/lib/ml/dataset";
import { decodeFeatureValue, explainRow, probabilityScale } from "@/lib/ml/explain/participant-explanation";

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
});
