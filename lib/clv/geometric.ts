/**
 * The discounted, survival-weighted number of remaining months:
 *
 *   W(ln q, M) = Σ_{t=1..n} q^t + f · q^M,   n = floor(M), f = M − n
 *
 * i.e. n whole months paid at the end of months 1..n, plus a final partial month of length f paid
 * at the end of the remaining time M (for M < 1 that partial month is the only term, f · q^M).
 * The partial term makes W continuous in M: at f → 1 it becomes the next whole month's q^(n+1).
 *
 * The geometric part is evaluated in closed form as q · (q^n − 1)/(q − 1), written with expm1 of
 * logarithms. The textbook (1 − q^n)/(1 − q) cancels catastrophically when q is close to 1 (zero
 * discount rate with a tiny withdrawal risk), while expm1(n·ln q)/expm1(ln q) keeps full relative
 * precision there and becomes exactly n at ln q = 0 (q = 1) via the explicit branch.
 *
 * `logRate` is ln q ≤ 0; −Infinity (q = 0, certain withdrawal) is allowed and gives 0.
 * `months` must be > 0; callers handle M = 0 before getting here.
 */
export function survivalWeightedMonths(logRate: number, months: number): number {
  const whole = Math.floor(months);
  const partial = months - whole;
  let sum = 0;
  if (whole > 0) {
    if (logRate === 0) sum = whole;
    else sum = (Math.exp(logRate) * Math.expm1(whole * logRate)) / Math.expm1(logRate);
  }
  // Skipping f = 0 avoids 0 · q^M, which would be NaN only in the impossible case q^M = ∞, but
  // also keeps integer M exactly equal to the plain geometric series.
  if (partial > 0) sum += partial * Math.exp(months * logRate);
  return sum;
}
