import { requireUnitInterval } from "./validate";

/** Settings of the CLV calculation. */
export interface ClvConfig {
  /**
   * Annual discount rate as a fraction (0.10 = 10 %). Converted to a monthly rate
   * d = (1 + annual)^(1/12) − 1 so that twelve monthly discounts compound to exactly one annual one.
   */
  annualDiscountRate: number;
}

export const DEFAULT_ANNUAL_DISCOUNT_RATE = 0.1;

export const DEFAULT_CLV_CONFIG: Readonly<ClvConfig> = Object.freeze({
  annualDiscountRate: DEFAULT_ANNUAL_DISCOUNT_RATE,
});

export const CLV_DISCOUNT_RATE_ENV = "CLV_ANNUAL_DISCOUNT_RATE";

/**
 * Capped at 1 (100 %) because the likely typo is "10" meaning 10 %; a rate that high would
 * silently shrink every CLV to a fraction of its value.
 */
export function validateClvConfig(config: ClvConfig, field = "annualDiscountRate"): ClvConfig {
  requireUnitInterval(field, config.annualDiscountRate);
  return config;
}

/**
 * Base configuration from the environment. An empty or unset variable means the default; anything
 * else must parse completely as a number (so "10%" or "0.1x" fail instead of becoming 10 or NaN).
 */
export function clvConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ClvConfig {
  const raw = env[CLV_DISCOUNT_RATE_ENV]?.trim();
  if (raw === undefined || raw === "") return { ...DEFAULT_CLV_CONFIG };
  const value = Number(raw);
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) || !Number.isFinite(value)) {
    throw new RangeError(`${CLV_DISCOUNT_RATE_ENV} must be a number in [0, 1] (e.g. 0.10 for 10 %), got "${raw}"`);
  }
  return validateClvConfig({ annualDiscountRate: value }, CLV_DISCOUNT_RATE_ENV);
}

/**
 * Per-study settings: the base (usually from the environment) with the fields a study overrides.
 * Undefined override fields keep the base value, so a partially filled study record is safe.
 */
export function resolveClvConfig(base: ClvConfig, override?: Partial<ClvConfig>): ClvConfig {
  const merged: ClvConfig = {
    annualDiscountRate: override?.annualDiscountRate ?? base.annualDiscountRate,
  };
  return validateClvConfig(merged);
}

/**
 * ln(1 + d) for the monthly rate d. The kernels work with logarithms so that rates close to zero
 * keep full precision (see geometric.ts).
 */
export function monthlyLogDiscount(config: ClvConfig): number {
  return Math.log1p(config.annualDiscountRate) / 12;
}

/** The monthly discount rate d = (1 + annual)^(1/12) − 1. */
export function monthlyDiscountRate(config: ClvConfig): number {
  return Math.expm1(monthlyLogDiscount(config));
}
