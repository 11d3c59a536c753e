/** LightGBM-compatible gradient-boosted tree trainer (binary objective). */
export { trainBooster } from "./train";
export type {
  EvalRecord,
  ProgressCallback,
  TrainInput,
  TrainOptions,
  TrainResult,
  TrainTimings,
  ValidationInput,
} from "./train";
export {
  DEFAULT_TRAIN_PARAMS,
  TrainParamError,
  canonicalParamName,
  parseTrainParams,
  resolveTrainParams,
} from "./params";
export type { TrainParams } from "./params";
export type { FeatureMatrix, MatrixLayout } from "./dataset";
