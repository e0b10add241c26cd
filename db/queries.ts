// Read queries: pure functions of (database, filter) → plain data.
//
// Rankings and trends read the aggregate tables monthly_tech / monthly_totals (a few rows per month, source and
// technology) whenever the filter allows it: months, sources, category and requiredOnly are all columns there.
// Filters on posting attributes (role, remote, company) fall back to postings ⨝ posting_tech, driven by indexes.
// Each query is built by an exported *Sql function, so tests can check its EXPLAIN QUERY PLAN.

import type { Database } from 'better-sqlite3';
import type { Month, MonthlyCount, QueryFilter, SourceRunStats, Strength, TechCount } from '../src/core/types.js';
import type { StoredMention, StoredPosting, ExamplePosting, RunRecord } from '../src/core/queries.js';
import { UsageError } from '../src/core/errors.js';
import { guardDatabase } from './db-error.js';
import { aggregateConditions, aggregatesCover, monthBounds, postingConditions } from './filter-sql.js';
import { Sql, queryAll, queryOne, queryValue, sql, sqlEmpty, sqlList } from './sql.js';
import { hasDuplicateJobs, jobRepeats, repeatsCorrect } from './analytics-queries.js';

export { aggregatesCover } from './filter-sql.js';

function guarded<T>(db: Database, fn: () => T): T {
  return guardDatabase(db.name, 'querying', fn);
}

export { countUnit, unitCountSql, type CountUnit } from './count-units.js';
export type { StoredMention, StoredPosting, ExamplePosting, RunRecord } from '../src/core/queries.js';
import { countUnit, unitCountSql } from './count-units.js';

/** How the rankings count: `duplicates` = dedup gave two postings one job_key (then jobs ≠ postings). */
export interface CountOptions {
  duplicates?: boolean;
}

/** Whether the aggregate tables (which count postings) answer this filter in its count unit. */
function aggregatesAnswer(filter: QueryFilter, options: CountOptions): boolean {
  const unit = countUnit(filter);
  return aggregatesCover(filter) && (unit === 'postings' || (unit === 'jobs' && options.duplicates !== true));
}

function unitCount(filter: QueryFilter): Sql {
  return unitCountSql(countUnit(filter));
}

/** CountOptions for a database: only the default unit (jobs) needs to know whether duplicates exist. */
function countOptionsFor(db: Database, filter: QueryFilter): CountOptions {
  return countUnit(filter) === 'jobs' && aggregatesCover(filter) ? { duplicates: hasDuplicateJobs(db) } : {};
}

// ---------------------------------------------------------------- totals

export function countPostingsSql(filter: QueryFilter, options: CountOptions = {}): Sql {
  return aggregatesAnswer(filter, options)
    ? sql`SELECT coalesce(sum(mt.postings), 0) FROM monthly_totals mt WHERE ${aggregateConditions(filter, sql`mt`)}`
    : sql`SELECT ${unitCount(filter)} FROM postings p WHERE ${postingConditions(sql`p`, filter)}`;
}

/** Whether the database holds any posting at all (one index probe). */
export function hasPostings(db: Database): boolean {
  return guarded(db, () => queryValue<number>(db, sql`SELECT 1 FROM postings LIMIT 1`) !== undefined);
}

/**
 * How many units (filter.count: jobs by default, postings or companies) match the filter (category and
 * requiredOnly do not restrict postings).
 */
export function countPostings(db: Database, filter: QueryFilter = {}): number {
  return guarded(db, () =>
    db.transaction(() => {
      const options = countOptionsFor(db, filter);
      if (options.duplicates === true && repeatsCorrect({ ...filter, requiredOnly: false })) {
        const postings = queryValue<number>(db, countPostingsSql({ ...filter, count: 'postings' }, {})) ?? 0;
        return postings - (jobRepeats(db, { filter, grain: 'all', denominator: 'jobs' }).get('all\u0000') ?? 0);
      }
      return queryValue<number>(db, countPostingsSql(filter, options)) ?? 0;
    })(),
  );
}

export function monthlyTotalsSql(filter: QueryFilter): Sql {
  return aggregatesCover(filter)
    ? sql`SELECT mt.month AS month, sum(mt.postings) AS total FROM monthly_totals mt
          WHERE ${aggregateConditions(filter, sql`mt`)} GROUP BY mt.month ORDER BY mt.month`
    : sql`SELECT p.posted_month AS month, count(*) AS total FROM postings p
          WHERE ${postingConditions(sql`p`, filter)} GROUP BY p.posted_month ORDER BY p.posted_month`;
}

/** Postings per month (months without postings are absent), ascending. */
export function monthlyTotals(db: Database, filter: QueryFilter = {}): { month: Month; total: number }[] {
  return guarded(db, () => queryAll<{ month: Month; total: number }>(db, monthlyTotalsSql(filter)));
}

/**
 * Months holding at least one posting of the filter, ascending. The months come from monthly_totals; with a role
 * or remote filter each month is one EXISTS probe into postings_by_month_source that stops
 * at the first match, instead of counting every posting of every month (a quarter of a second at a million
 * postings, on every gap and movers call).
 */
export function monthsWithPostingsSql(filter: QueryFilter): Sql {
  const months = sql`SELECT mt.month FROM monthly_totals mt WHERE ${aggregateConditions(filter, sql`mt`)} GROUP BY mt.month HAVING sum(mt.postings) > 0`;
  if (aggregatesCover(filter)) return sql`${months} ORDER BY mt.month`;
  // A company has few postings, which its own index finds directly.
  if (filter.company !== undefined) return sql`SELECT DISTINCT p.posted_month AS month FROM postings p WHERE ${postingConditions(sql`p`, filter)} ORDER BY 1`;
  return sql`
    SELECT m.month FROM (${months}) m
     WHERE EXISTS (SELECT 1 FROM postings p WHERE p.posted_month = m.month AND ${postingConditions(sql`p`, filter)})
     ORDER BY m.month`;
}

export function monthsWithPostings(db: Database, filter: QueryFilter = {}): Month[] {
  return guarded(db, () => queryAll<{ month: Month }>(db, monthsWithPostingsSql(filter)).map((r) => r.month));
}

// ---------------------------------------------------------------- rankings

export function topTechnologiesSql(filter: QueryFilter, limit: number, options: CountOptions = {}): { total: Sql; rows: Sql } {
  const total = countPostingsSql(filter, options);
  const category = filter.category !== undefined ? sql`AND t.category = ${filter.category}` : sqlEmpty;
  if (aggregatesAnswer(filter, options)) {
    const counted = filter.requiredOnly ? sql`mt.required` : sql`mt.postings`;
    // Summed per technology first, then named: joining technologies before the GROUP BY looked a name up for each
    // of the ~100,000 aggregate rows of a million postings instead of the few hundred totals (half of `top`).
    // An open range reads every row anyway, so it states no month bounds: the planner then walks the per-tech
    // covering index in tech order and needs no temporary b-tree to group (20 → 6 ms at a million postings);
    // a bounded range ("this year") searches the month primary key.
    const inCategory = filter.category !== undefined ? sql`AND mt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : sqlEmpty;
    return {
      total,
      rows: sql`
        SELECT g.tech AS tech, coalesce(t.name, g.tech) AS name, coalesce(t.category, '') AS category, g.count AS count
          FROM (SELECT mt.tech AS tech, sum(${counted}) AS count
                  FROM monthly_tech mt
                 WHERE ${aggregateConditions(filter, sql`mt`, 'omit')} ${inCategory}
                 GROUP BY mt.tech
                HAVING count > 0) g
          LEFT JOIN technologies t ON t.id = g.tech
         ORDER BY g.count DESC, g.tech
         LIMIT ${limit}`,
    };
  }
  return {
    total,
    rows: sql`
      SELECT pt.tech AS tech, coalesce(t.name, pt.tech) AS name, coalesce(t.category, '') AS category,
             ${unitCount(filter)} AS count
        FROM postings p
        CROSS JOIN posting_tech pt ON pt.posting_id = p.id
        LEFT JOIN technologies t ON t.id = pt.tech
       WHERE ${postingConditions(sql`p`, filter)} ${category}
             ${filter.requiredOnly ? sql`AND pt.strength = 'required'` : sqlEmpty}
       GROUP BY pt.tech
       ORDER BY count DESC, pt.tech
       LIMIT ${limit}`,
  };
}

/**
 * The most-asked-for technologies: count = units in the filter that mention the tech (with requiredOnly: that
 * require it); share = count / all units in the filter (tagged or not). The unit is filter.count: unique jobs by
 * default (postings dedup gave one job_key count once), raw postings, or companies. Ties are broken by id.
 */
export function topTechnologies(db: Database, filter: QueryFilter = {}, limit = 20): { total: number; rows: TechCount[] } {
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
  return guarded(db, () => {
    // Both reads in one transaction so total and counts come from the same snapshot while a scrape writes.
    return db.transaction(() => {
      const options = countOptionsFor(db, filter);
      if (options.duplicates === true && repeatsCorrect(filter)) return topFromAggregatesMinusRepeats(db, filter, limit);
      const q = topTechnologiesSql(filter, limit, options);
      const total = queryValue<number>(db, q.total) ?? 0;
      const rows = queryAll<{ tech: string; name: string; category: string; count: number }>(db, q.rows).map(
        (r): TechCount => ({ ...r, total, share: total > 0 ? r.count / total : 0 }),
      );
      return { total, rows };
    })();
  });
}

/**
 * Unique-job rankings once dedup merged postings: every technology's postings from the aggregates, minus the
 * repeats of jobs in the range (job_repeats), then ranked. Reads a few thousand aggregate rows and the repeats
 * in range, never posting_tech.
 */
function topFromAggregatesMinusRepeats(db: Database, filter: QueryFilter, limit: number): { total: number; rows: TechCount[] } {
  const repeats = jobRepeats(db, { filter, grain: 'all', denominator: 'jobs' });
  const q = topTechnologiesSql({ ...filter, count: 'postings' }, Number.MAX_SAFE_INTEGER, {});
  return rankMinusRepeats(queryValue<number>(db, q.total) ?? 0, queryAll<{ tech: string; name: string; category: string; count: number }>(db, q.rows), repeats, limit);
}

/**
 * Postings per technology (and in all) minus the job repeats of the whole range ('all' period of jobRepeats):
 * the unique-job ranking, best first, ties by id. Every engine's aggregates go through here.
 */
export function rankMinusRepeats(
  postings: number,
  rows: readonly { tech: string; name: string; category: string; count: number }[],
  repeats: ReadonlyMap<string, number>,
  limit: number,
): { total: number; rows: TechCount[] } {
  const minus = (tech: string, n: number) => n - (repeats.get(`all\u0000${tech}`) ?? 0);
  const total = minus('', postings);
  const ranked = rows
    .map((r) => ({ ...r, count: minus(r.tech, r.count) }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || (a.tech < b.tech ? -1 : a.tech > b.tech ? 1 : 0))
    .slice(0, limit)
    .map((r): TechCount => ({ ...r, total, share: total > 0 ? r.count / total : 0 }));
  return { total, rows: ranked };
}

// ---------------------------------------------------------------- trends

export function monthlyCountsSql(techs: readonly string[], filter: QueryFilter): Sql {
  if (aggregatesCover(filter)) {
    const counted = filter.requiredOnly ? sql`mt.required` : sql`mt.postings`;
    return sql`
      SELECT mt.month AS month, mt.tech AS tech, sum(${counted}) AS count
        FROM monthly_tech mt
       WHERE mt.tech IN ${sqlList(techs)} AND ${aggregateConditions(filter, sql`mt`)}
       GROUP BY mt.tech, mt.month`;
  }
  // CROSS JOIN fixes the join order: filter postings on their covering index first, then look each one's
  // technologies up by primary key. The other order would fetch every wide postings row to test its filter.
  return sql`
    SELECT p.posted_month AS month, pt.tech AS tech, count(*) AS count
      FROM postings p CROSS JOIN posting_tech pt ON pt.posting_id = p.id
     WHERE ${postingConditions(sql`p`, filter)} AND pt.tech IN ${sqlList(techs)}
       ${filter.requiredOnly ? sql`AND pt.strength = 'required'` : sqlEmpty}
     GROUP BY pt.tech, p.posted_month`;
}

/**
 * For every month that has postings in the filter and every tech asked for (zero-filled): postings mentioning the
 * tech and all postings that month. Ordered by month, then techs in the order given.
 */
export function monthlyCounts(db: Database, techs: readonly string[], filter: QueryFilter = {}): MonthlyCount[] {
  return guarded(db, () =>
    db.transaction(() => {
      const totals = monthlyTotals(db, filter);
      const counts = new Map<string, number>();
      if (techs.length > 0) {
        for (const r of queryAll<{ month: Month; tech: string; count: number }>(db, monthlyCountsSql(techs, filter))) {
          counts.set(`${r.month}\u0000${r.tech}`, r.count);
        }
      }
      const unique = [...new Set(techs)];
      return totals.flatMap(({ month, total }) =>
        unique.map((tech): MonthlyCount => ({ month, tech, count: counts.get(`${month}\u0000${tech}`) ?? 0, total })),
      );
    })(),
  );
}

// ---------------------------------------------------------------- single postings


/**
 * postings.mentions as written by db/store.ts: [[tech, offset, length, strength, rule, text], …] in text order.
 * A value that is not such an array (a hand-edited row) reads as no mentions rather than failing `explain`.
 */
export function parseMentions(json: string | null): StoredMention[] {
  if (json === null) return [];
  let rows: unknown;
  try {
    rows = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((r: unknown, i): StoredMention[] => {
    if (!Array.isArray(r) || r.length < 6) return [];
    const [tech, offset, length, strength, rule, text] = r as [string, number, number, Strength, string, string];
    return [{ id: i + 1, tech, offset, length, strength, rule, text }];
  });
}


/** `42` / "42" → by row id; "source:externalId" → by natural key (the external id may itself contain ':'). */
export function postingLookupSql(ref: number | string): Sql {
  const columns = sql`
    id, source, external_id AS externalId, url, company, title, location, remote, posted_at AS postedAt,
    posted_month AS postedMonth, first_seen AS firstSeen, last_seen AS lastSeen, closed_at AS closedAt, text, html,
    content_hash AS contentHash, job_key AS jobKey, roles, meta, tagged_version AS taggedVersion, mentions`;
  if (typeof ref === 'number' || /^\d+$/.test(ref)) {
    const id = Number(ref);
    if (!Number.isSafeInteger(id)) throw new UsageError(`posting id ${ref} is out of range`);
    return sql`SELECT ${columns} FROM postings WHERE id = ${id}`;
  }
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) {
    throw new UsageError(`posting reference ${JSON.stringify(ref)}: expected a numeric id or "source:externalId"`);
  }
  return sql`SELECT ${columns} FROM postings WHERE source = ${ref.slice(0, colon)} AND external_id = ${ref.slice(colon + 1)}`;
}

export type PostingRow = Omit<StoredPosting, 'remote' | 'roles' | 'meta' | 'mentions' | 'techs'> & {
  remote: number | null;
  roles: string | null;
  meta: string | null;
  mentions: string | null;
};

/** One posting with its mentions (for `explain`), or undefined when there is none. */
export function postingById(db: Database, ref: number | string): StoredPosting | undefined {
  const lookup = postingLookupSql(ref);
  return guarded(db, () =>
    db.transaction(() => {
      const row = queryOne<PostingRow>(db, lookup);
      if (!row) return undefined;
      return storedPostingOf(row, queryAll<{ tech: string; strength: Strength }>(db, sql`SELECT tech, strength FROM posting_tech WHERE posting_id = ${row.id} ORDER BY tech`));
    })(),
  );
}

/** A stored row (0/1 remote, comma-separated roles, JSON text meta and mentions) as the StoredPosting every engine returns. */
export function storedPostingOf(row: PostingRow, techs: { tech: string; strength: Strength }[]): StoredPosting {
  return {
    ...row,
    remote: row.remote === null ? null : row.remote === 1,
    roles: row.roles ? row.roles.split(',').filter((r) => r !== '') : [],
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Record<string, unknown>),
    mentions: parseMentions(row.mentions),
    techs,
  };
}

// ---------------------------------------------------------------- examples


export function examplePostingsSql(tech: string, limit: number, filter: QueryFilter): Sql {
  const { since, until } = monthBounds(filter);
  return sql`
    SELECT pt.posting_id AS id, pt.strength AS strength
      FROM posting_tech pt
     WHERE pt.tech = ${tech} AND pt.posted_month >= ${since} AND pt.posted_month <= ${until}
       ${filter.sources ? sql`AND pt.source IN ${sqlList(filter.sources)}` : sqlEmpty}
     ORDER BY pt.posted_month DESC, pt.posting_id DESC
     LIMIT ${limit}`;
}

const SNIPPET_RADIUS = 100;

/** Cuts `text` around [offset, offset+length), never splitting a surrogate pair. Exported for tests. */
export function snippetAround(
  text: string,
  offset: number,
  length: number,
  radius = SNIPPET_RADIUS,
): { snippet: string; highlightStart: number; highlightLength: number } {
  const at = Math.min(Math.max(0, offset), text.length);
  const end = Math.min(text.length, at + Math.max(0, length));
  let from = Math.max(0, at - radius);
  let to = Math.min(text.length, end + radius);
  const isLow = (i: number): boolean => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (isLow(from)) from--;
  if (isLow(to)) to++;
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  // One character for one keeps the highlight offsets valid.
  const body = text.slice(from, to).replace(/[\r\n\t]/g, ' ');
  return { snippet: prefix + body + suffix, highlightStart: prefix.length + (at - from), highlightLength: end - at };
}

/** Recent postings that mention `tech`, with a snippet around its strongest (then first) mention. */
export function examplePostings(db: Database, tech: string, limit = 5, filter: QueryFilter = {}): ExamplePosting[] {
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
  return guarded(db, () =>
    db.transaction(() =>
      queryAll<{ id: number; strength: Strength }>(db, examplePostingsSql(tech, limit, filter)).flatMap((hit): ExamplePosting[] => {
        const posting = queryOne<Omit<ExamplePosting, 'id' | 'strength' | 'snippet' | 'highlightStart' | 'highlightLength'> & { text: string; mentions: string | null }>(
          db,
          sql`SELECT source, external_id AS externalId, url, company, title, posted_month AS postedMonth, text, mentions
                FROM postings WHERE id = ${hit.id}`,
        );
        if (!posting) return [];
        // Its strongest mention of `tech`, the first in the text among equals (mentions are in text order).
        const rank = { required: 0, preferred: 1, mentioned: 2 } as const;
        const mention = parseMentions(posting.mentions)
          .filter((m) => m.tech === tech)
          .reduce<StoredMention | undefined>((best, m) => (best === undefined || rank[m.strength] < rank[best.strength] ? m : best), undefined);
        const { text, mentions: _mentions, ...fields } = posting;
        return [{ id: hit.id, ...fields, strength: hit.strength, ...snippetAround(text, mention?.offset ?? 0, mention?.length ?? 0) }];
      }),
    )(),
  );
}

// ---------------------------------------------------------------- runs and taxonomy


/** The most recent runs first, each with its per-source statistics (sorted by source). */
export function runsList(db: Database, limit = 20): RunRecord[] {
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
  return guarded(db, () =>
    db.transaction(() => {
      const runs = queryAll<Omit<RunRecord, 'sources'>>(
        db,
        sql`SELECT id, started_at AS startedAt, ended_at AS endedAt, status, taxonomy_version AS taxonomyVersion,
                   pid, command
              FROM runs ORDER BY id DESC LIMIT ${limit}`,
      );
      const rows =
        runs.length === 0
          ? []
          : queryAll<RunSourceRow>(
              db,
              sql`SELECT run_id AS runId, source, requests, seen, new, updated, unchanged, closed, errors,
                         duration_ms AS durationMs, status, message
                    FROM run_sources WHERE run_id IN ${sqlList(runs.map((r) => r.id))} ORDER BY run_id, source`,
            );
      return runRecordsOf(runs, rows);
    })(),
  );
}

/** A stored run_sources row: errors as JSON text, message NULL when there is none. */
export type RunSourceRow = Omit<SourceRunStats, 'errors' | 'message'> & { runId: number; errors: string; message: string | null };

/** Runs with their per-source statistics (rows ordered by run and source), as every engine returns them. */
export function runRecordsOf(runs: readonly Omit<RunRecord, 'sources'>[], rows: readonly RunSourceRow[]): RunRecord[] {
  const bySource = new Map<number, SourceRunStats[]>();
  for (const { runId, errors, message, ...stats } of rows) {
    const list = bySource.get(runId) ?? [];
    list.push({ ...stats, errors: JSON.parse(errors) as Record<string, number>, ...(message !== null ? { message } : {}) });
    bySource.set(runId, list);
  }
  return runs.map((r) => ({ ...r, sources: bySource.get(r.id) ?? [] }));
}

export interface StoredTechnology {
  id: string;
  name: string;
  category: string;
  taxonomyVersion: string;
}

/** The technologies of the last synced taxonomy, optionally of one category, by id. */
export function listTechnologies(db: Database, category?: string): StoredTechnology[] {
  return guarded(db, () =>
    queryAll<StoredTechnology>(
      db,
      sql`SELECT id, name, category, taxonomy_version AS taxonomyVersion FROM technologies
          ${category !== undefined ? sql`WHERE category = ${category}` : sqlEmpty} ORDER BY id`,
    ),
  );
}

/** Technologies related to `tech` by `type` in the synced taxonomy, e.g. children for a roll-up (`part_of` → tech). */
export function relatedTechnologies(db: Database, target: string, type: 'implies' | 'part_of' | 'is_a'): string[] {
  return guarded(db, () =>
    queryAll<{ tech: string }>(db, sql`SELECT tech FROM tech_relations WHERE target = ${target} AND type = ${type} ORDER BY tech`).map(
      (r) => r.tech,
    ),
  );
}
