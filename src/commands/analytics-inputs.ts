// What the analytics commands and the report read from the store before the pure cores in src/analytics run:
// the encoded market (every posting's technologies), which months are partial, which months hold data, and the two
// windows movers compare. Shared by src/commands/analytics.ts and src/report-builder.ts so both answer alike.
import { UsageError } from '../core/errors.js';
import type { Month, QueryFilter, Strength } from '../core/types.js';
import type { QueryStorage } from '../core/storage.js';
import { PostingEncoder, type EncodedPostings } from '../analytics/encode.js';
import { addMonths, lastFullMonth, monthIndex, monthsOfPeriod, partialMonths, partialPeriods, periodOf, type Grain } from '../analytics/months.js';

/**
 * Every posting of the filter with its technologies, integer-coded. With `uniqueJobs` (default) one entry per job:
 * its first posting in the filter, carrying what ANY posting of the job asks for (a repost that adds Kafka makes
 * the job ask for Kafka), so counts over the market equal the jobs counts of `top` and `trend`.
 */
export async function loadMarket(q: QueryStorage, filter: QueryFilter, options: { uniqueJobs?: boolean; techIds?: readonly string[] } = {}): Promise<EncodedPostings> {
  const enc = new PostingEncoder(options.techIds ?? []);
  const uniqueJobs = options.uniqueJobs !== false;
  const extras = new Map<number, { tech: string; strength: Strength }[]>();
  if (uniqueJobs) {
    for (const r of await q.duplicateJobTechs(filter)) {
      const list = extras.get(r.rep);
      if (list) list.push(r);
      else extras.set(r.rep, [r]);
    }
  }
  // Rows of one posting arrive together: a job's extra technologies are added when its posting's rows end.
  let open: { id: number; month: Month; company: string | null } | null = null;
  const flush = () => {
    if (open) for (const x of extras.get(open.id) ?? []) enc.add(open.id, open.month, x.tech, x.strength, open.company);
  };
  await q.forEachPostingTech(
    filter,
    (id, month, tech, strength, company) => {
      if (extras.size > 0 && open?.id !== id) {
        flush();
        open = { id, month, company };
      }
      enc.add(id, month, tech, strength, company);
    },
    { uniqueJobs },
  );
  flush();
  return enc.finish();
}

/**
 * Per technology, the entries of an encoded market that ask for it, and the market's size: windowTechCounts of the
 * same filter and window in the market's unit (jobs when it was loaded with uniqueJobs, else postings), read from
 * what loadMarket already holds instead of from the database a second time.
 */
export function marketTechCounts(enc: EncodedPostings): { total: number; counts: { tech: string; count: number }[] } {
  const perCode = new Int32Array(enc.techIds.length);
  for (let i = 0; i < enc.start[enc.size]!; i++) perCode[enc.tech[i]!]!++;
  const counts: { tech: string; count: number }[] = [];
  perCode.forEach((count, code) => {
    if (count > 0) counts.push({ tech: enc.techIds[code]!, count });
  });
  return { total: enc.size, counts };
}

/** "YYYY-MM-DD" of a Date in UTC. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Months the collection does not cover entirely (current month, mid-month starts/ends, listing survivors). */
export async function partialMonthSet(q: QueryStorage, filter: QueryFilter, now: Date): Promise<Set<Month>> {
  const spans = await q.coverageSpans(filter.sources ? { sources: filter.sources } : {});
  return spans.length === 0 ? new Set() : partialMonths(spans, dayOf(now));
}

/**
 * Partial periods at a grain. Besides the analytics' rule (a quarter or year is partial when one of its months is),
 * a quarter or year is partial when one of its months was not collected at all (the bundled HN sample starts in
 * August 2013 and lacks July 2016; the current year is not over) or lies outside --since/--until.
 */
export async function partialPeriodSet(q: QueryStorage, filter: QueryFilter, grain: Grain, now: Date): Promise<Set<string>> {
  const spans = await q.coverageSpans(filter.sources ? { sources: filter.sources } : {});
  const out = spans.length === 0 ? new Set<string>() : partialPeriods(spans, grain, dayOf(now));
  if (grain === 'month') return out;
  // Collection is a property of the sources, not of role/company/remote filters: a month without ads of one
  // company is a zero, not a gap.
  const collected = new Set(await monthsWithData(q, filter.sources ? { sources: filter.sources } : {}));
  const periods = new Set([...collected].filter((m) => (filter.since === undefined || m >= filter.since) && (filter.until === undefined || m <= filter.until)).map((m) => periodOf(m, grain)));
  for (const p of periods) {
    const missing = monthsOfPeriod(p, grain).some(
      (m) => !collected.has(m) || (filter.since !== undefined && m < filter.since) || (filter.until !== undefined && m > filter.until),
    );
    if (missing) out.add(p);
  }
  return out;
}

/** Months holding at least one posting of the filter, ascending. */
export function monthsWithData(q: QueryStorage, filter: QueryFilter): Promise<Month[]> {
  return q.monthsWithPostings(filter);
}

export interface MonthWindow {
  since: Month;
  until: Month;
}

/** How many calendar months "now" covers: what a reader asking "what is demanded" means. */
export const NOW_MONTHS = 12;

/**
 * The window a ranking covers when no --since/--until is given: the latest NOW_MONTHS calendar months up to the
 * latest month with data in the filter's sources (so 2011-2018 never mixes with 2026), or null when there are no
 * data. An explicit --since or --until, or `allTime`, gives the filter's own months instead (null window).
 */
export async function nowWindow(q: QueryStorage, filter: QueryFilter, allTime = false): Promise<MonthWindow | null> {
  if (allTime || filter.since !== undefined || filter.until !== undefined) return null;
  const { roles: _roles, remote: _remote, company: _company, ...scope } = filter;
  const months = await monthsWithData(q, scope);
  const last = months[months.length - 1];
  return last === undefined ? null : { since: addMonths(last, -(NOW_MONTHS - 1)), until: last };
}

export interface MoverPeriods {
  before: MonthWindow;
  after: MonthWindow;
  /** Months of each window that hold data. */
  beforeMonths: Month[];
  afterMonths: Month[];
  /** Plain-text remarks on how the windows were chosen (fallbacks, partial months left out). */
  notes: string[];
}

/**
 * The two windows movers compare. By default: the `length` months ending at the last full month with data
 * (a partial current month is left out) against the same months one year earlier. When that earlier year holds no
 * data (the bundled HN data has a gap from 2018 to 2026) it falls back to the `length` data-bearing months just
 * before, and says so. Explicit windows are taken as given. Null when there is nothing to compare.
 */
export function chooseMoverPeriods(
  dataMonths: readonly Month[],
  partial: ReadonlySet<Month>,
  options: { length?: number; before?: MonthWindow; after?: MonthWindow } = {},
): MoverPeriods | null {
  const length = options.length ?? 12;
  const months = [...new Set(dataMonths)].sort();
  const within = (w: MonthWindow) => months.filter((m) => m >= w.since && m <= w.until);
  const notes: string[] = [];
  let after = options.after;
  if (!after) {
    const latest = months[months.length - 1];
    if (latest === undefined) return null;
    const lastFull = lastFullMonth(latest, partial);
    if (lastFull === null) return null;
    if (lastFull !== latest) notes.push(`partial month${latest > addMonths(lastFull, 1) ? 's' : ''} after ${lastFull} left out`);
    after = { since: addMonths(lastFull, -(length - 1)), until: lastFull };
  }
  const afterMonths = within(after);
  if (afterMonths.length === 0) return null;
  let before = options.before;
  if (!before) {
    const yearBefore = { since: addMonths(after.since, -12), until: addMonths(after.until, -12) };
    // Year over year needs windows of at most 12 months; a longer one compares with the months just before it.
    before = length <= 12 ? yearBefore : { since: addMonths(after.since, -length), until: addMonths(after.since, -1) };
    if (within(before).length === 0) {
      const earlier = months.filter((m) => m < after!.since).slice(-length);
      if (earlier.length === 0) return null;
      notes.push(
        `no data in ${before.since}..${before.until}: compared with the ${earlier.length} data-bearing month${earlier.length === 1 ? '' : 's'} before instead`,
      );
      before = { since: earlier[0]!, until: earlier[earlier.length - 1]! };
    }
  }
  const beforeMonths = within(before);
  if (beforeMonths.length === 0) return null;
  if (monthIndex(before.until) >= monthIndex(after.since)) throw new UsageError(`the before window (${before.since}..${before.until}) must end before the after window starts (${after.since})`);
  return { before, after, beforeMonths, afterMonths, notes };
}

