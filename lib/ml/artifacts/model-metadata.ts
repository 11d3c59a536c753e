import type { FeatureSpec } from "../dataset/schema";
import type { BinaryEvaluation } from "../metrics/evaluate";
import type { RiskThresholds } from "../../scoring/risk-tiers";

export type ModelSource = "trained" | "imported";
export type ParamValue = string | number | boolean;

/** `model.json`: everything needed to encode rows for a model and to judge it, besides its trees. */
export interface ModelMetadata {
  formatVersion: 1;
  version: string;
  source: ModelSource;
  createdAt: string;
  /** Name of the binary label column the model predicts. */
  label: string;
  /** Features in model order, with category lists (category text → integer code by position). */
  features: FeatureSpec[];
  /** Training parameters (LightGBM names); for imported models, those in the model file. */
  parameters: Record<string, ParamValue>;
  /** Held-out evaluation, when the model was evaluated. */
  metrics: BinaryEvaluation | null;
  /** Decision threshold used for the classification metrics. */
  threshold: number;
  dataFingerprint: string | null;
  data: {
    file: string | null;
    rows: number;
    trainRows: number;
    validationRows: number;
    positives: number;
    ignoredColumns: string[];
  } | null;
  training: {
    numTrees: number;
    bestIteration: number;
    seconds: number;
    /** Validation log loss per iteration, for learning curves. */
    validLogloss: number[];
  } | null;
  /** Lower bounds of the medium/high/critical risk tiers, from the training score distribution. */
  riskThresholds: RiskThresholds | null;
  /** ONNX graph interface of `model.onnx`. */
  onnx: { file: string; input: string; probabilityOutput: string; inputType: "double" | "float" };
}
