// Unique-job counts from the aggregates minus job_repeats (migration 003) must equal counting distinct job keys
// over the postings tables, for any range, grain and category, through merges, re-keys, changed ads, re-tags
// and deletes. Real corpus ads, seeded random months and merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { countPostings, topTechnologies } from '../../db/queries.js';
import { hasDuplicateJobs, jobRepeatsSql, periodTechCounts } from '../../db/analytics-queries.js';
import { explainQueryPlan } from '../../db/sql.js';
import type { QueryFilter } from '../../src/core/types.js';
import { TAXONOMY, corpusPostings, literalMentions, tagged, tempDir } from './db-fixtures.js';
import { prng } from '../fixtures/prng.js';

const MONTHS = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** The reference: distinct job keys per period and technology, straight from postings ⨝ posting_tech. */
function scan(db: Database, grain: 'month' | 'year' | 'all', since: string, until: string, category?: string) {
  const period = grain === 'month' ? 'p.posted_month' : grain === 'year' ? 'substr(p.posted_month, 1, 4)' : "'all'";
  const cat = category ? `AND pt.tech IN (SELECT id FROM technologies WHERE category = '${category}')` : '';
  const counts = db
    .prepare(
      `SELECT ${period} AS period, pt.tech AS tech, count(DISTINCT p.job_key) AS count
         FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id
        WHERE p.posted_month BETWEEN ? AND ? ${cat} GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(since, until);
  const totals = db
    .prepare(`SELECT ${period} AS period, count(DISTINCT p.job_key) AS total FROM postings p WHERE p.posted_month BETWEEN ? AND ? GROUP BY 1 ORDER BY 1`)
    .all(since, until);
  return { counts, totals };
}

const sorted = <T extends { period: string; tech?: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.period.localeCompare(b.period) || (a.tech ?? '').localeCompare(b.tech ?? ''));

describe('job repeats: unique jobs from the aggregates', () => {
  const tmp = tempDir();
  let db: Database;
  let store: Store;
  const rand = prng(7);

  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'repeats.db'));
    store = new Store(db);
    store.syncTaxonomy(TAXONOMY, 'tax-v1');
    const postings = corpusPostings(240, 31).map((p) => {
      const month = MONTHS[Math.floor(rand() * MONTHS.length)]!;
      return { ...p, postedMonth: month, postedAt: `${month}-10T00:00:00Z` };
    });
    store.savePostings(tagged(postings), '2024-12-31T00:00:00.000Z');
    // Dedup's way of merging: later postings take an earlier one's job key (chains of up to a dozen).
    const ids = db.prepare('SELECT id, job_key AS jobKey FROM postings ORDER BY id').all() as { id: number; jobKey: string }[];
    const setKey = db.prepare('UPDATE postings SET job_key = ? WHERE id = ?');
    for (const row of ids) {
      if (rand() < 0.45) setKey.run(ids[Math.floor(rand() * 20)]!.jobKey, row.id);
    }
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  function expectMatchesScan(): void {
    expect(hasDuplicateJobs(db)).toBe(true);
    // The trigger-kept summary equals the repeats it sums.
    expect(db.prepare('SELECT tech, month, prev_month, repeats FROM job_repeat_counts ORDER BY 1, 2, 3').all()).toEqual(
      db.prepare('SELECT tech, month, prev_month, count(*) AS repeats FROM job_repeats GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all(),
    );
    const ranges: [string, string][] = [['0000-00', '9999-99'], ['2023-05', '2024-02'], ['2024-03', '2024-03'], ['2023-12', '2024-12']];
    for (const [since, until] of ranges) {
      const filter: QueryFilter = since === '0000-00' ? {} : { since, until };
      for (const grain of ['month', 'year', 'all'] as const) {
        for (const category of [undefined, 'language']) {
          const f: QueryFilter = category ? { ...filter, category } : filter;
          const got = periodTechCounts(db, { filter: f, grain });
          expect(got.source).toBe('aggregates');
          const want = scan(db, grain, since, until, category);
          expect(sorted(got.counts)).toEqual(want.counts);
          expect(sorted(got.totals)).toEqual(want.totals);
        }
      }
      const top = topTechnologies(db, filter, 50);
      const want = scan(db, 'all', since, until).counts as { tech: string; count: number }[];
      expect(top.rows.map((r) => [r.tech, r.count]).sort()).toEqual(want.map((r) => [r.tech, r.count]).sort());
      expect(countPostings(db, filter)).toBe(top.total);
    }
  }

  it('equals distinct job keys over postings after merges', () => {
    expectMatchesScan();
  });

  it('still does after re-keys, changed ads moving month, re-tags and deletes', () => {
    const ids = db.prepare('SELECT id FROM postings ORDER BY id').pluck().all() as number[];
    // Un-merge some postings and merge others elsewhere.
    const setKey = db.prepare('UPDATE postings SET job_key = ? WHERE id = ?');
    for (let i = 0; i < 30; i++) setKey.run(`hn:solo-${i}`, ids[Math.floor(rand() * ids.length)]!);
    for (let i = 0; i < 30; i++) setKey.run(`hn:solo-${i % 5}`, ids[Math.floor(rand() * ids.length)]!);
    // A changed ad (new text, new month) through the store.
    const changed = corpusPostings(5, 31).map((p) => {
      const text = `${p.text}\nWe also use Rust and Haskell.`;
      return { ...p, text, contentHash: `changed-${p.externalId}`, postedMonth: '2024-11', postedAt: '2024-11-02T00:00:00Z' };
    });
    store.savePostings(changed.map((posting) => ({ posting, tagVersion: 'tax-v1', mentions: literalMentions(posting.text) })), '2025-01-01T00:00:00.000Z');
    // Re-tags that drop every technology of some postings.
    store.replaceMentionsBatch(ids.slice(40, 60).map((postingId) => ({ postingId, mentions: [] })), 'tax-v2');
    // Deletes (cascading to their repeats; the rest of each job is recomputed).
    const del = db.prepare('DELETE FROM postings WHERE id = ?');
    for (const id of ids.slice(100, 115)) del.run(id);
    expectMatchesScan();
  });

  it('the repeats query reads the job_repeat_counts summary alone, never job_repeats, postings or posting_tech', () => {
    for (const grain of ['month', 'year', 'all'] as const) {
      const query = jobRepeatsSql({ filter: { since: '2024-01', until: '2024-12' }, grain });
      expect(query.text).toMatch(/FROM job_repeat_counts jr/);
      const plan = explainQueryPlan(db, query);
      // One table (aliased jr), read in its key order (tech, month, prev_month); nothing else is touched.
      expect(plan.filter((line) => /^(SCAN|SEARCH) /.test(line))).toEqual(['SCAN jr']);
    }
  });
});

describe('migration 003 on a database written before it', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('moves mentions into their posting rows in text order and back-fills the repeats of merged jobs', async () => {
    const { default: Sqlite } = await import('better-sqlite3');
    const { loadMigrations, migrate } = await import('../../db/migrate.js');
    const path = join(tmp.dir, 'v2.db');
    const old = new Sqlite(path);
    migrate(old, loadMigrations().slice(0, 2));
    const insert = old.prepare(`
      INSERT INTO postings (source, external_id, posted_month, posted_at, first_seen, last_seen, content_hash, job_key, tagged_version, text)
      VALUES ('hn', ?, ?, ?, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', ?, ?, 'v1', 'Go and Postgres, Go.')`);
    insert.run('1', '2024-01', '2024-01-05', 'h1', 'hn:1');
    insert.run('2', '2024-02', '2024-02-05', 'h2', 'hn:1');
    insert.run('3', '2024-03', '2024-03-05', 'h3', 'hn:3');
    const mention = old.prepare('INSERT INTO mentions (posting_id, tech, text, offset, length, strength, rule) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const pt = old.prepare('INSERT INTO posting_tech (posting_id, tech, strength, posted_month, source) VALUES (?, ?, ?, ?, ?)');
    for (const [id, month] of [[1, '2024-01'], [2, '2024-02'], [3, '2024-03']] as const) {
      // Inserted out of text order on purpose.
      mention.run(id, 'go', 'Go', 15, 2, 'mentioned', 'alias:strong');
      mention.run(id, 'postgresql', 'Postgres', 7, 8, 'required', 'alias:strong');
      mention.run(id, 'go', 'Go', 0, 2, 'required', 'alias:strong');
      pt.run(id, 'go', 'required', month, 'hn');
      pt.run(id, 'postgresql', 'required', month, 'hn');
    }
    old.close();

    const db = openDatabase(path);
    try {
      expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'mentions'").pluck().get()).toBe(0);
      expect(JSON.parse(db.prepare('SELECT mentions FROM postings WHERE id = 1').pluck().get() as string)).toEqual([
        ['go', 0, 2, 'required', 'alias:strong', 'Go'],
        ['postgresql', 7, 8, 'required', 'alias:strong', 'Postgres'],
        ['go', 15, 2, 'mentioned', 'alias:strong', 'Go'],
      ]);
      expect(db.prepare('SELECT posting_id, tech, month, prev_month FROM job_repeats ORDER BY 1, 2').all()).toEqual([
        { posting_id: 2, tech: '', month: '2024-02', prev_month: '2024-01' },
        { posting_id: 2, tech: 'go', month: '2024-02', prev_month: '2024-01' },
        { posting_id: 2, tech: 'postgresql', month: '2024-02', prev_month: '2024-01' },
      ]);
      expect(topTechnologies(db, {}, 5).rows.map((r) => [r.tech, r.count])).toEqual([['go', 2], ['postgresql', 2]]);
      expect(topTechnologies(db, { since: '2024-02' }, 5).rows.map((r) => [r.tech, r.count])).toEqual([['go', 2], ['postgresql', 2]]);
      expect(countPostings(db, { until: '2024-02' })).toBe(1);
    } finally {
      db.close();
    }
  });
});
