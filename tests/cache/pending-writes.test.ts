import { describe, expect, it } from "vitest";
import { PendingWrites, type PendingOp } from "@/lib/cache/pending-writes";

const set = (key: string, json = "1", expiresAt = Number.MAX_SAFE_INTEGER): PendingOp => ({ kind: "set", key, json, expiresAt });

describe("PendingWrites", () => {
  it("keeps one op per key, replayed in order of the last write", () => {
    const q = new PendingWrites(10, 1_000_000);
    q.enqueue(set("a", "1"));
    q.enqueue(set("b", "2"));
    q.enqueue(set("a", "3"));
    expect(q.size).toBe(2);
    expect(q.peekBatch(10)).toEqual([set("b", "2"), set("a", "3")]);
  });

  it("drops the oldest ops beyond the entry bound and the byte bound", () => {
    const byCount = new PendingWrites(2, 1_000_000);
    for (const k of ["a", "b", "c"]) byCount.enqueue(set(k));
    expect(byCount.peekBatch(10).map((op) => (op.kind === "set" ? op.key : ""))).toEqual(["b", "c"]);
    expect(byCount.dropped).toBe(1);

    const byBytes = new PendingWrites(100, 25);
    for (const k of ["a", "b", "c"]) byBytes.enqueue(set(k, "x".repeat(9))); // 10 bytes each
    expect(byBytes.size).toBe(2);
    expect(byBytes.byteSize).toBe(20);
    expect(byBytes.dropped).toBe(1);
  });

  it("lets a clear discard older writes under its prefix, but not later ones", () => {
    const q = new PendingWrites(10, 1_000_000);
    q.enqueue(set("p:1"));
    q.enqueue(set("other"));
    q.enqueue({ kind: "clear", prefix: "p:" });
    q.enqueue(set("p:2"));
    expect(q.peekBatch(10)).toEqual([set("other")]);
    expect(q.lookup("p:1", 0)).toEqual({ kind: "deleted" });
    expect(q.lookup("p:2", 0)).toMatchObject({ kind: "value" });
    expect(q.lookup("unrelated", 0)).toBeUndefined();
  });

  it("does not remove an op that was replaced while in flight", () => {
    const q = new PendingWrites(10, 1_000_000);
    q.enqueue(set("a", "old"));
    const inFlight = q.peekBatch(10);
    q.enqueue(set("a", "new"));
    q.remove(inFlight);
    expect(q.lookup("a", 0)).toEqual({ kind: "value", json: "new", expiresAt: Number.MAX_SAFE_INTEGER });
    q.remove(q.peekBatch(10));
    expect(q.size).toBe(0);
    expect(q.byteSize).toBe(0);
  });
});
