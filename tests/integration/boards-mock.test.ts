// The boards mock's own contract, read with plain fetch: the envelopes and edge answers the sources
// rely on must match SOURCES-REPORT.md §6, or the source tests would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { startMock } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeAll(async () => {
  mock = await startMock();
});

afterAll(async () => {
  await mock.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${mock.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: await res.text() };
}

describe('boards mock', () => {
  it('Remotive: the full envelope with the legal notice', async () => {
    const r = await get('/api/remote-jobs?category=software-dev');
    const body = JSON.parse(r.body);
    expect(Object.keys(body)).toEqual(['00-warning', '0-legal-notice', 'job-count', 'total-job-count', 'jobs']);
    expect(body['0-legal-notice']).toContain('max. 4 times a day');
  });

  it('RemoteOK: an array whose first element is the legal notice', async () => {
    const body = JSON.parse((await get('/api')).body);
    expect(Object.keys(body[0])).toEqual(['last_updated', 'legal']);
    expect(JSON.parse((await get('/api?tag=nothing-matches')).body)).toHaveLength(1);
  });

  it('Arbeitnow: links and meta, absolute next links, data [] past the end', async () => {
    const p1 = JSON.parse((await get('/api/job-board-api?page=1')).body);
    expect(p1.links.next).toBe(`${mock.url}/api/job-board-api?page=2`);
    expect(p1.meta).toMatchObject({ current_page: 1, from: 1, to: 3, per_page: 3 });
    const last = JSON.parse((await get('/api/job-board-api?page=3')).body);
    expect(last.links.next).toBeNull();
    const past = await get('/api/job-board-api?page=9999');
    expect(past.status).toBe(200);
    expect(JSON.parse(past.body)).toMatchObject({ data: [], links: { next: null } });
    expect(past.headers.get('x-ratelimit-limit')).toBe('50');
  });

  it('Himalayas: limit capped at 20, opaque cursor, 400 on a bad cursor', async () => {
    const first = JSON.parse((await get('/jobs/api?limit=500')).body);
    expect(first).toMatchObject({ limit: 20, totalCount: 2, nextCursor: null });
    const bad = await get('/jobs/api?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });

  it('Jobicy: 400 bodies for a bad count and a too-short tag, an empty page with a message', async () => {
    expect(JSON.parse((await get('/api/v2/remote-jobs?count=ten')).body)).toEqual({ success: false, error: "The 'count' parameter must be a number." });
    expect((await get('/api/v2/remote-jobs?tag=ai')).status).toBe(400);
    const empty = JSON.parse((await get('/api/v2/remote-jobs?industry=marketing')).body);
    expect(empty).toMatchObject({ jobCount: 0, jobs: [], nextCursor: null, hasMore: false, message: 'No jobs found for the applied filters.' });
  });

  it('We Work Remotely: RSS content type, 404 for an unknown category', async () => {
    const ok = await get('/categories/remote-back-end-programming-jobs.rss');
    expect(ok.type).toBe('application/rss+xml; charset=utf-8');
    expect((await get('/categories/remote-nothing-jobs.rss')).status).toBe(404);
  });

  it('answers If-None-Match and If-Modified-Since with 304', async () => {
    const first = await get('/jobs/api?limit=1');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect((await get('/jobs/api?limit=1', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/jobs/api?limit=1', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get('/jobs/api?limit=1', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('serves career pages and robots.txt', async () => {
    expect((await get('/robots.txt')).body).toContain('Disallow: /careers/private/');
    expect((await get('/careers/rendered.html')).type).toBe('text/html; charset=utf-8');
    expect((await get('/careers/missing.html')).status).toBe(404);
  });
});
