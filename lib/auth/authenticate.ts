import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../db/client";
import { InvalidApiKeyError, verifyApiKey } from "./api-keys";
import type { Principal } from "./principal";
import { cookieValue, SESSION_COOKIE, unsealSession } from "./session";
import { sessionUser } from "./users";

/** The request headers that identify a caller and protect cookie-authenticated changes. */
export interface RequestHeaders {
  authorization?: string | null;
  cookie?: string | null;
  origin?: string | null;
  referer?: string | null;
  host?: string | null;
  "x-forwarded-host"?: string | null;
  "x-request-id"?: string | null;
}

export interface Authenticated {
  principal: Principal | null;
  /** How the caller proved who they are: an API key, a dashboard session cookie, or nothing. */
  via: "apiKey" | "session" | null;
}

export { InvalidApiKeyError };

/**
 * An API key (Authorization: Bearer …) wins over a session cookie. A malformed, unknown or revoked
 * key is an error (InvalidApiKeyError), never a silent fall-back to anonymous.
 */
export async function authenticate(prisma: PrismaClient, headers: RequestHeaders): Promise<Authenticated> {
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw new InvalidApiKeyError();
    return { principal: await verifyApiKey(prisma, m[1]), via: "apiKey" };
  }
  const session = await unsealSession(cookieValue(headers.cookie, SESSION_COOKIE));
  if (!session) return { principal: null, via: null };
  const principal = await sessionUser(prisma, session.uid, session.v);
  return principal ? { principal, via: "session" } : { principal: null, via: null };
}

/**
 * Whether a request came from a page of this site: its Origin (or, without one, its Referer)
 * names the host the request was sent to. Cookie-authenticated changes need this (CSRF).
 */
export function sameOrigin(headers: RequestHeaders): boolean {
  const host = (headers["x-forwarded-host"]?.split(",")[0].trim() || headers.host || "").toLowerCase();
  const source = headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
  if (!host || !source) return false;
  try {
    return new URL(source).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

/** The caller's X-Request-Id when it is a sensible token, else a new one. */
export function requestIdOf(headers: RequestHeaders): string {
  const given = headers["x-request-id"]?.trim();
  return given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
}

/** Header values from Node's IncomingHttpHeaders or a Fetch Headers object. */
export function requestHeadersOf(source: Headers | Record<string, string | string[] | undefined>): RequestHeaders {
  const get = (name: string): string | null => {
    if (typeof (source as Headers).get === "function") return (source as Headers).get(name);
    const v = (source as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(v) ? v.join(", ") : (v ?? null);
  };
  return {
    authorization: get("authorization"),
    cookie: get("cookie"),
    origin: get("origin"),
    referer: get("referer"),
    host: get("host"),
    "x-forwarded-host": get("x-forwarded-host"),
    "x-request-id": get("x-request-id"),
  };
}
