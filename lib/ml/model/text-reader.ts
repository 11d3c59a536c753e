import { ModelTextError } from "./model-text-error";
import { type TextLine, splitLines } from "./text-lines";
import { readTreeBlock } from "./tree-block-reader";
import type { Booster, Tree } from "./types";

/**
 * Reader for LightGBM's text model format (`version=v4`, as written by `save_model` /
 * `model_to_string` and the command-line program).
 *
 * Only single-output models are accepted (num_class=1, one tree per iteration): the project
 * predicts a binary outcome, and a multiclass model evaluated as if it were binary would give
 * silently wrong scores. Other single-output objectives are read as-is; what a score means is
 * decided by whoever applies the objective's transform. A model without an `objective=` line
 * (custom objective) is read with `objective` set to "".
 *
 * Beyond LightGBM's own checks this reader also verifies `tree_sizes` against the actual block
 * lengths and the tree shapes, because the evaluator and the ONNX export trust both.
 */

const HEADER_KEYS = new Set([
  "version",
  "num_class",
  "num_tree_per_iteration",
  "label_index",
  "max_feature_idx",
  "objective",
  "feature_names",
  "feature_infos",
  "tree_sizes",
  "monotone_constraints",
]);

interface HeaderField {
  value: string;
  line: number;
}

function readHeader(lines: TextLine[]): { header: Map<string, HeaderField>; end: number } {
  if (lines[0].text !== "tree") {
    throw new ModelTextError(1, undefined, `expected the model type line "tree", found "${lines[0].text.slice(0, 60)}"`);
  }
  const header = new Map<string, HeaderField>();
  let i = 1;
  for (; i < lines.length - 1; i++) {
    const { text, number } = lines[i];
    if (text === "") continue;
    if (text.startsWith("Tree=") || text === "end of trees") break;
    if (text === "average_output") {
      throw new ModelTextError(number, "average_output", "averaged (random forest) models are not supported");
    }
    const eq = text.indexOf("=");
    if (eq <= 0) throw new ModelTextError(number, undefined, `expected key=value in the header, found "${text.slice(0, 60)}"`);
    const key = text.slice(0, eq);
    if (!HEADER_KEYS.has(key)) throw new ModelTextError(number, key, "unknown header field");
    if (header.has(key)) throw new ModelTextError(number, key, "header field appears twice");
    header.set(key, { value: text.slice(eq + 1), line: number });
  }
  return { header, end: i };
}

function requireField(header: Map<string, HeaderField>, key: string, lineIfMissing: number): HeaderField {
  const field = header.get(key);
  if (field === undefined) throw new ModelTextError(lineIfMissing, key, "required header field is missing");
  return field;
}

function headerInteger(header: Map<string, HeaderField>, key: string, lineIfMissing: number): number {
  const field = requireField(header, key, lineIfMissing);
  if (!/^[+-]?\d+$/.test(field.value)) throw new ModelTextError(field.line, key, `"${field.value}" is not an integer`);
  return Number(field.value);
}

function splitList(field: HeaderField): string[] {
  return field.value === "" ? [] : field.value.split(" ");
}

function parseTreeSizes(field: HeaderField): number[] {
  return splitList(field).map((token, index) => {
    if (!/^\d+$/.test(token)) throw new ModelTextError(field.line, "tree_sizes", `value #${index + 1} "${token}" is not a byte count`);
    return Number(token);
  });
}

function skipBlank(lines: TextLine[], from: number): number {
  let i = from;
  while (i < lines.length - 1 && lines[i].text === "") i++;
  return i;
}

/** Reads `feature_importances:` only to validate it: the writer recomputes it from the trees. */
function readImportances(lines: TextLine[], from: number, featureNames: Set<string>): number {
  let i = from;
  for (; i < lines.length - 1 && lines[i].text !== ""; i++) {
    const { text, number } = lines[i];
    const eq = text.lastIndexOf("=");
    const name = text.slice(0, eq);
    if (eq <= 0 || !featureNames.has(name)) {
      throw new ModelTextError(number, "feature_importances", `expected <feature name>=<count>, found "${text.slice(0, 60)}"`);
    }
    if (!/^\d+$/.test(text.slice(eq + 1))) {
      throw new ModelTextError(number, "feature_importances", `count "${text.slice(eq + 1)}" is not an integer`);
    }
  }
  return i;
}

function readParameters(lines: TextLine[], from: number): { parameters: Array<[string, string]>; end: number } {
  const parameters: Array<[string, string]> = [];
  for (let i = from; i < lines.length - 1; i++) {
    const { text, number } = lines[i];
    if (text === "end of parameters") return { parameters, end: i + 1 };
    if (text === "") continue;
    const separator = text.indexOf(": ");
    if (!text.startsWith("[") || !text.endsWith("]") || separator < 0) {
      throw new ModelTextError(number, "parameters", `expected "[name: value]", found "${text.slice(0, 60)}"`);
    }
    parameters.push([text.slice(1, separator), text.slice(separator + 2, -1)]);
  }
  throw new ModelTextError(lines[lines.length - 1].number, "parameters", 'missing "end of parameters" line');
}

interface Trailer {
  parameters: Array<[string, string]>;
  pandasCategorical: string;
  hasPandasCategoricalLine: boolean;
}

function readTrailer(lines: TextLine[], from: number, featureNames: Set<string>): Trailer {
  const trailer: Trailer = { parameters: [], pandasCategorical: "null", hasPandasCategoricalLine: false };
  let i = skipBlank(lines, from);
  if (lines[i].text === "feature_importances:") i = skipBlank(lines, readImportances(lines, i + 1, featureNames));
  if (lines[i].text === "parameters:") {
    const read = readParameters(lines, i + 1);
    trailer.parameters = read.parameters;
    i = skipBlank(lines, read.end);
  }
  if (lines[i].text.startsWith("pandas_categorical:")) {
    trailer.pandasCategorical = lines[i].text.slice("pandas_categorical:".length);
    trailer.hasPandasCategoricalLine = true;
    i = skipBlank(lines, i + 1);
  }
  if (i < lines.length - 1) {
    throw new ModelTextError(lines[i].number, undefined, `unexpected line after the trees: "${lines[i].text.slice(0, 60)}"`);
  }
  return trailer;
}

/** Parses a LightGBM `version=v4` text model into a {@link Booster}. Throws {@link ModelTextError}. */
export function parseModelText(text: string): Booster {
  const lines = splitLines(text);
  const { header, end: headerEnd } = readHeader(lines);
  const firstBodyLine = lines[headerEnd].number;

  const version = requireField(header, "version", firstBodyLine);
  if (version.value !== "v4") {
    throw new ModelTextError(version.line, "version", `unsupported model format version "${version.value}" (expected v4)`);
  }
  const numClass = headerInteger(header, "num_class", firstBodyLine);
  if (numClass !== 1) {
    const line = requireField(header, "num_class", firstBodyLine).line;
    throw new ModelTextError(line, "num_class", `multiclass models are not supported (num_class=${numClass}); expected a binary model`);
  }
  const numTreePerIteration = header.has("num_tree_per_iteration") ? headerInteger(header, "num_tree_per_iteration", firstBodyLine) : numClass;
  if (numTreePerIteration !== 1) {
    const line = header.get("num_tree_per_iteration")?.line ?? firstBodyLine;
    throw new ModelTextError(line, "num_tree_per_iteration", `expected 1 tree per iteration, found ${numTreePerIteration}`);
  }
  const labelIndex = headerInteger(header, "label_index", firstBodyLine);
  const maxFeatureIdx = headerInteger(header, "max_feature_idx", firstBodyLine);
  const maxFeatureField = requireField(header, "max_feature_idx", firstBodyLine);
  if (maxFeatureIdx < 0) throw new ModelTextError(maxFeatureField.line, "max_feature_idx", "must be at least 0");
  const numFeatures = maxFeatureIdx + 1;

  const namesField = requireField(header, "feature_names", firstBodyLine);
  const featureNames = splitList(namesField);
  if (featureNames.length !== numFeatures) {
    throw new ModelTextError(namesField.line, "feature_names", `expected ${numFeatures} names (max_feature_idx+1), found ${featureNames.length}`);
  }
  const infosField = requireField(header, "feature_infos", firstBodyLine);
  const featureInfos = splitList(infosField);
  if (featureInfos.length !== numFeatures) {
    throw new ModelTextError(infosField.line, "feature_infos", `expected ${numFeatures} entries (max_feature_idx+1), found ${featureInfos.length}`);
  }

  let monotoneConstraints: number[] | undefined;
  const monotoneField = header.get("monotone_constraints");
  if (monotoneField !== undefined) {
    monotoneConstraints = splitList(monotoneField).map((token, index) => {
      if (token !== "-1" && token !== "0" && token !== "1") {
        throw new ModelTextError(monotoneField.line, "monotone_constraints", `value #${index + 1} "${token}" is not -1, 0 or 1`);
      }
      return Number(token);
    });
  }

  const trees: Tree[] = [];
  let i = headerEnd;
  const blockStarts: number[] = [];
  while (lines[i].text.startsWith("Tree=")) {
    blockStarts.push(i);
    const { tree, end } = readTreeBlock(lines, i, trees.length, numFeatures);
    trees.push(tree);
    i = skipBlank(lines, end);
  }
  if (lines[i].text !== "end of trees") {
    throw new ModelTextError(lines[i].number, undefined, `expected "Tree=${trees.length}" or "end of trees", found "${lines[i].text.slice(0, 60)}"`);
  }
  blockStarts.push(i);

  const sizesField = header.get("tree_sizes");
  if (sizesField !== undefined) {
    const sizes = parseTreeSizes(sizesField);
    if (sizes.length !== trees.length) {
      throw new ModelTextError(sizesField.line, "tree_sizes", `lists ${sizes.length} trees, but the model has ${trees.length}`);
    }
    for (let t = 0; t < trees.length; t++) {
      const actual = lines[blockStarts[t + 1]].byteStart - lines[blockStarts[t]].byteStart;
      if (actual !== sizes[t]) {
        throw new ModelTextError(sizesField.line, "tree_sizes", `Tree=${t} block is ${actual} bytes, tree_sizes says ${sizes[t]}`);
      }
    }
  }

  const trailer = readTrailer(lines, i + 1, new Set(featureNames));
  const booster: Booster = {
    version: version.value,
    numClass,
    numTreePerIteration,
    labelIndex,
    maxFeatureIdx,
    objective: header.get("objective")?.value ?? "",
    featureNames,
    featureInfos,
    trees,
    parameters: trailer.parameters,
    pandasCategorical: trailer.pandasCategorical,
    hasPandasCategoricalLine: trailer.hasPandasCategoricalLine,
  };
  if (monotoneConstraints !== undefined) booster.monotoneConstraints = monotoneConstraints;
  return booster;
}
