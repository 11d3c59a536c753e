/** The clinical sites: region and site-level traits that participants inherit. */
import { logNormal, normal, shuffle, uniform } from "./distributions";
import type { Rng } from "./prng";

export const REGIONS = ["north_america", "europe", "asia_pacific", "latin_america"] as const;
export type Region = (typeof REGIONS)[number];

/** Sites per region, 60 in total; the mix mirrors where industry trials are run. */
const SITES_PER_REGION: Readonly<Record<Region, number>> = {
  north_america: 20,
  europe: 20,
  asia_pacific: 12,
  latin_america: 8,
};

export interface Site {
  id: string;
  region: Region;
  /** Median participant travel distance: urban sites draw locally, rural/referral sites widely. */
  medianDistanceKm: number;
  /** Typical coordinator contacts per participant-month: a site's retention culture. */
  contactsPerMonth: number;
  /** Multiplier on the study stipend (local cost of living, travel reimbursement policy). */
  compensationFactor: number;
  /** Shift of satisfaction scores (staff, facilities); feeds the churn model only through satisfaction. */
  satisfactionShift: number;
  /** Relative recruiting capacity when several sites run the same study. */
  capacity: number;
  /** Site random effect on the churn logit, N(0, SITE_EFFECT_SD^2). */
  churnEffect: number;
}

export const SITE_EFFECT_SD = 0.25;

export function buildSites(rng: Rng): Site[] {
  const regions: Region[] = [];
  for (const region of REGIONS) {
    for (let i = 0; i < SITES_PER_REGION[region]; i++) regions.push(region);
  }
  // Shuffled so that site numbers do not encode the region.
  shuffle(rng, regions);
  return regions.map((region, i) => ({
    id: `SITE-${String(i + 1).padStart(2, "0")}`,
    region,
    medianDistanceKm: logNormal(rng, Math.log(16), 0.45),
    contactsPerMonth: logNormal(rng, Math.log(2.2), 0.3),
    compensationFactor: logNormal(rng, 0, 0.08),
    satisfactionShift: normal(rng, 0, 0.4),
    capacity: uniform(rng, 0.5, 2),
    churnEffect: normal(rng, 0, SITE_EFFECT_SD),
  }));
}
