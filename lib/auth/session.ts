import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sealData, unsealData } from "iron-session";

/**
 * Dashboard sessions: the user id and the user's session version, sealed (encrypted and
 * authenticated) by iron-session into an HTTP-only cookie. Raising a user's sessionVersion ends
 * all their sessions; a session also ends after SESSION_TTL_HOURS.
 */
export const SESSION_COOKIE = "retain_session";
const DEFAULT_TTL_HOURS = 8;

export interface SessionData {
  uid: number;
  v: number;
}

export function sessionTtlSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SESSION_TTL_HOURS?.trim();
  if (!raw) return DEFAULT_TTL_HOURS * 3600;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new Error(`SESSION_TTL_HOURS must be a number of hours in (0, 720], got "${raw}"`);
  return Math.round(hours * 3600);
}

/**
 * SESSION_SECRET (at least 32 characters; required with several instances, which must share it),
 * else a random secret kept in data/session-secret so sessions survive restarts of one instance.
 */
export function sessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.SESSION_SECRET?.trim();
  if (given) {
    if (given.length < 32) throw new Error(`SESSION_SECRET must be at least 32 characters, got ${given.length}`);
    return given;
  }
  const holder = globalThis as unknown as { __retainSessionSecret?: string };
  if (holder.__retainSessionSecret) return holder.__retainSessionSecret;
  const file = path.resolve(/*turbopackIgnore: true*/ env.SESSION_SECRET_FILE?.trim() || path.join("data", "session-secret"));
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  holder.__retainSessionSecret = fs.readFileSync(file, "utf8").trim();
  return holder.__retainSessionSecret;
}

export async function sealSession(data: SessionData, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return sealData(data, { password: sessionSecret(env), ttl: sessionTtlSeconds(env) });
}

/** The session in a cookie value, or null when it is missing, tampered with or expired. */
export async function unsealSession(value: string | undefined | null, env: NodeJS.ProcessEnv = process.env): Promise<SessionData | null> {
  if (!value) return null;
  try {
    const data = await unsealData<Partial<SessionData>>(value, { password: sessionSecret(env), ttl: sessionTtlSeconds(env) });
    return Number.isInteger(data.uid) && Number.isInteger(data.v) ? { uid: data.uid as number, v: data.v as number } : null;
  } catch {
    return null;
  }
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * Whether the cookie gets the Secure attribute. COOKIE_SECURE=true|false decides; by default it is
 * Secure unless the request came over plain HTTP to a loopback address (the quick start's
 * http://localhost:3000), where some browsers drop Secure cookies.
 */
export function cookieSecure(request: { host: string | null; forwardedProto: string | null; protocol: string }, env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.COOKIE_SECURE?.trim().toLowerCase();
  if (flag === "true" || flag === "1") return true;
  if (flag === "false" || flag === "0") return false;
  if (flag) throw new Error(`COOKIE_SECURE must be true or false, got "${env.COOKIE_SECURE}"`);
  const proto = (request.forwardedProto?.split(",")[0].trim() || request.protocol).replace(/:$/, "");
  return !(proto === "http" && LOOPBACK.test(request.host ?? ""));
}

export function sessionSetCookie(value: string, secure: boolean, env: NodeJS.ProcessEnv = process.env): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessionTtlSeconds(env)}${secure ? "; Secure" : ""}`;
}

export function clearSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
