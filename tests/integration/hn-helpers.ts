// Shared plumbing for tests/integration/hn-*.test.ts: the bundled snapshot read independently of the
// replay server's own loader, a synthetic big thread built from real ads, and a fast client.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import { createHttpClient, type HttpClientOptions, type PoliteHttpClient } from '../../scrapers/http.js';
import type { HnSnapshot, SnapshotComment } from '../../scrapers/mock/hn-algolia-server.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SNAPSHOT_PATH = resolve(REPO_ROOT, 'data/hn-snapshot.json.gz');

/** The bundled snapshot parsed with nothing but zlib + JSON (no project code). */
export function readBundledSnapshot(): HnSnapshot {
  return JSON.parse(gunzipSync(readFileSync(SNAPSHOT_PATH)).toString('utf8')) as HnSnapshot;
}

/** The real client with loopback-sized waits: no politeness gap, instant (recorded) backoff. */
export function fastClient(extra: HttpClientOptions = {}): { http: PoliteHttpClient; sleeps: number[] } {
  const sleeps: number[] = [];
  let now = Date.UTC(2026, 5, 1);
  const http = createHttpClient({
    userAgentVersion: 'test',
    contact: 'hn-tests@example.invalid',
    hostPolicies: { '127.0.0.1': { concurrency: 2, minIntervalMs: 0 } },
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    ...extra,
  });
  return { http, sleeps };
}

export async function collect(source: Source, ctx: SourceContext): Promise<RawPosting[]> {
  const out: RawPosting[] = [];
  for await (const posting of source.fetch(ctx)) out.push(posting);
  return out;
}

export function monthOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 7);
}

export const BIG_THREAD_ID = 90_000_000;

/**
 * One synthetic thread with `count` top-level comments: the texts and authors are real ads from the
 * bundled snapshot, ids and times are new. Three comments share each second, so Algolia's 1000-hit
 * window boundary falls inside a group of equal created_at_i (the case window paging must survive).
 */
export function bigThreadSnapshot(count: number, opts: { sameSecond?: boolean } = {}): HnSnapshot {
  const real = readBundledSnapshot().comments.filter((c) => c.author && c.text);
  if (real.length === 0) throw new Error('bundled snapshot has no ads');
  const start = Date.UTC(2017, 1, 1, 16) / 1000; // February 2017: the real record, 1,236 comments
  const comments: SnapshotComment[] = [];
  for (let i = 0; i < count; i++) {
    const ad = real[i % real.length]!;
    comments.push({
      id: BIG_THREAD_ID + 1 + i,
      parent_id: BIG_THREAD_ID,
      story_id: BIG_THREAD_ID,
      author: ad.author,
      created_at_i: opts.sameSecond ? start + 60 : start + 60 + Math.floor((i + 1) / 3),
      text: ad.text,
    });
  }
  return {
    format: 'techdemand-hn-snapshot',
    version: 1,
    stories: [
      { id: BIG_THREAD_ID, title: 'Ask HN: Who is hiring? (February 2017)', author: 'whoishiring', created_at_i: start, points: 900, num_comments: count },
    ],
    comments,
  };
}
