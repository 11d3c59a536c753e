export { TwoTierCache, type TwoTierCacheOptions, type CacheEntry, type CacheKind } from "./two-tier-cache";
export { cacheKey, cacheKeyPrefix, canonicalJson, hashInput } from "./key";
export { loadCacheConfig, CacheConfigError, DEFAULT_CACHE_CONFIG, type CacheConfig } from "./config";
export type { CacheHit, CacheStats, TierStats, RedisTierStats, RedisState, CacheHealth, Tier } from "./types";
