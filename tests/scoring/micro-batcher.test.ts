import { describe, expect, it } from "vitest";
import { MicroBatcher } from "@/lib/scoring/micro-batcher";

/** A model call the test finishes by hand, recording the batches it was given. */
function controlledRun() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve) => pending.push(() => resolve(items.map((x) => x * 10))));
  };
  return { batches, run, finishNext: () => pending.shift()?.() };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("micro-batcher", () => {
  it("runs the calls of one event-loop turn as one batch and routes each result to its caller", async () => {
    const b = new MicroBatcher<number, number>(async (items) => items.map((x) => x * 2));
    const results = await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(b.stats).toEqual({ batches: 1, items: 5 });
  });

  it("queues calls that arrive during a batch and runs them together next", async () => {
    const c = controlledRun();
    const b = new MicroBatcher<number, number>(c.run, 1000);
    const first = b.submit(1);
    await turn();
    expect(c.batches).toEqual([[1]]);
    const later = [2, 3, 4].map((x) => b.submit(x));
    await turn();
    expect(c.batches).toEqual([[1]]); // still waiting for the running batch
    c.finishNext();
    expect(await first).toBe(10);
    await turn();
    await turn();
    expect(c.batches).toEqual([[1], [2, 3, 4]]);
    c.finishNext();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("does not keep calls waiting longer than maxWaitMs behind a slow batch", async () => {
    const c = controlledRun();
    const b = new MicroBatcher<number, number>(c.run, 20);
    void b.submit(1);
    await turn();
    const second = b.submit(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(c.batches).toEqual([[1], [2]]);
    c.finishNext();
    c.finishNext();
    expect(await second).toBe(20);
  });

  it("splits at maxBatch and rejects only the calls of a failing batch", async () => {
    const b = new MicroBatcher<number, number>(async (items) => {
      if (items.includes(13)) throw new Error("model failed");
      return items;
    }, 5, 4);
    const calls = Array.from({ length: 10 }, (_, i) => b.submit(10 + i).then(
      (v) => ({ ok: v }),
      (e: Error) => ({ error: e.message }),
    ));
    const out = await Promise.all(calls);
    expect(b.stats.batches).toBe(3);
    expect(out.slice(0, 4)).toEqual(Array(4).fill({ error: "model failed" }));
    expect(out.slice(4)).toEqual([14, 15, 16, 17, 18, 19].map((v) => ({ ok: v })));
  });
});
