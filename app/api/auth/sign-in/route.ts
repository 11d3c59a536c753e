import { requestHeadersOf, requestIdOf, sameOrigin } from "@/lib/auth/authenticate";
import { safeReturnPath } from "@/lib/auth/return-path";
import { cookieSecure, sealSession, sessionSetCookie } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db/client";
import { signInRateLimit } from "@/lib/http/rate-limit";

function seeOther(location: string, extra: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store", ...extra } });
}

/**
 * The sign-in form's target (application/x-www-form-urlencoded: username, password, next). On
 * success: a session cookie and a redirect to `next`; otherwise back to the form with an error.
 * Only this site's own pages may post here (Origin check), so no other site can sign a visitor in.
 */
export async function POST(req: Request): Promise<Response> {
  const headers = requestHeadersOf(req.headers);
  if (!sameOrigin(headers)) return Response.json({ error: "cross-site sign-in refused (Origin header)" }, { status: 403 });
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return Response.json({ error: "expected a form (application/x-www-form-urlencoded) with username and password" }, { status: 400 });
  }
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  const next = safeReturnPath(String(form.get("next") ?? "/"));
  // Password guessing is slowed per account (and per address by the server's API limits).
  const limited = await signInRateLimit(`sign-in:${username.trim().toLowerCase()}`);
  if (limited) return limited;
  const user = await signIn(getPrisma(), username, password, requestIdOf(headers));
  if (!user) return seeOther(`/sign-in?error=1&next=${encodeURIComponent(next)}`);
  const url = new URL(req.url);
  const secure = cookieSecure({ host: headers.host ?? url.host, forwardedProto: req.headers.get("x-forwarded-proto"), protocol: url.protocol });
  return seeOther(next, { "set-cookie": sessionSetCookie(await sealSession({ uid: user.id, v: user.sessionVersion }), secure) });
}
