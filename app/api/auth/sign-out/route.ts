import { recordAudit } from "@/lib/audit/audit-trail";
import { authenticate, requestHeadersOf, requestIdOf, sameOrigin } from "@/lib/auth/authenticate";
import { clearSessionCookie, cookieSecure } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";

/** Ends the session (the sign-out button's form); only from this site's own pages. */
export async function POST(req: Request): Promise<Response> {
  const headers = requestHeadersOf(req.headers);
  if (!sameOrigin(headers)) return Response.json({ error: "cross-site sign-out refused (Origin header)" }, { status: 403 });
  const prisma = getPrisma();
  const { principal } = await authenticate(prisma, { cookie: headers.cookie }).catch(() => ({ principal: null }));
  if (principal) await recordAudit(prisma, principal, { action: "auth.sign_out", target: principal.name, requestId: requestIdOf(headers) });
  const url = new URL(req.url);
  const secure = cookieSecure({ host: headers.host ?? url.host, forwardedProto: req.headers.get("x-forwarded-proto"), protocol: url.protocol });
  return new Response(null, { status: 303, headers: { location: "/sign-in", "set-cookie": clearSessionCookie(secure), "cache-control": "no-store" } });
}
