import { getPrisma, openDb, type Db } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { PredictService } from "../lib/scoring/predict-service";
import { ServedModel } from "../lib/scoring/served-model";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver gets: the database, the process's served model, and per-request loaders. */
export interface GraphQLContext {
  db: Db;
  served: ServedModel;
  /** Shared by all requests of the process, so concurrent predictions share model calls. */
  predictor: PredictService;
  loaders: Loaders;
}

// One served-model holder per process (its session is reused across requests).
const holder = globalThis as unknown as { __retainServed?: ServedModel; __retainPredictor?: PredictService };

export function createContext(db: Db = { url: resolveDatabaseUrl(), prisma: getPrisma() }): GraphQLContext {
  const served = (holder.__retainServed ??= new ServedModel(db.prisma));
  const predictor = (holder.__retainPredictor ??= new PredictService(served));
  return { db, served, predictor, loaders: createLoaders(db, served) };
}

/** A context on its own database and served model, for tests and scripts. */
export function createIsolatedContext(url: string): GraphQLContext {
  const db = openDb(url);
  const served = new ServedModel(db.prisma);
  return { db, served, predictor: new PredictService(served), loaders: createLoaders(db, served) };
}
