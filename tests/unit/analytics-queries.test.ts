// db/analytics-queries.ts against a real SQLite database written through the real Store, with a hand-made
// set of postings whose counts are worked out below. The aggregate-table path and the postings path must agree.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import {
  analyticsTaxonomy,
  coverageSpans,
  forEachPostingTech,
  hasDuplicateJobs,
  latestMonth,
  periodTechCounts,
  periodTechCountsSql,
  periodTotalsSql,
  postingTechStreamSql,
  rollupPeriodCounts,
  rollupPeriodCountsSql,
  windowTechCounts,
  type CountRequest,
} from '../../db/analytics-queries.js';
import { openDatabase } from '../../db/open.js';
import { explainQueryPlan, queryAll, type Sql } from '../../db/sql.js';
import { Store } from '../../db/store.js';
import { cooccurrence } from '../../src/analytics/cooccur.js';
import { PostingEncoder } from '../../src/analytics/encode.js';
import { partialMonths } from '../../src/analytics/months.js';
import { expandRollup } from '../../src/analytics/rollups.js';
import { computeShares } from '../../src/analytics/shares.js';
import { UsageError } from '../../src/core/errors.js';
import type { Mention, Posting, Strength } from '../../src/core/types.js';

// The postings (n = id order of insertion):
//  1 hn         2016-01 Acme   remote  python(req) postgresql(mentioned)   roles backend
//  2 hn         2016-01 acme           django(req)
//  3 hn         2016-01 Beta           mysql(mentioned) mongodb(req)
//  4 hn         2016-02 Beta           (no technologies)
//  5 greenhouse 2016-02 —              python(req) django(req)             roles backend,data
//  6 hn         2016-04 Gamma          python(mentioned)
//  7 greenhouse 2016-04 Gamma          python(req)   ← the same job as 6 (shared job_key)
type T = [string, Strength];
const ADS: { source: string; id: string; month: string; company: string | null; remote: boolean | null; techs: T[] }[] = [
  { source: 'hn', id: '1', month: '2016-01', company: 'Acme', remote: true, techs: [['python', 'required'], ['postgresql', 'mentioned']] },
  { source: 'hn', id: '2', month: '2016-01', company: 'acme', remote: null, techs: [['django', 'required']] },
  { source: 'hn', id: '3', month: '2016-01', company: 'Beta', remote: null, techs: [['mysql', 'mentioned'], ['mongodb', 'required']] },
  { source: 'hn', id: '4', month: '2016-02', company: 'Beta', remote: null, techs: [] },
  { source: 'greenhouse', id: '5', month: '2016-02', company: null, remote: false, techs: [['python', 'required'], ['django', 'required']] },
  { source: 'hn', id: '6', month: '2016-04', company: 'Gamma', remote: null, techs: [['python', 'mentioned']] },
  { source: 'greenhouse', id: '7', month: '2016-04', company: 'Gamma', remote: null, techs: [['python', 'required']] },
];

function toSave(ad: (typeof ADS)[number]) {
  const text = ad.techs.map(([t]) => t).join(' ') || 'no technologies here';
  let offset = 0;
  const mentions: Mention[] = ad.techs.map(([tech, strength]) => {
    const m: Mention = { tech, text: tech, offset, length: tech.length, strength, rule: 'test' };
    offset += tech.length + 1;
    return m;
  });
  const posting: Posting = {
    source: ad.source,
    externalId: ad.id,
    url: null,
    company: ad.company,
    title: null,
    location: null,
    remote: ad.remote,
    postedAt: `${ad.month}-03T10:00:00Z`,
    postedMonth: ad.month,
    html: null,
    text,
    contentHash: `hash-${ad.source}-${ad.id}`,
  };
  return { posting, tagVersion: 'v1', mentions };
}

describe('analytics queries', () => {
  let dir: string;
  let db: Database;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'td-analytics-'));
    db = openDatabase(join(dir, 'a.db'));
    const store = new Store(db);
    store.syncTaxonomy(
      [
        { id: 'python', name: 'Python', category: 'language', relations: [] },
        { id: 'django', name: 'Django', category: 'backend-framework', relations: [{ type: 'implies', target: 'python' }] },
        { id: 'relational-database', name: 'relational database', category: 'concept', relations: [] },
        { id: 'postgresql', name: 'PostgreSQL', category: 'database', relations: [{ type: 'is_a', target: 'relational-database' }] },
        { id: 'mysql', name: 'MySQL', category: 'database', relations: [{ type: 'is_a', target: 'relational-database' }] },
        { id: 'mongodb', name: 'MongoDB', category: 'database', relations: [] },
      ],
      'v1',
    );
    store.savePostings(ADS.map(toSave), '2016-05-02T08:00:00Z');
    // Roles and dedup are assigned by later stages; set them as those stages would.
    db.prepare(`UPDATE postings SET roles = 'backend' WHERE source = 'hn' AND external_id = '1'`).run();
    db.prepare(`UPDATE postings SET roles = 'backend,data' WHERE source = 'greenhouse' AND external_id = '5'`).run();
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (rows: { period: string; tech: string; count: number }[], period: string, tech: string) =>
    rows.find((r) => r.period === period && r.tech === tech)?.count ?? 0;
  const total = (rows: { period: string; total: number }[], period: string) => rows.find((r) => r.period === period)?.total ?? 0;

  it('counts postings per month from the aggregates while no job is duplicated', () => {
    expect(hasDuplicateJobs(db)).toBe(false);
    const r = periodTechCounts(db, { denominator: 'jobs' });
    expect(r.source).toBe('aggregates');
    expect([count(r.counts, '2016-01', 'python'), count(r.counts, '2016-02', 'python'), count(r.counts, '2016-04', 'python')]).toEqual([1, 1, 2]);
    expect(r.totals).toEqual([
      { period: '2016-01', total: 3 },
      { period: '2016-02', total: 2 },
      { period: '2016-04', total: 2 },
    ]);
  });

  it('gives the same numbers from the aggregates and from the postings for every grain and filter', () => {
    const requests: CountRequest[] = [
      { grain: 'month', denominator: 'postings' },
      { grain: 'quarter', denominator: 'postings' },
      { grain: 'year', denominator: 'postings', filter: { requiredOnly: true } },
      { grain: 'all', denominator: 'postings', filter: { sources: ['hn'], since: '2016-01', until: '2016-02' } },
      { grain: 'month', denominator: 'postings', filter: { category: 'database' } },
    ];
    const sorted = <R extends object>(rows: R[]) => rows.map((x) => JSON.stringify(x)).sort();
    for (const req of requests) {
      expect(sorted(queryAll(db, periodTechCountsSql(req, true)))).toEqual(sorted(queryAll(db, periodTechCountsSql(req, false))));
      expect(sorted(queryAll(db, periodTotalsSql(req, true)))).toEqual(sorted(queryAll(db, periodTotalsSql(req, false))));
    }
  });

  it('labels quarters and years like src/analytics/months.ts', () => {
    const q = periodTechCounts(db, { grain: 'quarter', denominator: 'postings' });
    expect(q.totals).toEqual([
      { period: '2016-Q1', total: 5 },
      { period: '2016-Q2', total: 2 },
    ]);
    expect(count(q.counts, '2016-Q1', 'django')).toBe(2);
    expect(periodTechCounts(db, { grain: 'year', denominator: 'postings' }).totals).toEqual([{ period: '2016', total: 7 }]);
  });

  it('counts distinct companies case-insensitively, ignoring postings without a company', () => {
    const r = periodTechCounts(db, { denominator: 'companies' });
    expect(r.source).toBe('postings');
    expect(total(r.totals, '2016-01')).toBe(2); // Acme = acme, Beta
    expect(total(r.totals, '2016-02')).toBe(1); // Beta (posting 5 has no company)
    expect(count(r.counts, '2016-01', 'python')).toBe(1);
    expect(count(r.counts, '2016-02', 'python')).toBe(0);
    expect(count(r.counts, '2016-04', 'python')).toBe(1); // Gamma twice
  });

  it('applies posting filters: role, remote, company, sources, requiredOnly, category', () => {
    const role = periodTechCounts(db, { denominator: 'postings', filter: { roles: ['backend'] } });
    expect(role.totals).toEqual([
      { period: '2016-01', total: 1 },
      { period: '2016-02', total: 1 },
    ]);
    expect(periodTechCounts(db, { filter: { roles: ['back'] } }).totals).toEqual([]); // whole role ids only
    // Several roles: an ad with any of them, counted once.
    expect(periodTechCounts(db, { denominator: 'postings', filter: { roles: ['backend', 'data'] } }).totals).toEqual(role.totals);
    expect(periodTechCounts(db, { filter: { remote: true } }).totals).toEqual([{ period: '2016-01', total: 1 }]);
    const acme = periodTechCounts(db, { filter: { company: 'ACME' } });
    expect(total(acme.totals, '2016-01')).toBe(2);
    const req = periodTechCounts(db, { denominator: 'postings', filter: { requiredOnly: true, sources: ['hn'] } });
    expect(count(req.counts, '2016-04', 'python')).toBe(0);
    expect(count(req.counts, '2016-01', 'postgresql')).toBe(0);
    const cat = periodTechCounts(db, { filter: { category: 'database' } });
    expect([...new Set(cat.counts.map((c) => c.tech))].sort()).toEqual(['mongodb', 'mysql', 'postgresql']);
    expect(total(cat.totals, '2016-01')).toBe(3); // the denominator is all postings, not only tagged ones
  });

  it('rejects bad requests with a UsageError', () => {
    expect(() => periodTechCounts(db, { filter: { since: '2016-1' } })).toThrow(UsageError);
    expect(() => periodTechCounts(db, { grain: 'week' as never })).toThrow(UsageError);
    expect(() => periodTechCounts(db, { denominator: 'ads' as never })).toThrow(UsageError);
  });

  it('binds job-ad values instead of splicing them into SQL', () => {
    const evil = "x' OR 1=1 --";
    expect(periodTechCounts(db, { filter: { company: evil, roles: [evil], sources: [evil] } }).totals).toEqual([]);
    expect(periodTechCountsSql({ filter: { company: evil } }, false).text).not.toContain(evil);
  });

  it('rolls up members counting a posting once', () => {
    const rows = rollupPeriodCounts(db, ['python', 'django'], 'python incl. django', { denominator: 'postings' });
    expect(rows).toEqual([
      { period: '2016-01', tech: 'python incl. django', count: 2 },
      { period: '2016-02', tech: 'python incl. django', count: 1 },
      { period: '2016-04', tech: 'python incl. django', count: 2 },
    ]);
    const tax = analyticsTaxonomy(db);
    const rdb = expandRollup('is_a', 'relational-database', tax.entries, tax.relations);
    expect(rdb.members).toEqual(['mysql', 'postgresql', 'relational-database']);
    expect(rollupPeriodCounts(db, rdb.members, rdb.label, { grain: 'all', denominator: 'postings' })).toEqual([
      { period: 'all', tech: rdb.label, count: 2 },
    ]);
  });

  it('streams postings grouped by posting, untagged ones included, into the encoder', () => {
    const enc = new PostingEncoder();
    const rows = forEachPostingTech(db, {}, (id, month, tech, strength, company) => enc.add(id, month, tech, strength, company));
    expect(rows).toBe(10); // 9 posting-tech rows + 1 untagged posting
    const market = enc.finish();
    expect(market.size).toBe(7);
    const empty = [...Array(market.size).keys()].filter((i) => market.start[i] === market.start[i + 1]);
    expect(empty).toHaveLength(1);
    // python is in postings 1, 5, 6, 7; with it: postgresql once (lift 1·7/(4·1) = 1.75), django once (1·7/(4·2) = 0.875).
    expect(cooccurrence(market, 'python', { minTogether: 1 }).rows.map((r) => [r.tech, r.together, r.lift])).toEqual([
      ['postgresql', 1, 1.75],
      ['django', 1, 0.875],
    ]);
  });

  it('gives sources their coverage spans and the newest month', () => {
    expect(latestMonth(db)).toBe('2016-04');
    expect(latestMonth(db, { sources: ['greenhouse'] })).toBe('2016-04');
    expect(coverageSpans(db)).toEqual([
      { source: 'greenhouse', start: '2016-02', end: '2016-04' },
      { source: 'hn', start: '2016-01', end: '2016-04' },
    ]);
    const store = new Store(db);
    const stats = (source: string) => ({
      source,
      requests: 1,
      seen: 1,
      new: 1,
      updated: 0,
      unchanged: 0,
      closed: 0,
      errors: {},
      durationMs: 5,
      status: 'ok' as const,
    });
    const r1 = store.startRun('scrape', 'v1', '2016-03-15T09:00:00Z');
    store.finishRun(r1, 'ok', [stats('greenhouse'), stats('hn')], '2016-03-15T09:05:00Z');
    const r2 = store.startRun('scrape', 'v1', '2016-05-02T08:00:00Z');
    store.finishRun(r2, 'ok', [stats('greenhouse'), stats('hn')], '2016-05-02T08:05:00Z');
    const spans = coverageSpans(db);
    expect(spans).toEqual([
      { source: 'greenhouse', start: '2016-02', end: '2016-05-02', collectedFrom: '2016-03-15' },
      { source: 'hn', start: '2016-01', end: '2016-05-02' },
    ]);
    // Greenhouse only listed survivors before 2016-03-15; May is still being collected.
    expect([...partialMonths(spans)].sort()).toEqual(['2016-02', '2016-03', '2016-05']);
  });

  it('counts jobs once after dedup gives two postings one job_key: aggregates minus job repeats, or the postings tables', () => {
    db.prepare(`UPDATE postings SET job_key = 'hn:6' WHERE source = 'greenhouse' AND external_id = '7'`).run();
    expect(hasDuplicateJobs(db)).toBe(true);
    const jobs = periodTechCounts(db, {});
    // Across all sources the aggregates answer, corrected by job_repeats; limited to sources, postings are counted.
    expect(jobs.source).toBe('aggregates');
    const bySources = periodTechCounts(db, { filter: { sources: ['hn', 'greenhouse'] } });
    expect(bySources.source).toBe('postings');
    expect(bySources.totals).toEqual(jobs.totals);
    expect([...bySources.counts].sort((a, b) => a.period.localeCompare(b.period) || a.tech.localeCompare(b.tech))).toEqual(
      [...jobs.counts].sort((a, b) => a.period.localeCompare(b.period) || a.tech.localeCompare(b.tech)),
    );
    expect(total(jobs.totals, '2016-04')).toBe(1);
    expect(count(jobs.counts, '2016-04', 'python')).toBe(1);
    expect(periodTechCounts(db, { denominator: 'postings' }).source).toBe('aggregates');
    const w = windowTechCounts(db, { filter: { since: '2016-01', until: '2016-04' } });
    expect(w.total).toBe(6);
    expect(w.counts.find((c) => c.tech === 'python')!.count).toBe(3);
    expect(rollupPeriodCounts(db, ['python'], 'py', { grain: 'all' })).toEqual([{ period: 'all', tech: 'py', count: 3 }]);
    // The stream keeps the first posting of each job within the filter.
    let n = 0;
    forEachPostingTech(db, {}, () => n++);
    expect(n).toBe(9);
    const only7: number[] = [];
    forEachPostingTech(db, { sources: ['greenhouse'], since: '2016-04' }, (id) => only7.push(id));
    expect(only7).toHaveLength(1); // posting 6 is outside the filter, so 7 is the job's first here
    // Shares over jobs feed straight into computeShares.
    const shares = computeShares(jobs.counts, jobs.totals, { minSupport: 1 });
    expect(shares.find((s) => s.period === '2016-04' && s.tech === 'python')!.share).toBe(1);
  });

  it('reads the synced taxonomy', () => {
    const tax = analyticsTaxonomy(db);
    expect(tax.entries.map((e) => e.id)).toEqual(['django', 'mongodb', 'mysql', 'postgresql', 'python', 'relational-database']);
    expect(tax.relations).toContainEqual({ from: 'django', type: 'implies', to: 'python' });
  });

  describe('query plans use the indexes (no full scan of postings or posting_tech)', () => {
    function plan(query: Sql): string {
      const lines = explainQueryPlan(db, query);
      for (const line of lines) {
        if (line.startsWith('SCAN ')) expect(line).toMatch(/^SCAN (json_each VIRTUAL TABLE|technologies)/);
      }
      return lines.join('\n');
    }
    it('posting-level counts walk postings by month and their technologies by key', () => {
      const p = plan(periodTechCountsSql({ filter: { roles: ['backend'], since: '2016-01' } }, false));
      // The filter index holds role and job key: no posting row is fetched.
      expect(p).toMatch(/SEARCH p USING COVERING INDEX postings_by_month_source/);
      expect(p).toMatch(/SEARCH pt USING PRIMARY KEY \(posting_id=\?\)/);
    });
    it('roll-ups start from the tech index', () => {
      expect(plan(rollupPeriodCountsSql(['python', 'django'], 'x', { filter: {} }))).toMatch(
        /SEARCH pt USING (COVERING )?INDEX posting_tech_by_tech_month \(tech=\? AND posted_month>\? AND posted_month<\?\)/,
      );
    });
    it('the stream keeps postings outer (rows grouped by posting), needs no sort, looks up a job only for repeats', () => {
      const p = plan(postingTechStreamSql({ since: '2016-01' })).split('\n');
      expect(p[0]).toMatch(/^SEARCH p USING (COVERING )?INDEX postings_by_month_source/);
      expect(p.join('\n')).toMatch(/SEARCH pt USING PRIMARY KEY \(posting_id=\?\) LEFT-JOIN/);
      expect(p.join('\n')).not.toMatch(/TEMP B-TREE/);
      expect(p.join('\n')).toMatch(/SEARCH jr USING PRIMARY KEY \(posting_id=\? AND tech=\?\)/);
      expect(p.join('\n')).toMatch(/SEARCH d USING INDEX postings_by_job_key \(job_key=\?\)/);
    });
  });
});
