/**
 * The `parameters:` section of a LightGBM text model, in LightGBM's key order and value style
 * (`[key: value]`, doubles as `%g`, booleans as 0/1), describing this trainer's configuration.
 * Settings the trainer does not have are listed with LightGBM's defaults.
 */
import { formatG } from "./format";
import type { TrainParams } from "./params";
import type { DerivedSeeds } from "./random";

export interface ParameterContext {
  params: TrainParams;
  seeds: DerivedSeeds;
  /** Categorical feature indices. */
  categorical: number[];
}

function num(x: number): string {
  return formatG(x, 6);
}

function bool(x: boolean): string {
  return x ? "1" : "0";
}

export function boosterParameters(ctx: ParameterContext): Array<[string, string]> {
  const p = ctx.params;
  const s = ctx.seeds;
  return [
    ["boosting", "gbdt"],
    ["objective", "binary"],
    ["metric", "binary_logloss"],
    ["tree_learner", "serial"],
    ["device_type", "cpu"],
    ["data_sample_strategy", "bagging"],
    ["data", ""],
    ["valid", ""],
    ["num_iterations", String(p.num_iterations)],
    ["learning_rate", num(p.learning_rate)],
    ["num_leaves", String(p.num_leaves)],
    ["num_threads", "1"],
    ["seed", String(p.seed ?? 0)],
    ["deterministic", "1"],
    ["force_col_wise", "0"],
    ["force_row_wise", "1"],
    ["histogram_pool_size", "-1"],
    ["max_depth", String(p.max_depth)],
    ["min_data_in_leaf", String(p.min_data_in_leaf)],
    ["min_sum_hessian_in_leaf", num(p.min_sum_hessian_in_leaf)],
    ["bagging_fraction", num(p.bagging_fraction)],
    ["pos_bagging_fraction", "1"],
    ["neg_bagging_fraction", "1"],
    ["bagging_freq", String(p.bagging_freq)],
    ["bagging_seed", String(s.baggingSeed)],
    ["bagging_by_query", "0"],
    ["feature_fraction", num(p.feature_fraction)],
    ["feature_fraction_bynode", "1"],
    ["feature_fraction_seed", String(s.featureFractionSeed)],
    ["extra_trees", "0"],
    ["extra_seed", String(s.extraSeed)],
    ["early_stopping_round", String(p.early_stopping_round)],
    ["early_stopping_min_delta", "0"],
    ["first_metric_only", "0"],
    ["max_delta_step", "0"],
    ["lambda_l1", num(p.lambda_l1)],
    ["lambda_l2", num(p.lambda_l2)],
    ["linear_lambda", "0"],
    ["min_gain_to_split", num(p.min_gain_to_split)],
    ["drop_rate", "0.1"],
    ["max_drop", "50"],
    ["skip_drop", "0.5"],
    ["xgboost_dart_mode", "0"],
    ["uniform_drop", "0"],
    ["drop_seed", String(s.dropSeed)],
    ["top_rate", "0.2"],
    ["other_rate", "0.1"],
    ["min_data_per_group", String(p.min_data_per_group)],
    ["max_cat_threshold", String(p.max_cat_threshold)],
    ["cat_l2", num(p.cat_l2)],
    ["cat_smooth", num(p.cat_smooth)],
    ["max_cat_to_onehot", String(p.max_cat_to_onehot)],
    ["top_k", "20"],
    ["monotone_constraints", ""],
    ["monotone_constraints_method", "basic"],
    ["monotone_penalty", "0"],
    ["feature_contri", ""],
    ["forcedsplits_filename", ""],
    ["refit_decay_rate", "0.9"],
    ["cegb_tradeoff", "1"],
    ["cegb_penalty_split", "0"],
    ["cegb_penalty_feature_lazy", ""],
    ["cegb_penalty_feature_coupled", ""],
    ["path_smooth", "0"],
    ["interaction_constraints", ""],
    ["verbosity", "-1"],
    ["saved_feature_importance_type", "0"],
    ["use_quantized_grad", "0"],
    ["num_grad_quant_bins", "4"],
    ["quant_train_renew_leaf", "0"],
    ["stochastic_rounding", "1"],
    ["linear_tree", "0"],
    ["max_bin", String(p.max_bin)],
    ["max_bin_by_feature", ""],
    ["min_data_in_bin", String(p.min_data_in_bin)],
    ["bin_construct_sample_cnt", "200000"],
    ["data_random_seed", String(s.dataRandomSeed)],
    ["is_enable_sparse", "0"],
    ["enable_bundle", "0"],
    ["use_missing", "1"],
    ["zero_as_missing", "0"],
    ["feature_pre_filter", "1"],
    ["pre_partition", "0"],
    ["two_round", "0"],
    ["header", "0"],
    ["label_column", ""],
    ["weight_column", ""],
    ["group_column", ""],
    ["ignore_column", ""],
    ["categorical_feature", ctx.categorical.join(",")],
    ["forcedbins_filename", ""],
    ["precise_float_parser", "0"],
    ["parser_config_file", ""],
    ["objective_seed", String(s.objectiveSeed)],
    ["num_class", "1"],
    ["is_unbalance", bool(p.is_unbalance)],
    ["scale_pos_weight", num(p.scale_pos_weight)],
    ["sigmoid", num(p.sigmoid)],
    ["boost_from_average", bool(p.boost_from_average)],
    ["reg_sqrt", "0"],
    ["alpha", "0.9"],
    ["fair_c", "1"],
    ["poisson_max_delta_step", "0.7"],
    ["tweedie_variance_power", "1.5"],
    ["lambdarank_truncation_level", "30"],
    ["lambdarank_norm", "1"],
    ["label_gain", ""],
    ["lambdarank_position_bias_regularization", "0"],
    ["eval_at", ""],
    ["multi_error_top_k", "1"],
    ["auc_mu_weights", ""],
    ["num_machines", "1"],
    ["local_listen_port", "12400"],
    ["time_out", "120"],
    ["machine_list_filename", ""],
    ["machines", ""],
    ["gpu_platform_id", "-1"],
    ["gpu_device_id", "-1"],
    ["gpu_device_id_list", ""],
    ["gpu_use_dp", "0"],
    ["num_gpu", "1"],
  ];
}
