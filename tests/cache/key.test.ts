import { describe, expect, it } from "vitest";
import { cacheKey, canonicalJson } from "@/lib/cache";

describe("cacheKey", () => {
  it("ignores object key order at every depth", () => {
    const a = { participantId: "p-1", features: { age: 40, visits: [1, 2, { b: 1, a: 2 }] } };
    const b = { features: { visits: [1, 2, { a: 2, b: 1 }], age: 40 }, participantId: "p-1" };
    expect(cacheKey("prediction", "v3", a)).toBe(cacheKey("prediction", "v3", b));
  });

  it("changes with the model version, the namespace and the input", () => {
    const input = { id: 1 };
    const base = cacheKey("prediction", "v3", input);
    expect(cacheKey("prediction", "v4", input)).not.toBe(base);
    expect(cacheKey("explanation", "v3", input)).not.toBe(base);
    expect(cacheKey("prediction", "v3", { id: 2 })).not.toBe(base);
    // Array order is meaningful, unlike object key order.
    expect(cacheKey("p", "v", [1, 2])).not.toBe(cacheKey("p", "v", [2, 1]));
  });

  it("carries namespace and version readably followed by a sha256 hex digest", () => {
    expect(cacheKey("prediction", "2024-01:a", { x: 1 })).toMatch(/^prediction:2024-01%3Aa:[0-9a-f]{64}$/);
  });

  it("formats numbers consistently", () => {
    expect(canonicalJson({ a: 1.0, b: -0, c: 1e21, d: 0.1 })).toBe('{"a":1,"b":0,"c":1e+21,"d":0.1}');
    expect(cacheKey("p", "v", { x: 1 })).toBe(cacheKey("p", "v", { x: 1.0 }));
  });

  it("treats undefined properties like missing ones, as JSON does", () => {
    expect(cacheKey("p", "v", { a: 1, b: undefined })).toBe(cacheKey("p", "v", { a: 1 }));
  });

  it("rejects inputs JSON would encode lossily", () => {
    expect(() => cacheKey("p", "v", { x: Number.NaN })).toThrow(/non-finite/);
    expect(() => cacheKey("p", "v", { x: new Map([[1, 2]]) })).toThrow(/plain objects/);
    expect(() => cacheKey("p", "v", { x: 1n })).toThrow(/bigint/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => cacheKey("p", "v", cyclic)).toThrow(/circular/);
    expect(() => cacheKey("", "v", {})).toThrow(/namespace/);
  });
});
