import { describe, expect, it } from "vitest";
import {
  buildDriftReference,
  type DriftData,
  DriftError,
  driftReport,
  driftStatus,
  parseDriftReference,
  populationStabilityIndex,
  quantileEdges,
} from "@/lib/drift";
import type { FeatureSpec } from "@/lib/ml/dataset/schema";
import { mulberry32 } from "@/lib/random/mulberry32";

/** Seeded uniform (mulberry32) and Box-Muller normal. */
function rng(seed: number) {
  const next = mulberry32(seed);
  // Shifted off zero so that log(uniform()) stays finite.
  const uniform = () => next() + 0.5 / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const numeric = (name: string): FeatureSpec => ({ name, kind: "numeric" });

function column(name: string, values: number[]): DriftData {
  return { data: Float64Array.from(values), features: [numeric(name)] };
}

function normalSample(seed: number, n: number, mean: number): DriftData {
  const r = rng(seed);
  return column("x", Array.from({ length: n }, () => mean + r.normal()));
}

describe("PSI on numeric features", () => {
  it("is 0 for identical data and near 0 for another sample of the same distribution", () => {
    const training = normalSample(1, 20_000, 0);
    const reference = buildDriftReference(training);
    expect(driftReport(reference, training).features[0].psi).toBe(0);
    const again = driftReport(reference, normalSample(2, 20_000, 0));
    expect(again.features[0].psi).toBeLessThan(0.01);
    expect(again.status).toBe("stable");
  });

  it("matches a hand-computed example", () => {
    // Training 1..10 with 5 bins: edges at the 20/40/60/80 % quantiles = 2, 4, 6, 8, each bin 0.2.
    const reference = buildDriftReference(column("x", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { bins: 5 });
    expect(reference.features[0]).toEqual({ name: "x", kind: "numeric", edges: [2, 4, 6, 8], expected: [0.2, 0.2, 0.2, 0.2, 0.2, 0] });
    // Current: bins get 0.3, 0.1, 0.1, 0.1, 0.2 and missing 0.2.
    // PSI = (0.3 − 0.2)·ln 1.5 + 3 · (0.1 − 0.2)·ln 0.5 + 0 + (0.2 − 1e-4)·ln(0.2/1e-4)
    //     = 0.040547 + 0.207944 + 1.519420 = 1.767911 (the missing share reached an empty bucket,
    //       whose share is floored at epsilon = 1e-4).
    const report = driftReport(reference, column("x", [1, 1, 1, 3, 5, 7, 9, 10, Number.NaN, Number.NaN]));
    const x = report.features[0];
    expect(x.psi).toBeCloseTo(1.7679110666, 9);
    expect(x.status).toBe("significant");
    expect(x.buckets).toEqual([
      { label: "<= 2", kind: "bin", expected: 0.2, actual: 0.3 },
      { label: "(2, 4]", kind: "bin", expected: 0.2, actual: 0.1 },
      { label: "(4, 6]", kind: "bin", expected: 0.2, actual: 0.1 },
      { label: "(6, 8]", kind: "bin", expected: 0.2, actual: 0.1 },
      { label: "> 8", kind: "bin", expected: 0.2, actual: 0.2 },
      { label: "missing", kind: "missing", expected: 0, actual: 0.2 },
    ]);
  });

  it("flags a one-standard-deviation shift as significant and a tiny shift as stable", () => {
    const reference = buildDriftReference(normalSample(3, 20_000, 0));
    // For unit normals PSI ≈ δ² for a mean shift δ: about 1 here.
    const shifted = driftReport(reference, normalSample(4, 20_000, 1));
    expect(shifted.features[0].psi).toBeGreaterThan(0.25);
    expect(shifted.status).toBe("significant");
    const tiny = driftReport(reference, normalSample(5, 20_000, 0.05));
    expect(tiny.features[0].psi).toBeLessThan(0.1);
    expect(tiny.status).toBe("stable");
  });

  it("uses 10 quantile bins by default with about 10 % of training rows each", () => {
    const reference = buildDriftReference(normalSample(6, 10_000, 0));
    const feature = reference.features[0];
    if (feature.kind !== "numeric") throw new Error("expected numeric");
    expect(feature.edges).toHaveLength(9);
    for (const share of feature.expected.slice(0, 10)) expect(share).toBeCloseTo(0.1, 3);
  });

  it("merges duplicate quantile edges from ties and drops an edge at the maximum", () => {
    // 70 % zeros: the 10 %..70 % quantiles are all 0 → one edge at 0; 30 % spread over 1..3.
    const values = [...Array<number>(70).fill(0), ...Array.from({ length: 30 }, (_, i) => 1 + Math.floor(i / 10))];
    const sorted = Float64Array.from(values).sort();
    expect(quantileEdges(sorted, 10)).toEqual([0, 1, 2]);
    const reference = buildDriftReference(column("x", values));
    expect(reference.features[0].expected).toEqual([0.7, 0.1, 0.1, 0.1, 0]);
    // A constant feature has a single bin.
    const constant = buildDriftReference(column("c", [5, 5, 5, Number.NaN]));
    expect(constant.features[0]).toEqual({ name: "c", kind: "numeric", edges: [], expected: [0.75, 0.25] });
    const report = driftReport(constant, column("c", [5, 6, 7, 8]));
    expect(report.features[0].buckets.map((b) => b.label)).toEqual(["all values", "missing"]);
  });

  it("counts missing values in their own bucket", () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? Number.NaN : i));
    const reference = buildDriftReference(column("x", values));
    expect(reference.features[0].expected.at(-1)).toBeCloseTo(0.1, 12);
    // The first 50 rows missing as well: the missing bucket grows from 0.1 to 0.55 (50 + 5 of the
    // last 50 rows, which were already missing).
    const current = driftReport(reference, column("x", values.map((v, i) => (i < 50 ? Number.NaN : v))));
    const missing = current.features[0].buckets.at(-1)!;
    expect(missing).toMatchObject({ label: "missing", kind: "missing", actual: 0.55 });
    expect(missing.expected).toBeCloseTo(0.1, 12);
    expect(current.features[0].psi).toBeGreaterThan(0.25);
  });
});

describe("PSI on categorical features", () => {
  const schema: FeatureSpec[] = [{ name: "arm", kind: "categorical", categories: ["a", "b", "c"] }];
  const training: DriftData = { data: Float64Array.from([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]), features: schema };

  it("handles a new level (unseen) and missing values, matching the hand-computed PSI", () => {
    const reference = buildDriftReference(training);
    expect(reference.features[0].expected).toEqual([0.5, 0.3, 0.2, 0, 0]);
    // Current: a 0.4, b 0.2, c 0, unseen (code 3) 0.2, missing 0.2.
    // PSI = (0.4−0.5)·ln 0.8 + (0.2−0.3)·ln(2/3) + (1e-4−0.2)·ln(1e-4/0.2) + 2·(0.2−1e-4)·ln(0.2/1e-4)
    //     = 0.022314 + 0.040547 + 1.519420 + 3.038841 = 4.621122
    const current: DriftData = { data: Float64Array.from([0, 0, 0, 0, 1, 1, 3, 3, Number.NaN, Number.NaN]), features: schema };
    const report = driftReport(reference, current);
    expect(report.features[0].psi).toBeCloseTo(4.6211220709, 9);
    expect(report.features[0].buckets).toEqual([
      { label: "a", kind: "category", expected: 0.5, actual: 0.4 },
      { label: "b", kind: "category", expected: 0.3, actual: 0.2 },
      { label: "c", kind: "category", expected: 0.2, actual: 0 },
      { label: "unseen", kind: "unseen", expected: 0, actual: 0.2 },
      { label: "missing", kind: "missing", expected: 0, actual: 0.2 },
    ]);
  });

  it("maps codes by category text when the current schema lists categories differently", () => {
    const reference = buildDriftReference(training);
    // Same rows encoded with a reordered list plus a new level "d" (code 3): a→1, b→2, c→0.
    const features: FeatureSpec[] = [{ name: "arm", kind: "categorical", categories: ["c", "a", "b", "d"] }];
    const same = driftReport(reference, { data: Float64Array.from([1, 1, 1, 1, 1, 2, 2, 2, 0, 0]), features });
    expect(same.features[0].psi).toBe(0);
    const withNew = driftReport(reference, { data: Float64Array.from([1, 1, 1, 1, 1, 2, 2, 2, 0, 3]), features });
    expect(withNew.features[0].buckets[3]).toEqual({ label: "unseen", kind: "unseen", expected: 0, actual: 0.1 });
  });

  it("rejects codes that are not non-negative integers", () => {
    const reference = buildDriftReference(training);
    expect(() => driftReport(reference, { data: Float64Array.from([0, 1.5]), features: schema })).toThrow(/feature "arm" row 1: category code 1.5/);
    expect(() => driftReport(reference, { data: Float64Array.from([-1]), features: schema })).toThrow(DriftError);
  });
});

describe("reports over several features", () => {
  const features: FeatureSpec[] = [numeric("age"), { name: "sex", kind: "categorical", categories: ["female", "male"] }, numeric("bmi")];

  function table(seed: number, n: number, ageShift: number): DriftData {
    const r = rng(seed);
    const data = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      data[i * 3] = 50 + ageShift + 12 * r.normal();
      data[i * 3 + 1] = r.uniform() < 0.5 ? 0 : 1;
      data[i * 3 + 2] = r.uniform() < 0.05 ? Number.NaN : 27 + 4 * r.normal();
    }
    return { data, features };
  }

  it("reports each feature, the maximum PSI and the worst status", () => {
    const reference = buildDriftReference(table(10, 10_000, 0));
    const report = driftReport(reference, table(11, 10_000, 6)); // age shifted by half a standard deviation
    expect(report.rows).toBe(10_000);
    expect(report.features.map((f) => f.name)).toEqual(["age", "sex", "bmi"]);
    const [age, sex, bmi] = report.features;
    expect(age.psi).toBeGreaterThan(0.1);
    expect(sex.status).toBe("stable");
    expect(bmi.status).toBe("stable");
    expect(report.maxPsi).toBe(age.psi);
    expect(report.status).toBe(age.status);
    expect(report.status).not.toBe("stable");
  });

  it("matches current features by name and ignores extra ones", () => {
    const training = table(12, 2000, 0);
    const reference = buildDriftReference(training);
    // Current columns in another order plus an extra feature.
    const n = 2000;
    const reordered = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) {
      reordered[i * 4] = training.data[i * 3 + 2];
      reordered[i * 4 + 1] = 7;
      reordered[i * 4 + 2] = training.data[i * 3];
      reordered[i * 4 + 3] = training.data[i * 3 + 1];
    }
    const report = driftReport(reference, { data: reordered, features: [features[2], numeric("extra"), features[0], features[1]] });
    expect(report.features.map((f) => f.psi)).toEqual([0, 0, 0]);
  });

  it("round-trips the reference through JSON with identical reports", () => {
    const reference = buildDriftReference(table(13, 5000, 0));
    const stored = JSON.parse(JSON.stringify(reference)) as unknown;
    const parsed = parseDriftReference(stored);
    expect(parsed).toEqual(reference);
    const current = table(14, 3000, 2);
    expect(driftReport(parsed, current)).toEqual(driftReport(reference, current));
  });
});

describe("thresholds and validation", () => {
  it("classifies PSI with the default bands and with custom ones", () => {
    expect(driftStatus(0.0999)).toBe("stable");
    expect(driftStatus(0.1)).toBe("moderate");
    expect(driftStatus(0.25)).toBe("moderate");
    expect(driftStatus(0.2501)).toBe("significant");
    expect(driftStatus(0.06, { moderate: 0.05, significant: 0.2 })).toBe("moderate");
    const reference = buildDriftReference(normalSample(20, 5000, 0));
    const report = driftReport(reference, normalSample(21, 5000, 0.3), { thresholds: { moderate: 0.01, significant: 0.02 } });
    expect(report.status).toBe("significant");
    expect(() => driftReport(reference, normalSample(21, 10, 0), { thresholds: { moderate: 0.3, significant: 0.2 } })).toThrow(/thresholds.significant/);
  });

  it("computes PSI with the documented epsilon", () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(populationStabilityIndex([1, 0], [0.5, 0.5])).toBeCloseTo(0.5 * Math.log(0.5) * -1 + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), 12);
    expect(populationStabilityIndex([1, 0], [0.5, 0.5], 1e-6)).toBeCloseTo(0.5 * Math.log(2) + (0.5 - 1e-6) * Math.log(0.5 / 1e-6), 12);
  });

  it("rejects bad data with errors naming the feature", () => {
    const reference = buildDriftReference(column("x", [1, 2, 3]));
    expect(() => buildDriftReference(column("x", [1, Infinity]))).toThrow(/feature "x" row 1: Infinity is not a finite number/);
    expect(() => driftReport(reference, column("y", [1]))).toThrow(/feature "x" of the reference is missing/);
    expect(() => driftReport(reference, { data: Float64Array.of(0), features: [{ name: "x", kind: "categorical", categories: ["a"] }] })).toThrow(
      /feature "x" is numeric in the reference but categorical/,
    );
    expect(() => driftReport(reference, column("x", []))).toThrow(/current data has no rows/);
    expect(() => buildDriftReference(column("x", []))).toThrow(/training data has no rows/);
    expect(() => buildDriftReference({ data: Float64Array.of(1, 2, 3), features: [numeric("a"), numeric("b")] })).toThrow(/not a multiple of 2 features/);
    expect(() => buildDriftReference({ data: Float64Array.of(1, 2), features: [numeric("a"), numeric("a")] })).toThrow(/"a" is used twice/);
    expect(() => buildDriftReference(column("x", [1, 2]), { bins: 1 })).toThrow(/^bins must/);
  });

  it("rejects a corrupted stored reference", () => {
    const reference = buildDriftReference(column("x", [1, 2, 3, 4]));
    const good = JSON.parse(JSON.stringify(reference)) as { features: { edges: unknown[]; expected: unknown[] }[]; version: number };
    expect(() => parseDriftReference({ ...good, version: 2 })).toThrow(/reference.version must be 1/);
    expect(() => parseDriftReference(null)).toThrow(/reference must be an object/);
    const badEdges = structuredClone(good);
    badEdges.features[0].edges = [3, 2];
    expect(() => parseDriftReference(badEdges)).toThrow(/edges must be strictly increasing/);
    const badShares = structuredClone(good);
    badShares.features[0].expected = badShares.features[0].expected.slice(1);
    expect(() => parseDriftReference(badShares)).toThrow(/expected must be an array of/);
  });
});
