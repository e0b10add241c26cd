// `techdemand cooccur`: what is asked for together with a technology (conditional share and lift).
import { UsageError } from '../core/errors.js';
import { renderRows, type Column } from '../output.js';
import { parsePositiveInt, type GlobalOptions } from '../app.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { DEFAULT_MIN_SUPPORT } from '../analytics/shares.js';
import { cooccurrence, type CooccurrenceRow } from '../analytics/cooccur.js';
import { loadMarket } from './analytics-inputs.js';
import { type AnalyticsFlags, type SeriesSpec, analyticsFilter, filterWords, formatOf, human, parseDenominator, parseRollup, pct, range, resolveTechArgs, withStore, writeNotes } from './analytics-shared.js';

export interface CooccurOptions extends GlobalOptions, AnalyticsFlags {
  tech: string;
  rankBy?: string;
  rollup?: string;
}

export interface CooccurCommandResult {
  anchor: SeriesSpec;
  anchorCount: number;
  total: number;
  rows: (CooccurrenceRow & { name: string; category: string })[];
  notes: string[];
}

export async function cooccurCommand(o: CooccurOptions): Promise<CooccurCommandResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  const [anchor] = resolveTechArgs([o.tech], taxonomy, parseRollup(o.rollup)) as [SeriesSpec];
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count, ['jobs', 'postings']);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', DEFAULT_MIN_SUPPORT, 1_000_000);
  const limit = parsePositiveInt(o.limit, '--limit', 20, 10_000);
  if (o.rankBy !== undefined && o.rankBy !== 'conditional' && o.rankBy !== 'lift') throw new UsageError(`--rank-by must be conditional or lift (got "${o.rankBy}")`);
  const info = new Map(taxonomy.entries.map((e) => [e.id, e]));
  const result = await withStore(o, filter, async (q) => {
    const enc = await loadMarket(q, filter, { uniqueJobs: denominator === 'jobs' });
    return cooccurrence(enc, anchor.members, {
      minTogether: minSupport,
      limit,
      rankBy: o.rankBy === 'lift' ? 'lift' : 'conditional',
      ...(filter.requiredOnly ? { requiredOnly: true } : {}),
    });
  });
  const rows = result.rows.map((r) => ({ ...r, name: info.get(r.tech)?.name ?? r.tech, category: info.get(r.tech)?.category ?? '' }));
  const notes = [
    ...(anchor.kind !== 'tech' || anchor.resolution !== anchor.key ? [anchor.resolution] : []),
    `${anchor.label}: ${result.anchorCount} of ${result.total} ads (${pct(result.total > 0 ? result.anchorCount / result.total : 0)})`,
    `"with it" = of the ads asking for ${anchor.label}, the share also asking for the technology (95% Wilson interval); lift = how many times more often than if ads picked them independently; pairs seen together fewer than ${minSupport} times are left out`,
    filterWords(filter, denominator),
  ];
  if (result.anchorCount === 0) notes.unshift(`no ads mention ${anchor.label} in this selection`);
  const columns: Column<(typeof rows)[number]>[] = [
    { header: '#', key: 'rank', value: (r) => rows.indexOf(r) + 1, align: 'right' },
    { header: 'technology', key: 'tech', value: (r) => (human(format) ? r.name : r.tech) },
    { header: 'category', key: 'category', value: (r) => r.category },
    { header: 'together', key: 'together', value: (r) => r.together, align: 'right' },
    { header: 'with it', key: 'conditional', value: (r) => (human(format) ? pct(r.conditional.share) : r.conditional.share), align: 'right' },
  ];
  if (human(format)) columns.push({ header: '95% CI', key: 'ci', value: (r) => range(r.conditional.low, r.conditional.high), align: 'right' });
  else columns.push({ header: 'low', key: 'low', value: (r) => r.conditional.low }, { header: 'high', key: 'high', value: (r) => r.conditional.high });
  columns.push(
    { header: 'lift', key: 'lift', value: (r) => (human(format) ? `${r.lift.toFixed(2)}×` : r.lift), align: 'right' },
    { header: 'its ads', key: 'count', value: (r) => r.count, align: 'right' },
  );
  o.stdout.write(
    renderRows(rows, columns, format, format === 'json' ? { anchor, anchorCount: result.anchorCount, total: result.total, denominator, filter, notes } : undefined),
  );
  writeNotes(o, format, notes);
  return { anchor, anchorCount: result.anchorCount, total: result.total, rows, notes };
}

