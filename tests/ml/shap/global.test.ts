import { describe, expect, it } from "vitest";
import { interactionRowSize, meanAbsInteractions, meanAbsShap, sampleRows, ShapExplainer, topInteractionPairs } from "../../../lib/ml/shap";
import { fixtureBooster, fixtureRows } from "./fixtures";

describe("meanAbsShap", () => {
  it("averages |contribution| per feature and ignores the expected-value column", () => {
    const values = Float64Array.of(1, -2, 5, -3, 4, 5);
    expect(Array.from(meanAbsShap(values, 2, 2))).toEqual([2, 3]);
    expect(Array.from(meanAbsShap(new Float64Array(0), 0, 2))).toEqual([0, 0]);
    expect(() => meanAbsShap(values, 3, 2)).toThrow(/contributions has 6 values, expected 3 rows x 3 = 9/);
  });
});

describe("meanAbsInteractions and topInteractionPairs", () => {
  const booster = fixtureBooster("main");
  const { data, numRows, numFeatures, featureNames } = fixtureRows();
  const explainer = new ShapExplainer(booster);
  const sample = sampleRows(data, numRows, numFeatures, 200, 3);
  const interactions = explainer.interactionValues(sample.data, sample.numRows, numFeatures);
  const matrix = meanAbsInteractions(interactions, sample.numRows, numFeatures);

  it("returns a symmetric numFeatures x numFeatures matrix of mean |Phi_ij|", () => {
    expect(matrix.length).toBe(numFeatures * numFeatures);
    const size = interactionRowSize(numFeatures);
    const width = numFeatures + 1;
    let expected01 = 0;
    for (let r = 0; r < sample.numRows; r++) expected01 += Math.abs(interactions[r * size + width * 0 + 1]);
    expect(matrix[1]).toBeCloseTo(expected01 / sample.numRows, 15);
    for (let i = 0; i < numFeatures; i++) for (let j = 0; j < numFeatures; j++) expect(matrix[i * numFeatures + j]).toBe(matrix[j * numFeatures + i]);
  });

  it("ranks off-diagonal pairs, largest first", () => {
    const top = topInteractionPairs(matrix, featureNames, 3);
    expect(top).toHaveLength(3);
    expect(top[0].value).toBeGreaterThanOrEqual(top[1].value);
    expect(top[1].value).toBeGreaterThanOrEqual(top[2].value);
    for (const pair of top) {
      expect(pair.i).toBeLessThan(pair.j);
      expect(pair.names).toEqual([featureNames[pair.i], featureNames[pair.j]]);
      expect(pair.value).toBe(matrix[pair.i * numFeatures + pair.j]);
    }
    expect(topInteractionPairs(Float64Array.of(0, 2, 2, 0), ["a", "b"], 5)).toEqual([{ i: 0, j: 1, names: ["a", "b"], value: 2 }]);
    expect(() => topInteractionPairs(matrix, ["a"], 1)).toThrow(/expected 1 x 1/);
  });

  it("samples distinct rows in order, reproducibly", () => {
    expect(sample.numRows).toBe(200);
    for (let s = 1; s < sample.rows.length; s++) expect(sample.rows[s]).toBeGreaterThan(sample.rows[s - 1]);
    expect(sample.data.subarray(0, numFeatures)).toEqual(data.subarray(sample.rows[0] * numFeatures, (sample.rows[0] + 1) * numFeatures));
    expect(sampleRows(data, numRows, numFeatures, 200, 3).rows).toEqual(sample.rows);
    expect(sampleRows(data, numRows, numFeatures, 5000, 3).numRows).toBe(numRows);
  });
});
