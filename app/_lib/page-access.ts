import { headers } from "next/headers";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import type { RequestAccess } from "@/graphql/context";
import { authenticate, requestHeadersOf, requestIdOf } from "@/lib/auth/authenticate";
import type { Principal } from "@/lib/auth/principal";
import { can, type Permission } from "@/lib/auth/roles";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getPrisma } from "@/lib/db/client";
import { auditWriterFor, type AuditEntry } from "@/lib/audit/audit-trail";

/**
 * The request's visitor, looked up once per request however many layouts and pages ask (React's
 * per-request cache), so they also share one request id.
 */
const visitor = cache(async (): Promise<{ principal: Principal | null; requestId: string; path: string | null }> => {
  const all = await headers();
  const h = requestHeadersOf(all);
  let principal: Principal | null = null;
  try {
    // Pages take the dashboard session only: API keys are for API clients.
    principal = (await authenticate(getPrisma(), { cookie: h.cookie })).principal;
  } catch {
    principal = null;
  }
  // The exact address asked for (set by proxy.ts).
  return { principal, requestId: requestIdOf(h), path: all.get("x-retain-path") };
});

/** The signed-in user, or null (a page that only adapts to the visitor, like the layout). */
export async function currentPrincipal(): Promise<Principal | null> {
  return (await visitor()).principal;
}

/**
 * The visitor of a page that needs `permission`: without a session, off to sign in (and back to
 * the address asked for, else `returnTo`, after); with a role that lacks the permission, the 403 page.
 */
export async function requirePageAccess(permission: Permission, returnTo: string): Promise<RequestAccess & { principal: Principal }> {
  const { principal, requestId, path } = await visitor();
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(safeReturnPath(path ?? returnTo))}`);
  if (!can(principal.role, permission)) forbidden();
  return { principal, requestId };
}

/** A segment layout that admits visitors with `permission`: checked above the segment's loading state, so refusals get a real redirect or 403. */
export function accessLayout(permission: Permission, returnTo: string) {
  return async function AccessLayout({ children }: { children: React.ReactNode }) {
    await requirePageAccess(permission, returnTo);
    return children;
  };
}

/** Records a page's read of participant-level data before the page is sent. */
export async function auditPageRead(access: RequestAccess & { principal: Principal }, entry: Omit<AuditEntry, "requestId">): Promise<void> {
  await auditWriterFor(getPrisma()).record(access.principal, { ...entry, requestId: access.requestId });
}
