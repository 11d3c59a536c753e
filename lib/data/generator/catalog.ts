/**
 * The fixed world participants are drawn into: studies, sites, and which site runs which study.
 * Built once per seed from its own random stream, so it is identical for every row and chunk.
 */
import { calibrateChurnIntercept } from "./calibration";
import { cumulative, shuffle } from "./distributions";
import { Rng, STREAM_CATALOG } from "./prng";
import { REGIONS, buildSites, type Region, type Site } from "./sites";
import { buildStudies, type Study } from "./studies";

export interface StudyPlacement {
  study: Study;
  regions: Region[];
  sites: Site[];
  siteCumulative: Float64Array;
}

export interface Catalog {
  studies: Study[];
  sites: Site[];
  placements: StudyPlacement[];
  /** Study choice is proportional to planned enrolment, so big phase III studies dominate. */
  studyCumulative: Float64Array;
  /** Churn-model intercept b0 solved for this seed (see calibration.ts). */
  churnIntercept: number;
}

const cache = new Map<number, Catalog>();
/** A server generating for many seeds should not accumulate catalogues forever. */
const CACHE_LIMIT = 16;

/**
 * The catalogue for a seed, intercept calibrated (memoised: building it runs a pilot sample, and
 * every chunk of a run needs it).
 */
export function getCatalog(seed: number): Catalog {
  let catalog = cache.get(seed);
  if (!catalog) {
    const uncalibrated = buildCatalog(seed);
    catalog = { ...uncalibrated, churnIntercept: calibrateChurnIntercept(uncalibrated, seed) };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as number);
    cache.set(seed, catalog);
  }
  return catalog;
}

function buildCatalog(seed: number): Catalog {
  const rng = new Rng(seed, STREAM_CATALOG);
  const sites = buildSites(rng);
  const studies = buildStudies(rng);
  const placements = studies.map((study) => placeStudy(rng, study, sites));
  adoptOrphanSites(rng, placements, sites);
  for (const p of placements) p.siteCumulative = cumulative(p.sites.map((s) => s.capacity));
  return {
    studies,
    sites,
    placements,
    studyCumulative: cumulative(studies.map((s) => s.enrollmentWeight)),
    churnIntercept: 0,
  };
}

function placeStudy(rng: Rng, study: Study, sites: readonly Site[]): StudyPlacement {
  const regions = shuffle(rng, [...REGIONS]).slice(0, study.regionCount);
  const pool = shuffle(rng, sites.filter((s) => regions.includes(s.region)));
  const chosen = pool.slice(0, Math.min(study.siteCount, pool.length));
  chosen.sort(bySiteId);
  return { study, regions, sites: chosen, siteCumulative: new Float64Array(0) };
}

/**
 * Every site must run at least one study of its own region. A site left out by the random
 * placement joins a study already active in its region, or, failing that, opens its region for a
 * multi-regional (phase II-IV) study.
 */
function adoptOrphanSites(rng: Rng, placements: StudyPlacement[], sites: readonly Site[]): void {
  const used = new Set<string>();
  for (const p of placements) for (const s of p.sites) used.add(s.id);
  for (const site of sites) {
    if (used.has(site.id)) continue;
    const multiSite = placements.filter((p) => p.study.phase !== "I");
    const inRegion = multiSite.filter((p) => p.regions.includes(site.region));
    const candidates = inRegion.length > 0 ? inRegion : multiSite;
    const target = candidates[Math.floor(rng.next() * candidates.length)];
    if (!target.regions.includes(site.region)) target.regions.push(site.region);
    target.sites.push(site);
    target.sites.sort(bySiteId);
    used.add(site.id);
  }
}

function bySiteId(a: Site, b: Site): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
