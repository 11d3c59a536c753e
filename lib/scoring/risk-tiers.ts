export const RISK_TIERS = ["low", "medium", "high", "critical"] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** Lower probability bounds of the medium, high and critical tiers (low is everything below medium). */
export interface RiskThresholds {
  medium: number;
  high: number;
  critical: number;
}

/**
 * Default tier boundaries as quantiles of the model's predicted probabilities over its training
 * data: the top 5% of participants are critical, the next 15% high, the next 30% medium and the
 * lower half low. Quantiles adapt to each model's calibration and base rate.
 */
export const DEFAULT_TIER_QUANTILES = { medium: 0.5, high: 0.8, critical: 0.95 } as const;

/** Used for models that come without data (imported), until configured otherwise. */
export const FALLBACK_THRESHOLDS: RiskThresholds = { medium: 0.2, high: 0.4, critical: 0.6 };

export const RISK_THRESHOLDS_ENV = "RISK_TIER_THRESHOLDS";

export function validateThresholds(t: RiskThresholds, source: string): RiskThresholds {
  const values = [t.medium, t.high, t.critical];
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) throw new RangeError(`${source}: risk tier thresholds must be probabilities in [0, 1], got ${values.join(", ")}`);
  if (!(t.medium <= t.high && t.high <= t.critical)) throw new RangeError(`${source}: risk tier thresholds must be increasing (medium <= high <= critical), got ${values.join(", ")}`);
  return t;
}

/** Nearest-rank quantile of an unsorted sample. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function thresholdsFromScores(probabilities: Float64Array): RiskThresholds {
  if (probabilities.length === 0) throw new RangeError("cannot derive risk tier thresholds from no scores");
  const sorted = Float64Array.from(probabilities).sort();
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return validateThresholds(
    {
      medium: round(quantile(sorted, DEFAULT_TIER_QUANTILES.medium)),
      high: round(quantile(sorted, DEFAULT_TIER_QUANTILES.high)),
      critical: round(quantile(sorted, DEFAULT_TIER_QUANTILES.critical)),
    },
    "score quantiles",
  );
}

/** `RISK_TIER_THRESHOLDS="0.25,0.5,0.75"` overrides every model's thresholds. */
export function thresholdsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): RiskThresholds | null {
  const raw = env[RISK_THRESHOLDS_ENV]?.trim();
  if (!raw) return null;
  const parts = raw.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3) throw new RangeError(`${RISK_THRESHOLDS_ENV} must hold three comma-separated probabilities (medium,high,critical), got "${raw}"`);
  return validateThresholds({ medium: parts[0], high: parts[1], critical: parts[2] }, RISK_THRESHOLDS_ENV);
}

export function riskTier(probability: number, t: RiskThresholds): RiskTier {
  if (probability >= t.critical) return "critical";
  if (probability >= t.high) return "high";
  if (probability >= t.medium) return "medium";
  return "low";
}
