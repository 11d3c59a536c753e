/**
 * Gradient boosting driver (LightGBM's GBDT with the binary objective): bins the data, starts from
 * the label-mean score (folded into the first tree, whose shrinkage is then 1), and per iteration
 * computes gradients, draws the bag and the tree's features, grows a tree, shrinks it by the
 * learning rate and updates train / validation scores, with optional early stopping on the
 * validation log loss. Returns a complete `Booster` (LightGBM text-model structure).
 */
import type { Booster } from "../model/types";
import { K_EPSILON } from "./bin-mapper";
import {
  type BinArray,
  type BinnedDataset,
  type FeatureMatrix,
  binMatrix,
  checkMatrix,
  constructDataset,
  featureInfos,
} from "./dataset";
import { formatG } from "./format";
import { binaryLogloss } from "./metric";
import { boosterParameters } from "./model-parameters";
import { BinaryLogloss } from "./objective";
import { type TrainParams, resolveTrainParams, TrainParamError } from "./params";
import { type DerivedSeeds, deriveSeeds } from "./random";
import { BaggingSampler, FeatureSampler } from "./sampling";
import { TreeBuilder } from "./tree-builder";
import { SerialTreeLearner } from "./tree-learner";

export interface TrainInput extends FeatureMatrix {
  /** 0/1 per row. */
  labels: Float64Array | Uint8Array;
  /** Default Column_0, Column_1, ... (LightGBM's names); no whitespace, unique. */
  featureNames?: readonly string[];
  /** Indices or names of categorical features (non-negative integer codes, NaN = missing). */
  categoricalFeatures?: ReadonlyArray<number | string>;
}

export interface ValidationInput extends FeatureMatrix {
  labels: Float64Array | Uint8Array;
}

/** Called after every iteration; `iteration` is 1-based. */
export type ProgressCallback = (iteration: number, total: number, validLogloss?: number) => void;

export interface TrainOptions {
  valid?: ValidationInput;
  onProgress?: ProgressCallback;
  /** Also compute the training log loss each iteration (costs one pass over the rows). */
  evalTrainMetric?: boolean;
  /**
   * Threads for histogram construction, the calling one included (results are identical for any
   * value). Default 1: a second thread speeds histograms up ~1.6x on an idle 2-core machine but
   * slows training down when the cores are shared with other work, as the threads synchronise
   * at every tree node. Values above 1 use worker threads only for data with at least 8 features.
   */
  threads?: number;
}

export interface EvalRecord {
  /** 1-based. */
  iteration: number;
  trainLogloss?: number;
  validLogloss?: number;
}

export interface TrainTimings {
  binningMs: number;
  gradientMs: number;
  histogramMs: number;
  splitFindMs: number;
  partitionMs: number;
  scoreUpdateMs: number;
  evalMs: number;
  totalMs: number;
  /** Threads used for histogram construction. */
  threads: number;
}

export interface TrainResult {
  booster: Booster;
  /**
   * Number of iterations kept in the booster: the best validation iteration when early stopping
   * is on (the booster is truncated to it, as LightGBM does), else the iterations trained.
   */
  bestIteration: number;
  evalHistory: EvalRecord[];
  timings: TrainTimings;
}

function resolveFeatureNames(input: TrainInput): string[] {
  const n = input.numFeatures;
  const names = input.featureNames ? [...input.featureNames] : Array.from({ length: n }, (_, i) => `Column_${i}`);
  if (names.length !== n) throw new Error(`featureNames has ${names.length} names for ${n} features`);
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string" || name.length === 0 || /\s/.test(name)) {
      throw new Error(`Invalid feature name ${JSON.stringify(name)}: names must be non-empty without whitespace`);
    }
    if (seen.has(name)) throw new Error(`Feature name "${name}" appears more than once`);
    seen.add(name);
  }
  return names;
}

function resolveCategorical(input: TrainInput, names: string[]): number[] {
  const out = new Set<number>();
  for (const c of input.categoricalFeatures ?? []) {
    if (typeof c === "number") {
      if (!Number.isInteger(c) || c < 0 || c >= input.numFeatures) {
        throw new Error(`categoricalFeatures: index ${c} is out of range [0, ${input.numFeatures})`);
      }
      out.add(c);
    } else {
      const i = names.indexOf(c);
      if (i < 0) throw new Error(`categoricalFeatures: unknown feature name "${c}"`);
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function checkLabels(labels: ArrayLike<number>, numRows: number, what: string): void {
  if (!(labels instanceof Float64Array || labels instanceof Uint8Array)) {
    throw new Error(`${what}: labels must be a Float64Array or Uint8Array`);
  }
  if (labels.length !== numRows) throw new Error(`${what}: ${labels.length} labels for ${numRows} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`${what}: label of row ${i} is ${labels[i]}, expected 0 or 1`);
  }
}

function addTreeToBinnedScores(
  tree: TreeBuilder,
  ds: BinnedDataset,
  bins: BinArray,
  rows: Int32Array | null,
  from: number,
  to: number,
  scores: Float64Array,
): void {
  for (let k = from; k < to; k++) {
    const r = rows === null ? k : rows[k];
    scores[r] += tree.leafValue[tree.leafOfBinnedRow(bins, ds.numInner, r, ds.binOffsets, ds.numBin)];
  }
}

export function trainBooster(
  input: TrainInput,
  params: Partial<TrainParams> = {},
  options: TrainOptions = {},
): TrainResult {
  const tStart = performance.now();
  const p = resolveTrainParams(params);
  const { featureNames, categorical } = validateInputs(input, options, p);
  const valid = options.valid ?? null;

  const threads = resolveThreads(options.threads);
  const shared = threads > 1;
  const seeds = deriveSeeds(p.seed);
  const ds = constructDataset(
    input,
    new Set(categorical),
    {
      maxBin: p.max_bin,
      minDataInBin: p.min_data_in_bin,
      minDataInLeaf: p.min_data_in_leaf,
      dataRandomSeed: seeds.dataRandomSeed,
    },
    { shared },
  );
  const validBins = valid ? binMatrix(ds, valid) : null;
  const binningMs = performance.now() - tStart;

  const n = ds.numRows;
  const gradients = new Float32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
  const hessians = new Float32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
  const learner = new SerialTreeLearner(
    ds,
    {
      numLeaves: p.num_leaves,
      maxDepth: p.max_depth,
      minDataInLeaf: p.min_data_in_leaf,
      minSumHessianInLeaf: p.min_sum_hessian_in_leaf,
      lambdaL1: p.lambda_l1,
      lambdaL2: p.lambda_l2,
      minGainToSplit: p.min_gain_to_split,
      catL2: p.cat_l2,
      catSmooth: p.cat_smooth,
      maxCatThreshold: p.max_cat_threshold,
      maxCatToOnehot: p.max_cat_to_onehot,
      minDataPerGroup: p.min_data_per_group,
    },
    gradients,
    hessians,
    threads,
  );
  const usedThreads = learner.threads;
  let run: BoostingRun;
  try {
    run = boost({ p, ds, learner, gradients, hessians, labels: input.labels, valid, validBins, options, seeds });
  } finally {
    learner.close();
  }

  const booster: Booster = {
    version: "v4",
    numClass: 1,
    numTreePerIteration: 1,
    labelIndex: 0,
    maxFeatureIdx: input.numFeatures - 1,
    objective: `binary sigmoid:${formatG(p.sigmoid)}`,
    featureNames,
    featureInfos: featureInfos(ds),
    trees: run.trees.map((t) => t.toTree()),
    parameters: boosterParameters({ params: p, seeds, categorical }),
    pandasCategorical: "null",
  };
  return {
    booster,
    bestIteration: run.bestIteration,
    evalHistory: run.evalHistory,
    timings: {
      binningMs,
      gradientMs: run.gradientMs,
      histogramMs: learner.timings.histogramMs,
      splitFindMs: learner.timings.splitFindMs,
      partitionMs: learner.timings.partitionMs,
      scoreUpdateMs: run.scoreUpdateMs,
      evalMs: run.evalMs,
      totalMs: performance.now() - tStart,
      threads: usedThreads,
    },
  };
}

function validateInputs(
  input: TrainInput,
  options: TrainOptions,
  p: TrainParams,
): { featureNames: string[]; categorical: number[] } {
  checkMatrix(input, "train");
  if (input.numRows < 1) throw new Error("train: at least one row is required");
  checkLabels(input.labels, input.numRows, "train");
  const featureNames = resolveFeatureNames(input);
  const categorical = resolveCategorical(input, featureNames);
  const valid = options.valid;
  if (valid) {
    checkMatrix(valid, "valid");
    if (valid.numRows < 1) throw new Error("valid: at least one row is required");
    if (valid.numFeatures !== input.numFeatures) {
      throw new Error(`valid: ${valid.numFeatures} features, but the training data has ${input.numFeatures}`);
    }
    checkLabels(valid.labels, valid.numRows, "valid");
  }
  if (p.early_stopping_round > 0 && !valid) {
    throw new TrainParamError(`Parameter "early_stopping_round" needs a validation set (options.valid)`);
  }
  return { featureNames, categorical };
}

function resolveThreads(requested: number | undefined): number {
  if (requested === undefined) return 1;
  if (!Number.isInteger(requested) || requested < 1 || requested > 64) {
    throw new Error(`options.threads must be an integer in [1, 64], got ${requested}`);
  }
  return requested;
}

interface BoostingContext {
  p: TrainParams;
  ds: BinnedDataset;
  learner: SerialTreeLearner;
  gradients: Float32Array;
  hessians: Float32Array;
  labels: Float64Array | Uint8Array;
  valid: ValidationInput | null;
  validBins: BinArray | null;
  options: TrainOptions;
  seeds: DerivedSeeds;
}

interface BoostingRun {
  trees: TreeBuilder[];
  bestIteration: number;
  evalHistory: EvalRecord[];
  gradientMs: number;
  scoreUpdateMs: number;
  evalMs: number;
}

/** The boosting iterations (LightGBM's GBDT::TrainOneIter loop with early stopping). */
function boost(ctx: BoostingContext): BoostingRun {
  const { p, ds, learner, gradients, hessians, labels, valid, validBins, options } = ctx;
  const n = ds.numRows;
  const objective = new BinaryLogloss(labels, {
    sigmoid: p.sigmoid,
    isUnbalance: p.is_unbalance,
    scalePosWeight: p.scale_pos_weight,
  });
  const scores = new Float64Array(n);
  const validScores = valid ? new Float64Array(valid.numRows) : null;
  // boost_from_average: start from the label-mean score (folded into the first tree later).
  let initScore = 0;
  if (p.boost_from_average) {
    const s = objective.boostFromScore();
    if (Math.abs(s) > K_EPSILON) {
      initScore = s;
      scores.fill(s);
      validScores?.fill(s);
    }
  }
  const bagger = new BaggingSampler(n, p.bagging_fraction, p.bagging_freq, ctx.seeds.baggingSeed);
  const featureSampler = new FeatureSampler(ds.numInner, p.feature_fraction, ctx.seeds.featureFractionSeed);

  const trees: TreeBuilder[] = [];
  const evalHistory: EvalRecord[] = [];
  const esRounds = p.early_stopping_round;
  let bestScore = -Infinity;
  let bestIter = 0;
  let gradientMs = 0;
  let scoreUpdateMs = 0;
  let evalMs = 0;

  for (let iter = 0; iter < p.num_iterations; iter++) {
    let t = performance.now();
    objective.getGradients(scores, gradients, hessians);
    bagger.bag(iter);
    gradientMs += performance.now() - t;

    let tree: TreeBuilder;
    if (objective.needTrain && ds.numInner > 0) {
      const used = featureSampler.resetByTree();
      tree = learner.train(bagger.active ? bagger.bagIndices : null, bagger.bagCount, used);
    } else {
      tree = new TreeBuilder(p.num_leaves);
    }

    t = performance.now();
    if (tree.numLeaves <= 1) {
      // No split possible: LightGBM stops here; a first tree becomes the constant initial score.
      if (trees.length === 0) {
        let value = initScore;
        if (!p.boost_from_average) {
          value = objective.boostFromScore();
          for (let i = 0; i < n; i++) scores[i] += value;
          if (validScores) for (let i = 0; i < validScores.length; i++) validScores[i] += value;
        }
        tree.asConstant(value);
        trees.push(tree);
      }
      scoreUpdateMs += performance.now() - t;
      break;
    }
    tree.applyShrinkage(p.learning_rate);
    // In-bag rows: by leaf membership; out-of-bag and validation rows: by routing binned rows.
    const part = learner.partition;
    const idx = part.indices;
    for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
      const v = tree.leafValue[leaf];
      const begin = part.leafBegin[leaf];
      const end = begin + part.leafCount[leaf];
      for (let k = begin; k < end; k++) scores[idx[k]] += v;
    }
    if (bagger.active && bagger.bagCount < n) {
      addTreeToBinnedScores(tree, ds, ds.bins, bagger.bagIndices, bagger.bagCount, n, scores);
    }
    if (valid && validBins && validScores) {
      addTreeToBinnedScores(tree, ds, validBins, null, 0, valid.numRows, validScores);
    }
    if (iter === 0 && initScore !== 0) tree.addBias(initScore);
    trees.push(tree);
    const now = performance.now();
    scoreUpdateMs += now - t;

    const record: EvalRecord = { iteration: iter + 1 };
    if (options.evalTrainMetric) record.trainLogloss = binaryLogloss(labels, scores, p.sigmoid);
    if (valid && validScores) record.validLogloss = binaryLogloss(valid.labels, validScores, p.sigmoid);
    evalHistory.push(record);
    evalMs += performance.now() - now;
    options.onProgress?.(iter + 1, p.num_iterations, record.validLogloss);

    if (esRounds > 0 && record.validLogloss !== undefined) {
      const cur = -record.validLogloss;
      if (cur - bestScore > 0) {
        bestScore = cur;
        bestIter = iter + 1;
      } else if (iter + 1 - bestIter >= esRounds) {
        break;
      }
    }
  }

  let bestIteration = trees.length;
  if (esRounds > 0 && bestIter > 0 && bestIter < trees.length) {
    trees.length = bestIter;
    bestIteration = bestIter;
  }
  return { trees, bestIteration, evalHistory, gradientMs, scoreUpdateMs, evalMs };
}
