// Lever source against the mock built from the recorded Spotify postings, through the real shared
// HTTP client: skip/limit paging until a short page, epoch-ms dates, the assembled description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequester, HttpResponse } from '../../src/core/types.js';
import { createLeverSource, LEVER_EU_BASE_URL } from '../../scrapers/ats/lever.js';
import { htmlToText } from '../../scrapers/html-text.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { collect, failure, testHttpClient } from '../fixtures/ats/harness.js';

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

function pathsSince(from: number): string[] {
  return mock.requestLog.slice(from).map((e) => e.path);
}

describe('lever source', () => {
  it('maps the recorded Spotify postings: epoch ms → ISO, workplaceType → remote, site-namespaced ids', async () => {
    const postings = await collect(createLeverSource({ site: 'spotify', baseUrl: mock.url, company: 'Spotify' }), {
      http: testHttpClient(),
    });
    expect(postings).toHaveLength(2);
    expect(postings[0]).toMatchObject({
      source: 'lever',
      externalId: 'spotify:2193db3f-77c5-43b8-b030-8f92c9882bf1',
      url: 'https://jobs.lever.co/spotify/2193db3f-77c5-43b8-b030-8f92c9882bf1',
      company: 'Spotify',
      title: 'Android Engineer - Experience',
      location: 'London',
      remote: false, // "hybrid"
      postedAt: '2026-06-23T11:29:45.805Z', // createdAt 1782214185805
      meta: {
        board: 'spotify',
        allLocations: ['London', 'Stockholm'],
        team: 'Experience',
        department: 'Engineering',
        commitment: 'Permanent',
        country: 'GB',
        workplaceType: 'hybrid',
      },
    });
    expect(postings[1]).toMatchObject({ externalId: 'spotify:d87833d0-fb78-4794-b45d-3fe5c8274bc8', postedAt: '2026-08-27T03:43:07.805Z' });
  });

  it('without a company option the site name stands in (the JSON has no company)', async () => {
    const [p] = await collect(createLeverSource({ site: 'spotify', baseUrl: mock.url }), { http: testHttpClient() });
    expect(p!.company).toBe('spotify');
  });

  it('assembles description, each list under its heading, and additional, in reading order', async () => {
    const [p] = await collect(createLeverSource({ site: 'spotify', baseUrl: mock.url }), { http: testHttpClient() });
    const html = p!.html!;
    const at = (s: string) => html.indexOf(s);
    expect(at('We design Spotify’s consumer experience')).toBeGreaterThanOrEqual(0);
    expect(at("<h3>What You&#39;ll Do</h3>")).toBeGreaterThan(at('We design Spotify’s consumer experience'));
    expect(at('Build high-quality, well-tested, and well-documented Kotlin code')).toBeGreaterThan(at("<h3>What You&#39;ll Do</h3>"));
    expect(at('<h3>Who You Are</h3>')).toBeGreaterThan(at('Kotlin code'));
    expect(at('<h3>Where You&#39;ll Be</h3>')).toBeGreaterThan(at('<h3>Who You Are</h3>'));
    expect(at('Spotify is an equal opportunity employer')).toBeGreaterThan(at('<h3>Where You&#39;ll Be</h3>'));
    const text = htmlToText(html);
    expect(text).toContain("What You'll Do");
    expect(text).toContain('using Kotlin using Swift or Objective-C');
  });

  it('pages with skip/limit until a short page (exact multiple → one empty page)', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createLeverSource({ site: 'spotify', baseUrl: mock.url, pageSize: 1 }), { http: testHttpClient() });
    expect(postings.map((p) => p.title)).toEqual(['Android Engineer - Experience', 'Artist & Label Partnerships Contractor, Vietnam']);
    expect(pathsSince(from)).toEqual([
      '/v0/postings/spotify?mode=json&skip=0&limit=1',
      '/v0/postings/spotify?mode=json&skip=1&limit=1',
      '/v0/postings/spotify?mode=json&skip=2&limit=1',
    ]);
  });

  it('stops after one request when the first page is already short', async () => {
    const from = mock.requestLog.length;
    await collect(createLeverSource({ site: 'spotify', baseUrl: mock.url }), { http: testHttpClient() });
    expect(pathsSince(from)).toEqual(['/v0/postings/spotify?mode=json&skip=0&limit=100']);
  });

  it('a known site with nothing open answers [] and yields nothing', async () => {
    expect(await collect(createLeverSource({ site: 'empty', baseUrl: mock.url }), { http: testHttpClient() })).toEqual([]);
  });

  it('site names are case-sensitive: "Spotify" is an unknown site (404 with the real body)', async () => {
    const err = await failure(createLeverSource({ site: 'Spotify', baseUrl: mock.url }), { http: testHttpClient() });
    expect(err.kind).toBe('http-4xx');
    expect(err.message).toContain('lever board "Spotify" not found');
    expect(err.message).toContain('Document not found');
  });

  it('a failure on a later page fails the source with that page in the message', async () => {
    mock.addFault({ path: /^\/v0\/postings\/spotify\?mode=json&skip=1&/, fault: { type: 'malformed-json' } });
    const err = await failure(createLeverSource({ site: 'spotify', baseUrl: mock.url, pageSize: 1 }), { http: testHttpClient() });
    mock.clearFaults();
    expect(err.kind).toBe('parse');
    expect(err.message).toContain('skip=1&limit=1');
  });

  it('a second run of the unchanged site makes only conditional requests, all answered 304', async () => {
    const http = testHttpClient();
    const source = createLeverSource({ site: 'spotify', baseUrl: mock.url, pageSize: 1 });
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    const again = mock.requestLog.slice(mid);
    expect(again.map((e) => e.status)).toEqual([304, 304, 304]);
    expect(again.every((e) => e.ifNoneMatch !== null)).toBe(true);
    expect(second).toEqual(first);
  });

  it('region "eu" reads from api.eu.lever.co', async () => {
    const urls: string[] = [];
    const recorder: HttpRequester = {
      async request(url): Promise<HttpResponse> {
        urls.push(url);
        return { url, status: 200, headers: {}, body: '[]', notModified: false };
      },
    };
    await collect(createLeverSource({ site: 'acme', region: 'eu' }), { http: recorder });
    await collect(createLeverSource({ site: 'acme' }), { http: recorder });
    expect(urls).toEqual([
      `${LEVER_EU_BASE_URL}/v0/postings/acme?mode=json&skip=0&limit=100`,
      'https://api.lever.co/v0/postings/acme?mode=json&skip=0&limit=100',
    ]);
  });
});
