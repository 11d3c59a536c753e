/**
 * Adaptive micro-batching: calls that arrive within `maxWaitMs` of each other (from different
 * requests) are run together as one batch, up to `maxBatch` items. A lone call waits at most
 * `maxWaitMs`; under load, batches fill up and the per-call cost of the model call drops.
 */
export class MicroBatcher<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  /** Batches run so far and items in them, for tests and stats. */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxWaitMs = 2,
    private readonly maxBatch = 512,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    if (batch.length === 0) return;
    this.stats.batches++;
    this.stats.items += batch.length;
    this.run(batch.map((b) => b.item)).then(
      (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }
}
