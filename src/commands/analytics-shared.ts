// What the analytics commands share: their flags, the filter and unit they build, technology arguments and the
// per-period counts of a set of series. Each command has its own file (trend.ts, compare.ts, …) that reads its
// flags, asks its questions of the store and renders the answer.
import { UsageError } from '../core/errors.js';
import { percent, parseFormat, type Format } from '../output.js';
import { buildFilter, type GlobalOptions } from '../app.js';
import type { QueryFilter, Taxonomy } from '../core/types.js';
import { requireCurrentRoles, rolesLabel } from '../role-filter.js';
import type { QueryStorage } from '../core/storage.js';
import type { CountUnit, PeriodTechCountRow } from '../core/queries.js';
import { openQueryStorage } from '../storage.js';
import { isResolved, TechResolver, type Unresolved } from '../analytics/resolve.js';
import { expandRollup, relationRows } from '../analytics/rollups.js';
import type { Grain } from '../analytics/months.js';

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

export const DENOMINATORS: readonly CountUnit[] = ['jobs', 'postings', 'companies'];
export const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];
/** Categories left out of stacks unless asked for: generic concepts and practices ("relational database", "agile"). */
export const STACK_EXCLUDED_CATEGORIES = ['concept', 'practice'];

export function formatOf(o: GlobalOptions & { format?: string }): Format {
  return parseFormat(o.format ?? (o.json ? 'json' : undefined));
}

export function parseDenominator(value: string | undefined, allowed: readonly CountUnit[] = DENOMINATORS): CountUnit {
  if (value === undefined) return 'jobs';
  if (!(allowed as readonly string[]).includes(value)) {
    const unsupported = (DENOMINATORS as readonly string[]).includes(value);
    throw new UsageError(
      unsupported
        ? `--denominator ${value} does not apply here: this command counts ads (${allowed.join(' or ')})`
        : `--denominator must be one of ${allowed.join(', ')} (got "${value}")`,
    );
  }
  return value as CountUnit;
}

export function parseGrain(value: string | undefined): Grain {
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
export async function withStore<T>(o: GlobalOptions, filter: QueryFilter, fn: (q: QueryStorage) => Promise<T>): Promise<T> {
  const q = await openQueryStorage(o.db);
  try {
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, q.location);
    return await fn(q);
  } finally {
    await q.close();
  }
}

/** Notes after the rows: plain lines under a table, a list under markdown, nothing in CSV (json carries them). */
export function writeNotes(o: GlobalOptions, format: Format, notes: readonly string[]): void {
  if (notes.length === 0) return;
  if (format === 'table') o.stdout.write(`\n${notes.join('\n')}\n`);
  else if (format === 'md') o.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
}

export const pct = (share: number): string => percent(share);
export const range = (low: number, high: number): string => `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
export const pp = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)} pp`;
export const human = (format: Format): boolean => format === 'table' || format === 'md';

export function filterWords(filter: QueryFilter, denominator: CountUnit): string {
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
export function unitNoun(denominator: CountUnit): string {
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

export const ROLLUP_RE = /^(category|is_a|is-a|implies):(.+)$/i;

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

export function parseRollup(value: string | undefined): RollupFlag | undefined {
  if (value === undefined) return undefined;
  if (value === 'is_a' || value === 'implies') return value;
  throw new UsageError(`--rollup must be is_a or implies (got "${value}")`);
}

/** Per-period counts of each series, in the chosen unit (plain technologies from one query, roll-ups each from one). */
export async function seriesCounts(q: QueryStorage, specs: readonly SeriesSpec[], filter: QueryFilter, grain: Grain | 'all', denominator: CountUnit) {
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

