import { requireNonNegative } from "../clv";

/**
 * Budget feasibility is decided in integer cents. Summing dollar amounts like 0.1 + 0.2 in
 * floating point can land a hair above or below a budget that the costs exactly exhaust, which
 * would make "never exceeds the budget" depend on summation order. Integer cents are exact up to
 * 2^53 cents (about 90 trillion USD).
 */

export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

export function isWholeCents(usd: number): boolean {
  const cents = usd * 100;
  return Math.abs(cents - Math.round(cents)) <= 1e-6 + Math.abs(cents) * 1e-12;
}

/** A finite, non-negative amount of whole cents (a price cannot be a fraction of a cent). */
export function requireCostUsd(field: string, usd: number): number {
  requireNonNegative(field, usd);
  if (!isWholeCents(usd)) throw new RangeError(`${field} must be a whole number of cents, got ${usd}`);
  return usd;
}

/** A budget may be any non-negative amount; only whole cents of it can be spent. */
export function requireBudgetUsd(usd: number, field = "budgetUsd"): number {
  return requireNonNegative(field, usd);
}

/** The largest whole number of cents whose dollar value does not exceed `usd`. */
export function budgetCents(usd: number): number {
  let cents = Math.round(usd * 100);
  while (cents / 100 > usd) cents -= 1;
  return cents;
}
