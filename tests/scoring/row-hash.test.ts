import { describe, expect, it } from "vitest";
import { featureRowHashes } from "@/lib/scoring/row-hash";
import { mulberry32 } from "@/lib/random/mulberry32";

describe("feature row hashes", () => {
  it("are 16 hex digits, equal for equal rows and distinct across 20,000 random rows", () => {
    const rand = mulberry32(3);
    const width = 24;
    const rows = 20_000;
    const data = new Float64Array(rows * width);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(rand() * 1000) / 10;
    const hashes = featureRowHashes(data, width);
    expect(hashes).toHaveLength(rows);
    expect(hashes.every((h) => /^[0-9a-f]{16}$/.test(h))).toBe(true);
    expect(new Set(hashes).size).toBe(rows);
    // Row 7 copied into row 9: the same fingerprint.
    data.copyWithin(9 * width, 7 * width, 8 * width);
    expect(featureRowHashes(data, width)[9]).toBe(hashes[7]);
  });

  it("tells apart rows that differ in one value, in a missing value, or in order", () => {
    const [a, b, c, d] = featureRowHashes(Float64Array.from([1, 2, 3, 1, 2, 3.0000000001, 1, 2, NaN, 2, 1, 3]), 3);
    expect(new Set([a, b, c, d]).size).toBe(4);
  });

  it("refuses a matrix that does not split into rows", () => {
    expect(() => featureRowHashes(new Float64Array(5), 2)).toThrow(RangeError);
  });
});
