import { LRUCache } from "lru-cache";
import { hitRate, type TierStats } from "./types";

export interface MemoryTierOptions {
  maxEntries: number;
  maxBytes: number;
}

/**
 * The in-process tier. Values are kept as their JSON text rather than as
 * objects: the size bound is then exact (bytes of the text), and every reader
 * gets its own parsed copy, so a caller mutating a result cannot corrupt what
 * the next request sees.
 */
export class MemoryTier {
  private readonly lru: LRUCache<string, string>;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: MemoryTierOptions) {
    this.lru = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (json) => Math.max(1, Buffer.byteLength(json, "utf8")),
      dispose: (_value, _key, reason) => {
        if (reason === "evict") this.evictions += 1;
      },
    });
  }

  /** Records a hit or miss; use peek() for lookups that are not reader traffic. */
  get(key: string): string | undefined {
    const json = this.lru.get(key);
    if (json === undefined) this.misses += 1;
    else this.hits += 1;
    return json;
  }

  /** No hit/miss accounting and no recency bump. */
  has(key: string): boolean {
    return this.lru.has(key);
  }

  set(key: string, json: string, ttlMs: number): void {
    // An entry larger than the whole byte budget is refused by lru-cache; that is
    // the intended outcome (it still goes to Redis), so it needs no handling here.
    this.lru.set(key, json, { ttl: Math.max(1, Math.floor(ttlMs)) });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  deletePrefix(prefix: string): number {
    let removed = 0;
    // Collect first: deleting while iterating an LRU reorders it.
    for (const key of [...this.lru.keys()]) {
      if (key.startsWith(prefix)) {
        this.lru.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  stats(): TierStats {
    // purgeStale so `entries` does not count items that could never be served again.
    this.lru.purgeStale();
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: hitRate(this.hits, this.misses),
      entries: this.lru.size,
      evictions: this.evictions,
      memoryBytes: this.lru.calculatedSize,
    };
  }
}
