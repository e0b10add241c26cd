// The store on real SQLite files with real HN ads: migrations, idempotent saves, replacement of changed ads,
// aggregates that always equal a recount from mentions, atomic batches, closing, runs, taxonomy sync.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/open.js';
import { loadMigrations } from '../../db/migrate.js';
import { Store, prepareMentions } from '../../db/store.js';
import { runsList, listTechnologies, relatedTechnologies } from '../../db/queries.js';
import { InputError } from '../../src/core/errors.js';
import type { Posting } from '../../src/core/types.js';
import { TAXONOMY, contentHash, corpusPostings, literalMentions, snapshot, tagged, tempDir } from './db-fixtures.js';

/** The aggregates recomputed from scratch from each posting's mentions (best strength per tech) and postings. */
function recount(db: Database): { tech: unknown[]; totals: unknown[]; postingTech: unknown[] } {
  const best = `
    SELECT m.posting_id, m.tech,
           CASE max(CASE m.strength WHEN 'required' THEN 3 WHEN 'preferred' THEN 2 ELSE 1 END)
             WHEN 3 THEN 'required' WHEN 2 THEN 'preferred' ELSE 'mentioned' END AS strength
      FROM (SELECT p.id AS posting_id, j.value ->> 0 AS tech, j.value ->> 3 AS strength
              FROM postings p, json_each(p.mentions) j) m
     GROUP BY m.posting_id, m.tech`;
  return {
    postingTech: db
      .prepare(
        `SELECT b.posting_id, b.tech, b.strength, p.posted_month, p.source
           FROM (${best}) b JOIN postings p ON p.id = b.posting_id ORDER BY b.posting_id, b.tech`,
      )
      .all(),
    tech: db
      .prepare(
        `SELECT p.posted_month AS month, p.source, b.tech, count(*) AS postings, sum(b.strength = 'required') AS required
           FROM (${best}) b JOIN postings p ON p.id = b.posting_id
          GROUP BY p.posted_month, p.source, b.tech ORDER BY month, source, tech`,
      )
      .all(),
    totals: db
      .prepare('SELECT posted_month AS month, source, count(*) AS postings FROM postings GROUP BY 1, 2 ORDER BY 1, 2')
      .all(),
  };
}

function expectAggregatesConsistent(db: Database): void {
  const expected = recount(db);
  expect(db.prepare('SELECT * FROM posting_tech ORDER BY posting_id, tech').all()).toEqual(expected.postingTech);
  expect(db.prepare('SELECT * FROM monthly_tech ORDER BY month, source, tech').all()).toEqual(expected.tech);
  expect(db.prepare('SELECT * FROM monthly_totals ORDER BY month, source').all()).toEqual(expected.totals);
}

function edited(p: Posting, extra: string): Posting {
  const text = `${p.text}\n\n${extra}`;
  return { ...p, text, contentHash: contentHash(text) };
}

describe('db store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Database;
  let store: Store;

  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'td.db'));
    store = new Store(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    tmp.cleanup();
  });

  it('migrations create the schema and set user_version', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
    // Later migrations add tables; these are the ones 001 creates.
    expect(tables).toEqual(expect.arrayContaining([
      'monthly_tech',
      'monthly_totals',
      'posting_tech',
      'postings',
      'run_sources',
      'runs',
      'tech_relations',
      'technologies',
    ]));
    const postingColumns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('postings') as string[]).sort();
    expect(postingColumns).toEqual(
      expect.arrayContaining([
        'id', 'source', 'external_id', 'url', 'company', 'title', 'location', 'remote', 'posted_at', 'posted_month',
        'first_seen', 'last_seen', 'closed_at', 'text', 'html', 'content_hash', 'job_key', 'roles', 'meta',
        'tagged_version', 'mentions',
      ]),
    );
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").pluck().all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'postings_by_source_external',
        'postings_by_month_source',
        'postings_by_job_key',
        'posting_tech_by_tech_month',
        'monthly_tech_by_tech_month',
      ]),
    );
    // Re-opening an up-to-date database applies nothing and keeps the data.
    store.savePostings(tagged(corpusPostings(3)), '2024-01-01T00:00:00.000Z');
    const path = db.name;
    db.close();
    db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.prepare('SELECT count(*) FROM postings').pluck().get()).toBe(3);
  });

  it('saves real ads with their mentions, and re-saving the same batch changes nothing', () => {
    const batch = tagged(corpusPostings(40));
    const mentionCount = batch.reduce((n, b) => n + b.mentions.length, 0);
    expect(mentionCount).toBeGreaterThan(20);
    expect(store.savePostings(batch, '2024-01-01T00:00:00.000Z')).toEqual({ new: 40, updated: 0, unchanged: 0, retagged: 0 });
    expect(db.prepare('SELECT sum(json_array_length(mentions)) FROM postings').pluck().get()).toBe(mentionCount);
    expectAggregatesConsistent(db);

    const before = snapshot(db, ['last_seen']);
    expect(store.savePostings(batch, '2024-02-01T00:00:00.000Z')).toEqual({ new: 0, updated: 0, unchanged: 40, retagged: 0 });
    expect(snapshot(db, ['last_seen'])).toEqual(before);
    expect(db.prepare('SELECT DISTINCT last_seen FROM postings').pluck().all()).toEqual(['2024-02-01T00:00:00.000Z']);
    expect(db.prepare('SELECT DISTINCT first_seen FROM postings').pluck().all()).toEqual(['2024-01-01T00:00:00.000Z']);

    // A stored posting reads back exactly as it was given, except its HTML, which is not kept (db/store.ts).
    const p = batch[0]!.posting;
    expect(p.html).toEqual(expect.any(String));
    const row = db.prepare('SELECT * FROM postings WHERE source = ? AND external_id = ?').get(p.source, p.externalId) as Record<string, unknown>;
    expect(row).toMatchObject({
      url: p.url,
      text: p.text,
      html: null,
      posted_month: p.postedMonth,
      content_hash: p.contentHash,
      job_key: `hn:${p.externalId}`,
      tagged_version: 'tax-v1',
      closed_at: null,
    });
    expect(JSON.parse(row.meta as string)).toEqual(p.meta);
  });

  it('a changed ad replaces its content and mentions and moves the counts', () => {
    const postings = corpusPostings(20);
    store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
    const target = postings.find((p) => !/haskell/i.test(p.text))!;
    const changed = edited(target, 'Requirements: experience with Haskell and Docker.');
    // Moving it to another month must move both the totals and the technology counts.
    changed.postedMonth = '2019-01';
    changed.postedAt = '2019-01-01';
    const result = store.savePostings(
      [{ posting: changed, tagVersion: 'tax-v1', mentions: literalMentions(changed.text) }],
      '2024-01-02T00:00:00.000Z',
    );
    expect(result).toEqual({ new: 0, updated: 1, unchanged: 0, retagged: 0 });
    const id = db.prepare('SELECT id FROM postings WHERE external_id = ?').pluck().get(target.externalId) as number;
    const stored = db
      .prepare(
        `SELECT j.value ->> 0 AS tech, j.value ->> 5 AS text, j.value ->> 1 AS offset, j.value ->> 3 AS strength
           FROM postings p, json_each(p.mentions) j WHERE p.id = ? ORDER BY j.key`,
      )
      .all(id) as {
      tech: string;
      text: string;
      offset: number;
    }[];
    expect(stored).toEqual(
      literalMentions(changed.text).map((m) => ({ tech: m.tech, text: m.text, offset: m.offset, strength: m.strength })),
    );
    expect(stored.filter((m) => m.tech === 'haskell')).toHaveLength(1);
    for (const m of stored) expect(changed.text.slice(m.offset, m.offset + m.text.length)).toBe(m.text);
    expect(db.prepare('SELECT postings FROM monthly_tech WHERE month = ? AND tech = ?').pluck().get('2019-01', 'haskell')).toBe(1);
    expect(db.prepare('SELECT first_seen, last_seen FROM postings WHERE id = ?').get(id)).toEqual({
      first_seen: '2024-01-01T00:00:00.000Z',
      last_seen: '2024-01-02T00:00:00.000Z',
    });
    expectAggregatesConsistent(db);
  });

  it('keeps the aggregates equal to a recount through retagging, closing, deleting and duplicates in a batch', () => {
    const postings = corpusPostings(60, 53);
    store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
    expectAggregatesConsistent(db);

    // Same content under a new taxonomy version: mentions replaced, counted as unchanged + retagged.
    const retag = tagged(postings.slice(0, 10), 'tax-v2').map((b) => ({
      ...b,
      mentions: b.mentions.map((m) => ({ ...m, strength: 'required' as const })),
    }));
    expect(store.savePostings(retag, '2024-01-03T00:00:00.000Z')).toEqual({ new: 0, updated: 0, unchanged: 10, retagged: 10 });
    expectAggregatesConsistent(db);

    // Re-tag through replaceMentions: drop every mention of one posting.
    const firstId = db.prepare('SELECT min(id) FROM postings').pluck().get() as number;
    store.replaceMentions(firstId, [], 'tax-v3');
    expect(db.prepare('SELECT count(*) FROM posting_tech WHERE posting_id = ?').pluck().get(firstId)).toBe(0);
    expect(db.prepare('SELECT tagged_version FROM postings WHERE id = ?').pluck().get(firstId)).toBe('tax-v3');
    expectAggregatesConsistent(db);

    // The same ad twice in one batch, changed the second time.
    const twice = postings[20]!;
    const changed = edited(twice, 'Bonus: Scala or Scala.js');
    expect(
      store.savePostings(
        [
          { posting: twice, tagVersion: 'tax-v1', mentions: literalMentions(twice.text) },
          { posting: changed, tagVersion: 'tax-v1', mentions: literalMentions(changed.text) },
        ],
        '2024-01-04T00:00:00.000Z',
      ),
    ).toEqual({ new: 0, updated: 1, unchanged: 1, retagged: 0 });
    expectAggregatesConsistent(db);

    // Deleting a posting cascades to posting_tech, and the triggers follow.
    db.prepare('DELETE FROM postings WHERE id = ?').run(firstId + 5);
    expect(db.prepare('SELECT count(*) FROM posting_tech WHERE posting_id = ?').pluck().get(firstId + 5)).toBe(0);
    expectAggregatesConsistent(db);
  });

  it('a batch that fails midway leaves nothing of itself', () => {
    const postings = corpusPostings(30);
    store.savePostings(tagged(postings.slice(0, 20)), '2024-01-01T00:00:00.000Z');
    const before = snapshot(db);
    const good = tagged(postings.slice(20, 25));
    const changedOld = edited(postings[0]!, 'Now also MySQL.');
    const bad = tagged(postings.slice(25, 26));
    bad[0]!.mentions = [{ tech: 'python', text: 'Python', offset: 0, length: 6, strength: 'essential' as never, rule: 'x' }];
    const batch = [
      ...good,
      { posting: changedOld, tagVersion: 'tax-v1', mentions: literalMentions(changedOld.text) },
      ...bad,
      ...tagged(postings.slice(26)),
    ];
    expect(() => store.savePostings(batch, '2024-01-05T00:00:00.000Z')).toThrow(InputError);
    expect(() => store.savePostings(batch, '2024-01-05T00:00:00.000Z')).toThrow(/posting hn:\d+: mention 1: unknown strength "essential"/);
    expect(snapshot(db)).toEqual(before);

    // A failure inside the driver (a value SQLite cannot bind) after earlier rows were written rolls back too.
    const broken = tagged(postings.slice(20, 22));
    broken[1]!.posting = { ...broken[1]!.posting, company: { name: 'not a string' } as never };
    expect(() => store.savePostings(broken, '2024-01-05T00:00:00.000Z')).toThrow(TypeError);
    expect(snapshot(db)).toEqual(before);

    // And the store is still usable afterwards.
    expect(store.savePostings(good, '2024-01-06T00:00:00.000Z').new).toBe(5);
  });

  it('stores prepared mentions (from tagging threads) exactly as the mentions they were prepared from', () => {
    const postings = corpusPostings(40);
    const plain = tagged(postings);
    const other = openDatabase(join(tmp.dir, 'prepared.db'));
    try {
      const prepared = plain.map(({ posting, tagVersion, mentions }) => ({
        posting,
        tagVersion,
        prepared: prepareMentions(`posting ${posting.source}:${posting.externalId}`, mentions!),
      }));
      expect(new Store(other).savePostings(prepared, '2024-01-01T00:00:00.000Z').new).toBe(40);
      store.savePostings(plain, '2024-01-01T00:00:00.000Z');
      const dump = (d: Database) => ({
        postings: d.prepare('SELECT id, external_id, mentions, tagged_version FROM postings ORDER BY id').all(),
        tech: d.prepare('SELECT * FROM posting_tech ORDER BY posting_id, tech').all(),
        months: d.prepare('SELECT * FROM posting_months ORDER BY posting_id, month').all(),
        monthly: d.prepare('SELECT * FROM monthly_tech ORDER BY month, source, tech').all(),
      });
      expect(dump(other)).toEqual(dump(db));
      expectAggregatesConsistent(other);
      // prepareMentions checks what it encodes, so a bad mention fails on the tagging thread already.
      expect(() => prepareMentions('posting hn:1', [{ tech: '', text: 'x', offset: 0, length: 1, strength: 'required', rule: 'r' }])).toThrow(
        /posting hn:1: mention 1: tech must be a non-empty id/,
      );
      const p = postings[0]!;
      expect(() => store.savePostings([{ posting: { ...p, externalId: 'none' }, tagVersion: 'tax-v1' }], '2024-01-01T00:00:00.000Z')).toThrow(
        /posting hn:none: mentions are missing/,
      );
      expect(() => store.savePostings([{ ...plain[0]!, prepared: prepared[0]!.prepared }], '2024-01-01T00:00:00.000Z')).toThrow(
        /give mentions or prepared mentions, not both/,
      );
      // An unchanged ad is not re-encoded, but its mentions are still checked.
      const bad = { ...plain[1]!, mentions: [{ tech: 'go', text: 'Go', offset: -1, length: 2, strength: 'required' as const, rule: 'r' }] };
      expect(() => store.savePostings([bad], '2024-01-02T00:00:00.000Z')).toThrow(/mention 1: offset and length must be non-negative integers/);
      expect(() => openDatabase(join(tmp.dir, 'cache.db'), { cacheMb: 0 })).toThrow(/cache size must be 1\.\.65536 MiB, got 0/);
    } finally {
      other.close();
    }
  });

  it('gives each new posting its month of openness without a trigger: the thread month for hn, first seen otherwise', () => {
    // Migration 004 dropped the only INSERT trigger on postings (a trigger cost as much as the insert itself).
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'postings' AND sql LIKE '%AFTER INSERT%'").all()).toEqual([]);
    const [a, b] = corpusPostings(2);
    const listing: Posting = { ...b!, source: 'lever', externalId: 'acme:1', postedAt: '2023-05-02T00:00:00Z', postedMonth: '2023-05' };
    store.savePostings(tagged([a!, listing]), '2024-03-09T10:00:00.000Z');
    const months = db.prepare('SELECT p.source, pm.month, pm.source AS pmSource FROM posting_months pm JOIN postings p ON p.id = pm.posting_id ORDER BY p.id').all();
    expect(months).toEqual([
      { source: 'hn', month: a!.postedMonth, pmSource: 'hn' },
      { source: 'lever', month: '2024-03', pmSource: 'lever' },
    ]);
    // Seen again two months later: the listing gains the months in between (trigger posting_months_extend of 002).
    store.savePostings(tagged([a!, listing]), '2024-05-01T00:00:00.000Z');
    expect(db.prepare("SELECT month FROM posting_months pm JOIN postings p ON p.id = pm.posting_id WHERE p.source = 'lever' ORDER BY 1").pluck().all()).toEqual([
      '2024-03', '2024-04', '2024-05',
    ]);
  });

  it('closes ads a full scrape no longer sees, and reopens them when they come back', () => {
    const postings = corpusPostings(12);
    store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
    store.savePostings(tagged(postings.slice(0, 8)), '2024-02-01T00:00:00.000Z');
    expect(store.markClosed('hn', '2024-02-01T00:00:00.000Z')).toBe(4);
    expect(store.markClosed('other-source', '2024-02-01T00:00:00.000Z')).toBe(0);
    const closed = db.prepare('SELECT external_id FROM postings WHERE closed_at IS NOT NULL ORDER BY id').pluck().all();
    expect(closed).toEqual(postings.slice(8).map((p) => p.externalId));
    // Closing again changes nothing; closed ads still count in their month.
    expect(store.markClosed('hn', '2024-02-01T00:00:00.000Z')).toBe(0);
    expect(db.prepare('SELECT sum(postings) FROM monthly_totals').pluck().get()).toBe(12);
    // Timestamps in another ISO form are stored canonically, so text comparisons stay chronological.
    store.savePostings(tagged(postings.slice(8, 9)), '2024-03-01T01:00:00+01:00');
    expect(db.prepare('SELECT count(*) FROM postings WHERE closed_at IS NOT NULL').pluck().get()).toBe(3);
    store.savePostings(tagged(postings.slice(8, 9)), '2024-03-01T00:00:00Z');
    expect(db.prepare('SELECT last_seen FROM postings WHERE external_id = ?').pluck().get(postings[8]!.externalId)).toBe(
      '2024-03-01T00:00:00.000Z',
    );
    expect(() => store.savePostings([], 'yesterday')).toThrow(/seenAt must be an ISO timestamp, got "yesterday"/);
  });

  it('replaceMentionsBatch is all or nothing and refuses unknown postings', () => {
    store.savePostings(tagged(corpusPostings(5)), '2024-01-01T00:00:00.000Z');
    const ids = db.prepare('SELECT id FROM postings ORDER BY id').pluck().all() as number[];
    const before = snapshot(db);
    expect(() =>
      store.replaceMentionsBatch(
        [
          { postingId: ids[0]!, mentions: [] },
          { postingId: 999_999, mentions: [] },
        ],
        'tax-v2',
      ),
    ).toThrow(/posting 999999 does not exist/);
    expect(snapshot(db)).toEqual(before);
  });

  it('streams postings page by page while the caller re-tags them', () => {
    const postings = corpusPostings(23);
    store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
    const seen: string[] = [];
    for (const row of store.iteratePostings({ notTaggedWith: 'tax-v2', pageSize: 5 })) {
      seen.push(row.externalId);
      expect(row.text.length).toBeGreaterThan(0);
      // Writing between pages must not disturb the iteration.
      store.replaceMentions(row.id, literalMentions(row.text), 'tax-v2');
    }
    expect(seen).toEqual(postings.map((p) => p.externalId));
    expect([...store.iteratePostings({ notTaggedWith: 'tax-v2' })]).toEqual([]);
    expect([...store.iteratePostings({ source: 'hn', pageSize: 100 })]).toHaveLength(23);
    expectAggregatesConsistent(db);
  });

  it('records runs and marks runs of dead processes aborted', () => {
    const runId = store.startRun('scrape --source hn', 'tax-v1', '2024-01-01T00:00:00.000Z');
    store.finishRun(
      runId,
      'partial',
      [
        { source: 'hn', requests: 3, seen: 40, new: 38, updated: 1, unchanged: 1, closed: 0, errors: {}, durationMs: 1234.4, status: 'ok' },
        {
          source: 'greenhouse',
          requests: 2,
          seen: 0,
          new: 0,
          updated: 0,
          unchanged: 0,
          closed: 0,
          errors: { 'http-5xx': 2 },
          durationMs: 10,
          status: 'failed',
          message: 'HTTP 503 from boards-api.greenhouse.io',
        },
      ],
      '2024-01-01T00:05:00.000Z',
    );
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = store.startRun('scrape', 'tax-v1');
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(dead, orphan);
    const live = store.startRun('scrape', 'tax-v1');
    expect(store.markAbortedRuns()).toBe(1);
    expect(store.markAbortedRuns()).toBe(0);

    const runs = runsList(db, 10);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [live, 'running'],
      [orphan, 'aborted'],
      [runId, 'partial'],
    ]);
    expect(runs[1]!.endedAt).not.toBeNull();
    expect(runs[2]).toMatchObject({ startedAt: '2024-01-01T00:00:00.000Z', endedAt: '2024-01-01T00:05:00.000Z', command: 'scrape --source hn', taxonomyVersion: 'tax-v1', pid: process.pid });
    expect(runs[2]!.sources).toEqual([
      { source: 'greenhouse', requests: 2, seen: 0, new: 0, updated: 0, unchanged: 0, closed: 0, errors: { 'http-5xx': 2 }, durationMs: 10, status: 'failed', message: 'HTTP 503 from boards-api.greenhouse.io' },
      { source: 'hn', requests: 3, seen: 40, new: 38, updated: 1, unchanged: 1, closed: 0, errors: {}, durationMs: 1234, status: 'ok' },
    ]);
    expect(runsList(db, 1)).toHaveLength(1);
    expect(() => store.finishRun(12345, 'ok', [])).toThrow(/run 12345 does not exist/);
  });

  it('mirrors the taxonomy, dropping technologies that left it', () => {
    store.syncTaxonomy(TAXONOMY, 'tax-v1');
    expect(listTechnologies(db)).toHaveLength(TAXONOMY.length);
    expect(listTechnologies(db, 'database').map((t) => t.id)).toEqual(['mysql', 'postgresql']);
    expect(relatedTechnologies(db, 'javascript', 'implies')).toEqual(['nodejs', 'react']);
    const next = TAXONOMY.filter((t) => t.id !== 'react').map((t) => (t.id === 'docker' ? { ...t, category: 'containers' } : t));
    store.syncTaxonomy(next, 'tax-v2');
    expect(listTechnologies(db).map((t) => t.id)).not.toContain('react');
    expect(listTechnologies(db, 'containers')).toEqual([{ id: 'docker', name: 'Docker', category: 'containers', taxonomyVersion: 'tax-v2' }]);
    expect(relatedTechnologies(db, 'javascript', 'implies')).toEqual(['nodejs']);
  });

  it('stores hostile text verbatim: values are bound, never spliced into SQL', () => {
    const [p] = corpusPostings(1);
    const hostile = `'); DROP TABLE postings; --\n${p!.text}`;
    const posting: Posting = { ...p!, externalId: "1' OR '1'='1", company: 'Robert"); DELETE FROM mentions;--', text: hostile, contentHash: contentHash(hostile) };
    store.savePostings([{ posting, tagVersion: 'tax-v1', mentions: literalMentions(hostile) }], '2024-01-01T00:00:00.000Z');
    const row = db.prepare('SELECT external_id, company, text FROM postings').get();
    expect(row).toEqual({ external_id: "1' OR '1'='1", company: 'Robert"); DELETE FROM mentions;--', text: hostile });
  });
});
