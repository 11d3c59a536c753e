import { getPrisma, type Db } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { TwoTierCache } from "../lib/cache";
import { PredictService } from "../lib/scoring/predict-service";
import { ServedModel } from "../lib/scoring/served-model";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver gets: the database, the process's served model, and per-request loaders. */
export interface GraphQLContext {
  db: Db;
  served: ServedModel;
  cache: TwoTierCache;
  /** Shared by all requests of the process, so concurrent predictions share model calls. */
  predictor: PredictService;
  loaders: Loaders;
}

// One served-model holder per process (its session is reused across requests).
const holder = globalThis as unknown as { __retainServed?: ServedModel; __retainPredictor?: PredictService; __retainCache?: TwoTierCache };

export function createContext(db: Db = { url: resolveDatabaseUrl(), prisma: getPrisma() }): GraphQLContext {
  const served = (holder.__retainServed ??= new ServedModel(db.prisma));
  const cache = (holder.__retainCache ??= TwoTierCache.fromEnv());
  const predictor = (holder.__retainPredictor ??= new PredictService(served, cache));
  return { db, served, cache, predictor, loaders: createLoaders(db, served) };
}

/** A context on its own database, served model and cache, for tests and scripts. */
export function createIsolatedContext(db: Db, cache: TwoTierCache = new TwoTierCache()): GraphQLContext {
  const served = new ServedModel(db.prisma);
  return { db, served, cache, predictor: new PredictService(served, cache), loaders: createLoaders(db, served) };
}
