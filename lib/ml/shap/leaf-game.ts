/**
 * Shapley arithmetic of one leaf's game. With the leaf's k distinct path features as players, the
 * path-dependent conditional expectation restricted to the leaf is the product
 *   g(S) = v * prod_{d in S} o_d * prod_{d not in S} z_d,
 * with o_d in {0, 1} (does the row follow the path at every node splitting on d?) and z_d the
 * product of cover ratios at those nodes. Let A be the players with o = 1, B those with o = 0,
 * Z_B = prod_{d in B} z_d, and for a set Q
 *   H_m(Q) = sum_{S subset of Q} W(|S|, m) prod_{d in Q \ S} z_d,   W(s, m) = s! (m-1-s)! / m!.
 * Expanding the Shapley sums (terms with a player of B in S vanish) gives
 *   phi_b = v (1 - z_b) Z_B H_k(A \ {b})       for b in A,
 *   phi_b = -v Z_B H_k(A)                      for b in B,
 * and for the pairwise interaction index (TreeExplainer's, halved so that rows sum to phi):
 *   Phi_bc = v/2 (1-z_b)(1-z_c) Z_B H_{k-1}(A \ {b,c})   b, c in A,
 *   Phi_bc = -v/2 (1-z_b) Z_B H_{k-1}(A \ {b})           b in A, c in B,
 *   Phi_bc = v/2 Z_B H_{k-1}(A)                           b, c in B.
 * H_m(Q) = sum_s W(s, m) R_s with R the polynomial prod_{d in Q} (z_d + t). Fast TreeSHAP v2
 * tabulates H per leaf for every subset Q (./fast-tables); the direct evaluation below serves leaves
 * with too many features for a table, in O(k^2) (contributions) or O(k^3) (interactions).
 */

/** W(s, m) for s = 0 .. m-1 into out[0 .. m-1], by the ratio recurrence (no factorial overflow). */
export function shapleyWeights(m: number, out: Float64Array): void {
  if (m <= 0) return;
  out[0] = 1 / m;
  for (let s = 0; s + 1 < m; s++) out[s + 1] = (out[s] * (s + 1)) / (m - 1 - s);
}

/** poly (degree `degree`) times (z + t), in place; returns the new degree. */
export function multiplyLinear(poly: Float64Array, degree: number, z: number): number {
  poly[degree + 1] = poly[degree];
  for (let s = degree; s > 0; s--) poly[s] = z * poly[s] + poly[s - 1];
  poly[0] *= z;
  return degree + 1;
}

/**
 * quotient = poly / (z + t) for a poly of degree `degree` divisible by it. Runs from the top
 * coefficient down, where each step multiplies the carried error by z <= 1, so it is stable.
 */
export function divideLinear(poly: Float64Array, degree: number, z: number, quotient: Float64Array): void {
  let carry = poly[degree];
  quotient[degree - 1] = carry;
  for (let s = degree - 1; s > 0; s--) {
    carry = poly[s] - z * carry;
    quotient[s - 1] = carry;
  }
}

/** sum_s weights[s] * poly[s] over s = 0 .. min(degree, weightCount - 1). */
export function weightedSum(poly: Float64Array, degree: number, weights: Float64Array, weightCount: number): number {
  const top = degree < weightCount - 1 ? degree : weightCount - 1;
  let sum = 0;
  for (let s = 0; s <= top; s++) sum += weights[s] * poly[s];
  return sum;
}

/** Scratch space for direct leaf evaluation, sized for leaves of up to `maxSlots` players. */
export class LeafScratch {
  readonly weights: Float64Array;
  readonly weightsPair: Float64Array;
  readonly poly: Float64Array;
  readonly quotient: Float64Array;
  readonly quotient2: Float64Array;
  readonly inA: Uint8Array;
  /** A tabled leaf's agreeing / disagreeing slots (see addFastInteractions). */
  readonly agree: Int32Array;
  readonly disagree: Int32Array;
  /** [degree of R, Z_B] from buildProduct. */
  readonly product = new Float64Array(2);

  constructor(maxSlots: number) {
    const size = maxSlots + 2;
    this.weights = new Float64Array(size);
    this.weightsPair = new Float64Array(size);
    this.poly = new Float64Array(size);
    this.quotient = new Float64Array(size);
    this.quotient2 = new Float64Array(size);
    this.inA = new Uint8Array(size);
    this.agree = new Int32Array(size);
    this.disagree = new Int32Array(size);
  }
}

/**
 * Builds R = prod_{b in A} (z_b + t) into scratch.poly from scratch.inA and stores [degree, Z_B]
 * in scratch.product (an out-parameter keeps the hot loop allocation-free).
 */
function buildProduct(zero: Float64Array, s0: number, k: number, scratch: LeafScratch): void {
  const { poly, inA, product } = scratch;
  poly[0] = 1;
  let degree = 0;
  let zb = 1;
  for (let b = 0; b < k; b++) {
    if (inA[b]) degree = multiplyLinear(poly, degree, zero[s0 + b]);
    else zb *= zero[s0 + b];
  }
  product[0] = degree;
  product[1] = zb;
}

/**
 * Adds the leaf's contributions to phi[phiOffset + feature] for a leaf of k players whose slot
 * data starts at s0, with scratch.inA holding the row's o-flags.
 */
export function addLeafContributions(
  value: number,
  slotFeature: Int32Array,
  slotZero: Float64Array,
  s0: number,
  k: number,
  scratch: LeafScratch,
  phi: Float64Array,
  phiOffset: number,
): void {
  buildProduct(slotZero, s0, k, scratch);
  const degree = scratch.product[0];
  const scaled = value * scratch.product[1];
  if (scaled === 0) return;
  const { weights, poly, quotient, inA } = scratch;
  shapleyWeights(k, weights);
  const absent = degree < k ? scaled * weightedSum(poly, degree, weights, k) : 0;
  for (let b = 0; b < k; b++) {
    const feature = phiOffset + slotFeature[s0 + b];
    if (inA[b]) {
      const z = slotZero[s0 + b];
      divideLinear(poly, degree, z, quotient);
      phi[feature] += scaled * (1 - z) * weightedSum(quotient, degree - 1, weights, k);
    } else {
      phi[feature] -= absent;
    }
  }
}

/**
 * Adds the leaf's pairwise interactions (b != c) to out[offset + f_b * width + f_c] for the
 * upper triangle only (f_b < f_c); the caller mirrors. Same inputs as addLeafContributions.
 */
export function addLeafInteractions(
  value: number,
  slotFeature: Int32Array,
  slotZero: Float64Array,
  s0: number,
  k: number,
  scratch: LeafScratch,
  out: Float64Array,
  offset: number,
  width: number,
): void {
  if (k < 2) return;
  buildProduct(slotZero, s0, k, scratch);
  const degree = scratch.product[0];
  const scaled = 0.5 * value * scratch.product[1];
  if (scaled === 0) return;
  const { weightsPair: w, poly, quotient, quotient2, inA } = scratch;
  shapleyWeights(k - 1, w);
  const bothAbsent = scaled * weightedSum(poly, degree, w, k - 1);
  for (let b = 0; b < k; b++) {
    const zb = slotZero[s0 + b];
    if (inA[b]) divideLinear(poly, degree, zb, quotient);
    for (let c = b + 1; c < k; c++) {
      const zc = slotZero[s0 + c];
      let add: number;
      if (inA[b] && inA[c]) {
        divideLinear(quotient, degree - 1, zc, quotient2);
        add = scaled * (1 - zb) * (1 - zc) * weightedSum(quotient2, degree - 2, w, k - 1);
      } else if (inA[b]) {
        add = -scaled * (1 - zb) * weightedSum(quotient, degree - 1, w, k - 1);
      } else if (inA[c]) {
        divideLinear(poly, degree, zc, quotient2);
        add = -scaled * (1 - zc) * weightedSum(quotient2, degree - 1, w, k - 1);
      } else {
        add = bothAbsent;
      }
      const fb = slotFeature[s0 + b];
      const fc = slotFeature[s0 + c];
      out[fb < fc ? offset + fb * width + fc : offset + fc * width + fb] += add;
    }
  }
}
