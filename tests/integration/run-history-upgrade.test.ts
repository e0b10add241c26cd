// A database written before migration 002 (by `scrape` or `demo` of an older build) is upgraded in place: months of
// openness are back-filled from first_seen / last_seen, and the next run classifies and deduplicates its postings.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open.js';
import { History } from '../../db/history.js';
import { historyCores } from '../../src/run.js';
import { normalizePosting } from '../../src/normalize.js';
import type { Posting } from '../../src/core/types.js';
import { REPO_ROOT, tempDir } from './run-helpers.js';

interface HnAd {
  id: string;
  posted_at: string;
  html: string | null;
  text: string | null;
}

const ads = readFileSync(resolve(REPO_ROOT, '../shared/corpus/hn-whoishiring-2026/postings.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as HnAd)
  .filter((a) => a.text !== null)
  .slice(0, 40);

function posting(source: string, ad: HnAd, externalId = ad.id): Posting {
  return normalizePosting({ source, externalId, postedAt: ad.posted_at, text: ad.text!, company: source === 'hn' ? null : 'Acme', title: null });
}

describe('upgrading a database written before 002_history', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'old.db');
  afterAll(() => tmp.cleanup());

  it('back-fills months of openness, and the next run classifies and deduplicates every posting', () => {
    // Schema version 1 only, written by the store as an older build would.
    const old = new Sqlite(path);
    migrate(old, loadMigrations().slice(0, 1));
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    // The rows an older build's store wrote (no mentions: an untagged posting has no posting_tech rows); the
    // current Store cannot write a version-1 schema, so plain INSERTs stand in for it.
    const insert = old.prepare(`
      INSERT INTO postings (source, external_id, posted_month, posted_at, first_seen, last_seen, company, title,
                            content_hash, job_key, tagged_version, text)
      VALUES (@source, @externalId, @postedMonth, @postedAt, @firstSeen, @lastSeen, @company, @title,
              @contentHash, @source || ':' || @externalId, 'v0', @text)`);
    const save = (p: Posting, firstSeen: string, lastSeen: string) =>
      insert.run({ ...p, company: p.company ?? null, title: p.title ?? null, firstSeen, lastSeen });
    const jan = '2026-01-05T10:00:00.000Z';
    const mar = '2026-03-05T10:00:00.000Z';
    for (const a of ads.slice(0, 30)) save(posting('hn', a), jan, jan);
    // Listings seen again in March; the same ad stored twice under two ids (a repost): dedup must join them.
    for (const a of ads.slice(30, 33)) save(posting('lever', a, `acme:${a.id}`), jan, mar);
    save(posting('lever', ads[30]!, 'acme:copy'), jan, mar);
    old.close();

    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
      const months = (ext: string) =>
        db.prepare('SELECT pm.month FROM posting_months pm JOIN postings p ON p.id = pm.posting_id WHERE p.external_id = ? ORDER BY 1').pluck().all(ext);
      expect(months(`acme:${ads[31]!.id}`)).toEqual(['2026-01', '2026-02', '2026-03']);
      expect(months(ads[0]!.id)).toEqual([ads[0]!.posted_at.slice(0, 7)]);
      expect(db.prepare('SELECT count(*) FROM postings WHERE roles IS NULL').pluck().get()).toBe(34);

      const stats = new History(db, historyCores).indexPendingAll(7);
      expect(stats.indexed).toBe(34);
      expect(stats.merged).toBeGreaterThanOrEqual(1);
      expect(db.prepare('SELECT count(*) FROM postings WHERE roles IS NULL').pluck().get()).toBe(0);
      const keys = db.prepare('SELECT external_id, job_key FROM postings WHERE source = ? ORDER BY id').all('lever') as { external_id: string; job_key: string }[];
      expect(keys.find((k) => k.external_id === 'acme:copy')!.job_key).toBe(`lever:acme:${ads[30]!.id}`);
      // Nothing left to do: a second pass indexes nothing.
      expect(new History(db, historyCores).indexPendingAll()).toEqual({ indexed: 0, merged: 0 });
    } finally {
      db.close();
    }
  });
});
