import { describe, expect, it } from "vitest";
import { isPending, snapshotFigures, type Figures } from "@/lib/dashboard/snapshot-refresh";

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** A compute function that counts its calls and resolves after `ms`. */
function counted<T>(ms: number, value: T) {
  const calls = { n: 0 };
  return { calls, compute: () => ((calls.n += 1), later(ms, value)) };
}

let ids = 0;
const freshId = () => `test:${(ids += 1)}`;

describe("snapshotFigures", () => {
  it("serves a current stored snapshot without computing", async () => {
    const stored: Figures<number> = { data: 7, computedAt: "2026-12-01T00:00:00.000Z", current: true };
    const { calls, compute } = counted(1, 8);
    expect(await snapshotFigures(async () => stored, freshId(), compute)).toEqual(stored);
    expect(calls.n).toBe(0);
  });

  it("serves a stale snapshot at once and recomputes it once in the background", async () => {
    const stale: Figures<number> = { data: 7, computedAt: "2026-12-01T00:00:00.000Z", current: false };
    const { calls, compute } = counted(30, 8);
    const id = freshId();
    const [a, b] = await Promise.all([snapshotFigures(async () => stale, id, compute), snapshotFigures(async () => stale, id, compute)]);
    expect(a).toEqual(stale);
    expect(b).toEqual(stale);
    expect(calls.n).toBe(1);
  });

  it("waits for a quick first computation", async () => {
    const { compute } = counted(5, 42);
    const f = await snapshotFigures(async () => null, freshId(), compute, 1000);
    expect(isPending(f)).toBe(false);
    expect(f).toMatchObject({ data: 42, current: true });
  });

  it("answers pending while a slow first computation runs, without starting a second one", async () => {
    const { calls, compute } = counted(150, 42);
    const id = freshId();
    const first = await snapshotFigures(async () => null, id, compute, 20);
    expect(isPending(first)).toBe(true);
    const second = await snapshotFigures(async () => null, id, compute, 20);
    expect(second).toEqual(first);
    expect(calls.n).toBe(1);
    await later(200, null);
    // Finished: the next read computes afresh only if nothing was stored, which the caller's read decides.
    const stored: Figures<number> = { data: 42, computedAt: new Date().toISOString(), current: true };
    expect(await snapshotFigures(async () => stored, id, compute, 20)).toEqual(stored);
    expect(calls.n).toBe(1);
  });

  it("reports a first computation that fails while the page waits", async () => {
    const id = freshId();
    await expect(snapshotFigures(async () => null, id, () => Promise.reject(new Error("disk full")), 500)).rejects.toThrow("disk full");
  });

  it("does not leave a failure after the wait as an unhandled rejection", async () => {
    const id = freshId();
    const f = await snapshotFigures(async () => null, id, () => later(40, null).then(() => Promise.reject(new Error("late failure"))), 5);
    expect(isPending(f)).toBe(true);
    await later(80, null);
    // A new request starts a new attempt rather than reusing the failed one.
    const { calls, compute } = counted(1, 3);
    expect(await snapshotFigures(async () => null, id, compute, 500)).toMatchObject({ data: 3 });
    expect(calls.n).toBe(1);
  });
});
