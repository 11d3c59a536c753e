/**
 * Export of a binary LightGBM booster to ONNX, scored with onnxruntime.
 *
 * Graph input:
 *   - `input`: [N, numFeatures], double (default) or float, features in model order; NaN is a
 *     missing value, categorical features hold their integer category codes.
 * Graph outputs (same element type as the input, shape [N, 1]):
 *   - `raw`: the raw score (log-odds), LightGBM's `raw_score=True` output;
 *   - `probability`: probability of class 1, 1 / (1 + exp(-sigmoid * raw));
 *   - `label` (int64): 1 when probability > 0.5, else 0 (LightGBM's class prediction).
 *
 * Operators: ai.onnx.ml opset 5 `TreeEnsemble` (ONNX 1.16, IR version 10). It is the only tree
 * operator whose output can be double, and its `nodes_splits` / `leaf_weights` are tensors of the
 * input type, so with double input every threshold and leaf value is LightGBM's own double and
 * every path matches LightGBM. Its BRANCH_MEMBER mode carries categorical splits as sets.
 * (The opset 3 TreeEnsembleRegressor accepts double thresholds via `nodes_values_as_tensor` but
 * always outputs float, which caps precision near 1e-7.)
 *
 * LightGBM truncates categorical values toward zero before the set test (2.7 is category 2,
 * -0.5 is category 0), while BRANCH_MEMBER compares exact values. The graph therefore appends a
 * truncated copy of each categorical column (sign(x) * floor(|x|)) and points categorical splits
 * at it. NaN, negative and unseen categories fail the membership test and go right, as in
 * LightGBM. Numeric splits with missing type Zero become short comparison chains (./numeric-split).
 *
 * With `inputType: "float"` all thresholds are rounded so that float comparisons decide exactly
 * as LightGBM's double comparisons would for the same float32 input values; leaf values and
 * outputs are float32 then, so scores carry float32 rounding (about 1e-7).
 */
import { logisticTransform } from "../model/objective";
import type { Booster } from "../model/types";
import {
  type AttributeSpec,
  ElemType,
  type NodeSpec,
  doubleTensor,
  encodeModel,
  floatTensor,
  int64Tensor,
  uint8Tensor,
} from "./onnx-proto";
import { type SplitPrecision, buildEnsemble, categoricalFeatures } from "./tree-ensemble";

export interface OnnxExportOptions {
  /** Element type of `input` and of the `raw`/`probability` outputs. Default "double". */
  inputType?: SplitPrecision;
  /** Graph name. Default "lightgbm_binary". */
  graphName?: string;
}

export const ONNX_INPUT = "input";
export const ONNX_OUTPUT_RAW = "raw";
export const ONNX_OUTPUT_PROBABILITY = "probability";
export const ONNX_OUTPUT_LABEL = "label";

const ML_DOMAIN = "ai.onnx.ml";
const IR_VERSION = 10;
const ONNX_OPSET = 21;
const ML_OPSET = 5;

/** Nodes that append truncated copies of the categorical columns to the input. */
function categoryTruncationNodes(columns: number[]): NodeSpec[] {
  return [
    { opType: "Constant", inputs: [], outputs: ["category_columns"], attributes: [{ name: "value", kind: "tensor", value: int64Tensor(columns) }] },
    { opType: "Gather", inputs: [ONNX_INPUT, "category_columns"], outputs: ["category_values"], attributes: [{ name: "axis", kind: "int", value: 1 }] },
    { opType: "Abs", inputs: ["category_values"], outputs: ["category_abs"] },
    { opType: "Floor", inputs: ["category_abs"], outputs: ["category_floor"] },
    { opType: "Sign", inputs: ["category_values"], outputs: ["category_sign"] },
    { opType: "Mul", inputs: ["category_sign", "category_floor"], outputs: ["category_codes"] },
    { opType: "Concat", inputs: [ONNX_INPUT, "category_codes"], outputs: ["features"], attributes: [{ name: "axis", kind: "int", value: 1 }] },
  ];
}

export function boosterToOnnx(booster: Booster, opts: OnnxExportOptions = {}): Uint8Array {
  if (booster.numClass !== 1 || booster.numTreePerIteration !== 1) throw new Error("ONNX export supports binary models only");
  const { sigmoid } = logisticTransform(booster.objective);
  const precision = opts.inputType ?? "double";
  const elemType = precision === "double" ? ElemType.DOUBLE : ElemType.FLOAT;
  const valueTensor = (values: number[], dims?: number[]) => (precision === "double" ? doubleTensor(values, dims) : floatTensor(values, dims));
  const numFeatures = booster.maxFeatureIdx + 1;

  const catFeatures = categoricalFeatures(booster);
  const categoryColumn = new Map(catFeatures.map((feature, j) => [feature, numFeatures + j]));
  const ensemble = buildEnsemble(booster, precision, categoryColumn);
  const nodes: NodeSpec[] = [];
  let treeInput = ONNX_INPUT;
  if (catFeatures.length > 0) {
    nodes.push(...categoryTruncationNodes(catFeatures));
    treeInput = "features";
  }

  const attributes: AttributeSpec[] = [
    { name: "n_targets", kind: "int", value: 1 },
    { name: "aggregate_function", kind: "int", value: 1 },
    { name: "post_transform", kind: "int", value: 0 },
    { name: "tree_roots", kind: "ints", value: ensemble.treeRoots },
    { name: "nodes_featureids", kind: "ints", value: ensemble.featureIds },
    { name: "nodes_modes", kind: "tensor", value: uint8Tensor(ensemble.modes) },
    { name: "nodes_splits", kind: "tensor", value: valueTensor(ensemble.splits) },
    { name: "nodes_truenodeids", kind: "ints", value: ensemble.trueIds },
    { name: "nodes_trueleafs", kind: "ints", value: ensemble.trueLeafs },
    { name: "nodes_falsenodeids", kind: "ints", value: ensemble.falseIds },
    { name: "nodes_falseleafs", kind: "ints", value: ensemble.falseLeafs },
    { name: "nodes_missing_value_tracks_true", kind: "ints", value: ensemble.missingTracksTrue },
    { name: "leaf_targetids", kind: "ints", value: new Array<number>(ensemble.leafWeights.length).fill(0) },
    { name: "leaf_weights", kind: "tensor", value: valueTensor(ensemble.leafWeights) },
  ];
  if (ensemble.membershipValues.length > 0) {
    attributes.push({ name: "membership_values", kind: "tensor", value: valueTensor(ensemble.membershipValues) });
  }
  nodes.push({ opType: "TreeEnsemble", domain: ML_DOMAIN, name: "lightgbm_trees", inputs: [treeInput], outputs: [ONNX_OUTPUT_RAW], attributes });

  let logit = ONNX_OUTPUT_RAW;
  if (sigmoid !== 1) {
    nodes.push({ opType: "Constant", inputs: [], outputs: ["sigmoid_scale"], attributes: [{ name: "value", kind: "tensor", value: valueTensor([sigmoid], []) }] });
    nodes.push({ opType: "Mul", inputs: [ONNX_OUTPUT_RAW, "sigmoid_scale"], outputs: ["scaled_raw"] });
    logit = "scaled_raw";
  }
  nodes.push({ opType: "Sigmoid", inputs: [logit], outputs: [ONNX_OUTPUT_PROBABILITY] });
  nodes.push({ opType: "Constant", inputs: [], outputs: ["half"], attributes: [{ name: "value", kind: "tensor", value: valueTensor([0.5], []) }] });
  nodes.push({ opType: "Greater", inputs: [ONNX_OUTPUT_PROBABILITY, "half"], outputs: ["is_positive"] });
  nodes.push({ opType: "Cast", inputs: ["is_positive"], outputs: [ONNX_OUTPUT_LABEL], attributes: [{ name: "to", kind: "int", value: ElemType.INT64 }] });

  return encodeModel({
    irVersion: IR_VERSION,
    opsets: [
      { domain: "", version: ONNX_OPSET },
      { domain: ML_DOMAIN, version: ML_OPSET },
    ],
    producerName: "retain",
    producerVersion: "1",
    docString: "LightGBM binary classifier exported by Retain",
    metadata: [
      ["feature_names", booster.featureNames.join(" ")],
      ["objective", booster.objective],
    ],
    graph: {
      name: opts.graphName ?? "lightgbm_binary",
      nodes,
      inputs: [{ name: ONNX_INPUT, elemType, shape: ["N", numFeatures] }],
      outputs: [
        { name: ONNX_OUTPUT_RAW, elemType, shape: ["N", 1] },
        { name: ONNX_OUTPUT_PROBABILITY, elemType, shape: ["N", 1] },
        { name: ONNX_OUTPUT_LABEL, elemType: ElemType.INT64, shape: ["N", 1] },
      ],
    },
  });
}
