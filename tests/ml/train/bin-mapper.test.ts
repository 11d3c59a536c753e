import { describe, expect, it } from "vitest";
import {
  K_ZERO_THRESHOLD,
  binMapperInfo,
  buildCategoricalBinMapper,
  buildNumericBinMapper,
  valueToBin,
  type NumericBinMapper,
} from "@/lib/ml/train/bin-mapper";
import { formatDouble17, formatG, nextUp } from "@/lib/ml/train/format";
import { deriveSeeds, LcgRandom } from "@/lib/ml/train/random";

const cfg = { maxBin: 255, minDataInBin: 3, filterCount: 0 };
const f64 = (xs: number[]) => Float64Array.from(xs);

describe("numeric bin mapper", () => {
  it("puts bin bounds just above midpoints between distinct values, with zero in its own bin", () => {
    const m = buildNumericBinMapper(f64([1, 1, 1, 2, 2, 2, 5, 5, 5]), cfg) as NumericBinMapper;
    expect(Array.from(m.upperBounds)).toEqual([K_ZERO_THRESHOLD, nextUp(1.5), nextUp(3.5), Infinity]);
    expect(m.missingType).toBe(0);
    expect([1, 2, 5, 1.5, 1.6, 0].map((v) => valueToBin(m, v))).toEqual([1, 2, 3, 1, 2, 0]);
    expect(binMapperInfo(m)).toBe("[1:5]");
  });

  it("merges distinct values until min_data_in_bin rows", () => {
    const m = buildNumericBinMapper(f64([1, 2, 3, 4, 5, 6]), cfg) as NumericBinMapper;
    expect(Array.from(m.upperBounds)).toEqual([K_ZERO_THRESHOLD, nextUp(3.5), Infinity]);
  });

  it("keeps negative values, zero and positive values apart", () => {
    const m = buildNumericBinMapper(f64([-2, -2, -2, -1, -1, -1, 0, 0, 0, 1, 1, 1, 2, 2, 2]), cfg);
    const bins = [-2, -1, 0, 1e-40, 1, 2].map((v) => valueToBin(m, v));
    expect(bins[0]).toBeLessThan(bins[1]);
    expect(bins[1]).toBeLessThan(bins[2]);
    expect(bins[3]).toBe(bins[2]);
    expect(bins[2]).toBeLessThan(bins[4]);
    expect(bins[4]).toBeLessThan(bins[5]);
    expect(binMapperInfo(m)).toBe("[-2:2]");
  });

  it("limits bins to max_bin with roughly equal counts (greedy bin finding)", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const m = buildNumericBinMapper(f64(values), { maxBin: 16, minDataInBin: 3, filterCount: 0 });
    expect(m.numBin).toBeLessThanOrEqual(16);
    const counts = new Array<number>(m.numBin).fill(0);
    for (const v of values) counts[valueToBin(m, v)]++;
    // Bin 0 is the (empty) zero bin; the others share the 1000 values.
    expect(counts[0]).toBe(0);
    for (const c of counts.slice(1)) {
      expect(c).toBeGreaterThan(40);
      expect(c).toBeLessThan(90);
    }
  });

  it("adds a last bin for missing values", () => {
    const m = buildNumericBinMapper(f64([1, 2, 3, Number.NaN, 4, 5, 6, Number.NaN]), { ...cfg, minDataInBin: 1 });
    expect(m.missingType).toBe(2);
    expect(valueToBin(m, Number.NaN)).toBe(m.numBin - 1);
    expect(valueToBin(m, 6)).toBe(m.numBin - 2);
  });

  it("marks features that cannot give min_data_in_leaf rows on both sides as unused", () => {
    // A constant feature has an empty zero bin and one bin holding every row.
    const constant = buildNumericBinMapper(f64(new Array(50).fill(7)), { ...cfg, filterCount: 1 });
    expect(constant.isTrivial).toBe(true);
    expect(buildNumericBinMapper(f64(new Array(50).fill(0)), cfg).isTrivial).toBe(true);
    expect(binMapperInfo(constant)).toBe("none");
    const rare = f64(Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0)));
    expect(buildNumericBinMapper(rare, { ...cfg, filterCount: 20 }).isTrivial).toBe(true);
    expect(buildNumericBinMapper(rare, { ...cfg, filterCount: 5 }).isTrivial).toBe(false);
  });
});

describe("categorical bin mapper", () => {
  it("orders categories by frequency, drops rare ones and maps NaN / unseen / negative to bin 0", () => {
    const values = [
      ...new Array(50).fill(3),
      ...new Array(30).fill(7),
      ...new Array(30).fill(1),
      9,
      9,
      ...new Array(5).fill(Number.NaN),
    ];
    const m = buildCategoricalBinMapper(f64(values), cfg);
    expect(Array.from(m.bin2cat)).toEqual([-1, 3, 1, 7]);
    expect(binMapperInfo(m)).toBe("-1:3:1:7");
    expect(m.missingType).toBe(2);
    expect([3, 1, 7, 9, Number.NaN, -1, 42].map((v) => valueToBin(m, v))).toEqual([1, 2, 3, 0, 0, 0, 0]);
  });

  it("has missing type None when every category is kept and none is missing", () => {
    const m = buildCategoricalBinMapper(f64([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]), cfg);
    expect(Array.from(m.bin2cat)).toEqual([-1, 2, 0, 1]);
    expect(m.missingType).toBe(0);
  });
});

describe("helpers", () => {
  it("formats numbers like C's %g", () => {
    expect(formatG(0.1)).toBe("0.1");
    expect(formatG(1e-5)).toBe("1e-05");
    expect(formatG(1e20)).toBe("1e+20");
    expect(formatG(123456789)).toBe("1.23457e+08");
    expect(formatG(995.8400001)).toBe("995.84");
    expect(formatDouble17(0.958)).toBe("0.95799999999999996");
    expect(formatDouble17(nextUp(2.5))).toBe("2.5000000000000004");
    expect(formatDouble17(K_ZERO_THRESHOLD)).toBe("1.0000000180025095e-35");
  });

  it("derives LightGBM's sub-seeds from the seed", () => {
    // seed=7 in the fixture model: data_random_seed 61, bagging_seed 17422, drop_seed 15215,
    // feature_fraction_seed 7040, objective_seed 15521, extra_seed 6516.
    expect(deriveSeeds(7)).toEqual({
      dataRandomSeed: 61,
      baggingSeed: 17422,
      dropSeed: 15215,
      featureFractionSeed: 7040,
      objectiveSeed: 15521,
      extraSeed: 6516,
    });
    const r = new LcgRandom(1);
    const s = r.sample(100, 10);
    expect(s.length).toBe(10);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(new Set(s).size).toBe(10);
  });
});
