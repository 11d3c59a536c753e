import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyRateLimit, CounterStore, hashCredential, RateLimiter, RateLimits, rateLimitIdentity, signInRateLimit } from "@/lib/http/rate-limit";
import { DEFAULT_RATE_LIMIT_CONFIG, loadRateLimitConfig, RateLimitConfigError, type RateLimitConfig } from "@/lib/http/rate-limit-config";
import { startRedisServer, type TestRedis } from "../helpers/redis-server";

let redis: TestRedis;
const stores: CounterStore[] = [];
let prefixCounter = 0;
let prefix = "";

function store(options: { prefix?: string; redisUrl?: string | null } = {}): CounterStore {
  const s = new CounterStore({ redisUrl: options.redisUrl === undefined ? redis.url : options.redisUrl, commandTimeoutMs: 50, keyPrefix: options.prefix ?? prefix, reconnectMaxDelayMs: 200 });
  stores.push(s);
  return s;
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  prefix = `t${++prefixCounter}:`;
});
afterAll(async () => {
  await redis.stop();
});

describe("RateLimiter over Redis", () => {
  it("counts requests per identity and refuses past the limit with a retry time", async () => {
    prefix = "count:";
    const limiter = new RateLimiter(store(), { name: "k", limit: 5, windowMs: 60_000 });
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await limiter.take("alice"));
    expect(decisions.map((d) => `${d.allowed}/${d.remaining}/${d.source}`)).toEqual(["true/4/redis", "true/3/redis", "true/2/redis", "true/1/redis", "true/0/redis", "false/0/redis", "false/0/redis"]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(decisions.every((d) => d.source === "redis" && d.limit === 5)).toBe(true);
    expect(decisions[0].retryAfterSeconds).toBe(0);
    expect(decisions[5].retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(decisions[5].retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another identity has its own window; a cost counts as that many requests.
    const bob = await limiter.take("bob", 4);
    expect(bob).toMatchObject({ allowed: true, remaining: 1 });
    expect((await limiter.take("bob", 2)).allowed).toBe(false);
  });

  it("starts a new window once the old one has expired", async () => {
    const limiter = new RateLimiter(store(), { name: "k", limit: 2, windowMs: 400 });
    expect((await limiter.take("w")).allowed).toBe(true);
    expect((await limiter.take("w")).allowed).toBe(true);
    const refused = await limiter.take("w");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 450));
    const fresh = await limiter.take("w");
    expect(fresh).toMatchObject({ allowed: true, remaining: 1, source: "redis" });
  });

  it("shares one count between two instances on the same Redis", async () => {
    const shared = `shared${prefixCounter}:`;
    const a = new RateLimiter(store({ prefix: shared }), { name: "k", limit: 6, windowMs: 60_000 });
    const b = new RateLimiter(store({ prefix: shared }), { name: "k", limit: 6, windowMs: 60_000 });
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push((await a.take("carol")).remaining);
      seen.push((await b.take("carol")).remaining);
    }
    expect(seen).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    // Concurrent takes are atomic: 20 at once from both instances leave exactly 20 counted.
    const c = new RateLimiter(store({ prefix: shared }), { name: "k", limit: 15, windowMs: 60_000 });
    const d = new RateLimiter(store({ prefix: shared }), { name: "k", limit: 15, windowMs: 60_000 });
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? c : d).take("dave")));
    expect(burst.filter((r) => r.allowed)).toHaveLength(15);
    expect(burst.every((r) => r.source === "redis")).toBe(true);
  });

  it("keeps limiting from memory while Redis is stopped, without stalling, and goes back to Redis after a restart", async () => {
    const s = store();
    const limiter = new RateLimiter(s, { name: "k", limit: 5, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect((await limiter.take("erin")).source).toBe("redis");
    await redis.stop();
    const during = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const decision = await limiter.take("erin");
      // Bounded by the command timeout (50 ms) plus slack for a busy machine, never a hang.
      expect(performance.now() - started).toBeLessThan(1000);
      during.push(decision);
    }
    expect(during.every((d) => d.source === "memory")).toBe(true);
    // The memory count continued from Redis's last answer (3): requests 4 and 5 pass, 6 and 7 do not.
    expect(during.map((d) => d.allowed)).toEqual([true, true, false, false]);
    expect(s.stats().redisState).toBe("down");
    expect(s.stats().memoryCounts).toBe(4);

    await redis.restart();
    await waitUntil(() => s.stats().redisState === "ready");
    const after = await limiter.take("erin");
    // The restarted Redis is empty: a fresh window, counted there again.
    expect(after).toMatchObject({ source: "redis", allowed: true, remaining: 4 });
  });

  it("limits from memory alone without Redis", async () => {
    const limiter = new RateLimiter(store({ redisUrl: null }), { name: "k", limit: 2, windowMs: 60_000 });
    const results = [await limiter.take("x"), await limiter.take("x"), await limiter.take("x")];
    expect(results.map((r) => [r.allowed, r.source])).toEqual([
      [true, "memory"],
      [true, "memory"],
      [false, "memory"],
    ]);
  });
});

function fakeRequest(remoteAddress: string, headers: http.IncomingHttpHeaders = {}): http.IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as http.IncomingMessage;
}

describe("rate-limit identity", () => {
  const config = { includeLoopback: false, trustedProxies: 0 };
  it("hashes the bearer token and never exposes it", () => {
    const who = rateLimitIdentity(fakeRequest("10.0.0.7", { authorization: "Bearer sk_live_secret" }), config);
    expect(who.key).toBe(hashCredential("sk_live_secret"));
    expect(who.key).not.toContain("secret");
    expect(who.key).toMatch(/^[0-9a-f]{32}$/);
    expect(who.address).toBe("10.0.0.7");
    expect(rateLimitIdentity(fakeRequest("10.0.0.7", { authorization: "Basic abc" }), config).key).toBeNull();
  });

  it("exempts loopback unless included, and reads X-Forwarded-For only behind trusted proxies", () => {
    expect(rateLimitIdentity(fakeRequest("127.0.0.1"), config).address).toBeNull();
    expect(rateLimitIdentity(fakeRequest("::1"), config).address).toBeNull();
    expect(rateLimitIdentity(fakeRequest("::ffff:127.0.0.1"), config).address).toBeNull();
    expect(rateLimitIdentity(fakeRequest("127.0.0.1"), { ...config, includeLoopback: true }).address).toBe("127.0.0.1");
    const proxied = fakeRequest("10.0.0.1", { "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    // Untrusted: a client could write anything in the header.
    expect(rateLimitIdentity(proxied, config).address).toBe("10.0.0.1");
    expect(rateLimitIdentity(proxied, { ...config, trustedProxies: 1 }).address).toBe("203.0.113.9");
    expect(rateLimitIdentity(proxied, { ...config, trustedProxies: 2 }).address).toBe("6.6.6.6");
  });
});

describe("rate-limit configuration", () => {
  it("has defaults and validates every variable", () => {
    expect(loadRateLimitConfig({})).toEqual(DEFAULT_RATE_LIMIT_CONFIG);
    const c = loadRateLimitConfig({ RATE_LIMIT: "off", RATE_LIMIT_PER_KEY: "10", RATE_LIMIT_PER_ADDRESS: "20", RATE_LIMIT_WINDOW_SECONDS: "5", RATE_LIMIT_INCLUDE_LOOPBACK: "on", RATE_LIMIT_TRUSTED_PROXIES: "1", REDIS_URL: "redis://127.0.0.1:1" });
    expect(c).toMatchObject({ enabled: false, perKey: 10, perAddress: 20, windowMs: 5000, includeLoopback: true, trustedProxies: 1, redisUrl: "redis://127.0.0.1:1" });
    expect(() => loadRateLimitConfig({ RATE_LIMIT_PER_KEY: "1e3" })).toThrow(RateLimitConfigError);
    expect(() => loadRateLimitConfig({ RATE_LIMIT_PER_ADDRESS: "0" })).toThrow(/RATE_LIMIT_PER_ADDRESS must be between 1/);
    expect(() => loadRateLimitConfig({ RATE_LIMIT: "maybe" })).toThrow(/RATE_LIMIT must be on or off/);
  });
});

describe("429 answers over HTTP", () => {
  let server: http.Server;
  let base: string;
  let limits: RateLimits;
  beforeAll(async () => {
    const config: RateLimitConfig = { ...DEFAULT_RATE_LIMIT_CONFIG, perAddress: 3, perKey: 2, includeLoopback: true, redisUrl: redis.url };
    limits = new RateLimits(config, new CounterStore({ redisUrl: redis.url, commandTimeoutMs: 50, keyPrefix: "http429:" }));
    server = http.createServer((req, res) => {
      void applyRateLimit(limits, req, res, req.url === "/api/graphql").then((refused) => {
        if (!refused) res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await limits.close();
  });

  it("answers 429 with Retry-After and a GraphQL error naming RATE_LIMITED", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${base}/api/graphql`, { method: "POST", body: "{}" });
      statuses.push(r.status);
      expect(r.headers.get("ratelimit-limit")).toBe("3");
      expect(r.headers.get("ratelimit-remaining")).toBe(String(2 - i));
      await r.text();
    }
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await fetch(`${base}/api/graphql`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string; retryAfterSeconds: number } }> };
    expect(body.errors[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    expect(body.errors[0].message).toMatch(/Too many requests: the limit is 3/);
    // REST paths get the REST error shape.
    const rest = await fetch(`${base}/api/predict`, { method: "POST", body: "{}" });
    expect(rest.status).toBe(429);
    expect(((await rest.json()) as { code: string }).code).toBe("RATE_LIMITED");
  });

  it("sign-in helper answers 429 after RATE_LIMIT_SIGN_IN attempts for one identity", async () => {
    const signIn = new RateLimits({ ...DEFAULT_RATE_LIMIT_CONFIG, signIn: 2, redisUrl: redis.url }, store({ prefix: "signin-test:" }));
    expect(await signInRateLimit("ann@example.org|10.1.1.1", signIn)).toBeNull();
    expect(await signInRateLimit("ann@example.org|10.1.1.1", signIn)).toBeNull();
    const refused = await signInRateLimit("ann@example.org|10.1.1.1", signIn);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await signInRateLimit("bob@example.org|10.1.1.1", signIn)).toBeNull();
    const off = new RateLimits({ ...DEFAULT_RATE_LIMIT_CONFIG, enabled: false, signIn: 1 }, store({ redisUrl: null }));
    expect(await signInRateLimit("z", off)).toBeNull();
    expect(await signInRateLimit("z", off)).toBeNull();
  });
});
