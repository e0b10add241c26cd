// How the board sources fail and recover, against the boards mock through the real shared HTTP client:
// 429 with and without Retry-After, 5xx, a stalled response, a malformed body, error bodies, a page
// failing mid-walk, conditional requests (ETag / Last-Modified → 304), and refused connections.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRemotiveSource } from '../../scrapers/boards/remotive.js';
import { createRemoteOkSource } from '../../scrapers/boards/remoteok.js';
import { createArbeitnowSource } from '../../scrapers/boards/arbeitnow.js';
import { createWeWorkRemotelySource } from '../../scrapers/boards/weworkremotely.js';
import { createHimalayasSource } from '../../scrapers/boards/himalayas.js';
import { createJobicySource } from '../../scrapers/boards/jobicy.js';
import { ingestSource } from '../../src/pipeline.js';
import type { Posting } from '../../src/core/types.js';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { collect, collectUntilFailure, loadBoardsFixtures, readBoardsJson, requestsTo, startMock, testHttpClient } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeEach(async () => {
  mock = await startMock();
});

afterEach(async () => {
  await mock.close();
});

describe('rate limiting', () => {
  it('retries a 429 with Retry-After and then reads the board', async () => {
    mock.addFault({ path: '/api', fault: { type: 'rate-limit', retryAfter: '1' }, times: 1 });
    const postings = await collect(createRemoteOkSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toHaveLength(2);
    expect(requestsTo(mock, '/api').map((e) => e.status)).toEqual([429, 200]);
  });

  it('retries a 429 without Retry-After (backoff) and then reads the board', async () => {
    mock.addFault({ path: '/api/v2/remote-jobs', fault: { type: 'rate-limit' }, times: 2 });
    const postings = await collect(createJobicySource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toHaveLength(2);
    expect(requestsTo(mock, '/api/v2/remote-jobs').map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('fails as rate-limited when the 429s do not stop', async () => {
    mock.addFault({ path: '/api/v2/remote-jobs', fault: { type: 'rate-limit', retryAfter: '3600' } });
    const { postings, error } = await collectUntilFailure(createJobicySource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toEqual([]);
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/^jobicy: /);
    expect(error.message).toContain('HTTP 429');
    expect(error.message).not.toContain('\n');
  });

  it('a board that blocks a second call within its window fails the second sync only (Remotive >2/min)', async () => {
    await mock.close();
    mock = await startMock({ rateLimits: { remotive: { limit: 1, windowMs: 60_000, retryAfter: '60' } } });
    const http = testHttpClient();
    expect(await collect(createRemotiveSource({ baseUrl: mock.url }), { http })).toHaveLength(2);
    const { error } = await collectUntilFailure(createRemotiveSource({ baseUrl: mock.url }), { http });
    expect(error.kind).toBe('rate-limited');
  });
});

describe('server errors and timeouts', () => {
  it('recovers from one 503', async () => {
    mock.addFault({ path: '/api/remote-jobs', fault: { type: 'server-error', status: 503 }, times: 1 });
    const postings = await collect(createRemotiveSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toHaveLength(2);
  });

  it('fails as http-5xx when every attempt answers 500', async () => {
    mock.addFault({ path: '/jobs/api', fault: { type: 'server-error' } });
    const { error } = await collectUntilFailure(createHimalayasSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(error.kind).toBe('http-5xx');
    expect(error.message).toMatch(/^himalayas: .*HTTP 500/);
    // First attempt plus the client's 2 retries.
    expect(requestsTo(mock, '/jobs/api')).toHaveLength(3);
  });

  it('fails as timeout when the server stalls', async () => {
    mock.addFault({ path: '/categories/remote-back-end-programming-jobs.rss', fault: { type: 'stall' } });
    const http = testHttpClient({ timeoutMs: 200, maxRetries: 1 });
    const { error } = await collectUntilFailure(createWeWorkRemotelySource({ baseUrl: mock.url }), { http });
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/^weworkremotely: /);
  });

  it('fails as network when nothing listens', async () => {
    const { error } = await collectUntilFailure(createRemoteOkSource({ baseUrl: 'http://127.0.0.1:9' }), {
      http: testHttpClient({ maxRetries: 0 }),
    });
    expect(error.kind).toBe('network');
  });

  it('keeps the pages read before a page fails mid-walk (Arbeitnow page 2)', async () => {
    mock.addFault({ path: /^\/api\/job-board-api\?page=2$/, fault: { type: 'server-error', status: 502 } });
    const { postings, error } = await collectUntilFailure(createArbeitnowSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toHaveLength(3);
    expect(error.kind).toBe('http-5xx');
    expect(requestsTo(mock, '/api/job-board-api?page=3')).toHaveLength(0);
  });

  it('the pipeline stores what came before the failure and reports the source as failed', async () => {
    mock.addFault({ path: /^\/api\/job-board-api\?page=3$/, fault: { type: 'server-error' } });
    const saved: Posting[] = [];
    const stats = await ingestSource({
      source: createArbeitnowSource({ baseUrl: mock.url }),
      ctx: { http: testHttpClient() },
      tagger: { version: 'test', tag: () => ({ tags: [], mentions: [] }) },
      store: {
        savePostings(batch) {
          for (const b of batch) saved.push(b.posting);
          return { new: batch.length, updated: 0, unchanged: 0 };
        },
      },
    });
    expect(stats.status).toBe('failed');
    expect(stats.errors).toEqual({ 'http-5xx': 1 });
    expect(saved).toHaveLength(6);
    expect(stats.message).toMatch(/^arbeitnow: /);
  });
});

describe('bad bodies', () => {
  it('a malformed JSON body is a parse error that names the source and URL', async () => {
    mock.addFault({ path: '/api', fault: { type: 'malformed' } });
    const { error } = await collectUntilFailure(createRemoteOkSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(error.kind).toBe('parse');
    expect(error.message).toMatch(/^remoteok: malformed JSON from http:\/\/127\.0\.0\.1:\d+\/api/);
  });

  it('a cut-off RSS feed is a parse error, not a shorter feed', async () => {
    mock.addFault({ path: '/categories/remote-back-end-programming-jobs.rss', fault: { type: 'malformed' } });
    const { postings, error } = await collectUntilFailure(createWeWorkRemotelySource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toEqual([]);
    expect(error.kind).toBe('parse');
  });

  it('a 200 with the wrong shape is a parse error', async () => {
    mock.addFault({
      path: '/api/remote-jobs',
      fault: { type: 'status', status: 200, contentType: 'application/json', body: '{"message":"maintenance"}' },
    });
    const { error } = await collectUntilFailure(createRemotiveSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(error.kind).toBe('parse');
    expect(error.message).toContain('"jobs" array');
  });

  it('a 400 error body from Jobicy ends the cursor walk with its message, keeping page 1', async () => {
    const examples = readBoardsJson<Record<string, unknown>>('jobicy/openapi-examples.json');
    const mismatch = (examples['400 examples'] as { error: string }[]).find((e) => e.error.startsWith('Cursor does not match'))!;
    mock.addFault({
      path: /cursor=/,
      fault: { type: 'status', status: 400, contentType: 'application/json', body: JSON.stringify(mismatch) },
    });
    const { postings, error } = await collectUntilFailure(createJobicySource({ baseUrl: mock.url, count: 1 }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['154087']);
    expect(error.kind).toBe('http-4xx');
    expect(error.message).toContain('Cursor does not match the filters');
    // A 400 is not retried, and the walk is never restarted from the top.
    expect(requestsTo(mock, '/api/v2/remote-jobs')).toHaveLength(2);
  });

  it('the real mock answers a changed filter under an old cursor with 400', async () => {
    const first = await fetch(`${mock.url}/api/v2/remote-jobs?count=1&industry=engineering`).then((r) => r.json() as Promise<{ nextCursor: string }>);
    const res = await fetch(`${mock.url}/api/v2/remote-jobs?count=1&industry=engineering&tag=postgres&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ success: false, error: 'Cursor does not match the filters. Keep geo, industry and tag unchanged.' });
  });

  it('an unknown feed is http-4xx', async () => {
    const { error } = await collectUntilFailure(createWeWorkRemotelySource({ baseUrl: mock.url, categories: ['remote-nothing-jobs'] }), {
      http: testHttpClient(),
    });
    expect(error.kind).toBe('http-4xx');
    expect(error.message).toContain('HTTP 404');
  });
});

describe('conditional requests', () => {
  it('sends the ETag on the second sync, gets 304 and still yields the unchanged feed', async () => {
    const http = testHttpClient();
    const first = await collect(createWeWorkRemotelySource({ baseUrl: mock.url }), { http });
    const second = await collect(createWeWorkRemotelySource({ baseUrl: mock.url }), { http });
    const log = requestsTo(mock, '/categories/');
    expect(log.map((e) => e.status)).toEqual([200, 304]);
    expect(log[1]!.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
    expect(second).toEqual(first);
    expect(http.stats().notModified).toBe(1);
  });

  it('answers 304 on every page of a paged board', async () => {
    const http = testHttpClient();
    await collect(createArbeitnowSource({ baseUrl: mock.url }), { http });
    const again = await collect(createArbeitnowSource({ baseUrl: mock.url }), { http });
    expect(again).toHaveLength(8);
    expect(requestsTo(mock, '/api/job-board-api').map((e) => e.status)).toEqual([200, 200, 200, 304, 304, 304]);
  });

  it('gets 200 again when the board changed', async () => {
    const http = testHttpClient();
    await collect(createRemoteOkSource({ baseUrl: mock.url }), { http });
    const fixtures = loadBoardsFixtures();
    mock.setFixtures({ ...fixtures, remoteok: fixtures.remoteok!.slice(0, 2) });
    const changed = await collect(createRemoteOkSource({ baseUrl: mock.url }), { http });
    expect(changed).toHaveLength(1);
    expect(requestsTo(mock, '/api').map((e) => e.status)).toEqual([200, 200]);
  });
});

describe('abort', () => {
  it('stops before the next request once the signal is aborted', async () => {
    const controller = new AbortController();
    const source = createArbeitnowSource({ baseUrl: mock.url });
    const seen: string[] = [];
    const run = async () => {
      for await (const p of source.fetch({ http: testHttpClient(), signal: controller.signal })) {
        seen.push(p.externalId);
        controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/aborted/);
    expect(requestsTo(mock, '/api/job-board-api')).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(0);
  });
});
