// The read side of the PostgreSQL engine (the storage port's QueryStorage). Every answer is defined the way the
// embedded engine defines it and must render identically (tests/contract), and is reached the same way: rankings
// and trends read the aggregate tables (monthly_tech, monthly_totals) whenever the filter allows, unique-job counts
// subtract the job repeats (job_repeat_counts), and filters on posting attributes (role, remote, company) count
// distinct units among postings ⨝ posting_tech. Text compares and sorts byte by byte (the schema's "C" collation),
// as SQLite's BINARY does.
import type { Month, QueryFilter, Strength, TechCount } from '../../src/core/types.js';
import type {
  CountGrain,
  CountRequest,
  CountUnit,
  CoverageSpanRow,
  ExamplePosting,
  PeriodCounts,
  PeriodTechCountRow,
  PeriodTotalRow,
  PostingStreamOptions,
  RunRecord,
  StoredMention,
  StoredPosting,
} from '../../src/core/queries.js';
import type { IterateOptions, PostingText, QueryStorage } from '../../src/core/storage.js';
import { UsageError } from '../../src/core/errors.js';
import { aggregatesCover, monthBounds } from '../filter-sql.js';
import { countUnit } from '../count-units.js';
import { parseMentions, rankMinusRepeats, runRecordsOf, snippetAround, storedPostingOf, type PostingRow, type RunSourceRow } from '../queries.js';
import { coverageSpansOf } from '../analytics-queries.js';
import { displayUrl, pgError, pgTypes, query, queryOne, type PgClient } from './pg-connect.js';
import { pg, pgEmpty, pgJoin, type PgSql } from './pg-sql.js';
import { postingPagesOf } from './pg-storage.js';
import pgLib from 'pg';

const { Pool } = pgLib;

const DENOMINATORS: readonly CountUnit[] = ['jobs', 'postings', 'companies'];
const GRAINS: readonly CountGrain[] = ['month', 'quarter', 'year', 'all'];

function checkRequest(req: CountRequest): { filter: QueryFilter; grain: CountGrain; denominator: CountUnit; since: Month; until: Month } {
  const filter = req.filter ?? {};
  const grain = req.grain ?? 'month';
  const denominator = req.denominator ?? 'jobs';
  if (!GRAINS.includes(grain)) throw new UsageError(`grain must be one of ${GRAINS.join(', ')}, got ${JSON.stringify(grain)}`);
  if (!DENOMINATORS.includes(denominator)) throw new UsageError(`denominator must be one of ${DENOMINATORS.join(', ')}, got ${JSON.stringify(denominator)}`);
  return { filter, grain, denominator, ...monthBounds(filter) };
}

/** Postings `p` in the filter's months, sources, remote, company and roles. */
function postingConditions(filter: QueryFilter): PgSql {
  const { since, until } = monthBounds(filter);
  const roles = filter.roles?.length
    ? pg`AND (${pgJoin(filter.roles.map((r) => pg`position(${`,${r},`}::text IN ',' || p.roles || ',') > 0`), pg` OR `)})`
    : pgEmpty;
  return pg`p.posted_month >= ${since} AND p.posted_month <= ${until}
    ${filter.sources ? pg`AND p.source = ANY(${[...filter.sources]}::text[])` : pgEmpty}
    ${filter.remote !== undefined ? pg`AND p.remote = ${filter.remote ? 1 : 0}` : pgEmpty}
    ${filter.company !== undefined ? pg`AND lower(p.company) = lower(${filter.company}::text COLLATE "C")` : pgEmpty}
    ${roles}`;
}

/** Conditions on a posting_tech row `pt` (strength, category). */
function techConditions(filter: QueryFilter): PgSql {
  return pg`${filter.requiredOnly ? pg`AND pt.strength = 'required'` : pgEmpty}
    ${filter.category !== undefined ? pg`AND pt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : pgEmpty}`;
}

/** The aggregate counting `unit` among postings `p` (a join may repeat a posting: distinct ids then). */
function unitCount(unit: CountUnit, rows: 'one' | 'many' = 'one'): PgSql {
  switch (unit) {
    case 'postings':
      return rows === 'one' ? pg`count(*)` : pg`count(DISTINCT p.id)`;
    case 'jobs':
      return pg`count(DISTINCT p.job_key)`;
    case 'companies':
      return pg`count(DISTINCT lower(p.company))`;
  }
}

/** The period label of a "YYYY-MM" column, as src/analytics/months.ts periodOf writes it. */
function periodExpr(column: PgSql, grain: CountGrain): PgSql {
  switch (grain) {
    case 'month':
      return column;
    case 'quarter':
      return pg`(substr(${column}, 1, 4) || '-Q' || ((substr(${column}, 6, 2)::int + 2) / 3)::text)`;
    case 'year':
      return pg`substr(${column}, 1, 4)`;
    case 'all':
      return pg`'all'::text`;
  }
}

/** First month of the period holding month `column`, at `grain` ('all': the range start decides). */
function periodStartExpr(column: PgSql, grain: CountGrain, since: Month): PgSql {
  switch (grain) {
    case 'month':
      return column;
    case 'quarter':
      return pg`(substr(${column}, 1, 5) || lpad((((substr(${column}, 6, 2)::int - 1) / 3) * 3 + 1)::text, 2, '0'))`;
    case 'year':
      return pg`(substr(${column}, 1, 5) || '01')`;
    case 'all':
      return pg`${since}::text`;
  }
}

/** Months and sources of an aggregate table aliased `mt`. */
function aggregateConditions(filter: QueryFilter): PgSql {
  const { since, until } = monthBounds(filter);
  return pg`mt.month >= ${since} AND mt.month <= ${until}
    ${filter.sources ? pg`AND mt.source = ANY(${[...filter.sources]}::text[])` : pgEmpty}`;
}

/** Unique-job counts can be read from the aggregates minus the job repeats (chains ignore sources). */
function repeatsCorrect(filter: QueryFilter): boolean {
  return aggregatesCover(filter) && filter.sources === undefined && filter.requiredOnly !== true;
}

export class PostgresQueryStorage implements QueryStorage {
  readonly location: string;
  private readonly pool: InstanceType<typeof Pool>;
  private closed = false;

  constructor(private readonly url: string) {
    this.location = displayUrl(url);
    this.pool = new Pool({ connectionString: url, max: 2, application_name: 'techdemand reader', types: pgTypes });
    this.pool.on('error', () => {});
  }

  private async read<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`storage ${this.location} is closed`);
    let client: PgClient;
    try {
      client = (await this.pool.connect()) as unknown as PgClient;
    } catch (err) {
      throw pgError(err, this.url, 'connecting');
    }
    try {
      return await fn(client);
    } catch (err) {
      throw pgError(err, this.url, 'querying');
    } finally {
      (client as unknown as { release(): void }).release();
    }
  }

  /** Several reads from one snapshot (REPEATABLE READ, read only), as the embedded engine's read transactions. */
  private snapshot<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
    return this.read(async (c) => {
      await c.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  /** Whether the techdemand schema exists (a fresh server answers "no postings", not an error). */
  async hasSchema(): Promise<boolean> {
    return this.read(async (c) => (await queryOne<{ t: string | null }>(c, pg`SELECT to_regclass('techdemand_schema')::text AS t`))?.t != null);
  }

  async hasPostings(): Promise<boolean> {
    if (!(await this.hasSchema())) return false;
    return this.read(async (c) => (await queryOne(c, pg`SELECT 1 FROM postings LIMIT 1`)) !== undefined);
  }

  /** Whether dedup has given two postings one job (then jobs ≠ postings). */
  private async duplicates(c: PgClient): Promise<boolean> {
    return (await queryOne(c, pg`SELECT 1 FROM job_repeat_counts LIMIT 1`)) !== undefined;
  }

  /** Per period and technology ('' = the postings themselves): repeats of jobs already counted in the period. */
  private async jobRepeats(c: PgClient, req: CountRequest): Promise<Map<string, number>> {
    const { filter, grain, since, until } = checkRequest(req);
    const out = new Map<string, number>();
    for (const r of await query<{ period: string; tech: string; repeats: number }>(
      c,
      pg`SELECT ${periodExpr(pg`jr.month`, grain)} AS period, jr.tech AS tech, sum(jr.repeats) AS repeats
           FROM job_repeat_counts jr
          WHERE jr.month >= ${since} AND jr.month <= ${until}
            AND jr.prev_month >= greatest(${periodStartExpr(pg`jr.month`, grain, since)}, ${since}::text)
            ${filter.category !== undefined ? pg`AND (jr.tech = '' OR jr.tech IN (SELECT id FROM technologies WHERE category = ${filter.category}))` : pgEmpty}
            ${req.techs !== undefined ? pg`AND jr.tech = ANY(${['', ...req.techs]}::text[])` : pgEmpty}
          GROUP BY 1, 2`,
    )) {
      out.set(`${r.period}\u0000${r.tech}`, r.repeats);
    }
    return out;
  }

  private async countIn(c: PgClient, filter: QueryFilter): Promise<number> {
    const unit = countUnit(filter);
    const dup = unit === 'jobs' && aggregatesCover(filter) ? await this.duplicates(c) : false;
    const fromTotals = async () => (await queryOne<{ n: number }>(c, pg`SELECT coalesce(sum(mt.postings), 0) AS n FROM monthly_totals mt WHERE ${aggregateConditions(filter)}`))?.n ?? 0;
    if (dup && repeatsCorrect({ ...filter, requiredOnly: false })) {
      const repeats = await this.jobRepeats(c, { filter, grain: 'all', denominator: 'jobs' });
      return (await fromTotals()) - (repeats.get('all\u0000') ?? 0);
    }
    if (aggregatesCover(filter) && (unit === 'postings' || (unit === 'jobs' && !dup))) return fromTotals();
    return (await queryOne<{ n: number }>(c, pg`SELECT ${unitCount(unit)} AS n FROM postings p WHERE ${postingConditions(filter)}`))?.n ?? 0;
  }

  async countPostings(filter: QueryFilter = {}): Promise<number> {
    return this.snapshot((c) => this.countIn(c, filter));
  }

  async monthsWithPostings(filter: QueryFilter = {}): Promise<Month[]> {
    return this.read(async (c) =>
      (
        await query<{ month: Month }>(
          c,
          aggregatesCover(filter)
            ? pg`SELECT mt.month FROM monthly_totals mt WHERE ${aggregateConditions(filter)} GROUP BY mt.month HAVING sum(mt.postings) > 0 ORDER BY 1`
            : pg`SELECT DISTINCT p.posted_month AS month FROM postings p WHERE ${postingConditions(filter)} ORDER BY 1`,
        )
      ).map((r) => r.month),
    );
  }

  async topTechnologies(filter: QueryFilter, limit: number): Promise<{ total: number; rows: TechCount[] }> {
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    return this.snapshot(async (c) => {
      const unit = countUnit(filter);
      const dup = unit === 'jobs' && aggregatesCover(filter) ? await this.duplicates(c) : false;
      if (dup && repeatsCorrect(filter)) return this.topMinusRepeats(c, filter, limit);
      if (aggregatesCover(filter) && (unit === 'postings' || (unit === 'jobs' && !dup))) {
        const total = await this.countIn(c, filter);
        const rows = await this.aggregateRanking(c, filter, limit);
        return { total, rows: rows.map((r): TechCount => ({ ...r, total, share: total > 0 ? r.count / total : 0 })) };
      }
      const total = await this.countIn(c, filter);
      const rows = await query<{ tech: string; name: string; category: string; count: number }>(
        c,
        pg`SELECT pt.tech AS tech, coalesce(t.name, pt.tech) AS name, coalesce(t.category, '') AS category, ${unitCount(countUnit(filter))} AS count
             FROM postings p
             JOIN posting_tech pt ON pt.posting_id = p.id
             LEFT JOIN technologies t ON t.id = pt.tech
            WHERE ${postingConditions(filter)}
              ${filter.category !== undefined ? pg`AND t.category = ${filter.category}` : pgEmpty}
              ${filter.requiredOnly ? pg`AND pt.strength = 'required'` : pgEmpty}
            GROUP BY pt.tech, t.name, t.category
            ORDER BY count DESC, pt.tech
            LIMIT ${limit}`,
      );
      return { total, rows: rows.map((r): TechCount => ({ ...r, total, share: total > 0 ? r.count / total : 0 })) };
    });
  }

  /** Postings per technology from monthly_tech (requiredOnly: those requiring it), best first; no limit when null. */
  private aggregateRanking(c: PgClient, filter: QueryFilter, limit: number | null) {
    const counted = filter.requiredOnly ? pg`mt.required` : pg`mt.postings`;
    return query<{ tech: string; name: string; category: string; count: number }>(
      c,
      pg`SELECT g.tech AS tech, coalesce(t.name, g.tech) AS name, coalesce(t.category, '') AS category, g.count AS count
           FROM (SELECT mt.tech AS tech, sum(${counted}) AS count
                   FROM monthly_tech mt
                  WHERE ${aggregateConditions(filter)}
                    ${filter.category !== undefined ? pg`AND mt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : pgEmpty}
                  GROUP BY mt.tech
                 HAVING sum(${counted}) > 0) g
           LEFT JOIN technologies t ON t.id = g.tech
          ORDER BY g.count DESC, g.tech
          ${limit !== null ? pg`LIMIT ${limit}` : pgEmpty}`,
    );
  }

  /** Unique-job rankings once dedup merged postings: the aggregates minus the repeats of jobs in the range. */
  private async topMinusRepeats(c: PgClient, filter: QueryFilter, limit: number): Promise<{ total: number; rows: TechCount[] }> {
    const repeats = await this.jobRepeats(c, { filter, grain: 'all', denominator: 'jobs' });
    const asPostings: QueryFilter = { ...filter, count: 'postings' };
    return rankMinusRepeats(await this.countIn(c, asPostings), await this.aggregateRanking(c, asPostings, null), repeats, limit);
  }

  async postingById(ref: number | string): Promise<StoredPosting | undefined> {
    const columns = pg`id, source, external_id AS "externalId", url, company, title, location, remote, posted_at AS "postedAt",
      posted_month AS "postedMonth", first_seen AS "firstSeen", last_seen AS "lastSeen", closed_at AS "closedAt", text, html,
      content_hash AS "contentHash", job_key AS "jobKey", roles, meta, tagged_version AS "taggedVersion", mentions`;
    let lookup: PgSql;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      const id = Number(ref);
      if (!Number.isSafeInteger(id)) throw new UsageError(`posting id ${ref} is out of range`);
      lookup = pg`SELECT ${columns} FROM postings WHERE id = ${id}`;
    } else {
      const colon = ref.indexOf(':');
      if (colon <= 0 || colon === ref.length - 1) throw new UsageError(`posting reference ${JSON.stringify(ref)}: expected a numeric id or "source:externalId"`);
      lookup = pg`SELECT ${columns} FROM postings WHERE source = ${ref.slice(0, colon)} AND external_id = ${ref.slice(colon + 1)}`;
    }
    return this.snapshot(async (c) => {
      const row = await queryOne<PostingRow>(c, lookup);
      if (!row) return undefined;
      return storedPostingOf(row, await query<{ tech: string; strength: Strength }>(c, pg`SELECT tech, strength FROM posting_tech WHERE posting_id = ${row.id} ORDER BY tech`));
    });
  }

  async examplePostings(tech: string, limit: number, filter: QueryFilter): Promise<ExamplePosting[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    const { since, until } = monthBounds(filter);
    const rows = await this.read((c) =>
      query<{ id: number; strength: Strength; source: string; externalId: string; url: string | null; company: string | null; title: string | null; postedMonth: string; text: string; mentions: string | null }>(
        c,
        pg`SELECT pt.posting_id AS id, pt.strength AS strength, p.source, p.external_id AS "externalId", p.url, p.company, p.title,
                  p.posted_month AS "postedMonth", p.text, p.mentions
             FROM posting_tech pt JOIN postings p ON p.id = pt.posting_id
            WHERE pt.tech = ${tech} AND pt.posted_month >= ${since} AND pt.posted_month <= ${until}
              ${filter.sources ? pg`AND pt.source = ANY(${[...filter.sources]}::text[])` : pgEmpty}
            ORDER BY pt.posted_month DESC, pt.posting_id DESC
            LIMIT ${limit}`,
      ),
    );
    const rank = { required: 0, preferred: 1, mentioned: 2 } as const;
    return rows.map((r) => {
      const mention = parseMentions(r.mentions)
        .filter((m) => m.tech === tech)
        .reduce<StoredMention | undefined>((best, m) => (best === undefined || rank[m.strength] < rank[best.strength] ? m : best), undefined);
      return {
        id: r.id,
        source: r.source,
        externalId: r.externalId,
        url: r.url,
        company: r.company,
        title: r.title,
        postedMonth: r.postedMonth,
        strength: r.strength,
        ...snippetAround(r.text, mention?.offset ?? 0, mention?.length ?? 0),
      };
    });
  }

  async runsList(limit: number): Promise<RunRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`limit must be a positive integer, got ${limit}`);
    return this.snapshot(async (c) => {
      const runs = await query<Omit<RunRecord, 'sources'>>(
        c,
        pg`SELECT id, started_at AS "startedAt", ended_at AS "endedAt", status, taxonomy_version AS "taxonomyVersion", pid, command
             FROM runs ORDER BY id DESC LIMIT ${limit}`,
      );
      const rows =
        runs.length === 0
          ? []
          : await query<RunSourceRow>(
              c,
              pg`SELECT run_id AS "runId", source, requests, seen, new, updated, unchanged, closed, errors, duration_ms AS "durationMs", status, message
                   FROM run_sources WHERE run_id = ANY(${runs.map((r) => r.id)}::bigint[]) ORDER BY run_id, source`,
            );
      return runRecordsOf(runs, rows);
    });
  }

  private async periodCounts(c: PgClient, req: CountRequest): Promise<PeriodCounts> {
    const { filter, grain, denominator } = checkRequest(req);
    const dup = denominator === 'jobs' ? await this.duplicates(c) : false;
    const aggregates = aggregatesCover(filter) && (denominator === 'postings' || (denominator === 'jobs' && !dup));
    if (aggregates || (dup && repeatsCorrect(filter))) {
      const fromAggregates = await this.aggregatePeriods(c, req);
      if (aggregates) return { ...fromAggregates, source: 'aggregates' };
      // Unique jobs from the aggregates (which count postings) minus the repeats of jobs within each period.
      const repeats = await this.jobRepeats(c, req);
      const minus = (period: string, tech: string, n: number) => n - (repeats.get(`${period}\u0000${tech}`) ?? 0);
      return {
        counts: fromAggregates.counts.map((r) => ({ ...r, count: minus(r.period, r.tech, r.count) })).filter((r) => r.count > 0),
        totals: fromAggregates.totals.map((r) => ({ ...r, total: minus(r.period, '', r.total) })).filter((r) => r.total > 0),
        source: 'aggregates',
      };
    }
    const onlyTechs = req.techs !== undefined ? pg`AND pt.tech = ANY(${req.techs.length > 0 ? [...req.techs] : ['']}::text[])` : pgEmpty;
    const period = periodExpr(pg`p.posted_month`, grain);
    return (async () => ({
      counts: await query<PeriodTechCountRow>(
        c,
        pg`SELECT ${period} AS period, pt.tech AS tech, ${unitCount(denominator)} AS count
             FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id
            WHERE ${postingConditions(filter)} ${techConditions(filter)} ${onlyTechs}
            GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      totals: await query<PeriodTotalRow>(
        c,
        pg`SELECT ${period} AS period, ${unitCount(denominator)} AS total
             FROM postings p WHERE ${postingConditions(filter)}
            GROUP BY 1 ORDER BY 1`,
      ),
      source: 'postings' as const,
    }))();
  }

  /** Postings per period and technology, and all postings per period, from the aggregate tables. */
  private async aggregatePeriods(c: PgClient, req: CountRequest): Promise<{ counts: PeriodTechCountRow[]; totals: PeriodTotalRow[] }> {
    const { filter, grain } = checkRequest(req);
    const counted = filter.requiredOnly ? pg`mt.required` : pg`mt.postings`;
    const period = periodExpr(pg`mt.month`, grain);
    return {
      counts: await query<PeriodTechCountRow>(
        c,
        pg`SELECT ${period} AS period, mt.tech AS tech, sum(${counted}) AS count
             FROM monthly_tech mt
            WHERE ${aggregateConditions(filter)}
              ${filter.category !== undefined ? pg`AND mt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : pgEmpty}
              ${req.techs !== undefined ? pg`AND mt.tech = ANY(${req.techs.length > 0 ? [...req.techs] : ['']}::text[])` : pgEmpty}
            GROUP BY 1, 2
           HAVING sum(${counted}) > 0
            ORDER BY 1, 2`,
      ),
      totals: await query<PeriodTotalRow>(
        c,
        pg`SELECT ${period} AS period, sum(mt.postings) AS total
             FROM monthly_totals mt
            WHERE ${aggregateConditions(filter)}
            GROUP BY 1
           HAVING sum(mt.postings) > 0
            ORDER BY 1`,
      ),
    };
  }

  async periodTechCounts(req: CountRequest): Promise<PeriodCounts> {
    return this.snapshot((c) => this.periodCounts(c, req));
  }

  async rollupPeriodCounts(members: readonly string[], label: string, req: CountRequest): Promise<PeriodTechCountRow[]> {
    if (members.length === 0) return [];
    const { filter, grain, denominator, since, until } = checkRequest(req);
    const unit = unitCount(denominator, 'many');
    return this.read((c) =>
      query<PeriodTechCountRow>(
        c,
        pg`SELECT ${periodExpr(pg`pt.posted_month`, grain)} AS period, ${label}::text AS tech, ${unit} AS count
             FROM posting_tech pt JOIN postings p ON p.id = pt.posting_id
            WHERE pt.tech = ANY(${[...members]}::text[]) AND pt.posted_month >= ${since} AND pt.posted_month <= ${until}
              AND ${postingConditions(filter)} ${techConditions(filter)}
            GROUP BY 1
           HAVING ${unit} > 0
            ORDER BY 1`,
      ),
    );
  }

  async windowTechCounts(req: Omit<CountRequest, 'grain'>): Promise<{ total: number; counts: { tech: string; count: number }[]; source: 'aggregates' | 'postings' }> {
    const r = await this.periodTechCounts({ ...req, grain: 'all' });
    return { total: r.totals[0]?.total ?? 0, counts: r.counts.map((c) => ({ tech: c.tech, count: c.count })), source: r.source };
  }

  async forEachPostingTech(
    filter: QueryFilter,
    onRow: (postingId: number, month: Month, tech: string | null, strength: Strength | null, company: string | null) => void,
    options: PostingStreamOptions = {},
  ): Promise<number> {
    checkRequest({ filter });
    // A job's first posting in the filter by (month, id), as the embedded engine keeps it.
    const postings =
      options.uniqueJobs === false
        ? pg`SELECT p.id, p.posted_month, p.company FROM postings p WHERE ${postingConditions(filter)}`
        : pg`SELECT DISTINCT ON (p.job_key) p.id, p.posted_month, p.company FROM postings p WHERE ${postingConditions(filter)} ORDER BY p.job_key, p.posted_month, p.id`;
    const q = pg`SELECT x.id, x.posted_month, pt.tech, pt.strength, x.company
                   FROM (${postings}) x LEFT JOIN posting_tech pt ON pt.posting_id = x.id ${techConditions(filter)}
                  ORDER BY x.id, pt.tech`;
    // A cursor: a million postings stream through in pages instead of arriving as one array.
    return this.snapshot(async (c) => {
      await c.query({ text: `DECLARE td_stream NO SCROLL CURSOR FOR ${q.text}`, values: q.values as unknown[] });
      let rows = 0;
      for (;;) {
        const r = await c.query({ text: 'FETCH 5000 FROM td_stream', rowMode: 'array' });
        for (const row of r.rows as [number, Month, string | null, Strength | null, string | null][]) {
          onRow(row[0], row[1], row[2], row[3], row[4]);
          rows++;
        }
        if (r.rows.length < 5000) break;
      }
      await c.query('CLOSE td_stream');
      return rows;
    });
  }

  async duplicateJobTechs(filter: QueryFilter): Promise<{ rep: number; tech: string; strength: Strength }[]> {
    checkRequest({ filter });
    return this.read((c) =>
      query<{ rep: number; tech: string; strength: Strength }>(
        c,
        pg`WITH f AS (SELECT p.id, p.job_key, p.posted_month FROM postings p WHERE ${postingConditions(filter)}),
                r AS (SELECT id, first_value(id) OVER (PARTITION BY job_key ORDER BY posted_month, id) AS rep FROM f)
           SELECT r.rep AS rep, pt.tech AS tech, pt.strength AS strength
             FROM r JOIN posting_tech pt ON pt.posting_id = r.id ${techConditions(filter)}
            WHERE r.id <> r.rep
            ORDER BY r.rep, r.id, pt.tech`,
      ),
    );
  }

  async coverageSpans(options: { sources?: readonly string[] }): Promise<CoverageSpanRow[]> {
    return this.snapshot(async (c) => {
      const complete = new Set((await query<{ source: string }>(c, pg`SELECT source FROM dated_sources`)).map((r) => r.source));
      const rows = await query<{ source: string; firstMonth: string; lastMonth: string; firstRun: string | null; lastRun: string | null }>(
        c,
        pg`SELECT s.source, s."firstMonth", s."lastMonth",
                  (SELECT min(r.started_at) FROM run_sources rs JOIN runs r ON r.id = rs.run_id WHERE rs.source = s.source AND rs.status = 'ok') AS "firstRun",
                  (SELECT max(r.started_at) FROM run_sources rs JOIN runs r ON r.id = rs.run_id WHERE rs.source = s.source AND rs.status = 'ok') AS "lastRun"
             FROM (SELECT mt.source, min(mt.month) AS "firstMonth", max(mt.month) AS "lastMonth" FROM monthly_totals mt
                    ${options.sources ? pg`WHERE mt.source = ANY(${[...options.sources]}::text[])` : pgEmpty}
                    GROUP BY mt.source) s
            ORDER BY s.source`,
      );
      return coverageSpansOf(rows, complete);
    });
  }

  async rolesState(): Promise<{ classified: boolean; version: string | null }> {
    return this.snapshot(async (c) => ({
      classified: (await queryOne(c, pg`SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1`)) !== undefined,
      version: (await queryOne<{ value: string }>(c, pg`SELECT value FROM settings WHERE key = 'roles_version'`))?.value ?? null,
    }));
  }

  async countTaggedPostings(filter: QueryFilter): Promise<{ total: number; tagged: number }> {
    checkRequest({ filter });
    return this.read(async (c) =>
      (await queryOne<{ total: number; tagged: number }>(
        c,
        pg`SELECT count(*) AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM posting_tech pt WHERE pt.posting_id = p.id)) AS tagged
             FROM postings p WHERE ${postingConditions(filter)}`,
      )) ?? { total: 0, tagged: 0 },
    );
  }

  async postingSources(filter: QueryFilter): Promise<string[]> {
    const { since, until } = checkRequest({ filter });
    return this.read(async (c) =>
      (
        await query<{ source: string }>(
          c,
          pg`SELECT DISTINCT mt.source FROM monthly_totals mt
              WHERE mt.month >= ${since} AND mt.month <= ${until} AND mt.postings > 0
                ${filter.sources ? pg`AND mt.source = ANY(${[...filter.sources]}::text[])` : pgEmpty}
              ORDER BY 1`,
        )
      ).map((r) => r.source),
    );
  }

  postingPages(options: IterateOptions = {}): AsyncIterable<PostingText[]> {
    return postingPagesOf({ withClient: (_doing, fn) => this.read(fn) }, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => {});
  }
}

export function openPostgresQueryStorage(url: string): PostgresQueryStorage {
  return new PostgresQueryStorage(url);
}
