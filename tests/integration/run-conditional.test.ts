// Running twice against unchanged mocks: the second run sends only conditional requests (the validator cache is
// persisted next to the database between the two runs, which are two separate HTTP clients), every one answered
// 304, and it stores nothing new. Terms-limited boards are skipped the second time unless forced.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig, type RunConfig } from '../../src/config.js';
import { runAll, type RunResult } from '../../src/run.js';
import { FAST_HTTP, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

describe('a second run against unchanged sources', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'td.db');
  let mocks: Mocks;
  let config: RunConfig;
  let first: RunResult;
  let second: RunResult;
  const logStart = { ats: 0, boards: 0, hn: 0 };
  let postingsAfterFirst: unknown[];

  const snapshotPostings = () => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      return db.prepare('SELECT source, external_id, content_hash, first_seen, closed_at, job_key, roles FROM postings ORDER BY id').all();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    mocks = await startMocks();
    config = parseConfig(mockConfigYaml(mocks, { db: dbPath }), join(tmp.dir, 'techdemand.config.yaml'));
    first = await runAll({ config, dbPath, http: FAST_HTTP, report: null });
    postingsAfterFirst = snapshotPostings();
    logStart.ats = mocks.ats.requestLog.length;
    logStart.boards = mocks.boards.requestLog.length;
    logStart.hn = mocks.hn.log.length;
    second = await runAll({ config, dbPath, http: FAST_HTTP, report: null, force: true });
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('the first run stored everything and persisted the validators', () => {
    expect(first.exitCode).toBe(0);
    expect(first.units.every((u) => u.status === 'ok' && u.new > 0)).toBe(true);
    const cache = JSON.parse(readFileSync(`${dbPath}.http-cache.json`, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries).length).toBeGreaterThan(15);
  });

  it('the second run makes only conditional requests, each answered 304', () => {
    const ats = mocks.ats.requestLog.slice(logStart.ats);
    // robots.txt is fetched fresh by every client (it is a policy check, not a document we store).
    const boards = mocks.boards.requestLog.slice(logStart.boards).filter((r) => r.path !== '/robots.txt');
    const hn = mocks.hn.log.slice(logStart.hn);
    expect(ats.length).toBeGreaterThan(5);
    expect(boards.length).toBeGreaterThan(5);
    expect(hn.length).toBeGreaterThan(0);
    for (const r of [...ats, ...boards]) {
      expect(r.ifNoneMatch ?? r.ifModifiedSince, r.path).not.toBeNull();
      expect(r.status, r.path).toBe(304);
    }
    // The HN replay logs statuses only: a 304 is the answer to a matching If-None-Match.
    expect(hn.map((r) => r.status)).toEqual(hn.map(() => 304));
    expect(second.units.every((u) => u.notModified === u.requests - (u.unit === 'careers' ? 1 : 0))).toBe(true);
  });

  it('and stores nothing new: same postings, nothing updated or closed, only last_seen moved', () => {
    expect(second.exitCode).toBe(0);
    for (const u of second.units) {
      expect(u, u.unit).toMatchObject({ status: 'ok', new: 0, updated: 0, closed: 0 });
      expect(u.unchanged, u.unit).toBe(u.seen);
      expect(u.seen, u.unit).toBe(first.units.find((f) => f.unit === u.unit)!.seen);
    }
    expect(snapshotPostings()).toEqual(postingsAfterFirst);
  });

  it('without --force, boards whose terms limit syncs are skipped until due, and the skip is not a sync', async () => {
    const third = await runAll({ config, dbPath, http: FAST_HTTP, report: null });
    const skipped = third.units.filter((u) => u.status === 'skipped').map((u) => u.unit).sort();
    expect(skipped).toEqual(['arbeitnow', 'himalayas', 'jobicy', 'remoteok', 'remotive', 'weworkremotely']);
    expect(third.units.find((u) => u.unit === 'remotive')!.message).toMatch(/not due: last synced \d+ min ago, and remotive asks for at most one sync every 6 h/);
    expect(third.exitCode).toBe(0);
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const sources = db.prepare('SELECT source FROM run_sources WHERE run_id = ? ORDER BY source').pluck().all(third.runId);
      expect(sources).not.toContain('remotive');
      expect(sources).toContain('hn');
    } finally {
      db.close();
    }
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
  });
});
