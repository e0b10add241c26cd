// The HN source end to end: the real bundled snapshot served by the replay server, read through the
// real polite HTTP client. Expected numbers are computed from the snapshot file independently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawPosting } from '../../src/core/types.js';
import { SourceError } from '../../src/core/errors.js';
import { createHnSource, listHiringThreads, AlgoliaClient } from '../../scrapers/hn.js';
import { startHnReplayServer, type HnReplayServer, type HnSnapshot } from '../../scrapers/mock/hn-algolia-server.js';
import { collect, fastClient, monthOf, readBundledSnapshot, SNAPSHOT_PATH } from './hn-helpers.js';

const snapshot = readBundledSnapshot();
const storyById = new Map(snapshot.stories.map((s) => [s.id, s]));
// Independent expectation: top-level comments (parent = a "Who is hiring? (Month YYYY)" story) with an author and a text.
const isHiringTitle = (title: string) => /^ask hn: who is hiring\? \(\w+ \d{4}\)/i.test(title.trim());
const expectedAds = snapshot.comments.filter((c) => {
  const story = storyById.get(c.parent_id);
  return story !== undefined && isHiringTitle(story.title) && c.author !== null && c.text !== null && !c.deleted && !c.dead;
});
const expectedPerMonth = new Map<string, number>();
for (const c of expectedAds) expectedPerMonth.set(monthOf(c.created_at_i), (expectedPerMonth.get(monthOf(c.created_at_i)) ?? 0) + 1);

describe('bundled snapshot, whole history', () => {
  let server: HnReplayServer;
  let postings: RawPosting[];
  let requests: number;
  const progress: Array<{ done?: number; total?: number; message: string }> = [];

  beforeAll(async () => {
    server = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH });
    const { http } = fastClient();
    postings = await collect(createHnSource({ baseUrl: server.url, months: 1000 }), {
      http: http.forSource('hn'),
      onProgress: (p) => progress.push(p),
    });
    requests = http.sourceStats('hn').requests;
  }, 180_000);

  afterAll(() => server?.close());

  it('the snapshot is a real multi-year sample (sanity of the fixture itself)', () => {
    expect(expectedAds.length).toBeGreaterThanOrEqual(5000);
    expect(expectedAds.length).toBeLessThanOrEqual(5500);
    expect(expectedPerMonth.size).toBeGreaterThanOrEqual(55);
    // Every 2026 ad of the shared corpus: the demo's latest twelve months hold hundreds of ads, not a sample.
    const ads2026 = [...expectedPerMonth].filter(([m]) => m.startsWith('2026-')).reduce((n, [, c]) => n + c, 0);
    expect(ads2026).toBeGreaterThanOrEqual(1600);
  });

  it('yields exactly the ads of the snapshot, each once', () => {
    expect(postings).toHaveLength(expectedAds.length);
    const ids = postings.map((p) => p.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expectedAds.map((c) => String(c.id))));
  });

  it('per-month counts equal the snapshot', () => {
    const got = new Map<string, number>();
    for (const p of postings) got.set(p.postedAt!.slice(0, 7), (got.get(p.postedAt!.slice(0, 7)) ?? 0) + 1);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...expectedPerMonth].sort()));
  });

  it('maps every field: source, url, exact time, html verbatim, text, thread meta', () => {
    const byId = new Map(expectedAds.map((c) => [String(c.id), c]));
    for (const p of postings) {
      const c = byId.get(p.externalId)!;
      expect(p.source).toBe('hn');
      expect(p.url).toBe(`https://news.ycombinator.com/item?id=${c.id}`);
      expect(p.postedAt).toBe(new Date(c.created_at_i * 1000).toISOString().replace('.000Z', 'Z'));
      expect(p.html).toBe(c.text);
      expect(p.text!.length).toBeGreaterThan(0);
      expect(p.text).not.toMatch(/<p>|&#x2F;|&amp;/);
      expect(p.meta).toEqual({ threadId: String(c.parent_id), threadMonth: monthOf(c.created_at_i) });
    }
  });

  it('parses a header for a good share of the ads that use the pipe convention', () => {
    const piped = postings.filter((p) => (p.text ?? '').split('\n')[0]!.includes('|'));
    const withCompany = piped.filter((p) => p.company);
    expect(piped.length).toBeGreaterThan(1000);
    expect(withCompany.length / piped.length).toBeGreaterThan(0.9);
    expect(postings.some((p) => p.remote === true)).toBe(true);
    expect(postings.some((p) => p.remote === false)).toBe(true);
  });

  it('one request for the thread list plus one per thread, progress for each', () => {
    const threads = new Set(snapshot.stories.filter((s) => isHiringTitle(s.title)).map((s) => s.title.trim()));
    expect(requests).toBe(1 + threads.size);
    expect(server.requests).toBe(requests);
    const last = progress.at(-1)!;
    expect(last.done).toBe(threads.size);
    expect(last.total).toBe(threads.size);
  });
});

describe('thread discovery on the real whoishiring history', () => {
  let server: HnReplayServer;
  beforeAll(async () => {
    server = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH });
  });
  afterAll(() => server?.close());

  it('keeps every "Who is hiring? (Month YYYY)" thread across title drift, drops the rest', async () => {
    const { http } = fastClient();
    const threads = await listHiringThreads(new AlgoliaClient(http, server.url));
    const byId = new Map(threads.map((t) => [t.id, t]));
    // title drift: "Who is Hiring?" (2011–Apr 2012), "Who Is Hiring?" (May–Nov 2012), trailing space (Dec 2012)
    expect(byId.get('2396027')).toMatchObject({ month: '2011-04', title: 'Ask HN: Who is Hiring? (April 2011)' });
    expect(byId.get('3913997')).toMatchObject({ month: '2012-05', title: 'Ask HN: Who Is Hiring? (May 2012)' });
    expect(byId.get('4857714')).toMatchObject({ month: '2012-12', title: 'Ask HN: Who is hiring? (December 2012)' });
    // April and May 2015 were posted by "_whoishiring"
    expect(byId.get('9303396')?.month).toBe('2015-04');
    expect(byId.get('9471287')?.month).toBe('2015-05');
    // excluded: the 2011 meta post, "right now", "Show HN: … refugees", and September 2023's companion threads
    for (const id of ['2391828', '22665398', '7829033', '37351665', '37351666']) expect(byId.has(id)).toBe(false);
    expect(byId.get('37351667')?.month).toBe('2023-09');
    // July 2011 is missing upstream; one thread per month otherwise
    expect(threads.some((t) => t.month === '2011-07')).toBe(false);
    expect(new Set(threads.map((t) => t.month)).size).toBe(threads.length);
    const expected = snapshot.stories.filter((s) => isHiringTitle(s.title));
    expect(threads).toHaveLength(expected.length);
    expect(threads.map((t) => t.month)).toEqual([...threads.map((t) => t.month)].sort().reverse());
  });

  it('months and sinceMonth pick the newest threads', async () => {
    const { http } = fastClient();
    const newest2 = await collect(createHnSource({ baseUrl: server.url, months: 2 }), { http });
    expect(new Set(newest2.map((p) => (p.meta as { threadMonth: string }).threadMonth))).toEqual(new Set(['2026-05', '2026-04']));
    expect(newest2).toHaveLength((expectedPerMonth.get('2026-05') ?? 0) + (expectedPerMonth.get('2026-04') ?? 0));
    // the run context overrides the factory's defaults
    const since = await collect(createHnSource({ baseUrl: server.url, months: 1 }), { http, sinceMonth: '2018-03', months: 100 });
    const months = new Set(since.map((p) => p.postedAt!.slice(0, 7)));
    expect([...months].sort()).toEqual(['2018-03', '2018-04', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
  });
});

describe('deleted, dead and reply comments', () => {
  it('skips deleted and dead top-level comments and never yields replies', async () => {
    const may = snapshot.stories.find((s) => s.title.includes('(May 2026)'))!;
    const mayAds = snapshot.comments.filter((c) => c.parent_id === may.id);
    const t0 = mayAds[0]!.created_at_i;
    const withTombstones: HnSnapshot = {
      ...snapshot,
      comments: [
        ...snapshot.comments,
        { id: 99_000_001, parent_id: may.id, story_id: may.id, author: null, created_at_i: t0 + 5, text: null, deleted: true },
        { id: 99_000_002, parent_id: may.id, story_id: may.id, author: 'someone', created_at_i: t0 + 6, text: '<p>flagged spam</p>', dead: true },
        { id: 99_000_003, parent_id: may.id, story_id: may.id, author: 'someone', created_at_i: t0 + 7, text: '' },
        { id: 99_000_004, parent_id: mayAds[0]!.id, story_id: may.id, author: 'replier', created_at_i: t0 + 8, text: 'Is this role open to Canadians?' },
      ],
    };
    const server = await startHnReplayServer({ snapshot: withTombstones });
    try {
      const { http } = fastClient();
      const got = await collect(createHnSource({ baseUrl: server.url, sinceMonth: '2026-05' }), { http });
      expect(got).toHaveLength(mayAds.length);
      const ids = new Set(got.map((p) => p.externalId));
      for (const id of ['99000001', '99000002', '99000003', '99000004']) expect(ids.has(id)).toBe(false);
      // the tombstones really were served as hits, so skipping them is the source's doing
      const page = await http.request(`${server.url}/api/v1/search_by_date?tags=comment,story_${may.id}&numericFilters=parent_id=${may.id}&hitsPerPage=1000`);
      const hits = JSON.parse(page.body).hits as Array<{ objectID: string; author: string | null; comment_text: string | null }>;
      expect(hits.find((h) => h.objectID === '99000001')).toMatchObject({ author: null, comment_text: null });
      expect(hits.find((h) => h.objectID === '99000002')).toMatchObject({ author: 'someone', comment_text: null });
      expect(hits.some((h) => h.objectID === '99000004')).toBe(false);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('rate limiting and server errors', () => {
  it('429 then success: the client waits and the run is complete', async () => {
    const server = await startHnReplayServer({
      snapshotPath: SNAPSHOT_PATH,
      faults: { rateLimit: { after: 1, count: 2, retryAfter: '3' }, serverError: { requests: [5], status: 502 } },
    });
    try {
      const { http, sleeps } = fastClient({ backoffBaseMs: 1000 });
      const got = await collect(createHnSource({ baseUrl: server.url, months: 3 }), { http: http.forSource('hn') });
      const want = ['2026-05', '2026-04', '2026-03'].reduce((n, m) => n + (expectedPerMonth.get(m) ?? 0), 0);
      expect(got).toHaveLength(want);
      expect(sleeps).toEqual([3000, 3000, 500]); // Retry-After twice, then full-jitter backoff for the 502
      expect(http.sourceStats('hn')).toMatchObject({ requests: 4 + 3, retries: 3, errors: {} });
      expect(server.log.map((l) => l.status)).toEqual([200, 429, 429, 200, 502, 200, 200]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a persistent 429 fails the source with a rate-limited SourceError that names the request', async () => {
    const server = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH, faults: { rateLimit: { after: 1 } } });
    try {
      const { http } = fastClient({ maxRetries: 2 });
      const err = await collect(createHnSource({ baseUrl: server.url, months: 1 }), { http }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).kind).toBe('rate-limited');
      expect((err as SourceError).message).toMatch(/^hn: thread 2026-05 \(47975571\): GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/search_by_date\?.*HTTP 429/);
      expect((err as SourceError).message).toContain('Too many requests');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a malformed response fails as parse', async () => {
    const { createServer } = await import('node:http');
    const bad = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hits": "nope"}'));
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    try {
      const { http } = fastClient();
      const url = `http://127.0.0.1:${(bad.address() as import('node:net').AddressInfo).port}`;
      const err = await collect(createHnSource({ baseUrl: url }), { http }).catch((e: unknown) => e);
      expect((err as SourceError).kind).toBe('parse');
      expect((err as SourceError).message).toContain('thread list');
    } finally {
      bad.closeAllConnections();
      await new Promise<void>((r) => bad.close(() => r()));
    }
  });
});
