import { categoryGoesLeft as importedCategoryGoesLeft, numericGoesLeft as importedNumericGoesLeft } from "../model/tree-eval";
import { DECISION_CATEGORICAL as IMPORTED_DECISION_CATEGORICAL } from "../model/types";
import type { LeafTables } from "./fast-tables";
import { addLeafContributions, addLeafInteractions, type LeafScratch } from "./leaf-game";
import type { LeafPaths } from "./leaf-paths";
import type { NodeRules } from "./node-rules";

// Module-local copies of the imported bindings: read through an ES module import, V8 neither
// folded the constant nor inlined the rules into the walk, which then ran about 1.6x slower.
// The rules themselves stay tree-eval's, so explanations follow prediction's branches.
const categoryGoesLeft = importedCategoryGoesLeft;
const numericGoesLeft = importedNumericGoesLeft;
const DECISION_CATEGORICAL = IMPORTED_DECISION_CATEGORICAL;

/**
 * The row loops of Fast TreeSHAP. Rows are processed in blocks, tree by tree: a preorder walk
 * over the tree's nodes (each node deciding all rows of the block) pushes each leaf's agreement
 * mask (bit b set when the row follows the path at every node splitting on the leaf's feature b,
 * i.e. o_b = 1) down from the root; then each leaf serves all rows of the block while its table
 * is in cache. (Row by row,
 * the table lookups missed the cache and dominated the run time.) Tabled leaves need one lookup
 * per feature plus one shared by the absent ones; the rest use the direct evaluation.
 */
export interface FastModel {
  paths: LeafPaths;
  rules: NodeRules;
  /** (1 - z) / z per slot: turns T[A - b] into feature b's share (tabled leaves have z > 0). */
  slotRatio: Float64Array;
  contrib: LeafTables;
  /** Rows per block; the per-row walk state below has room for that many. */
  blockRows: number;
  /** The current tree's masks (maxGroupMasks entries, tree-local as in the walk) x block rows. */
  masks: Int32Array;
  /** The current tree's decisions (maxGroupNodes entries, 1 = left) x block rows. */
  decisions: Uint8Array;
}

export function buildFastModel(paths: LeafPaths, rules: NodeRules, contrib: LeafTables, blockRows = 64): FastModel {
  return {
    paths,
    rules,
    slotRatio: paths.slotZero.map((z) => (1 - z) / z),
    contrib,
    blockRows,
    masks: new Int32Array(blockRows * paths.maxGroupMasks),
    decisions: new Uint8Array(blockRows * paths.maxGroupNodes),
  };
}

/**
 * Decides split tree g's nodes and computes its leaves' masks for `count` rows from `row0`. Node by
 * node, row by row: a node's rule and targets stay in registers across the block, and the layout
 * (entry e of row r at e * blockRows + r) lets each leaf read its rows' masks contiguously.
 */
function walkGroup(model: FastModel, g: number, data: Float64Array, row0: number, count: number, numFeatures: number): void {
  const { walkNode, walkBit, walkLeft, walkRight, groupWalkStart, groupNodeBase } = model.paths;
  const { feature, threshold, decision, catBegin, catEnd, catWords } = model.rules;
  const { masks, decisions, blockRows } = model;
  const nodeBase = groupNodeBase[g];
  masks.fill(-1, 0, count);
  for (let w = groupWalkStart[g], end = groupWalkStart[g + 1]; w < end; w++) {
    const local = walkNode[w];
    const node = nodeBase + local;
    const kind = decision[node];
    const bit = walkBit[w];
    const from = local * blockRows;
    const toLeft = walkLeft[w] * blockRows;
    const toRight = walkRight[w] * blockRows;
    let at = row0 * numFeatures + feature[node];
    if (kind & DECISION_CATEGORICAL) {
      const begin = catBegin[node];
      const stop = catEnd[node];
      for (let r = 0; r < count; r++, at += numFeatures) {
        const left = categoryGoesLeft(data[at], catWords, begin, stop) ? 1 : 0;
        decisions[from + r] = left;
        const mask = masks[from + r];
        // Branch-free (the row's direction is unpredictable): the side not taken loses the bit.
        masks[toLeft + r] = mask & ~(bit & (left - 1));
        masks[toRight + r] = mask & ~(bit & -left);
      }
    } else {
      const cut = threshold[node];
      for (let r = 0; r < count; r++, at += numFeatures) {
        const left = numericGoesLeft(data[at], cut, kind) ? 1 : 0;
        decisions[from + r] = left;
        const mask = masks[from + r];
        masks[toLeft + r] = mask & ~(bit & (left - 1));
        masks[toRight + r] = mask & ~(bit & -left);
      }
    }
  }
}

/** o-flags of a leaf as bytes in scratch.inA, from block row r's decisions (any slot count). */
function agreementFlags(paths: LeafPaths, leaf: number, k: number, decisions: Uint8Array, blockRows: number, r: number, scratch: LeafScratch): void {
  const { pathStart, pathNode, pathLeft, pathSlot } = paths;
  scratch.inA.fill(1, 0, k);
  for (let p = pathStart[leaf], end = pathStart[leaf + 1]; p < end; p++) {
    if (decisions[pathNode[p] * blockRows + r] !== pathLeft[p]) scratch.inA[pathSlot[p]] = 0;
  }
}

/**
 * Adds the contributions of rows [row0, row0 + count) (count <= blockRows) to
 * out[(row0 + r) * outStride + feature].
 */
export function addFastContributions(
  model: FastModel,
  data: Float64Array,
  row0: number,
  count: number,
  numFeatures: number,
  out: Float64Array,
  outStride: number,
  scratch: LeafScratch,
): void {
  const { paths, slotRatio: ratio, masks, decisions, blockRows } = model;
  const { slotStart, slotFeature, slotZero, leafValue, groupLeafStart, groupNodes } = paths;
  const { offset, values } = model.contrib;
  for (let g = 0; g < paths.numGroups; g++) {
    walkGroup(model, g, data, row0, count, numFeatures);
    const firstLeaf = groupLeafStart[g];
    const leafMaskBase = groupNodes[g] - firstLeaf;
    for (let leaf = firstLeaf; leaf < groupLeafStart[g + 1]; leaf++) {
      const s0 = slotStart[leaf];
      const k = slotStart[leaf + 1] - s0;
      const at = offset[leaf];
      if (at < 0) {
        for (let r = 0; r < count; r++) {
          agreementFlags(paths, leaf, k, decisions, blockRows, r, scratch);
          addLeafContributions(leafValue[leaf], slotFeature, slotZero, s0, k, scratch, out, (row0 + r) * outStride);
        }
        continue;
      }
      const full = (1 << k) - 1;
      const maskAt = (leafMaskBase + leaf) * blockRows;
      for (let r = 0; r < count; r++) {
        const mask = masks[maskAt + r] & full;
        const base = (row0 + r) * outStride;
        const absent = values[at + mask];
        for (let b = 0; b < k; b++) {
          // Branch-free (m is unpredictable): m = 1 adds ratio * T[A - b] (+ 0), m = 0 subtracts
          // T[A] (the other product is then 0); T[mask | bit] is a valid entry either way.
          const bit = 1 << b;
          const m = (mask >> b) & 1;
          out[base + slotFeature[s0 + b]] += ratio[s0 + b] * values[at + (mask ^ bit)] * m - absent * (1 - m);
        }
      }
    }
  }
}

/** Interaction tables plus, per leaf, where each feature pair lands in the output matrix. */
export interface PairModel {
  tables: LeafTables;
  /** Per leaf: start of its k x k block in `cell`. */
  cellStart: Int32Array;
  /** Offset of (f_b, f_c) in a row's matrix, upper triangle: min(f) * width + max(f). */
  cell: Int32Array;
}

export function buildPairModel(paths: LeafPaths, tables: LeafTables, width: number): PairModel {
  const { numLeaves, slotStart, slotFeature } = paths;
  const cellStart = new Int32Array(numLeaves + 1);
  for (let l = 0; l < numLeaves; l++) cellStart[l + 1] = cellStart[l] + (slotStart[l + 1] - slotStart[l]) ** 2;
  const cell = new Int32Array(cellStart[numLeaves]);
  for (let l = 0; l < numLeaves; l++) {
    const s0 = slotStart[l];
    const k = slotStart[l + 1] - s0;
    for (let b = 0; b < k; b++) {
      for (let c = 0; c < k; c++) {
        const fb = slotFeature[s0 + b];
        const fc = slotFeature[s0 + c];
        cell[cellStart[l] + b * k + c] = Math.min(fb, fc) * width + Math.max(fb, fc);
      }
    }
  }
  return { tables, cellStart, cell };
}

/**
 * Adds the pairwise interactions of rows [row0, row0 + count) (upper triangle, f_b < f_c) to
 * out[(row0 + r) * size + i * width + j] and their contributions to phi[r * numFeatures + f].
 * Per tabled leaf and row the features are split into agreeing (A) and not (B) first, so each
 * block of pairs is a branch-free loop: A x A pairs look up ratio_b ratio_c T2[A - b - c], A x B
 * pairs share -ratio_b T2[A - b], and B x B pairs all get T2[A].
 */
export function addFastInteractions(
  model: FastModel,
  pair: PairModel,
  data: Float64Array,
  row0: number,
  count: number,
  numFeatures: number,
  out: Float64Array,
  phi: Float64Array,
  scratch: LeafScratch,
): void {
  const { paths, slotRatio: ratio, masks, decisions, blockRows } = model;
  const { slotStart, slotFeature, slotZero, leafValue, groupLeafStart, groupNodes } = paths;
  const { offset, values } = model.contrib;
  const { cellStart, cell } = pair;
  const pairOffset = pair.tables.offset;
  const pairValues = pair.tables.values;
  const { agree, disagree } = scratch;
  const width = numFeatures + 1;
  const size = width * width;
  for (let g = 0; g < paths.numGroups; g++) {
    walkGroup(model, g, data, row0, count, numFeatures);
    const firstLeaf = groupLeafStart[g];
    const leafMaskBase = groupNodes[g] - firstLeaf;
    for (let leaf = firstLeaf; leaf < groupLeafStart[g + 1]; leaf++) {
      const s0 = slotStart[leaf];
      const k = slotStart[leaf + 1] - s0;
      const at = offset[leaf];
      if (at < 0) {
        for (let r = 0; r < count; r++) {
          agreementFlags(paths, leaf, k, decisions, blockRows, r, scratch);
          addLeafContributions(leafValue[leaf], slotFeature, slotZero, s0, k, scratch, phi, r * numFeatures);
          addLeafInteractions(leafValue[leaf], slotFeature, slotZero, s0, k, scratch, out, (row0 + r) * size, width);
        }
        continue;
      }
      const full = (1 << k) - 1;
      const maskAt = (leafMaskBase + leaf) * blockRows;
      const pat = pairOffset[leaf];
      const cells = cellStart[leaf];
      for (let r = 0; r < count; r++) {
        const mask = masks[maskAt + r] & full;
        const phiBase = r * numFeatures;
        const base = (row0 + r) * size;
        const absent = values[at + mask];
        let nA = 0;
        let nB = 0;
        for (let b = 0; b < k; b++) {
          const bit = 1 << b;
          if (mask & bit) {
            phi[phiBase + slotFeature[s0 + b]] += ratio[s0 + b] * values[at + (mask ^ bit)];
            agree[nA++] = b;
          } else {
            phi[phiBase + slotFeature[s0 + b]] -= absent;
            disagree[nB++] = b;
          }
        }
        if (k < 2) continue;
        for (let i = 0; i < nA; i++) {
          const b = agree[i];
          const bitB = 1 << b;
          const rb = ratio[s0 + b];
          const row = cells + b * k;
          for (let j = i + 1; j < nA; j++) {
            const c = agree[j];
            out[base + cell[row + c]] += rb * ratio[s0 + c] * pairValues[pat + (mask ^ bitB ^ (1 << c))];
          }
          if (nB === 0) continue;
          const share = -rb * pairValues[pat + (mask ^ bitB)];
          for (let j = 0; j < nB; j++) out[base + cell[row + disagree[j]]] += share;
        }
        if (nB < 2) continue;
        const bothAbsent = pairValues[pat + mask];
        for (let i = 0; i < nB; i++) {
          const row = cells + disagree[i] * k;
          for (let j = i + 1; j < nB; j++) out[base + cell[row + disagree[j]]] += bothAbsent;
        }
      }
    }
  }
}
