// Greenhouse source against the mock built from recorded boards (Vercel 2026, the docs example,
// General Assembly 2013), through the real shared HTTP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseSource, greenhouseContentToHtml } from '../../scrapers/ats/greenhouse.js';
import { decodeEntitiesOnce } from '../../scrapers/ats/entities.js';
import { htmlToText } from '../../scrapers/html-text.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { collect, testHttpClient } from '../fixtures/ats/harness.js';

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

describe('greenhouse source', () => {
  it('maps the recorded Vercel board: ids namespaced by board, first_published as the date', async () => {
    const postings = await collect(createGreenhouseSource({ board: 'vercel', baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['vercel:6136160004', 'vercel:5999792004']);
    const [first] = postings;
    expect(first).toMatchObject({
      source: 'greenhouse',
      url: 'https://job-boards.greenhouse.io/vercel/jobs/6136160004',
      company: 'Vercel',
      title: 'Account Executive, Commercial',
      location: 'Hybrid - London',
      remote: null,
      // "2026-08-06T12:50:10-04:00", not updated_at "2026-09-24T13:34:54-04:00"
      postedAt: '2026-08-06T16:50:10Z',
      meta: {
        board: 'vercel',
        dateField: 'first_published',
        updatedAt: '2026-09-24T17:34:54Z',
        departments: ['Account Executive'],
        offices: ['Office - London'],
        internalJobId: '5196261004',
        requisitionId: '1311',
      },
    });
    expect(first!.text).toBeUndefined();
  });

  it('decodes the entity-escaped content exactly once into real HTML', async () => {
    const [first] = await collect(createGreenhouseSource({ board: 'vercel', baseUrl: mock.url }), { http: testHttpClient() });
    expect(first!.html).toMatch(
      /^<div class="content-intro"><h2>About Vercel:<\/h2>\n<p><span data-sheets-root="1">Vercel is the agentic infrastructure company, freeing people and agents to ship what's next\./,
    );
    expect(first!.html).not.toContain('&lt;');
    expect(htmlToText(first!.html)).toMatch(/^About Vercel:\n+Vercel is the agentic infrastructure company/);
  });

  it('keeps a double-escaped entity as an entity: "&amp;amp;" → HTML "&amp;" → text "&" (2013 board)', async () => {
    const postings = await collect(createGreenhouseSource({ board: 'generalassembly', baseUrl: mock.url, company: 'General Assembly' }), {
      http: testHttpClient(),
    });
    expect(postings).toHaveLength(2);
    const [dev] = postings;
    expect(dev!.html).toContain('<h3>Required skills &amp; experience</h3>');
    expect(dev!.html).toContain("you probably haven't heard of them");
    const text = htmlToText(dev!.html);
    expect(text).toContain('Required skills & experience');
    expect(text).not.toMatch(/&amp;|&lt;|<h3>/);
    // The 2013 shape has no first_published: updated_at is the fallback, and says so.
    expect(dev).toMatchObject({
      externalId: 'generalassembly:721',
      company: 'General Assembly',
      postedAt: '2013-09-12T21:01:50Z',
      meta: { board: 'generalassembly', dateField: 'updated_at' },
    });
  });

  it('reads the official docs example (mixed plain text and escaped HTML)', async () => {
    const [job] = await collect(createGreenhouseSource({ board: 'vaulttec', baseUrl: mock.url }), { http: testHttpClient() });
    expect(job!.html).toBe(
      'This is the job description. <p>Any HTML included through the hosted job application editor will be automatically converted into corresponding HTML entities.</p>',
    );
    expect(job).toMatchObject({ externalId: 'vaulttec:127817', company: 'vaulttec', location: 'NYC', postedAt: '2016-01-14T15:55:28Z' });
  });

  it('an empty board yields nothing and is not an error', async () => {
    expect(await collect(createGreenhouseSource({ board: 'empty', baseUrl: mock.url }), { http: testHttpClient() })).toEqual([]);
  });

  it('board tokens are case-insensitive: any spelling gives the same ids', async () => {
    const postings = await collect(createGreenhouseSource({ board: 'Vercel', baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['vercel:6136160004', 'vercel:5999792004']);
  });

  it('sinceMonth drops postings first published before that month', async () => {
    const postings = await collect(createGreenhouseSource({ board: 'vercel', baseUrl: mock.url }), {
      http: testHttpClient(),
      sinceMonth: '2026-06',
    });
    expect(postings.map((p) => p.postedAt)).toEqual(['2026-08-06T16:50:10Z']);
  });

  it('asks for content=true with a conditional API request', async () => {
    const from = mock.requestLog.length;
    await collect(createGreenhouseSource({ board: 'vercel', baseUrl: mock.url }), { http: testHttpClient() });
    const [entry] = mock.requestLog.slice(from);
    expect(entry).toMatchObject({ method: 'GET', path: '/v1/boards/vercel/jobs?content=true', status: 200 });
    expect(entry!.userAgent).toMatch(/^techdemand\//);
  });

  it('a second run against the unchanged board costs one 304 and yields the same postings', async () => {
    const http = testHttpClient();
    const source = createGreenhouseSource({ board: 'vercel', baseUrl: mock.url });
    const from = mock.requestLog.length;
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    expect(mock.requestLog.slice(from, mid).map((e) => e.status)).toEqual([200]);
    const again = mock.requestLog.slice(mid);
    expect(again.map((e) => e.status)).toEqual([304]);
    expect(again[0]!.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
    expect(second).toEqual(first);
    expect(http.stats().notModified).toBe(1);
  });
});

describe('greenhouse content decoding', () => {
  it('decodes one layer only, numeric and named', () => {
    expect(decodeEntitiesOnce('&lt;p&gt;Tom &amp;amp; Jerry&#39;s &#x27;C&#x2B;&#43;&#39;&lt;/p&gt;')).toBe("<p>Tom &amp; Jerry's 'C++'</p>");
    expect(decodeEntitiesOnce('&amp;lt;script&amp;gt;')).toBe('&lt;script&gt;');
  });

  it('leaves unknown names, invalid code points and bare ampersands alone', () => {
    expect(decodeEntitiesOnce('R&D &bogus; &#0; &#xD800; &#99999999; AT&T')).toBe('R&D &bogus; &#0; &#xD800; &#99999999; AT&T');
  });

  it('does not decode content that already is HTML', () => {
    expect(greenhouseContentToHtml('<p>a &lt; b</p>')).toBe('<p>a &lt; b</p>');
    expect(greenhouseContentToHtml('&lt;p&gt;a &amp;lt; b&lt;/p&gt;')).toBe('<p>a &lt; b</p>');
  });
});
