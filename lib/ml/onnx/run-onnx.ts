import * as ort from "onnxruntime-node";
import { ONNX_INPUT, ONNX_OUTPUT_PROBABILITY } from "./export-onnx";

/**
 * Scoring of an exported model (./export-onnx) with onnxruntime-node. The input element type is
 * read from the session, so double and float exports are both accepted; float models get their
 * input rounded to float32, which is what they were exported to handle exactly.
 */

/**
 * One intra-op thread: tree ensembles gain little from splitting a batch, and the scoring run's
 * SHAP workers already use the other cores.
 */
export async function createOnnxSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

function inputIsFloat32(session: ort.InferenceSession): boolean {
  const meta = session.inputMetadata.find((m) => m.name === ONNX_INPUT);
  return meta !== undefined && meta.isTensor && meta.type === "float32";
}

/** Runs the session on a row-major [numRows, numFeatures] matrix; returns the named output as doubles. */
export async function runOnnxOutput(
  session: ort.InferenceSession,
  data: Float64Array,
  numRows: number,
  numFeatures: number,
  output: string = ONNX_OUTPUT_PROBABILITY,
): Promise<Float64Array> {
  if (data.length !== numRows * numFeatures) {
    throw new Error(`matrix has ${data.length} values, expected ${numRows}x${numFeatures}`);
  }
  const input = inputIsFloat32(session)
    ? new ort.Tensor("float32", Float32Array.from(data), [numRows, numFeatures])
    : new ort.Tensor("float64", data, [numRows, numFeatures]);
  const results = await session.run({ [ONNX_INPUT]: input }, [output]);
  const values = results[output].data;
  if (values instanceof Float64Array || values instanceof Float32Array) return Float64Array.from(values);
  // The int64 `label` output arrives as BigInt64Array.
  if (values instanceof BigInt64Array) return Float64Array.from(values, Number);
  throw new Error(`output "${output}" is not a numeric tensor`);
}

/** Probability of class 1 per row, from a model exported by boosterToOnnx. */
export async function scoreOnnx(model: Uint8Array, data: Float64Array, numRows: number, numFeatures: number): Promise<Float64Array> {
  const session = await createOnnxSession(model);
  try {
    return await runOnnxOutput(session, data, numRows, numFeatures);
  } finally {
    await session.release();
  }
}
