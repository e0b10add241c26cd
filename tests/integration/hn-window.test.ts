// Threads with more than 1000 top-level comments: Algolia serves no hit past rank 1000 of a query,
// so the source must page through created_at_i windows. The thread is synthetic (new ids and times)
// but every ad in it is a real ad from the bundled snapshot.
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/core/errors.js';
import { createHnSource } from '../../scrapers/hn.js';
import { startHnReplayServer, type HnReplayServer } from '../../scrapers/mock/hn-algolia-server.js';
import { BIG_THREAD_ID, bigThreadSnapshot, collect, fastClient } from './hn-helpers.js';

let server: HnReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function searchRequests(s: HnReplayServer): URLSearchParams[] {
  return s.log
    .filter((l) => l.path.startsWith('/api/v1/search_by_date') && l.path.includes(`story_${BIG_THREAD_ID}`))
    .map((l) => new URL(l.path, 'http://x').searchParams);
}

describe('more than 1000 top-level comments', () => {
  it('the replay server really hides hits past #1000 (so a naive reader would lose ads)', async () => {
    server = await startHnReplayServer({ snapshot: bigThreadSnapshot(1234) });
    const { http } = fastClient();
    const q = `tags=comment,story_${BIG_THREAD_ID}&numericFilters=parent_id=${BIG_THREAD_ID}&hitsPerPage=1000`;
    const first = JSON.parse((await http.request(`${server.url}/api/v1/search_by_date?${q}&page=0`)).body);
    const second = JSON.parse((await http.request(`${server.url}/api/v1/search_by_date?${q}&page=1`)).body);
    expect(first.nbHits).toBe(1234);
    expect(first.hits).toHaveLength(1000);
    expect(first.nbPages).toBe(1);
    expect(second.hits).toEqual([]);
  });

  it('reads all 1,234 ads through created_at_i windows, each exactly once', async () => {
    const snapshot = bigThreadSnapshot(1234);
    server = await startHnReplayServer({ snapshot });
    const { http } = fastClient();
    const got = await collect(createHnSource({ baseUrl: server.url, months: 1 }), { http });
    expect(got).toHaveLength(1234);
    expect(new Set(got.map((p) => p.externalId))).toEqual(new Set(snapshot.comments.map((c) => String(c.id))));
    expect(got.every((p) => p.postedAt!.startsWith('2017-02') && (p.meta as { threadMonth: string }).threadMonth === '2017-02')).toBe(true);
    // oldest first
    const times = got.map((p) => Date.parse(p.postedAt!));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const reqs = searchRequests(server);
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.get('numericFilters')).toBe(`parent_id=${BIG_THREAD_ID}`);
    // second window: everything at or before the oldest second of the first one (ties re-read, deduplicated)
    const oldestOfFirst = snapshot.comments.map((c) => c.created_at_i).sort((a, b) => b - a)[999]!;
    expect(reqs[1]!.get('numericFilters')).toBe(`parent_id=${BIG_THREAD_ID},created_at_i<=${oldestOfFirst}`);
    const atBoundary = snapshot.comments.filter((c) => c.created_at_i === oldestOfFirst).length;
    expect(atBoundary).toBeGreaterThan(1); // the boundary second really is shared
  }, 60_000);

  it('also with small pages: follows page while page+1 < nbPages inside each window', async () => {
    server = await startHnReplayServer({ snapshot: bigThreadSnapshot(1234) });
    const { http } = fastClient();
    const got = await collect(createHnSource({ baseUrl: server.url, months: 1, hitsPerPage: 300 }), { http });
    expect(new Set(got.map((p) => p.externalId)).size).toBe(1234);
    const reqs = searchRequests(server);
    // window 1: pages 0–3 (the 4th page holds ranks 901–1000); window 2: 236 hits on page 0
    expect(reqs.map((r) => `${r.get('page')}:${r.get('numericFilters')?.includes('created_at_i') ? 'w2' : 'w1'}`)).toEqual([
      '0:w1', '1:w1', '2:w1', '3:w1', '0:w2',
    ]);
  }, 60_000);

  it('a thread of exactly 1000 needs no second window', async () => {
    server = await startHnReplayServer({ snapshot: bigThreadSnapshot(1000) });
    const { http } = fastClient();
    const got = await collect(createHnSource({ baseUrl: server.url, months: 1 }), { http });
    expect(got).toHaveLength(1000);
    expect(searchRequests(server)).toHaveLength(1);
  }, 60_000);

  it('over 1000 ads in one second cannot be windowed: a clear SourceError, not a silent loss', async () => {
    server = await startHnReplayServer({ snapshot: bigThreadSnapshot(1001, { sameSecond: true }) });
    const { http } = fastClient();
    const err = await collect(createHnSource({ baseUrl: server.url, months: 1 }), { http }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toContain('cannot page further');
  }, 60_000);
});
