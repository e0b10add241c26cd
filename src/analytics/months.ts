// Calendar arithmetic on "YYYY-MM" months and their roll-up periods (quarters, years), and the rule that
// decides which periods are partial (not entirely covered by the data's collection).
//
// Months are handled as integer indexes (year * 12 + month - 1) in hot loops; strings only at the edges.

import { UsageError } from '../core/errors.js';
import type { Month } from '../core/types.js';

export type Grain = 'month' | 'quarter' | 'year';

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2016-03" → 24194 (year * 12 + month - 1). Throws UsageError on anything else. */
export function monthIndex(month: Month): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new UsageError(`bad month "${month}": expected YYYY-MM`);
  const mm = Number(m[2]);
  if (mm < 1 || mm > 12) throw new UsageError(`bad month "${month}": month must be 01-12`);
  return Number(m[1]) * 12 + mm - 1;
}

/** 24194 → "2016-03". */
export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const mm = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${mm < 10 ? '0' : ''}${mm}`;
}

export function addMonths(month: Month, delta: number): Month {
  return monthFromIndex(monthIndex(month) + delta);
}

/** Inclusive list of months from `since` to `until` (empty when since > until). */
export function monthRange(since: Month, until: Month): Month[] {
  const a = monthIndex(since);
  const b = monthIndex(until);
  const out: Month[] = [];
  for (let i = a; i <= b; i++) out.push(monthFromIndex(i));
  return out;
}

/** The month of an ISO timestamp or date ("2016-03-01T15:00:25Z" → "2016-03"). */
export function monthOf(time: string): Month {
  const m = DAY_RE.exec(time) ?? MONTH_RE.exec(time);
  if (!m) throw new UsageError(`bad date "${time}": expected YYYY-MM or YYYY-MM-DD`);
  const month = `${m[1]}-${m[2]}`;
  monthIndex(month); // validates 01-12
  return month;
}

/** Number of days in a month. */
export function daysInMonth(month: Month): number {
  const i = monthIndex(month);
  const year = Math.floor(i / 12);
  const mm = i - year * 12 + 1;
  return new Date(Date.UTC(year, mm, 0)).getUTCDate();
}

/** The label of the period a month falls in: "2016-03" (month), "2016-Q1" (quarter), "2016" (year). */
export function periodOf(month: Month, grain: Grain): string {
  if (grain === 'month') return month;
  const i = monthIndex(month);
  const year = Math.floor(i / 12);
  if (grain === 'year') return String(year);
  return `${year}-Q${Math.floor((i - year * 12) / 3) + 1}`;
}

/** The months of a period label produced by periodOf. */
export function monthsOfPeriod(period: string, grain: Grain): Month[] {
  if (grain === 'month') return [monthFromIndex(monthIndex(period))];
  if (grain === 'year') {
    if (!/^\d{4}$/.test(period)) throw new UsageError(`bad year "${period}"`);
    return monthRange(`${period}-01`, `${period}-12`);
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!q) throw new UsageError(`bad quarter "${period}": expected YYYY-Qn`);
  const first = (Number(q[2]) - 1) * 3 + 1;
  return monthRange(`${q[1]}-${String(first).padStart(2, '0')}`, `${q[1]}-${String(first + 2).padStart(2, '0')}`);
}

/**
 * What a source's collection covers. `start`/`end` are either a month "YYYY-MM" (the whole month is
 * covered, e.g. an HN monthly thread) or a day "YYYY-MM-DD" (coverage starts/ends that day, inclusive).
 */
export interface CoverageSpan {
  source: string;
  start: string;
  end: string;
  /**
   * For sources that only list ads still open (ATS boards): the day live collection began. Ads of earlier
   * months are only the survivors still listed then, so those months (and a collection start mid-month)
   * are partial. Leave undefined for sources with complete history (HN threads).
   */
  collectedFrom?: string;
}

function dayOfMonth(value: string): number | null {
  const m = DAY_RE.exec(value);
  return m ? Number(m[3]) : null;
}

/**
 * Months that the collection does not cover entirely. A month is partial when some source's coverage
 * starts after its first day or ends before its last day, when it precedes a listing source's
 * collectedFrom (only survivors were collected), or when it is the current month (`today`, which is not
 * over yet) or later. Months no span touches are not listed (they are simply absent).
 */
export function partialMonths(spans: readonly CoverageSpan[], today?: string): Set<Month> {
  const out = new Set<Month>();
  const current = today === undefined ? null : monthIndex(monthOf(today));
  for (const span of spans) {
    const startMonth = monthOf(span.start);
    const endMonth = monthOf(span.end);
    if (monthIndex(startMonth) > monthIndex(endMonth)) {
      throw new UsageError(`coverage of ${span.source} starts (${span.start}) after it ends (${span.end})`);
    }
    const startDay = dayOfMonth(span.start);
    if (startDay !== null && startDay > 1) out.add(startMonth);
    const endDay = dayOfMonth(span.end);
    if (endDay !== null && endDay < daysInMonth(endMonth)) out.add(endMonth);
    if (span.collectedFrom !== undefined) {
      const fromMonth = monthIndex(monthOf(span.collectedFrom));
      const fromDay = dayOfMonth(span.collectedFrom);
      const lastPartial = fromDay !== null && fromDay > 1 ? fromMonth : fromMonth - 1;
      for (let i = monthIndex(startMonth); i <= Math.min(lastPartial, monthIndex(endMonth)); i++) out.add(monthFromIndex(i));
    }
    if (current !== null && monthIndex(endMonth) >= current) {
      for (let i = Math.max(current, monthIndex(startMonth)); i <= monthIndex(endMonth); i++) out.add(monthFromIndex(i));
    }
  }
  return out;
}

/** Every month touched by at least one span. */
export function coveredMonths(spans: readonly CoverageSpan[]): Set<Month> {
  const out = new Set<Month>();
  for (const span of spans) {
    for (let i = monthIndex(monthOf(span.start)); i <= monthIndex(monthOf(span.end)); i++) out.add(monthFromIndex(i));
  }
  return out;
}

/**
 * Partial periods at a grain: a quarter or year is partial when one of its months is partial or is not
 * covered at all while another of its months is (e.g. data that starts in February makes Q1 partial).
 */
export function partialPeriods(spans: readonly CoverageSpan[], grain: Grain, today?: string): Set<string> {
  const partial = partialMonths(spans, today);
  if (grain === 'month') return partial;
  const covered = coveredMonths(spans);
  const out = new Set<string>();
  const periods = new Set<string>();
  for (const m of covered) periods.add(periodOf(m, grain));
  for (const p of periods) {
    if (monthsOfPeriod(p, grain).some((m) => partial.has(m) || !covered.has(m))) out.add(p);
  }
  return out;
}

/** The latest month at or before `latest` that is not partial (null if none within `maxBack` months). */
export function lastFullMonth(latest: Month, partial: ReadonlySet<Month>, maxBack = 120): Month | null {
  let i = monthIndex(latest);
  for (let k = 0; k <= maxBack; k++, i--) {
    const m = monthFromIndex(i);
    if (!partial.has(m)) return m;
  }
  return null;
}
