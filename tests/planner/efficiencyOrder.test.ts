import { describe, expect, it } from "vitest";
import { orderByEfficiency } from "@/lib/planner/efficiencyOrder";
import { mulberry32 } from "./helpers";

function reference(efficiency: Float64Array): number[] {
  return Array.from(efficiency.keys()).sort((a, b) => efficiency[b] - efficiency[a] || a - b);
}

describe("orderByEfficiency", () => {
  it("sorts descending with ties by index, like a comparator sort", () => {
    const rand = mulberry32(31);
    const n = 50_000;
    const efficiency = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const kind = rand();
      if (kind < 0.1) efficiency[i] = 1.5; // exact ties
      else if (kind < 0.2) efficiency[i] = 2 * (1 + rand() * 1e-9); // same high word, different low bits
      else if (kind < 0.22) efficiency[i] = Infinity; // zero-cost steps
      else efficiency[i] = rand() * 10 ** Math.floor(rand() * 8 - 3);
    }
    expect(Array.from(orderByEfficiency(efficiency))).toEqual(reference(efficiency));
  });

  it("works on a subarray view and on empty input", () => {
    const buffer = Float64Array.of(9, 1, 3, 3, 2);
    expect(Array.from(orderByEfficiency(buffer.subarray(1, 5)))).toEqual([1, 2, 3, 0]);
    expect(orderByEfficiency(new Float64Array(0))).toHaveLength(0);
  });
});
