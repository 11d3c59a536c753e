import { type OnnxExportOptions, boosterToOnnx } from "../../../lib/ml/onnx/export-onnx";
import { createOnnxSession, runOnnxOutput } from "../../../lib/ml/onnx/run-onnx";
import type { Booster } from "../../../lib/ml/model/types";
import { predictRawRow } from "../../../lib/ml/model/predict";

export interface OnnxScores {
  raw: Float64Array;
  probability: Float64Array;
  label: Float64Array;
}

/** Exports `booster`, runs it in onnxruntime-node and returns all three outputs. */
export async function scoreWithOnnx(
  booster: Booster,
  data: Float64Array,
  numRows: number,
  numFeatures: number,
  opts: OnnxExportOptions = {},
): Promise<OnnxScores> {
  const session = await createOnnxSession(boosterToOnnx(booster, opts));
  try {
    return {
      raw: await runOnnxOutput(session, data, numRows, numFeatures, "raw"),
      probability: await runOnnxOutput(session, data, numRows, numFeatures, "probability"),
      label: await runOnnxOutput(session, data, numRows, numFeatures, "label"),
    };
  } finally {
    await session.release();
  }
}

/** Row path raw scores, the reference the ONNX scores are compared with. */
export function rowScores(booster: Booster, data: Float64Array, numRows: number, numFeatures: number): Float64Array {
  const out = new Float64Array(numRows);
  for (let r = 0; r < numRows; r++) out[r] = predictRawRow(booster, data.subarray(r * numFeatures, (r + 1) * numFeatures));
  return out;
}

/** Rows whose scores differ by more than `tolerance`, with both values, for readable failures. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) out.push([i, actual[i], expected[i]]);
  }
  return out;
}
