// `techdemand stacks`: sets of 2-4 technologies asked for together, in the backend developer's market by default.
import { UsageError } from '../core/errors.js';
import { renderRows, type Column } from '../output.js';
import { parsePositiveInt, type GlobalOptions } from '../app.js';
import type { QueryFilter } from '../core/types.js';
import { BACKEND_MARKET, chooseRoles, parseRoleList } from '../role-filter.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { openQueryStorage } from '../storage.js';
import { DEFAULT_MIN_SUPPORT } from '../analytics/shares.js';
import { frequentStacks, type Stack } from '../analytics/cooccur.js';
import { loadMarket } from './analytics-inputs.js';
import { type AnalyticsFlags, STACK_EXCLUDED_CATEGORIES, analyticsFilter, filterWords, formatOf, human, parseDenominator, pct, writeNotes } from './analytics-shared.js';

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
    const role = await chooseRoles(q, q.location, parseRoleList(o.role), BACKEND_MARKET);
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

