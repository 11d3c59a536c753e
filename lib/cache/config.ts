/**
 * Cache configuration from the environment. Parsed once at startup and
 * validated strictly: a typo in a TTL should stop the process with a readable
 * message rather than silently caching for 0 or NaN milliseconds.
 */

export class CacheConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CacheConfigError";
  }
}

export interface CacheConfig {
  /** Unset means the process runs with the in-memory tier only. */
  redisUrl: string | null;
  commandTimeoutMs: number;
  predictionTtlMs: number;
  explanationTtlMs: number;
  memoryMaxEntries: number;
  memoryMaxBytes: number;
  maxPendingWrites: number;
}

export const DEFAULT_CACHE_CONFIG: CacheConfig = {
  redisUrl: null,
  commandTimeoutMs: 50,
  predictionTtlMs: 60 * 60 * 1000,
  explanationTtlMs: 30 * 60 * 1000,
  memoryMaxEntries: 10_000,
  memoryMaxBytes: 64 * 1024 * 1024,
  maxPendingWrites: 10_000,
};

type Env = Readonly<Record<string, string | undefined>>;

interface IntRule {
  min: number;
  max: number;
  unit: string;
}

/** Empty strings count as unset because .env templates often leave `KEY=` blank. */
function readRaw(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === "" ? undefined : trimmed;
}

function readInt(env: Env, name: string, fallback: number, rule: IntRule): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  // Number("1e3") and parseInt("10s") are both too forgiving for config.
  if (!/^\d+$/.test(raw)) {
    throw new CacheConfigError(
      `${name} must be a whole number of ${rule.unit} between ${rule.min} and ${rule.max} (got "${raw}")`,
    );
  }
  const value = Number(raw);
  if (value < rule.min || value > rule.max) {
    throw new CacheConfigError(
      `${name} must be between ${rule.min} and ${rule.max} ${rule.unit} (got ${value})`,
    );
  }
  return value;
}

function readRedisUrl(env: Env): string | null {
  const raw = readRaw(env, "REDIS_URL");
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CacheConfigError(`REDIS_URL is not a valid URL (expected redis://host:port or rediss://host:port)`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new CacheConfigError(`REDIS_URL must use redis:// or rediss:// (got "${url.protocol}//")`);
  }
  return raw;
}

const DAY_SECONDS = 24 * 60 * 60;

export function loadCacheConfig(env: Env = process.env): CacheConfig {
  const d = DEFAULT_CACHE_CONFIG;
  const seconds = { min: 1, max: 30 * DAY_SECONDS, unit: "seconds" };
  return {
    redisUrl: readRedisUrl(env),
    commandTimeoutMs: readInt(env, "REDIS_COMMAND_TIMEOUT_MS", d.commandTimeoutMs, {
      min: 1,
      max: 60_000,
      unit: "milliseconds",
    }),
    predictionTtlMs:
      readInt(env, "CACHE_PREDICTION_TTL_SECONDS", d.predictionTtlMs / 1000, seconds) * 1000,
    explanationTtlMs:
      readInt(env, "CACHE_EXPLANATION_TTL_SECONDS", d.explanationTtlMs / 1000, seconds) * 1000,
    memoryMaxEntries: readInt(env, "CACHE_MEMORY_MAX_ENTRIES", d.memoryMaxEntries, {
      min: 1,
      max: 10_000_000,
      unit: "entries",
    }),
    memoryMaxBytes: readInt(env, "CACHE_MEMORY_MAX_BYTES", d.memoryMaxBytes, {
      min: 1024,
      max: 16 * 1024 * 1024 * 1024,
      unit: "bytes",
    }),
    maxPendingWrites: readInt(env, "CACHE_MAX_PENDING_WRITES", d.maxPendingWrites, {
      min: 1,
      max: 1_000_000,
      unit: "writes",
    }),
  };
}
