import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benjaminiHochberg, lift, newcombe, normalCdf, twoProportionZ, twoSidedP, wilson } from '../../src/analytics/stats.js';

// Reference values: Wilson bounds computed by hand from
//   (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n),  z = 1.959964,
// e.g. 0/10: high = (z²/n)/(1 + z²/n) = 0.384146/1.384146 = 0.277533; they match Newcombe (1998), table I.
describe('wilson', () => {
  it.each([
    [0, 10, 0, 0.277533],
    [5, 10, 0.236593, 0.763407],
    [10, 10, 0.722467, 1],
    [40, 200, 0.150452, 0.260855],
  ])('%i/%i → [%f, %f]', (k, n, low, high) => {
    const w = wilson(k, n);
    expect(w.share).toBeCloseTo(k / n, 12);
    expect(w.low).toBeCloseTo(low, 6);
    expect(w.high).toBeCloseTo(high, 6);
  });

  it('is exactly 0 at 0/n and exactly 1 at n/n', () => {
    expect(wilson(0, 7).low).toBe(0);
    expect(wilson(7, 7).high).toBe(1);
  });

  it('gives the uninformative interval for an empty sample', () => {
    expect(wilson(0, 0)).toEqual({ count: 0, total: 0, share: 0, low: 0, high: 1 });
  });

  it('rejects a count above the total', () => {
    expect(() => wilson(11, 10)).toThrow(RangeError);
  });

  it('always contains the observed share and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.floor(f * n);
        const w = wilson(k, n);
        return w.low >= 0 && w.high <= 1 && w.low <= w.share + 1e-12 && w.share <= w.high + 1e-12;
      }),
    );
  });
});

describe('normal distribution', () => {
  it('matches table values of Φ', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
  it('keeps small p-values accurate in relative terms', () => {
    // 2·(1 − Φ(5)) = 5.733031e-7 and 2·(1 − Φ(8)) = 1.244192e-15 (standard normal tables).
    expect(twoSidedP(5) / 5.733031e-7).toBeCloseTo(1, 5);
    expect(twoSidedP(-8) / 1.244192e-15).toBeCloseTo(1, 5);
  });
});

describe('twoProportionZ', () => {
  it('30/100 vs 50/100: pooled p = 0.4, se = sqrt(0.24·0.02), z = 5/√3', () => {
    const t = twoProportionZ(30, 100, 50, 100);
    expect(t.diff).toBeCloseTo(0.2, 12);
    expect(t.z).toBeCloseTo(5 / Math.sqrt(3), 9); // 2.886751
    expect(t.p).toBeCloseTo(0.0038924, 6);
  });
  it('is antisymmetric', () => {
    expect(twoProportionZ(50, 100, 30, 100).z).toBeCloseTo(-5 / Math.sqrt(3), 9);
  });
  it('finds no evidence when both shares are 0 or a sample is empty', () => {
    expect(twoProportionZ(0, 50, 0, 80)).toEqual({ diff: 0, z: 0, p: 1 });
    expect(twoProportionZ(3, 0, 5, 10).p).toBe(1);
  });
});

describe('newcombe', () => {
  it('reproduces Newcombe (1998) example: 56/70 − 48/80 = 0.2, 95% CI 0.0524 to 0.3339', () => {
    const d = newcombe(48, 80, 56, 70);
    expect(d.diff).toBeCloseTo(0.2, 12);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
});

describe('lift', () => {
  it('is together·N / (countA·countB)', () => {
    // 10 postings, A in 5, B in 4, both in 4: P(AB)=0.4, P(A)P(B)=0.2 → 2.
    expect(lift(4, 5, 4, 10)).toBe(2);
    // independent: 25 of 100 with A (50) and B (50)
    expect(lift(25, 50, 50, 100)).toBe(1);
    expect(lift(0, 0, 4, 10)).toBe(0);
  });
});

describe('benjaminiHochberg', () => {
  it('matches the hand computation', () => {
    // sorted p: 0.01, 0.02, 0.03, 0.5 (n=4) → p·n/rank = 0.04, 0.04, 0.04, 0.5, then running min from the top
    const q = benjaminiHochberg([0.5, 0.01, 0.03, 0.02]);
    expect(q[0]).toBeCloseTo(0.5, 12);
    expect(q[1]).toBeCloseTo(0.04, 12);
    expect(q[2]).toBeCloseTo(0.04, 12);
    expect(q[3]).toBeCloseTo(0.04, 12);
  });
  it('never lowers a p-value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (ps) =>
        benjaminiHochberg(ps).every((q, i) => q >= ps[i]! - 1e-15 && q <= 1),
      ),
    );
  });
});
