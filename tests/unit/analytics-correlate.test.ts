import { describe, expect, it } from 'vitest';
import { correlateMonthly, pearson, ranks, spearman } from '../../src/analytics/correlate.js';

describe('pearson and spearman', () => {
  it('match the hand computation', () => {
    // x = 1..5, y = 2,4,5,4,5: Σdxdy = 6, Σdx² = 10, Σdy² = 6 → r = 6/√60 = 0.774597
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
    // ranks of y with ties: 1, 2.5, 4.5, 2.5, 4.5 → rho = 0.737865
    expect(ranks([2, 4, 5, 4, 5])).toEqual([1, 2.5, 4.5, 2.5, 4.5]);
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.737865, 6);
  });
  it('are ±1 for perfect relations and null when undefined', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });
});

describe('correlateMonthly', () => {
  it('aligns series by month and ignores months missing from either', () => {
    const ours = [
      { month: '2016-03', value: 3 },
      { month: '2016-01', value: 1 },
      { month: '2016-02', value: 2 },
      { month: '2016-05', value: 5 },
      { month: '2016-04', value: 4 },
      { month: '2016-06', value: 99 },
    ];
    const ref = [
      { month: '2016-01', value: 2 },
      { month: '2016-02', value: 4 },
      { month: '2016-03', value: 5 },
      { month: '2016-04', value: 4 },
      { month: '2016-05', value: 5 },
      { month: '2016-07', value: 0 },
      { month: '2016-06', value: Number.NaN },
    ];
    const c = correlateMonthly(ours, ref);
    expect(c.months).toEqual(['2016-01', '2016-02', '2016-03', '2016-04', '2016-05']);
    expect(c.pearson).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(c.spearman).toBeCloseTo(0.737865, 6);
  });
  it('needs three common months', () => {
    const c = correlateMonthly(
      [
        { month: '2016-01', value: 1 },
        { month: '2016-02', value: 2 },
      ],
      [
        { month: '2016-01', value: 1 },
        { month: '2016-02', value: 3 },
      ],
    );
    expect(c).toEqual({ months: ['2016-01', '2016-02'], n: 2, pearson: null, spearman: null });
  });
});
