// Movers: which technologies rose or fell between two periods, ranked so that noise does not win.
// Each technology's share before and after is tested with a pooled two-proportion z-test; p-values are
// adjusted for testing hundreds of technologies at once (Benjamini-Hochberg), and the Wilson intervals
// of the two shares are compared (separated = the intervals do not overlap, a conservative check).

import type { Month } from '../core/types.js';
import { addMonths } from './months.js';
import type { Proportion } from './stats.js';
import { benjaminiHochberg, newcombe, twoProportionZ, wilson, Z95 } from './stats.js';

export interface MoverWindow {
  since: Month;
  until: Month;
}

/**
 * The default comparison: the last `months` full months (ending at `lastFull`) against the `months`
 * before them. With months = 12 this is year over year.
 */
export function moverWindows(lastFull: Month, months = 12): { before: MoverWindow; after: MoverWindow } {
  const afterSince = addMonths(lastFull, -(months - 1));
  return {
    before: { since: addMonths(afterSince, -months), until: addMonths(afterSince, -1) },
    after: { since: afterSince, until: lastFull },
  };
}

export interface MoverOptions {
  /** Exclude technologies whose count before + after is below this (default 20). */
  minCount?: number;
  /** Significance level for the rising/falling lists (default 0.05). */
  alpha?: number;
  /** 'bh' (default) judges significance on Benjamini-Hochberg q-values; 'none' on raw p-values. */
  correction?: 'bh' | 'none';
  /** Max rows in each of rising and falling (default 20). */
  limit?: number;
  z?: number;
}

export interface MoverRow {
  tech: string;
  before: Proportion;
  after: Proportion;
  /** Effect: share after − share before, in percentage points. */
  deltaPp: number;
  /** 95% interval of the effect (Newcombe's hybrid score interval), in percentage points. */
  deltaLowPp: number;
  deltaHighPp: number;
  /** Relative change of the share (after / before − 1); Infinity when it rose from 0. */
  relChange: number;
  /** Two-proportion z statistic (positive = rising): the ranking score. */
  z: number;
  p: number;
  /** Benjamini-Hochberg adjusted p-value over all tested technologies. */
  q: number;
  /** The two 95% Wilson intervals do not overlap. */
  separated: boolean;
  significant: boolean;
  direction: 'rising' | 'falling' | 'flat';
}

export interface MoversResult {
  beforeTotal: number;
  afterTotal: number;
  /** Significant risers, strongest evidence first (by z, then effect). */
  rising: MoverRow[];
  /** Significant fallers, strongest evidence first. */
  falling: MoverRow[];
  /** Every tested technology, by z descending. */
  all: MoverRow[];
  /** Technologies left out for too small counts. */
  excluded: { tech: string; before: number; after: number }[];
}

/**
 * Compare per-technology counts over two windows. `beforeTotal` / `afterTotal` are the denominators
 * (jobs, postings or companies of each window, as the counts are).
 */
export function computeMovers(
  before: readonly { tech: string; count: number }[],
  beforeTotal: number,
  after: readonly { tech: string; count: number }[],
  afterTotal: number,
  options: MoverOptions = {},
): MoversResult {
  const minCount = options.minCount ?? 20;
  const alpha = options.alpha ?? 0.05;
  const limit = options.limit ?? 20;
  const z = options.z ?? Z95;
  const counts = new Map<string, [number, number]>();
  for (const r of before) counts.set(r.tech, [r.count, counts.get(r.tech)?.[1] ?? 0]);
  for (const r of after) counts.set(r.tech, [counts.get(r.tech)?.[0] ?? 0, r.count]);

  const tested: Omit<MoverRow, 'q' | 'significant' | 'direction'>[] = [];
  const excluded: MoversResult['excluded'] = [];
  for (const [tech, [a, b]] of [...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (a + b < minCount || !(beforeTotal > 0) || !(afterTotal > 0)) {
      excluded.push({ tech, before: a, after: b });
      continue;
    }
    const wa = wilson(Math.min(a, beforeTotal), beforeTotal, z);
    const wb = wilson(Math.min(b, afterTotal), afterTotal, z);
    const test = twoProportionZ(wa.count, beforeTotal, wb.count, afterTotal);
    const interval = newcombe(wa.count, beforeTotal, wb.count, afterTotal, z);
    tested.push({
      tech,
      before: wa,
      after: wb,
      deltaPp: (wb.share - wa.share) * 100,
      deltaLowPp: interval.low * 100,
      deltaHighPp: interval.high * 100,
      relChange: wa.share > 0 ? wb.share / wa.share - 1 : wb.share > 0 ? Infinity : 0,
      z: test.z,
      p: test.p,
      separated: wb.low > wa.high || wa.low > wb.high,
    });
  }
  const q = options.correction === 'none' ? tested.map((t) => t.p) : benjaminiHochberg(tested.map((t) => t.p));
  const all: MoverRow[] = tested.map((t, i) => {
    const significant = q[i]! < alpha;
    return {
      ...t,
      q: q[i]!,
      significant,
      direction: !significant || t.deltaPp === 0 ? 'flat' : t.deltaPp > 0 ? 'rising' : 'falling',
    };
  });
  all.sort((x, y) => y.z - x.z || y.deltaPp - x.deltaPp || (x.tech < y.tech ? -1 : 1));
  const rising = all.filter((r) => r.direction === 'rising').slice(0, limit);
  const falling = all
    .filter((r) => r.direction === 'falling')
    .sort((x, y) => x.z - y.z || x.deltaPp - y.deltaPp || (x.tech < y.tech ? -1 : 1))
    .slice(0, limit);
  return { beforeTotal, afterTotal, rising, falling, all, excluded };
}
