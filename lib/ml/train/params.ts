/**
 * Training parameters, named and defaulted as LightGBM names and defaults them, plus a parser for
 * loosely typed records (CLI flags, a `key=value` params file, JSON) that accepts LightGBM's
 * aliases and rejects anything it does not know.
 */

export interface TrainParams {
  num_iterations: number;
  learning_rate: number;
  num_leaves: number;
  /** <= 0 means no limit. */
  max_depth: number;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  lambda_l1: number;
  lambda_l2: number;
  min_gain_to_split: number;
  max_bin: number;
  min_data_in_bin: number;
  feature_fraction: number;
  bagging_fraction: number;
  bagging_freq: number;
  scale_pos_weight: number;
  is_unbalance: boolean;
  /**
   * Master seed. As in LightGBM, when given it derives the bagging, feature-fraction and
   * data-sampling seeds; when null LightGBM's fixed default sub-seeds are used.
   */
  seed: number | null;
  /** <= 0 disables early stopping. */
  early_stopping_round: number;
  max_cat_threshold: number;
  cat_smooth: number;
  cat_l2: number;
  min_data_per_group: number;
  max_cat_to_onehot: number;
  boost_from_average: boolean;
  sigmoid: number;
}

export const DEFAULT_TRAIN_PARAMS: Readonly<TrainParams> = Object.freeze({
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

export class TrainParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainParamError";
  }
}

type Kind = "int" | "float" | "bool" | "seed";

interface Spec {
  kind: Kind;
  /** Human-readable allowed range, used in error messages. */
  range: string;
  check: (v: number) => boolean;
  aliases: string[];
}

const any = () => true;

const SPECS: { [K in keyof TrainParams]: Spec } = {
  num_iterations: {
    kind: "int",
    range: "an integer >= 1",
    check: (v) => v >= 1,
    aliases: [
      "num_iteration", "n_iter", "num_tree", "num_trees", "num_round", "num_rounds", "nrounds",
      "num_boost_round", "n_estimators", "max_iter",
    ],
  },
  learning_rate: { kind: "float", range: "a number > 0", check: (v) => v > 0, aliases: ["shrinkage_rate", "eta"] },
  num_leaves: {
    kind: "int",
    range: "an integer with 1 < num_leaves <= 131072",
    check: (v) => v > 1 && v <= 131072,
    aliases: ["num_leaf", "max_leaves", "max_leaf", "max_leaf_nodes"],
  },
  max_depth: { kind: "int", range: "an integer (<= 0 means no limit)", check: any, aliases: [] },
  min_data_in_leaf: {
    kind: "int",
    range: "an integer >= 0",
    check: (v) => v >= 0,
    aliases: ["min_data_per_leaf", "min_data", "min_child_samples", "min_samples_leaf"],
  },
  min_sum_hessian_in_leaf: {
    kind: "float",
    range: "a number >= 0",
    check: (v) => v >= 0,
    aliases: ["min_sum_hessian_per_leaf", "min_sum_hessian", "min_hessian", "min_child_weight"],
  },
  lambda_l1: { kind: "float", range: "a number >= 0", check: (v) => v >= 0, aliases: ["reg_alpha", "l1_regularization"] },
  lambda_l2: {
    kind: "float",
    range: "a number >= 0",
    check: (v) => v >= 0,
    aliases: ["reg_lambda", "lambda", "l2_regularization"],
  },
  min_gain_to_split: { kind: "float", range: "a number >= 0", check: (v) => v >= 0, aliases: ["min_split_gain"] },
  max_bin: {
    kind: "int",
    range: "an integer with 1 < max_bin <= 65535",
    check: (v) => v > 1 && v <= 65535,
    aliases: ["max_bins"],
  },
  min_data_in_bin: { kind: "int", range: "an integer >= 1", check: (v) => v >= 1, aliases: [] },
  feature_fraction: {
    kind: "float",
    range: "a number with 0 < feature_fraction <= 1",
    check: (v) => v > 0 && v <= 1,
    aliases: ["sub_feature", "colsample_bytree"],
  },
  bagging_fraction: {
    kind: "float",
    range: "a number with 0 < bagging_fraction <= 1",
    check: (v) => v > 0 && v <= 1,
    aliases: ["sub_row", "subsample", "bagging"],
  },
  bagging_freq: { kind: "int", range: "an integer >= 0", check: (v) => v >= 0, aliases: ["subsample_freq"] },
  scale_pos_weight: { kind: "float", range: "a number > 0", check: (v) => v > 0, aliases: [] },
  is_unbalance: { kind: "bool", range: "true or false", check: any, aliases: ["unbalance", "unbalanced_sets"] },
  seed: {
    kind: "seed",
    range: "an integer in [-2147483648, 2147483647]",
    check: (v) => v >= -2147483648 && v <= 2147483647,
    aliases: ["random_seed", "random_state"],
  },
  early_stopping_round: {
    kind: "int",
    range: "an integer >= 0 (0 disables)",
    check: (v) => v >= 0,
    aliases: ["early_stopping_rounds", "early_stopping", "n_iter_no_change"],
  },
  max_cat_threshold: { kind: "int", range: "an integer >= 1", check: (v) => v >= 1, aliases: [] },
  cat_smooth: { kind: "float", range: "a number >= 0", check: (v) => v >= 0, aliases: [] },
  cat_l2: { kind: "float", range: "a number >= 0", check: (v) => v >= 0, aliases: [] },
  min_data_per_group: { kind: "int", range: "an integer >= 1", check: (v) => v >= 1, aliases: [] },
  max_cat_to_onehot: { kind: "int", range: "an integer >= 1", check: (v) => v >= 1, aliases: [] },
  boost_from_average: { kind: "bool", range: "true or false", check: any, aliases: [] },
  sigmoid: { kind: "float", range: "a number > 0", check: (v) => v > 0, aliases: [] },
};

/** Names that are accepted for compatibility but only with the one value this trainer supports. */
const FIXED: Record<string, { canonical: string; allowed: string[]; aliases: string[] }> = {
  objective: { canonical: "objective", allowed: ["binary"], aliases: ["objective_type", "app", "application", "loss"] },
  boosting: { canonical: "boosting", allowed: ["gbdt"], aliases: ["boosting_type", "boost"] },
};

const ALIAS_TO_NAME = new Map<string, string>();
for (const name of Object.keys(SPECS)) {
  ALIAS_TO_NAME.set(name, name);
  for (const alias of SPECS[name as keyof TrainParams].aliases) ALIAS_TO_NAME.set(alias, name);
}
for (const fixed of Object.values(FIXED)) {
  ALIAS_TO_NAME.set(fixed.canonical, fixed.canonical);
  for (const alias of fixed.aliases) ALIAS_TO_NAME.set(alias, fixed.canonical);
}

/** The LightGBM name a key (possibly an alias) stands for, or undefined when unknown. */
export function canonicalParamName(key: string): string | undefined {
  return ALIAS_TO_NAME.get(key.trim());
}

function describe(raw: unknown): string {
  return typeof raw === "string" ? JSON.stringify(raw) : String(raw);
}

function convert(name: string, spec: Spec, raw: unknown, given: string): number | boolean | null {
  const label = given === name ? `"${name}"` : `"${name}" (given as "${given}")`;
  if (spec.kind === "bool") {
    if (typeof raw === "boolean") return raw;
    const s = String(raw).trim().toLowerCase();
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    throw new TrainParamError(`Invalid value ${describe(raw)} for parameter ${label}: expected ${spec.range}`);
  }
  if (spec.kind === "seed" && (raw === null || raw === undefined)) return null;
  let v: number;
  if (typeof raw === "number") v = raw;
  else if (typeof raw === "string" && raw.trim() !== "") v = Number(raw.trim());
  else v = Number.NaN;
  if (!Number.isFinite(v)) {
    throw new TrainParamError(`Invalid value ${describe(raw)} for parameter ${label}: expected ${spec.range}`);
  }
  if ((spec.kind === "int" || spec.kind === "seed") && !Number.isInteger(v)) {
    throw new TrainParamError(`Invalid value ${describe(raw)} for parameter ${label}: expected ${spec.range}`);
  }
  if (!spec.check(v)) {
    throw new TrainParamError(`Invalid value ${describe(raw)} for parameter ${label}: expected ${spec.range}`);
  }
  return v;
}

function checkConsistency(p: TrainParams): void {
  if (p.is_unbalance && p.scale_pos_weight !== 1) {
    throw new TrainParamError(
      `Parameters "is_unbalance" and "scale_pos_weight" cannot both be set (as in LightGBM): use one of them`,
    );
  }
}

/**
 * Parses a loosely typed record (values may be strings, numbers or booleans) into validated
 * TrainParams. Keys may be LightGBM names or aliases; unknown keys, values out of range and a
 * parameter given twice (e.g. under two aliases) are errors naming the parameter.
 */
export function parseTrainParams(record: Record<string, string | number | boolean>): TrainParams {
  const out: TrainParams = { ...DEFAULT_TRAIN_PARAMS };
  const seen = new Map<string, string>();
  for (const [rawKey, raw] of Object.entries(record)) {
    const key = rawKey.trim();
    const name = ALIAS_TO_NAME.get(key);
    if (name === undefined) {
      throw new TrainParamError(`Unknown parameter "${key}"`);
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new TrainParamError(`Parameter "${name}" is given twice (as "${previous}" and "${key}")`);
    }
    seen.set(name, key);
    const fixed = FIXED[name];
    if (fixed) {
      const s = String(raw).trim().toLowerCase();
      if (!fixed.allowed.includes(s)) {
        throw new TrainParamError(
          `Invalid value ${describe(raw)} for parameter "${name}": only ${fixed.allowed.map((a) => `"${a}"`).join(", ")} is supported`,
        );
      }
      continue;
    }
    const spec = SPECS[name as keyof TrainParams];
    (out as unknown as Record<string, unknown>)[name] = convert(name, spec, raw, key);
  }
  checkConsistency(out);
  return out;
}

/**
 * Validates an already typed (partial) parameter object and fills in the defaults. Only canonical
 * names are accepted here; use parseTrainParams for aliases and string values.
 */
export function resolveTrainParams(partial: Partial<TrainParams> = {}): TrainParams {
  const out: TrainParams = { ...DEFAULT_TRAIN_PARAMS };
  for (const [key, raw] of Object.entries(partial)) {
    if (raw === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(SPECS, key)) {
      const canonical = ALIAS_TO_NAME.get(key);
      throw new TrainParamError(
        canonical && canonical !== key
          ? `Unknown parameter "${key}" (use the LightGBM name "${canonical}", or parseTrainParams for aliases)`
          : `Unknown parameter "${key}"`,
      );
    }
    const spec = SPECS[key as keyof TrainParams];
    if (spec.kind === "bool" && typeof raw !== "boolean") {
      throw new TrainParamError(`Invalid value ${describe(raw)} for parameter "${key}": expected ${spec.range}`);
    }
    if (spec.kind !== "bool" && raw !== null && typeof raw !== "number") {
      throw new TrainParamError(`Invalid value ${describe(raw)} for parameter "${key}": expected ${spec.range}`);
    }
    (out as unknown as Record<string, unknown>)[key] = convert(key, spec, raw, key);
  }
  checkConsistency(out);
  return out;
}
