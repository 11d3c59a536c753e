import { describe, expect, it } from "vitest";
import { valueBins } from "@/lib/dashboard/model-bins";
import { lowHighColor, strengthColor } from "@/lib/dashboard/model-colors";
import { beeswarm, colorGroups, compactSamples, dependence, jitter, type FeatureSamples } from "@/lib/dashboard/model-explanations";
import { interactionHeatmap } from "@/lib/dashboard/model-heatmap";

describe("valueBins", () => {
  it("puts equal values in one bin and keeps bins ordered by value", () => {
    const values = [5, 1, 1, 1, 9, 3, 7, 7, 2, 8, 4, 6, 10, 1];
    const { bin, ranges } = valueBins(values, 5);
    values.forEach((v, i) => values.forEach((w, j) => {
      if (v === w) expect(bin[i]).toBe(bin[j]);
      if (v < w) expect(bin[i]).toBeLessThanOrEqual(bin[j]);
    }));
    for (const b of bin) expect(b).toBeGreaterThanOrEqual(0);
    for (const b of bin) expect(b).toBeLessThan(5);
    // Ranges cover exactly the values of each bin.
    ranges.forEach((r, b) => {
      const inBin = values.filter((_, i) => bin[i] === b);
      expect(r).toEqual(inBin.length ? { min: Math.min(...inBin), max: Math.max(...inBin) } : null);
    });
  });

  it("sends flags to the two ends and a constant to the middle", () => {
    expect(valueBins([0, 1, 0, 1], 5).bin).toEqual([0, 4, 0, 4]);
    expect(valueBins([3, 3], 5).bin).toEqual([2, 2]);
  });

  it("spreads many distinct values about evenly", () => {
    const { bin } = valueBins(Array.from({ length: 100 }, (_, i) => i * i), 5);
    const counts = [0, 1, 2, 3, 4].map((b) => bin.filter((x) => x === b).length);
    expect(counts).toEqual([20, 20, 20, 20, 20]);
  });
});

describe("colour scales", () => {
  it("run from blue to red and faint to dark", () => {
    expect(lowHighColor(0)).toBe("rgb(0, 139, 251)");
    expect(lowHighColor(1)).toBe("rgb(230, 0, 80)");
    expect(lowHighColor(2)).toBe(lowHighColor(1));
    expect(strengthColor(0)).toBe("rgb(239, 243, 255)");
    expect(strengthColor(1)).toBe("rgb(8, 48, 107)");
  });
});

const samples: FeatureSamples[] = [
  { feature: "distance", colorFeature: "arm", values: [1, 5, 9, null, 3, 7], shap: [-0.2, 0.1, 0.5, 0, -0.1, 0.3], colors: ["a", "b", "a", "a", null, "c"] },
  { feature: "arm", colorFeature: "distance", values: ["a", "b", "a", "a", "b", "c"], shap: [0.01, -0.02, 0.03, 0, 0.02, 0.05], colors: [1, 5, 9, null, 3, 7] },
  { feature: "flag", colorFeature: null, values: [0, 1, 0, 1, 0, 0], shap: [0, 0.2, 0, 0.2, 0, 0], colors: [null, null, null, null, null, null] },
];

describe("beeswarm", () => {
  it("plots every sampled point once, at its SHAP value and near its feature's rank", () => {
    const b = beeswarm(samples, 2);
    expect(b.features).toEqual(["distance", "arm"]);
    const all = b.groups.flatMap((g) => g.points);
    expect(all).toHaveLength(12);
    expect(all.map((p) => p.x).sort()).toEqual([...samples[0].shap, ...samples[1].shap].sort());
    for (const p of all) expect(Math.abs(p.y - Math.round(p.y))).toBeLessThanOrEqual(0.4);
    // Text values (arm) and the missing distance are grey; low distances blue, high red.
    const grey = b.groups.find((g) => g.label === "Category or missing");
    expect(grey?.points).toHaveLength(7);
    expect(b.groups.find((g) => g.label === "Feature value: lowest")?.points[0].x).toBe(-0.2);
    expect(b.groups.find((g) => g.label === "Feature value: highest")?.points[0].x).toBe(0.5);
  });

  it("jitter stays within half a unit and is deterministic", () => {
    for (let i = 0; i < 1000; i++) {
      expect(Math.abs(jitter(i))).toBeLessThanOrEqual(0.5);
      expect(jitter(i)).toBe(jitter(i));
    }
  });
});

describe("dependence", () => {
  it("plots numeric values as x, leaves out missing ones, colours by the partner feature", () => {
    const d = dependence(samples[0]);
    expect(d.kind).toBe("number");
    expect(d.missing).toBe(1);
    const pts = d.groups.flatMap((g) => g.points);
    expect(pts).toHaveLength(5);
    expect(d.groups.map((g) => g.label)).toEqual(["arm a", "arm b", "arm c", "arm missing"]);
    expect(d.groups[0].points).toEqual([{ x: 1, y: -0.2 }, { x: 9, y: 0.5 }]);
  });

  it("places text categories at their alphabetical index", () => {
    const d = dependence(samples[1]);
    expect(d.kind).toBe("category");
    expect(d.categories).toEqual(["a", "b", "c"]);
    for (const g of d.groups) for (const p of g.points) expect(Math.abs(p.x - Math.round(p.x))).toBeLessThanOrEqual(0.25);
    expect(d.groups.flatMap((g) => g.points)).toHaveLength(6);
  });

  it("colour groups of many categories keep the frequent ones and pool the rest", () => {
    const values = ["a", "a", "b", "c", "d", "e", "f", "g", "h", 2, null];
    const { group, groups } = colorGroups(values, "x");
    expect(groups.map((g) => g.label)).toEqual(["x 2", "x a", "x b", "x c", "x d", "x e", "x (other)", "x missing"]);
    expect(group).toEqual([1, 1, 2, 3, 4, 5, 6, 6, 6, 0, 7]);
  });

  it("compactSamples keeps the stored order and caps the points", () => {
    const c = compactSamples({ points: [{ feature: "f", colorFeature: null, points: [{ value: 1.234567, shap: 0.123456, color: null }, { value: "x", shap: 1, color: 2 }] }] }, 1);
    expect(c).toEqual([{ feature: "f", colorFeature: null, values: [1.2346], shap: [0.1235], colors: [null] }]);
  });
});

describe("interactionHeatmap", () => {
  const interactions = {
    features: ["a", "b", "c"],
    strength: [
      [0.9, 0.2, 0.1],
      [0.2, 0.8, 0.4],
      [0.1, 0.4, 0.7],
    ],
    topPairs: [],
  };
  it("has one cell per ordered off-diagonal pair in the given order, scaled to the largest", () => {
    const h = interactionHeatmap(interactions, ["c", "a", "b", "unknown"]);
    expect(h.features).toEqual(["c", "a", "b"]);
    expect(h.cells).toHaveLength(6);
    expect(h.max).toBe(0.4);
    expect(h.cells.find((c) => c.x === 0 && c.y === 2)?.value).toBe(0.4);
    expect(h.cells.find((c) => c.x === 2 && c.y === 0)?.color).toBe(strengthColor(1));
    expect(h.cells.some((c) => c.x === c.y)).toBe(false);
  });
});
