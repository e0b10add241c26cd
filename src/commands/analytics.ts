// The analytics commands: trend, compare, movers, cooccur, stacks, gap (and report with its learner options).
// Each gathers its inputs from the store (the storage port's QueryStorage, ./analytics-inputs.ts), calls the pure cores of
// src/analytics, and renders with src/output.ts in table, json, csv or md. The CLI (src/cli.ts) only parses flags.
import { InputError, UsageError } from '../core/errors.js';
import { percent, renderRows, parseFormat, type Column, type Format } from '../output.js';
import { buildFilter, parseMonth, parsePositiveInt, type GlobalOptions } from '../app.js';
import type { QueryFilter, Taxonomy } from '../core/types.js';
import { BACKEND_MARKET, chooseRoles, parseRoleList, requireCurrentRoles, rolesLabel } from '../role-filter.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import type { QueryStorage } from '../core/storage.js';
import type { Denominator, PeriodTechCountRow } from '../core/queries.js';
import { openQueryStorage } from '../storage.js';
import { computeShares, DEFAULT_MIN_SUPPORT, type ShareRow } from '../analytics/shares.js';
import { computeMovers, type MoverRow } from '../analytics/movers.js';
import { cooccurrence, frequentStacks, type CooccurrenceRow, type Stack } from '../analytics/cooccur.js';
import { isResolved, TechResolver, type Unresolved } from '../analytics/resolve.js';
import { expandRollup, relationRows } from '../analytics/rollups.js';
import { twoSidedP, Z95 } from '../analytics/stats.js';
import type { Grain } from '../analytics/months.js';
import { buildReportData } from '../report-builder.js';
import { writeReportWithArchive } from '../report-archive.js';
import { requireWritableTarget } from '../user-files.js';
import type { ReportData } from '../core/report-data.js';
import { chooseMoverPeriods, loadMarket, monthsWithData, partialMonthSet, partialPeriodSet, type MonthWindow } from './analytics-inputs.js';
import { COVERAGE_RULE, loadProfile, runGap, type GapRun } from './gap-analysis.js';

// ---------------------------------------------------------------- shared flags

/** The flags every analytics command shares (each command uses those that apply to it). */
export interface AnalyticsFlags {
  since?: string;
  until?: string;
  source?: string;
  role?: string;
  category?: string;
  required?: boolean;
  remote?: boolean;
  company?: string;
  denominator?: string;
  /** Alias of denominator, as `top --count` names it. */
  count?: string;
  grain?: string;
  minSupport?: string;
  format?: string;
  limit?: string;
}

const DENOMINATORS: readonly Denominator[] = ['jobs', 'postings', 'companies'];
const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];
/** Categories left out of stacks unless asked for: generic concepts and practices ("relational database", "agile"). */
const STACK_EXCLUDED_CATEGORIES = ['concept', 'practice'];

function formatOf(o: GlobalOptions & { format?: string }): Format {
  return parseFormat(o.format ?? (o.json ? 'json' : undefined));
}

function parseDenominator(value: string | undefined, allowed: readonly Denominator[] = DENOMINATORS): Denominator {
  if (value === undefined) return 'jobs';
  if (!(allowed as readonly string[]).includes(value)) {
    const unsupported = (DENOMINATORS as readonly string[]).includes(value);
    throw new UsageError(
      unsupported
        ? `--denominator ${value} does not apply here: this command counts ads (${allowed.join(' or ')})`
        : `--denominator must be one of ${allowed.join(', ')} (got "${value}")`,
    );
  }
  return value as Denominator;
}

function parseGrain(value: string | undefined): Grain {
  if (value === undefined) return 'month';
  if (!(GRAINS as readonly string[]).includes(value)) throw new UsageError(`--grain must be one of ${GRAINS.join(', ')} (got "${value}")`);
  return value as Grain;
}

/** The QueryFilter of the shared flags, validated against the taxonomy (category) and the known roles. */
export function analyticsFilter(o: AnalyticsFlags, taxonomy: Taxonomy): QueryFilter {
  // Role (with "all") and the unit are checked here; the unit travels as a denominator, not in the filter.
  const { count: _count, denominator: _denominator, ...rest } = o;
  const filter = buildFilter(rest);
  if (filter.category !== undefined && !taxonomy.categories.some((c) => c.id === filter.category)) {
    throw new UsageError(`unknown category "${filter.category}" (known: ${taxonomy.categories.map((c) => c.id).join(', ')})`);
  }
  if (o.remote !== undefined) filter.remote = o.remote;
  if (o.company !== undefined) {
    const company = o.company.trim();
    if (company === '') throw new UsageError('--company needs a company name');
    filter.company = company;
  }
  return filter;
}

/** Open the store (an empty one is an error, exit 2, not an empty ranking), check an explicit --role can filter, run `fn`, close. */
async function withStore<T>(o: GlobalOptions, filter: QueryFilter, fn: (q: QueryStorage) => Promise<T>): Promise<T> {
  const q = await openQueryStorage(o.db);
  try {
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, o.db);
    return await fn(q);
  } finally {
    await q.close();
  }
}

/** Notes after the rows: plain lines under a table, a list under markdown, nothing in CSV (json carries them). */
function writeNotes(o: GlobalOptions, format: Format, notes: readonly string[]): void {
  if (notes.length === 0) return;
  if (format === 'table') o.stdout.write(`\n${notes.join('\n')}\n`);
  else if (format === 'md') o.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
}

const pct = (share: number): string => percent(share);
const range = (low: number, high: number): string => `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
const pp = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)} pp`;
const human = (format: Format): boolean => format === 'table' || format === 'md';

function filterWords(filter: QueryFilter, denominator: Denominator): string {
  const parts = [
    filter.since || filter.until ? `${filter.since ?? 'start'}..${filter.until ?? 'now'}` : null,
    filter.sources ? `sources ${filter.sources.join(',')}` : null,
    filter.roles ? rolesLabel(filter.roles) : null,
    filter.category ? `category ${filter.category}` : null,
    filter.requiredOnly ? 'required mentions only' : null,
    filter.remote !== undefined ? (filter.remote ? 'remote ads' : 'non-remote ads') : null,
    filter.company ? `company "${filter.company}"` : null,
  ].filter((p): p is string => p !== null);
  const unit = denominator === 'jobs' ? 'unique jobs' : denominator === 'postings' ? 'postings (reposts counted)' : 'companies (ads without a company name are not counted)';
  return `shares of ${unit}${parts.length ? `; ${parts.join('; ')}` : ''}`;
}

/** The column header and the noun of counts in the chosen unit: "ads", "postings" or "companies". */
function unitNoun(denominator: Denominator): string {
  return denominator === 'companies' ? 'companies' : denominator === 'postings' ? 'postings' : 'ads';
}

// ---------------------------------------------------------------- technology arguments

/** A series a command reports on: one technology, or a roll-up counted once per ad if it mentions any member. */
export interface SeriesSpec {
  /** Stable key in json/csv: the id ("postgresql") or the roll-up as written ("is_a:relational-database"). */
  key: string;
  label: string;
  kind: 'tech' | 'category' | 'is_a' | 'implies';
  members: string[];
  /** How the argument resolved, for display. */
  resolution: string;
}

export type RollupFlag = 'is_a' | 'implies';

/** 'unknown technology "javscript" — did you mean javascript?' */
export function unknownTechMessage(r: Unresolved): string {
  if (r.ambiguous) return `"${r.unknown}" is ambiguous: it names ${r.suggestions.join(', ')} — use one of those ids`;
  return r.suggestions.length > 0
    ? `unknown technology "${r.unknown}" — did you mean ${r.suggestions.join(' or ')}?`
    : `unknown technology "${r.unknown}" (no similar name in the taxonomy)`;
}

const ROLLUP_RE = /^(category|is_a|is-a|implies):(.+)$/i;

/**
 * Resolve command-line technology arguments through the taxonomy's ids, names and aliases ("postgres", "k8s").
 * Roll-ups: `category:database` (any database), `is_a:relational-database` (any relational database: PostgreSQL,
 * MySQL, …), `implies:python` (Python incl. Django, Flask, … that imply it). `rollup` applies is_a/implies to every
 * plain argument. Unknown names throw UsageError with suggestions; Java never becomes JavaScript.
 */
export function resolveTechArgs(args: readonly string[], taxonomy: Taxonomy, rollup?: RollupFlag): SeriesSpec[] {
  const resolver = new TechResolver(taxonomy.entries);
  const relations = relationRows(taxonomy.entries);
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const resolveName = (name: string): { id: string; how: string } => {
    const r = resolver.resolve(name);
    if (!isResolved(r)) throw new UsageError(unknownTechMessage(r));
    return { id: r.id, how: r.via === 'id' ? r.id : `${name} → ${r.id} (${r.via} "${r.form}")` };
  };
  const out: SeriesSpec[] = [];
  for (const raw of args) {
    const arg = raw.trim();
    if (arg === '') throw new UsageError('empty technology argument');
    const m = ROLLUP_RE.exec(arg);
    let spec: SeriesSpec;
    if (m && m[1]!.toLowerCase() === 'category') {
      const id = m[2]!.trim();
      const cat = taxonomy.categories.find((c) => c.id === id.toLowerCase());
      if (!cat) throw new UsageError(`unknown category "${id}" (known: ${taxonomy.categories.map((c) => c.id).join(', ')})`);
      const r = expandRollup('category', cat.id, taxonomy.entries, relations);
      spec = { key: `category:${cat.id}`, label: `any ${cat.name}`, kind: 'category', members: r.members, resolution: `category:${cat.id} = any of ${r.members.length} technologies` };
    } else {
      const kind: SeriesSpec['kind'] = m ? (m[1]!.toLowerCase() === 'implies' ? 'implies' : 'is_a') : (rollup ?? 'tech');
      const { id, how } = resolveName(m ? m[2]!.trim() : arg);
      const name = names.get(id) ?? id;
      if (kind === 'tech') {
        spec = { key: id, label: name, kind, members: [id], resolution: how };
      } else {
        const r = expandRollup(kind, id, taxonomy.entries, relations);
        const others = r.members.filter((x) => x !== id);
        const label = kind === 'is_a' ? `any ${name}` : `${name} incl. what implies it`;
        const shown = others.length > 8 ? `${others.slice(0, 8).join(', ')}, …` : others.join(', ');
        spec = {
          key: `${kind}:${id}`,
          label,
          kind,
          members: r.members,
          resolution: `${kind}:${m ? m[2]!.trim() : arg} → ${id}${others.length ? ` + ${others.length} (${shown})` : ' (nothing else relates to it)'}`,
        };
      }
    }
    if (!out.some((s) => s.key === spec.key)) out.push(spec);
  }
  return out;
}

function parseRollup(value: string | undefined): RollupFlag | undefined {
  if (value === undefined) return undefined;
  if (value === 'is_a' || value === 'implies') return value;
  throw new UsageError(`--rollup must be is_a or implies (got "${value}")`);
}

/** Per-period counts of each series, in the chosen unit (plain technologies from one query, roll-ups each from one). */
async function seriesCounts(q: QueryStorage, specs: readonly SeriesSpec[], filter: QueryFilter, grain: Grain | 'all', denominator: Denominator) {
  const req = { filter, grain, denominator };
  const base = await q.periodTechCounts({ ...req, techs: specs.filter((s) => s.kind === 'tech').map((s) => s.key) });
  const counts: PeriodTechCountRow[] = [];
  for (const s of specs) {
    if (s.kind === 'tech') counts.push(...base.counts.filter((c) => c.tech === s.key));
    else counts.push(...(await q.rollupPeriodCounts(s.members, s.key, req)));
  }
  // Zero-fill: a period with ads but no mention is a share of 0, not a missing point.
  const have = new Set(counts.map((c) => `${c.period}\u0000${c.tech}`));
  for (const t of base.totals) for (const s of specs) if (!have.has(`${t.period}\u0000${s.key}`)) counts.push({ period: t.period, tech: s.key, count: 0 });
  return { counts, totals: base.totals };
}

// ---------------------------------------------------------------- trend

export interface TrendOptions extends GlobalOptions, AnalyticsFlags {
  techs: string[];
  rollup?: string;
  /** For tests: the current time decides which months are partial. */
  now?: Date;
}

export interface TrendResult {
  series: SeriesSpec[];
  rows: ShareRow[];
  denominator: Denominator;
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

// ---------------------------------------------------------------- compare

/**
 * Difference of two shares measured on the same ads (paired): only the ads asking for exactly one of the two
 * carry information. McNemar's z = (onlyA − onlyB) / √(onlyA + onlyB); the difference (onlyA − onlyB) / n with a
 * Wald interval for paired proportions. Positive: A is asked for more often.
 */
export function pairedDifference(onlyA: number, onlyB: number, n: number, z = Z95): { diff: number; low: number; high: number; z: number; p: number } {
  if (!(n > 0)) return { diff: 0, low: 0, high: 0, z: 0, p: 1 };
  const d = (onlyA - onlyB) / n;
  const discordant = onlyA + onlyB;
  const zStat = discordant > 0 ? (onlyA - onlyB) / Math.sqrt(discordant) : 0;
  const se = Math.sqrt(Math.max(0, discordant - (onlyA - onlyB) ** 2 / n)) / n;
  return { diff: d, low: d - z * se, high: d + z * se, z: zStat, p: discordant > 0 ? twoSidedP(zStat) : 1 };
}

export interface CompareRow {
  period: string;
  total: number;
  a: number;
  b: number;
  aShare: number;
  bShare: number;
  diffPp: number;
  partial: boolean;
}

export interface CompareResult {
  a: SeriesSpec;
  b: SeriesSpec;
  rows: CompareRow[];
  overall: CompareRow | null;
  test: { onlyA: number; onlyB: number; both: number; ads: number; diffPp: number; lowPp: number; highPp: number; z: number; p: number } | null;
  notes: string[];
}

export interface CompareOptions extends GlobalOptions, AnalyticsFlags {
  a: string;
  b: string;
  rollup?: string;
  now?: Date;
}

export async function compareCommand(o: CompareOptions): Promise<CompareResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  const specs = resolveTechArgs([o.a, o.b], taxonomy, parseRollup(o.rollup));
  if (specs.length < 2) throw new UsageError(`compare needs two different technologies ("${o.a}" and "${o.b}" are the same)`);
  const [A, B] = specs as [SeriesSpec, SeriesSpec];
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const grain = parseGrain(o.grain);
  const now = o.now ?? new Date();
  const { rows, overall, test } = await withStore(o, filter, async (q) => {
    const partial = await partialPeriodSet(q, filter, grain, now);
    const toRows = async (g: Grain | 'all'): Promise<CompareRow[]> => {
      const { counts, totals } = await seriesCounts(q, specs, filter, g, denominator);
      const of = new Map(counts.map((c) => [`${c.period}\u0000${c.tech}`, c.count]));
      return totals
        .map((t) => {
          const a = of.get(`${t.period}\u0000${A.key}`) ?? 0;
          const b = of.get(`${t.period}\u0000${B.key}`) ?? 0;
          return { period: t.period, total: t.total, a, b, aShare: a / t.total, bShare: b / t.total, diffPp: ((a - b) / t.total) * 100, partial: partial.has(t.period) };
        })
        .sort((x, y) => (x.period < y.period ? -1 : 1));
    };
    const perPeriod = await toRows(grain);
    const all = (await toRows('all'))[0] ?? null;
    if (all) all.partial = perPeriod.some((r) => r.partial);
    let paired: CompareResult['test'] = null;
    if (denominator !== 'companies') {
      // The paired test needs, per ad, whether it asks for A, B or both: one pass over the encoded ads.
      const enc = await loadMarket(q, filter, { uniqueJobs: denominator === 'jobs' });
      const code = (ids: string[]) => new Set(ids.map((id) => enc.techCode.get(id)).filter((c): c is number => c !== undefined));
      const ca = code(A.members);
      const cb = code(B.members);
      let onlyA = 0;
      let onlyB = 0;
      let both = 0;
      for (let i = 0; i < enc.size; i++) {
        let hasA = false;
        let hasB = false;
        for (let j = enc.start[i]!; j < enc.start[i + 1]!; j++) {
          const t = enc.tech[j]!;
          if (filter.requiredOnly && enc.strength[j] !== 0) continue;
          if (ca.has(t)) hasA = true;
          if (cb.has(t)) hasB = true;
        }
        if (hasA && hasB) both++;
        else if (hasA) onlyA++;
        else if (hasB) onlyB++;
      }
      const d = pairedDifference(onlyA, onlyB, enc.size);
      paired = { onlyA, onlyB, both, ads: enc.size, diffPp: d.diff * 100, lowPp: d.low * 100, highPp: d.high * 100, z: d.z, p: d.p };
    }
    return { rows: perPeriod, overall: all, test: paired };
  });
  const notes: string[] = [...specs.filter((s) => s.kind !== 'tech' || s.resolution !== s.key).map((s) => s.resolution)];
  if (overall && test) {
    const verdict = test.p < 0.05 ? `${test.diffPp >= 0 ? A.label : B.label} is asked for more often` : 'no significant difference';
    notes.push(
      `overall: ${A.label} ${pct(overall.aShare)} vs ${B.label} ${pct(overall.bShare)} of ${overall.total} ads; difference ${pp(test.diffPp)} (95% CI ${pp(test.lowPp)} to ${pp(test.highPp)}), McNemar z = ${test.z.toFixed(2)}, p = ${test.p.toPrecision(2)}: ${verdict}`,
      `${test.both} ads ask for both, ${test.onlyA} only for ${A.label}, ${test.onlyB} only for ${B.label}`,
    );
  } else if (overall) {
    notes.push(`overall: ${A.label} ${pct(overall.aShare)} vs ${B.label} ${pct(overall.bShare)} of ${overall.total} companies (no paired test for company counts)`);
  }
  if (rows.length === 0) notes.unshift(`no ${unitNoun(denominator)} in this selection: widen the months, sources or filters`);
  notes.push(`${filterWords(filter, denominator)}; "partial" = the ${grain} is not fully covered by the data`);
  const all = overall ? [...rows, { ...overall, period: 'all' }] : rows;
  const columns: Column<CompareRow>[] = [
    { header: grain, key: 'period', value: (r) => r.period },
    { header: unitNoun(denominator), key: 'total', value: (r) => r.total, align: 'right' },
    { header: human(format) ? A.label : 'a_count', key: 'a_count', value: (r) => r.a, align: 'right' },
    { header: human(format) ? 'share' : 'a_share', key: 'a_share', value: (r) => (human(format) ? pct(r.aShare) : r.aShare), align: 'right' },
    { header: human(format) ? B.label : 'b_count', key: 'b_count', value: (r) => r.b, align: 'right' },
    { header: human(format) ? 'share' : 'b_share', key: 'b_share', value: (r) => (human(format) ? pct(r.bShare) : r.bShare), align: 'right' },
    { header: human(format) ? 'A − B' : 'diff_pp', key: 'diff_pp', value: (r) => (human(format) ? pp(r.diffPp) : r.diffPp), align: 'right' },
    { header: 'partial', key: 'partial', value: (r) => (human(format) ? (r.partial ? 'partial' : '') : r.partial) },
  ];
  o.stdout.write(renderRows(all, columns, format, format === 'json' ? { a: A, b: B, denominator, grain, filter, overall, test, notes } : undefined));
  writeNotes(o, format, notes);
  return { a: A, b: B, rows, overall, test, notes };
}

// ---------------------------------------------------------------- movers

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

// ---------------------------------------------------------------- cooccur

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

// ---------------------------------------------------------------- stacks

export interface StacksOptions extends GlobalOptions, AnalyticsFlags {
  minSize?: string;
  maxSize?: string;
  minShare?: string;
  rankBy?: string;
  allCategories?: boolean;
}

export interface StacksCommandResult {
  total: number;
  minCount: number;
  /** The roles of the market (undefined: every ad). */
  roles: string[] | undefined;
  stacks: (Stack & { names: string[] })[];
  notes: string[];
}

export async function stacksCommand(o: StacksOptions): Promise<StacksCommandResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count, ['jobs', 'postings']);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', DEFAULT_MIN_SUPPORT, 1_000_000);
  const limit = parsePositiveInt(o.limit, '--limit', 20, 10_000);
  const minSize = parsePositiveInt(o.minSize, '--min-size', 2, 4);
  const maxSize = parsePositiveInt(o.maxSize, '--max-size', 4, 4);
  if (minSize < 2 || minSize > maxSize) throw new UsageError(`stack sizes must satisfy 2 ≤ --min-size ≤ --max-size ≤ 4 (got ${minSize}..${maxSize})`);
  let minShare = 0.01;
  if (o.minShare !== undefined) {
    const v = Number(o.minShare);
    if (!/^\d+(\.\d+)?$/.test(o.minShare) || v > 100) throw new UsageError(`--min-share must be a percentage from 0 to 100 (got "${o.minShare}")`);
    minShare = v / 100;
  }
  if (o.rankBy !== undefined && o.rankBy !== 'support' && o.rankBy !== 'lift') throw new UsageError(`--rank-by must be support or lift (got "${o.rankBy}")`);
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const exclude = o.allCategories ? [] : taxonomy.entries.filter((e) => STACK_EXCLUDED_CATEGORIES.includes(e.category)).map((e) => e.id);
  const q = await openQueryStorage(o.db);
  let out: { result: ReturnType<typeof frequentStacks>; roles: string[] | undefined; roleNote: string | null };
  try {
    // Stacks describe the backend developer's market by default, once roles are classified.
    const role = await chooseRoles(q, o.db, parseRoleList(o.role), BACKEND_MARKET);
    const scope: QueryFilter = { ...filter };
    delete scope.roles;
    if (role.roles !== undefined) scope.roles = role.roles;
    const enc = await loadMarket(q, scope, { uniqueJobs: denominator === 'jobs' });
    const result = frequentStacks(enc, {
      minCount: minSupport,
      minSupport: minShare,
      minSize,
      maxSize,
      limit,
      rankBy: o.rankBy === 'lift' ? 'lift' : 'support',
      exclude,
      ...(filter.requiredOnly ? { requiredOnly: true } : {}),
    });
    out = { result, roles: role.roles, roleNote: role.note };
  } finally {
    await q.close();
  }
  const { result } = out;
  const stacks = result.stacks.map((s) => ({ ...s, names: s.techs.map((t) => names.get(t) ?? t) }));
  const notes = [
    ...(out.roleNote ? [out.roleNote] : []),
    `${result.total} ads; a stack is a set of ${minSize}–${maxSize} technologies asked for together in at least ${result.minCount} ads (the larger of --min-support ${minSupport} and --min-share ${(minShare * 100).toFixed(1)}%) and more often than chance (lift > 1)`,
    o.allCategories ? 'all categories included' : `generic ${STACK_EXCLUDED_CATEGORIES.join(' and ')} entries (e.g. "relational database", "agile") left out: --all-categories keeps them`,
    filterWords({ ...filter, ...(out.roles ? { roles: out.roles } : {}) }, denominator),
  ];
  if (stacks.length === 0) notes.unshift('no stack reaches the minimum support in this selection');
  const columns: Column<(typeof stacks)[number]>[] = [
    { header: '#', key: 'rank', value: (r) => stacks.indexOf(r) + 1, align: 'right' },
    { header: 'stack', key: 'techs', value: (r) => (human(format) ? r.names.join(' + ') : r.techs.join('+')) },
    { header: 'size', key: 'size', value: (r) => r.techs.length, align: 'right' },
    { header: 'ads', key: 'count', value: (r) => r.count, align: 'right' },
    { header: 'share', key: 'support', value: (r) => (human(format) ? pct(r.support) : r.support), align: 'right' },
    { header: 'lift', key: 'lift', value: (r) => (human(format) ? `${r.lift.toFixed(2)}×` : r.lift), align: 'right' },
  ];
  o.stdout.write(renderRows(stacks, columns, format, format === 'json' ? { total: result.total, minCount: result.minCount, market: { roles: out.roles ?? null }, filter, notes } : undefined));
  writeNotes(o, format, notes);
  return { total: result.total, minCount: result.minCount, roles: out.roles, stacks, notes };
}

// ---------------------------------------------------------------- gap

export type GapSection = 'resolution' | 'coverage' | 'gaps' | 'steps' | 'order' | 'path';
const GAP_SECTIONS: readonly GapSection[] = ['resolution', 'coverage', 'gaps', 'steps', 'order', 'path'];

export interface GapOptions extends GlobalOptions, AnalyticsFlags {
  profile?: string;
  steps?: string;
  section?: string;
  now?: Date;
}

export async function gapCommand(o: GapOptions): Promise<GapRun> {
  const format = formatOf(o);
  if (o.profile === undefined) throw new UsageError('gap needs --profile <file.yaml> (see examples/profile.yaml)');
  let section: GapSection = 'gaps';
  if (o.section !== undefined) {
    if (!(GAP_SECTIONS as readonly string[]).includes(o.section)) throw new UsageError(`--section must be one of ${GAP_SECTIONS.join(', ')} (got "${o.section}")`);
    section = o.section as GapSection;
  }
  const taxonomy = loadProjectTaxonomy();
  const profile = loadProfile(o.profile, taxonomy);
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count, ['jobs', 'postings']);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', 5, 1_000_000);
  const maxGaps = parsePositiveInt(o.limit, '--limit', 15, 1000);
  const steps = parsePositiveInt(o.steps, '--steps', 3, 10);
  const q = await openQueryStorage(o.db);
  let run: GapRun;
  try {
    run = await runGap(q, taxonomy, profile, filter, {
      ...(o.role !== undefined ? { roles: parseRoleList(o.role)! } : {}),
      denominator,
      now: o.now ?? new Date(),
      minSupport,
      maxGaps,
      steps,
    });
  } finally {
    await q.close();
  }
  renderGap(o, format, section, run, taxonomy);
  return run;
}

function renderGap(o: GlobalOptions, format: Format, section: GapSection, run: GapRun, taxonomy: Taxonomy): void {
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const name = (id: string) => (human(format) ? (names.get(id) ?? id) : id);
  const r = run.report;
  const cov = r.coverage;
  const scope = `${rolesLabel(run.roles)} ${run.market.since}..${run.market.until}`;
  const inferred = r.known.filter((k) => k.via !== null);

  const resolutionCols: Column<GapRun['profile']['resolutions'][number]>[] = [
    { header: 'you wrote', key: 'input', value: (x) => x.input },
    { header: 'line', key: 'line', value: (x) => x.line, align: 'right' },
    { header: 'resolved to', key: 'tech', value: (x) => x.tech },
    { header: 'how', key: 'via', value: (x) => (x.via === 'id' ? 'id' : `${x.via} "${x.form}"`) },
    { header: 'confidence', key: 'confidence', value: (x) => (x.confidence === null ? (human(format) ? 'ignored' : null) : x.confidence), align: 'right' },
  ];
  const coverageRows = [
    { measure: 'ads in the market', value: cov.ads },
    { measure: 'ads with a recognised technology', value: cov.considered },
    { measure: 'ads with no recognised technology (unknown, not judged)', value: cov.unknown },
    { measure: 'ads you cover today', value: cov.covered },
    { measure: 'coverage today', value: human(format) ? `${pct(cov.share)} (95% CI ${range(cov.low, cov.high)})` : cov.share },
  ];
  const coverageCols: Column<(typeof coverageRows)[number]>[] = [
    { header: 'measure', key: 'measure', value: (x) => x.measure },
    { header: 'value', key: 'value', value: (x) => x.value, align: 'right' },
  ];
  const gapCols: Column<(typeof r.gaps)[number]>[] = [
    { header: '#', key: 'rank', value: (g) => r.gaps.indexOf(g) + 1, align: 'right' },
    { header: 'technology', key: 'tech', value: (g) => name(g.tech) },
    { header: 'category', key: 'category', value: (g) => g.category },
    { header: 'ads', key: 'ads', value: (g) => (human(format) ? pct(g.adShare) : g.adShare), align: 'right' },
    { header: 'required', key: 'required', value: (g) => (human(format) ? pct(g.requiredShare) : g.requiredShare), align: 'right' },
    { header: 'with yours', key: 'with_known', value: (g) => (human(format) ? pct(g.withKnownShare) : g.withKnownShare), align: 'right' },
    {
      header: 'trend',
      key: 'trend_pp',
      value: (g) => (g.trend === null ? null : human(format) ? `${pp(g.trend.deltaPp)}${g.trend.significant ? '' : ' (n.s.)'}` : g.trend.deltaPp),
      align: 'right',
    },
    { header: 'you', key: 'confidence', value: (g) => (human(format) ? `${g.confidence}/5` : g.confidence), align: 'right' },
    { header: 'unlocks', key: 'unlocks', value: (g) => g.unlocks, align: 'right' },
  ];
  if (format !== 'table') gapCols.push({ header: 'why', key: 'reasons', value: (g) => g.reasons.join('; ') });
  if (!human(format)) gapCols.push({ header: 'score', key: 'score', value: (g) => g.score });
  const stepCols: Column<(typeof r.nextSteps)[number]>[] = [
    { header: 'step', key: 'step', value: (s) => r.nextSteps.indexOf(s) + 1, align: 'right' },
    { header: 'learn', key: 'tech', value: (s) => name(s.tech) },
    { header: 'also learns', key: 'learns', value: (s) => s.learns.filter((t) => t !== s.tech).map(name).join(human(format) ? ', ' : '+') },
    { header: 'ads unlocked', key: 'unlocks', value: (s) => s.unlocks, align: 'right' },
    { header: 'covered after', key: 'covered_after', value: (s) => s.coveredAfter, align: 'right' },
    { header: 'coverage after', key: 'share_after', value: (s) => (human(format) ? pct(s.shareAfter) : s.shareAfter), align: 'right' },
  ];
  const orderCols: Column<(typeof r.learningOrder)[number]>[] = [
    { header: '#', key: 'position', value: (x) => r.learningOrder.indexOf(x) + 1, align: 'right' },
    { header: 'learn', key: 'tech', value: (x) => name(x.tech) },
    { header: 'why', key: 'reasons', value: (x) => x.reasons.join('; ') },
    { header: 'before', key: 'prerequisite_for', value: (x) => x.prerequisiteFor.map(name).join(human(format) ? ', ' : '+') },
    { header: 'coverage after', key: 'share_after', value: (x) => (human(format) ? pct(x.shareAfter) : x.shareAfter), align: 'right' },
    { header: 'by', key: 'target_month', value: (x) => x.targetMonth ?? (human(format) ? '' : null) },
  ];
  const pathCols: Column<(typeof r.path)[number]>[] = [
    { header: 'stage', key: 'stage', value: (s) => (human(format) ? `${r.path.indexOf(s) + 1}. ${s.title}` : s.id) },
    { header: 'status', key: 'status', value: (s) => s.status },
    { header: 'you have', key: 'known', value: (s) => s.known.map((k) => (human(format) ? `${name(k.tech)} ${k.confidence}/5` : `${k.tech}:${k.confidence}`)).join(human(format) ? ', ' : '+') },
    { header: 'most asked for', key: 'top', value: (s) => s.top.slice(0, 3).map((t) => (human(format) ? `${name(t.tech)} ${pct(t.share)}` : t.tech)).join(human(format) ? ', ' : '+') },
    { header: 'next', key: 'suggestion', value: (s) => (s.suggestion === null ? (human(format) ? '' : null) : name(s.suggestion)) },
  ];

  if (format === 'json') {
    const doc = {
      profile: run.profile.file,
      resolutions: run.profile.resolutions,
      inferred: inferred.map((k) => ({ tech: k.tech, confidence: k.confidence, from: k.via })),
      market: { roles: run.roles ?? null, since: run.market.since, until: run.market.until, months: run.marketMonths, ads: run.ads },
      coverage: { ...cov, rule: COVERAGE_RULE },
      gaps: r.gaps,
      singleSteps: r.singleSteps,
      nextSteps: r.nextSteps,
      learningOrder: r.learningOrder,
      path: r.path,
      notes: run.notes,
    };
    o.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }
  if (format === 'csv') {
    const table = {
      resolution: () => renderRows(run.profile.resolutions, resolutionCols, 'csv'),
      coverage: () => renderRows(coverageRows, coverageCols, 'csv'),
      gaps: () => renderRows(r.gaps, gapCols, 'csv'),
      steps: () => renderRows(r.nextSteps, stepCols, 'csv'),
      order: () => renderRows(r.learningOrder, orderCols, 'csv'),
      path: () => renderRows(r.path, pathCols, 'csv'),
    }[section];
    o.stdout.write(table());
    return;
  }
  const md = format === 'md';
  const heading = (text: string) => (md ? `\n### ${text}\n\n` : `\n${text}\n`);
  const out: string[] = [];
  out.push(md ? `## Gap analysis for ${run.profile.file}\n` : `Gap analysis for ${run.profile.file}\n`);
  out.push(heading('How your profile was read'), renderRows(run.profile.resolutions, resolutionCols, format));
  if (inferred.length > 0) {
    out.push(`${md ? '\n' : ''}Also counted as known: ${inferred.map((k) => `${name(k.tech)} (${k.confidence}/5, from ${name(k.via!)})`).join(', ')}\n`);
  }
  out.push(heading(`The market: ${scope}`));
  const marketLines = [
    ...run.notes,
    `${cov.ads} ads; ${cov.unknown} (${pct(cov.ads > 0 ? cov.unknown / cov.ads : 0)}) name no recognised technology: counted as unknown, not as covered and not as gaps.`,
    `You cover ${cov.covered} of the ${cov.considered} ads with recognised technologies today: ${pct(cov.share)} (95% CI ${range(cov.low, cov.high)}).`,
    COVERAGE_RULE,
  ];
  out.push(marketLines.map((l) => (md ? `- ${l}` : l)).join('\n') + '\n');
  out.push(heading('Ranked gaps (share of ads, required share, share among ads that ask for something you know, year-over-year trend, your confidence, ads it alone would complete)'));
  out.push(r.gaps.length ? renderRows(r.gaps, gapCols, format) : 'no gaps above the minimum support\n');
  if (!md && r.gaps.length) out.push('\nWhy:\n' + r.gaps.map((g, i) => `${String(i + 1).padStart(3)}. ${name(g.tech)}: ${g.reasons.join('; ')}`).join('\n') + '\n');
  out.push(heading('Next steps that raise coverage most (greedy: each step adds to the ones before)'));
  out.push(r.nextSteps.length ? renderRows(r.nextSteps, stepCols, format) : 'no single technology completes more ads\n');
  out.push(heading('Learning order (prerequisites first; coverage is cumulative)'));
  out.push(r.learningOrder.length ? renderRows(r.learningOrder, orderCols, format) : 'nothing to add\n');
  out.push(heading('Backend path'));
  out.push(renderRows(r.path, pathCols, format));
  o.stdout.write(out.join(''));
}

// ---------------------------------------------------------------- report

export interface ReportOptions extends GlobalOptions, AnalyticsFlags {
  out: string;
  profile?: string;
  /** Headline and demand panels over every month instead of the latest twelve with data. */
  allTime?: boolean;
  /** Also keep this report in the archive folder beside --out. */
  archive?: boolean;
  now?: Date;
}

/** The HTML report with the analytics options: role, denominator, learner profile (the lead's reportCommand has none). */
export async function reportCommand(o: ReportOptions): Promise<string> {
  requireWritableTarget(o.out, '--out');
  const taxonomy = loadProjectTaxonomy();
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const profile = o.profile !== undefined ? loadProfile(o.profile, taxonomy) : undefined;
  let data: ReportData;
  const q = await openQueryStorage(o.db);
  try {
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, o.db);
    data = await buildReportData(q, taxonomy, filter, { denominator, ...(profile ? { profile } : {}), ...(o.now ? { now: o.now } : {}), ...(o.allTime ? { allTime: true } : {}) });
  } finally {
    await q.close();
  }
  // Also archives the report beside --out and fills "what changed" from the previous archived one.
  const { path: out, html } = writeReportWithArchive(o.out, data, { archive: o.archive === true });
  o.stdout.write(o.json ? JSON.stringify({ report: out, bytes: Buffer.byteLength(html) }) + '\n' : `${out}\n`);
  return out;
}

