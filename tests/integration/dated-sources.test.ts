// Which sources are a dated record is data (migration 006), declared by the source descriptors: an ad of a dated
// source counts in its posted month, and moves with it; a listing's ad counts from the month it was first seen and
// gains months as later runs see it. Real ads, the real engine, checked in posting_months.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { openCollectionStorage } from '../../src/storage.js';
import { descriptors } from '../../scrapers/registry.js';
import { TAXONOMY, corpusPostings, tagged, tempDir } from './db-fixtures.js';

const tmp = tempDir('techdemand-dated-');
afterAll(() => tmp.cleanup());

function monthsOf(file: string, source: string): Map<string, string[]> {
  const db = new Sqlite(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT p.external_id AS id, pm.month AS month FROM posting_months pm JOIN postings p ON p.id = pm.posting_id WHERE p.source = ? ORDER BY 1, 2')
      .all(source) as { id: string; month: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), r.month]);
    return out;
  } finally {
    db.close();
  }
}

describe('dated-record sources come from the descriptors', () => {
  it('the registry declares HN, and only HN, as a dated record', () => {
    expect(descriptors.filter((d) => d.family === 'thread').map((d) => d.name)).toEqual(['hn']);
  });

  it('a newly declared dated source counts in its posted month; a listing in the months it was seen open', async () => {
    const file = join(tmp.dir, 'dated.db');
    const storage = await openCollectionStorage(file, { datedSources: ['threads'] });
    try {
      await storage.syncTaxonomy(TAXONOMY, 'tax-v1');
      const ads = corpusPostings(6, 131);
      const as = (source: string) => tagged(ads.map((p) => ({ ...p, source })));
      await storage.saveBatch(as('threads'), '2026-03-10T00:00:00.000Z');
      await storage.saveBatch(as('listing'), '2026-03-10T00:00:00.000Z');
      // Seen again two months later: only the listing gains months.
      await storage.saveBatch(as('threads'), '2026-05-02T00:00:00.000Z');
      await storage.saveBatch(as('listing'), '2026-05-02T00:00:00.000Z');
    } finally {
      await storage.close();
    }
    const threads = monthsOf(file, 'threads');
    const listing = monthsOf(file, 'listing');
    const ads = corpusPostings(6, 131);
    for (const p of ads) {
      expect(threads.get(p.externalId), p.externalId).toEqual([p.postedMonth]);
      expect(listing.get(p.externalId), p.externalId).toEqual(['2026-03', '2026-04', '2026-05']);
    }
    // HN stays a dated record in every database, whoever opens it (seeded by the migration).
    const db = new Sqlite(file, { readonly: true });
    try {
      expect(db.prepare('SELECT source FROM dated_sources ORDER BY 1').pluck().all()).toEqual(['hn', 'threads']);
    } finally {
      db.close();
    }
  });
});
