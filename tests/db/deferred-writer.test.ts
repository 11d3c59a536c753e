import { describe, expect, it } from "vitest";
import { DeferredWriter } from "@/lib/db/deferred-writer";

/** A store that can be made to refuse writes, standing in for a busy database. */
function flakyStore() {
  const rows: number[] = [];
  const calls: number[][] = [];
  let failures = 0;
  return {
    rows,
    calls,
    failNext(n: number) {
      failures = n;
    },
    async write(batch: number[]) {
      calls.push([...batch]);
      if (failures > 0) {
        failures--;
        throw new Error("database is locked");
      }
      rows.push(...batch);
    },
  };
}

describe("deferred writer", () => {
  it("writes rows in order, in batches of at most maxBatch, after the delay", async () => {
    const store = flakyStore();
    const w = new DeferredWriter<number>({ write: (b) => store.write(b), maxBatch: 4, flushAfterMs: 20 });
    w.add([1, 2, 3]);
    expect(store.rows).toEqual([]); // nothing on the caller's path
    w.add([4, 5, 6, 7, 8, 9, 10]);
    await new Promise((r) => setTimeout(r, 80));
    expect(store.rows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(store.calls.every((c) => c.length <= 4)).toBe(true);
    expect(w.stats).toMatchObject({ pending: 0, written: 10, failedWrites: 0, dropped: 0 });
  });

  it("keeps rows through failed writes and writes each exactly once when the store recovers", async () => {
    const store = flakyStore();
    const errors: string[] = [];
    const w = new DeferredWriter<number>({ write: (b) => store.write(b), maxBatch: 3, flushAfterMs: 5, onError: (e) => errors.push(e.message) });
    store.failNext(2);
    w.add([1, 2, 3, 4, 5]);
    await w.flush();
    expect(store.rows).toEqual([]);
    expect(w.stats.pending).toBe(5);
    w.add([6]);
    await w.close();
    expect(store.rows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(errors).toEqual(["database is locked", "database is locked"]);
    expect(w.stats).toMatchObject({ pending: 0, written: 6, failedWrites: 2, lastError: "database is locked" });
    expect(() => w.add([7])).toThrow(/closed/);
  });

  it("bounds memory while the store is down: drops the oldest rows and counts them", async () => {
    const store = flakyStore();
    const w = new DeferredWriter<number>({ write: (b) => store.write(b), maxPending: 5, flushAfterMs: 1000 });
    w.add([1, 2, 3, 4, 5, 6, 7]);
    expect(w.stats).toMatchObject({ pending: 5, dropped: 2 });
    await w.close();
    expect(store.rows).toEqual([3, 4, 5, 6, 7]);
  });
});
