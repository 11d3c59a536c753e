import { getPrisma, type Db } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { TwoTierCache } from "../lib/cache";
import type { DeferredWriter } from "../lib/db/deferred-writer";
import { PredictService, type PredictionLogEntry } from "../lib/scoring/predict-service";
import { createPredictionLog, predictionLogEnabled } from "../lib/scoring/prediction-log";
import { ServedModel } from "../lib/scoring/served-model";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver gets: the database, the process's served model, and per-request loaders. */
export interface GraphQLContext {
  db: Db;
  served: ServedModel;
  cache: TwoTierCache;
  /** Shared by all requests of the process, so concurrent predictions share model calls. */
  predictor: PredictService;
  /** Served predictions, written in batches after the responses (null when PREDICTION_LOG=off). */
  predictionLog: DeferredWriter<PredictionLogEntry> | null;
  loaders: Loaders;
}

// One served-model holder per process (its session is reused across requests).
const holder = globalThis as unknown as {
  __retainServed?: ServedModel;
  __retainPredictor?: PredictService;
  __retainCache?: TwoTierCache;
  __retainPredictionLog?: DeferredWriter<PredictionLogEntry> | null;
};

export function createContext(db: Db = { url: resolveDatabaseUrl(), prisma: getPrisma() }): GraphQLContext {
  const served = (holder.__retainServed ??= new ServedModel(db.prisma));
  const cache = (holder.__retainCache ??= TwoTierCache.fromEnv());
  if (holder.__retainPredictionLog === undefined) holder.__retainPredictionLog = predictionLogEnabled() ? createPredictionLog(db.url) : null;
  const predictionLog = holder.__retainPredictionLog;
  const predictor = (holder.__retainPredictor ??= new PredictService(served, cache, predictionLog));
  return { db, served, cache, predictor, predictionLog, loaders: createLoaders(db, served) };
}

/** A context on its own database, served model and cache, for tests and scripts. */
export function createIsolatedContext(db: Db, cache: TwoTierCache = new TwoTierCache(), predictionLog: DeferredWriter<PredictionLogEntry> | null = null): GraphQLContext {
  const served = new ServedModel(db.prisma);
  return { db, served, cache, predictor: new PredictService(served, cache, predictionLog), predictionLog, loaders: createLoaders(db, served) };
}
