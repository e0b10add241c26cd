// Read queries that feed the analytics (src/analytics/): period counts with a choice of denominator,
// roll-up counts, a streaming read of every posting's technologies, coverage spans and the synced taxonomy.
//
// Rows come back as plain data shaped like the analytics inputs (PeriodTechCount, PeriodTotal, CoverageSpan,
// RelationRow), declared here again because db/ may not import src/analytics/.
//
// Denominators:
//   postings  — every stored posting row;
//   jobs      — distinct job_key (dedup gives reposts and cross-posts one key); the default;
//   companies — distinct company names (case-insensitive); postings without a company do not count.
// While no two postings share a job_key, jobs = postings, and the aggregate tables (monthly_tech /
// monthly_totals) answer; otherwise, and for role / remote / company filters, postings ⨝ posting_tech do.
// Every value is bound; each query has an exported *Sql builder so its plan can be checked.

import type { Database } from 'better-sqlite3';
import type { CountGrain, CountRequest, CoverageSpanRow, CountUnit, PeriodCounts, PeriodTechCountRow, PeriodTotalRow, PostingStreamOptions } from '../src/core/queries.js';
export type { CountGrain, CountRequest, CoverageSpanRow, CountUnit, PeriodCounts, PeriodTechCountRow, PeriodTotalRow, PostingStreamOptions } from '../src/core/queries.js';
import { UsageError } from '../src/core/errors.js';
import type { Month, QueryFilter, RelationType, Strength } from '../src/core/types.js';
import { guardDatabase } from './db-error.js';
import { aggregatesCover, monthBounds, postingConditions, techConditions } from './filter-sql.js';
import { unitCountSql } from './count-units.js';
import { Sql, prepareCached, queryAll, queryValue, sql, sqlEmpty, sqlList } from './sql.js';





/** AND <column> IN (…techs) when the request names technologies. */
function onlyTechs(column: Sql, req: CountRequest): Sql {
  return req.techs !== undefined ? sql`AND ${column} IN ${sqlList(req.techs.length > 0 ? req.techs : [''])}` : sqlEmpty;
}

const DENOMINATORS: readonly CountUnit[] = ['jobs', 'postings', 'companies'];
const GRAINS: readonly CountGrain[] = ['month', 'quarter', 'year', 'all'];

function guarded<T>(db: Database, fn: () => T): T {
  return guardDatabase(db.name, 'querying', fn);
}

function checkRequest(req: CountRequest): { filter: QueryFilter; grain: CountGrain; denominator: CountUnit; since: Month; until: Month } {
  const filter = req.filter ?? {};
  const grain = req.grain ?? 'month';
  const denominator = req.denominator ?? 'jobs';
  if (!GRAINS.includes(grain)) throw new UsageError(`grain must be one of ${GRAINS.join(', ')}, got ${JSON.stringify(grain)}`);
  if (!DENOMINATORS.includes(denominator)) {
    throw new UsageError(`denominator must be one of ${DENOMINATORS.join(', ')}, got ${JSON.stringify(denominator)}`);
  }
  return { filter, grain, denominator, ...monthBounds(filter) };
}

/** The period label of a "YYYY-MM" column, as src/analytics/months.ts periodOf writes it. */
function periodExpr(column: Sql, grain: CountGrain): Sql {
  switch (grain) {
    case 'month':
      return column;
    case 'quarter':
      return sql`(substr(${column}, 1, 4) || '-Q' || ((CAST(substr(${column}, 6, 2) AS INTEGER) + 2) / 3))`;
    case 'year':
      return sql`substr(${column}, 1, 4)`;
    case 'all':
      return sql`'all'`;
  }
}


export function duplicateJobsSql(): Sql {
  return sql`SELECT 1 FROM job_repeat_counts LIMIT 1`;
}

/** True when dedup has given two postings one job_key (then jobs ≠ postings): job_repeats has a row. */
export function hasDuplicateJobs(db: Database): boolean {
  return guarded(db, () => queryValue<number>(db, duplicateJobsSql()) !== undefined);
}

/** Whether a request can be answered from the aggregate tables, given whether duplicates exist. */
export function usesAggregates(req: CountRequest, duplicates: boolean): boolean {
  const { filter, denominator } = checkRequest(req);
  if (!aggregatesCover(filter)) return false;
  return denominator === 'postings' || (denominator === 'jobs' && !duplicates);
}

/**
 * Whether unique-job counts for this filter can be read from the aggregates corrected by job_repeats (migration
 * 003): filters the aggregates answer, across all sources (repeat chains ignore sources), any strength.
 */
export function repeatsCorrect(filter: QueryFilter): boolean {
  return aggregatesCover(filter) && filter.sources === undefined && filter.requiredOnly !== true;
}

/** First month of the period holding month `column`, at `grain` ('all': none, the range start decides). */
function periodStartExpr(column: Sql, grain: CountGrain, since: Month): Sql {
  switch (grain) {
    case 'month':
      return column;
    case 'quarter':
      return sql`(substr(${column}, 1, 5) || printf('%02d', ((CAST(substr(${column}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1))`;
    case 'year':
      return sql`(substr(${column}, 1, 5) || '01')`;
    case 'all':
      return sql`${since}`;
  }
}

/**
 * Per period and technology ('' = the postings themselves): postings that repeat a job already counted in the
 * same period of the range. Unique jobs = postings (aggregates) − repeats. A repeat counts when its job's previous
 * posting asking for the same technology lies in the same period and not before the range start.
 */
export function jobRepeatsSql(req: CountRequest): Sql {
  const { filter, grain, since, until } = checkRequest(req);
  // One period ('all'): grouped by tech alone, which the primary key (tech, month, prev_month) delivers in order;
  // grouping by the constant too made SQLite sort every row in a temporary b-tree (21 → 9 ms at a million postings).
  return sql`
    SELECT ${periodExpr(sql`jr.month`, grain)} AS period, jr.tech AS tech, sum(jr.repeats) AS repeats
      FROM job_repeat_counts jr
     WHERE jr.month >= ${since} AND jr.month <= ${until}
       AND jr.prev_month >= max(${periodStartExpr(sql`jr.month`, grain, since)}, ${since})
       ${filter.category !== undefined ? sql`AND (jr.tech = '' OR jr.tech IN (SELECT id FROM technologies WHERE category = ${filter.category}))` : sqlEmpty}
       ${req.techs !== undefined ? sql`AND jr.tech IN ${sqlList(['', ...req.techs])}` : sqlEmpty}
     GROUP BY jr.tech ${grain === 'all' ? sqlEmpty : sql`, period`}`;
}

/** jobRepeatsSql as "period\u0000tech" → repeats. */
export function jobRepeats(db: Database, req: CountRequest): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of queryAll<{ period: string; tech: string; repeats: number }>(db, jobRepeatsSql(req))) out.set(`${r.period}\u0000${r.tech}`, r.repeats);
  return out;
}

/** Per period and technology: units (postings, jobs or companies) mentioning it. */
export function periodTechCountsSql(req: CountRequest, aggregates: boolean): Sql {
  const { filter, grain, denominator, since, until } = checkRequest(req);
  if (aggregates) {
    const counted = filter.requiredOnly ? sql`mt.required` : sql`mt.postings`;
    return sql`
      SELECT ${periodExpr(sql`mt.month`, grain)} AS period, mt.tech AS tech, sum(${counted}) AS count
        FROM monthly_tech mt
       WHERE mt.month >= ${since} AND mt.month <= ${until}
         ${filter.sources ? sql`AND mt.source IN ${sqlList(filter.sources)}` : sqlEmpty}
         ${filter.category !== undefined ? sql`AND mt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : sqlEmpty}
         ${onlyTechs(sql`mt.tech`, req)}
       GROUP BY period, mt.tech
      HAVING count > 0`;
  }
  // CROSS JOIN fixes the order: postings by the month index, then their technologies by primary key.
  return sql`
    SELECT ${periodExpr(sql`p.posted_month`, grain)} AS period, pt.tech AS tech, ${unitCountSql(denominator)} AS count
      FROM postings p CROSS JOIN posting_tech pt ON pt.posting_id = p.id
     WHERE ${postingConditions(sql`p`, filter)} ${techConditions(filter)} ${onlyTechs(sql`pt.tech`, req)}
     GROUP BY period, pt.tech`;
}

/** Per period: all units in the filter (tagged or not): the denominator. */
export function periodTotalsSql(req: CountRequest, aggregates: boolean): Sql {
  const { filter, grain, denominator, since, until } = checkRequest(req);
  if (aggregates) {
    return sql`
      SELECT ${periodExpr(sql`mt.month`, grain)} AS period, sum(mt.postings) AS total
        FROM monthly_totals mt
       WHERE mt.month >= ${since} AND mt.month <= ${until}
         ${filter.sources ? sql`AND mt.source IN ${sqlList(filter.sources)}` : sqlEmpty}
       GROUP BY period
      HAVING total > 0`;
  }
  return sql`
    SELECT ${periodExpr(sql`p.posted_month`, grain)} AS period, ${unitCountSql(denominator)} AS total
      FROM postings p
     WHERE ${postingConditions(sql`p`, filter)}
     GROUP BY period
    HAVING total > 0`;
}


/**
 * Numerators and denominators for shares (src/analytics/shares.ts computeShares), per period. Both reads
 * run in one transaction, so they describe the same snapshot while a scrape writes.
 */
export function periodTechCounts(db: Database, req: CountRequest = {}): PeriodCounts {
  return guarded(db, () =>
    db.transaction(() => {
      const jobs = req.denominator === 'jobs' || req.denominator === undefined;
      const duplicates = jobs ? hasDuplicateJobs(db) : false;
      const aggregates = usesAggregates(req, duplicates);
      if (!aggregates && duplicates && repeatsCorrect(req.filter ?? {})) {
        // Unique jobs from the aggregates (which count postings) minus the repeats of jobs within each period.
        const repeats = jobRepeats(db, req);
        const minus = (period: string, tech: string, n: number) => n - (repeats.get(`${period}\u0000${tech}`) ?? 0);
        return {
          counts: queryAll<PeriodTechCountRow>(db, periodTechCountsSql(req, true))
            .map((r) => ({ ...r, count: minus(r.period, r.tech, r.count) }))
            .filter((r) => r.count > 0),
          totals: queryAll<PeriodTotalRow>(db, periodTotalsSql(req, true))
            .map((r) => ({ ...r, total: minus(r.period, '', r.total) }))
            .filter((r) => r.total > 0),
          source: 'aggregates' as const,
        };
      }
      return {
        counts: queryAll<PeriodTechCountRow>(db, periodTechCountsSql(req, aggregates)),
        totals: queryAll<PeriodTotalRow>(db, periodTotalsSql(req, aggregates)),
        source: aggregates ? ('aggregates' as const) : ('postings' as const),
      };
    })(),
  );
}

/** Per period: units mentioning ANY of `members` (counted once), labelled `label`. Uses the tech index. */
export function rollupPeriodCountsSql(members: readonly string[], label: string, req: CountRequest): Sql {
  const { filter, grain, denominator, since, until } = checkRequest(req);
  const unit =
    denominator === 'postings' ? sql`count(DISTINCT p.id)` : denominator === 'jobs' ? sql`count(DISTINCT p.job_key)` : sql`count(DISTINCT lower(p.company))`;
  return sql`
    SELECT ${periodExpr(sql`pt.posted_month`, grain)} AS period, ${label} AS tech, ${unit} AS count
      FROM posting_tech pt CROSS JOIN postings p ON p.id = pt.posting_id
     WHERE pt.tech IN ${sqlList(members)} AND pt.posted_month >= ${since} AND pt.posted_month <= ${until}
       AND ${postingConditions(sql`p`, filter)} ${techConditions(filter)}
     GROUP BY period
    HAVING count > 0`;
}

export function rollupPeriodCounts(db: Database, members: readonly string[], label: string, req: CountRequest = {}): PeriodTechCountRow[] {
  if (members.length === 0) return [];
  return guarded(db, () => queryAll<PeriodTechCountRow>(db, rollupPeriodCountsSql(members, label, req)));
}

/** Counts over one window (for movers): per tech and the window's total, in the chosen unit. */
export function windowTechCounts(
  db: Database,
  req: Omit<CountRequest, 'grain'> = {},
): { total: number; counts: { tech: string; count: number }[]; source: 'aggregates' | 'postings' } {
  const r = periodTechCounts(db, { ...req, grain: 'all' });
  return { total: r.totals[0]?.total ?? 0, counts: r.counts.map((c) => ({ tech: c.tech, count: c.count })), source: r.source };
}

// ---------------------------------------------------------------- streaming postings for gap / co-occurrence


/**
 * Every posting in the filter with its technologies, grouped by posting (a posting without technologies,
 * or none left after category / requiredOnly, is one row with tech = null).
 *
 * No ORDER BY, on purpose: the left table of a LEFT JOIN is always SQLite's outer loop, so each posting's
 * technology rows come out together, which is all the encoder needs; sorting a million postings would
 * only cost time and a temporary b-tree.
 */
export function postingTechStreamSql(filter: QueryFilter, options: PostingStreamOptions = {}): Sql {
  checkRequest({ filter });
  // A job's first posting in the filter, by (month, id): the order job_repeats uses. A posting with no '' row in
  // job_repeats is the first of its job anywhere, so only repeats need the job_key lookup.
  const firstOfJob =
    options.uniqueJobs === false
      ? sqlEmpty
      : sql`AND (NOT EXISTS (SELECT 1 FROM job_repeats jr WHERE jr.posting_id = p.id AND jr.tech = '')
                 OR NOT EXISTS (SELECT 1 FROM postings d WHERE d.job_key = p.job_key
                                   AND (d.posted_month < p.posted_month OR (d.posted_month = p.posted_month AND d.id < p.id))
                                   AND ${postingConditions(sql`d`, filter)}))`;
  return sql`
    SELECT p.id, p.posted_month, pt.tech, pt.strength, p.company
      FROM postings p LEFT JOIN posting_tech pt ON pt.posting_id = p.id ${techConditions(filter)}
     WHERE ${postingConditions(sql`p`, filter)} ${firstOfJob}`;
}

/**
 * Stream the filter's postings and technologies into `onRow` (e.g. PostingEncoder.add) without building
 * row objects. Returns the number of rows. Runs in one read transaction; `onRow` must not query this
 * connection (it is busy iterating).
 */
export function forEachPostingTech(
  db: Database,
  filter: QueryFilter,
  onRow: (postingId: number, month: Month, tech: string | null, strength: Strength | null, company: string | null) => void,
  options: PostingStreamOptions = {},
): number {
  const q = postingTechStreamSql(filter, options);
  return guarded(db, () =>
    db.transaction(() => {
      const stmt = prepareCached(db, q.text);
      stmt.raw(true);
      let rows = 0;
      try {
        for (const row of stmt.iterate(...q.values) as IterableIterator<[number, Month, string | null, Strength | null, string | null]>) {
          onRow(row[0], row[1], row[2], row[3], row[4]);
          rows++;
        }
      } finally {
        stmt.raw(false);
      }
      return rows;
    })(),
  );
}

// ---------------------------------------------------------------- coverage and taxonomy


export function coverageSpansSql(sources: readonly string[] | undefined): Sql {
  return sql`
    SELECT mt.source AS source, min(mt.month) AS firstMonth, max(mt.month) AS lastMonth,
           (SELECT min(r.started_at) FROM run_sources rs JOIN runs r ON r.id = rs.run_id
             WHERE rs.source = mt.source AND rs.status = 'ok') AS firstRun,
           (SELECT max(r.started_at) FROM run_sources rs JOIN runs r ON r.id = rs.run_id
             WHERE rs.source = mt.source AND rs.status = 'ok') AS lastRun
      FROM monthly_totals mt
     ${sources ? sql`WHERE mt.source IN ${sqlList(sources)}` : sqlEmpty}
     GROUP BY mt.source
     ORDER BY mt.source`;
}

/**
 * What each source's collection covers, for src/analytics/months.ts partialMonths. Sources in
 * `completeHistory` (default: the dated-record sources of migration 006, e.g. hn, whose monthly threads are read in
 * full) get no collectedFrom.
 */
export function coverageSpans(db: Database, options: { sources?: readonly string[]; completeHistory?: readonly string[] } = {}): CoverageSpanRow[] {
  const complete = new Set(options.completeHistory ?? guarded(db, () => queryAll<{ source: string }>(db, sql`SELECT source FROM dated_sources`).map((r) => r.source)));
  const rows = guarded(db, () =>
    queryAll<{ source: string; firstMonth: string; lastMonth: string; firstRun: string | null; lastRun: string | null }>(
      db,
      coverageSpansSql(options.sources),
    ),
  );
  return coverageSpansOf(rows, complete);
}

/** Each source's months with postings and its successful runs as a coverage span (every engine's rows, one reading). */
export function coverageSpansOf(
  rows: readonly { source: string; firstMonth: string; lastMonth: string; firstRun: string | null; lastRun: string | null }[],
  completeHistory: ReadonlySet<string>,
): CoverageSpanRow[] {
  return rows.map((r) => {
    const lastRunDay = r.lastRun?.slice(0, 10);
    const span: CoverageSpanRow = {
      source: r.source,
      start: r.firstMonth,
      // A run older than the newest posting month (clock skew, imported data) must not cut coverage short.
      end: lastRunDay !== undefined && lastRunDay.slice(0, 7) >= r.lastMonth ? lastRunDay : r.lastMonth,
    };
    if (!completeHistory.has(r.source) && r.firstRun) span.collectedFrom = r.firstRun.slice(0, 10);
    return span;
  });
}

/** The newest month with postings in the filter's sources, or null for an empty database. */
export function latestMonth(db: Database, filter: QueryFilter = {}): Month | null {
  return guarded(
    db,
    () =>
      queryValue<Month | null>(
        db,
        sql`SELECT max(mt.month) FROM monthly_totals mt ${filter.sources ? sql`WHERE mt.source IN ${sqlList(filter.sources)}` : sqlEmpty}`,
      ) ?? null,
  );
}

export interface AnalyticsTaxonomy {
  entries: { id: string; name: string; category: string }[];
  relations: { from: string; type: RelationType; to: string }[];
}

/** The synced taxonomy's entries and relations (for roll-ups, knowledge inference and the path's stages). */
export function analyticsTaxonomy(db: Database): AnalyticsTaxonomy {
  return guarded(db, () =>
    db.transaction(() => ({
      entries: queryAll<{ id: string; name: string; category: string }>(db, sql`SELECT id, name, category FROM technologies ORDER BY id`),
      relations: queryAll<{ from: string; type: RelationType; to: string }>(
        db,
        sql`SELECT tech AS "from", type, target AS "to" FROM tech_relations ORDER BY tech, type, target`,
      ),
    }))(),
  );
}

// ---------------------------------------------------------------- report and command helpers

/**
 * Whether postings carry roles, and which classifier version decided them (settings.roles_version; null in a
 * database from before versions were recorded, or while a newer classifier's pass is unfinished).
 */
export function rolesState(db: Database): { classified: boolean; version: string | null } {
  return guarded(db, () => ({
    classified: queryValue<number>(db, sql`SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1`) !== undefined,
    version: queryValue<string>(db, sql`SELECT value FROM settings WHERE key = 'roles_version'`) ?? null,
  }));
}

/** True when at least one posting has its roles classified (postings.roles is NULL until then). */
export function hasClassifiedRoles(db: Database): boolean {
  return guarded(db, () => queryValue<number>(db, sql`SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1`) !== undefined);
}

export function countTaggedPostingsSql(filter: QueryFilter): Sql {
  checkRequest({ filter });
  return sql`
    SELECT count(*) AS total,
           coalesce(sum(EXISTS (SELECT 1 FROM posting_tech pt WHERE pt.posting_id = p.id)), 0) AS tagged
      FROM postings p
     WHERE ${postingConditions(sql`p`, filter)}`;
}

/**
 * Postings in the filter's months, sources, role, remote and company (category and requiredOnly do not apply),
 * and how many of them carry at least one recognised technology: the rest are "unknown" ads.
 */
export function countTaggedPostings(db: Database, filter: QueryFilter = {}): { total: number; tagged: number } {
  return guarded(db, () => queryAll<{ total: number; tagged: number }>(db, countTaggedPostingsSql(filter))[0] ?? { total: 0, tagged: 0 });
}

/** The sources that hold postings in the filter's months, sorted. */
export function postingSources(db: Database, filter: QueryFilter = {}): string[] {
  const { since, until } = checkRequest({ filter });
  return guarded(db, () =>
    queryAll<{ source: string }>(
      db,
      sql`SELECT DISTINCT mt.source AS source FROM monthly_totals mt
           WHERE mt.month >= ${since} AND mt.month <= ${until} AND mt.postings > 0
             ${filter.sources ? sql`AND mt.source IN ${sqlList(filter.sources)}` : sqlEmpty}
           ORDER BY mt.source`,
    ).map((r) => r.source),
  );
}

export function duplicateJobTechsSql(filter: QueryFilter): Sql {
  const { since, until } = checkRequest({ filter });
  // d: a repeat (job_repeats '' row: its job has an earlier posting) in the filter's months; r: its job's first
  // posting in the filter by (month, id), the one postingTechStreamSql keeps. A posting that is no repeat is the
  // first of its job in any filter, so the repeats (read by the job_repeats index) are the only candidates.
  return sql`
    SELECT x.rep AS rep, x.tech AS tech, x.strength AS strength FROM (
      SELECT (SELECT r.id FROM postings r WHERE r.job_key = d.job_key AND ${postingConditions(sql`r`, filter)}
               ORDER BY r.posted_month, r.id LIMIT 1) AS rep,
             d.id AS id, pt.tech AS tech, pt.strength AS strength
        FROM job_repeats jr
        CROSS JOIN postings d ON d.id = jr.posting_id
        CROSS JOIN posting_tech pt ON pt.posting_id = d.id ${techConditions(filter)}
       WHERE jr.tech = '' AND jr.month >= ${since} AND jr.month <= ${until}
         AND ${postingConditions(sql`d`, filter)}
    ) x
     WHERE x.rep <> x.id`;
}

/**
 * The technologies of the other postings of jobs with several postings in the filter, keyed by the job's first
 * posting: merged into the stream of first postings, a job asks for what any of its postings asks for, exactly as
 * the jobs counts of periodTechCounts and topTechnologies count it. Empty while no two postings share a job_key.
 */
export function duplicateJobTechs(db: Database, filter: QueryFilter = {}): { rep: number; tech: string; strength: Strength }[] {
  return guarded(db, () =>
    hasDuplicateJobs(db) ? queryAll<{ rep: number; tech: string; strength: Strength }>(db, duplicateJobTechsSql(filter)) : [],
  );
}
