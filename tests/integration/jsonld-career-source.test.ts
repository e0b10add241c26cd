// The career-page source against the boards mock through the real shared HTTP client: pages are
// fetched as kind 'page' (robots.txt honoured), JobPostings extracted per page, one failing page does
// not cost the others, and unchanged pages come back as 304.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCareerPageSource } from '../../scrapers/jsonld.js';
import type { SourceProgress } from '../../src/core/types.js';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { collect, collectUntilFailure, requestsTo, startMock, testHttpClient } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeEach(async () => {
  mock = await startMock();
});

afterEach(async () => {
  await mock.close();
});

const pages = (...names: string[]) => names.map((n) => `${mock.url}/careers/${n}`);

describe('career pages', () => {
  it('yields the JobPostings of every page, fetched after robots.txt', async () => {
    const progress: SourceProgress[] = [];
    const postings = await collect(createCareerPageSource({ urls: pages('multi-block.html', 'graph.html', 'no-jobs.html') }), {
      http: testHttpClient(),
      onProgress: (p) => progress.push(p),
    });
    expect(postings.map((p) => p.company)).toEqual(['Supabase', 'Phantom', 'Abridge', 'micro1']);
    expect(postings.every((p) => p.source === 'careers')).toBe(true);
    const host = new URL(mock.url).host;
    expect(postings[0]!.externalId).toBe(`${host}:154087`);
    expect(postings[0]!.url).toBe(`${mock.url}/jobs/154087-orioledb-developer-amer`);
    // robots.txt once per origin, before the first page.
    expect(mock.requestLog[0]!.path).toBe('/robots.txt');
    expect(requestsTo(mock, '/robots.txt')).toHaveLength(1);
    expect(progress.at(-1)!.message).toContain('1 malformed ld+json block(s) skipped');
  });

  it('never requests a page robots.txt disallows, and reports it after the other pages', async () => {
    const { postings, error } = await collectUntilFailure(
      createCareerPageSource({ urls: pages('graph.html', 'private/internal.html', 'multi-block.html') }),
      { http: testHttpClient() },
    );
    expect(postings.map((p) => p.company)).toEqual(['Abridge', 'micro1', 'Supabase', 'Phantom']);
    expect(requestsTo(mock, '/careers/private/')).toHaveLength(0);
    expect(error.kind).toBe('robots');
    expect(error.message).toMatch(/^1 of 3 page\(s\) failed: careers: robots\.txt of http:\/\/127\.0\.0\.1:\d+ disallows \/careers\/private\/internal\.html/);
  });

  it('an unreachable robots.txt (5xx) means no page is fetched', async () => {
    mock.addFault({ path: '/robots.txt', fault: { type: 'server-error' } });
    const { postings, error } = await collectUntilFailure(createCareerPageSource({ urls: pages('graph.html') }), {
      http: testHttpClient(),
    });
    expect(postings).toEqual([]);
    expect(error.kind).toBe('robots');
    expect(requestsTo(mock, '/careers/')).toHaveLength(0);
  });

  it('a missing page fails alone; the others are kept', async () => {
    const { postings, error } = await collectUntilFailure(
      createCareerPageSource({ urls: pages('gone.html', 'graph.html') }),
      { http: testHttpClient() },
    );
    expect(postings).toHaveLength(2);
    expect(error.kind).toBe('http-4xx');
    expect(error.message).toContain('HTTP 404');
  });

  it('a stalled page times out without holding up the rest', async () => {
    mock.addFault({ path: '/careers/multi-block.html', fault: { type: 'stall' } });
    const { postings, error } = await collectUntilFailure(
      createCareerPageSource({ urls: pages('multi-block.html', 'graph.html') }),
      // The timeout applies to every request: generous enough that the healthy ones finish on a busy machine.
      { http: testHttpClient({ timeoutMs: 5_000, maxRetries: 0 }) },
    );
    expect(postings.map((p) => p.company)).toEqual(['Abridge', 'micro1']);
    expect(error.kind).toBe('timeout');
  });

  it('re-reads an unchanged page as a 304 with the same postings', async () => {
    const http = testHttpClient();
    const source = createCareerPageSource({ urls: pages('graph.html') });
    const first = await collect(source, { http });
    const second = await collect(source, { http });
    expect(second).toEqual(first);
    expect(requestsTo(mock, '/careers/graph.html').map((e) => e.status)).toEqual([200, 304]);
  });

  it('names itself as configured and filters by --since', async () => {
    const postings = await collect(createCareerPageSource({ urls: pages('multi-block.html'), name: 'acme-careers' }), {
      http: testHttpClient(),
      sinceMonth: '2026-10',
    });
    expect(postings).toEqual([]);
    const all = await collect(createCareerPageSource({ urls: pages('multi-block.html'), name: 'acme-careers' }), { http: testHttpClient() });
    expect(all.map((p) => p.source)).toEqual(['acme-careers', 'acme-careers']);
  });
});
