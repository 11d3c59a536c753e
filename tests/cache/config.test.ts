import { describe, expect, it } from "vitest";
import { CacheConfigError, loadCacheConfig, TwoTierCache } from "@/lib/cache";

describe("loadCacheConfig", () => {
  it("uses the documented defaults", () => {
    expect(loadCacheConfig({})).toEqual({
      redisUrl: null,
      commandTimeoutMs: 50,
      predictionTtlMs: 3_600_000,
      explanationTtlMs: 1_800_000,
      memoryMaxEntries: 10_000,
      memoryMaxBytes: 64 * 1024 * 1024,
      maxPendingWrites: 10_000,
    });
  });

  it("reads the environment", () => {
    const config = loadCacheConfig({
      REDIS_URL: "redis://cache.internal:6380/2",
      REDIS_COMMAND_TIMEOUT_MS: "75",
      CACHE_PREDICTION_TTL_SECONDS: "120",
      CACHE_EXPLANATION_TTL_SECONDS: " 60 ",
      CACHE_MEMORY_MAX_ENTRIES: "",
    });
    expect(config.redisUrl).toBe("redis://cache.internal:6380/2");
    expect(config.commandTimeoutMs).toBe(75);
    expect(config.predictionTtlMs).toBe(120_000);
    expect(config.explanationTtlMs).toBe(60_000);
    expect(config.memoryMaxEntries).toBe(10_000);
  });

  it.each([
    ["CACHE_PREDICTION_TTL_SECONDS", "abc", /CACHE_PREDICTION_TTL_SECONDS must be a whole number of seconds.*"abc"/],
    ["CACHE_PREDICTION_TTL_SECONDS", "0", /CACHE_PREDICTION_TTL_SECONDS must be between 1 and/],
    ["CACHE_EXPLANATION_TTL_SECONDS", "-5", /CACHE_EXPLANATION_TTL_SECONDS must be a whole number/],
    ["CACHE_EXPLANATION_TTL_SECONDS", "1.5", /CACHE_EXPLANATION_TTL_SECONDS must be a whole number/],
    ["CACHE_EXPLANATION_TTL_SECONDS", "99999999", /CACHE_EXPLANATION_TTL_SECONDS must be between 1 and 2592000 seconds \(got 99999999\)/],
    ["REDIS_COMMAND_TIMEOUT_MS", "50ms", /REDIS_COMMAND_TIMEOUT_MS must be a whole number of milliseconds/],
    ["REDIS_URL", "localhost:6379", /REDIS_URL must use redis:\/\/ or rediss:\/\//],
    ["REDIS_URL", "not a url", /REDIS_URL is not a valid URL/],
  ])("rejects %s=%s", (name, value, message) => {
    const load = () => loadCacheConfig({ [name]: value });
    expect(load).toThrow(CacheConfigError);
    expect(load).toThrow(message);
  });

  it("TwoTierCache.fromEnv applies the TTLs and runs memory-only without REDIS_URL", async () => {
    const cache = TwoTierCache.fromEnv({ CACHE_PREDICTION_TTL_SECONDS: "10", CACHE_EXPLANATION_TTL_SECONDS: "5" });
    expect(cache.ttlFor("prediction")).toBe(10_000);
    expect(cache.ttlFor("explanation")).toBe(5_000);
    expect(cache.health()).toBe("disabled");
    expect(cache.stats().redis.state).toBe("disabled");
    await cache.close();
    expect(() => TwoTierCache.fromEnv({ CACHE_PREDICTION_TTL_SECONDS: "soon" })).toThrow(CacheConfigError);
  });
});
