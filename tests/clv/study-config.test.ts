import { describe, expect, it } from "vitest";
import { configForStudy, studyClvConfigFromEnv } from "@/lib/clv";

describe("per-study discount rates", () => {
  it("reads a base rate and study overrides", () => {
    const c = studyClvConfigFromEnv({ CLV_ANNUAL_DISCOUNT_RATE: "0.05", CLV_STUDY_DISCOUNT_RATES: "STU-001=0.08, STU-007=0.12" });
    expect(configForStudy(c, "STU-001").annualDiscountRate).toBe(0.08);
    expect(configForStudy(c, "STU-007").annualDiscountRate).toBe(0.12);
    expect(configForStudy(c, "STU-002").annualDiscountRate).toBe(0.05);
    expect(studyClvConfigFromEnv({}).base.annualDiscountRate).toBe(0.1);
  });

  it("rejects malformed pairs and out-of-range rates, naming the variable", () => {
    expect(() => studyClvConfigFromEnv({ CLV_STUDY_DISCOUNT_RATES: "STU-001" })).toThrow(/CLV_STUDY_DISCOUNT_RATES.*"STU-001"/);
    expect(() => studyClvConfigFromEnv({ CLV_STUDY_DISCOUNT_RATES: "STU-001=abc" })).toThrow(/CLV_STUDY_DISCOUNT_RATES/);
    expect(() => studyClvConfigFromEnv({ CLV_STUDY_DISCOUNT_RATES: "STU-001=7" })).toThrow(/annualDiscountRate/);
  });
});
