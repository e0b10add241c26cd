// A failing store stops the run: it is not counted as a source's error. The real SQLite engine is wrapped so its
// second batch write throws the error a full disk gives (a DatabaseError); the sources are the local mocks.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig, type RunConfig } from '../../src/config.js';
import { runAll, type RunEvent } from '../../src/run.js';
import { openCollectionStorage } from '../../src/storage.js';
import { DatabaseError } from '../../src/core/errors.js';
import type { CollectionStorage } from '../../src/core/storage.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { FAST_HTTP, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

/** The real engine, whose saveBatch fails from the `failAt`-th call on. */
async function failingStorage(location: string, failAt: number): Promise<CollectionStorage> {
  const real = await openCollectionStorage(location);
  let calls = 0;
  const saveBatch: CollectionStorage['saveBatch'] = async (batch, seenAt) => {
    if (++calls >= failAt) throw new DatabaseError(`cannot write ${location}: database or disk is full`);
    return real.saveBatch(batch, seenAt);
  };
  return new Proxy(real, {
    get(target, key) {
      if (key === 'saveBatch') return saveBatch;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a failing store stops the run', () => {
  const tmp = tempDir();
  let mocks: Mocks;
  let config: RunConfig;

  beforeAll(async () => {
    mocks = await startMocks({ atsFixtures: loadAtsFixtures() });
    const yaml = mockConfigYaml(mocks, { db: join(tmp.dir, 'unused.db'), without: ['lever', 'ashby', 'smartrecruiters', 'recruitee', 'workable', 'remoteok', 'weworkremotely', 'himalayas', 'jobicy', 'careers'] });
    config = parseConfig(yaml, join(tmp.dir, 'c.yaml'));
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('throws the store error, records the run as failed, and blames no source', async () => {
    const dbPath = join(tmp.dir, 'full.db');
    const events: RunEvent[] = [];
    await expect(
      runAll({ config, dbPath, http: FAST_HTTP, report: null, concurrency: 1, openStorage: (loc) => failingStorage(loc, 2), onEvent: (e) => events.push(e) }),
    ).rejects.toThrow(/database or disk is full/);
    // No unit reported the store's failure as its own error (a source error would be counted by kind).
    const sourceEvents = events.filter((e): e is Extract<RunEvent, { event: 'source' }> => e.event === 'source');
    for (const e of sourceEvents) expect(e.errors).toEqual({});
    // The units after the failure never ran.
    expect(sourceEvents.length).toBeLessThan(config.sources.filter((s) => s.enabled).length + 1);
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const run = db.prepare('SELECT status, ended_at FROM runs ORDER BY id DESC LIMIT 1').get() as { status: string; ended_at: string | null };
      expect(run.status).toBe('failed');
      expect(run.ended_at).not.toBeNull();
      // What the first batch stored stays stored.
      expect((db.prepare('SELECT COUNT(*) AS n FROM postings').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('leaves the writer place free afterwards: the next run succeeds on the same database', async () => {
    const dbPath = join(tmp.dir, 'full.db');
    const r = await runAll({ config, dbPath, http: FAST_HTTP, report: null });
    expect(r.status).toBe('ok');
    expect(r.units.every((u) => u.status === 'ok')).toBe(true);
  });
});
