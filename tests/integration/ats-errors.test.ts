// Every ATS source against the mock, one error kind at a time, through the real shared HTTP client:
// 404 → http-4xx naming the board; 429 (with and without Retry-After) and 500 → retried, then ok;
// a persistent 500 → http-5xx; a truncated JSON body → parse naming source and URL; a stalled
// response → timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/types.js';
import { createAshbySource } from '../../scrapers/ats/ashby.js';
import { createGreenhouseSource } from '../../scrapers/ats/greenhouse.js';
import { createLeverSource } from '../../scrapers/ats/lever.js';
import { createRecruiteeSource } from '../../scrapers/ats/recruitee.js';
import { createSmartRecruitersSource } from '../../scrapers/ats/smartrecruiters.js';
import { createWorkableSource } from '../../scrapers/ats/workable.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { collect, failure, testHttpClient } from '../fixtures/ats/harness.js';

interface Case {
  name: string;
  board: string;
  make: (m: AtsMockServer, board: string) => Source;
  /** Exact path of the board's (first) request, for fault rules. */
  path: (board: string) => string;
  /** Postings the recorded board yields. */
  count: number;
  /** Unknown boards answer 404 (SmartRecruiters answers 200 with nothing found instead). */
  unknown404: boolean;
}

const CASES: Case[] = [
  {
    name: 'greenhouse',
    board: 'vercel',
    make: (m, board) => createGreenhouseSource({ board, baseUrl: m.url }),
    path: (b) => `/v1/boards/${b}/jobs`,
    count: 2,
    unknown404: true,
  },
  {
    name: 'lever',
    board: 'spotify',
    make: (m, site) => createLeverSource({ site, baseUrl: m.url }),
    path: (b) => `/v0/postings/${b}`,
    count: 2,
    unknown404: true,
  },
  {
    name: 'ashby',
    board: 'linear',
    make: (m, board) => createAshbySource({ board, baseUrl: m.url }),
    path: (b) => `/posting-api/job-board/${b}`,
    count: 2,
    unknown404: true,
  },
  {
    name: 'smartrecruiters',
    board: 'Ubisoft2',
    make: (m, company) => createSmartRecruitersSource({ company, baseUrl: m.url }),
    path: (b) => `/v1/companies/${b}/postings`,
    count: 2,
    unknown404: false,
  },
  {
    name: 'recruitee',
    board: 'channable',
    make: (m, company) => createRecruiteeSource({ company, baseUrl: m.recruiteeBaseUrl }),
    path: (b) => `/recruitee/${b}/api/offers/`,
    count: 1,
    unknown404: true,
  },
  {
    name: 'workable',
    board: 'example-robotics',
    make: (m, account) => createWorkableSource({ account, baseUrl: m.url }),
    path: (b) => `/api/v1/widget/accounts/${b}`,
    count: 2,
    unknown404: true,
  },
];

let mock: AtsMockServer;

beforeAll(async () => {
  mock = await startAtsMockServer({ fixtures: loadAtsFixtures() });
});
afterAll(async () => {
  await mock.close();
});

/** Requests the mock saw since `from` for the case's board path. */
function hits(c: Case, from: number) {
  return mock.requestLog.slice(from).filter((e) => e.path.split('?')[0] === c.path(c.board));
}

// SmartRecruiters answers an unknown company with 200 and nothing found (see ats-smartrecruiters.test.ts).
describe.each(CASES.filter((c) => c.unknown404))('$name unknown board', (c) => {
  it('is a SourceError http-4xx naming the board, not retried', async () => {
    const from = mock.requestLog.length;
    const err = await failure(c.make(mock, 'no-such-board'), { http: testHttpClient() });
    expect(err.kind).toBe('http-4xx');
    expect(err.message).toContain(`${c.name} board "no-such-board" not found`);
    expect(err.message).toContain('HTTP 404');
    expect(mock.requestLog.slice(from)).toHaveLength(1);
  });
});

describe.each(CASES)('$name errors', (c) => {
  it.each([
    ['429 with Retry-After', { type: 'rate-limit', retryAfter: '1' } as const],
    ['429 without Retry-After', { type: 'rate-limit' } as const],
    ['429 with the bogus Retry-After: 0', { type: 'rate-limit', retryAfter: '0' } as const],
    ['500', { type: 'server-error' } as const],
  ])('%s is retried by the client, then the board is read', async (_label, fault) => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault, times: 1 });
    const from = mock.requestLog.length;
    const postings = await collect(c.make(mock, c.board), { http: testHttpClient() });
    mock.clearFaults();
    expect(postings).toHaveLength(c.count);
    const statuses = hits(c, from).map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual([fault.type === 'rate-limit' ? 429 : 500, 200]);
  });

  it('a 500 that persists fails as http-5xx after the retries', async () => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault: { type: 'server-error' } });
    const from = mock.requestLog.length;
    const err = await failure(c.make(mock, c.board), { http: testHttpClient({ maxRetries: 2 }) });
    mock.clearFaults();
    expect(err.kind).toBe('http-5xx');
    expect(err.message).toContain(`${c.name} board "${c.board}"`);
    expect(hits(c, from)).toHaveLength(3);
  });

  it('a persistent 429 fails as rate-limited', async () => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault: { type: 'rate-limit', retryAfter: '0' } });
    const err = await failure(c.make(mock, c.board), { http: testHttpClient({ maxRetries: 1 }) });
    mock.clearFaults();
    expect(err.kind).toBe('rate-limited');
  });

  it('malformed JSON is a SourceError parse naming the source and the URL', async () => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault: { type: 'malformed-json' } });
    const err = await failure(c.make(mock, c.board), { http: testHttpClient() });
    mock.clearFaults();
    expect(err.kind).toBe('parse');
    expect(err.message).toContain(`${c.name} board "${c.board}"`);
    expect(err.message).toContain(`${mock.url}${c.path(c.board)}`);
    expect(err.message).not.toContain('\n');
  });

  it('a stalled response is a SourceError timeout', async () => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault: { type: 'stall' } });
    const from = mock.requestLog.length;
    const err = await failure(c.make(mock, c.board), { http: testHttpClient({ timeoutMs: 200, maxRetries: 1 }) });
    mock.clearFaults();
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain(`${c.name} board "${c.board}"`);
    // Timeouts are retried once, then given up.
    expect(hits(c, from)).toHaveLength(2);
  });

  it('an aborted run stops a stalled request', async () => {
    mock.clearFaults();
    mock.addFault({ path: c.path(c.board), fault: { type: 'stall' } });
    const controller = new AbortController();
    const from = mock.requestLog.length;
    const pending = failure(c.make(mock, c.board), { http: testHttpClient({ timeoutMs: 60_000 }), signal: controller.signal });
    // Abort once the stalled request has reached the server.
    while (!mock.requestLog.slice(from).some((e) => e.fault === 'stall' && e.status === null)) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('user cancelled'));
    const err = await pending;
    mock.clearFaults();
    expect(err.kind).toBe('other');
    expect(err.message).toMatch(/aborted/);
  });
});
