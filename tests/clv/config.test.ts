import { describe, expect, it } from "vitest";
import { clvConfigFromEnv, DEFAULT_CLV_CONFIG, monthlyDiscountRate, resolveClvConfig } from "@/lib/clv";

describe("CLV configuration", () => {
  it("defaults to 10 % a year when the variable is unset or empty", () => {
    expect(clvConfigFromEnv({})).toEqual({ annualDiscountRate: 0.1 });
    expect(clvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: "  " })).toEqual({ annualDiscountRate: 0.1 });
    expect(DEFAULT_CLV_CONFIG.annualDiscountRate).toBe(0.1);
  });

  it("reads a valid rate", () => {
    expect(clvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: "0.08" })).toEqual({ annualDiscountRate: 0.08 });
    expect(clvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: "0" })).toEqual({ annualDiscountRate: 0 });
    expect(clvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: ".05" })).toEqual({ annualDiscountRate: 0.05 });
  });

  it.each(["10%", "abc", "0.1x", "-0.1", "10", "NaN", "Infinity", "0x1"])("rejects %s naming the variable", (raw) => {
    expect(() => clvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: raw })).toThrow(/CLV_ANNUAL_DISCOUNT_RATE/);
  });

  it("applies per-study overrides on top of the base and validates them", () => {
    const base = { annualDiscountRate: 0.1 };
    expect(resolveClvConfig(base)).toEqual(base);
    expect(resolveClvConfig(base, {})).toEqual(base);
    expect(resolveClvConfig(base, { annualDiscountRate: 0.05 })).toEqual({ annualDiscountRate: 0.05 });
    expect(resolveClvConfig(base, { annualDiscountRate: undefined })).toEqual(base);
    expect(() => resolveClvConfig(base, { annualDiscountRate: 2 })).toThrow(/annualDiscountRate/);
  });

  it("converts the annual rate to a compounding-equivalent monthly rate", () => {
    const d = monthlyDiscountRate({ annualDiscountRate: 0.1 });
    expect(Math.pow(1 + d, 12)).toBeCloseTo(1.1, 14);
  });
});
