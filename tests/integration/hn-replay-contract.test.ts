// The replay server against the recorded Algolia contract (shared/source-samples/hn-algolia):
// envelope and hit fields, pagination and the 1000-hit window, filters, /items, ETag/304, faults.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHnReplayServer, type HnReplayServer } from '../../scrapers/mock/hn-algolia-server.js';
import { BIG_THREAD_ID, bigThreadSnapshot, fastClient, readBundledSnapshot, REPO_ROOT, SNAPSHOT_PATH } from './hn-helpers.js';

const SAMPLES = resolve(REPO_ROOT, '../shared/source-samples/hn-algolia');
const sample = (name: string) => JSON.parse(readFileSync(resolve(SAMPLES, name), 'utf8'));

let server: HnReplayServer;
beforeAll(async () => {
  server = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH });
});
afterAll(() => server?.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  const text = await res.text();
  return { res, text, json: text ? JSON.parse(text) : null };
}

describe('matches the recorded responses (needs ../shared)', () => {
  it('the recorded 2023 query gives the recorded first page, envelope and hit fields', async () => {
    const recorded = sample('search_by_date_whoishiring_page0.json');
    // The recording predates the snapshot's 2026 threads: cut them off with a numeric filter.
    const { json } = await get(
      '/api/v1/search_by_date?page=0&query=hiring&tags=story%2C%28author__whoishiring%2C+author_whoishiring%29&numericFilters=created_at_i%3C1700000000',
    );
    expect(json.nbHits).toBe(recorded.nbHits);
    expect(json.nbPages).toBe(recorded.nbPages);
    expect(json.hitsPerPage).toBe(recorded.hitsPerPage);
    expect(json.hits.map((h: { objectID: string }) => h.objectID)).toEqual(recorded.hits.map((h: { objectID: string }) => h.objectID));
    for (const key of Object.keys(recorded)) expect(json).toHaveProperty(key);
    for (const key of Object.keys(recorded.hits[0])) expect(json.hits[0]).toHaveProperty(key);
    const [mine, theirs] = [json.hits[0], recorded.hits[0]];
    for (const key of ['created_at', 'title', 'author', 'points', 'num_comments', 'created_at_i', 'objectID', '_tags', 'story_text']) {
      expect(mine[key]).toEqual(theirs[key]);
    }
    expect(json.params).toMatch(/^advancedSyntax=true&analytics=true&analyticsTags=backend&/);
    expect(json.params).toContain('tags=story%2C%28author__whoishiring%2C+author_whoishiring%29');
  });

  it('a page past the end answers 200 with hits: [] like the recording', async () => {
    const recorded = sample('search_by_date_whoishiring_page8_past_end.json');
    const { res, json } = await get(
      '/api/v1/search_by_date?page=8&query=hiring&tags=story%2C%28author__whoishiring%2C+author_whoishiring%29&numericFilters=created_at_i%3C1700000000',
    );
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ hits: [], nbHits: recorded.nbHits, page: 8, nbPages: recorded.nbPages, hitsPerPage: 20 });
  });

  it('headers: JSON content type, weak ETag, the recorded cache-control', async () => {
    const recorded = sample('search_by_date_whoishiring_all_pages_headers.json')[0].response.headers;
    const { res } = await get('/api/v1/search_by_date?tags=story');
    expect(res.headers.get('content-type')).toBe(recorded['content-type'][0]);
    expect(res.headers.get('cache-control')).toBe(recorded['cache-control'][0]);
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('search semantics', () => {
  it('tags: comma is AND, parentheses are OR; author__whoishiring finds the 2015 threads', async () => {
    const onlyUnderscore = await get('/api/v1/search_by_date?tags=story,author__whoishiring&hitsPerPage=100');
    expect(onlyUnderscore.json.hits.map((h: { title: string }) => h.title).sort()).toEqual([
      'Ask HN: Who is hiring? (April 2015)',
      'Ask HN: Who is hiring? (May 2015)',
    ]);
    const both = await get('/api/v1/search_by_date?tags=story,(author_whoishiring,author__whoishiring)&hitsPerPage=1000');
    const plain = await get('/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=1000');
    expect(both.json.nbHits).toBe(plain.json.nbHits + 2);
    expect(both.json.nbHits).toBe(readBundledSnapshot().stories.length);
  });

  it('search_by_date is newest first; search ranks by points', async () => {
    const byDate = (await get('/api/v1/search_by_date?tags=story&hitsPerPage=1000')).json.hits as Array<{ created_at_i: number; points: number | null }>;
    expect(byDate.map((h) => h.created_at_i)).toEqual([...byDate.map((h) => h.created_at_i)].sort((a, b) => b - a));
    const relevant = (await get('/api/v1/search?tags=story&hitsPerPage=1000')).json.hits as Array<{ points: number | null }>;
    const points = relevant.map((h) => h.points ?? 0);
    expect(points).toEqual([...points].sort((a, b) => b - a));
  });

  it('numericFilters: parent_id and created_at_i ranges combine with AND', async () => {
    const may = readBundledSnapshot().stories.find((s) => s.title.includes('(May 2026)'))!;
    const all = (await get(`/api/v1/search_by_date?tags=comment,story_${may.id}&numericFilters=parent_id=${may.id}&hitsPerPage=1000`)).json;
    expect(all.nbHits).toBeGreaterThan(10);
    const times = (all.hits as Array<{ created_at_i: number; parent_id: number; story_title: string }>).map((h) => h.created_at_i);
    const cut = times[Math.floor(times.length / 2)]!;
    const newer = (await get(`/api/v1/search_by_date?tags=comment,story_${may.id}&numericFilters=parent_id=${may.id},created_at_i>${cut}&hitsPerPage=1000`)).json;
    expect(newer.nbHits).toBe(times.filter((t) => t > cut).length);
    for (const h of all.hits) expect(h).toMatchObject({ parent_id: may.id, story_id: may.id, story_title: may.title, points: null, num_comments: null });
    expect(all.hits[0]._tags).toEqual(['comment', `author_${all.hits[0].author}`, `story_${may.id}`]);
  });

  it('query matches words, the last one as a prefix', async () => {
    const { json } = await get('/api/v1/search?query=hiring%20refug&tags=story');
    expect(json.hits.map((h: { objectID: string }) => h.objectID)).toEqual(['7829033']);
    // story_text is searched too: 2023 stories link to the "Freelancer? Seeking freelancer?" thread
    const freelance = (await get('/api/v1/search_by_date?query=freelanc&tags=story&hitsPerPage=1000')).json.hits as Array<{ objectID: string }>;
    expect(freelance.map((h) => h.objectID)).toContain('37351666');
    expect(freelance.map((h) => h.objectID)).toContain('37351667');
  });

  it('hitsPerPage is clamped to 1..1000, default 20', async () => {
    expect((await get('/api/v1/search_by_date?tags=story')).json.hitsPerPage).toBe(20);
    expect((await get('/api/v1/search_by_date?tags=story&hitsPerPage=5000')).json.hitsPerPage).toBe(1000);
    expect((await get('/api/v1/search_by_date?tags=story&hitsPerPage=0')).json.hits).toHaveLength(1);
  });

  it('malformed filters answer 400 with a message', async () => {
    const bad = await get('/api/v1/search_by_date?numericFilters=created_at_i~~3');
    expect(bad.res.status).toBe(400);
    expect(bad.json.message).toContain('numericFilters');
    expect((await get('/api/v1/search_by_date?tags=(story')).res.status).toBe(400);
  });
});

describe('the 1000-hit window', () => {
  it('nbPages counts reachable pages only; the last reachable page is partial', async () => {
    const big = await startHnReplayServer({ snapshot: bigThreadSnapshot(1234) });
    try {
      const q = `tags=comment,story_${BIG_THREAD_ID}&hitsPerPage=300`;
      const p0 = (await (await fetch(`${big.url}/api/v1/search_by_date?${q}&page=0`)).json()) as { nbHits: number; nbPages: number };
      const p3 = (await (await fetch(`${big.url}/api/v1/search_by_date?${q}&page=3`)).json()) as { hits: unknown[] };
      const p4 = (await (await fetch(`${big.url}/api/v1/search_by_date?${q}&page=4`)).json()) as { hits: unknown[] };
      expect(p0).toMatchObject({ nbHits: 1234, nbPages: 4 });
      expect(p3.hits).toHaveLength(100);
      expect(p4.hits).toEqual([]);
    } finally {
      await big.close();
    }
  });
});

describe('/api/v1/items/:id', () => {
  it('serves the thread tree with recorded fields; deleted nodes shrink to {id, children}; unknown ids 404', async () => {
    const snap = readBundledSnapshot();
    const story = snap.stories.find((s) => s.title.includes('(April 2011)'))!;
    const ads = snap.comments.filter((c) => c.parent_id === story.id);
    const { json } = await get(`/api/v1/items/${story.id}`);
    expect(json).toMatchObject({ id: story.id, type: 'story', author: 'whoishiring', title: story.title, parent_id: null, story_id: null, options: [] });
    expect(json.children).toHaveLength(ads.length);
    const recorded = sample('items_2396027_april2011_trimmed.json');
    // (keys starting with "_" are the sample's own trimming notes)
    for (const key of Object.keys(recorded).filter((k) => !k.startsWith('_'))) expect(json).toHaveProperty(key);
    for (const key of Object.keys(recorded.children[0]).filter((k) => !k.startsWith('_'))) expect(json.children[0]).toHaveProperty(key);
    expect((await get('/api/v1/items/1')).res.status).toBe(404);

    const withDeleted = await startHnReplayServer({
      snapshot: { ...snap, comments: [...snap.comments, { id: 99_100_001, parent_id: story.id, story_id: story.id, author: null, created_at_i: story.created_at_i + 9, text: null, deleted: true }] },
    });
    try {
      const tree = (await (await fetch(`${withDeleted.url}/api/v1/items/${story.id}`)).json()) as { children: Array<{ id: number }> };
      expect(tree.children.find((c) => c.id === 99_100_001)).toEqual({ id: 99_100_001, children: [] });
    } finally {
      await withDeleted.close();
    }
  });
});

describe('conditional requests and faults', () => {
  it('If-None-Match with the current ETag → 304, and the shared client returns the cached body', async () => {
    const path = '/api/v1/search_by_date?tags=story&hitsPerPage=5';
    const first = await get(path);
    const etag = first.res.headers.get('etag')!;
    const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const { http } = fastClient();
    const a = await http.request(`${server.url}${path}`, { conditional: true });
    const b = await http.request(`${server.url}${path}`, { conditional: true });
    expect(b).toMatchObject({ status: 304, notModified: true, body: a.body });
  });

  it('gzip when asked to, decoded transparently by the client', async () => {
    const gz = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH, gzip: true });
    try {
      const raw = await fetch(`${gz.url}/api/v1/search_by_date?tags=story&hitsPerPage=50`);
      expect(raw.headers.get('content-encoding')).toBe('gzip');
      const { http } = fastClient();
      expect(JSON.parse((await http.request(`${gz.url}/api/v1/search_by_date?tags=story&hitsPerPage=50`)).body).hits).toHaveLength(50);
    } finally {
      await gz.close();
    }
  });

  it('429 {"message"} after N requests, 5xx on chosen requests, stalls that answer later', async () => {
    const faulty = await startHnReplayServer({
      snapshotPath: SNAPSHOT_PATH,
      faults: { serverError: { requests: [1], status: 500 }, stall: { requests: [2], ms: 30 }, rateLimit: { after: 2, count: 1, retryAfter: '5' } },
    });
    try {
      const url = `${faulty.url}/api/v1/search_by_date?tags=story&hitsPerPage=1`;
      const r1 = await fetch(url);
      expect(r1.status).toBe(500);
      const r2 = await fetch(url);
      expect(r2.status).toBe(200);
      const r3 = await fetch(url);
      expect(r3.status).toBe(429);
      expect(r3.headers.get('retry-after')).toBe('5');
      expect(await r3.json()).toEqual({ message: 'Too many requests' });
      expect((await fetch(url)).status).toBe(200);
      expect(faulty.requests).toBe(4);
    } finally {
      await faulty.close();
    }
  });

  it('close() ends a stall that never answers', async () => {
    const stalled = await startHnReplayServer({ snapshotPath: SNAPSHOT_PATH, faults: { stall: { requests: [1] } } });
    const pending = fetch(`${stalled.url}/api/v1/search_by_date?tags=story`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 20));
    await stalled.close();
    expect(await pending).toBe('failed');
  });
});
