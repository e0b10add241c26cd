// The ATS mock server itself: it must answer like the real APIs (shared/source-samples/
// SOURCES-REPORT.md §2–§5, §10 and _observed_errors.json), or the source tests prove nothing.
// Raw node:http requests, so nothing of our client sits in between.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

describe('ATS mock: unknown boards answer with the observed bodies', () => {
  it.each([
    ['greenhouse', '/v1/boards/nope/jobs?content=true', 404, 'application/json', { status: 404, error: 'Job not found' }],
    ['lever', '/v0/postings/nope?mode=json', 404, 'application/json; charset=utf-8', { ok: false, error: 'Document not found' }],
    ['recruitee', '/recruitee/nope/api/offers/', 404, 'application/json', { error: 'Not Found' }],
    ['smartrecruiters', '/v1/companies/Nope/postings?limit=2', 200, 'application/json; charset=utf-8', { offset: 0, limit: 2, totalFound: 0, content: [] }],
  ])('%s %s', async (_name, path, status, contentType, body) => {
    const r = await get(mock.url, path);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe(contentType);
    expect(JSON.parse(r.body)).toEqual(body);
  });

  it.each([
    ['ashby', '/posting-api/job-board/nope?includeCompensation=true'],
    ['workable', '/api/v1/widget/accounts/nope?details=true'],
  ])('%s answers 404 text/plain "Not Found"', async (_name, path) => {
    const r = await get(mock.url, path);
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toBe('Not Found');
  });

  it('a SmartRecruiters posting that does not exist is 404 RESOURCE_NOT_FOUND', async () => {
    const r = await get(mock.url, '/v1/companies/Ubisoft2/postings/1');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ httpCode: 404, code: 'RESOURCE_NOT_FOUND' });
  });

  it('an unknown path is a plain 404', async () => {
    const r = await get(mock.url, '/v2/whatever');
    expect(r.status).toBe(404);
  });
});

describe('ATS mock: contract details', () => {
  it('Greenhouse adds meta.total, and only ?content=true carries content/departments/offices', async () => {
    const full = JSON.parse((await get(mock.url, '/v1/boards/vercel/jobs?content=true')).body);
    expect(full.meta).toEqual({ total: 2 });
    expect(full.jobs[0].content).toMatch(/^&lt;div class=&quot;content-intro&quot;&gt;/);
    const bare = JSON.parse((await get(mock.url, '/v1/boards/vercel/jobs')).body);
    expect(bare.jobs[0]).not.toHaveProperty('content');
    expect(bare.jobs[0]).not.toHaveProperty('departments');
    expect(bare.jobs[0].first_published).toBe('2026-08-06T12:50:10-04:00');
  });

  it('Greenhouse single job, by id, and the same 404 body for an unknown id', async () => {
    expect(JSON.parse((await get(mock.url, '/v1/boards/vercel/jobs/5999792004')).body).title).toBe('Account Executive, Majors');
    expect((await get(mock.url, '/v1/boards/vercel/jobs/1')).status).toBe(404);
  });

  it('Lever pages by skip/limit and returns everything without them; HTML without mode=json', async () => {
    expect(JSON.parse((await get(mock.url, '/v0/postings/spotify?mode=json')).body)).toHaveLength(2);
    const page = JSON.parse((await get(mock.url, '/v0/postings/spotify?mode=json&skip=1&limit=5')).body);
    expect(page.map((p: { id: string }) => p.id)).toEqual(['d87833d0-fb78-4794-b45d-3fe5c8274bc8']);
    const html = await get(mock.url, '/v0/postings/spotify');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
  });

  it('SmartRecruiters defaults to 10 per page and caps limit at 100', async () => {
    expect(JSON.parse((await get(mock.url, '/v1/companies/Ubisoft2/postings')).body)).toMatchObject({ offset: 0, limit: 10, totalFound: 2 });
    expect(JSON.parse((await get(mock.url, '/v1/companies/Ubisoft2/postings?limit=1000&offset=1')).body)).toMatchObject({
      offset: 1,
      limit: 100,
      totalFound: 2,
    });
  });

  it('Ashby drops compensation without includeCompensation=true; Workable drops descriptions without details=true', async () => {
    const ashby = JSON.parse((await get(mock.url, '/posting-api/job-board/linear')).body);
    expect(ashby.apiVersion).toBe('1');
    expect(ashby.jobs[0]).not.toHaveProperty('compensation');
    const workable = JSON.parse((await get(mock.url, '/api/v1/widget/accounts/example-robotics')).body);
    expect(workable.name).toBe('Example Robotics');
    expect(workable.jobs[0]).not.toHaveProperty('description');
  });

  it('Recruitee is also served by Host header, as {slug}.recruitee.com', async () => {
    const r = await get(mock.url, '/api/offers/', { host: 'channable.recruitee.com' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).offers[0].published_at).toBe('2026-09-18 13:27:28 UTC');
  });
});

describe('ATS mock: conditional requests', () => {
  it('ETag → 304 on If-None-Match, Last-Modified → 304 on If-Modified-Since, 200 on a stale validator', async () => {
    const path = '/posting-api/job-board/linear?includeCompensation=true';
    const first = await get(mock.url, path);
    const etag = first.headers['etag'] as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(lastModified).toMatch(/GMT$/);
    const byEtag = await get(mock.url, path, { 'if-none-match': etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body).toBe('');
    expect((await get(mock.url, path, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(mock.url, path, { 'if-none-match': '"stale"' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await get(mock.url, path, { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200);
  });

  it('error answers carry no validators', async () => {
    const r = await get(mock.url, '/v1/boards/nope/jobs?content=true');
    expect(r.headers['etag']).toBeUndefined();
  });

  it('can run without validators', async () => {
    const plain = await startAtsMockServer({ fixtures: loadAtsFixtures(), validators: false });
    try {
      const r = await get(plain.url, '/v1/boards/vercel/jobs?content=true', { 'if-none-match': '*' });
      expect(r.status).toBe(200);
      expect(r.headers['etag']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});

describe('ATS mock: faults', () => {
  it('a rule applies `times` times to its path only, then the path answers normally', async () => {
    mock.addFault({ path: '/v0/postings/spotify', fault: { type: 'rate-limit', retryAfter: '7' }, times: 2 });
    const a = await get(mock.url, '/v0/postings/spotify?mode=json');
    const other = await get(mock.url, '/posting-api/job-board/linear');
    const b = await get(mock.url, '/v0/postings/spotify?mode=json');
    const c = await get(mock.url, '/v0/postings/spotify?mode=json');
    mock.clearFaults();
    expect([a.status, other.status, b.status, c.status]).toEqual([429, 200, 429, 200]);
    expect(a.headers['retry-after']).toBe('7');
  });

  it('429 without Retry-After sends no such header; status faults send what they are told', async () => {
    mock.addFault({ path: /^\/v0\/postings\/spotify/, fault: { type: 'rate-limit' }, times: 1 });
    mock.addFault({ path: /^\/v0\/postings\/spotify/, fault: { type: 'status', status: 503, body: 'down', headers: { 'retry-after': '1' } }, times: 1 });
    const a = await get(mock.url, '/v0/postings/spotify?mode=json');
    const b = await get(mock.url, '/v0/postings/spotify?mode=json');
    mock.clearFaults();
    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBeUndefined();
    expect([b.status, b.body, b.headers['retry-after']]).toEqual([503, 'down', '1']);
  });

  it('malformed-json serves the real document cut short, as 200 JSON', async () => {
    mock.addFault({ path: '/v1/boards/vercel/jobs', fault: { type: 'malformed-json' }, times: 1 });
    const r = await get(mock.url, '/v1/boards/vercel/jobs?content=true');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body.startsWith('{"jobs":[{"absolute_url":"https://job-boards.greenhouse.io/vercel/jobs/6136160004"')).toBe(true);
    expect(() => JSON.parse(r.body)).toThrow();
  });

  it('every request is logged with its validators and status', async () => {
    const from = mock.requestLog.length;
    const before = Date.now();
    await get(mock.url, '/v1/boards/vercel/jobs?content=true', { 'if-none-match': '"x"', 'user-agent': 'probe/1' });
    const at = mock.requestLog[from]!.at;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(mock.requestLog.slice(from)).toEqual([
      {
        method: 'GET',
        path: '/v1/boards/vercel/jobs?content=true',
        source: 'greenhouse',
        ifNoneMatch: '"x"',
        ifModifiedSince: null,
        userAgent: 'probe/1',
        status: 200,
        fault: null,
        at,
      },
    ]);
  });

  it('close() ends a stalled request instead of hanging', async () => {
    const local = await startAtsMockServer({ fixtures: loadAtsFixtures(), faults: [{ path: '/v1/boards/vercel/jobs', fault: { type: 'stall' } }] });
    const pending = get(local.url, '/v1/boards/vercel/jobs').then(
      () => 'answered',
      () => 'connection closed',
    );
    while (local.requestLog.length === 0) await new Promise((r) => setTimeout(r, 5));
    await local.close();
    expect(await pending).toBe('connection closed');
  });
});
