import { splitImportance } from "./feature-importance";
import { formatHigh, formatShort } from "./number-format";
import { treeProblem } from "./tree-check";
import type { Booster, Tree } from "./types";

/**
 * Writer for LightGBM's text model format, reproducing LightGBM 4.x's `SaveModelToString`
 * byte for byte: same line order, same number forms (17 significant digits for thresholds,
 * leaf values and leaf weights; `%g` for gains, internal values/weights and shrinkage), exact
 * `tree_sizes`, split-count `feature_importances:` and the `parameters:` section.
 */

function joinHigh(values: ArrayLike<number>): string {
  return Array.from(values, formatHigh).join(" ");
}

function joinShort(values: ArrayLike<number>): string {
  return Array.from(values, formatShort).join(" ");
}

function joinIntegers(values: ArrayLike<number>): string {
  return Array.from(values, (value) => String(value)).join(" ");
}

/** LightGBM stores split gains as 32-bit floats and prints that float with `%g`. */
function joinGains(values: ArrayLike<number>): string {
  return Array.from(values, (value) => formatShort(Math.fround(value))).join(" ");
}

/** One `Tree=N` block, including the two trailing newlines that tree_sizes counts. */
export function treeBlockText(tree: Tree, index: number): string {
  const lines = [
    `Tree=${index}`,
    `num_leaves=${tree.numLeaves}`,
    `num_cat=${tree.numCat}`,
    `split_feature=${joinIntegers(tree.splitFeature)}`,
    `split_gain=${joinGains(tree.splitGain)}`,
    `threshold=${joinHigh(tree.threshold)}`,
    `decision_type=${joinIntegers(tree.decisionType)}`,
    `left_child=${joinIntegers(tree.leftChild)}`,
    `right_child=${joinIntegers(tree.rightChild)}`,
    `leaf_value=${joinHigh(tree.leafValue)}`,
    `leaf_weight=${joinHigh(tree.leafWeight)}`,
    `leaf_count=${joinIntegers(tree.leafCount)}`,
    `internal_value=${joinShort(tree.internalValue)}`,
    `internal_weight=${joinShort(tree.internalWeight)}`,
    `internal_count=${joinIntegers(tree.internalCount)}`,
  ];
  if (tree.numCat > 0) {
    lines.push(`cat_boundaries=${joinIntegers(tree.catBoundaries)}`);
    lines.push(`cat_threshold=${joinIntegers(tree.catThreshold)}`);
  }
  lines.push("is_linear=0", `shrinkage=${formatShort(tree.shrinkage)}`);
  // Tree::ToString ends with an empty line and SaveModelToString appends one more newline.
  return `${lines.join("\n")}\n\n\n`;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function checkBooster(booster: Booster): void {
  if (booster.numClass !== 1 || booster.numTreePerIteration !== 1) {
    throw new Error(`writeModelText: only single-output models are supported (num_class=${booster.numClass})`);
  }
  const numFeatures = booster.maxFeatureIdx + 1;
  if (booster.featureNames.length !== numFeatures || booster.featureInfos.length !== numFeatures) {
    throw new Error(`writeModelText: feature_names/feature_infos must have max_feature_idx+1=${numFeatures} entries`);
  }
  booster.trees.forEach((tree, index) => {
    const problem = treeProblem(tree, numFeatures);
    if (problem !== undefined) throw new Error(`writeModelText: Tree=${index}: ${problem}`);
  });
}

/** Serialises a {@link Booster} to LightGBM's text model format. */
export function writeModelText(booster: Booster): string {
  checkBooster(booster);
  const blocks = booster.trees.map(treeBlockText);
  const header = ["tree", `version=${booster.version}`, `num_class=${booster.numClass}`];
  header.push(`num_tree_per_iteration=${booster.numTreePerIteration}`, `label_index=${booster.labelIndex}`);
  header.push(`max_feature_idx=${booster.maxFeatureIdx}`);
  if (booster.objective !== "") header.push(`objective=${booster.objective}`);
  header.push(`feature_names=${booster.featureNames.join(" ")}`);
  if (booster.monotoneConstraints !== undefined) header.push(`monotone_constraints=${booster.monotoneConstraints.join(" ")}`);
  header.push(`feature_infos=${booster.featureInfos.join(" ")}`);
  header.push(`tree_sizes=${blocks.map(byteLength).join(" ")}`);

  let text = `${header.join("\n")}\n\n${blocks.join("")}end of trees\n`;
  text += "\nfeature_importances:\n";
  for (const [name, count] of splitImportance(booster)) text += `${name}=${count}\n`;
  if (booster.parameters.length > 0) {
    text += "\nparameters:\n";
    for (const [name, value] of booster.parameters) text += `[${name}: ${value}]\n`;
    text += "\nend of parameters\n";
  }
  const writePandas = booster.hasPandasCategoricalLine ?? booster.pandasCategorical !== "null";
  if (writePandas) text += `\npandas_categorical:${booster.pandasCategorical}\n`;
  return text;
}
