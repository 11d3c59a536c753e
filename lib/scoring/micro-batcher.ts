/**
 * Adaptive micro-batching of model calls across requests. A call arriving while the model is idle
 * runs at the end of the current event-loop turn, together with every call that arrived in the
 * same turn (no fixed wait for a lone call). Calls arriving while a batch is running queue up and
 * run as the next batch when it finishes, so under load batches grow by themselves and the cost
 * per call drops. No call waits longer than `maxWaitMs` for a running batch, and no batch holds
 * more than `maxBatch` items.
 */
export class MicroBatcher<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private scheduled: NodeJS.Immediate | null = null;
  private waitTimer: NodeJS.Timeout | null = null;
  private running = 0;
  /** Batches run so far and items in them, for tests and stats. */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxWaitMs = 5,
    private readonly maxBatch = 512,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (this.running === 0) this.scheduled ??= setImmediate(() => this.flush());
      else this.waitTimer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.scheduled = null;
    this.waitTimer = null;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (this.queue.length > 0) this.scheduled = setImmediate(() => this.flush());
    this.stats.batches++;
    this.stats.items += batch.length;
    this.running++;
    this.run(batch.map((b) => b.item))
      .then(
        (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.running--;
        // What queued up meanwhile goes next, without waiting out the timer.
        if (this.running === 0 && this.queue.length > 0) this.scheduled ??= setImmediate(() => this.flush());
      });
  }
}
