// Tagging on worker threads must store exactly what in-line tagging stores: same postings, mentions and counts,
// in source order. Real corpus ads, real SQLite, the compiled worker (dist/src/tag-worker.js, built by npm test).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { ingestSource } from '../../src/pipeline.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';
import type { RawPosting, Source } from '../../src/core/types.js';
import { corpusPostings, tempDir } from './db-fixtures.js';
import { REPO_ROOT } from './run-helpers.js';

const { TagPool } = (await import(join(REPO_ROOT, 'dist', 'src', 'tag-pool.js'))) as typeof import('../../src/tag-pool.js');

// Some ads carry their HTML beside the text (the pool does not ship it), some only HTML (the text comes from it).
const raws: RawPosting[] = corpusPostings(640, 11).map((p, i) => ({
  source: 'hn',
  externalId: p.externalId,
  text: i % 5 === 0 && p.html ? '' : p.text,
  html: i % 2 === 0 ? p.html : null,
  postedAt: p.postedAt,
  company: p.company,
}));
// A repeated ad (pagination overlap) must still be stored once.
raws.splice(300, 0, raws[10]!);
const source: Source = {
  name: 'hn',
  async *fetch() {
    yield* raws;
  },
};

function dump(path: string) {
  const db = openDatabase(path);
  try {
    return {
      postings: db.prepare('SELECT id, external_id, posted_month, text, html, content_hash, mentions, tagged_version FROM postings ORDER BY id').all(),
      months: db.prepare('SELECT * FROM posting_months ORDER BY posting_id, month').all(),
      postingTech: db.prepare('SELECT * FROM posting_tech ORDER BY posting_id, tech').all(),
      monthly: db.prepare('SELECT * FROM monthly_tech ORDER BY month, source, tech').all(),
      totals: db.prepare('SELECT * FROM monthly_totals ORDER BY month, source').all(),
    };
  } finally {
    db.close();
  }
}

describe('tag pool', () => {
  const tmp = tempDir('techdemand-pool-');
  afterAll(() => tmp.cleanup());
  const taxonomy = loadTaxonomy();
  const tagger = compileTagger(taxonomy);
  const seenAt = new Date('2026-11-01T00:00:00Z');

  async function ingest(file: string, workers: number) {
    const db = openDatabase(join(tmp.dir, file));
    const store = new Store(db);
    const pool = workers > 0 ? await TagPool.start({ workers }) : undefined;
    try {
      return await ingestSource({ source, ctx: {}, tagger, store, seenAt, batchSize: 64, ...(pool ? { tagPool: pool } : {}) });
    } finally {
      await pool?.close();
      db.close();
    }
  }

  it('stores exactly what in-line tagging stores, in source order', async () => {
    const inline = await ingest('inline.db', 0);
    const pooled = await ingest('pooled.db', 2);
    expect(inline.status).toBe('ok');
    const unique = raws.length - 1;
    expect(unique).toBeGreaterThan(600);
    expect(pooled).toMatchObject({ status: 'ok', seen: unique, new: unique });
    expect(pooled.seen).toBe(inline.seen);
    const a = dump(join(tmp.dir, 'inline.db'));
    const b = dump(join(tmp.dir, 'pooled.db'));
    expect(b.postings.length).toBe(unique);
    expect(b).toEqual(a);
  });

  it('refuses a pool whose taxonomy differs from the tagger', async () => {
    const pool = await TagPool.start({ workers: 1 });
    const db = openDatabase(join(tmp.dir, 'mismatch.db'));
    try {
      await expect(ingestSource({ source, ctx: {}, tagger: { ...tagger, version: 'other', tag: tagger.tag.bind(tagger) }, store: new Store(db), tagPool: pool })).rejects.toThrow(
        /tag pool uses taxonomy .* the tagger other/,
      );
    } finally {
      await pool.close();
      db.close();
    }
  });
});
