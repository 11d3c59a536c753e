/**
 * Request rate limits per API key and per client address, shared by every instance through Redis.
 *
 * Algorithm: a fixed window per identity, started by its first request. One Lua script does
 * INCRBY and sets the expiry on the window's first increment, so concurrent requests on any
 * number of instances count atomically in one round trip, and Redis's clock alone decides when a
 * window ends (instances' clocks may disagree). A sliding window (a sorted set of timestamps, or
 * two weighted counters) would smooth the burst a client can make across a window boundary (at
 * most twice the limit in a short span) but costs more memory per identity and more work per
 * request; for abuse protection of an internal API the fixed window's bound is good enough.
 *
 * Redis down or slow: the limiter never fails or stalls a request. Every Redis call is bounded by
 * the command timeout (REDIS_COMMAND_TIMEOUT_MS, as for the cache); when Redis cannot answer, the
 * count continues in an in-process LRU, seeded with the last counts Redis returned, so limits
 * still hold (per instance) during the outage. Once ioredis reconnects, Redis counts again.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Redis from "ioredis";
import { LRUCache } from "lru-cache";
import { loadRateLimitConfig, type RateLimitConfig } from "./rate-limit-config";

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window (0 once the limit is reached). */
  remaining: number;
  /** Seconds until the window ends when refused; 0 when allowed. */
  retryAfterSeconds: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
  limit: number;
  /** Where the count came from: the shared Redis, or this process's fallback counters. */
  source: "redis" | "memory";
}

export interface CounterStoreOptions {
  redisUrl: string | null;
  commandTimeoutMs: number;
  keyPrefix?: string;
  memoryMaxEntries?: number;
  /** Upper bound of ioredis's reconnect backoff. */
  reconnectMaxDelayMs?: number;
}

export interface CounterStoreStats {
  redisState: "disabled" | "connecting" | "ready" | "down";
  redisCounts: number;
  memoryCounts: number;
  errors: number;
  lastError: string | null;
}

interface Count {
  count: number;
  ttlMs: number;
  source: "redis" | "memory";
}

interface MemoryWindow {
  count: number;
  resetAt: number;
}

/** INCRBY, then an expiry if the key has none (its window's first request, or a lost PEXPIRE). */
const TAKE_SCRIPT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {n, ttl}`;

type RateLimitRedis = Redis & { retainTake(key: string, cost: number, windowMs: number): Promise<[number, number]> };

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis call exceeded ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Window counters: Redis when it answers in time, this process's LRU otherwise. */
export class CounterStore {
  private client: RateLimitRedis | null = null;
  private everReady = false;
  private closed = false;
  private readonly memory: LRUCache<string, MemoryWindow>;
  private readonly prefix: string;
  private redisCounts = 0;
  private memoryCounts = 0;
  private errors = 0;
  private lastError: string | null = null;

  constructor(private readonly options: CounterStoreOptions) {
    this.prefix = options.keyPrefix ?? "retain:rl:";
    this.memory = new LRUCache({ max: options.memoryMaxEntries ?? 100_000 });
  }

  private start(): RateLimitRedis | null {
    if (this.client || this.closed || !this.options.redisUrl) return this.client;
    const maxDelay = this.options.reconnectMaxDelayMs ?? 2000;
    const client = new Redis(this.options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: this.options.commandTimeoutMs,
      connectTimeout: Math.max(1000, this.options.commandTimeoutMs * 10),
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
    }) as RateLimitRedis;
    client.defineCommand("retainTake", { numberOfKeys: 1, lua: TAKE_SCRIPT });
    client.on("ready", () => {
      this.everReady = true;
    });
    client.on("error", (err: Error) => this.recordError(err));
    client.connect().catch(() => undefined);
    this.client = client;
    return client;
  }

  private recordError(err: unknown): void {
    this.errors += 1;
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  /** Ready now, or (only before the first connection) within the command timeout. */
  private async usable(client: RateLimitRedis): Promise<boolean> {
    if (client.status === "ready") return true;
    if (this.everReady || this.closed) return false;
    const deadline = Date.now() + this.options.commandTimeoutMs;
    const ready = () => client.status === ("ready" as string);
    while (Date.now() < deadline && !ready()) await new Promise((r) => setTimeout(r, 5));
    return ready();
  }

  async increment(identity: string, cost: number, windowMs: number): Promise<Count> {
    const client = this.start();
    if (client && (await this.usable(client))) {
      try {
        const [count, ttlMs] = await withDeadline(client.retainTake(this.prefix + identity, cost, windowMs), this.options.commandTimeoutMs + 20);
        this.redisCounts += 1;
        // Mirrored locally, so a Redis outage continues from here rather than from zero.
        this.memory.set(identity, { count, resetAt: Date.now() + ttlMs });
        return { count, ttlMs, source: "redis" };
      } catch (err) {
        this.recordError(err);
      }
    }
    this.memoryCounts += 1;
    const now = Date.now();
    let window = this.memory.get(identity);
    if (!window || window.resetAt <= now) window = { count: 0, resetAt: now + windowMs };
    window.count += cost;
    this.memory.set(identity, window);
    return { count: window.count, ttlMs: window.resetAt - now, source: "memory" };
  }

  stats(): CounterStoreStats {
    const status = this.client?.status;
    const redisState = !this.options.redisUrl ? "disabled" : status === "ready" ? "ready" : this.everReady ? "down" : "connecting";
    return { redisState, redisCounts: this.redisCounts, memoryCounts: this.memoryCounts, errors: this.errors, lastError: this.lastError };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.status === "ready") await withDeadline(client.quit(), 500).catch(() => undefined);
    client.disconnect();
  }
}

export interface RateLimiterOptions {
  /** Namespaces this limiter's identities in the shared store, e.g. "key" or "addr". */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** One limit (e.g. "3000 requests a minute per API key") over a counter store. */
export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    readonly options: RateLimiterOptions,
  ) {}

  /** Counts `cost` requests for `identity` and says whether they fit in its window. */
  async take(identity: string, cost = 1): Promise<RateLimitDecision> {
    const { limit, windowMs, name } = this.options;
    const { count, ttlMs, source } = await this.store.increment(`${name}:${identity}`, cost, windowMs);
    const allowed = count <= limit;
    const resetSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
    return { allowed, remaining: Math.max(0, limit - count), retryAfterSeconds: allowed ? 0 : resetSeconds, resetSeconds, limit, source };
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: who is asking, and the 429 answer.

export interface RateLimitIdentity {
  /** Hash of the bearer token, or null without one. */
  key: string | null;
  /** The client's address, or null when it is exempt (loopback, unless included). */
  address: string | null;
}

function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/**
 * The client's address: the socket's peer, or with N trusted reverse proxies in front, the N-th
 * X-Forwarded-For entry from the right (the one the outermost trusted proxy saw).
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedProxies === 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((h) => h.trim()).filter(Boolean);
  return hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : (hops[0] ?? peer);
}

/** Short, irreversible form of a credential: Redis keys and logs never hold the token itself. */
export function hashCredential(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex").slice(0, 32);
}

/**
 * Who a request counts against. The key is the hash of the `Authorization: Bearer` token; when
 * API keys are verified, this is the place to return the key's id instead.
 */
export function rateLimitIdentity(req: IncomingMessage, config: Pick<RateLimitConfig, "includeLoopback" | "trustedProxies">): RateLimitIdentity {
  const auth = req.headers.authorization;
  const bearer = auth && /^Bearer\s+(\S+)\s*$/i.exec(auth);
  const address = clientAddress(req, config.trustedProxies);
  return {
    key: bearer ? hashCredential(bearer[1]) : null,
    address: !config.includeLoopback && isLoopback(address) ? null : address,
  };
}

/** The per-key, per-address and sign-in limits of one process, over one store. */
export class RateLimits {
  readonly perKey: RateLimiter;
  readonly perAddress: RateLimiter;
  readonly signIn: RateLimiter;

  constructor(
    readonly config: RateLimitConfig,
    readonly store: CounterStore = new CounterStore({ redisUrl: config.redisUrl, commandTimeoutMs: config.commandTimeoutMs }),
  ) {
    this.perKey = new RateLimiter(store, { name: "key", limit: config.perKey, windowMs: config.windowMs });
    this.perAddress = new RateLimiter(store, { name: "addr", limit: config.perAddress, windowMs: config.windowMs });
    this.signIn = new RateLimiter(store, { name: "signin", limit: config.signIn, windowMs: config.windowMs });
  }

  /**
   * Counts a request against its key and its address (both: a made-up token must not escape the
   * address limit). Returns the binding decision (a refusal if either refuses, else the one with
   * fewer requests left), or null when no limit applies.
   */
  async check(req: IncomingMessage): Promise<RateLimitDecision | null> {
    if (!this.config.enabled) return null;
    const who = rateLimitIdentity(req, this.config);
    const decisions = await Promise.all([who.key ? this.perKey.take(who.key) : null, who.address ? this.perAddress.take(who.address) : null]);
    const present = decisions.filter((d): d is RateLimitDecision => d !== null);
    if (present.length === 0) return null;
    return present.reduce((a, b) => (a.allowed !== b.allowed ? (a.allowed ? b : a) : a.remaining <= b.remaining ? a : b));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** RateLimit-* headers (IETF draft) on every limited answer, and Retry-After on refusals. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}

export function rateLimitMessage(decision: RateLimitDecision): string {
  return `Too many requests: the limit is ${decision.limit} per window; retry in ${decision.retryAfterSeconds} s.`;
}

/** The 429 body: a GraphQL error for /api/graphql, the REST routes' `{ error }` shape elsewhere. */
export function rateLimitedBody(decision: RateLimitDecision, graphql: boolean): string {
  const message = rateLimitMessage(decision);
  return JSON.stringify(
    graphql
      ? { errors: [{ message, extensions: { code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds } }] }
      : { error: message, code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds },
  );
}

export function sendRateLimited(res: ServerResponse, decision: RateLimitDecision, graphql: boolean, extraHeaders: Record<string, string> = {}): void {
  const body = rateLimitedBody(decision, graphql);
  res.writeHead(429, { ...extraHeaders, ...rateLimitHeaders(decision), "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The server's hook: counts the request and, when it is over a limit, answers 429 itself and
 * returns true. Otherwise sets the RateLimit-* headers (when a limit applied) and returns false.
 */
export async function applyRateLimit(
  limits: RateLimits,
  req: IncomingMessage,
  res: ServerResponse,
  graphql: boolean,
  refusalHeaders: Record<string, string> = {},
): Promise<boolean> {
  const decision = await limits.check(req);
  if (!decision) return false;
  if (!decision.allowed) {
    sendRateLimited(res, decision, graphql, refusalHeaders);
    return true;
  }
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) res.setHeader(name, value);
  return false;
}

// One set of limits per process (Next's bundle and the server's own module copy share it).
const holder = globalThis as unknown as { __retainRateLimits?: RateLimits };

export function getRateLimits(): RateLimits {
  holder.__retainRateLimits ??= new RateLimits(loadRateLimitConfig());
  return holder.__retainRateLimits;
}

/**
 * For a sign-in route: counts one attempt for `identity` (e.g. the account name plus the client
 * address) against RATE_LIMIT_SIGN_IN per window. Returns a 429 Response to send back when over
 * the limit, null otherwise. Always on unless RATE_LIMIT=off; loopback is not exempt here.
 */
export async function signInRateLimit(identity: string, limits: RateLimits = getRateLimits()): Promise<Response | null> {
  if (!limits.config.enabled) return null;
  const decision = await limits.signIn.take(hashCredential(identity));
  if (decision.allowed) return null;
  return new Response(rateLimitedBody(decision, false), {
    status: 429,
    headers: { ...rateLimitHeaders(decision), "content-type": "application/json; charset=utf-8" },
  });
}
