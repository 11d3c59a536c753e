import { RISK_TIERS } from "../scoring/risk-tiers";
import type { PatientFilter, PatientOrder, PatientOrderField } from "./patients-query";

/**
 * The /patients view lives entirely in the URL so a view can be shared: this module reads it
 * from the query string (ignoring and reporting bad values rather than failing the page) and
 * writes the links that change one part of it.
 */

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** Sort keys as they appear in the URL. */
export const SORT_KEYS = { id: "ID", probability: "CHURN_PROBABILITY", clv: "CLV", var: "VALUE_AT_RISK" } as const satisfies Record<string, PatientOrderField>;
export type SortKey = keyof typeof SORT_KEYS;
export type SortDirection = "asc" | "desc";

/** The filter form's values, as typed (probabilities in percent, CLV in USD). */
export interface PatientsFilterParams {
  study: string;
  site: string;
  phase: string;
  area: string;
  tier: string;
  minProb: number | null;
  maxProb: number | null;
  minClv: number | null;
  maxClv: number | null;
  q: string;
}

export interface PatientsView extends PatientsFilterParams {
  sort: SortKey;
  dir: SortDirection;
  page: number;
  size: number;
}

export interface ParsedPatientsView {
  view: PatientsView;
  /** Values in the URL that were ignored, and why. */
  problems: string[];
}

export type SearchParams = Readonly<Record<string, string | string[] | undefined>>;

export const DEFAULT_VIEW: PatientsView = { study: "", site: "", phase: "", area: "", tier: "", minProb: null, maxProb: null, minClv: null, maxClv: null, q: "", sort: "id", dir: "asc", page: 1, size: DEFAULT_PAGE_SIZE };

/** A sort's first direction: ids A→Z, figures largest first. */
export function defaultDirection(sort: SortKey): SortDirection {
  return sort === "id" ? "asc" : "desc";
}

function single(sp: SearchParams, name: string): string {
  const v = sp[name];
  return (Array.isArray(v) ? v[0] : v ?? "").trim();
}

const LABELS: Record<string, string> = { minProb: "Probability from", maxProb: "Probability to", minClv: "CLV from", maxClv: "CLV to", page: "Page", size: "Rows per page", sort: "Sort", dir: "Direction", tier: "Risk tier" };

export function parsePatientsParams(sp: SearchParams): ParsedPatientsView {
  const problems: string[] = [];
  const view: PatientsView = { ...DEFAULT_VIEW };
  view.study = single(sp, "study");
  view.site = single(sp, "site");
  view.phase = single(sp, "phase");
  view.area = single(sp, "area");
  view.q = single(sp, "q").slice(0, 64);

  const tier = single(sp, "tier");
  if (tier && !(RISK_TIERS as readonly string[]).includes(tier)) problems.push(`${LABELS.tier}: "${tier}" is not a risk tier (${RISK_TIERS.join(", ")}).`);
  else view.tier = tier;

  const number = (name: "minProb" | "maxProb" | "minClv" | "maxClv", min: number, max: number): number | null => {
    const raw = single(sp, name);
    if (!raw) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      problems.push(`${LABELS[name]}: "${raw}" must be a number from ${min} to ${max}.`);
      return null;
    }
    return n;
  };
  view.minProb = number("minProb", 0, 100);
  view.maxProb = number("maxProb", 0, 100);
  view.minClv = number("minClv", -1e12, 1e12);
  view.maxClv = number("maxClv", -1e12, 1e12);
  if (view.minProb !== null && view.maxProb !== null && view.minProb > view.maxProb) {
    problems.push(`${LABELS.minProb} (${view.minProb}%) is above ${LABELS.maxProb.toLowerCase()} (${view.maxProb}%): the probability range was ignored.`);
    view.minProb = view.maxProb = null;
  }
  if (view.minClv !== null && view.maxClv !== null && view.minClv > view.maxClv) {
    problems.push(`${LABELS.minClv} (${view.minClv}) is above ${LABELS.maxClv.toLowerCase()} (${view.maxClv}): the CLV range was ignored.`);
    view.minClv = view.maxClv = null;
  }

  const sort = single(sp, "sort");
  if (sort && !(sort in SORT_KEYS)) problems.push(`${LABELS.sort}: "${sort}" is not a column to sort by.`);
  else if (sort) view.sort = sort as SortKey;
  const dir = single(sp, "dir");
  if (dir && dir !== "asc" && dir !== "desc") problems.push(`${LABELS.dir}: "${dir}" must be asc or desc.`);
  view.dir = dir === "asc" || dir === "desc" ? dir : defaultDirection(view.sort);

  const page = single(sp, "page");
  if (page && !(/^\d{1,9}$/.test(page) && Number(page) >= 1)) problems.push(`${LABELS.page}: "${page}" must be a whole number from 1.`);
  else if (page) view.page = Number(page);
  const size = single(sp, "size");
  if (size && !(PAGE_SIZES as readonly number[]).includes(Number(size))) problems.push(`${LABELS.size}: "${size}" must be one of ${PAGE_SIZES.join(", ")}.`);
  else if (size) view.size = Number(size);
  return { view, problems };
}

/** The service's filter for a view (probabilities from percent to fractions). */
export function viewFilter(view: PatientsFilterParams): PatientFilter {
  return {
    studyId: view.study || null,
    siteId: view.site || null,
    phase: view.phase || null,
    therapeuticArea: view.area || null,
    riskTier: view.tier || null,
    minProbability: view.minProb === null ? null : view.minProb / 100,
    maxProbability: view.maxProb === null ? null : view.maxProb / 100,
    minClv: view.minClv,
    maxClv: view.maxClv,
    idContains: view.q || null,
  };
}

export function viewOrder(view: Pick<PatientsView, "sort" | "dir">): PatientOrder {
  return { field: SORT_KEYS[view.sort], direction: view.dir === "desc" ? "DESC" : "ASC" };
}

/** Whether any filter is set. */
export function hasFilter(view: PatientsFilterParams): boolean {
  return Boolean(view.study || view.site || view.phase || view.area || view.tier || view.q || view.minProb !== null || view.maxProb !== null || view.minClv !== null || view.maxClv !== null);
}

/** The /patients URL of a view; defaults are left out so links stay short. */
export function patientsHref(view: PatientsView, change: Partial<PatientsView> = {}): string {
  const v = { ...view, ...change };
  const params = new URLSearchParams();
  const text: Array<[string, string]> = [["study", v.study], ["site", v.site], ["phase", v.phase], ["area", v.area], ["tier", v.tier], ["q", v.q]];
  for (const [name, value] of text) if (value) params.set(name, value);
  const numbers: Array<[string, number | null]> = [["minProb", v.minProb], ["maxProb", v.maxProb], ["minClv", v.minClv], ["maxClv", v.maxClv]];
  for (const [name, value] of numbers) if (value !== null) params.set(name, String(value));
  if (v.sort !== DEFAULT_VIEW.sort || v.dir !== defaultDirection(v.sort)) {
    params.set("sort", v.sort);
    params.set("dir", v.dir);
  }
  if (v.size !== DEFAULT_PAGE_SIZE) params.set("size", String(v.size));
  if (v.page > 1) params.set("page", String(v.page));
  const query = params.toString();
  return query ? `/patients?${query}` : "/patients";
}

/** The link of a sortable column header: a new column starts at its default direction, the current one flips. */
export function sortHref(view: PatientsView, sort: SortKey): string {
  const dir: SortDirection = view.sort === sort ? (view.dir === "asc" ? "desc" : "asc") : defaultDirection(sort);
  return patientsHref(view, { sort, dir, page: 1 });
}
