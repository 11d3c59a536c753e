import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TwoTierCache, cacheKey, type TwoTierCacheOptions } from "@/lib/cache";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("TwoTierCache with a real Redis", () => {
  let server: TestRedis;
  let raw: Redis;
  const caches: TwoTierCache[] = [];

  /** Each test gets its own key prefix so tests cannot see each other's data. */
  let prefix = 0;
  const make = (options: TwoTierCacheOptions = {}) => {
    const cache = new TwoTierCache({ redisUrl: server.url, redisKeyPrefix: `t${prefix}:`, ...options });
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
  });
  afterEach(async () => {
    prefix += 1;
    await Promise.all(caches.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    raw.disconnect();
    await server.stop();
  });

  it("does not use the default Redis port", () => {
    expect(server.port).not.toBe(6379);
  });

  it("serves a second instance from Redis what the first one wrote", async () => {
    const writer = make();
    const reader = make();
    const key = cacheKey("prediction", "v1", { participant: "p-7" });
    await writer.set(key, { risk: 0.8 }, 60_000);
    expect(await writer.flush()).toBe(true);

    expect(await reader.get(key)).toEqual({ value: { risk: 0.8 }, tier: "redis" });
    // The Redis hit is copied into the reader's memory tier.
    expect(await reader.get(key)).toEqual({ value: { risk: 0.8 }, tier: "memory" });
    // Stored under the prefix with a PX expiry.
    const pttl = await raw.pttl(`t${prefix}:${key}`);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("batches with mset/mget in one round trip and mixes tiers", async () => {
    const writer = make();
    const reader = make();
    await writer.mset([
      { key: "a", value: 1, ttlMs: 60_000 },
      { key: "b", value: 2, ttlMs: 60_000 },
    ]);
    await writer.flush();
    await reader.set("c", 3, 60_000);
    const hits = await reader.mget<number>(["a", "b", "c", "d"]);
    expect(hits).toEqual([
      { value: 1, tier: "redis" },
      { value: 2, tier: "redis" },
      { value: 3, tier: "memory" },
      null,
    ]);
  });

  it("expires entries in Redis too, and keeps memory copies no longer than Redis does", async () => {
    const writer = make();
    const reader = make();
    await writer.set("short", "v", 150);
    await writer.flush();
    expect((await reader.get("short"))?.tier).toBe("redis");
    await sleep(250);
    expect(await reader.get("short")).toBeNull();
    expect(await make().get("short")).toBeNull();
  });

  it("propagates delete and clear(prefix) to Redis", async () => {
    const writer = make();
    await writer.mset([
      { key: "prediction:v1:a", value: 1 },
      { key: "prediction:v1:b", value: 2 },
      { key: "explanation:v1:a", value: 3 },
      { key: "odd*[key]", value: 4 },
    ]);
    await writer.flush();
    await writer.delete("prediction:v1:a");
    await writer.clear("prediction:");
    await writer.clear("odd*");
    expect(await writer.flush()).toBe(true);
    const reader = make();
    const hits = await reader.mget(["prediction:v1:a", "prediction:v1:b", "explanation:v1:a", "odd*[key]"]);
    expect(hits.map((h) => h?.value ?? null)).toEqual([null, null, 3, null]);
    expect(await raw.exists(`t${prefix}:explanation:v1:a`)).toBe(1);
  });

  it("reports per-tier stats and health", async () => {
    const cache = make();
    expect(cache.stats().redis.state).toBe("connecting");
    await cache.set("k", { big: "x".repeat(1000) }, 60_000);
    await cache.flush();
    await cache.get("k"); // memory hit
    const other = make();
    await other.get("k"); // memory miss, redis hit
    await other.get("missing"); // memory miss, redis miss
    const stats = await other.refreshStats();
    expect(other.health()).toBe("ok");
    expect(stats.memory).toMatchObject({ hits: 0, misses: 2, entries: 1, evictions: 0 });
    expect(stats.redis).toMatchObject({ state: "ready", hits: 1, misses: 1, hitRate: 0.5, errors: 0, lastError: null });
    expect(stats.redis.memoryBytes).toBeGreaterThan(100_000);
    expect(stats.redis.entries).toBeGreaterThanOrEqual(1);
    expect(stats.redis.evictions).toBe(0);
    expect(stats.redis.latencyMs).toBeGreaterThanOrEqual(0);
    expect(stats.redis.latencyMs).toBeLessThan(500);
    expect(stats.pendingWrites).toBe(0);
    expect(stats.droppedWrites).toBe(0);
    expect(cache.stats().memory).toMatchObject({ hits: 1, misses: 0 });
  });

  it("treats non-JSON data under its prefix as a miss", async () => {
    await raw.set(`t${prefix}:junk`, "{not json");
    const cache = make();
    expect(await cache.get("junk")).toBeNull();
    expect(cache.stats().redis.lastError).toMatch(/JSON/);
  });
});
