// `techdemand movers`: technologies rising and falling between two windows, significance-ranked.
import { InputError, UsageError } from '../core/errors.js';
import { renderRows, type Column } from '../output.js';
import { parseMonth, parsePositiveInt, type GlobalOptions } from '../app.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { DEFAULT_MIN_SUPPORT } from '../analytics/shares.js';
import { computeMovers, type MoverRow } from '../analytics/movers.js';
import { chooseMoverPeriods, monthsWithData, partialMonthSet, type MonthWindow } from './analytics-inputs.js';
import { type AnalyticsFlags, analyticsFilter, filterWords, formatOf, human, parseDenominator, pct, pp, withStore, writeNotes } from './analytics-shared.js';

function parseWindow(value: string | undefined, flag: string): MonthWindow | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag} must be a range of months FROM..TO, e.g. 2016-01..2016-12 (got "${value}")`);
  const since = parseMonth(m[1], flag)!;
  const until = parseMonth(m[2], flag)!;
  if (since > until) throw new UsageError(`${flag}: ${since} is after ${until}`);
  return { since, until };
}

export interface MoversOptions extends GlobalOptions, AnalyticsFlags {
  before?: string;
  after?: string;
  window?: string;
  all?: boolean;
  now?: Date;
}

export interface MoversCommandResult {
  before: MonthWindow;
  after: MonthWindow;
  beforeTotal: number;
  afterTotal: number;
  rows: (MoverRow & { name: string })[];
  excluded: number;
  notes: string[];
}

export async function moversCommand(o: MoversOptions): Promise<MoversCommandResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', DEFAULT_MIN_SUPPORT, 1_000_000);
  const limit = parsePositiveInt(o.limit, '--limit', 15, 10_000);
  const length = parsePositiveInt(o.window, '--window', 12, 240);
  const before = parseWindow(o.before, '--before');
  const after = parseWindow(o.after, '--after');
  if ((before === undefined) !== (after === undefined)) throw new UsageError('give both --before and --after, or neither (year over year by default)');
  const now = o.now ?? new Date();
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const computed = await withStore(o, filter, async (q) => {
    const periods = chooseMoverPeriods(await monthsWithData(q, filter), await partialMonthSet(q, filter, now), {
      length,
      ...(before && after ? { before, after } : {}),
    });
    if (!periods) throw new InputError('not enough data to compare two periods in this selection (movers need months with ads before and after)');
    const count = (w: MonthWindow) => q.windowTechCounts({ filter: { ...filter, since: w.since, until: w.until }, denominator });
    const b = await count(periods.before);
    const a = await count(periods.after);
    const movers = computeMovers(b.counts, b.total, a.counts, a.total, { minCount: 2 * minSupport, limit });
    return { periods, movers };
  });
  const { periods, movers } = computed;
  // --all: every tested technology, rising then falling; --limit (when given) caps each direction as it does without --all.
  const cap = (rows: typeof movers.all) => (o.all && o.limit === undefined ? rows : rows.slice(0, limit));
  const chosen = o.all
    ? [...cap(movers.all.filter((r) => r.deltaPp > 0).sort((x, y) => y.z - x.z)), ...cap(movers.all.filter((r) => r.deltaPp <= 0).sort((x, y) => x.z - y.z))]
    : [...movers.rising, ...movers.falling];
  const rows = chosen.map((r) => ({ ...r, name: names.get(r.tech) ?? r.tech }));
  const notes = [
    `before: ${periods.before.since}..${periods.before.until} (${movers.beforeTotal} ${denominator}, ${periods.beforeMonths.length} months with data); after: ${periods.after.since}..${periods.after.until} (${movers.afterTotal} ${denominator}, ${periods.afterMonths.length} months with data)`,
    ...periods.notes,
    `ranked by the two-proportion z statistic; significant = Benjamini-Hochberg q < 0.05 over ${movers.all.length} tested technologies; effect in percentage points with a 95% Newcombe interval`,
    `${movers.excluded.length} technologies with fewer than ${2 * minSupport} ads over both periods are not ranked; ${filterWords(filter, denominator)}`,
  ];
  if (!o.all && rows.length === 0) notes.unshift('no significant movers between these periods (--all lists every tested technology)');
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'direction', key: 'direction', value: (r) => r.direction },
    { header: 'technology', key: 'tech', value: (r) => (human(format) ? r.name : r.tech) },
    { header: 'before', key: 'before', value: (r) => (human(format) ? pct(r.before.share) : r.before.share), align: 'right' },
    { header: 'after', key: 'after', value: (r) => (human(format) ? pct(r.after.share) : r.after.share), align: 'right' },
    { header: 'change', key: 'delta_pp', value: (r) => (human(format) ? pp(r.deltaPp) : r.deltaPp), align: 'right' },
  ];
  if (human(format)) {
    columns.push({ header: '95% CI (pp)', key: 'ci', value: (r) => `${r.deltaLowPp.toFixed(1)} to ${r.deltaHighPp.toFixed(1)}`, align: 'right' });
  } else {
    columns.push({ header: 'delta_low_pp', key: 'delta_low_pp', value: (r) => r.deltaLowPp }, { header: 'delta_high_pp', key: 'delta_high_pp', value: (r) => r.deltaHighPp });
  }
  columns.push(
    { header: 'ads before', key: 'before_count', value: (r) => r.before.count, align: 'right' },
    { header: 'ads after', key: 'after_count', value: (r) => r.after.count, align: 'right' },
    { header: 'z', key: 'z', value: (r) => (human(format) ? r.z.toFixed(2) : r.z), align: 'right' },
    { header: 'q', key: 'q', value: (r) => (human(format) ? r.q.toPrecision(2) : r.q), align: 'right' },
  );
  if (!human(format)) columns.push({ header: 'significant', key: 'significant', value: (r) => r.significant });
  o.stdout.write(
    renderRows(rows, columns, format, format === 'json' ? { before: periods.before, after: periods.after, beforeTotal: movers.beforeTotal, afterTotal: movers.afterTotal, denominator, filter, notes } : undefined),
  );
  writeNotes(o, format, notes);
  return { before: periods.before, after: periods.after, beforeTotal: movers.beforeTotal, afterTotal: movers.afterTotal, rows, excluded: movers.excluded.length, notes };
}

