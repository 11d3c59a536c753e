import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluateBinary } from "@/lib/ml/metrics";
import { EXAMPLE_LABELS, EXAMPLE_PROBS } from "./testData";

const FIXTURES = fileURLToPath(new URL("../../fixtures/lightgbm/", import.meta.url));

describe("evaluateBinary", () => {
  it("reports every metric of the running example", () => {
    const e = evaluateBinary(EXAMPLE_PROBS, EXAMPLE_LABELS);
    expect(e).toMatchObject({ n: 8, positives: 4, negatives: 4, positiveRate: 0.5, rocAuc: 0.8125 });
    expect(e.averagePrecision).toBeCloseTo(0.8541666666666666, 12);
    expect(e.logLoss).toBeCloseTo(0.5108256237659907, 12);
    expect(e.brierScore).toBeCloseTo(0.175, 14);
    expect(e.atThreshold.threshold).toBe(0.5);
    expect(e.atThreshold.confusion).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    expect(e.bestF1?.threshold).toBe(0.3);
    expect(e.calibration).toHaveLength(10);
    expect(e.rocCurve).toHaveLength(9);
    expect(e.prCurve).toHaveLength(9);
    expect(evaluateBinary(EXAMPLE_PROBS, EXAMPLE_LABELS, 0.7).atThreshold.confusion).toEqual({ tp: 2, fp: 1, tn: 3, fn: 2 });
  });

  it("is plain JSON: a JSON round trip gives back an equal object", () => {
    const e = evaluateBinary(EXAMPLE_PROBS, EXAMPLE_LABELS);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it("reports null for undefined metrics when only one class is present", () => {
    const e = evaluateBinary(Float64Array.of(0.2, 0.3, 0.9), Uint8Array.of(0, 0, 0));
    expect(e).toMatchObject({ positives: 0, rocAuc: null, averagePrecision: null, bestF1: null, rocCurve: [], prCurve: [] });
    expect(e.logLoss).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    const allPositive = evaluateBinary(Float64Array.of(0.2, 0.9), Uint8Array.of(1, 1));
    expect(allPositive.rocAuc).toBeNull();
    expect(allPositive.averagePrecision).toBe(1);
  });

  it("throws on inputs that are not probabilities", () => {
    expect(() => evaluateBinary(Float64Array.of(-0.1, 0.5), Uint8Array.of(0, 1))).toThrow(/\[0, 1\]/);
    expect(() => evaluateBinary(new Float64Array(0), new Uint8Array(0))).toThrow(/empty/);
  });

  it("reproduces LightGBM's own test AUC and log loss on the reference fixture", () => {
    // README: main model, test AUC 0.790437, test logloss 0.554565 (LightGBM's own metrics).
    const probs = Float64Array.from(
      readFileSync(`${FIXTURES}main.test_prob.txt`, "utf8").trim().split("\n"),
      Number,
    );
    const rows = readFileSync(`${FIXTURES}test.csv`, "utf8").trim().split("\n").slice(1);
    const labels = Uint8Array.from(rows, (r) => Number(r.split(",")[0]));
    const e = evaluateBinary(probs, labels);
    expect(e.n).toBe(1000);
    expect(e.positiveRate).toBeCloseTo(0.473, 12);
    expect(e.rocAuc).toBeCloseTo(0.790437, 6);
    expect(e.logLoss).toBeCloseTo(0.554565, 6);
  });
});
