const quantileCache = new Map<number, number>();

/**
 * The 5 % lower quantile of Binomial(trials, ½): the smallest k with P(X ≤ k) ≥ 0.05, as R's `qbinom(0.05, trials, 0.5)`.
 * Exact, in integers: P(X ≤ k) ≥ 1/20 ⇔ 20 · Σ_{i≤k} C(trials, i) ≥ 2^trials, so no rounding can tip a borderline n.
 */
export function binomialLowerQuantile5(trials: number): number {
  if (!Number.isInteger(trials) || trials < 0)
    throw new RangeError(`trials must be a whole number ≥ 0, got ${trials}`);
  const cached = quantileCache.get(trials);
  if (cached !== undefined) return cached;
  const total = 1n << BigInt(trials);
  let coefficient = 1n;
  let sum = 0n;
  let k = 0;
  for (; ; k++) {
    sum += coefficient;
    if (20n * sum >= total) break;
    coefficient = (coefficient * BigInt(trials - k)) / BigInt(k + 1);
  }
  quantileCache.set(trials, k);
  return k;
}
