import { getPrisma, openDb, type Db } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { ServedModel } from "../lib/scoring/served-model";
import { createLoaders, type Loaders } from "./loaders";

/** What every resolver gets: the database, the process's served model, and per-request loaders. */
export interface GraphQLContext {
  db: Db;
  served: ServedModel;
  loaders: Loaders;
}

// One served-model holder per process (its session is reused across requests).
const holder = globalThis as unknown as { __retainServed?: ServedModel };

export function createContext(db: Db = { url: resolveDatabaseUrl(), prisma: getPrisma() }): GraphQLContext {
  holder.__retainServed ??= new ServedModel(db.prisma);
  return { db, served: holder.__retainServed, loaders: createLoaders(db, holder.__retainServed) };
}

/** A context on its own database and served model, for tests and scripts. */
export function createIsolatedContext(url: string): GraphQLContext {
  const db = openDb(url);
  const served = new ServedModel(db.prisma);
  return { db, served, loaders: createLoaders(db, served) };
}
