import Redis from "ioredis";
import type { PendingOp } from "./pending-writes";
import { hitRate, type RedisState, type RedisTierStats } from "./types";

export interface RedisTierOptions {
  url: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  reconnectMaxDelayMs: number;
  /** Namespaces our keys inside a Redis that other services may share. */
  keyPrefix: string;
  onReady: () => void;
}

export interface RedisEntry {
  json: string;
  /** Remaining lifetime in Redis, or null if the key has no expiry. */
  ttlMs: number | null;
}

export interface WriteOutcome {
  /** Applied, or pointless to retry (already expired). */
  done: PendingOp[];
  /** Rejected by Redis itself (e.g. OOM); retrying would fail the same way. */
  rejected: PendingOp[];
  /** Connection trouble; keep queued and try again later. */
  retry: PendingOp[];
}

interface ServerSnapshot {
  usedMemory: number | null;
  keys: number | null;
  evictedKeys: number | null;
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`Redis call exceeded ${ms} ms`);
    this.name = "DeadlineError";
  }
}

/**
 * ioredis enforces commandTimeout per command; this extra guard also bounds
 * work spanning several commands and any path where the option does not apply,
 * so the caller's worst case is a known number.
 */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  // The loser of the race may still reject later; swallow it so it is not "unhandled".
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isReplyError(err: Error): boolean {
  return err.name === "ReplyError";
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function infoField(info: string, field: string): number | null {
  const match = new RegExp(`^${field}:(\\d+)`, "m").exec(info);
  return match ? Number(match[1]) : null;
}

/**
 * Redis behind a "never throw, never wait long" contract: every method
 * reports failure as a return value, records the error, and gives up after
 * roughly the command timeout. Callers fall back to the memory tier.
 */
export class RedisTier {
  private client: Redis | null = null;
  private stateValue: RedisState = "connecting";
  private closed = false;
  private hits = 0;
  private misses = 0;
  private errors = 0;
  private lastError: string | null = null;
  private lastErrorAt: string | null = null;
  private latencyMs: number | null = null;
  private server: ServerSnapshot = { usedMemory: null, keys: null, evictedKeys: null };
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly options: RedisTierOptions) {}

  get state(): RedisState {
    return this.stateValue;
  }

  isReady(): boolean {
    return this.stateValue === "ready" && this.client?.status === "ready";
  }

  /** Creates and connects the client on first use, so importing the cache opens no sockets. */
  start(): void {
    if (this.client || this.closed) return;
    const { commandTimeoutMs, connectTimeoutMs, reconnectMaxDelayMs } = this.options;
    const client = new Redis(this.options.url, {
      lazyConnect: true,
      // Fail fast instead of parking commands while disconnected; the pending-write
      // queue is the only place where work waits for Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: commandTimeoutMs,
      connectTimeout: connectTimeoutMs,
      // Never give up: a cache that stops reconnecting stays degraded until a restart.
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), reconnectMaxDelayMs) + Math.floor(Math.random() * 50),
    });
    client.on("ready", () => this.markReady());
    client.on("error", (err: Error) => this.recordError(err));
    client.on("close", () => {
      if (this.closed) return;
      // A clean shutdown of the server emits no "error", but losing it is one for us.
      if (this.stateValue === "ready") this.recordError(new Error("Redis connection lost"));
      this.stateValue = "down";
    });
    this.client = client;
    // The cause is reported by the "error" event; this rejection only says "Connection is closed".
    client.connect().catch(() => undefined);
  }

  private markReady(): void {
    this.stateValue = "ready";
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
    this.options.onReady();
  }

  recordError(err: unknown): void {
    this.errors += 1;
    this.lastError = err instanceof Error ? err.message : String(err);
    this.lastErrorAt = new Date().toISOString();
  }

  /**
   * Only the very first connection is waited for (bounded by the command
   * timeout), so a freshly started instance can read what others cached.
   * Once Redis has been seen down, reads skip it until it reconnects.
   */
  private async usable(): Promise<boolean> {
    this.start();
    if (this.isReady()) return true;
    if (this.stateValue !== "connecting" || this.closed) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.commandTimeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.isReady();
  }

  private redisKey(key: string): string {
    return this.options.keyPrefix + key;
  }

  /** One round trip for all keys. Returns null when Redis could not answer. */
  async getMany(keys: readonly string[]): Promise<Array<RedisEntry | null> | null> {
    if (keys.length === 0) return [];
    if (!(await this.usable()) || !this.client) return null;
    try {
      const pipeline = this.client.pipeline();
      for (const key of keys) pipeline.get(this.redisKey(key)).pttl(this.redisKey(key));
      const replies = await withDeadline(pipeline.exec(), this.options.commandTimeoutMs + 20);
      if (!replies) throw new Error("Redis pipeline returned no replies");
      return keys.map((_, i) => {
        const [getErr, json] = replies[2 * i];
        const [, pttl] = replies[2 * i + 1];
        if (getErr) throw getErr;
        if (typeof json !== "string") {
          this.misses += 1;
          return null;
        }
        this.hits += 1;
        return { json, ttlMs: typeof pttl === "number" && pttl > 0 ? pttl : null };
      });
    } catch (err) {
      this.recordError(err);
      return null;
    }
  }

  /** Applies queued ops; never throws. */
  async write(batch: readonly PendingOp[]): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { done: [], rejected: [], retry: [] };
    if (!this.isReady() || !this.client) {
      outcome.retry.push(...batch);
      return outcome;
    }
    const first = batch[0];
    if (batch.length === 1 && first.kind === "clear") {
      try {
        await this.clearPrefix(first.prefix);
        outcome.done.push(first);
      } catch (err) {
        this.recordError(err);
        outcome.retry.push(first);
      }
      return outcome;
    }
    const now = Date.now();
    const sent: PendingOp[] = [];
    const pipeline = this.client.pipeline();
    for (const op of batch) {
      if (op.kind === "set") {
        const remaining = op.expiresAt - now;
        if (remaining <= 0) {
          outcome.done.push(op);
          continue;
        }
        pipeline.set(this.redisKey(op.key), op.json, "PX", remaining);
      } else if (op.kind === "del") {
        pipeline.del(this.redisKey(op.key));
      } else {
        // peekBatch never mixes clears into a batch; retry keeps it safe if that changes.
        outcome.retry.push(op);
        continue;
      }
      sent.push(op);
    }
    if (sent.length === 0) return outcome;
    try {
      const replies = await withDeadline(pipeline.exec(), this.options.commandTimeoutMs + 50);
      if (!replies) throw new Error("Redis pipeline returned no replies");
      sent.forEach((op, i) => {
        const err = replies[i]?.[0];
        if (!err) outcome.done.push(op);
        else {
          this.recordError(err);
          (isReplyError(err) ? outcome.rejected : outcome.retry).push(op);
        }
      });
    } catch (err) {
      this.recordError(err);
      outcome.retry.push(...sent);
    }
    return outcome;
  }

  /** SCAN rather than KEYS so a large keyspace never blocks the shared server. */
  private async clearPrefix(prefix: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error("Redis client not started");
    const pattern = `${escapeGlob(this.redisKey(prefix))}*`;
    let cursor = "0";
    do {
      const [next, keys] = await withDeadline(
        client.scan(cursor, "MATCH", pattern, "COUNT", 500),
        this.options.commandTimeoutMs + 20,
      );
      if (keys.length > 0) await withDeadline(client.unlink(...keys), this.options.commandTimeoutMs + 20);
      cursor = next;
    } while (cursor !== "0");
  }

  /** PING latency and INFO figures; stats() stays synchronous by reading this snapshot. */
  async refreshServerStats(): Promise<void> {
    if (!this.isReady() || !this.client) return;
    try {
      const started = performance.now();
      await withDeadline(this.client.ping(), this.options.commandTimeoutMs + 20);
      this.latencyMs = performance.now() - started;
      const info = await withDeadline(this.client.info(), this.options.commandTimeoutMs + 20);
      const db = this.client.options.db ?? 0;
      const keyspace = new RegExp(`^db${db}:keys=(\\d+)`, "m").exec(info);
      this.server = {
        usedMemory: infoField(info, "used_memory"),
        keys: keyspace ? Number(keyspace[1]) : 0,
        evictedKeys: infoField(info, "evicted_keys"),
      };
    } catch (err) {
      this.recordError(err);
    }
  }

  stats(): RedisTierStats {
    const connected = this.isReady();
    return {
      state: this.stateValue,
      hits: this.hits,
      misses: this.misses,
      hitRate: hitRate(this.hits, this.misses),
      entries: connected ? this.server.keys : null,
      evictions: connected ? this.server.evictedKeys : null,
      memoryBytes: connected ? this.server.usedMemory : null,
      latencyMs: this.latencyMs,
      errors: this.errors,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    if (!client) return;
    if (client.status === "ready") {
      await withDeadline(client.quit(), 500).catch(() => undefined);
    }
    client.disconnect();
  }
}
