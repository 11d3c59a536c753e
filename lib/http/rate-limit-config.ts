/**
 * Rate-limit configuration from the environment, validated strictly like lib/cache/config.ts: a
 * typo in a limit stops the process with a readable message instead of limiting at NaN.
 *
 *   RATE_LIMIT                    on | off (default on)
 *   RATE_LIMIT_PER_KEY            requests per window per API key (default 3000)
 *   RATE_LIMIT_PER_ADDRESS        requests per window per client address (default 1200)
 *   RATE_LIMIT_SIGN_IN            sign-in attempts per window per identity (default 10)
 *   RATE_LIMIT_WINDOW_SECONDS     window length (default 60)
 *   RATE_LIMIT_INCLUDE_LOOPBACK   on | off (default off: 127.0.0.1 and ::1 are not address-limited)
 *   RATE_LIMIT_TRUSTED_PROXIES    reverse proxies in front whose X-Forwarded-For entries are
 *                                 trusted (default 0: the socket address is the client)
 * Redis comes from REDIS_URL and REDIS_COMMAND_TIMEOUT_MS, as for the cache.
 */
import { loadCacheConfig } from "../cache/config";

export class RateLimitConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RateLimitConfigError";
  }
}

export interface RateLimitConfig {
  enabled: boolean;
  perKey: number;
  perAddress: number;
  signIn: number;
  windowMs: number;
  includeLoopback: boolean;
  trustedProxies: number;
  redisUrl: string | null;
  commandTimeoutMs: number;
}

export const DEFAULT_RATE_LIMIT_CONFIG: RateLimitConfig = {
  enabled: true,
  perKey: 3000,
  perAddress: 1200,
  signIn: 10,
  windowMs: 60_000,
  includeLoopback: false,
  trustedProxies: 0,
  redisUrl: null,
  commandTimeoutMs: 50,
};

type Env = Readonly<Record<string, string | undefined>>;

function readRaw(env: Env, name: string): string | undefined {
  const trimmed = env[name]?.trim();
  return trimmed === "" ? undefined : trimmed;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new RateLimitConfigError(`${name} must be a whole number of ${unit} between ${min} and ${max} (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new RateLimitConfigError(`${name} must be between ${min} and ${max} ${unit} (got ${value})`);
  return value;
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = readRaw(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new RateLimitConfigError(`${name} must be on or off (got "${env[name]}")`);
}

export function loadRateLimitConfig(env: Env = process.env): RateLimitConfig {
  const d = DEFAULT_RATE_LIMIT_CONFIG;
  const cache = loadCacheConfig(env);
  return {
    enabled: readSwitch(env, "RATE_LIMIT", d.enabled),
    perKey: readInt(env, "RATE_LIMIT_PER_KEY", d.perKey, 1, 100_000_000, "requests"),
    perAddress: readInt(env, "RATE_LIMIT_PER_ADDRESS", d.perAddress, 1, 100_000_000, "requests"),
    signIn: readInt(env, "RATE_LIMIT_SIGN_IN", d.signIn, 1, 1_000_000, "attempts"),
    windowMs: readInt(env, "RATE_LIMIT_WINDOW_SECONDS", d.windowMs / 1000, 1, 24 * 60 * 60, "seconds") * 1000,
    includeLoopback: readSwitch(env, "RATE_LIMIT_INCLUDE_LOOPBACK", d.includeLoopback),
    trustedProxies: readInt(env, "RATE_LIMIT_TRUSTED_PROXIES", d.trustedProxies, 0, 10, "proxies"),
    redisUrl: cache.redisUrl,
    commandTimeoutMs: cache.commandTimeoutMs,
  };
}
