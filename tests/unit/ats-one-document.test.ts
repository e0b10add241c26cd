// fetchOneDocument (scrapers/ats/common.ts): the fetch loop Greenhouse, Ashby, Recruitee and Workable share. The
// network side is a requester answering one canned document; the sources' own tests run against the loopback mock.
import { describe, expect, it } from 'vitest';
import { fetchOneDocument, type OneDocumentBoard } from '../../scrapers/ats/common.js';
import { SourceError } from '../../src/core/errors.js';
import type { HttpRequestOptions, RawPosting, SourceContext, SourceProgress } from '../../src/core/types.js';

const URL = 'http://127.0.0.1:9/boards/acme';

function context(body: unknown, extra: Partial<SourceContext> = {}) {
  const progress: SourceProgress[] = [];
  const requests: { url: string; options: HttpRequestOptions | undefined }[] = [];
  const ctx: SourceContext = {
    http: {
      async request(url, options) {
        requests.push({ url, options });
        return { url, status: 200, headers: {}, body: JSON.stringify(body), notModified: false };
      },
    },
    onProgress: (p) => progress.push(p),
    ...extra,
  };
  return { ctx, progress, requests };
}

function board(listKey: string, toRaw: OneDocumentBoard['toRaw'] = jobToRaw): OneDocumentBoard {
  return { ref: { source: 'greenhouse', board: 'acme' }, url: URL, label: 'board acme', listKey, toRaw };
}

function jobToRaw(job: Record<string, unknown>, document: Record<string, unknown>): RawPosting | null {
  if (typeof job.id !== 'number') return null;
  return { source: 'greenhouse', externalId: `acme:${job.id}`, company: String(document.name ?? 'acme'), postedAt: String(job.date), text: 'x' };
}

async function collect(ctx: SourceContext, b: OneDocumentBoard): Promise<RawPosting[]> {
  const out: RawPosting[] = [];
  for await (const raw of fetchOneDocument(ctx, b)) out.push(raw);
  return out;
}

describe('fetchOneDocument', () => {
  it('yields what toRaw keeps, in order, with the document at hand, and reports progress over the whole list', async () => {
    const jobs = [
      { id: 1, date: '2026-03-02T00:00:00Z' },
      'not an object',
      { id: 'no number' },
      { id: 2, date: '2025-12-31T00:00:00Z' }, // before the run's month filter
      { id: 3, date: '2026-04-01T00:00:00Z' },
    ];
    const { ctx, progress, requests } = context({ name: 'Acme Inc', jobs }, { sinceMonth: '2026-01' });
    const raws = await collect(ctx, board('jobs'));
    expect(raws.map((r) => r.externalId)).toEqual(['acme:1', 'acme:3']);
    expect(raws.every((r) => r.company === 'Acme Inc')).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(URL);
    expect(requests[0]!.options).toMatchObject({ conditional: true, kind: 'api' });
    expect(progress).toEqual([
      { source: 'greenhouse', message: 'board acme: fetching' },
      { source: 'greenhouse', message: 'board acme: 5 jobs', done: 5, total: 5 },
    ]);
  });

  it('refuses a document without the list as a parse error naming the board, the URL and the list', async () => {
    for (const [body, listKey, expected] of [
      [[{ id: 1 }], 'jobs', 'expected an object with a "jobs" array'],
      [{ jobs: {} }, 'jobs', 'expected an object with a "jobs" array'],
      [{ offer: [] }, 'offers', 'expected an object with an "offers" array'],
    ] as const) {
      const { ctx } = context(body);
      const err = await collect(ctx, board(listKey)).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).kind).toBe('parse');
      expect((err as SourceError).message).toBe(`greenhouse board "acme": unexpected JSON from ${URL}: ${expected}`);
    }
  });

  it('stops between jobs when the run is aborted', async () => {
    const controller = new AbortController();
    const { ctx } = context({ jobs: [{ id: 1, date: '2026-01-01' }, { id: 2, date: '2026-01-01' }] }, { signal: controller.signal });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const raw of fetchOneDocument(ctx, board('jobs'))) {
        seen.push(raw.externalId);
        controller.abort();
      }
    })().then(() => null, (e: unknown) => e);
    expect(seen).toEqual(['acme:1']);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toMatch(/greenhouse board "acme": aborted/);
  });
});
