/**
 * Row indices grouped by leaf, as LightGBM's DataPartition: one Int32Array holding, for each leaf,
 * a contiguous run of (ascending) row indices. Splitting a leaf partitions its run stably into the
 * rows going left (kept in place) followed by the rows going right (the new leaf).
 *
 * The split reads the feature's column of local bins (column-major, so the scattered rows of a
 * leaf stay close in memory) and a per-split lookup table bin -> goes left, which covers numeric
 * thresholds, the NaN bin's default side and categorical bitsets alike, and keeps the loop free
 * of unpredictable branches.
 */
import type { ColumnBins } from "./dataset";

export class DataPartition {
  readonly indices: Int32Array;
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  private readonly scratch: Int32Array;
  private readonly numData: number;

  /** `indices` may be given (e.g. on shared memory); it must hold numData entries. */
  constructor(numData: number, maxLeaves: number, indices?: Int32Array) {
    this.numData = numData;
    this.indices = indices ?? new Int32Array(numData);
    this.scratch = new Int32Array(numData);
    this.leafBegin = new Int32Array(maxLeaves);
    this.leafCount = new Int32Array(maxLeaves);
  }

  /** Puts all rows (usedIndices === null) or the given ascending rows into leaf 0. */
  init(usedIndices: Int32Array | null, usedCount: number): void {
    this.leafBegin.fill(0);
    this.leafCount.fill(0);
    if (usedIndices === null) {
      for (let i = 0; i < this.numData; i++) this.indices[i] = i;
      this.leafCount[0] = this.numData;
    } else {
      this.indices.set(usedIndices.subarray(0, usedCount));
      this.leafCount[0] = usedCount;
    }
  }

  /**
   * Splits `leaf`: row r goes left when goesLeft[column[columnBase + r]] is 1; the right part
   * becomes `newLeaf`.
   */
  split(leaf: number, newLeaf: number, column: ColumnBins, columnBase: number, goesLeft: Uint8Array): void {
    const begin = this.leafBegin[leaf];
    const end = begin + this.leafCount[leaf];
    const idx = this.indices;
    const tmp = this.scratch;
    let nLeft = 0;
    let nRight = 0;
    for (let k = begin; k < end; k++) {
      const r = idx[k];
      const left = goesLeft[column[columnBase + r]];
      // Write to both sides and advance one: no data-dependent branch. The left write position
      // (begin + nLeft) never passes the position being read (k).
      idx[begin + nLeft] = r;
      tmp[nRight] = r;
      nLeft += left;
      nRight += left ^ 1;
    }
    idx.set(tmp.subarray(0, nRight), begin + nLeft);
    this.leafCount[leaf] = nLeft;
    this.leafBegin[newLeaf] = begin + nLeft;
    this.leafCount[newLeaf] = nRight;
  }
}
