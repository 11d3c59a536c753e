import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TwoTierCache, cacheKey } from "@/lib/cache";
import { PromotionListener, PROMOTION_CHANNEL, applyPromotion, parsePromotionMessage, publishPromotion, type PromotionMessage } from "@/lib/scoring/promotion-channel";
import { ServedModel } from "@/lib/scoring/served-model";
import type { PrismaClient } from "@/lib/db/client";
import type { LoadedModel } from "@/lib/scoring/loaded-model";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

describe("promotion announcements over Redis pub/sub", () => {
  let redis: TestRedis;
  const listeners: PromotionListener[] = [];
  const listen = async (received: PromotionMessage[]) => {
    const listener = new PromotionListener(redis.url, (m) => received.push(m), 100);
    listeners.push(listener);
    expect(await listener.start()).toBe(true);
    return listener;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((l) => l.close()));
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("delivers a promotion to every subscribed instance", async () => {
    const one: PromotionMessage[] = [];
    const two: PromotionMessage[] = [];
    await listen(one);
    await listen(two);
    expect(await publishPromotion("v7", { REDIS_URL: redis.url })).toBe(2);
    await until(() => one.length === 1 && two.length === 1);
    expect(one[0].version).toBe("v7");
    expect(two[0].version).toBe("v7");
  });

  it("publishing is a no-op without REDIS_URL and fails soft (null, quickly) when Redis is unreachable", async () => {
    expect(await publishPromotion("v1", {})).toBeNull();
    const started = Date.now();
    expect(await publishPromotion("v1", { REDIS_URL: "redis://127.0.0.1:1" }, 500)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ignores foreign messages on the channel", async () => {
    expect(parsePromotionMessage("not json")).toBeNull();
    expect(parsePromotionMessage(JSON.stringify({ version: "" }))).toBeNull();
    expect(parsePromotionMessage(JSON.stringify({ version: "v2", at: "t" }))).toEqual({ version: "v2", at: "t" });
  });

  it("subscribes again after Redis restarts, and one started while Redis is down subscribes once it is up", async () => {
    const received: PromotionMessage[] = [];
    const listener = await listen(received);
    await redis.stop();
    const late: PromotionMessage[] = [];
    const lateListener = new PromotionListener(redis.url, (m) => late.push(m), 100);
    listeners.push(lateListener);
    expect(await lateListener.start(300)).toBe(false);
    await redis.restart();
    await until(() => listener.subscriptions >= 2 && lateListener.subscriptions >= 1);
    // The subscription is re-sent right after "ready": give Redis a moment to register both.
    const deadline = Date.now() + 5_000;
    while ((await publishPromotion("v9", { REDIS_URL: redis.url })) !== 2) {
      if (Date.now() > deadline) throw new Error("listeners did not resubscribe");
      await sleep(50);
    }
    await until(() => received.some((m) => m.version === "v9") && late.some((m) => m.version === "v9"));
    expect(PROMOTION_CHANNEL).toBe("retain:model-promoted");
  });
});

describe("applying a promotion", () => {
  it("reloads the served model at once and drops the old version's entries from the memory tier only", async () => {
    let version = "old";
    const loads: string[] = [];
    // A stub database and loader: what matters is when the served version is asked again.
    const prisma = { modelVersion: { findFirst: async () => ({ version }) } } as unknown as PrismaClient;
    const load = async (_: PrismaClient, v: string) => {
      loads.push(v);
      return { version: v, session: { release: async () => undefined } } as unknown as LoadedModel;
    };
    const served = new ServedModel(prisma, 60_000, load);
    await served.get();
    const cache = new TwoTierCache();
    const oldKey = cacheKey("prediction", "old", { a: 1 });
    const otherKey = cacheKey("prediction", "older", { a: 1 });
    await cache.set(oldKey, { p: 0.1 });
    await cache.set(otherKey, { p: 0.2 });
    version = "new";
    // Without the announcement the process would trust "old" for another minute.
    expect((await served.get()).version).toBe("old");
    await applyPromotion(served, cache, { version: "new", at: "" });
    expect(served.currentVersion).toBe("new");
    expect(loads).toEqual(["old", "new"]);
    expect(await cache.get(oldKey)).toBeNull();
    expect(await cache.get(otherKey)).not.toBeNull();
    await cache.close();
  });
});
