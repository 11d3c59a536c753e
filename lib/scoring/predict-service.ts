import { predictRows, VALUE_FIELDS, type RowPrediction } from "./predict-rows";
import type { ServedModel } from "./served-model";
import { MicroBatcher } from "./micro-batcher";
import { InvalidParticipantInput, validateParticipants } from "./validate-participant";

export type ServedPrediction = RowPrediction & { modelVersion: string; computedAt: Date; cached: boolean };
type Row = Readonly<Record<string, unknown>>;

/**
 * Single-participant predictions for the API. Each input is validated on its own first (a bad
 * input fails only its own call), then concurrent calls share one onnxruntime call.
 */
export class PredictService {
  private readonly batcher: MicroBatcher<Row, ServedPrediction>;

  constructor(private readonly served: ServedModel) {
    this.batcher = new MicroBatcher((rows) => this.predictMany(rows));
  }

  get batchStats(): { batches: number; items: number } {
    return this.batcher.stats;
  }

  async predictOne(input: Row): Promise<ServedPrediction> {
    const model = await this.served.get();
    const problems = validateParticipants([input], model.metadata.features, VALUE_FIELDS);
    if (problems.length > 0) throw new InvalidParticipantInput(problems);
    return this.batcher.submit(input);
  }

  async predictMany(rows: readonly Row[]): Promise<ServedPrediction[]> {
    const model = await this.served.get();
    const computedAt = new Date();
    return (await predictRows(model, rows)).map((r) => ({ ...r, modelVersion: model.version, computedAt, cached: false }));
  }
}
