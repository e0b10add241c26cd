// Workable source against the mock (widget body synthetic: no licensed recording exists, see
// tests/fixtures/ats/PROVENANCE.md), through the real shared HTTP client, including Workable's
// rate limit with its bogus "Retry-After: 0".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATS_POLITENESS } from '../../scrapers/ats/index.js';
import { createWorkableSource, defaultPoliteness } from '../../scrapers/ats/workable.js';
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

describe('workable source', () => {
  it('maps the widget body: account name as company, telecommuting as remote, date-only dates', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createWorkableSource({ account: 'example-robotics', baseUrl: mock.url }), { http: testHttpClient() });
    expect(mock.requestLog.slice(from).map((e) => e.path)).toEqual(['/api/v1/widget/accounts/example-robotics?details=true']);
    expect(postings).toEqual([
      {
        source: 'workable',
        externalId: 'example-robotics:A1B2C3D4E5',
        url: 'https://apply.workable.com/j/A1B2C3D4E5',
        company: 'Example Robotics',
        title: 'Senior Backend Engineer (Go)',
        location: 'Berlin, Berlin, Germany',
        remote: true,
        postedAt: '2026-09-24',
        html: '<p>Build fleet services in Go and PostgreSQL on Kubernetes.</p><ul><li>gRPC &amp; Kafka</li></ul>',
        meta: {
          board: 'example-robotics',
          code: 'ENG-12',
          department: 'Engineering',
          employmentType: 'Full-time',
          function: 'Engineering',
          industry: 'Robotics',
          experience: 'Mid-Senior level',
        },
      },
      expect.objectContaining({
        externalId: 'example-robotics:F6G7H8J9K0',
        // No top-level city/state/country: the first visible entry of locations[].
        location: 'Amsterdam, North Holland, Netherlands',
        remote: false,
        postedAt: '2026-08-03',
      }),
    ]);
  });

  it('an unknown account is a 404 text/plain "Not Found" → http-4xx naming the account', async () => {
    const err = await failure(createWorkableSource({ account: 'nobody', baseUrl: mock.url }), { http: testHttpClient() });
    expect(err.kind).toBe('http-4xx');
    expect(err.message).toMatch(/^workable board "nobody" not found: .*HTTP 404.*Not Found/);
  });

  it('past its rate limit Workable answers 429 "Retry-After: 0"; the client waits, retries, then gives up as rate-limited', async () => {
    const limited = await startAtsMockServer({
      fixtures: loadAtsFixtures(),
      rateLimits: { workable: { limit: 1, windowMs: 3_600_000, retryAfter: '0' } },
    });
    try {
      const source = createWorkableSource({ account: 'example-robotics', baseUrl: limited.url });
      expect(await collect(source, { http: testHttpClient() })).toHaveLength(2);
      const err = await failure(source, { http: testHttpClient({ maxRetries: 2 }) });
      expect(err.kind).toBe('rate-limited');
      expect(limited.requestLog.map((e) => e.status)).toEqual([200, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('its default politeness is the most conservative of all ATS sources (≈30 requests per 10 min)', () => {
    expect(defaultPoliteness.minIntervalMs).toBeGreaterThanOrEqual(20_000);
    expect(defaultPoliteness.concurrency).toBe(1);
    for (const p of Object.values(ATS_POLITENESS)) expect(p.minIntervalMs).toBeLessThanOrEqual(defaultPoliteness.minIntervalMs);
  });

  it('a second run of the unchanged account costs one 304', async () => {
    const http = testHttpClient();
    const source = createWorkableSource({ account: 'example-robotics', baseUrl: mock.url });
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    expect(mock.requestLog.slice(mid).map((e) => e.status)).toEqual([304]);
    expect(second).toEqual(first);
  });
});
