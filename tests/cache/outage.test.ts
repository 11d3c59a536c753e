import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TwoTierCache, type TwoTierCacheOptions } from "@/lib/cache";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";

/** Generous on purpose: the point is "bounded by the command timeout", not a benchmark. */
const CALL_BOUND_MS = 500;

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("TwoTierCache when Redis fails", () => {
  let server: TestRedis;
  const caches: TwoTierCache[] = [];
  let prefix = 0;
  const make = (options: TwoTierCacheOptions = {}) => {
    const cache = new TwoTierCache({
      redisUrl: server.url,
      redisKeyPrefix: `o${prefix}:`,
      commandTimeoutMs: 50,
      reconnectMaxDelayMs: 200,
      ...options,
    });
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    prefix += 1;
    server.resume();
    await Promise.all(caches.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server.stop();
  });

  it("keeps serving from memory while Redis is stopped, then reconnects and flushes by itself", async () => {
    const cache = make();
    await cache.set("before", "b", 60_000);
    expect(await cache.flush()).toBe(true);
    expect(cache.health()).toBe("ok");

    await server.stop();

    // Calls right after the stop, before the client has necessarily noticed.
    for (let i = 0; i < 5; i++) {
      const write = await timed(() => cache.set(`during-${i}`, { i }, 60_000));
      expect(write.ms).toBeLessThan(CALL_BOUND_MS);
      const read = await timed(() => cache.get<{ i: number }>(`during-${i}`));
      expect(read.result).toEqual({ value: { i }, tier: "memory" });
      expect(read.ms).toBeLessThan(CALL_BOUND_MS);
    }
    const missing = await timed(() => cache.get("never-written"));
    expect(missing.result).toBeNull();
    expect(missing.ms).toBeLessThan(CALL_BOUND_MS);
    expect((await cache.get("before"))?.tier).toBe("memory");

    await waitUntil(() => cache.health() === "degraded");
    const down = cache.stats();
    expect(down.redis.state).toBe("down");
    expect(down.redis.memoryBytes).toBeNull();
    expect(down.redis.errors).toBeGreaterThan(0);
    expect(down.redis.lastError).toEqual(expect.any(String));
    expect(down.pendingWrites).toBe(5);
    expect(down.droppedWrites).toBe(0);
    // While down, flush() waits out its timeout rather than pretending success.
    expect(await cache.flush(100)).toBe(false);

    // A fresh, empty server: whatever appears in it came from the pending queue.
    await server.restart();
    await waitUntil(() => cache.health() === "ok");
    // No flush() call: reconnecting alone must drain the queue.
    await waitUntil(() => cache.stats().pendingWrites === 0, 3_000);
    expect(cache.stats().redis.state).toBe("ready");

    const fresh = make();
    const hits = await fresh.mget<{ i: number }>([0, 1, 2, 3, 4].map((i) => `during-${i}`));
    expect(hits).toEqual([0, 1, 2, 3, 4].map((i) => ({ value: { i }, tier: "redis" })));

    // Redis hits resume for the original instance too.
    await fresh.set("from-fresh", 42, 60_000);
    await fresh.flush();
    expect(await cache.get("from-fresh")).toEqual({ value: 42, tier: "redis" });
    expect((await cache.refreshStats()).redis.memoryBytes).toBeGreaterThan(0);
  });

  it("bounds the pending queue, dropping the oldest writes and counting them", async () => {
    const cache = make({ maxPendingWrites: 3 });
    expect(await cache.flush()).toBe(true); // connect
    await server.stop();
    await waitUntil(() => cache.health() === "degraded");
    for (let i = 0; i < 5; i++) await cache.set(`q${i}`, i, 60_000);
    // Rewriting a queued key does not take a second slot.
    await cache.set("q4", 44, 60_000);
    expect(cache.stats()).toMatchObject({ pendingWrites: 3, droppedWrites: 2 });

    await server.restart();
    await waitUntil(() => cache.health() === "ok");
    expect(await cache.flush(2_000)).toBe(true);
    const hits = await make().mget<number>(["q0", "q1", "q2", "q3", "q4"]);
    expect(hits.map((h) => h?.value ?? null)).toEqual([null, null, 2, 3, 44]);
  });

  it("replays a delete made during the outage instead of resurrecting the old value", async () => {
    const cache = make();
    await cache.set("gone", "old", 60_000);
    expect(await cache.flush()).toBe(true);
    // Keep the server's data across the outage by pausing instead of stopping.
    server.pause();
    await cache.delete("gone");
    expect(await cache.get("gone")).toBeNull();
    server.resume();
    expect(await cache.flush(3_000)).toBe(true);
    expect(await make().get("gone")).toBeNull();
  });

  it("bounds every call by the command timeout when Redis stalls without disconnecting", async () => {
    const cache = make();
    const reader = make();
    await cache.set("warm", 1, 60_000);
    expect(await cache.flush()).toBe(true);
    await reader.get("unrelated"); // connects the reader before the stall
    expect(reader.health()).toBe("ok");
    server.pause();

    // Connected client, GET sent, no answer: only the command timeout ends the wait.
    const read = await timed(() => reader.get("warm"));
    expect(read.result).toBeNull();
    expect(read.ms).toBeGreaterThanOrEqual(40);
    expect(read.ms).toBeLessThan(CALL_BOUND_MS);
    expect(reader.stats().redis.lastError).toMatch(/timed out|exceeded/i);
    const write = await timed(() => cache.set("stalled", 2, 60_000));
    expect(write.ms).toBeLessThan(CALL_BOUND_MS);
    const local = await timed(() => cache.get("stalled"));
    expect(local.result).toEqual({ value: 2, tier: "memory" });

    await waitUntil(() => cache.stats().redis.lastError !== null);
    expect(cache.stats().redis.lastError).toMatch(/timed out|exceeded/i);
    server.resume();
    expect(await cache.flush(5_000)).toBe(true);
    expect(await make().get("stalled")).toEqual({ value: 2, tier: "redis" });
  });

  it("starts and serves from memory when Redis was never reachable", async () => {
    const cache = new TwoTierCache({ redisUrl: `redis://127.0.0.1:${await unusedPort()}`, commandTimeoutMs: 50, reconnectMaxDelayMs: 200 });
    caches.push(cache);
    const read = await timed(() => cache.get("x"));
    expect(read.result).toBeNull();
    expect(read.ms).toBeLessThan(CALL_BOUND_MS);
    await cache.set("x", 1, 60_000);
    expect(await cache.get("x")).toEqual({ value: 1, tier: "memory" });
    await waitUntil(() => cache.stats().redis.state === "down");
    expect(cache.health()).toBe("degraded");
    expect(cache.stats().redis.lastError).toMatch(/ECONNREFUSED/);
    expect(cache.stats().pendingWrites).toBe(1);
  });
});
