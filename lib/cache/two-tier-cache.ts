import { DEFAULT_CACHE_CONFIG, loadCacheConfig, type CacheConfig } from "./config";
import { MemoryTier } from "./memory-tier";
import { PendingWrites } from "./pending-writes";
import { RedisTier } from "./redis-tier";
import type { CacheHealth, CacheHit, CacheStats } from "./types";

export interface TwoTierCacheOptions extends Partial<CacheConfig> {
  /** Prepended to every Redis key; clear("") only ever touches keys under it. */
  redisKeyPrefix?: string;
  reconnectMaxDelayMs?: number;
  connectTimeoutMs?: number;
  /** How often PING/INFO figures for stats() are refreshed while connected. */
  statsIntervalMs?: number;
  writeBatchSize?: number;
  /** Bytes of JSON the pending queue may hold during an outage; defaults to memoryMaxBytes. */
  maxPendingBytes?: number;
}

export interface CacheEntry<T = unknown> {
  key: string;
  value: T;
  /** Defaults to the prediction TTL. */
  ttlMs?: number;
}

export type CacheKind = "prediction" | "explanation";

const FLUSH_RETRY_MAX_MS = 5_000;

function toJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cache value for "${key}" is not JSON-serialisable`);
  return json;
}

function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`cache ttlMs must be a positive number (got ${ttlMs})`);
  return ttlMs;
}

/**
 * An in-process LRU in front of Redis shared by all app instances.
 *
 * Redis is an accelerator, never a dependency: reads that cannot reach it
 * within the command timeout fall back to memory, and writes go through a
 * bounded queue flushed in the background, so a Redis outage costs hit rate
 * but never errors or latency beyond the timeout.
 */
export class TwoTierCache {
  readonly config: CacheConfig;
  private readonly memory: MemoryTier;
  private readonly redis: RedisTier | null;
  private readonly pending: PendingWrites;
  private readonly writeBatchSize: number;
  private readonly statsIntervalMs: number;
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushFailures = 0;
  private statsTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: TwoTierCacheOptions = {}) {
    const given = definedOnly(options);
    const d = DEFAULT_CACHE_CONFIG;
    this.config = {
      redisUrl: given.redisUrl ?? d.redisUrl,
      commandTimeoutMs: given.commandTimeoutMs ?? d.commandTimeoutMs,
      predictionTtlMs: given.predictionTtlMs ?? d.predictionTtlMs,
      explanationTtlMs: given.explanationTtlMs ?? d.explanationTtlMs,
      memoryMaxEntries: given.memoryMaxEntries ?? d.memoryMaxEntries,
      memoryMaxBytes: given.memoryMaxBytes ?? d.memoryMaxBytes,
      maxPendingWrites: given.maxPendingWrites ?? d.maxPendingWrites,
    };
    this.memory = new MemoryTier({ maxEntries: this.config.memoryMaxEntries, maxBytes: this.config.memoryMaxBytes });
    this.pending = new PendingWrites(this.config.maxPendingWrites, options.maxPendingBytes ?? this.config.memoryMaxBytes);
    this.writeBatchSize = options.writeBatchSize ?? 200;
    this.statsIntervalMs = options.statsIntervalMs ?? 10_000;
    this.redis = this.config.redisUrl
      ? new RedisTier({
          url: this.config.redisUrl,
          commandTimeoutMs: this.config.commandTimeoutMs,
          connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
          reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 2_000,
          keyPrefix: options.redisKeyPrefix ?? "retain:cache:",
          onReady: () => this.onRedisReady(),
        })
      : null;
  }

  /** Reads REDIS_URL, REDIS_COMMAND_TIMEOUT_MS, CACHE_*; throws CacheConfigError on bad values. */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env, overrides: TwoTierCacheOptions = {}): TwoTierCache {
    return new TwoTierCache({ ...loadCacheConfig(env), ...overrides });
  }

  ttlFor(kind: CacheKind): number {
    return kind === "prediction" ? this.config.predictionTtlMs : this.config.explanationTtlMs;
  }

  async get<T>(key: string): Promise<CacheHit<T> | null> {
    const [hit] = await this.mget<T>([key]);
    return hit;
  }

  /** Memory first; everything it lacks is fetched from Redis in one round trip. */
  async mget<T>(keys: readonly string[]): Promise<Array<CacheHit<T> | null>> {
    const results: Array<CacheHit<T> | null> = keys.map(() => null);
    const missing: number[] = [];
    const now = Date.now();
    keys.forEach((key, i) => {
      const json = this.memory.get(key);
      if (json !== undefined) {
        results[i] = { value: JSON.parse(json) as T, tier: "memory" };
        return;
      }
      // A write Redis has not received yet is fresher than anything Redis holds.
      const queued = this.pending.lookup(key, now);
      if (queued?.kind === "value") {
        this.memory.set(key, queued.json, queued.expiresAt - now);
        results[i] = { value: JSON.parse(queued.json) as T, tier: "memory" };
      } else if (queued === undefined) {
        missing.push(i);
      }
    });
    if (missing.length === 0 || !this.redis || this.closed) return results;

    const entries = await this.redis.getMany(missing.map((i) => keys[i]));
    if (!entries) return results;
    entries.forEach((entry, j) => {
      if (!entry) return;
      const i = missing[j];
      let value: T;
      try {
        value = JSON.parse(entry.json) as T;
      } catch (err) {
        // Foreign or truncated data under our prefix: a miss, not a crash.
        this.redis?.recordError(err);
        return;
      }
      // A set/delete issued while this read was in flight is newer than what Redis returned.
      const changedMeanwhile = this.memory.has(keys[i]) || this.pending.lookup(keys[i], Date.now()) !== undefined;
      // Never keep a copy in memory longer than Redis will.
      if (!changedMeanwhile) this.memory.set(keys[i], entry.json, entry.ttlMs ?? this.config.predictionTtlMs);
      results[i] = { value, tier: "redis" };
    });
    return results;
  }

  /** Resolves once the value is in memory; Redis is written in the background. */
  async set<T>(key: string, value: T, ttlMs: number = this.config.predictionTtlMs): Promise<void> {
    await this.mset([{ key, value, ttlMs }]);
  }

  async mset(entries: ReadonlyArray<CacheEntry>): Promise<void> {
    // Validate everything first so a bad entry leaves the cache untouched.
    const prepared = entries.map((e) => ({
      key: e.key,
      json: toJson(e.key, e.value),
      ttlMs: checkTtl(e.ttlMs ?? this.config.predictionTtlMs),
    }));
    const now = Date.now();
    for (const { key, json, ttlMs } of prepared) {
      this.memory.set(key, json, ttlMs);
      if (this.redis) this.pending.enqueue({ kind: "set", key, json, expiresAt: now + ttlMs });
    }
    this.scheduleFlush();
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    if (this.redis) this.pending.enqueue({ kind: "del", key });
    this.scheduleFlush();
  }

  /** Removes every key starting with `prefix` (e.g. `cacheKey` namespace + ":"), in memory now and in Redis in the background. */
  async clear(prefix = ""): Promise<void> {
    this.memory.deletePrefix(prefix);
    if (this.redis) this.pending.enqueue({ kind: "clear", prefix });
    this.scheduleFlush();
  }

  /**
   * Drops keys starting with `prefix` from this process's memory tier only (Redis, shared with
   * other instances, is left alone); returns how many were dropped.
   */
  forgetLocal(prefix: string): number {
    return this.memory.deletePrefix(prefix);
  }

  /**
   * Waits until every queued write reached Redis, or the timeout passed
   * (including while Redis is unreachable). Returns whether the queue is empty.
   */
  async flush(timeoutMs = 1_000): Promise<boolean> {
    const redis = this.redis;
    if (!redis) return true;
    redis.start();
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline && !this.closed) {
      // While disconnected this just waits: onRedisReady() starts the drain.
      if (redis.isReady()) this.startFlush();
      await (this.flushing ?? sleep(10));
      if (this.pending.size > 0) await sleep(5);
    }
    return this.pending.size === 0;
  }

  /** Also starts the lazy connection, so a readiness probe alone brings Redis up. */
  health(): CacheHealth {
    if (!this.redis) return "disabled";
    this.redis.start();
    return this.redis.isReady() ? "ok" : "degraded";
  }

  stats(): CacheStats {
    const redis = this.redis?.stats() ?? {
      state: "disabled" as const,
      hits: 0,
      misses: 0,
      hitRate: null,
      entries: null,
      evictions: null,
      memoryBytes: null,
      latencyMs: null,
      errors: 0,
      lastError: null,
      lastErrorAt: null,
    };
    return {
      memory: this.memory.stats(),
      redis,
      pendingWrites: this.pending.size,
      droppedWrites: this.pending.dropped,
    };
  }

  /** Refreshes the Redis PING/INFO figures now instead of waiting for the interval. */
  async refreshStats(): Promise<CacheStats> {
    await this.redis?.refreshServerStats();
    return this.stats();
  }

  /** Tries briefly to hand queued writes to Redis, then disconnects. Unsent writes are counted as dropped. */
  async close(flushTimeoutMs = 500): Promise<void> {
    if (this.closed) return;
    if (this.redis?.isReady()) await this.flush(flushTimeoutMs);
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
    await this.flushing;
    this.pending.countDropped(this.pending.clearAll());
    await this.redis?.close();
  }

  private onRedisReady(): void {
    if (this.closed) return;
    this.flushFailures = 0;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (!this.statsTimer && this.statsIntervalMs > 0) {
      this.statsTimer = setInterval(() => void this.redis?.refreshServerStats(), this.statsIntervalMs);
      this.statsTimer.unref();
    }
    void this.redis?.refreshServerStats();
    this.startFlush();
  }

  /** Defers to the next tick so writes issued together leave in one pipeline. */
  private scheduleFlush(): void {
    if (!this.redis || this.closed || this.flushTimer || this.pending.size === 0) return;
    if (!this.redis.isReady()) {
      // onRedisReady() flushes once the connection is back.
      this.redis.start();
      return;
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.startFlush();
    }, 0);
  }

  private startFlush(): void {
    if (this.flushing || this.closed) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
  }

  private async drain(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    while (this.pending.size > 0 && redis.isReady() && !this.closed) {
      const batch = this.pending.peekBatch(this.writeBatchSize);
      const outcome = await redis.write(batch);
      this.pending.remove(outcome.done);
      this.pending.remove(outcome.rejected);
      this.pending.countDropped(outcome.rejected.length);
      if (outcome.retry.length > 0) {
        this.retryLater();
        return;
      }
      this.flushFailures = 0;
    }
  }

  /** Connected-but-failing (e.g. a stalled server) must not become a hot retry loop. */
  private retryLater(): void {
    if (this.closed || this.flushTimer) return;
    this.flushFailures += 1;
    const delay = Math.min(100 * 2 ** (this.flushFailures - 1), FLUSH_RETRY_MAX_MS);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.startFlush();
    }, delay);
    this.flushTimer.unref();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `{ ttl: undefined }` from a caller must not erase the default. */
function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
