// Gathers everything the HTML report shows from the store and the analytics into one plain ReportData.
// All statistics happen here or in src/analytics; reports/ only renders.
import type { QueryStorage } from './core/storage.js';
import type { CountUnit } from './core/queries.js';
import { openQueryStorage } from './storage.js';
import { computeMovers } from './analytics/movers.js';
import { frequentStacks, pairMatrix } from './analytics/cooccur.js';
import { wilson } from './analytics/stats.js';
import { NOW_MONTHS, chooseMoverPeriods, loadMarket, monthsWithData, nowWindow, partialMonthSet } from './commands/analytics-inputs.js';
import { COVERAGE_RULE, profileLabel, runGap, type LoadedProfile } from './commands/gap-analysis.js';
import type {
  CooccurrenceSection,
  DemandCategory,
  EvidenceExample,
  LearnerSection,
  MoversSection,
  Mover,
  ReportData,
  SourceHealth,
  StackRow,
  TechShare,
  TrendSeries,
} from './core/report-data.js';
import type { QueryFilter, Taxonomy } from './core/types.js';
import { VERSION } from './version.js';
import type { Role } from './roles.js';
import { rolesLabel } from './role-filter.js';

/** Below this many ads a share is shown but flagged, and never ranked among movers. */
export const MIN_SUPPORT = 10;
/** Categories shown in the demand section, in this order (others follow by size). */
const CATEGORY_ORDER = [
  'language', 'backend-framework', 'database', 'messaging', 'cloud', 'cloud-service', 'containers', 'ci-cd', 'iac',
  'observability', 'api', 'security', 'testing', 'data', 'ml', 'frontend', 'mobile', 'tools', 'platform', 'practice',
];
/** Generic concepts and practices ("relational database", "agile") make no stack and crowd the pair matrix. */
const GENERIC_CATEGORIES = new Set(['concept', 'practice']);
const MATRIX_SIZE = 15;

export interface ReportBuildOptions {
  now?: Date;
  /** Number of technologies with a trend series (the leaders overall). */
  trendCount?: number;
  /** What a share counts: unique jobs (default), every posting, or companies. */
  denominator?: CountUnit;
  /** A resolved learner profile: adds the learner section. */
  profile?: LoadedProfile;
  /** Headline and demand panels over every month, instead of the latest twelve with data. */
  allTime?: boolean;
}

const UNIT_WORDS: Record<CountUnit, string> = { jobs: 'ads', postings: 'postings', companies: 'companies' };

function share(tech: string, name: string, count: number, total: number): TechShare {
  const w = wilson(Math.min(count, total), total);
  return { tech, name, count, total, share: total > 0 ? count / total : 0, low: w.low, high: w.high };
}

async function buildMovers(q: QueryStorage, filter: QueryFilter, denominator: CountUnit, names: Map<string, string>, partial: Set<string>): Promise<MoversSection | undefined> {
  const periods = chooseMoverPeriods(await monthsWithData(q, filter), partial);
  if (!periods) return undefined;
  const b = await q.windowTechCounts({ filter: { ...filter, since: periods.before.since, until: periods.before.until }, denominator });
  const a = await q.windowTechCounts({ filter: { ...filter, since: periods.after.since, until: periods.after.until }, denominator });
  const result = computeMovers(b.counts, b.total, a.counts, a.total, { minCount: MIN_SUPPORT * 2, limit: 15 });
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
  const fallback = periods.notes.length ? ` (${periods.notes.join('; ')})` : '';
  return {
    before: { from: periods.beforeMonths[0]!, to: periods.beforeMonths[periods.beforeMonths.length - 1]! },
    after: { from: periods.afterMonths[0]!, to: periods.afterMonths[periods.afterMonths.length - 1]! },
    // The significant movers (chosen by the test) are shown in the order of the change the reader sees.
    rising: [...result.rising].sort((a, b) => b.deltaPp - a.deltaPp).map(toMover),
    falling: [...result.falling].sort((a, b) => a.deltaPp - b.deltaPp).map(toMover),
    test: `two-proportion z-test per technology, Benjamini-Hochberg corrected over all ${result.all.length} tested technologies, α = 0.05; effect in percentage points with a 95% Newcombe interval${fallback}`,
  };
}

/** The canonical scope line of a report: the filters and unit it counts with (see ReportData.scope). */
export function reportScope(filter: QueryFilter, denominator: string, allTime: boolean): string {
  const parts = [
    `unit=${denominator}`,
    `window=${filter.since || filter.until ? `${filter.since ?? ''}..${filter.until ?? ''}` : allTime ? 'all-time' : 'latest-12'}`,
    `sources=${filter.sources ? [...filter.sources].sort().join(',') : 'all'}`,
    `roles=${filter.roles ? [...filter.roles].sort().join(',') : 'all'}`,
    `remote=${filter.remote === undefined ? 'any' : String(filter.remote)}`,
    `company=${filter.company?.toLowerCase() ?? 'any'}`,
    `category=${filter.category ?? 'all'}`,
    `required=${filter.requiredOnly === true}`,
  ];
  return parts.join(' ');
}

export async function buildReportData(q: QueryStorage, taxonomy: Taxonomy, filter: QueryFilter, options: ReportBuildOptions = {}): Promise<ReportData> {
  const now = options.now ?? new Date();
  const nowMonth = now.toISOString().slice(0, 7);
  const denominator = options.denominator ?? 'jobs';
  const unit = UNIT_WORDS[denominator];
  const entryOf = new Map(taxonomy.entries.map((e) => [e.id, e]));
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const categoryNames = new Map(taxonomy.categories.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const categoryOf = (id: string) => entryOf.get(id)?.category ?? '';

  // The headline, the demand panels and their examples describe "now": the latest twelve months with data, unless
  // the caller chose months (--since/--until) or every month (--all-time). Trends and movers keep their own spans.
  const window = await nowWindow(q, filter, options.allTime === true);
  const now12: QueryFilter = window ? { ...filter, ...window } : filter;
  const scopeKey = reportScope(filter, denominator, options.allTime === true);
  // Shares in the chosen unit: one count per technology over the window, one per month for the trends.
  const overallCounts = await q.periodTechCounts({ filter: now12, grain: 'all', denominator });
  const overallTotal = overallCounts.totals[0]?.total ?? 0;
  const overall = [...overallCounts.counts].sort((a, b) => b.count - a.count || (a.tech < b.tech ? -1 : 1));
  const monthly = await q.periodTechCounts({ filter, grain: 'month', denominator });
  const totalsByMonth = monthly.totals.filter((t) => t.total > 0).sort((a, b) => (a.period < b.period ? -1 : 1));
  const months = totalsByMonth.map((t) => t.period);
  const period = { from: months[0] ?? nowMonth, to: months[months.length - 1] ?? nowMonth };
  const partialSet = await partialMonthSet(q, filter, now);
  const partialMonths = months.filter((m) => partialSet.has(m));
  const postingsTotal = await q.countPostings({ ...now12, count: 'postings' });
  const jobsTotal = denominator === 'jobs' ? overallTotal : ((await q.periodTechCounts({ filter: now12, grain: 'all', denominator: 'jobs' })).totals[0]?.total ?? 0);
  const windowMonths = months.filter((m) => m >= (now12.since ?? '0000-00') && m <= (now12.until ?? '9999-99'));

  // 2. Demand per category.
  const byCategory = new Map<string, DemandCategory>();
  for (const row of overall) {
    const cat = categoryOf(row.tech);
    let group = byCategory.get(cat);
    if (!group) {
      group = { id: cat, name: categoryNames.get(cat) ?? (cat || 'other'), rows: [] };
      byCategory.set(cat, group);
    }
    if (group.rows.length >= 15) continue;
    const flagged = row.count < MIN_SUPPORT;
    group.rows.push({ ...share(row.tech, nameOf(row.tech), row.count, overallTotal), flagged, ...(flagged ? { flagReason: `fewer than ${MIN_SUPPORT} ${unit}` } : {}) });
  }
  const order = (id: string) => {
    const i = CATEGORY_ORDER.indexOf(id);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  const demand = [...byCategory.values()].sort((a, b) => order(a.id) - order(b.id) || (b.rows[0]?.count ?? 0) - (a.rows[0]?.count ?? 0));

  // 3. Monthly trends for every technology with enough ads in the window, so the chooser can find the ones a reader
  // looks for (Rust, TypeScript), not only the leaders; the leaders come first and are drawn as small multiples.
  const leaders = overall.filter((r) => r.count >= MIN_SUPPORT).slice(0, options.trendCount ?? 60);
  const countOf = new Map(monthly.counts.map((c) => [`${c.tech}\u0000${c.period}`, c.count]));
  const trends: TrendSeries[] = leaders.map((r) => ({
    tech: r.tech,
    name: nameOf(r.tech),
    category: categoryOf(r.tech),
    points: totalsByMonth.map((t) => {
      const s = share(r.tech, '', countOf.get(`${r.tech}\u0000${t.period}`) ?? 0, t.total);
      return { month: t.period, count: s.count, total: s.total, share: s.share, low: s.low, high: s.high, partial: partialSet.has(t.period) };
    }),
  }));

  // 4. Movers, with the partial-month and no-data-year-before logic of `techdemand movers`.
  const movers = await buildMovers(q, filter, denominator, names, partialSet);

  // 5. Stacks and co-occurrence over the scope's unique jobs of its latest twelve months with data: what employers
  // combine now, and a market that stays a few hundred thousand rows however many years the database holds.
  const combinationMonths = months.slice(-12);
  const combinationsPeriod = combinationMonths.length > 0 ? { from: combinationMonths[0]!, to: combinationMonths[combinationMonths.length - 1]! } : undefined;
  const marketFilter = combinationsPeriod ? { ...filter, since: combinationsPeriod.from, until: combinationsPeriod.to } : filter;
  const market = await loadMarket(q, marketFilter, { uniqueJobs: denominator !== 'postings' });
  const generic = taxonomy.entries.filter((e) => GENERIC_CATEGORIES.has(e.category)).map((e) => e.id);
  const stackResult = frequentStacks(market, { minCount: MIN_SUPPORT, minSupport: 0.01, maxSize: 4, limit: 15, exclude: generic });
  const stacks: StackRow[] = stackResult.stacks.map((s) => ({
    techs: s.techs.map((t) => ({ tech: t, name: nameOf(t) })),
    count: s.count,
    total: stackResult.total,
    share: s.support,
    lift: s.lift,
  }));
  const matrixTechs = overall.filter((r) => !GENERIC_CATEGORIES.has(categoryOf(r.tech)) && r.count >= MIN_SUPPORT).slice(0, MATRIX_SIZE).map((r) => r.tech);
  let cooccurrence: CooccurrenceSection | undefined;
  if (matrixTechs.length > 1) {
    const m = pairMatrix(market, matrixTechs);
    cooccurrence = { techs: m.techs.map((t) => ({ tech: t.tech, name: nameOf(t.tech), count: t.count })), pairs: m.pairs, total: m.total };
  }

  // 6. The learner, when a profile was given.
  let learner: LearnerSection | undefined;
  const learnerNotes: string[] = [];
  if (options.profile) {
    const run = await runGap(q, taxonomy, options.profile, filter, { ...(filter.roles !== undefined ? { roles: filter.roles as Role[] } : {}), denominator, now });
    const r = run.report;
    learner = {
      profile: profileLabel(options.profile.file),
      known: r.known.filter((k) => k.confidence >= 3).map((k) => ({ tech: k.tech, name: nameOf(k.tech) })),
      coverage: r.coverage.share,
      total: r.coverage.considered,
      coverageRule: `${COVERAGE_RULE} Market: ${rolesLabel(run.roles)} ${run.market.since}..${run.market.until}; ${r.coverage.unknown} of ${r.coverage.ads} ads name no recognised technology.`,
      // The bar already shows the share of ads: the reason keeps the other facts (with what you know, trend, …).
      gaps: r.gaps.map((g, i) => ({
        ...share(g.tech, nameOf(g.tech), g.adCount, r.coverage.ads),
        rank: i + 1,
        reason: g.reasons.slice(1).filter((x) => x !== 'not in your profile').join('; '),
      })),
      nextSteps: r.singleSteps.map((s) => ({
        tech: s.tech,
        name: nameOf(s.tech),
        coverageAfter: s.shareAfter,
        reason: `completes ${s.unlocks} more ads${s.learns.length > 1 ? ` (with ${s.learns.filter((t) => t !== s.tech).map(nameOf).join(', ')})` : ''}`,
      })),
      learningOrder: r.learningOrder.map((x) => ({ tech: x.tech, name: nameOf(x.tech), coverageAfter: x.shareAfter, reason: x.reasons.join('; ') })),
    };
    learnerNotes.push(...run.notes);
  }

  // 7. Evidence for the technologies the report shows.
  const evidence: Record<string, EvidenceExample[]> = {};
  // The drawn leaders, the top of each category and every technology the learner section names (what it tells the
  // learner to study deserves example ads too).
  const learnerTechs = learner ? [...learner.gaps, ...learner.nextSteps, ...learner.learningOrder].map((t) => t.tech) : [];
  const shown = new Set<string>([...leaders.slice(0, 16).map((r) => r.tech), ...demand.flatMap((c) => c.rows.slice(0, 8).map((r) => r.tech)), ...learnerTechs]);
  for (const tech of shown) {
    evidence[tech] = (await q.examplePostings(tech, 3, now12)).map((e) => ({
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
  const sources = filter.sources ?? (await q.postingSources(filter));
  const runs = await q.runsList(50);
  const health: SourceHealth[] = [];
  for (const source of sources) {
    const run = runs.find((r) => r.sources.some((s) => s.source === source));
    const s = run?.sources.find((x) => x.source === source);
    health.push({
      source,
      status: s ? (s.status === 'ok' ? 'ok' : 'failed') : 'ok',
      lastRunAt: run?.startedAt ?? null,
      // Postings, reposts included: from the aggregates. Unique jobs per source would need a distinct count over
      // every posting of the source (seconds at a million), and the totals above already count unique jobs.
      postings: await q.countPostings({ ...filter, sources: [source], count: 'postings' }),
      ...(s ? { seen: s.seen, new: s.new, errors: Object.values(s.errors).reduce((n, v) => n + v, 0) } : {}),
      ...(s?.message ? { message: s.message } : {}),
    });
  }
  const tagged = await q.countTaggedPostings(now12);

  const scope = filter.roles ? `${filter.roles.join(' + ')} roles` : 'all roles';
  const unitSentence =
    denominator === 'jobs'
      ? 'the number of unique job ads that mention a technology divided by all unique job ads in the period (reposts and cross-posts count once)'
      : denominator === 'postings'
        ? 'the number of stored postings that mention a technology divided by all postings in the period (reposts count every time)'
        : 'the number of companies with an ad that mentions a technology divided by all companies with an ad in the period (ads without a company name are not counted)';
  return {
    schemaVersion: 1,
    title: 'Tech demand in job ads',
    generatedAt: now.toISOString(),
    scope: scopeKey,
    period,
    window: {
      from: windowMonths[0] ?? period.from,
      to: windowMonths[windowMonths.length - 1] ?? period.to,
      months: windowMonths.length,
      note: window
        ? `the latest ${NOW_MONTHS} months with data (${window.since}..${window.until}); trends show every month`
        : filter.since || filter.until
          ? `the months chosen (${filter.since ?? period.from}..${filter.until ?? period.to})`
          : 'every month with data',
    },
    partialMonths,
    totals: {
      postings: jobsTotal,
      ...(postingsTotal !== jobsTotal ? { rawPostings: postingsTotal } : {}),
      ...(denominator === 'companies' ? { companies: overallTotal } : {}),
      sources,
    },
    taxonomyVersion: taxonomy.version,
    toolVersion: VERSION,
    headline: {
      scope,
      top: overall.filter((r) => r.count >= MIN_SUPPORT).slice(0, 10).map((r) => share(r.tech, nameOf(r.tech), r.count, overallTotal)),
      note: `Shares are ${unitSentence}, with 95% Wilson intervals.`,
    },
    demand,
    trends,
    ...(movers ? { movers } : {}),
    ...(stacks.length ? { stacks } : {}),
    ...(cooccurrence ? { cooccurrence } : {}),
    ...(combinationsPeriod && (stacks.length > 0 || cooccurrence) ? { combinationsPeriod } : {}),
    ...(learner ? { learner } : {}),
    evidence,
    quality: {
      sources: health,
      untagged: share('untagged', 'no recognised technology', tagged.total - tagged.tagged, tagged.total),
    },
    methodNotes: [
      'Each ad is tagged against the techdemand taxonomy: strong names count alone, ambiguous ones (Go, C, R, Spring, Rust …) only with corroboration such as a list of other technologies or a cue like "written in".',
      `A share is ${unitSentence}; 95% Wilson intervals show the uncertainty; fewer than ${MIN_SUPPORT} ${unit} are flagged and not ranked.`,
      'Movers compare the latest twelve full months that hold data with the same months a year earlier (or, where that year has no data, the twelve data-bearing months before); a month still being collected is left out. Significance comes from a two-proportion z-test with Benjamini-Hochberg correction.',
      `Stacks are sets of 2–4 technologies asked for together in at least ${stackResult.minCount} ads and more often than chance (lift > 1); generic concepts and practices are left out. The pair table shows, for the ${matrixTechs.length} most asked-for technologies, the share of one's ads that also mention the other.`,
      ...(learner ? [`The learner section compares ${learner.profile} with the market: ${learnerNotes.join('; ')}.`] : []),
      'HN ads of 2013–2018 come from a monthly 25% sample, and the bundled demo snapshot samples those further: compare shares, not counts, across years.',
    ],
  };
}

/** The report's data read from the database at `dbPath` on a connection of its own (read-only). */
export async function readReportData(dbPath: string, taxonomy: Taxonomy, filter: QueryFilter, options: ReportBuildOptions = {}): Promise<ReportData> {
  const q = await openQueryStorage(dbPath);
  try {
    return await buildReportData(q, taxonomy, filter, options);
  } finally {
    await q.close();
  }
}
