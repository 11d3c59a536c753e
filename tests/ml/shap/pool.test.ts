import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShapExplainer, ShapInputError, ShapPool } from "../../../lib/ml/shap";
import { fixtureBooster, fixtureRows } from "./fixtures";
import { constantTree, makeBooster } from "./random-trees";

// Runs the real worker threads (tsx-loaded TypeScript) from inside vitest.
describe("ShapPool", () => {
  const booster = fixtureBooster("bagged");
  const { data, numRows, numFeatures } = fixtureRows();
  const local = new ShapExplainer(booster);
  let pool: ShapPool;

  beforeAll(async () => {
    pool = await ShapPool.create(booster, { workers: 2, chunkRows: 97 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it("gives exactly the single-thread contributions, in row order", async () => {
    expect(pool.size).toBe(2);
    expect(pool.expectedValue).toBe(local.expectedValue);
    const values = await pool.shapValues(data, numRows, numFeatures);
    expect(values).toEqual(local.shapValues(data, numRows, numFeatures));
    const plain = await pool.shapValues(data.subarray(0, 50 * numFeatures), 50, numFeatures, { algorithm: "plain" });
    expect(plain).toEqual(local.shapValues(data.subarray(0, 50 * numFeatures), 50, numFeatures, { algorithm: "plain" }));
  });

  it("gives exactly the single-thread interaction values", async () => {
    const sample = data.subarray(0, 300 * numFeatures);
    expect(await pool.interactionValues(sample, 300, numFeatures)).toEqual(local.interactionValues(sample, 300, numFeatures));
  });

  it("serves concurrent calls and leaves the caller's buffer intact", async () => {
    const copy = data.slice();
    const [a, b] = await Promise.all([pool.shapValues(data, numRows, numFeatures), pool.shapValues(copy.subarray(0, 10 * numFeatures), 10, numFeatures)]);
    expect(a.subarray(0, 10 * (numFeatures + 1))).toEqual(b);
    expect(data).toEqual(copy);
  });

  it("rejects bad input before sending it to a worker", async () => {
    await expect(pool.shapValues(new Float64Array(7), 1, 7)).rejects.toThrow(/rows have 7 features, but the model has 8/);
    await expect(pool.shapValues(new Float64Array(7), 1, 7)).rejects.toBeInstanceOf(ShapInputError);
  });

  it("refuses a model without trees without starting workers", async () => {
    await expect(ShapPool.create({ ...booster, trees: [] })).rejects.toThrow(/model has no trees/);
  });

  it("is unusable after close()", async () => {
    const small = await ShapPool.create(makeBooster([constantTree(1)], 2), { workers: 1 });
    expect(Array.from(await small.shapValues(Float64Array.of(1, 2), 1, 2))).toEqual([0, 0, 1]);
    await small.close();
    await expect(small.shapValues(Float64Array.of(1, 2), 1, 2)).rejects.toThrow(/ShapPool is closed/);
  });
});
