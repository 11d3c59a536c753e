import Redis from "ioredis";
import { cacheKeyPrefix } from "../cache/key";
import type { TwoTierCache } from "../cache";
import type { ServedModel } from "./served-model";

/**
 * Tells every app instance at once that another model version is served. The database stays the
 * source of truth (each instance also re-reads the served version every 2 s, so a missed message
 * or a Redis outage only delays the switch); Redis pub/sub just makes the switch immediate.
 */

/** Redis pub/sub channel of promotions; messages are JSON `{ version, at }`. */
export const PROMOTION_CHANNEL = "retain:model-promoted";

export interface PromotionMessage {
  version: string;
  at: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function redisUrlFrom(env: Env): string | null {
  const raw = env.REDIS_URL?.trim();
  return raw ? raw : null;
}

export function parsePromotionMessage(text: string): PromotionMessage | null {
  try {
    const value = JSON.parse(text) as Partial<PromotionMessage> | null;
    if (value && typeof value.version === "string" && value.version.length > 0) return { version: value.version, at: typeof value.at === "string" ? value.at : "" };
  } catch {
    // not ours
  }
  return null;
}

/**
 * Announces a promotion on REDIS_URL's Redis, on a short-lived connection (promotions are rare).
 * Never throws and never waits longer than `timeoutMs`: returns the number of instances that
 * received it, or null when Redis is not configured or unreachable (they pick the change up by
 * polling instead).
 */
export async function publishPromotion(version: string, env: Env = process.env, timeoutMs = 2_000): Promise<number | null> {
  const url = redisUrlFrom(env);
  if (!url) return null;
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const message: PromotionMessage = { version, at: new Date().toISOString() };
    const work = client.connect().then(() => client.publish(PROMOTION_CHANNEL, JSON.stringify(message)));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([work, timeout]);
  } catch (err) {
    console.warn(`promotion of ${version} not announced on Redis (instances switch within seconds by polling): ${err instanceof Error ? err.message : String(err)}`);
    return null;
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * A dedicated subscriber connection (a Redis connection in subscribe mode can do nothing else).
 * It reconnects by itself and ioredis subscribes again after each reconnect.
 */
export class PromotionListener {
  private client: Redis | null = null;
  private readyCount = 0;
  private subscribed = false;

  constructor(
    private readonly url: string,
    private readonly onPromotion: (message: PromotionMessage) => void,
    private readonly reconnectMaxDelayMs = 2_000,
  ) {}

  /** How many times the subscription was (re)established; for tests and diagnostics. */
  get subscriptions(): number {
    return this.readyCount;
  }

  /** Connects and subscribes; resolves once subscribed, or with false after `timeoutMs` if Redis is down (it keeps trying). */
  async start(timeoutMs = 2_000): Promise<boolean> {
    if (this.client) return this.subscribed;
    const client = new Redis(this.url, {
      lazyConnect: true,
      // Reconnect forever: an instance must hear promotions again once Redis is back.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), this.reconnectMaxDelayMs),
      maxRetriesPerRequest: null,
    });
    this.client = client;
    client.on("error", () => undefined);
    client.on("message", (channel: string, text: string) => {
      if (channel !== PROMOTION_CHANNEL) return;
      const message = parsePromotionMessage(text);
      if (message) this.onPromotion(message);
    });
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      client.on("ready", () => {
        this.readyCount += 1;
        // ioredis subscribes again by itself after a reconnect; the first time is ours (also
        // when Redis was down at start and this is a later attempt).
        if (this.subscribed) return resolve(true);
        client.subscribe(PROMOTION_CHANNEL).then(
          () => {
            this.subscribed = true;
            resolve(true);
          },
          () => undefined,
        );
      });
    });
    client.connect().catch(() => undefined);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) client.disconnect();
  }
}

/**
 * What an instance does when it hears of a promotion: stop trusting its idea of the served
 * version, load the new one now rather than on the next request, and drop the old version's
 * entries from its in-process cache tier (keys carry the version, so they could never be served
 * for the new one; this frees their memory at once). Shared Redis entries expire by their TTL.
 */
export async function applyPromotion(served: ServedModel, cache: TwoTierCache | null, message: PromotionMessage): Promise<void> {
  const previous = served.currentVersion;
  served.invalidate();
  const model = await served.get();
  if (previous === model.version) return;
  if (cache && previous) cache.forgetLocal(cacheKeyPrefix("prediction", previous));
  // The database decides: a later promotion may already have replaced the announced version.
  console.log(`model: serving ${model.version}${model.version === message.version ? "" : ` (announced: ${message.version})`}, was ${previous ?? "none"}`);
}

/**
 * Starts listening for promotions when REDIS_URL is set (null otherwise). Errors while applying
 * one are logged; the 2 s version check retries anyway.
 */
export function listenForPromotions(served: ServedModel, cache: TwoTierCache | null, env: Env = process.env): PromotionListener | null {
  const url = redisUrlFrom(env);
  if (!url) return null;
  const listener = new PromotionListener(url, (message) => {
    applyPromotion(served, cache, message).catch((err: unknown) => console.error(`promotion of ${message.version}: ${err instanceof Error ? err.message : String(err)}`));
  });
  void listener.start();
  return listener;
}
