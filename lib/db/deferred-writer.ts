/**
 * Collects rows that need not hold up a response (prediction logs, audit of reads) and writes them
 * in batches shortly after, off the request path. A failed write keeps its rows and is retried
 * with backoff, so a busy database loses nothing; only beyond `maxPending` rows (a database down
 * for a long time) are the oldest dropped, and counted, to bound memory.
 */
export interface DeferredWriterOptions<T> {
  write: (rows: T[]) => Promise<void>;
  /** How long rows may wait before a write; default 250 ms. */
  flushAfterMs?: number;
  /** Rows per write; default 1,000. Reaching it also triggers a write at once. */
  maxBatch?: number;
  /** Rows kept while writes fail; default 200,000. */
  maxPending?: number;
  onError?: (error: Error) => void;
}

export interface DeferredWriterStats {
  pending: number;
  written: number;
  failedWrites: number;
  dropped: number;
  lastError: string | null;
}

const MAX_BACKOFF_MS = 10_000;

export class DeferredWriter<T> {
  private rows: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private backoffMs = 0;
  private closed = false;
  private readonly stats_: DeferredWriterStats = { pending: 0, written: 0, failedWrites: 0, dropped: 0, lastError: null };
  private readonly flushAfterMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: DeferredWriterOptions<T>) {
    this.flushAfterMs = options.flushAfterMs ?? 250;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxPending = options.maxPending ?? 200_000;
  }

  get stats(): DeferredWriterStats {
    return { ...this.stats_, pending: this.rows.length };
  }

  add(rows: readonly T[]): void {
    if (this.closed) throw new Error("DeferredWriter is closed");
    for (const r of rows) this.rows.push(r);
    const excess = this.rows.length - this.maxPending;
    if (excess > 0) {
      this.rows.splice(0, excess);
      this.stats_.dropped += excess;
    }
    if (this.rows.length >= this.maxBatch && this.backoffMs === 0) this.schedule(0);
    else this.schedule(this.backoffMs || this.flushAfterMs);
  }

  /** Writes everything pending now; resolves when done or when a write failed (rows are kept). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    if (this.rows.length === 0) return;
    this.running = this.writeAll().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  /** Stops the timer and writes what is pending, retrying a few times. */
  async close(attempts = 5): Promise<void> {
    this.closed = true;
    for (let i = 0; i < attempts && this.rows.length > 0; i++) {
      await this.flush();
      if (this.rows.length > 0) await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** i, 2000)));
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    while (this.rows.length > 0) {
      const batch = this.rows.slice(0, this.maxBatch);
      try {
        await this.options.write(batch);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        this.stats_.failedWrites++;
        this.stats_.lastError = error.message;
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, this.backoffMs * 2));
        this.options.onError?.(error);
        this.schedule(this.backoffMs);
        return;
      }
      // Rows added meanwhile stay behind the batch just written.
      this.rows.splice(0, batch.length);
      this.stats_.written += batch.length;
      this.backoffMs = 0;
    }
  }
}
