// Share of postings per technology per period, with 95% Wilson intervals, a minimum-support flag and
// partial-period marks. Counting itself happens in SQL (db/analytics-queries.ts) or in memory over
// encoded postings (countPeriods / countRollupPeriods below); computeShares only does the statistics.

import type { Grain } from './months.js';
import { monthFromIndex, periodOf } from './months.js';
import type { EncodedPostings } from './encode.js';
import { REQUIRED } from './encode.js';
import { wilson, Z95 } from './stats.js';

/**
 * What one "share" counts:
 * - jobs: distinct jobs (the same ad reposted or crawled from two sources counts once) — the default;
 * - postings: every stored posting;
 * - companies: distinct companies (a company asking for Go in 12 ads counts once).
 */
/** What a share counts: one name for the concept everywhere (src/core/queries.ts). */
export type { CountUnit } from '../core/queries.js';

export const DEFAULT_MIN_SUPPORT = 10;

export interface PeriodTechCount {
  period: string;
  tech: string;
  count: number;
}

export interface PeriodTotal {
  period: string;
  total: number;
}

export interface ShareOptions {
  /** Counts below this are flagged belowSupport and not ranked (default 10). */
  minSupport?: number;
  /** Period labels whose collection is incomplete (see partialPeriods in months.ts). */
  partial?: ReadonlySet<string>;
  /** z of the interval (default 1.96 → 95%). */
  z?: number;
}

export interface ShareRow {
  period: string;
  tech: string;
  count: number;
  total: number;
  share: number;
  /** 95% Wilson interval of the share. */
  low: number;
  high: number;
  /** The period is not entirely covered by the collection: compare with care. */
  partial: boolean;
  /** count < minSupport: shown, never ranked. */
  belowSupport: boolean;
  /** 1-based rank by share within the period among supported rows; null when below support. */
  rank: number | null;
}

/**
 * Shares of `counts` over the per-period `totals`. Rows whose period has no total (or a zero total)
 * are dropped. Output sorted by period, then rank (unranked rows last, by count).
 */
export function computeShares(
  counts: readonly PeriodTechCount[],
  totals: readonly PeriodTotal[],
  options: ShareOptions = {},
): ShareRow[] {
  const minSupport = options.minSupport ?? DEFAULT_MIN_SUPPORT;
  const z = options.z ?? Z95;
  const totalOf = new Map<string, number>();
  for (const t of totals) totalOf.set(t.period, t.total);
  const byPeriod = new Map<string, ShareRow[]>();
  for (const c of counts) {
    const total = totalOf.get(c.period);
    if (!total) continue;
    const w = wilson(Math.min(c.count, total), total, z);
    const row: ShareRow = {
      period: c.period,
      tech: c.tech,
      count: c.count,
      total,
      share: w.share,
      low: w.low,
      high: w.high,
      partial: options.partial?.has(c.period) ?? false,
      belowSupport: c.count < minSupport,
      rank: null,
    };
    let list = byPeriod.get(c.period);
    if (!list) byPeriod.set(c.period, (list = []));
    list.push(row);
  }
  const out: ShareRow[] = [];
  for (const period of [...byPeriod.keys()].sort()) {
    const rows = byPeriod.get(period)!;
    rows.sort(
      (a, b) =>
        Number(a.belowSupport) - Number(b.belowSupport) || b.count - a.count || (a.tech < b.tech ? -1 : a.tech > b.tech ? 1 : 0),
    );
    // Competition ranking: equal counts share a rank.
    let rank = 0;
    rows.forEach((r, i) => {
      if (r.belowSupport) return;
      if (i === 0 || r.count !== rows[i - 1]!.count) rank = i + 1;
      r.rank = rank;
    });
    out.push(...rows);
  }
  return out;
}

export interface CountOptions {
  /** 'postings' counts encoded postings (load one row per job to get 'jobs'); 'companies' counts distinct companies. */
  unit?: 'postings' | 'companies';
  /** Count a tech only where the posting requires it. */
  requiredOnly?: boolean;
}

/** Period index per posting (labels interned), so the counting loops work on integers. */
function postingPeriods(enc: EncodedPostings, grain: Grain): { labels: string[]; of: Int32Array } {
  const labels: string[] = [];
  const byLabel = new Map<string, number>();
  const byMonth = new Map<number, number>();
  const of = new Int32Array(enc.size);
  for (let i = 0; i < enc.size; i++) {
    const mi = enc.month[i]!;
    let p = byMonth.get(mi);
    if (p === undefined) {
      const label = periodOf(monthFromIndex(mi), grain);
      p = byLabel.get(label);
      if (p === undefined) {
        p = labels.length;
        labels.push(label);
        byLabel.set(label, p);
      }
      byMonth.set(mi, p);
    }
    of[i] = p;
  }
  return { labels, of };
}

/**
 * Counts hits per (period, slot), where a slot is a tech code (or 0 for totals). With unit 'companies'
 * a (period, slot, company) triple counts once, and postings without a company are not countable.
 */
class PeriodCounter {
  readonly counts: Int32Array;
  private readonly seen = new Set<number>();
  constructor(
    private readonly unit: 'postings' | 'companies',
    periods: number,
    private readonly slots: number,
    private readonly companies: number,
  ) {
    this.counts = new Int32Array(periods * slots);
  }
  hit(period: number, slot: number, company: number): void {
    if (this.unit === 'companies') {
      if (company < 0) return;
      // Unique as a double up to 2^53: periods·companies·slots stays far below it for real data.
      const key = (period * this.companies + company) * this.slots + slot;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.counts[period * this.slots + slot]!++;
  }
}

/**
 * In-memory period counts per technology and per-period totals over encoded postings
 * (the same numbers the SQL side produces, for small inputs and tests).
 */
export function countPeriods(enc: EncodedPostings, grain: Grain, options: CountOptions = {}): { counts: PeriodTechCount[]; totals: PeriodTotal[] } {
  const unit = options.unit ?? 'postings';
  const T = enc.techIds.length;
  const { labels, of } = postingPeriods(enc, grain);
  const totals = new PeriodCounter(unit, labels.length, 1, enc.companies.length);
  const perTech = new PeriodCounter(unit, labels.length, T, enc.companies.length);
  for (let i = 0; i < enc.size; i++) {
    const p = of[i]!;
    const company = enc.company[i]!;
    totals.hit(p, 0, company);
    for (let j = enc.start[i]!, e = enc.start[i + 1]!; j < e; j++) {
      if (options.requiredOnly && enc.strength[j] !== REQUIRED) continue;
      perTech.hit(p, enc.tech[j]!, company);
    }
  }
  const counts: PeriodTechCount[] = [];
  for (let p = 0; p < labels.length; p++) {
    for (let t = 0; t < T; t++) {
      const count = perTech.counts[p * T + t]!;
      if (count > 0) counts.push({ period: labels[p]!, tech: enc.techIds[t]!, count });
    }
  }
  const totalRows = labels.map((period, p) => ({ period, total: totals.counts[p]! })).filter((r) => r.total > 0);
  return { counts, totals: totalRows };
}

/**
 * In-memory counts of a roll-up: a posting counts once per period if it mentions any member.
 * The rows carry `label` as their tech.
 */
export function countRollupPeriods(
  enc: EncodedPostings,
  members: readonly string[],
  label: string,
  grain: Grain,
  options: CountOptions = {},
): PeriodTechCount[] {
  const isMember = new Uint8Array(enc.techIds.length);
  for (const m of members) {
    const c = enc.techCode.get(m);
    if (c !== undefined) isMember[c] = 1;
  }
  const { labels, of } = postingPeriods(enc, grain);
  const counter = new PeriodCounter(options.unit ?? 'postings', labels.length, 1, enc.companies.length);
  for (let i = 0; i < enc.size; i++) {
    for (let j = enc.start[i]!, e = enc.start[i + 1]!; j < e; j++) {
      if (isMember[enc.tech[j]!] && (!options.requiredOnly || enc.strength[j] === REQUIRED)) {
        counter.hit(of[i]!, 0, enc.company[i]!);
        break;
      }
    }
  }
  return labels.map((period, p) => ({ period, tech: label, count: counter.counts[p]! })).filter((r) => r.count > 0);
}
