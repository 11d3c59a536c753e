import { getPrisma, type Db } from "../lib/db/client";
import { resolveDatabaseUrl } from "../lib/db/url";
import { TwoTierCache } from "../lib/cache";
import type { DeferredWriter } from "../lib/db/deferred-writer";
import { PredictService, type PredictionLogEntry } from "../lib/scoring/predict-service";
import { createPredictionLog, predictionLogEnabled } from "../lib/scoring/prediction-log";
import { ServedModel } from "../lib/scoring/served-model";
import { auditWriterFor, type AuditEntry } from "../lib/audit/audit-trail";
import { authenticate, InvalidApiKeyError, requestIdOf, sameOrigin, type RequestHeaders } from "../lib/auth/authenticate";
import type { Principal } from "../lib/auth/principal";
import { GraphQLError } from "graphql";
import { unauthenticated } from "./access";
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
  /** The caller; null only outside requests that passed authentication (never in resolvers). */
  principal: Principal | null;
  requestId: string;
  /** Records a read of participant-level data; resolves once the record is committed. */
  auditRead: (entry: Omit<AuditEntry, "requestId">) => Promise<void>;
}

/** Who is calling and under which request id. */
export interface RequestAccess {
  principal: Principal | null;
  requestId: string;
}

function auditReader(db: Db, access: RequestAccess): GraphQLContext["auditRead"] {
  return (entry) => (access.principal ? auditWriterFor(db.prisma).record(access.principal, { ...entry, requestId: access.requestId }) : Promise.reject(new Error("no caller to record the read for")));
}

// One served-model holder per process (its session is reused across requests).
const holder = globalThis as unknown as {
  __retainServed?: ServedModel;
  __retainPredictor?: PredictService;
  __retainCache?: TwoTierCache;
  __retainPredictionLog?: DeferredWriter<PredictionLogEntry> | null;
};

export function createContext(db: Db = { url: resolveDatabaseUrl(), prisma: getPrisma() }, access: RequestAccess = { principal: null, requestId: "" }): GraphQLContext {
  const served = (holder.__retainServed ??= new ServedModel(db.prisma));
  const cache = (holder.__retainCache ??= TwoTierCache.fromEnv());
  if (holder.__retainPredictionLog === undefined) holder.__retainPredictionLog = predictionLogEnabled() ? createPredictionLog(db.url) : null;
  const predictionLog = holder.__retainPredictionLog;
  const predictor = (holder.__retainPredictor ??= new PredictService(served, cache, predictionLog));
  return { db, served, cache, predictor, predictionLog, loaders: createLoaders(db, served), ...access, auditRead: auditReader(db, access) };
}

/**
 * The context of an API request: the caller from its API key or session cookie (401 without a
 * valid one), and for cookie-authenticated POSTs a same-origin check (403), since a browser sends
 * cookies along with requests that other sites start.
 */
export async function authenticatedContext(db: Db, method: string, headers: RequestHeaders): Promise<GraphQLContext> {
  let auth;
  try {
    auth = await authenticate(db.prisma, headers);
  } catch (err) {
    if (err instanceof InvalidApiKeyError) throw unauthenticated(err.message);
    throw err;
  }
  if (!auth.principal) throw unauthenticated();
  if (auth.via === "session" && method !== "GET" && !sameOrigin(headers)) {
    throw new GraphQLError("cross-site request refused: a request made with the dashboard's session must come from its own pages (Origin header)", { extensions: { code: "FORBIDDEN", http: { status: 403 } } });
  }
  return createContext(db, { principal: auth.principal, requestId: requestIdOf(headers) });
}

/** A context on its own database, served model and cache, for tests and scripts. */
export function createIsolatedContext(db: Db, cache: TwoTierCache = new TwoTierCache(), predictionLog: DeferredWriter<PredictionLogEntry> | null = null, access: RequestAccess = { principal: null, requestId: "" }): GraphQLContext {
  const served = new ServedModel(db.prisma);
  return { db, served, cache, predictor: new PredictService(served, cache, predictionLog), predictionLog, loaders: createLoaders(db, served), ...access, auditRead: auditReader(db, access) };
}
