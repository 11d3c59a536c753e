import { ModelTextError } from "./model-text-error";
import { parseNumberToken } from "./number-format";
import type { TextLine } from "./text-lines";
import { treeProblem } from "./tree-check";
import type { Tree } from "./types";

const TREE_KEYS = new Set([
  "num_leaves",
  "num_cat",
  "split_feature",
  "split_gain",
  "threshold",
  "decision_type",
  "left_child",
  "right_child",
  "leaf_value",
  "leaf_weight",
  "leaf_count",
  "internal_value",
  "internal_weight",
  "internal_count",
  "cat_boundaries",
  "cat_threshold",
  "is_linear",
  "shrinkage",
]);

interface Field {
  value: string;
  line: number;
}

/** Reads the key=value lines of one `Tree=` block; `start` is the first line after `Tree=N`. */
function readFields(lines: TextLine[], start: number): { fields: Map<string, Field>; end: number } {
  const fields = new Map<string, Field>();
  let i = start;
  for (; i < lines.length - 1 && lines[i].text !== ""; i++) {
    const { text, number } = lines[i];
    const eq = text.indexOf("=");
    if (eq <= 0) throw new ModelTextError(number, undefined, `expected key=value inside a tree block, found "${text.slice(0, 60)}"`);
    const key = text.slice(0, eq);
    if (!TREE_KEYS.has(key)) throw new ModelTextError(number, key, "unknown tree field");
    if (fields.has(key)) throw new ModelTextError(number, key, "field appears twice in the same tree");
    fields.set(key, { value: text.slice(eq + 1), line: number });
  }
  return { fields, end: i };
}

function tokens(field: Field): string[] {
  return field.value === "" ? [] : field.value.split(" ");
}

function expectCount(key: string, field: Field, found: number, expected: number, what: string): void {
  if (found !== expected) {
    throw new ModelTextError(field.line, key, `expected ${expected} values (${what}), found ${found}`);
  }
}

function parseNumbers(key: string, field: Field): number[] {
  return tokens(field).map((token, index) => {
    const value = parseNumberToken(token);
    if (value === undefined) throw new ModelTextError(field.line, key, `value #${index + 1} "${token}" is not a number`);
    return value;
  });
}

function parseIntegers(key: string, field: Field, min: number, max: number): number[] {
  return tokens(field).map((token, index) => {
    if (!/^[+-]?\d+$/.test(token)) throw new ModelTextError(field.line, key, `value #${index + 1} "${token}" is not an integer`);
    const value = Number(token);
    if (value < min || value > max) throw new ModelTextError(field.line, key, `value #${index + 1} ${token} is outside ${min}..${max}`);
    return value;
  });
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads a per-node or per-leaf array. Fields LightGBM treats as optional default to zeros, as
 * LightGBM itself does; a single-leaf tree keeps whatever (possibly empty) list the file had,
 * because LightGBM writes such trees' leaf statistics inconsistently and a round trip should
 * reproduce them.
 */
function arrayField(
  fields: Map<string, Field>,
  key: string,
  expected: number,
  what: string,
  parse: (key: string, field: Field) => number[],
  required: boolean,
  blockLine: number,
  singleLeaf: boolean,
): number[] {
  const field = fields.get(key);
  if (field === undefined) {
    if (required) throw new ModelTextError(blockLine, key, "required tree field is missing");
    return new Array<number>(expected).fill(0);
  }
  const values = parse(key, field);
  if (singleLeaf && values.length === 0) return values;
  expectCount(key, field, values.length, expected, what);
  return values;
}

function scalarInteger(fields: Map<string, Field>, key: string, blockLine: number): number {
  const field = fields.get(key);
  if (field === undefined) throw new ModelTextError(blockLine, key, "required tree field is missing");
  const values = parseIntegers(key, field, 0, INT32_MAX);
  if (values.length !== 1) throw new ModelTextError(field.line, key, `expected one integer, found ${values.length} values`);
  return values[0];
}

/**
 * Parses one `Tree=N` block starting at `lines[start]`. Returns the tree and the index of the
 * first line after the block's key=value lines (the blank separator lines are left to the caller).
 */
export function readTreeBlock(
  lines: TextLine[],
  start: number,
  expectedIndex: number,
  numFeatures: number,
): { tree: Tree; end: number } {
  const header = lines[start];
  if (header.text !== `Tree=${expectedIndex}`) {
    throw new ModelTextError(header.number, undefined, `expected "Tree=${expectedIndex}", found "${header.text.slice(0, 60)}"`);
  }
  const { fields, end } = readFields(lines, start + 1);
  const blockLine = header.number;
  const numLeaves = scalarInteger(fields, "num_leaves", blockLine);
  const numCat = scalarInteger(fields, "num_cat", blockLine);
  if (numLeaves < 1) throw new ModelTextError(fields.get("num_leaves")?.line ?? blockLine, "num_leaves", "must be at least 1");

  const linear = fields.get("is_linear");
  if (linear !== undefined && linear.value !== "0") {
    throw new ModelTextError(linear.line, "is_linear", "linear trees (linear_tree=true) are not supported");
  }

  const single = numLeaves === 1;
  const internal = numLeaves - 1;
  const perNode = `num_leaves-1=${internal}`;
  const perLeaf = `num_leaves=${numLeaves}`;
  const ints = (min: number, max: number) => (key: string, field: Field) => parseIntegers(key, field, min, max);
  const nodeRequired = !single;

  const splitFeature = arrayField(fields, "split_feature", internal, perNode, ints(0, INT32_MAX), nodeRequired, blockLine, single);
  const splitGain = arrayField(fields, "split_gain", internal, perNode, parseNumbers, false, blockLine, single);
  const threshold = arrayField(fields, "threshold", internal, perNode, parseNumbers, nodeRequired, blockLine, single);
  const decisionType = arrayField(fields, "decision_type", internal, perNode, ints(0, 127), false, blockLine, single);
  const leftChild = arrayField(fields, "left_child", internal, perNode, ints(INT32_MIN, INT32_MAX), nodeRequired, blockLine, single);
  const rightChild = arrayField(fields, "right_child", internal, perNode, ints(INT32_MIN, INT32_MAX), nodeRequired, blockLine, single);
  const leafValue = arrayField(fields, "leaf_value", numLeaves, perLeaf, parseNumbers, true, blockLine, false);
  const leafWeight = arrayField(fields, "leaf_weight", numLeaves, perLeaf, parseNumbers, false, blockLine, single);
  const leafCount = arrayField(fields, "leaf_count", numLeaves, perLeaf, ints(0, INT32_MAX), false, blockLine, single);
  const internalValue = arrayField(fields, "internal_value", internal, perNode, parseNumbers, false, blockLine, single);
  const internalWeight = arrayField(fields, "internal_weight", internal, perNode, parseNumbers, false, blockLine, single);
  const internalCount = arrayField(fields, "internal_count", internal, perNode, ints(0, INT32_MAX), false, blockLine, single);

  let catBoundaries = [0];
  let catThreshold: number[] = [];
  if (numCat > 0) {
    catBoundaries = arrayField(fields, "cat_boundaries", numCat + 1, "num_cat+1", ints(0, INT32_MAX), true, blockLine, false);
    const thresholdField = fields.get("cat_threshold");
    if (thresholdField === undefined) throw new ModelTextError(blockLine, "cat_threshold", "required tree field is missing");
    catThreshold = parseIntegers("cat_threshold", thresholdField, 0, 0xffffffff);
    expectCount("cat_threshold", thresholdField, catThreshold.length, catBoundaries[numCat], "last cat_boundaries value");
  } else if (fields.has("cat_boundaries") || fields.has("cat_threshold")) {
    const line = (fields.get("cat_boundaries") ?? fields.get("cat_threshold"))?.line ?? blockLine;
    throw new ModelTextError(line, "num_cat", "cat_boundaries/cat_threshold present but num_cat=0");
  }

  let shrinkage = 1;
  const shrinkageField = fields.get("shrinkage");
  if (shrinkageField !== undefined) {
    const values = parseNumbers("shrinkage", shrinkageField);
    if (values.length !== 1) throw new ModelTextError(shrinkageField.line, "shrinkage", "expected one number");
    shrinkage = values[0];
  }

  const tree: Tree = {
    numLeaves,
    numCat,
    splitFeature: Int32Array.from(splitFeature),
    splitGain: Float64Array.from(splitGain),
    threshold: Float64Array.from(threshold),
    decisionType: Uint8Array.from(decisionType),
    leftChild: Int32Array.from(leftChild),
    rightChild: Int32Array.from(rightChild),
    leafValue: Float64Array.from(leafValue),
    leafWeight: Float64Array.from(leafWeight),
    leafCount: Float64Array.from(leafCount),
    internalValue: Float64Array.from(internalValue),
    internalWeight: Float64Array.from(internalWeight),
    internalCount: Float64Array.from(internalCount),
    catBoundaries: Int32Array.from(catBoundaries),
    catThreshold: Uint32Array.from(catThreshold),
    shrinkage,
  };
  const problem = treeProblem(tree, numFeatures);
  if (problem !== undefined) throw new ModelTextError(blockLine, `Tree=${expectedIndex}`, problem);
  return { tree, end };
}
