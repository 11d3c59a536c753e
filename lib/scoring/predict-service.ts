import { randomBytes } from "node:crypto";
import { cacheKey, type TwoTierCache } from "../cache";
import { predictRows, VALUE_FIELDS, type RowPrediction } from "./predict-rows";
import type { ServedModel } from "./served-model";
import { MicroBatcher } from "./micro-batcher";
import { InvalidParticipantInput, validateParticipants } from "./validate-participant";

export type ServedPrediction = RowPrediction;
type Row = Readonly<Record<string, unknown>>;

type CachedPrediction = Omit<ServedPrediction, "computedAt" | "cached"> & { computedAt: string };

/** One served prediction as the prediction log records it. */
export interface PredictionLogEntry {
  /** Unique across instances and restarts (see newLogEntryId): a batch written twice lands once. */
  entryId: string;
  at: Date;
  modelVersion: string;
  inputHash: string;
  churnProbability: number;
  riskTier: string;
  clv: number;
  cached: boolean;
  source: "predict" | "predictBatch";
}

export interface PredictionLogSink {
  add(entries: readonly PredictionLogEntry[]): void;
}

// A random prefix per process and a counter: cheaper than a UUID per row, and just as unique.
const entryIdPrefix = randomBytes(9).toString("base64url");
let entrySeq = 0;

/** A prediction log entry id made at serve time: `<random process prefix>.<sequence>`. */
export function newLogEntryId(): string {
  entrySeq += 1;
  return `${entryIdPrefix}.${entrySeq.toString(36)}`;
}

function logEntry(p: ServedPrediction, source: PredictionLogEntry["source"], at: Date): PredictionLogEntry {
  return { entryId: newLogEntryId(), at, modelVersion: p.modelVersion, inputHash: p.inputHash, churnProbability: p.churnProbability, riskTier: p.riskTier, clv: p.clv, cached: p.cached, source };
}

/**
 * Single-participant predictions for the API. Each input is validated on its own first (a bad
 * input fails only its own call), then looked up in the cache (keyed by model version and the
 * input's canonical hash, so a promotion never serves stale results), and the misses of
 * concurrent calls share one onnxruntime call. Cache fills and the prediction log are written
 * after the response.
 */
export class PredictService {
  private readonly batcher: MicroBatcher<Row, ServedPrediction>;

  constructor(
    private readonly served: ServedModel,
    private readonly cache: TwoTierCache | null = null,
    private readonly log: PredictionLogSink | null = null,
  ) {
    this.batcher = new MicroBatcher((rows) => this.compute(rows));
  }

  get batchStats(): { batches: number; items: number } {
    return this.batcher.stats;
  }

  async predictOne(input: Row): Promise<ServedPrediction> {
    const prediction = await this.lookupOrCompute(input);
    this.log?.add([logEntry(prediction, "predict", new Date())]);
    return prediction;
  }

  async predictMany(rows: readonly Row[]): Promise<ServedPrediction[]> {
    const predictions = await this.compute(rows);
    if (this.log) {
      const at = new Date();
      this.log.add(predictions.map((p) => logEntry(p, "predictBatch", at)));
    }
    return predictions;
  }

  private async lookupOrCompute(input: Row): Promise<ServedPrediction> {
    const model = await this.served.get();
    const problems = validateParticipants([input], model.metadata.features, VALUE_FIELDS);
    if (problems.length > 0) throw new InvalidParticipantInput(problems);
    if (!this.cache) return this.batcher.submit(input);
    const key = cacheKey("prediction", model.version, input);
    const hit = await this.cache.get<CachedPrediction>(key);
    if (hit) return { ...hit.value, computedAt: new Date(hit.value.computedAt), cached: true };
    const fresh = await this.batcher.submit(input);
    const { cached: _cached, ...rest } = fresh;
    void this.cache.set(key, { ...rest, computedAt: fresh.computedAt.toISOString() }, this.cache.ttlFor("prediction"));
    return fresh;
  }

  private async compute(rows: readonly Row[]): Promise<ServedPrediction[]> {
    return predictRows(await this.served.get(), rows);
  }
}
