// Gathers everything the HTML report shows from the store and the analytics into one plain ReportData.
// All statistics happen here or in src/analytics; reports/ only renders.
import type { Database } from 'better-sqlite3';
import { countPostings, examplePostings, monthlyCounts, monthlyTotals, runsList, topTechnologies } from '../db/queries.js';
import { computeMovers } from './analytics/movers.js';
import { wilson } from './analytics/stats.js';
import { addMonths } from './analytics/months.js';
import type { DemandCategory, EvidenceExample, MoversSection, Mover, ReportData, SourceHealth, TechShare, TrendSeries } from './report-data.js';
import type { QueryFilter, Taxonomy } from './types.js';
import { VERSION } from './version.js';

/** Below this many postings a share is shown but flagged, and never ranked among movers. */
export const MIN_SUPPORT = 10;
/** Categories shown in the demand section, in this order (others follow by size). */
const CATEGORY_ORDER = [
  'language', 'backend-framework', 'database', 'messaging', 'cloud', 'cloud-service', 'containers', 'ci-cd', 'iac',
  'observability', 'api', 'security', 'testing', 'data', 'ml', 'frontend', 'mobile', 'tools', 'platform', 'practice',
];

export interface ReportBuildOptions {
  now?: Date;
  /** Number of technologies with a trend series (the leaders overall). */
  trendCount?: number;
}

function share(tech: string, name: string, count: number, total: number): TechShare {
  const w = wilson(count, total);
  return { tech, name, count, total, share: total > 0 ? count / total : 0, low: w.low, high: w.high };
}

/**
 * Movers compare the latest 12 months that hold data with the same months a year before. When that earlier year
 * has no data (the bundled snapshot has a gap from 2018 to 2026), it falls back to the 12 data-bearing months just
 * before, and the section's ranges say exactly which months were compared.
 */
function moverPeriods(monthsWithData: string[]): { before: string[]; after: string[] } | null {
  if (monthsWithData.length < 2) return null;
  const sorted = [...monthsWithData].sort();
  const latest = sorted[sorted.length - 1]!;
  const afterFrom = addMonths(latest, -11);
  const after = sorted.filter((m) => m >= afterFrom);
  const yearBefore = new Set(after.map((m) => addMonths(m, -12)));
  let before = sorted.filter((m) => yearBefore.has(m));
  if (before.length === 0) {
    const earlier = sorted.filter((m) => m < after[0]!);
    before = earlier.slice(-Math.max(after.length, Math.min(12, earlier.length)));
  }
  if (before.length === 0) return null;
  return { before, after };
}

function buildMovers(db: Database, filter: QueryFilter, names: Map<string, string>, monthsWithData: string[]): MoversSection | undefined {
  const periods = moverPeriods(monthsWithData);
  if (!periods) return undefined;
  const window = (months: string[]): QueryFilter => ({ ...filter, since: months[0]!, until: months[months.length - 1]! });
  const b = topTechnologies(db, window(periods.before), 100_000);
  const a = topTechnologies(db, window(periods.after), 100_000);
  const result = computeMovers(b.rows, b.total, a.rows, a.total, { minCount: MIN_SUPPORT * 2, limit: 15 });
  const toMover = (r: (typeof result.all)[number]): Mover => ({
    tech: r.tech,
    name: names.get(r.tech) ?? r.tech,
    before: { count: r.before.count, total: r.before.total, share: r.before.share, low: r.before.low, high: r.before.high },
    after: { count: r.after.count, total: r.after.total, share: r.after.share, low: r.after.low, high: r.after.high },
    deltaPp: r.deltaPp,
    deltaLowPp: r.deltaLowPp,
    deltaHighPp: r.deltaHighPp,
    pValue: r.p,
    significant: r.significant,
  });
  return {
    before: { from: periods.before[0]!, to: periods.before[periods.before.length - 1]! },
    after: { from: periods.after[0]!, to: periods.after[periods.after.length - 1]! },
    rising: result.rising.map(toMover),
    falling: result.falling.map(toMover),
    test: 'two-proportion z-test per technology, Benjamini-Hochberg corrected over all tested technologies, α = 0.05; effect in percentage points with a 95% Newcombe interval',
  };
}

export function buildReportData(db: Database, taxonomy: Taxonomy, filter: QueryFilter, options: ReportBuildOptions = {}): ReportData {
  const now = options.now ?? new Date();
  const nowMonth = now.toISOString().slice(0, 7);
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const categoryNames = new Map(taxonomy.categories.map((c) => [c.id, c.name]));

  const totalsByMonth = monthlyTotals(db, filter).filter((t) => t.total > 0);
  const months = totalsByMonth.map((t) => t.month).sort();
  const period = { from: months[0] ?? nowMonth, to: months[months.length - 1] ?? nowMonth };
  const partialMonths = months.filter((m) => m >= nowMonth);
  const total = countPostings(db, filter);
  const overall = topTechnologies(db, filter, 100_000);

  // 2. Demand per category.
  const byCategory = new Map<string, DemandCategory>();
  for (const row of overall.rows) {
    let cat = byCategory.get(row.category);
    if (!cat) {
      cat = { id: row.category, name: categoryNames.get(row.category) ?? row.category, rows: [] };
      byCategory.set(row.category, cat);
    }
    if (cat.rows.length >= 15) continue;
    const flagged = row.count < MIN_SUPPORT;
    cat.rows.push({ ...share(row.tech, row.name, row.count, overall.total), flagged, ...(flagged ? { flagReason: `fewer than ${MIN_SUPPORT} postings` } : {}) });
  }
  const order = (id: string) => {
    const i = CATEGORY_ORDER.indexOf(id);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  const demand = [...byCategory.values()].sort((a, b) => order(a.id) - order(b.id) || (b.rows[0]?.count ?? 0) - (a.rows[0]?.count ?? 0));

  // 3. Monthly trends for the leaders.
  const leaders = overall.rows.filter((r) => r.count >= MIN_SUPPORT).slice(0, options.trendCount ?? 16);
  const counts = monthlyCounts(db, leaders.map((r) => r.tech), filter);
  const totalOf = new Map(totalsByMonth.map((t) => [t.month, t.total]));
  const countOf = new Map(counts.map((c) => [`${c.tech}\u0000${c.month}`, c.count]));
  const trends: TrendSeries[] = leaders.map((r) => ({
    tech: r.tech,
    name: r.name,
    category: r.category,
    points: months.map((m) => {
      const t = totalOf.get(m) ?? 0;
      const c = countOf.get(`${r.tech}\u0000${m}`) ?? 0;
      return { month: m, ...share(r.tech, r.name, c, t), partial: partialMonths.includes(m) };
    }).map(({ month, count, total: tt, share: s, low, high, partial }) => ({ month, count, total: tt, share: s, low, high, partial })),
  }));

  const movers = buildMovers(db, filter, names, months);

  // 7. Evidence for the technologies the report shows.
  const evidence: Record<string, EvidenceExample[]> = {};
  const shown = new Set<string>([...leaders.map((r) => r.tech), ...demand.flatMap((c) => c.rows.slice(0, 8).map((r) => r.tech))]);
  for (const tech of shown) {
    evidence[tech] = examplePostings(db, tech, 3, filter).map((e) => ({
      postingId: e.externalId,
      source: e.source,
      url: e.url,
      company: e.company,
      title: e.title,
      month: e.postedMonth,
      snippet: e.snippet,
      highlights: [{ start: e.highlightStart, length: e.highlightLength }],
    }));
  }

  // 8. Quality: sources, untagged ads.
  const sources = [...new Set(overall.rows.length > 0 || total > 0 ? (filter.sources ?? sourcesInRuns(db)) : [])];
  const runs = runsList(db, 50);
  const health: SourceHealth[] = sources.map((source) => {
    const run = runs.find((r) => r.sources.some((s) => s.source === source));
    const s = run?.sources.find((x) => x.source === source);
    return {
      source,
      status: s ? (s.status === 'ok' ? 'ok' : 'failed') : 'ok',
      lastRunAt: run?.startedAt ?? null,
      postings: countPostings(db, { ...filter, sources: [source] }),
      ...(s ? { seen: s.seen, new: s.new, errors: Object.values(s.errors).reduce((n, v) => n + v, 0) } : {}),
      ...(s?.message ? { message: s.message } : {}),
    };
  });
  const untaggedCount = total - countTagged(db, filter);

  return {
    schemaVersion: 1,
    title: 'Tech demand in job ads',
    generatedAt: now.toISOString(),
    period,
    partialMonths,
    totals: { postings: total, sources },
    taxonomyVersion: taxonomy.version,
    toolVersion: VERSION,
    headline: {
      scope: filter.role ? `${filter.role} roles` : 'all ads',
      top: overall.rows.slice(0, 10).map((r) => share(r.tech, r.name, r.count, overall.total)),
      note: 'Shares are the fraction of ads that mention a technology, with 95% Wilson intervals.',
    },
    demand,
    trends,
    ...(movers ? { movers } : {}),
    evidence,
    quality: {
      sources: health,
      untagged: share('untagged', 'no recognised technology', untaggedCount, total),
    },
    methodNotes: [
      'Each ad is tagged against the techdemand taxonomy: strong names count alone, ambiguous ones (Go, C, R, Spring, Rust …) only with corroboration such as a list of other technologies or a cue like "written in".',
      `A share is the number of ads that mention a technology divided by all ads in the period; 95% Wilson intervals show the uncertainty; fewer than ${MIN_SUPPORT} ads are flagged.`,
      'Movers compare the latest twelve months that hold data with the same months a year earlier (or, where that year has no data, the twelve data-bearing months before); significance comes from a two-proportion z-test with Benjamini-Hochberg correction.',
      'HN ads of 2013–2018 come from a monthly 25% sample, and the bundled demo snapshot samples those further: compare shares, not counts, across years.',
    ],
  };
}

function sourcesInRuns(db: Database): string[] {
  const rows = db.prepare('SELECT DISTINCT source FROM postings ORDER BY source').all() as { source: string }[];
  return rows.map((r) => r.source);
}

function countTagged(db: Database, filter: QueryFilter): number {
  // Postings with at least one mention, in the same filter as countPostings.
  return topTaggedCount(db, filter);
}

function topTaggedCount(db: Database, filter: QueryFilter): number {
  const since = filter.since ?? '0000-00';
  const until = filter.until ?? '9999-99';
  const row = db
    .prepare('SELECT COUNT(DISTINCT posting_id) AS n FROM posting_tech WHERE posted_month >= ? AND posted_month <= ?')
    .get(since, until) as { n: number };
  return row.n;
}
