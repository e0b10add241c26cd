// The ATS sources as the rest of techdemand sees them: built by name through scrapers/registry.ts,
// read from the mock through the real shared HTTP client, normalised by src/normalize.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { normalizePosting } from '../../src/normalize.js';
import { ATS_SOURCE_NAMES, atsHostPolicy, atsOptionsFrom, ATS_POLITENESS } from '../../scrapers/ats/index.js';
import { createSource, sourceNames } from '../../scrapers/registry.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { collect, testHttpClient } from '../fixtures/ats/harness.js';

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

const BOARDS: Record<(typeof ATS_SOURCE_NAMES)[number], { board: string; count: number }> = {
  greenhouse: { board: 'vercel', count: 2 },
  lever: { board: 'spotify', count: 2 },
  ashby: { board: 'linear', count: 2 },
  smartrecruiters: { board: 'Ubisoft2', count: 2 },
  recruitee: { board: 'channable', count: 1 },
  workable: { board: 'example-robotics', count: 2 },
};

describe('ATS sources through the registry', () => {
  it('registers all six by name', () => {
    expect(sourceNames()).toEqual(expect.arrayContaining([...ATS_SOURCE_NAMES]));
  });

  it.each(ATS_SOURCE_NAMES.map((n) => [n]))('%s: builds by name and yields postings that normalise to dated text', async (name) => {
    const { board, count } = BOARDS[name];
    const baseUrl = name === 'recruitee' ? mock.recruiteeBaseUrl : mock.url;
    const source = createSource(name, { board, baseUrl });
    expect(source.name).toBe(name);
    const raws = await collect(source, { http: testHttpClient() });
    expect(raws).toHaveLength(count);
    const seenAt = new Date('2030-01-01T00:00:00Z');
    for (const raw of raws) {
      expect(raw.source).toBe(name);
      expect(raw.externalId.startsWith(`${board}:`)).toBe(true);
      expect(raw.meta?.board).toBe(board);
      const posting = normalizePosting(raw, seenAt);
      // Every recorded posting has a body and a publication date of its own (not the seen-at fallback).
      expect(posting.text.length).toBeGreaterThan(40);
      expect(posting.text).not.toMatch(/<[a-z][^>]*>|&lt;|&amp;/i);
      expect(posting.postedMonth).not.toBe('2030-01');
      expect(posting.url).toMatch(/^https:\/\//);
      expect(posting.title).not.toBeNull();
    }
    // Two boards of one source never clash: ids are namespaced by board.
    expect(new Set(raws.map((r) => r.externalId)).size).toBe(raws.length);
  });

  it.each(ATS_SOURCE_NAMES.map((n) => [n]))('%s without a board is a UsageError', (name) => {
    expect(() => createSource(name, {})).toThrow(UsageError);
    expect(() => createSource(name, { board: '  ' })).toThrow(/needs a board/);
  });

  it('rejects option values of the wrong type', () => {
    expect(() => atsOptionsFrom({ board: 42 })).toThrow(/"board" must be a string/);
    expect(() => atsOptionsFrom({ board: 'x', region: 'apac' })).toThrow(/"region" must be "us" or "eu"/);
    expect(atsOptionsFrom({ board: 'x', baseUrl: undefined, months: 3 })).toEqual({ board: 'x' });
  });
});

describe('ATS politeness for the HTTP client', () => {
  it('names the real host each configured source talks to', () => {
    expect(atsHostPolicy('greenhouse', { board: 'vercel' }).host).toBe('boards-api.greenhouse.io');
    expect(atsHostPolicy('lever', { board: 'x', region: 'eu' }).host).toBe('api.eu.lever.co');
    expect(atsHostPolicy('lever', { board: 'x' }).host).toBe('api.lever.co');
    expect(atsHostPolicy('recruitee', { board: 'Channable' }).host).toBe('channable.recruitee.com');
    expect(atsHostPolicy('workable', { board: 'x' })).toEqual({ host: 'apply.workable.com', ...pick(ATS_POLITENESS.workable) });
    expect(atsHostPolicy('recruitee', { board: 'channable', baseUrl: 'http://127.0.0.1:8123/recruitee/{slug}' }).host).toBe('127.0.0.1:8123');
  });

  it('every source is polite by default: one request at a time, at least 500 ms apart', () => {
    for (const p of Object.values(ATS_POLITENESS)) {
      expect(p.concurrency).toBe(1);
      expect(p.minIntervalMs).toBeGreaterThanOrEqual(500);
      expect(p.timeoutMs).toBeGreaterThan(0);
    }
  });
});

function pick(p: { minIntervalMs: number; concurrency: number; timeoutMs: number }) {
  return { concurrency: p.concurrency, minIntervalMs: p.minIntervalMs, timeoutMs: p.timeoutMs };
}
