import { AUDIT_ACTIONS } from "./audit-trail";
import type { AuditFilter } from "./audit-query";

/** The audit page's view (filters and page) as URL parameters, so a view can be shared. */
export interface AuditView {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
  page: number;
}

export const AUDIT_PAGE_SIZE = 100;

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

/** Parses the view; unusable values are dropped and reported. */
export function parseAuditParams(params: Params): { view: AuditView; problems: string[] } {
  const problems: string[] = [];
  const date = (name: "from" | "to") => {
    const v = one(params[name]);
    if (!v) return "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      problems.push(`${name} must be a date (YYYY-MM-DD), got "${v}"`);
      return "";
    }
    return v;
  };
  let action = one(params.action);
  if (action && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    problems.push(`action must be one of the listed actions, got "${action}"`);
    action = "";
  }
  const rawPage = one(params.page);
  let page = rawPage ? Number(rawPage) : 1;
  if (!Number.isInteger(page) || page < 1) {
    problems.push(`page must be a whole number of at least 1, got "${rawPage}"`);
    page = 1;
  }
  const view = { actor: one(params.actor).slice(0, 200), action, target: one(params.target).slice(0, 200), from: date("from"), to: date("to"), page };
  if (view.from && view.to && view.from > view.to) {
    problems.push("from must not be after to");
    view.to = "";
  }
  return { view, problems };
}

/** The query filter of a view: `to` includes its whole day (UTC). */
export function auditFilterOf(view: AuditView): AuditFilter {
  return {
    actor: view.actor || null,
    action: view.action || null,
    target: view.target || null,
    from: view.from ? new Date(`${view.from}T00:00:00.000Z`) : null,
    to: view.to ? new Date(`${view.to}T23:59:59.999Z`) : null,
  };
}

export function auditSearch(view: AuditView, overrides: Partial<AuditView> = {}): string {
  const v = { ...view, ...overrides };
  const q = new URLSearchParams();
  for (const k of ["actor", "action", "target", "from", "to"] as const) if (v[k]) q.set(k, v[k]);
  if (v.page > 1) q.set("page", String(v.page));
  const s = q.toString();
  return s ? `?${s}` : "";
}
