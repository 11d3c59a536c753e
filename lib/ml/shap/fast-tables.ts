import { shapleyWeights } from "./leaf-game";
import type { LeafPaths } from "./leaf-paths";
import { ShapInputError } from "./errors";

/**
 * Fast TreeSHAP v2 (Yang 2021) precomputation: per leaf and for every subset A of its distinct path
 * features (indexed by bitmask), the leaf's game value with A as the set the row agrees with,
 *   T[A] = v * Z(A) * H(A),   Z(A) = prod_{b not in A} z_b   (see ./leaf-game for H).
 * Then phi_b = -T[A] for b not in A and phi_b = (1 - z_b) / z_b * T[A - b] for b in A, so a row
 * costs k + 1 lookups per leaf instead of O(k^2) work. (Storing the k values of every A side by
 * side, k 2^k doubles per leaf, measured slower: the 7x larger tables cost more cache than the
 * contiguous reads save.) Tables cost 2^k doubles per leaf, so only leaves with at most `cap`
 * features (and no zero cover, which the division by z_b excludes) get one; the others fall back
 * to the direct evaluation.
 */

export interface FastTableOptions {
  /** Leaves with more distinct path features than this are evaluated directly. Default 16, max 24. */
  maxTableFeatures?: number;
  /** Upper bound on the bytes of one set of tables (interactions build a second set). Default 64 MiB. */
  tableBudgetBytes?: number;
}

export const DEFAULT_MAX_TABLE_FEATURES = 16;
export const DEFAULT_TABLE_BUDGET_BYTES = 64 * 2 ** 20;
/** Masks are int32 and a table index must stay an int32 offset. */
const HARD_MAX_TABLE_FEATURES = 24;

export interface LeafTables {
  /** Per leaf: offset of its 2^k-entry table in `values`, or -1 when it is evaluated directly. */
  offset: Int32Array;
  values: Float64Array;
}

function leafSlots(paths: LeafPaths, leaf: number): number {
  return paths.slotStart[leaf + 1] - paths.slotStart[leaf];
}

/**
 * Largest feature count c <= maxTableFeatures such that tables for all leaves with <= c features
 * fit the budget. Lowering the cap rather than picking leaves keeps the choice predictable.
 */
export function chooseTableCap(paths: LeafPaths, options: FastTableOptions = {}): number {
  const maxFeatures = options.maxTableFeatures ?? DEFAULT_MAX_TABLE_FEATURES;
  const budget = options.tableBudgetBytes ?? DEFAULT_TABLE_BUDGET_BYTES;
  if (!Number.isInteger(maxFeatures) || maxFeatures < 0 || maxFeatures > HARD_MAX_TABLE_FEATURES) {
    throw new ShapInputError(`maxTableFeatures must be an integer in 0..${HARD_MAX_TABLE_FEATURES}, got ${maxFeatures}`);
  }
  if (!(budget >= 0)) throw new ShapInputError(`tableBudgetBytes must be non-negative, got ${budget}`);
  const bytesByK = new Float64Array(maxFeatures + 1);
  for (let l = 0; l < paths.numLeaves; l++) {
    const k = leafSlots(paths, l);
    if (k <= maxFeatures) bytesByK[k] += 8 * 2 ** k;
  }
  let cap = 0;
  let total = 0;
  for (let k = 1; k <= maxFeatures; k++) {
    total += bytesByK[k];
    if (total > budget) break;
    cap = k;
  }
  return cap;
}

/**
 * Fills table[Q] = scale * Z(Q) * sum_s weights[s] * R^Q_s for every mask Q of k players,
 * enumerating subsets depth-first so each R^Q is one linear factor away from its parent's and Z
 * one multiplication (O(2^k k) total). Entries whose |Q| exceeds the weight count are never read
 * and get the truncated sum.
 */
function fillTable(
  zero: Float64Array,
  s0: number,
  k: number,
  scale: number,
  weights: Float64Array,
  weightCount: number,
  table: Float64Array,
  at: number,
  stack: Float64Array,
): void {
  const stride = k + 2;
  stack[0] = 1;
  const visit = (bit: number, mask: number, degree: number, absent: number): void => {
    const base = degree * stride;
    if (bit === k) {
      const top = degree < weightCount - 1 ? degree : weightCount - 1;
      let sum = 0;
      for (let s = 0; s <= top; s++) sum += weights[s] * stack[base + s];
      table[at + mask] = scale * absent * sum;
      return;
    }
    const z = zero[s0 + bit];
    visit(bit + 1, mask, degree, absent * z);
    // R^(Q + bit) = R^Q * (z_bit + t), written to the next stack level.
    const next = base + stride;
    stack[next + degree + 1] = stack[base + degree];
    for (let s = degree; s > 0; s--) stack[next + s] = z * stack[base + s] + stack[base + s - 1];
    stack[next] = z * stack[base];
    visit(bit + 1, mask | (1 << bit), degree + 1, absent);
  };
  visit(0, 0, 0, 1);
}

/** Whether a leaf gets a table: few enough features, none with a zero cover ratio. */
function tabled(paths: LeafPaths, leaf: number, cap: number): boolean {
  const k = leafSlots(paths, leaf);
  if (k > cap) return false;
  for (let s = paths.slotStart[leaf]; s < paths.slotStart[leaf + 1]; s++) if (!(paths.slotZero[s] > 0)) return false;
  return true;
}

/**
 * Builds tables for the eligible leaves. `pairwise` selects the interaction tables (weights of a
 * (k-1)-player game, scale v/2; leaves with one feature have no pairs) instead of the
 * contribution tables (k-player weights, scale v).
 */
export function buildLeafTables(paths: LeafPaths, cap: number, pairwise: boolean): LeafTables {
  const offset = new Int32Array(paths.numLeaves).fill(-1);
  const minK = pairwise ? 2 : 1;
  let size = 0;
  for (let l = 0; l < paths.numLeaves; l++) {
    const k = leafSlots(paths, l);
    if (k >= minK && tabled(paths, l, cap)) {
      offset[l] = size;
      size += 2 ** k;
    }
  }
  const values = new Float64Array(size);
  const weights = new Float64Array(cap + 2);
  const stack = new Float64Array((cap + 2) * (cap + 2));
  for (let l = 0; l < paths.numLeaves; l++) {
    if (offset[l] < 0) continue;
    const k = leafSlots(paths, l);
    const players = pairwise ? k - 1 : k;
    shapleyWeights(players, weights);
    const scale = pairwise ? 0.5 * paths.leafValue[l] : paths.leafValue[l];
    fillTable(paths.slotZero, paths.slotStart[l], k, scale, weights, players, values, offset[l], stack);
  }
  return { offset, values };
}
