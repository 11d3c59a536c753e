import type { OptionTable } from "./optionTable";

/**
 * The steps of every participant's upper convex hull of (cost, net value) options, starting from
 * "no intervention" at (0, 0). Taking a participant's steps in order walks them from no
 * intervention to their best option; step efficiencies Δnet/Δcost strictly decrease along a
 * participant's chain, which is what lets a single global sort by efficiency solve the LP
 * relaxation of the multiple-choice knapsack.
 */
export interface HullSteps {
  count: number;
  /** Participant of step s. */
  participant: Uint32Array;
  /** Option (intervention index) the participant holds after step s. */
  option: Uint8Array;
  deltaCost: Float64Array;
  deltaNet: Float64Array;
  deltaSaved: Float64Array;
  /** Δnet/Δcost; +Infinity for a zero-cost first step. */
  efficiency: Float64Array;
}

/**
 * Options with net value ≤ 0 are never worth buying and options dearer than `maxCost` can never
 * fit, so both are left out; with them gone, the remaining hull is the LP relaxation of exactly
 * the feasible instance, which the greedy's optimality gap bound relies on.
 */
export function buildHullSteps(table: OptionTable, maxCost = Infinity): HullSteps {
  const { participantCount: n, optionCount: k, cost, saved } = table;
  // At most k steps per participant; trimmed views are returned at the end.
  const capacity = n * k;
  const participant = new Uint32Array(capacity);
  const option = new Uint8Array(capacity);
  const deltaCost = new Float64Array(capacity);
  const deltaNet = new Float64Array(capacity);
  const deltaSaved = new Float64Array(capacity);
  const efficiency = new Float64Array(capacity);

  // Scratch per participant: candidate options sorted by cost, then the hull stack.
  const candidates = new Int32Array(k);
  const stack = new Int32Array(k + 1); // option index, −1 = no intervention
  const stackCost = new Float64Array(k + 1);
  const stackNet = new Float64Array(k + 1);
  let count = 0;

  for (let i = 0; i < n; i++) {
    const base = i * k;
    let m = 0;
    for (let j = 0; j < k; j++) {
      const c = cost[base + j];
      if (saved[base + j] - c > 0 && c <= maxCost) candidates[m++] = j;
    }
    if (m === 0) continue;
    // Insertion sort: k is tiny. Cost ascending; equal cost → higher net first so the rest are
    // dropped as dominated below.
    for (let a = 1; a < m; a++) {
      const j = candidates[a];
      const c = cost[base + j];
      const v = saved[base + j] - c;
      let b = a - 1;
      while (b >= 0) {
        const cj = candidates[b];
        const cb = cost[base + cj];
        if (cb < c || (cb === c && saved[base + cj] - cb >= v)) break;
        candidates[b + 1] = cj;
        b--;
      }
      candidates[b + 1] = j;
    }

    let top = 0;
    stack[0] = -1;
    stackCost[0] = 0;
    stackNet[0] = 0;
    for (let a = 0; a < m; a++) {
      const j = candidates[a];
      const c = cost[base + j];
      const v = saved[base + j] - c;
      // Costs never decrease along `candidates`, so anything not beating the top's net is
      // dominated (costs at least as much, earns no more).
      if (v <= stackNet[top]) continue;
      // Same cost, more net (only possible against the zero-cost origin or an equal-cost option
      // already dropped by the sort order): the top is dominated.
      if (c === stackCost[top]) {
        top--;
      }
      // Pop while the top is not above the chord from its predecessor to the new point, i.e.
      // slope(prev → top) ≤ slope(top → new). Slopes are computed by division exactly as the
      // step efficiencies are below, so the kept chain's efficiencies strictly decrease as stored.
      while (top >= 1) {
        const slopeIn = (stackNet[top] - stackNet[top - 1]) / (stackCost[top] - stackCost[top - 1]);
        const slopeOut = (v - stackNet[top]) / (c - stackCost[top]);
        if (slopeIn > slopeOut) break;
        top--;
      }
      top++;
      stack[top] = j;
      stackCost[top] = c;
      stackNet[top] = v;
    }

    // A zero-cost option may have replaced the origin; then the first step starts from (0, 0).
    let fromCost = 0;
    let fromNet = 0;
    let fromSaved = 0;
    for (let s = 0; s <= top; s++) {
      const j = stack[s];
      if (j < 0) continue;
      const c = stackCost[s];
      const v = stackNet[s];
      const dc = c - fromCost;
      const dv = v - fromNet;
      participant[count] = i;
      option[count] = j;
      deltaCost[count] = dc;
      deltaNet[count] = dv;
      deltaSaved[count] = saved[base + j] - fromSaved;
      efficiency[count] = dc === 0 ? Infinity : dv / dc;
      count++;
      fromCost = c;
      fromNet = v;
      fromSaved = saved[base + j];
    }
  }

  return {
    count,
    participant: participant.subarray(0, count),
    option: option.subarray(0, count),
    deltaCost: deltaCost.subarray(0, count),
    deltaNet: deltaNet.subarray(0, count),
    deltaSaved: deltaSaved.subarray(0, count),
    efficiency: efficiency.subarray(0, count),
  };
}
