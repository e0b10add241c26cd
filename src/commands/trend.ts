// `techdemand trend`: the share of ads asking for each technology per period, with 95% intervals.
import { UsageError } from '../core/errors.js';
import { renderRows, type Column } from '../output.js';
import { parsePositiveInt, type GlobalOptions } from '../app.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import type { CountUnit } from '../core/queries.js';
import { computeShares, DEFAULT_MIN_SUPPORT, type ShareRow } from '../analytics/shares.js';
import type { Grain } from '../analytics/months.js';
import { partialPeriodSet } from './analytics-inputs.js';
import { type AnalyticsFlags, type SeriesSpec, analyticsFilter, filterWords, formatOf, human, parseDenominator, parseGrain, parseRollup, pct, range, resolveTechArgs, seriesCounts, unitNoun, withStore, writeNotes } from './analytics-shared.js';

export interface TrendOptions extends GlobalOptions, AnalyticsFlags {
  techs: string[];
  rollup?: string;
  /** For tests: the current time decides which months are partial. */
  now?: Date;
}

export interface TrendResult {
  series: SeriesSpec[];
  rows: ShareRow[];
  denominator: CountUnit;
  grain: Grain;
  minSupport: number;
  notes: string[];
}

export async function trendCommand(o: TrendOptions): Promise<TrendResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  if (o.techs.length === 0) throw new UsageError('name at least one technology, e.g. techdemand trend postgres mysql');
  const specs = resolveTechArgs(o.techs, taxonomy, parseRollup(o.rollup));
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const grain = parseGrain(o.grain);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', DEFAULT_MIN_SUPPORT, 1_000_000);
  const now = o.now ?? new Date();
  const result = await withStore(o, filter, async (q) => {
    const { counts, totals } = await seriesCounts(q, specs, filter, grain, denominator);
    const partial = await partialPeriodSet(q, filter, grain, now);
    const shares = computeShares(counts, totals, { minSupport, partial });
    const order = new Map(specs.map((s, i) => [s.key, i]));
    shares.sort((a, b) => order.get(a.tech)! - order.get(b.tech)! || (a.period < b.period ? -1 : 1));
    return shares;
  });
  const labels = new Map(specs.map((s) => [s.key, s.label]));
  const notes = [
    ...specs.filter((s) => s.kind !== 'tech' || s.resolution !== s.key).map((s) => s.resolution),
    `${filterWords(filter, denominator)}; 95% Wilson intervals`,
    `flags: "partial" = the ${grain} is not fully covered by the data; "< ${minSupport}" = fewer than ${minSupport} ${unitNoun(denominator)}, shown but not to be ranked`,
  ];
  if (result.length === 0) notes.unshift(`no ${unitNoun(denominator)} in this selection: widen the months, sources or filters`);
  const columns: Column<ShareRow>[] = [
    { header: 'technology', key: 'tech', value: (r) => (human(format) ? labels.get(r.tech)! : r.tech) },
    { header: grain, key: 'period', value: (r) => r.period },
    { header: unitNoun(denominator), key: 'count', value: (r) => r.count, align: 'right' },
    { header: 'of', key: 'total', value: (r) => r.total, align: 'right' },
    { header: 'share', key: 'share', value: (r) => (human(format) ? pct(r.share) : r.share), align: 'right' },
  ];
  if (human(format)) {
    columns.push({ header: '95% CI', key: 'ci', value: (r) => range(r.low, r.high), align: 'right' });
    columns.push({ header: 'flags', key: 'flags', value: (r) => [r.partial ? 'partial' : '', r.belowSupport ? `< ${minSupport}` : ''].filter(Boolean).join(', ') });
  } else {
    columns.push(
      { header: 'low', key: 'low', value: (r) => r.low },
      { header: 'high', key: 'high', value: (r) => r.high },
      { header: 'partial', key: 'partial', value: (r) => r.partial },
      { header: 'below_support', key: 'below_support', value: (r) => r.belowSupport },
    );
  }
  o.stdout.write(renderRows(result, columns, format, format === 'json' ? { denominator, grain, minSupport, filter, series: specs, notes } : undefined));
  writeNotes(o, format, notes);
  return { series: specs, rows: result, denominator, grain, minSupport, notes };
}

