import { describe, expect, it } from "vitest";
import { ModelTextError } from "../../../lib/ml/model/model-text-error";
import { predictProbaMatrix, predictRawMatrix } from "../../../lib/ml/model/predict";
import { parseModelText } from "../../../lib/ml/model/text-reader";
import { DECISION_CATEGORICAL, MISSING_NAN, missingType } from "../../../lib/ml/model/types";
import { MODEL_NAMES, expectedColumn, modelText, testMatrix } from "./lightgbm-fixtures";

const matrix = testMatrix();

describe.each(MODEL_NAMES)("parseModelText on the %s fixture", (name) => {
  const booster = parseModelText(modelText(name));

  it("reads the header and every tree", () => {
    expect(booster.version).toBe("v4");
    expect(booster.objective).toBe("binary sigmoid:1");
    expect(booster.featureNames).toEqual(matrix.featureNames);
    expect(booster.trees).toHaveLength(name === "main" ? 40 : 60);
    expect(booster.parameters[0]).toEqual(["boosting", "gbdt"]);
    expect(booster.parameters.find(([key]) => key === "objective")?.[1]).toBe("binary");
    expect(booster.pandasCategorical).toBe("null");
    expect(booster.hasPandasCategoricalLine).toBe(false);
  });

  it("keeps categorical splits and missing-value directions", () => {
    const decisions = booster.trees.flatMap((tree) => Array.from(tree.decisionType));
    expect(decisions.some((d) => d & DECISION_CATEGORICAL)).toBe(true);
    expect(decisions.some((d) => missingType(d) === MISSING_NAN)).toBe(true);
    const withCats = booster.trees.find((tree) => tree.numCat > 0);
    expect(withCats?.catBoundaries.length).toBe((withCats?.numCat ?? 0) + 1);
  });

  it("reproduces LightGBM's raw scores (1e-9) and probabilities (1e-12) on every test row", () => {
    const raw = predictRawMatrix(booster, matrix.data, matrix.numRows, matrix.numFeatures);
    const prob = predictProbaMatrix(booster, matrix.data, matrix.numRows, matrix.numFeatures);
    const expectedRaw = expectedColumn(name, "raw");
    const expectedProb = expectedColumn(name, "prob");
    expect(raw).toHaveLength(expectedRaw.length);
    let worstRaw = 0;
    let worstProb = 0;
    for (let r = 0; r < matrix.numRows; r++) {
      worstRaw = Math.max(worstRaw, Math.abs(raw[r] - expectedRaw[r]));
      worstProb = Math.max(worstProb, Math.abs(prob[r] - expectedProb[r]));
    }
    expect(worstRaw).toBeLessThan(1e-9);
    expect(worstProb).toBeLessThan(1e-12);
  });
});

/** Applies `edit` to the main fixture's text and returns the error parsing it raises. */
function errorFor(edit: (text: string) => string): ModelTextError {
  try {
    parseModelText(edit(modelText("main")));
  } catch (error) {
    if (error instanceof ModelTextError) return error;
    throw error;
  }
  throw new Error("expected parseModelText to fail");
}

/** 1-based number of the first line starting with `prefix` in the main fixture. */
function lineOf(prefix: string): number {
  return modelText("main").split("\n").findIndex((line) => line.startsWith(prefix)) + 1;
}

describe("parseModelText on malformed text", () => {
  it("rejects an unknown format version", () => {
    const error = errorFor((t) => t.replace("version=v4", "version=v9"));
    expect(error.message).toMatch(/line 2 \(version\): unsupported model format version "v9"/);
  });

  it("rejects multiclass models with a clear message", () => {
    const error = errorFor((t) => t.replace("num_class=1", "num_class=3").replace("num_tree_per_iteration=1", "num_tree_per_iteration=3"));
    expect(error.field).toBe("num_class");
    expect(error.message).toMatch(/multiclass models are not supported \(num_class=3\)/);
  });

  it("names the line and field of an array with the wrong length", () => {
    const error = errorFor((t) => t.replace(/^(threshold=\S+) /m, "threshold="));
    expect(error.line).toBe(lineOf("threshold="));
    expect(error.field).toBe("threshold");
    expect(error.message).toMatch(/expected 14 values \(num_leaves-1=14\), found 13/);
  });

  it("names a value that is not a number", () => {
    const error = errorFor((t) => t.replace(/^leaf_value=\S+/m, "leaf_value=abc"));
    expect(error.line).toBe(lineOf("leaf_value="));
    expect(error.message).toMatch(/leaf_value\): value #1 "abc" is not a number/);
  });

  it("detects a tree_sizes entry that does not match its block", () => {
    const error = errorFor((t) => t.replace("tree_sizes=1734 1734", "tree_sizes=1734 1735"));
    expect(error.field).toBe("tree_sizes");
    expect(error.message).toMatch(/Tree=1 block is 1734 bytes, tree_sizes says 1735/);
  });

  it("detects a child pointer outside the tree", () => {
    const error = errorFor((t) => t.replace("left_child=2 3 8", "left_child=2 3 99"));
    expect(error.field).toBe("Tree=0");
    expect(error.message).toMatch(/left_child\[2\]=99 points past the last internal node 13/);
  });

  it("rejects missing required fields, unknown fields and linear trees", () => {
    expect(errorFor((t) => t.replace(/^label_index=0\n/m, "")).message).toMatch(/\(label_index\): required header field is missing/);
    expect(errorFor((t) => t.replace("is_linear=0", "is_linear=1")).message).toMatch(/linear trees/);
    expect(errorFor((t) => t.replace("shrinkage=1\n", "shrinkage=1\nsurprise=1\n")).message).toMatch(/\(surprise\): unknown tree field/);
  });

  it("rejects a truncated file", () => {
    const text = modelText("main");
    const error = errorFor(() => text.slice(0, text.indexOf("end of trees")));
    expect(error.message).toMatch(/expected "Tree=40" or "end of trees"/);
    expect(() => parseModelText("")).toThrow(/line 1: expected the model type line "tree"/);
  });

  it("rejects a wrong feature count and a bad parameters line", () => {
    expect(errorFor((t) => t.replace("max_feature_idx=7", "max_feature_idx=8")).message).toMatch(/feature_names\): expected 9 names/);
    expect(errorFor((t) => t.replace("[boosting: gbdt]", "boosting gbdt")).message).toMatch(/\(parameters\): expected "\[name: value\]"/);
  });
});
