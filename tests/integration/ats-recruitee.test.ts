// Recruitee source against the mock built from the recorded Channable offer, through the real shared
// HTTP client: the subdomain-per-company URL as a template, the "YYYY-MM-DD HH:MM:SS UTC" dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { createRecruiteeSource, recruiteeOffersUrl, RECRUITEE_BASE_URL_TEMPLATE } from '../../scrapers/ats/recruitee.js';
import { isoUtcFromSpacedUtc } from '../../scrapers/ats/common.js';
import { htmlToText } from '../../scrapers/html-text.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures, readAtsFixture } from '../fixtures/ats/index.js';
import { collect, testHttpClient } from '../fixtures/ats/harness.js';

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

describe('recruitee source', () => {
  it('maps the recorded Channable offer; the custom UTC date format becomes ISO', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createRecruiteeSource({ company: 'channable', baseUrl: mock.recruiteeBaseUrl }), { http: testHttpClient() });
    expect(mock.requestLog.slice(from).map((e) => e.path)).toEqual(['/recruitee/channable/api/offers/']);
    expect(postings).toHaveLength(1);
    const [p] = postings;
    expect(p).toMatchObject({
      source: 'recruitee',
      externalId: 'channable:2751915',
      url: 'https://jobs.channable.com/o/customer-success-manager-benelux-dutch-speaking-3',
      company: 'Channable',
      title: 'Customer Success Manager Benelux - Dutch speaking',
      location: 'Utrecht, Utrecht, Netherlands',
      remote: false,
      postedAt: '2026-09-18T13:27:28Z', // "2026-09-18 13:27:28 UTC"
      meta: {
        board: 'channable',
        department: 'Customer Success',
        hybrid: true,
        onSite: false,
        employmentType: 'fulltime_permanent',
        salary: { min: '3750', max: '5250', period: 'month', currency: 'EUR' },
      },
    });
    // Description first, then requirements.
    const text = htmlToText(p!.html);
    expect(text.indexOf('Channable is a fast-growing B2B SaaS platform')).toBeLessThan(text.indexOf('Your role'));
    expect(text).toContain('Portfolio & client management');
    // A mailbox address is never kept.
    expect(JSON.stringify(p)).not.toContain('mailbox');
    expect(JSON.stringify(p)).not.toContain('@channable.recruitee.com');
  });

  it('skips offers that are not published and falls back to created_at for the date', async () => {
    const [offer] = readAtsFixture<{ offers: Record<string, unknown>[] }>('recruitee-channable.json').offers;
    const draft = { ...offer, id: 1, status: 'draft' };
    const undated = { ...offer, id: 2, published_at: null };
    const local = await startAtsMockServer({ fixtures: { recruitee: { channable: [offer, draft, undated] } } });
    try {
      const postings = await collect(createRecruiteeSource({ company: 'Channable', baseUrl: local.recruiteeBaseUrl }), { http: testHttpClient() });
      expect(postings.map((p) => [p.externalId, p.postedAt])).toEqual([
        ['channable:2751915', '2026-09-18T13:27:28Z'],
        ['channable:2', '2026-09-18T12:55:59Z'],
      ]);
    } finally {
      await local.close();
    }
  });

  it('a second run of the unchanged company costs one 304', async () => {
    const http = testHttpClient();
    const source = createRecruiteeSource({ company: 'channable', baseUrl: mock.recruiteeBaseUrl });
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    expect(mock.requestLog.slice(mid).map((e) => e.status)).toEqual([304]);
    expect(second).toEqual(first);
  });

  it('builds the real subdomain URL, and rejects slugs and templates that cannot work', () => {
    expect(recruiteeOffersUrl(RECRUITEE_BASE_URL_TEMPLATE, 'Channable')).toBe('https://channable.recruitee.com/api/offers/');
    expect(() => recruiteeOffersUrl(RECRUITEE_BASE_URL_TEMPLATE, 'evil.com/x')).toThrow(UsageError);
    expect(() => createRecruiteeSource({ company: 'channable', baseUrl: 'http://127.0.0.1:1/' })).toThrow(/must contain "\{slug\}"/);
    // In a path position the slug is percent-encoded instead.
    expect(recruiteeOffersUrl('http://127.0.0.1:1/recruitee/{slug}', 'a b')).toBe('http://127.0.0.1:1/recruitee/a%20b/api/offers/');
  });

  it('parses only the exact "YYYY-MM-DD HH:MM:SS UTC" shape', () => {
    expect(isoUtcFromSpacedUtc('2026-09-19 19:02:48 UTC')).toBe('2026-09-19T19:02:48Z');
    expect(isoUtcFromSpacedUtc('2026-09-19T19:02:48Z')).toBeNull();
    expect(isoUtcFromSpacedUtc('2026-13-45 99:99:99 UTC')).toBeNull();
    expect(isoUtcFromSpacedUtc(null)).toBeNull();
  });
});
