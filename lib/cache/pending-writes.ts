/**
 * Redis writes waiting to be sent. Only the latest operation per key is kept,
 * so a hot key rewritten during an outage costs one slot, and replaying the
 * queue after reconnect applies each key's final state in the order the keys
 * were last touched.
 */

export type PendingOp =
  | { kind: "set"; key: string; json: string; expiresAt: number }
  | { kind: "del"; key: string }
  | { kind: "clear"; prefix: string };

export type PendingLookup =
  | { kind: "value"; json: string; expiresAt: number }
  | { kind: "deleted" }
  | undefined;

function slot(op: PendingOp): string {
  // Distinct slot spaces so a clear of prefix "x" never collides with key "x".
  return op.kind === "clear" ? `c:${op.prefix}` : `k:${op.key}`;
}

function weight(op: PendingOp): number {
  const text = op.kind === "set" ? op.key + op.json : op.kind === "del" ? op.key : op.prefix;
  return Buffer.byteLength(text, "utf8");
}

export class PendingWrites {
  // Map iteration order is insertion order, which makes it the FIFO.
  private readonly ops = new Map<string, PendingOp>();
  private droppedCount = 0;
  private bytes = 0;
  /** Lets lookup() skip scanning for clears in the common case of none queued. */
  private clears = 0;

  /** Both bounds matter: a long outage must not turn the queue into a second, unbounded cache. */
  constructor(
    private readonly maxSize: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.ops.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Counts writes that are lost for a reason other than overflow (e.g. rejected by Redis). */
  countDropped(n: number): void {
    this.droppedCount += n;
  }

  enqueue(op: PendingOp): void {
    if (op.kind === "clear") this.removeCoveredBy(op.prefix);
    const id = slot(op);
    // Re-inserting moves the key to the tail so it replays after older writes.
    this.delete(id);
    this.ops.set(id, op);
    this.bytes += weight(op);
    if (op.kind === "clear") this.clears += 1;
    while (this.ops.size > this.maxSize || (this.bytes > this.maxBytes && this.ops.size > 1)) {
      const oldest = this.ops.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
      this.droppedCount += 1;
    }
  }

  private delete(id: string): void {
    const op = this.ops.get(id);
    if (!op) return;
    this.ops.delete(id);
    this.bytes -= weight(op);
    if (op.kind === "clear") this.clears -= 1;
  }

  /** A clear makes older writes under its prefix pointless; later ones survive. */
  private removeCoveredBy(prefix: string): void {
    for (const [id, op] of [...this.ops]) {
      const target = op.kind === "clear" ? op.prefix : op.key;
      if (target.startsWith(prefix)) this.delete(id);
    }
  }

  /**
   * What this process last decided about `key` but has not told Redis yet.
   * A queued key op is always newer than any queued clear covering it, because
   * enqueueing a clear removes the key ops before it.
   */
  lookup(key: string, now: number): PendingLookup {
    const op = this.ops.get(`k:${key}`);
    if (op?.kind === "set") return op.expiresAt > now ? { kind: "value", json: op.json, expiresAt: op.expiresAt } : { kind: "deleted" };
    if (op?.kind === "del") return { kind: "deleted" };
    if (this.clears === 0) return undefined;
    for (const other of this.ops.values()) {
      if (other.kind === "clear" && key.startsWith(other.prefix)) return { kind: "deleted" };
    }
    return undefined;
  }

  /** A clear is sent on its own (it needs SCAN); other ops are batched up to `max`. */
  peekBatch(max: number): PendingOp[] {
    const batch: PendingOp[] = [];
    for (const op of this.ops.values()) {
      if (op.kind === "clear") {
        if (batch.length === 0) batch.push(op);
        break;
      }
      batch.push(op);
      if (batch.length >= max) break;
    }
    return batch;
  }

  /** Ops replaced while in flight are newer and must stay queued, hence the identity check. */
  remove(ops: readonly PendingOp[]): void {
    for (const op of ops) {
      const id = slot(op);
      if (this.ops.get(id) === op) this.delete(id);
    }
  }

  clearAll(): number {
    const n = this.ops.size;
    this.ops.clear();
    this.bytes = 0;
    this.clears = 0;
    return n;
  }
}
