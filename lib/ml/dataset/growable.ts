/** Append-only Float64Array for outputs whose length is unknown until the input ends (single-pass reads). */
export class GrowableFloat64 {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** A trimmed copy of the contents. */
  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }
}
