export type Tier = "memory" | "redis";

export interface CacheHit<T> {
  value: T;
  tier: Tier;
}

/**
 * - disabled: no REDIS_URL, memory tier only
 * - connecting: first connection not established yet
 * - ready: commands are being sent
 * - down: connection lost or refused; ioredis keeps reconnecting in the background
 */
export type RedisState = "disabled" | "connecting" | "ready" | "down";

export interface TierStats {
  hits: number;
  misses: number;
  /** null until there has been at least one lookup */
  hitRate: number | null;
  entries: number | null;
  evictions: number | null;
  memoryBytes: number | null;
}

export interface RedisTierStats extends TierStats {
  state: RedisState;
  /** PING round trip of the last stats refresh, in milliseconds */
  latencyMs: number | null;
  errors: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface CacheStats {
  memory: TierStats;
  /**
   * hits/misses/errors are this process's own lookups; entries, evictions and
   * memoryBytes come from INFO and describe the whole (shared) Redis database.
   */
  redis: RedisTierStats;
  pendingWrites: number;
  droppedWrites: number;
}

export type CacheHealth = "ok" | "degraded" | "disabled";

export function hitRate(hits: number, misses: number): number | null {
  const total = hits + misses;
  return total === 0 ? null : hits / total;
}
