import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { RequestAccess } from "@/graphql/context";
import { authenticate, requestHeadersOf, requestIdOf } from "@/lib/auth/authenticate";
import type { Principal } from "@/lib/auth/principal";
import { can, type Permission } from "@/lib/auth/roles";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getPrisma } from "@/lib/db/client";
import { auditWriterFor, type AuditEntry } from "@/lib/audit/audit-trail";

/** The signed-in user, or null (a page that only adapts to the visitor, like the layout). */
export async function currentPrincipal(): Promise<Principal | null> {
  const h = requestHeadersOf(await headers());
  try {
    // Pages take the dashboard session only: API keys are for API clients.
    return (await authenticate(getPrisma(), { cookie: h.cookie })).principal;
  } catch {
    return null;
  }
}

/**
 * The visitor of a page that needs `permission`: without a session, off to sign in (and back to
 * `returnTo` after); with a role that lacks the permission, the 403 page.
 */
export async function requirePageAccess(permission: Permission, returnTo: string): Promise<RequestAccess & { principal: Principal }> {
  const all = await headers();
  const h = requestHeadersOf(all);
  const principal = (await authenticate(getPrisma(), { cookie: h.cookie })).principal;
  // The exact address asked for (set by proxy.ts), else the page's own path.
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(safeReturnPath(all.get("x-retain-path") ?? returnTo))}`);
  if (!can(principal.role, permission)) forbidden();
  return { principal, requestId: requestIdOf(h) };
}

/** Records a page's read of participant-level data before the page is sent. */
export async function auditPageRead(access: RequestAccess & { principal: Principal }, entry: Omit<AuditEntry, "requestId">): Promise<void> {
  await auditWriterFor(getPrisma()).record(access.principal, { ...entry, requestId: access.requestId });
}
