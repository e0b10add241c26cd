// The learner's gap analysis with its inputs: read and resolve a profile, pick the market (role, window), compute
// the trends the ranking uses, and run src/analytics/gap.ts analyzeGap. Used by `techdemand gap` and by the report's
// learner section, so both show the same numbers.
import { readFileSync, statSync } from 'node:fs';
import { requireReadableFile } from '../user-files.js';
import { basename } from 'node:path';
import type { QueryStorage } from '../core/storage.js';
import { InputError } from '../core/errors.js';
import type { Role } from '../roles.js';
import { BACKEND_MARKET, chooseRoles, parseRoleList } from '../role-filter.js';
import type { Month, QueryFilter, Taxonomy } from '../core/types.js';
import type { CountUnit } from '../core/queries.js';
import { analyzeGap, type GapReport, type TrendInfo } from '../analytics/gap.js';
import { computeMovers } from '../analytics/movers.js';
import { assertResolved, MAX_PROFILE_BYTES, parseProfile, resolveProfile, type ResolvedProfile } from '../analytics/profile.js';
import { isResolved, TechResolver, type ResolvedVia } from '../analytics/resolve.js';
import { relationRows } from '../analytics/rollups.js';
import { chooseMoverPeriods, loadMarket, marketTechCounts, monthsWithData, partialMonthSet, type MoverPeriods, type MonthWindow } from './analytics-inputs.js';

export interface NameResolution {
  /** What the profile says ("k8s"). */
  input: string;
  line: number;
  tech: string;
  name: string;
  via: ResolvedVia;
  /** The taxonomy form that matched. */
  form: string;
  confidence: number | null;
  /** "k8s → kubernetes (alias "k8s")". */
  text: string;
}

export interface LoadedProfile {
  file: string;
  resolved: ResolvedProfile;
  /** Every name of `knows` and `ignore`, as resolved. */
  resolutions: NameResolution[];
}

/** Read, parse and resolve a profile. Unknown names throw InputError "file:line: unknown technology … (did you mean …?)". */
export function loadProfile(file: string, taxonomy: Taxonomy): LoadedProfile {
  requireReadableFile(file, '--profile');
  if (statSync(file).size > MAX_PROFILE_BYTES) throw new InputError(`${file}: profile too large (max ${MAX_PROFILE_BYTES} bytes)`);
  const profile = parseProfile(readFileSync(file, 'utf8'), file);
  const resolver = new TechResolver(taxonomy.entries);
  const resolved = resolveProfile(profile, resolver);
  assertResolved(resolved, file);
  const confidenceOf = new Map(resolved.known.map((k) => [k.input, k.confidence]));
  const resolutions: NameResolution[] = [];
  for (const item of [...profile.knows.map((k) => ({ name: k.name, line: k.line })), ...profile.ignore]) {
    const r = resolver.resolve(item.name);
    if (!isResolved(r)) continue; // assertResolved has thrown for these
    const how = r.via === 'id' ? 'id' : `${r.via} "${r.form}"`;
    resolutions.push({
      input: item.name,
      line: item.line,
      tech: r.id,
      name: r.name,
      via: r.via,
      form: r.form,
      confidence: confidenceOf.get(item.name) ?? null,
      text: `${item.name} → ${r.id} (${how})`,
    });
  }
  return { file, resolved, resolutions };
}

export interface GapRun {
  profile: LoadedProfile;
  /** The roles of the market (undefined: every ad). */
  roles: string[] | undefined;
  market: MonthWindow;
  /** Months of the market window that hold data. */
  marketMonths: Month[];
  ads: number;
  trendPeriods: MoverPeriods | null;
  report: GapReport;
  notes: string[];
}

export interface GapRunOptions {
  /**
   * An explicit --role list (or "all"); when absent the profile's goals.role, then the backend developer's market
   * (backend + full-stack), when roles are stored.
   */
  roles?: Role[] | 'all';
  /** The database's path, for messages. */
  dbPath?: string;
  denominator?: CountUnit;
  now: Date;
  minSupport?: number;
  maxGaps?: number;
  steps?: number;
}

/**
 * The gap analysis over the market of `filter`. Without since/until the market is the last twelve months up to the
 * last full month with data (the "after" window of the movers); the movers' comparison gives the trends.
 */
export async function runGap(q: QueryStorage, taxonomy: Taxonomy, profile: LoadedProfile, filter: QueryFilter, options: GapRunOptions): Promise<GapRun> {
  const notes: string[] = [];
  const goalRoles = profile.resolved.goals.role !== undefined ? parseRoleList(profile.resolved.goals.role, `${profile.file}: goals.role`) : undefined;
  const role = await chooseRoles(q, options.dbPath ?? q.location, options.roles ?? goalRoles, BACKEND_MARKET);
  if (role.note) notes.push(role.note);
  const scope: QueryFilter = { ...filter };
  delete scope.roles;
  if (role.roles !== undefined) scope.roles = role.roles;

  const partial = await partialMonthSet(q, scope, options.now);
  const dataMonths = await monthsWithData(q, scope);
  const periods = chooseMoverPeriods(dataMonths, partial);
  const explicitWindow = filter.since !== undefined || filter.until !== undefined;
  let market: MonthWindow;
  if (explicitWindow || !periods) {
    market = { since: filter.since ?? dataMonths[0] ?? '0000-01', until: filter.until ?? dataMonths[dataMonths.length - 1] ?? '9999-12' };
  } else {
    market = periods.after;
  }
  const marketMonths = dataMonths.filter((m) => m >= market.since && m <= market.until);

  const enc = await loadMarket(q, { ...scope, since: market.since, until: market.until }, { uniqueJobs: options.denominator !== 'postings' });
  let trends: TrendInfo[] = [];
  if (periods) {
    const denominator = options.denominator ?? 'jobs';
    const b = await q.windowTechCounts({ filter: { ...scope, since: periods.before.since, until: periods.before.until }, denominator });
    // The market IS the later window unless --since/--until chose it: count from it rather than read it twice.
    // (The market counts jobs or postings; a companies count still reads the window.)
    const sameWindow = market.since === periods.after.since && market.until === periods.after.until && denominator !== 'companies';
    const a = sameWindow ? marketTechCounts(enc) : await q.windowTechCounts({ filter: { ...scope, since: periods.after.since, until: periods.after.until }, denominator });
    trends = computeMovers(b.counts, b.total, a.counts, a.total, { minCount: 2 * (options.minSupport ?? 10) }).all;
    notes.push(`trends compare ${periods.before.since}..${periods.before.until} with ${periods.after.since}..${periods.after.until}`, ...periods.notes);
  }

  const today = options.now.toISOString().slice(0, 7);
  const report = analyzeGap({
    market: enc,
    known: profile.resolved.known.map((k) => ({ tech: k.tech, confidence: k.confidence })),
    ignore: profile.resolved.ignore,
    entries: taxonomy.entries.map((e) => ({ id: e.id, name: e.name, category: e.category })),
    relations: relationRows(taxonomy.entries),
    trends,
    goals: profile.resolved.goals,
    today,
    options: {
      ...(options.minSupport !== undefined ? { minCount: options.minSupport } : {}),
      ...(options.maxGaps !== undefined ? { maxGaps: options.maxGaps } : {}),
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
    },
  });
  return { profile, roles: role.roles, market, marketMonths, ads: enc.size, trendPeriods: periods, report, notes };
}

/** The one-sentence coverage rule shown next to every coverage figure. */
export const COVERAGE_RULE =
  'An ad counts as covered when you know (confidence 3 or more, directly or through what you know implying it) every technology it requires; an ad that marks nothing as required is judged on everything it mentions; an ad with no recognised technology is unknown, never covered.';

export function profileLabel(file: string): string {
  return basename(file);
}
