// Small, dependency-free statistics for proportions: Wilson score intervals, the two-proportion z-test,
// lift, and Benjamini-Hochberg q-values. Everything here is checked against hand-computed values in
// tests/unit/analytics-stats.test.ts.

/** z for a two-sided 95% interval (the 0.975 quantile of the standard normal). */
export const Z95 = 1.959963984540054;

/**
 * Complementary error function. Chebyshev fit (Numerical Recipes' erfcc): fractional error below
 * 1.2e-7 everywhere, which keeps small p-values accurate in relative terms (unlike 1 - erf).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution function Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

export interface Proportion {
  count: number;
  total: number;
  /** count / total (0 when total is 0). */
  share: number;
  /** Lower bound of the Wilson score interval. */
  low: number;
  /** Upper bound of the Wilson score interval. */
  high: number;
}

/**
 * Wilson score interval for `count` successes out of `total`. Unlike the normal ("Wald") interval it
 * stays inside [0, 1] and is honest at 0/n and n/n. total = 0 gives the uninformative [0, 1].
 */
export function wilson(count: number, total: number, z = Z95): Proportion {
  if (!(total > 0)) return { count, total, share: 0, low: 0, high: 1 };
  if (count < 0 || count > total) throw new RangeError(`wilson: count ${count} outside 0..${total}`);
  const p = count / total;
  const z2 = z * z;
  const denom = 1 + z2 / total;
  const center = (p + z2 / (2 * total)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  // Clamp only float noise: at 0/n the low bound is exactly 0, at n/n the high bound exactly 1.
  const low = count === 0 ? 0 : Math.max(0, center - half);
  const high = count === total ? 1 : Math.min(1, center + half);
  return { count, total, share: p, low, high };
}

export interface TwoProportionTest {
  /** p2 - p1 (a share difference, 0..1 scale). */
  diff: number;
  /** Pooled two-proportion z statistic; positive when the second share is larger. */
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Pooled two-proportion z-test of k1/n1 against k2/n2. With a zero pooled variance (both shares 0 or
 * both 1) there is no evidence of a difference: z = 0, p = 1.
 */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): TwoProportionTest {
  if (!(n1 > 0) || !(n2 > 0)) return { diff: 0, z: 0, p: 1 };
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { diff: p2 - p1, z: 0, p: 1 };
  const z = (p2 - p1) / se;
  return { diff: p2 - p1, z, p: twoSidedP(z) };
}

/**
 * Lift of A and B co-occurring: P(A∧B) / (P(A)·P(B)) = together·total / (countA·countB).
 * 1 means independent, > 1 asked together more often than chance. 0 when either never occurs.
 */
export function lift(together: number, countA: number, countB: number, total: number): number {
  if (!(countA > 0) || !(countB > 0) || !(total > 0)) return 0;
  return (together * total) / (countA * countB);
}

/**
 * Benjamini-Hochberg adjusted p-values (q-values), in input order. Controls the false discovery rate
 * when many technologies are tested at once, so "significant movers" are not just the lucky few of 300.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const n = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[b]! - pValues[a]!);
  const q = new Array<number>(n);
  let running = 1;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const rank = n - r; // 1-based rank in ascending order
    running = Math.min(running, (pValues[i]! * n) / rank);
    q[i] = Math.min(1, running);
  }
  return q;
}

/**
 * Newcombe's hybrid score interval (his method 10) for the difference p2 − p1 of two independent
 * proportions, built from the two Wilson intervals. Returns [low, high] on the 0..1 scale.
 */
export function newcombe(k1: number, n1: number, k2: number, n2: number, z = Z95): { diff: number; low: number; high: number } {
  const a = wilson(k1, n1, z);
  const b = wilson(k2, n2, z);
  const diff = b.share - a.share;
  return {
    diff,
    low: diff - Math.sqrt((b.share - b.low) ** 2 + (a.high - a.share) ** 2),
    high: diff + Math.sqrt((b.high - b.share) ** 2 + (a.share - a.low) ** 2),
  };
}
