// Correlation of two monthly series (our shares against an outside reference such as hiringtrends'
// monthly counts): aligned by month, Pearson on the values and Spearman on their ranks.

import type { Month } from '../core/types.js';
import { monthIndex } from './months.js';

export interface MonthlyValue {
  month: Month;
  value: number;
}

export interface Correlation {
  /** Months present in both series with finite values, ascending. */
  months: Month[];
  n: number;
  /** null when n < 3 or a series is constant over the common months. */
  pearson: number | null;
  spearman: number | null;
}

/** Pearson's r of two equal-length arrays (null when undefined: n < 2 or zero variance). */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError('pearson: arrays differ in length');
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** 1-based ranks, ties get the average of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = avg;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson on average ranks (correct with ties). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError('spearman: arrays differ in length');
  return pearson(ranks(x), ranks(y));
}

/**
 * Align two monthly series on their common months (duplicate months in one series: the last wins;
 * non-finite values are dropped) and correlate them. Needs at least 3 common months.
 */
export function correlateMonthly(a: readonly MonthlyValue[], b: readonly MonthlyValue[]): Correlation {
  const bm = new Map<string, number>();
  for (const r of b) if (Number.isFinite(r.value)) bm.set(r.month, r.value);
  const am = new Map<string, number>();
  for (const r of a) if (Number.isFinite(r.value)) am.set(r.month, r.value);
  const months = [...am.keys()].filter((m) => bm.has(m)).sort((x, y) => monthIndex(x) - monthIndex(y));
  const x = months.map((m) => am.get(m)!);
  const y = months.map((m) => bm.get(m)!);
  const enough = months.length >= 3;
  return { months, n: months.length, pearson: enough ? pearson(x, y) : null, spearman: enough ? spearman(x, y) : null };
}
