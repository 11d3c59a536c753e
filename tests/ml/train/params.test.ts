import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRAIN_PARAMS,
  TrainParamError,
  canonicalParamName,
  parseTrainParams,
  resolveTrainParams,
} from "@/lib/ml/train";

describe("parseTrainParams", () => {
  it("fills LightGBM's defaults", () => {
    expect(parseTrainParams({})).toEqual({
      num_iterations: 100,
      learning_rate: 0.1,
      num_leaves: 31,
      max_depth: -1,
      min_data_in_leaf: 20,
      min_sum_hessian_in_leaf: 1e-3,
      lambda_l1: 0,
      lambda_l2: 0,
      min_gain_to_split: 0,
      max_bin: 255,
      min_data_in_bin: 3,
      feature_fraction: 1,
      bagging_fraction: 1,
      bagging_freq: 0,
      scale_pos_weight: 1,
      is_unbalance: false,
      seed: null,
      early_stopping_round: 0,
      max_cat_threshold: 32,
      cat_smooth: 10,
      cat_l2: 10,
      min_data_per_group: 100,
      max_cat_to_onehot: 4,
      boost_from_average: true,
      sigmoid: 1,
    });
    expect(resolveTrainParams()).toEqual(DEFAULT_TRAIN_PARAMS);
  });

  it("accepts LightGBM aliases and string values", () => {
    const p = parseTrainParams({
      n_estimators: "250",
      eta: 0.05,
      num_leaf: 63,
      min_child_samples: "10",
      reg_alpha: "0.5",
      reg_lambda: 2,
      subsample: 0.8,
      subsample_freq: 1,
      colsample_bytree: "0.7",
      min_child_weight: 0.01,
      min_split_gain: 0.1,
      max_bins: 127,
      random_state: 42,
      early_stopping_rounds: 10,
      unbalance: "true",
      objective: "binary",
    });
    expect(p).toMatchObject({
      num_iterations: 250,
      learning_rate: 0.05,
      num_leaves: 63,
      min_data_in_leaf: 10,
      lambda_l1: 0.5,
      lambda_l2: 2,
      bagging_fraction: 0.8,
      bagging_freq: 1,
      feature_fraction: 0.7,
      min_sum_hessian_in_leaf: 0.01,
      min_gain_to_split: 0.1,
      max_bin: 127,
      seed: 42,
      early_stopping_round: 10,
      is_unbalance: true,
    });
    expect(parseTrainParams({ num_boost_round: 7 }).num_iterations).toBe(7);
    expect(parseTrainParams({ boost_from_average: "false" }).boost_from_average).toBe(false);
    expect(canonicalParamName("eta")).toBe("learning_rate");
    expect(canonicalParamName("header")).toBeUndefined();
  });

  it("names the parameter and the allowed range in errors", () => {
    expect(() => parseTrainParams({ learning_rate: 0 })).toThrow(/"learning_rate".*a number > 0/);
    expect(() => parseTrainParams({ eta: -1 })).toThrow(/"learning_rate" \(given as "eta"\)/);
    expect(() => parseTrainParams({ num_leaves: 1 })).toThrow(/"num_leaves".*1 < num_leaves <= 131072/);
    expect(() => parseTrainParams({ num_leaves: "7.5" })).toThrow(/"num_leaves"/);
    expect(() => parseTrainParams({ bagging_fraction: 1.5 })).toThrow(/"bagging_fraction".*0 < bagging_fraction <= 1/);
    expect(() => parseTrainParams({ feature_fraction: 0 })).toThrow(/"feature_fraction"/);
    expect(() => parseTrainParams({ max_bin: 1 })).toThrow(/"max_bin"/);
    expect(() => parseTrainParams({ min_data_in_leaf: -1 })).toThrow(/"min_data_in_leaf".*>= 0/);
    expect(() => parseTrainParams({ lambda_l2: "abc" })).toThrow(/"lambda_l2"/);
    expect(() => parseTrainParams({ is_unbalance: "maybe" })).toThrow(/"is_unbalance".*true or false/);
    expect(() => parseTrainParams({ sigmoid: 0 })).toThrow(/"sigmoid"/);
    expect(() => parseTrainParams({ early_stopping_round: -2 })).toThrow(/"early_stopping_round"/);
  });

  it("rejects unknown names, duplicates and conflicts", () => {
    expect(() => parseTrainParams({ num_leafs: 10 })).toThrow(TrainParamError);
    expect(() => parseTrainParams({ num_leafs: 10 })).toThrow(/Unknown parameter "num_leafs"/);
    expect(() => parseTrainParams({ eta: 0.1, learning_rate: 0.2 })).toThrow(/"learning_rate" is given twice/);
    expect(() => parseTrainParams({ objective: "regression" })).toThrow(/"objective".*"binary"/);
    expect(() => parseTrainParams({ is_unbalance: true, scale_pos_weight: 2 })).toThrow(/is_unbalance.*scale_pos_weight/);
  });
});

describe("resolveTrainParams", () => {
  it("validates typed partial parameters", () => {
    expect(resolveTrainParams({ num_leaves: 7, seed: 3 })).toMatchObject({ num_leaves: 7, seed: 3, max_bin: 255 });
    expect(() => resolveTrainParams({ num_leaves: 0 })).toThrow(/"num_leaves"/);
    expect(() => resolveTrainParams({ eta: 0.1 } as never)).toThrow(/use the LightGBM name "learning_rate"/);
    expect(() => resolveTrainParams({ is_unbalance: 1 } as never)).toThrow(/"is_unbalance"/);
    expect(() => resolveTrainParams({ lambda_l1: "1" } as never)).toThrow(/"lambda_l1"/);
  });
});
