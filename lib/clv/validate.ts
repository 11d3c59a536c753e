/**
 * Input checks shared by the CLV, planner and drift code. Every failure is a RangeError whose
 * message starts with the field name, so a caller can tell which column of which row is wrong
 * without a stack trace.
 */

function show(value: number): string {
  return Number.isNaN(value) ? "NaN" : String(value);
}

/** A finite number ≥ 0 (money, counts, months). */
export function requireNonNegative(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a finite number >= 0, got ${show(value)}`);
  }
  return value;
}

/** A probability or share in [0, 1]; NaN fails because every comparison with NaN is false. */
export function requireUnitInterval(field: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${field} must be a number in [0, 1], got ${show(value)}`);
  }
  return value;
}
