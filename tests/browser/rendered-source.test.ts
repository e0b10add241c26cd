// The rendered-page source in real Chromium (Debian's, via playwright-core) against the boards mock: a
// career page whose jobs only exist after JavaScript ran, read as JSON-LD and with CSS selectors; one
// shared browser per run with every page and context closed afterwards, on success and on timeout;
// robots.txt checked before the browser navigates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderedPageSource, type RenderedPageSource } from '../../scrapers/browser.js';
import { extractJobPostings } from '../../scrapers/jsonld.js';
import { normalizePosting } from '../../src/normalize.js';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { collect, collectUntilFailure, readBoardsFixture, requestsTo, startMock, testHttpClient } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeAll(async () => {
  mock = await startMock();
});

afterAll(async () => {
  await mock.close();
});

const SELECTORS = {
  item: '#jobs li.job',
  title: '.job-title',
  company: '.job-company',
  location: '.job-location',
  description: '.job-description',
  link: 'a.job-link',
};

async function withSource<T>(source: RenderedPageSource, run: (s: RenderedPageSource) => Promise<T>): Promise<T> {
  try {
    return await run(source);
  } finally {
    await source.close();
  }
}

describe('a JavaScript-rendered career page', () => {
  it('has no postings in its HTML as served', () => {
    expect(extractJobPostings(readBoardsFixture('careers/rendered.html'), `${mock.url}/careers/rendered.html`)).toEqual([]);
  });

  it('is read as JSON-LD after rendering, and the browser is left with no pages or contexts', async () => {
    const source = createRenderedPageSource({ urls: [`${mock.url}/careers/rendered.html`], timeoutMs: 60_000, keepBrowserOpen: true });
    await withSource(source, async (s) => {
      const postings = await collect(s, { http: testHttpClient() });
      expect(postings.map((p) => p.title)).toEqual(['Power Platform Solutions Architect', 'Solutions Architect -Spanish Speaking']);
      expect(postings[0]).toMatchObject({
        source: 'rendered',
        company: 'Toptal',
        location: 'North America Only',
        remote: true,
        postedAt: '2026-09-10T21:30:33Z',
        url: `${mock.url}/careers/jobs/toptal-power-platform-solutions-architect`,
      });
      expect(postings[0]!.meta).toMatchObject({ rendered: true });
      expect(normalizePosting(postings[0]!).text).toContain('Deep hands-on experience with Microsoft Power Platform');
      // The JSON the page script loads was fetched by the browser itself.
      expect(requestsTo(mock, '/careers/api/jobs.json').length).toBeGreaterThan(0);
      expect(s.inspect()).toEqual({ connected: true, contexts: 0, pages: 0 });
    });
    expect(source.inspect()).toBeNull();
  });

  it('is read with CSS selectors, on the same shared browser across pages', async () => {
    const source = createRenderedPageSource({
      urls: [`${mock.url}/careers/rendered.html`, `${mock.url}/careers/rendered.html?second`],
      selectors: SELECTORS,
      timeoutMs: 60_000,
      keepBrowserOpen: true,
    });
    await withSource(source, async (s) => {
      const postings = await collect(s, { http: testHttpClient() });
      expect(postings).toHaveLength(4);
      expect(postings[1]).toMatchObject({
        externalId: `${mock.url}/careers/jobs/fin-solutions-architect-spanish-speaking`,
        url: `${mock.url}/careers/jobs/fin-solutions-architect-spanish-speaking`,
        company: 'Fin',
        title: 'Solutions Architect -Spanish Speaking',
        location: 'Anywhere in the World',
      });
      expect(postings[1]!.html).toContain('<li>Lead technical discovery');
      expect(s.inspect()).toEqual({ connected: true, contexts: 0, pages: 0 });
    });
  });

  it('closes the browser at the end of the run by default', async () => {
    const source = createRenderedPageSource({ urls: [`${mock.url}/careers/rendered.html`], timeoutMs: 60_000 });
    const postings = await collect(source, { http: testHttpClient() });
    expect(postings).toHaveLength(2);
    expect(source.inspect()).toBeNull();
  });
});

describe('failures', () => {
  it('times out a page whose load never completes, closes it, and still renders the next pages', async () => {
    const source = createRenderedPageSource({
      // The slow page gets a short deadline of its own; the good one the generous default.
      // A page that loads but never shows a job is read as it is (no openings), not counted as failed.
      urls: [
        { url: `${mock.url}/careers/slow.html`, timeoutMs: 3_000 },
        { url: `${mock.url}/careers/no-jobs.html`, timeoutMs: 10_000 },
        `${mock.url}/careers/rendered.html`,
      ],
      timeoutMs: 60_000,
      keepBrowserOpen: true,
    });
    await withSource(source, async (s) => {
      const { postings, error } = await collectUntilFailure(s, { http: testHttpClient() });
      expect(error.kind).toBe('timeout');
      expect(error.message).toMatch(/^1 of 3 page\(s\) failed: rendered: http:\/\/127\.0\.0\.1:\d+\/careers\/slow\.html did not render within 3000 ms/);
      expect(postings.map((p) => p.company)).toEqual(['Toptal', 'Fin']);
      // The slow page's script request reached the server and was held: the browser really waited.
      expect(requestsTo(mock, '/stall/app.js').length).toBeGreaterThan(0);
      expect(s.inspect()).toEqual({ connected: true, contexts: 0, pages: 0 });
    });
  });

  it('never navigates to a page robots.txt disallows', async () => {
    const source = createRenderedPageSource({ urls: [`${mock.url}/careers/private/internal.html`], timeoutMs: 5_000 });
    const { postings, error } = await collectUntilFailure(source, { http: testHttpClient() });
    expect(postings).toEqual([]);
    expect(error.kind).toBe('robots');
    expect(requestsTo(mock, '/careers/private/')).toHaveLength(0);
    // Nothing to render: the browser was never started.
    expect(source.inspect()).toBeNull();
  });

  it('reports a missing Chromium clearly', async () => {
    const source = createRenderedPageSource({ urls: [`${mock.url}/careers/rendered.html`], chromiumPath: '/nonexistent/chromium' });
    const { error } = await collectUntilFailure(source, { http: testHttpClient() });
    expect(error.message).toContain('Chromium not found at /nonexistent/chromium');
  });
});
