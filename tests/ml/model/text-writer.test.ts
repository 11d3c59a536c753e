import { describe, expect, it } from "vitest";
import { splitImportance } from "../../../lib/ml/model/feature-importance";
import { predictRawMatrix } from "../../../lib/ml/model/predict";
import { parseModelText } from "../../../lib/ml/model/text-reader";
import { writeModelText } from "../../../lib/ml/model/text-writer";
import { edgeRows } from "./edge-rows";
import { MODEL_NAMES, modelText, testMatrix } from "./lightgbm-fixtures";
import { makeBooster, makeTree, stump } from "./synthetic-trees";

/**
 * Byte length of each `Tree=N` block, measured directly on the text: from the start of its
 * `Tree=` line to the start of the next `Tree=` line or of `end of trees`.
 */
function measuredTreeSizes(text: string): number[] {
  const starts = [...text.matchAll(/^(Tree=\d+|end of trees)$/gm)].map((m) => m.index);
  const sizes: number[] = [];
  for (let i = 0; i + 1 < starts.length; i++) sizes.push(Buffer.byteLength(text.slice(starts[i], starts[i + 1]), "utf8"));
  return sizes;
}

function declaredTreeSizes(text: string): number[] {
  const line = /^tree_sizes=(.*)$/m.exec(text);
  return line === null ? [] : line[1].split(" ").map(Number);
}

const matrix = testMatrix();

describe.each(MODEL_NAMES)("writeModelText on the %s fixture", (name) => {
  const original = modelText(name);
  const booster = parseModelText(original);

  it("round-trips the file byte for byte", () => {
    expect(writeModelText(booster)).toBe(original);
  });

  it("writes tree_sizes equal to the measured block lengths", () => {
    const written = writeModelText(booster);
    expect(measuredTreeSizes(original)).toEqual(declaredTreeSizes(original));
    expect(declaredTreeSizes(written)).toEqual(measuredTreeSizes(written));
    expect(declaredTreeSizes(written)).toHaveLength(booster.trees.length);
  });

  it("writes an edited model that reads back with identical predictions", () => {
    const edited = parseModelText(original);
    edited.trees[0].leafValue[3] = 0.1 + 0.2;
    edited.trees[1].threshold[2] = Math.PI;
    edited.trees[2].splitGain[0] = 0;
    const written = writeModelText(edited);
    const reread = parseModelText(written);
    expect(writeModelText(reread)).toBe(written);
    expect(declaredTreeSizes(written)).toEqual(measuredTreeSizes(written));
    const expected = predictRawMatrix(edited, matrix.data, matrix.numRows, matrix.numFeatures);
    expect(predictRawMatrix(reread, matrix.data, matrix.numRows, matrix.numFeatures)).toEqual(expected);
    // The zero-gain split no longer counts towards its feature's importance.
    const feature = edited.featureNames[edited.trees[2].splitFeature[0]];
    const before = new Map(splitImportance(booster));
    const after = new Map(splitImportance(edited));
    expect(after.get(feature)).toBe((before.get(feature) ?? 0) - 1);
  });
});

describe("writeModelText beyond the fixtures", () => {
  it("keeps the Python package's pandas_categorical line and monotone constraints", () => {
    const text = modelText("main")
      .replace("feature_infos=", "monotone_constraints=0 1 0 -1 0 0 0 0\nfeature_infos=")
      .concat('\npandas_categorical:[["a", "b"], [1, 2]]\n');
    const booster = parseModelText(text);
    expect(booster.monotoneConstraints).toEqual([0, 1, 0, -1, 0, 0, 0, 0]);
    expect(booster.pandasCategorical).toBe('[["a", "b"], [1, 2]]');
    expect(writeModelText(booster)).toBe(text);
  });

  it("round-trips a model holding a single-leaf tree", () => {
    const main = modelText("main");
    const singleLeaf = [
      "Tree=0",
      "num_leaves=1",
      "num_cat=0",
      "split_feature=",
      "split_gain=",
      "threshold=",
      "decision_type=",
      "left_child=",
      "right_child=",
      "leaf_value=-0.5",
      "leaf_weight=",
      "leaf_count=",
      "internal_value=",
      "internal_weight=",
      "internal_count=",
      "is_linear=0",
      "shrinkage=1",
      "",
      "",
      "",
    ].join("\n");
    const header = main.slice(0, main.indexOf("tree_sizes="));
    const trailer = main.slice(main.indexOf("end of trees"));
    const text = `${header}tree_sizes=${Buffer.byteLength(singleLeaf)}\n\n${singleLeaf}${trailer}`.replace(
      /feature_importances:\n(.*\n)*?\nparameters:/,
      "feature_importances:\n\nparameters:",
    );
    const booster = parseModelText(text);
    expect(booster.trees[0].numLeaves).toBe(1);
    expect(writeModelText(booster)).toBe(text);
  });

  it("writes hand-built boosters that read back to the same scores", () => {
    const booster = makeBooster(
      [
        stump({ feature: 0, threshold: 0.1, decisionType: 1 << 2 }, 0.25, -0.75),
        stump({ feature: 1, decisionType: 1, categories: [1, 3, 40] }, 0.5, 1e-17),
        makeTree(
          [
            { feature: 0, threshold: -1e300, decisionType: 2 | (2 << 2), left: -1, right: 1 },
            { feature: 1, decisionType: 1, categories: [0], left: -2, right: -3 },
          ],
          [1 / 3, -2 / 3, 5e-324],
        ),
      ],
      2,
    );
    const text = writeModelText(booster);
    const reread = parseModelText(text);
    expect(writeModelText(reread)).toBe(text);
    const rows = edgeRows(booster, [[0.5, 3], [Number.NaN, Number.NaN]]);
    expect(predictRawMatrix(reread, rows.data, rows.numRows, rows.numFeatures)).toEqual(
      predictRawMatrix(booster, rows.data, rows.numRows, rows.numFeatures),
    );
  });

  it("refuses to write a structurally broken tree", () => {
    const booster = parseModelText(modelText("main"));
    booster.trees[5].rightChild[0] = 0;
    expect(() => writeModelText(booster)).toThrow(/Tree=5: right_child\[0\]=0 reaches node 0 a second time/);
  });
});
