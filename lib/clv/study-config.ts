import { type ClvConfig, clvConfigFromEnv, resolveClvConfig } from "./config";

export const CLV_STUDY_RATES_ENV = "CLV_STUDY_DISCOUNT_RATES";

/** The discount configuration in force: a base for every study plus per-study overrides. */
export interface StudyClvConfig {
  base: ClvConfig;
  byStudy: ReadonlyMap<string, ClvConfig>;
}

/**
 * Reads `CLV_ANNUAL_DISCOUNT_RATE` (base) and `CLV_STUDY_DISCOUNT_RATES`, a comma-separated list
 * of `STUDY=rate` pairs (e.g. `STU-001=0.08,STU-007=0.12`) for studies whose sponsor discounts
 * differently. Malformed pairs are errors naming the variable and the pair.
 */
export function studyClvConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): StudyClvConfig {
  const base = clvConfigFromEnv(env);
  const byStudy = new Map<string, ClvConfig>();
  const raw = env[CLV_STUDY_RATES_ENV]?.trim();
  if (raw) {
    for (const pair of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
      const eq = pair.indexOf("=");
      const study = eq > 0 ? pair.slice(0, eq).trim() : "";
      const rateText = eq > 0 ? pair.slice(eq + 1).trim() : "";
      const rate = Number(rateText);
      if (!study || rateText === "" || !Number.isFinite(rate)) {
        throw new RangeError(`${CLV_STUDY_RATES_ENV}: expected STUDY=rate pairs such as STU-001=0.08, got "${pair}"`);
      }
      byStudy.set(study, resolveClvConfig(base, { annualDiscountRate: rate }));
    }
  }
  return { base, byStudy };
}

export function configForStudy(config: StudyClvConfig, studyId: string): ClvConfig {
  return config.byStudy.get(studyId) ?? config.base;
}
