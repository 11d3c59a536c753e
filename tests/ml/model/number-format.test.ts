import { describe, expect, it } from "vitest";
import { formatG, formatHigh, formatShort, parseNumberToken } from "../../../lib/ml/model/number-format";

// Expected strings produced by C's printf("%.*g") (glibc), which {fmt}'s `g` format matches.
const PRINTF_CASES: Array<[number, number, string]> = [
  [0.1, 17, "0.10000000000000001"],
  [1e-5, 6, "1e-05"],
  [1234.125, 6, "1234.12"],
  [1234.375, 6, "1234.38"],
  [123456789, 6, "1.23457e+08"],
  [-0, 6, "-0"],
  [1.0000000180025095e-35, 17, "1.0000000180025095e-35"],
  [5e-324, 17, "4.9406564584124654e-324"],
  [1.7976931348623157e308, 17, "1.7976931348623157e+308"],
  [0.0001, 6, "0.0001"],
  [1.234e-5, 6, "1.234e-05"],
  [100000, 6, "100000"],
  [1000000, 6, "1e+06"],
  [999999.5, 6, "1e+06"],
  [2.5000000000000004, 17, "2.5000000000000004"],
  [-0.02935241335301711, 17, "-0.029352413353017109"],
  [317.958, 6, "317.958"],
  [0.5, 17, "0.5"],
  [1, 6, "1"],
  [1e22, 17, "1e+22"],
  [1e21, 6, "1e+21"],
];

describe("formatG", () => {
  it.each(PRINTF_CASES)("formats %s with precision %s like printf", (value, precision, expected) => {
    expect(formatG(value, precision)).toBe(expected);
  });

  it("spells non-finite values as {fmt} does", () => {
    expect(formatHigh(Number.NaN)).toBe("nan");
    expect(formatShort(Infinity)).toBe("inf");
    expect(formatShort(-Infinity)).toBe("-inf");
  });

  it("round-trips every double through 17 significant digits", () => {
    const view = new DataView(new ArrayBuffer(8));
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      view.setUint32(0, seed);
      seed = (seed * 1103515245 + 12345) >>> 0;
      view.setUint32(4, seed);
      const value = view.getFloat64(0);
      if (!Number.isFinite(value)) continue;
      expect(Number(formatHigh(value))).toBe(value);
    }
  });
});

describe("parseNumberToken", () => {
  it("accepts LightGBM's spellings and rejects junk", () => {
    expect(parseNumberToken("1.0000000180025095e-35")).toBe(1.0000000180025095e-35);
    expect(parseNumberToken("-0.5")).toBe(-0.5);
    expect(parseNumberToken("inf")).toBe(Infinity);
    expect(parseNumberToken("-inf")).toBe(-Infinity);
    expect(parseNumberToken("nan")).toBeNaN();
    expect(parseNumberToken("1.2.3")).toBeUndefined();
    expect(parseNumberToken("")).toBeUndefined();
    expect(parseNumberToken("0x10")).toBeUndefined();
  });
});
