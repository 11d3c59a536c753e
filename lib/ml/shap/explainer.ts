import type { Booster } from "../model/types";
import { ShapInputError } from "./errors";
import { addFastContributions, addFastInteractions, buildFastModel, buildPairModel, type FastModel, type PairModel } from "./fast-treeshap";
import { buildLeafTables, chooseTableCap, type FastTableOptions } from "./fast-tables";
import { finishInteractionRow, interactionRowSize } from "./interaction-layout";
import { LeafScratch } from "./leaf-game";
import { buildLeafPaths, type LeafPaths } from "./leaf-paths";
import { buildNodeRules, decideAll, type NodeRules } from "./node-rules";
import { buildPlainForest, PlainTreeShap } from "./plain-treeshap";
import { checkBooster, checkMatrix, checkOutput } from "./validate";

/** "fast": Fast TreeSHAP v2 tables with direct evaluation for wide leaves; "plain": Algorithm 2. */
export type ShapAlgorithm = "fast" | "plain";

export type ShapExplainerOptions = FastTableOptions;

export interface ExplainOptions {
  algorithm?: ShapAlgorithm;
  /** Write into this buffer (its length must match) instead of allocating one. */
  out?: Float64Array;
}

/**
 * Rows explained together by the fast path: enough that each leaf's table is reused from cache,
 * few enough that the block's outputs stay in cache too (an interaction row is (M+1)^2 doubles).
 */
const CONTRIBUTION_BLOCK_ROWS = 64;
const INTERACTION_BLOCK_ROWS = 32;

/** Interaction matrices above this many values are refused rather than failing inside V8. */
const MAX_OUTPUT_VALUES = 2 ** 28;

/**
 * Exact path-dependent SHAP values of a LightGBM-format binary booster on the raw (log-odds)
 * scale. Building one explainer precomputes the per-leaf structure (and, lazily, the Fast
 * TreeSHAP tables and the plain recursion's arrays) once; explaining rows then allocates only
 * the output. The booster must not be modified afterwards.
 *
 * Contributions: numRows x (numFeatures + 1), row-major, feature columns in model order and the
 * expected value last: LightGBM's predict_contrib layout. Interactions: see ./interaction-layout.
 */
export class ShapExplainer {
  readonly numFeatures: number;
  readonly featureNames: readonly string[];
  /** Mean raw score under the model's covers; contributions of every row add up to raw - this. */
  readonly expectedValue: number;
  private readonly rules: NodeRules;
  private readonly paths: LeafPaths;
  private readonly decisions: Uint8Array;
  private readonly scratch: LeafScratch;
  private readonly tableCap: number;
  private fast: FastModel | undefined;
  private pairModel: PairModel | undefined;
  private plain: PlainTreeShap | undefined;
  private plainTreeFeatures: { start: Int32Array; features: Int32Array } | undefined;

  constructor(
    private readonly booster: Booster,
    options: ShapExplainerOptions = {},
  ) {
    checkBooster(booster);
    this.numFeatures = booster.maxFeatureIdx + 1;
    this.featureNames = booster.featureNames.slice();
    this.rules = buildNodeRules(booster);
    this.paths = buildLeafPaths(booster);
    this.expectedValue = this.paths.expectedValue;
    this.decisions = new Uint8Array(this.rules.feature.length);
    this.scratch = new LeafScratch(this.paths.maxSlots);
    this.tableCap = chooseTableCap(this.paths, options);
  }

  /** How the fast path splits the work: leaves with tables vs evaluated directly. */
  describe(): { trees: number; leaves: number; maxPathFeatures: number; tableFeatureCap: number; tabledLeaves: number; tableBytes: number } {
    const fast = this.fastModel();
    let tabled = 0;
    for (let l = 0; l < this.paths.numLeaves; l++) if (fast.contrib.offset[l] >= 0) tabled++;
    return {
      trees: this.booster.trees.length,
      leaves: this.paths.numLeaves,
      maxPathFeatures: this.paths.maxSlots,
      tableFeatureCap: this.tableCap,
      tabledLeaves: tabled,
      tableBytes: fast.contrib.values.byteLength + (this.pairModel?.tables.values.byteLength ?? 0),
    };
  }

  /** Contributions plus expected value per row; see the class comment for the layout. */
  shapValues(data: Float64Array, numRows: number, numFeatures: number, options: ExplainOptions = {}): Float64Array {
    checkMatrix(this.booster, data, numRows, numFeatures);
    const width = numFeatures + 1;
    const algorithm = this.algorithm(options.algorithm);
    const out = this.output(options.out, numRows * width, "contributions");
    for (let r = 0; r < numRows; r++) {
      out.fill(0, r * width, r * width + numFeatures);
      out[r * width + numFeatures] = this.expectedValue;
    }
    if (algorithm === "fast") {
      const fast = this.fastModel();
      for (let row0 = 0; row0 < numRows; row0 += CONTRIBUTION_BLOCK_ROWS) {
        const count = Math.min(CONTRIBUTION_BLOCK_ROWS, numRows - row0);
        addFastContributions(fast, data, row0, count, numFeatures, out, width, this.scratch);
      }
    } else {
      for (let r = 0; r < numRows; r++) {
        decideAll(this.rules, data, r * numFeatures, this.decisions);
        this.plainContributions(out, r * width);
      }
    }
    return out;
  }

  /** SHAP interaction values, (numFeatures + 1)^2 per row; layout in ./interaction-layout. */
  interactionValues(data: Float64Array, numRows: number, numFeatures: number, options: ExplainOptions = {}): Float64Array {
    checkMatrix(this.booster, data, numRows, numFeatures);
    const size = interactionRowSize(numFeatures);
    if (numRows * size > MAX_OUTPUT_VALUES) {
      throw new ShapInputError(
        `interaction values for ${numRows} rows would need ${numRows * size} numbers; explain at most ` +
          `${Math.floor(MAX_OUTPUT_VALUES / size)} rows per call (pass data.subarray(...) chunks)`,
      );
    }
    const algorithm = this.algorithm(options.algorithm);
    const out = this.output(options.out, numRows * size, "interactions");
    out.fill(0);
    if (algorithm === "fast") {
      const fast = this.fastModel();
      const pairs = this.pairs();
      const phi = new Float64Array(INTERACTION_BLOCK_ROWS * numFeatures);
      for (let row0 = 0; row0 < numRows; row0 += INTERACTION_BLOCK_ROWS) {
        const count = Math.min(INTERACTION_BLOCK_ROWS, numRows - row0);
        phi.fill(0);
        addFastInteractions(fast, pairs, data, row0, count, numFeatures, out, phi, this.scratch);
        for (let r = 0; r < count; r++) {
          finishInteractionRow(out, (row0 + r) * size, numFeatures, phi, r * numFeatures, this.expectedValue, "mirror");
        }
      }
    } else {
      const phi = new Float64Array(numFeatures);
      for (let r = 0; r < numRows; r++) {
        phi.fill(0);
        decideAll(this.rules, data, r * numFeatures, this.decisions);
        this.plainInteractions(out, r * size, phi);
        finishInteractionRow(out, r * size, numFeatures, phi, 0, this.expectedValue, "average");
      }
    }
    return out;
  }

  private algorithm(requested: ShapAlgorithm | undefined): ShapAlgorithm {
    const algorithm = requested ?? "fast";
    if (algorithm !== "fast" && algorithm !== "plain") throw new ShapInputError(`unknown SHAP algorithm "${String(algorithm)}" (use "fast" or "plain")`);
    return algorithm;
  }

  private output(out: Float64Array | undefined, length: number, what: string): Float64Array {
    if (out === undefined) return new Float64Array(length);
    checkOutput(out, length, what);
    return out;
  }

  private fastModel(): FastModel {
    this.fast ??= buildFastModel(this.paths, this.rules, buildLeafTables(this.paths, this.tableCap, false), Math.max(CONTRIBUTION_BLOCK_ROWS, INTERACTION_BLOCK_ROWS));
    return this.fast;
  }

  private pairs(): PairModel {
    this.pairModel ??= buildPairModel(this.paths, buildLeafTables(this.paths, this.tableCap, true), this.numFeatures + 1);
    return this.pairModel;
  }

  private plainEngine(): PlainTreeShap {
    if (this.plain === undefined) {
      const forest = buildPlainForest(this.booster);
      this.plain = new PlainTreeShap(forest);
      this.plainTreeFeatures = { start: forest.treeFeatureStart, features: forest.treeFeatures };
    }
    return this.plain;
  }

  private plainContributions(out: Float64Array, base: number): void {
    const engine = this.plainEngine();
    for (let t = 0; t < this.booster.trees.length; t++) engine.explainTree(t, this.decisions, out, base, 0, -1, 1);
  }

  /**
   * TreeExplainer's interaction algorithm: for every feature i of a tree, explain the tree with i
   * known and with i unknown; half the difference of feature j's attributions is Phi_ij.
   */
  private plainInteractions(out: Float64Array, base: number, phi: Float64Array): void {
    const engine = this.plainEngine();
    const { start, features } = this.plainTreeFeatures as { start: Int32Array; features: Int32Array };
    const width = this.numFeatures + 1;
    for (let t = 0; t < this.booster.trees.length; t++) {
      engine.explainTree(t, this.decisions, phi, 0, 0, -1, 1);
      for (let f = start[t]; f < start[t + 1]; f++) {
        const i = features[f];
        engine.explainTree(t, this.decisions, out, base + i * width, 1, i, 0.5);
        engine.explainTree(t, this.decisions, out, base + i * width, -1, i, -0.5);
      }
    }
  }
}
