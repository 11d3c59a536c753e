import { afterEach, describe, expect, it } from "vitest";
import { TwoTierCache } from "@/lib/cache";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("TwoTierCache without Redis", () => {
  let cache: TwoTierCache;
  afterEach(async () => {
    await cache.close();
  });

  it("returns a memory hit after set, and a fresh copy each time", async () => {
    cache = new TwoTierCache();
    expect(await cache.get("k")).toBeNull();
    await cache.set("k", { score: 0.42, tags: ["a"] }, 60_000);
    const first = await cache.get<{ score: number; tags: string[] }>("k");
    expect(first).toEqual({ value: { score: 0.42, tags: ["a"] }, tier: "memory" });
    first?.value.tags.push("mutated");
    expect((await cache.get<{ tags: string[] }>("k"))?.value.tags).toEqual(["a"]);
  });

  it("expires entries after their TTL", async () => {
    cache = new TwoTierCache();
    await cache.set("short", 1, 40);
    await cache.set("long", 2, 60_000);
    expect((await cache.get("short"))?.value).toBe(1);
    await sleep(80);
    expect(await cache.get("short")).toBeNull();
    expect((await cache.get("long"))?.value).toBe(2);
  });

  it("bounds entries and counts evictions", async () => {
    cache = new TwoTierCache({ memoryMaxEntries: 3 });
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, i, 60_000);
    const stats = cache.stats().memory;
    expect(stats.entries).toBe(3);
    expect(stats.evictions).toBe(2);
    expect(await cache.get("k0")).toBeNull();
    expect((await cache.get("k4"))?.value).toBe(4);
  });

  it("bounds bytes by the JSON length of values", async () => {
    cache = new TwoTierCache({ memoryMaxBytes: 1024 });
    const value = "x".repeat(298); // JSON adds two quotes: 300 bytes
    for (let i = 0; i < 4; i++) await cache.set(`k${i}`, value, 60_000);
    const stats = cache.stats().memory;
    expect(stats.memoryBytes).toBe(900);
    expect(stats.entries).toBe(3);
    expect(stats.evictions).toBe(1);
    // Multi-byte characters count as bytes, not string length.
    await cache.set("euro", "€", 60_000);
    expect(cache.stats().memory.memoryBytes).toBe(900 + 5);
  });

  it("supports mget/mset, delete and clear(prefix)", async () => {
    cache = new TwoTierCache();
    await cache.mset([
      { key: "prediction:v1:a", value: 1 },
      { key: "prediction:v1:b", value: 2, ttlMs: 60_000 },
      { key: "explanation:v1:a", value: 3 },
    ]);
    const got = await cache.mget<number>(["prediction:v1:a", "missing", "explanation:v1:a"]);
    expect(got.map((h) => h?.value ?? null)).toEqual([1, null, 3]);
    await cache.delete("prediction:v1:a");
    expect(await cache.get("prediction:v1:a")).toBeNull();
    await cache.clear("prediction:");
    expect(await cache.get("prediction:v1:b")).toBeNull();
    expect((await cache.get("explanation:v1:a"))?.value).toBe(3);
  });

  it("counts hits and misses and reports the Redis tier as disabled", async () => {
    cache = new TwoTierCache();
    await cache.set("k", "v");
    await cache.get("k");
    await cache.get("k");
    await cache.get("nope");
    const stats = cache.stats();
    expect(stats.memory).toMatchObject({ hits: 2, misses: 1, entries: 1, evictions: 0, memoryBytes: 3 });
    expect(stats.memory.hitRate).toBeCloseTo(2 / 3);
    expect(stats.redis).toMatchObject({ state: "disabled", memoryBytes: null, latencyMs: null, lastError: null });
    expect(stats.pendingWrites).toBe(0);
    expect(stats.droppedWrites).toBe(0);
    expect(cache.health()).toBe("disabled");
  });

  it("rejects values that are not JSON and invalid TTLs", async () => {
    cache = new TwoTierCache();
    await expect(cache.set("k", undefined)).rejects.toThrow(/not JSON-serialisable/);
    await expect(cache.set("k", 1, 0)).rejects.toThrow(/ttlMs/);
    expect(await cache.get("k")).toBeNull();
  });
});
