// Ashby source against the mock built from the recorded Linear board, through the real shared HTTP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAshbySource } from '../../scrapers/ats/ashby.js';
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

describe('ashby source', () => {
  it('maps the recorded Linear board', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createAshbySource({ board: 'linear', baseUrl: mock.url, company: 'Linear' }), { http: testHttpClient() });
    expect(mock.requestLog.slice(from).map((e) => e.path)).toEqual(['/posting-api/job-board/linear?includeCompensation=true']);
    expect(postings).toHaveLength(2);
    const [eu, na] = postings;
    expect(eu).toMatchObject({
      source: 'ashby',
      externalId: 'linear:d3bc1ced-3ce4-4086-a050-555055dbb1ff',
      url: 'https://jobs.ashbyhq.com/linear/d3bc1ced-3ce4-4086-a050-555055dbb1ff',
      company: 'Linear',
      title: 'Senior / Staff Fullstack Engineer',
      location: 'Europe',
      remote: true,
      postedAt: '2021-04-27T20:13:45.158Z',
      meta: { board: 'linear', department: 'Product', team: 'Engineering', employmentType: 'FullTime', workplaceType: 'Remote' },
    });
    expect(eu!.html).toMatch(/^<p style="min-height:1\.5em">At Linear, we're building the product development system/);
    expect(eu!.text).toBeUndefined();
    expect(na).toMatchObject({ location: 'North America', postedAt: '2021-08-18T20:48:26.891Z' });
    // The recorded compensation is all nulls: nothing worth keeping.
    expect(eu!.meta).not.toHaveProperty('compensation');
  });

  it('skips unlisted jobs and falls back to descriptionPlain when there is no HTML', async () => {
    const linear = readAtsFixture<{ jobs: Record<string, unknown>[] }>('ashby-linear.json').jobs;
    const hidden = { ...linear[0], id: '00000000-0000-4000-8000-000000000001', isListed: false };
    const plainOnly = { ...linear[1], id: '00000000-0000-4000-8000-000000000002', descriptionHtml: null, isRemote: undefined, workplaceType: 'Hybrid' };
    const local = await startAtsMockServer({ fixtures: { ashby: { linear: [...linear, hidden, plainOnly] } } });
    try {
      const postings = await collect(createAshbySource({ board: 'linear', baseUrl: local.url }), { http: testHttpClient() });
      expect(postings.map((p) => p.externalId)).toEqual([
        'linear:d3bc1ced-3ce4-4086-a050-555055dbb1ff',
        'linear:cd5ae036-0223-427a-b038-ba16ef9dcb32',
        'linear:00000000-0000-4000-8000-000000000002',
      ]);
      const last = postings[2]!;
      expect(last.html).toBeNull();
      expect(last.text).toMatch(/^At Linear, we're building/);
      expect(last.remote).toBe(false); // no isRemote; workplaceType Hybrid
    } finally {
      await local.close();
    }
  });

  it('a second run of the unchanged board costs one 304', async () => {
    const http = testHttpClient();
    const source = createAshbySource({ board: 'linear', baseUrl: mock.url });
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    expect(mock.requestLog.slice(mid).map((e) => e.status)).toEqual([304]);
    expect(second).toEqual(first);
  });

  it('a changed board is read again (new ETag, 200)', async () => {
    const http = testHttpClient();
    const source = createAshbySource({ board: 'linear', baseUrl: mock.url });
    await collect(source, { http });
    const fixtures = loadAtsFixtures();
    const jobs = fixtures.ashby!.linear!.slice(0, 1);
    mock.setFixtures({ ...fixtures, ashby: { linear: jobs } });
    try {
      const mid = mock.requestLog.length;
      const second = await collect(source, { http });
      expect(mock.requestLog.slice(mid).map((e) => [e.status, e.ifNoneMatch !== null])).toEqual([[200, true]]);
      expect(second).toHaveLength(1);
    } finally {
      mock.setFixtures(loadAtsFixtures());
    }
  });
});
