// SmartRecruiters source against the mock built from the recorded Ubisoft2 list (details synthetic, see
// tests/fixtures/ats/PROVENANCE.md), through the real shared HTTP client: offset paging by totalFound,
// one detail call per posting for the description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartRecruitersSource } from '../../scrapers/ats/smartrecruiters.js';
import { htmlToText } from '../../scrapers/html-text.js';
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

const LIST = '/v1/companies/Ubisoft2/postings';
const FIRST = '744000151912444';
const SECOND = '744000151872065';

function pathsSince(from: number): string[] {
  return mock.requestLog.slice(from).map((e) => e.path);
}

describe('smartrecruiters source', () => {
  it('pages the list by offset until totalFound, with a detail call per posting', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url, pageSize: 1 }), {
      http: testHttpClient(),
    });
    expect(postings.map((p) => p.externalId)).toEqual([`Ubisoft2:${FIRST}`, `Ubisoft2:${SECOND}`]);
    expect(pathsSince(from)).toEqual([
      `${LIST}?limit=1&offset=0`,
      `${LIST}/${FIRST}`,
      `${LIST}?limit=1&offset=1`,
      `${LIST}/${SECOND}`,
    ]);
  });

  it('asks for at most 100 per page (the server cap)', async () => {
    const from = mock.requestLog.length;
    await collect(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url, pageSize: 500 }), { http: testHttpClient() });
    expect(pathsSince(from)[0]).toBe(`${LIST}?limit=100&offset=0`);
    expect(pathsSince(from)).toHaveLength(3);
  });

  it('maps list + detail: sections in order under their titles, no recruiter name kept', async () => {
    const [p, q] = await collect(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url }), { http: testHttpClient() });
    expect(p).toMatchObject({
      source: 'smartrecruiters',
      externalId: `Ubisoft2:${FIRST}`,
      url: `https://jobs.smartrecruiters.com/Ubisoft2/${FIRST}-specialiste-fiabilite-outils-et-infrastructures-tgqf`,
      company: 'Ubisoft',
      title: 'Spécialiste Fiabilité outils et infrastructures - TGQF',
      location: 'Montreal, QC, Canada',
      remote: false,
      postedAt: '2026-09-25T18:18:52.891Z',
      meta: {
        board: 'Ubisoft2',
        refNumber: 'REF31910A',
        function: 'Engineering',
        typeOfEmployment: 'Full-time',
        experienceLevel: 'Mid-Senior Level',
        language: 'fr-CA',
        hybrid: false,
      },
    });
    const html = p!.html!;
    const order = ['<h3>Company Description</h3>', '<h3>Job Description</h3>', '<h3>Qualifications</h3>', '<h3>Additional Information</h3>'];
    const positions = order.map((h) => html.indexOf(h));
    expect(positions.every((n) => n >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(htmlToText(html)).toContain('Automate with Ansible & PowerShell');
    // An empty section is left out rather than leaving a bare heading.
    expect(q!.html).not.toContain('Additional Information');
    expect(JSON.stringify([p, q])).not.toContain('Example Recruiter');
  });

  it('an unknown company is 200 with nothing found: no postings, no error, one request', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createSmartRecruitersSource({ company: 'NoSuchCompany', baseUrl: mock.url }), { http: testHttpClient() });
    expect(postings).toEqual([]);
    expect(pathsSince(from)).toEqual(['/v1/companies/NoSuchCompany/postings?limit=100&offset=0']);
  });

  it('a posting whose detail is 404 (closed since the list) is skipped, the rest is read', async () => {
    const fixtures = loadAtsFixtures();
    const board = fixtures.smartrecruiters!.Ubisoft2!;
    const { [FIRST]: _closed, ...remaining } = board.details;
    const local = await startAtsMockServer({ fixtures: { smartrecruiters: { Ubisoft2: { postings: board.postings, details: remaining } } } });
    try {
      const postings = await collect(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: local.url }), { http: testHttpClient() });
      expect(postings.map((p) => p.externalId)).toEqual([`Ubisoft2:${SECOND}`]);
      expect(local.requestLog.map((e) => e.status)).toEqual([200, 404, 200]);
    } finally {
      await local.close();
    }
  });

  it('a detail call that keeps failing fails the source, naming the company', async () => {
    mock.addFault({ path: `${LIST}/${SECOND}`, fault: { type: 'server-error' } });
    const err = await failure(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url }), { http: testHttpClient({ maxRetries: 1 }) });
    mock.clearFaults();
    expect(err.kind).toBe('http-5xx');
    expect(err.message).toContain('smartrecruiters board "Ubisoft2"');
    expect(err.message).toContain(`${LIST}/${SECOND}`);
  });

  it('sinceMonth skips the detail calls of older postings', async () => {
    const from = mock.requestLog.length;
    const postings = await collect(createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url }), {
      http: testHttpClient(),
      sinceMonth: '2026-10',
    });
    expect(postings).toEqual([]);
    expect(pathsSince(from)).toEqual([`${LIST}?limit=100&offset=0`]);
  });

  it('a second run of the unchanged company makes only conditional requests, all answered 304', async () => {
    const http = testHttpClient();
    const source = createSmartRecruitersSource({ company: 'Ubisoft2', baseUrl: mock.url });
    const first = await collect(source, { http });
    const mid = mock.requestLog.length;
    const second = await collect(source, { http });
    const again = mock.requestLog.slice(mid);
    expect(again.map((e) => e.status)).toEqual([304, 304, 304]);
    expect(again.every((e) => e.ifNoneMatch !== null)).toBe(true);
    expect(second).toEqual(first);
  });
});
