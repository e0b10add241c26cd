// Every remote-board source against the boards mock server, through the real shared HTTP client:
// field mapping from the recorded data, pagination, and each board's quirks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemotiveSource } from '../../scrapers/boards/remotive.js';
import { createRemoteOkSource } from '../../scrapers/boards/remoteok.js';
import { createArbeitnowSource, nextPageUrl } from '../../scrapers/boards/arbeitnow.js';
import { createWeWorkRemotelySource, splitWwrTitle } from '../../scrapers/boards/weworkremotely.js';
import { createHimalayasSource } from '../../scrapers/boards/himalayas.js';
import { createJobicySource } from '../../scrapers/boards/jobicy.js';
import { boardSources } from '../../scrapers/boards/index.js';
import { normalizePosting } from '../../src/normalize.js';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { collect, requestsTo, startMock, testHttpClient } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeAll(async () => {
  mock = await startMock();
});

afterAll(async () => {
  await mock.close();
});

describe('Remotive', () => {
  it('maps the recorded jobs and keeps only the requested category even though the server ignores it', async () => {
    const postings = await collect(createRemotiveSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['1919265', '1919266']);
    const first = postings[0]!;
    expect(first).toMatchObject({
      source: 'remotive',
      url: 'https://remotive.com/remote-jobs/software-development/senior-independent-software-developer-1919265',
      company: 'A.Team',
      title: 'Senior Independent Software Developer',
      location: 'Americas, Europe, Israel',
      remote: true,
      // No zone in the data: read as UTC.
      postedAt: '2026-07-16T10:10:51Z',
    });
    expect(first.html).toMatch(/^</);
    expect(first.meta).toMatchObject({ attribution: 'Remotive', category: 'Software Development', jobType: 'contract' });
    const req = requestsTo(mock, '/api/remote-jobs');
    expect(req.at(-1)!.path).toBe('/api/remote-jobs?category=software-dev');
  });

  it('takes every category when asked for none, and another category by its slug', async () => {
    const all = await collect(createRemotiveSource({ baseUrl: mock.url, category: '' }), { http: testHttpClient() });
    expect(all).toHaveLength(5);
    const devops = await collect(createRemotiveSource({ baseUrl: mock.url, category: 'devops' }), { http: testHttpClient() });
    expect(devops.map((p) => p.title)).toEqual(['Senior DevOps Engineer']);
  });

  it('filters by --since month on its own side', async () => {
    const recent = await collect(createRemotiveSource({ baseUrl: mock.url, category: '' }), { http: testHttpClient(), sinceMonth: '2026-09' });
    expect(recent.map((p) => p.externalId)).toEqual(['2091144', '2091141']);
  });

  it('asks the client for at most four calls a day and one every 30 s', () => {
    const p = boardSources['remotive']!.politeness;
    expect(p.host).toBe('remotive.com');
    expect(p.minRefetchMs).toBeGreaterThanOrEqual(6 * 3600 * 1000);
    expect(p.minIntervalMs).toBeGreaterThanOrEqual(30_000);
    expect(p.concurrency).toBe(1);
  });
});

describe('RemoteOK', () => {
  it('drops the legal-notice element, keeps the Remote OK link and reads epoch seconds', async () => {
    const postings = await collect(createRemoteOkSource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['1137431', '1137429']);
    expect(postings.every((p) => p.title !== null && p.title !== undefined)).toBe(true);
    expect(postings[0]).toMatchObject({
      source: 'remoteok',
      url: 'https://remoteOK.com/remote-jobs/remote-danish-speaking-solutions-consultant-work-sofia-bulgaria-mercier-consultancy-group-1137431',
      company: 'Mercier Consultancy Group',
      title: 'Danish Speaking Solutions Consultant Work Sofia Bulgaria',
      location: null,
      remote: true,
      postedAt: '2026-09-24T16:00:06Z',
    });
    expect(postings[0]!.meta).toMatchObject({ attribution: 'Remote OK' });
    // salary 0 means unknown on Remote OK: not kept as a number.
    expect(postings[0]!.meta!['salaryMinUsd']).toBeUndefined();
  });

  it('repairs the recorded Latin-1 mojibake', async () => {
    const postings = await collect(createRemoteOkSource({ baseUrl: mock.url }), { http: testHttpClient() });
    const workana = postings.find((p) => p.externalId === '1137429')!;
    expect(workana.title).toBe('Mecánico Automotriz Diagnóstico y Presupuestos');
    expect(workana.html).toContain('diagnóstico técnico');
    expect(workana.html).not.toContain('Ã');
    expect(workana.meta).toMatchObject({ mojibakeRepaired: true });
  });

  it('passes a tag and yields nothing when only the legal notice comes back', async () => {
    const none = await collect(createRemoteOkSource({ baseUrl: mock.url, tag: 'golang' }), { http: testHttpClient() });
    expect(none).toEqual([]);
    expect(requestsTo(mock, '/api?tag=golang')).toHaveLength(1);
    const excel = await collect(createRemoteOkSource({ baseUrl: mock.url, tag: 'excel' }), { http: testHttpClient() });
    expect(excel.map((p) => p.externalId)).toEqual(['1137431']);
  });
});

describe('Arbeitnow', () => {
  it('follows links.next until it is null and unescapes entity-escaped descriptions', async () => {
    const before = requestsTo(mock, '/api/job-board-api').length;
    const postings = await collect(createArbeitnowSource({ baseUrl: mock.url }), { http: testHttpClient() });
    const pages = requestsTo(mock, '/api/job-board-api').slice(before).map((e) => e.path);
    // 8 recorded jobs, 3 per mock page.
    expect(pages).toEqual(['/api/job-board-api?page=1', '/api/job-board-api?page=2', '/api/job-board-api?page=3']);
    expect(postings).toHaveLength(8);
    const doctolib = postings[0]!;
    expect(doctolib).toMatchObject({
      source: 'arbeitnow',
      externalId: 'werkstudent-customer-success-berlin-berlin-72879',
      company: 'Doctolib',
      title: 'Werkstudent Customer Success (x/f/m)',
      location: 'Berlin, Berlin',
      remote: false,
      postedAt: '2026-09-26T08:55:15Z',
    });
    expect(doctolib.html!.startsWith('<h2 class="s-pb-2')).toBe(true);
    expect(normalizePosting(doctolib).text).toContain('Gemeinsam gestalten wir die Gesundheitsversorgung der Zukunft');
    expect(postings.filter((p) => p.remote === true).map((p) => p.company)).toEqual(['Automat-it', 'ResearchPod']);
    // Already-HTML descriptions stay as they are.
    const backend = postings.find((p) => p.externalId.startsWith('senior-software-engineer-backend-typescript'))!;
    expect(backend.html!.startsWith('<h2>Deine Aufgaben</h2>')).toBe(true);
  });

  it('stops paging once a whole page is older than --since', async () => {
    const before = requestsTo(mock, '/api/job-board-api').length;
    const postings = await collect(createArbeitnowSource({ baseUrl: mock.url }), { http: testHttpClient(), sinceMonth: '2026-09' });
    expect(postings.map((p) => p.company)).toEqual(['Doctolib', 'Doctolib']);
    // Page 1 is partly new, page 2 wholly old: page 3 is never asked for.
    expect(requestsTo(mock, '/api/job-board-api').length - before).toBe(2);
  });

  it('keeps links.next on the configured origin', () => {
    expect(nextPageUrl('https://www.arbeitnow.com/api/job-board-api?page=2', 'http://127.0.0.1:9/api/job-board-api?page=1', 'http://127.0.0.1:9')).toBe(
      'http://127.0.0.1:9/api/job-board-api?page=2',
    );
    expect(nextPageUrl(null, 'http://x/a', 'http://x')).toBeNull();
    expect(nextPageUrl('?page=3', 'http://x/api/job-board-api?page=2', 'http://x')).toBe('http://x/api/job-board-api?page=3');
  });

  it('respects maxPages', async () => {
    const postings = await collect(createArbeitnowSource({ baseUrl: mock.url, maxPages: 1 }), { http: testHttpClient() });
    expect(postings).toHaveLength(3);
  });
});

describe('We Work Remotely', () => {
  it('parses the RSS feed: "Company: Role" titles, region, RFC 822 dates, decoded HTML', async () => {
    const postings = await collect(createWeWorkRemotelySource({ baseUrl: mock.url }), { http: testHttpClient() });
    expect(requestsTo(mock, '/categories/remote-back-end-programming-jobs.rss').length).toBeGreaterThan(0);
    expect(postings).toHaveLength(2);
    expect(postings[0]).toMatchObject({
      source: 'weworkremotely',
      externalId: 'https://weworkremotely.com/remote-jobs/fin-solutions-architect-spanish-speaking',
      url: 'https://weworkremotely.com/remote-jobs/fin-solutions-architect-spanish-speaking',
      company: 'Fin',
      title: 'Solutions Architect -Spanish Speaking',
      location: 'Anywhere in the World',
      remote: true,
      postedAt: '2026-09-11T07:30:48Z',
    });
    expect(postings[0]!.meta).toMatchObject({ category: 'Full-Stack Programming', feed: 'remote-back-end-programming-jobs' });
    expect(postings[0]!.html).toContain('<strong>Headquarters:</strong>');
    expect(postings[0]!.html).toContain('R&amp;D');
    expect(normalizePosting(postings[0]!).text).toContain('Product, R&D, and Engineering');
    expect(postings[1]).toMatchObject({ company: 'Toptal', title: 'Power Platform Solutions Architect', location: 'North America Only' });
  });

  it('reads several category feeds', async () => {
    const postings = await collect(
      createWeWorkRemotelySource({ baseUrl: mock.url, categories: ['remote-back-end-programming-jobs', 'remote-programming-jobs'] }),
      { http: testHttpClient() },
    );
    expect(postings.map((p) => p.meta!['feed'])).toEqual([
      'remote-back-end-programming-jobs',
      'remote-back-end-programming-jobs',
      'remote-programming-jobs',
      'remote-programming-jobs',
    ]);
  });

  it('splits titles on the first ": " only', () => {
    expect(splitWwrTitle('Fin: Solutions Architect: EMEA')).toEqual({ company: 'Fin', role: 'Solutions Architect: EMEA' });
    expect(splitWwrTitle('No company here')).toEqual({ company: null, role: 'No company here' });
  });
});

describe('Himalayas', () => {
  it('walks the cursor and reads pubDate seconds', async () => {
    const before = requestsTo(mock, '/jobs/api').length;
    const postings = await collect(createHimalayasSource({ baseUrl: mock.url, limit: 1 }), { http: testHttpClient() });
    const paths = requestsTo(mock, '/jobs/api').slice(before).map((e) => e.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toBe('/jobs/api?limit=1');
    expect(paths[1]).toMatch(/^\/jobs\/api\?limit=1&cursor=[A-Za-z0-9_-]+$/);
    expect(postings).toHaveLength(2);
    expect(postings[0]).toMatchObject({
      source: 'himalayas',
      externalId: 'https://himalayas.app/companies/micro1/jobs/gmail-google-calendar-ai-assistant-evaluator',
      url: 'https://himalayas.app/companies/micro1/jobs/gmail-google-calendar-ai-assistant-evaluator',
      company: 'micro1',
      title: 'Gmail & Google Calendar AI Assistant Evaluator',
      location: 'United States',
      remote: true,
      postedAt: '2026-09-26T05:38:56Z',
    });
    expect(postings[0]!.meta).toMatchObject({ attribution: 'Himalayas', employmentType: 'Contractor', minSalary: 15, maxSalary: 30 });
    expect(postings[0]!.meta!['expiresAt']).toBe('2026-11-25T05:38:56Z');
  });

  it('reads pubDate in milliseconds (as documented) to the same instants', async () => {
    const msMock = await startMock({ himalayasPubDateUnit: 'mixed' });
    try {
      const postings = await collect(createHimalayasSource({ baseUrl: msMock.url }), { http: testHttpClient() });
      expect(postings.map((p) => p.postedAt)).toEqual(['2026-09-26T05:38:56Z', '2026-09-26T04:31:20Z']);
    } finally {
      await msMock.close();
    }
  });

  it('stops at maxPages', async () => {
    const postings = await collect(createHimalayasSource({ baseUrl: mock.url, limit: 1, maxPages: 1 }), { http: testHttpClient() });
    expect(postings).toHaveLength(1);
  });
});

describe('Jobicy', () => {
  it('follows nextCursor with unchanged filters until hasMore is false', async () => {
    const before = requestsTo(mock, '/api/v2/remote-jobs').length;
    const postings = await collect(createJobicySource({ baseUrl: mock.url, count: 1 }), { http: testHttpClient() });
    const paths = requestsTo(mock, '/api/v2/remote-jobs').slice(before).map((e) => e.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toBe('/api/v2/remote-jobs?count=1&industry=engineering');
    expect(paths[1]).toMatch(/^\/api\/v2\/remote-jobs\?count=1&industry=engineering&cursor=/);
    expect(postings.map((p) => p.externalId)).toEqual(['154087', '154084']);
    expect(postings[0]).toMatchObject({
      source: 'jobicy',
      url: 'https://jobicy.com/jobs/154087-orioledb-developer-amer',
      company: 'Supabase',
      title: 'OrioleDB Developer (AMER)',
      location: 'LATAM, Canada, USA',
      remote: true,
      postedAt: '2026-09-25T20:54:07Z',
    });
    expect(postings[1]!.meta).toMatchObject({ attribution: 'Jobicy', salaryMin: 200000, salaryMax: 250000, jobLevel: 'Senior' });
    expect(normalizePosting(postings[0]!).text).toContain('Supabase is the Postgres development platform');
  });

  it('passes a tag through and takes one page when everything fits', async () => {
    const before = requestsTo(mock, '/api/v2/remote-jobs').length;
    const postings = await collect(createJobicySource({ baseUrl: mock.url, tag: 'postgres' }), { http: testHttpClient() });
    expect(postings.map((p) => p.externalId)).toEqual(['154087']);
    expect(requestsTo(mock, '/api/v2/remote-jobs').length - before).toBe(1);
  });

  it('refuses a tag the API would reject before spending a request', () => {
    expect(() => createJobicySource({ baseUrl: mock.url, tag: 'ai' })).toThrow(/3–50 bytes/);
  });

  it('asks for at most one sync an hour', () => {
    expect(boardSources['jobicy']!.politeness.minRefetchMs).toBeGreaterThanOrEqual(3600 * 1000);
  });
});

describe('all boards', () => {
  it('every board yields postings the pipeline can normalise, with a link back and an attribution', async () => {
    for (const [name, entry] of Object.entries(boardSources)) {
      const source = entry.create({ baseUrl: mock.url });
      expect(source.name).toBe(name);
      const postings = await collect(source, { http: testHttpClient() });
      expect(postings.length, name).toBeGreaterThan(0);
      for (const p of postings) {
        expect(p.source).toBe(name);
        expect(p.url, `${name} ${p.externalId}`).toMatch(/^https:\/\//);
        expect(typeof p.meta!['attribution']).toBe('string');
        const n = normalizePosting(p);
        expect(n.postedAt).toBe(p.postedAt);
        expect(n.text.length, `${name} ${p.externalId}`).toBeGreaterThan(20);
        expect(() => JSON.stringify(p.meta)).not.toThrow();
      }
    }
  });
});
