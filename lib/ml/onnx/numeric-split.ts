import { ZERO_THRESHOLD, numericGoesLeft } from "../model/tree-eval";

/**
 * A LightGBM numeric split rewritten as comparisons an ONNX tree ensemble can express.
 *
 * LightGBM's rule is not a single comparison: with missing type Zero, values in
 * [-kZeroThreshold, kZeroThreshold] take the default direction, and NaN goes wherever the
 * missing type sends it. Over the reals the rule is still piecewise constant with at most three
 * breakpoints, so it becomes a chain of `x < c` / `x <= c` tests whose outcomes alternate
 * between left and right, plus a NaN direction. The side of each piece is obtained by running
 * LightGBM's own rule (numericGoesLeft) on a point of that piece, so the rewrite cannot drift
 * from the evaluator.
 */

export interface Cut {
  value: number;
  /** true: the test is `x < value`; false: `x <= value`. */
  strict: boolean;
}

export interface PiecewiseSplit {
  /** Ascending cuts; a value belongs to piece i when it passes cut i but no earlier cut. */
  cuts: Cut[];
  /** Per piece (cuts.length + 1 of them): whether it goes left. */
  pieceLeft: boolean[];
  nanLeft: boolean;
}

const float64 = new Float64Array(1);
const int64 = new BigInt64Array(float64.buffer);

/** The adjacent double below `x` (x finite or +Infinity). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  float64[0] = x;
  int64[0] += x > 0 ? -1n : 1n;
  return float64[0];
}

function nextUp(x: number): number {
  return -nextDown(-x);
}

/** A point of the piece that ends at `cut` (the values passing `cut` but not the one before). */
function pointEndingAt(cut: Cut): number {
  // Nothing lies below -Infinity; standing in with the piece above makes this cut disappear.
  if (!cut.strict || cut.value === -Infinity) return cut.value;
  return nextDown(cut.value);
}

/** A point above the last cut (for `x <= +Infinity` nothing is above; +Infinity then stands in
 * for the piece below, which makes the two pieces agree and the cut disappear). */
function pointAfter(cut: Cut): number {
  if (cut.strict || cut.value === Infinity) return cut.value;
  return nextUp(cut.value);
}

function compareCuts(a: Cut, b: Cut): number {
  if (a.value !== b.value) return a.value - b.value;
  // `x < c` admits fewer values than `x <= c`, so it comes first in the chain.
  return Number(b.strict) - Number(a.strict);
}

export function piecewiseSplit(threshold: number, decisionType: number): PiecewiseSplit {
  const candidates: Cut[] = [{ value: threshold, strict: false }];
  if (((decisionType >> 2) & 3) === 1) {
    candidates.push({ value: -ZERO_THRESHOLD, strict: true }, { value: ZERO_THRESHOLD, strict: false });
  }
  candidates.sort(compareCuts);
  const distinct = candidates.filter((cut, i) => i === 0 || compareCuts(cut, candidates[i - 1]) !== 0);
  const goesLeft = (x: number) => numericGoesLeft(x, threshold, decisionType);
  const labels = distinct.map((cut) => goesLeft(pointEndingAt(cut)));
  labels.push(goesLeft(pointAfter(distinct[distinct.length - 1])));

  // Drop cuts between pieces that go the same way.
  const cuts: Cut[] = [];
  const pieceLeft: boolean[] = [labels[0]];
  distinct.forEach((cut, i) => {
    if (labels[i + 1] !== pieceLeft[pieceLeft.length - 1]) {
      cuts.push(cut);
      pieceLeft.push(labels[i + 1]);
    }
  });
  return { cuts, pieceLeft, nanLeft: goesLeft(Number.NaN) };
}

const float32 = new Float32Array(1);
const int32 = new Int32Array(float32.buffer);

/** The adjacent float32 below the float32 `f` (f > -Infinity). */
function nextDownFloat(f: number): number {
  if (f === 0) return -1.401298464324817e-45;
  float32[0] = f;
  int32[0] += f > 0 ? -1 : 1;
  return float32[0];
}

/**
 * The float32 cut that makes a float32 comparison decide exactly as the float64 one does for
 * every float32 input: `x <= c` holds iff `x <= (largest float32 <= c)`, and `x < c` holds iff
 * `x < (smallest float32 >= c)`.
 */
export function float32Cut(cut: Cut): number {
  if (cut.strict) {
    const f = Math.fround(cut.value);
    return f < cut.value ? -nextDownFloat(-f) : f;
  }
  const f = Math.fround(cut.value);
  return f > cut.value ? nextDownFloat(f) : f;
}
