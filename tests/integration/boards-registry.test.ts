// The board, career-page and rendered-page sources as the CLI reaches them: through the registry by
// name, with the registry's loosely typed options, and the host politeness they hand the HTTP client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, sourceNames } from '../../scrapers/registry.js';
import { BOARD_SOURCE_NAMES, boardHostPolicies, boardHostPolicy } from '../../scrapers/boards/index.js';
import { UsageError } from '../../src/core/errors.js';
import type { BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { collect, requestsTo, startMock, testHttpClient } from '../fixtures/boards/harness.js';

let mock: BoardsMockServer;

beforeAll(async () => {
  mock = await startMock();
});

afterAll(async () => {
  await mock.close();
});

describe('registry', () => {
  it('knows every board, careers and rendered', () => {
    for (const name of [...BOARD_SOURCE_NAMES, 'careers', 'rendered']) expect(sourceNames()).toContain(name);
  });

  it('builds each board by name against a base URL, passing board options through', async () => {
    for (const name of BOARD_SOURCE_NAMES) {
      const postings = await collect(createSource(name, { baseUrl: mock.url }), { http: testHttpClient() });
      expect(postings.length, name).toBeGreaterThan(0);
    }
    await collect(createSource('remotive', { baseUrl: mock.url, category: 'devops' }), { http: testHttpClient() });
    expect(requestsTo(mock, '/api/remote-jobs?category=devops')).toHaveLength(1);
    const wwr = await collect(createSource('weworkremotely', { baseUrl: mock.url, categories: 'remote-programming-jobs' }), { http: testHttpClient() });
    expect(wwr.map((p) => p.meta!['feed'])).toEqual(['remote-programming-jobs', 'remote-programming-jobs']);
  });

  it('turns bad options into one-line usage errors', () => {
    expect(() => createSource('remoteok', { baseUrl: mock.url, tag: 5 })).toThrow(UsageError);
    expect(() => createSource('arbeitnow', { maxPages: 0 })).toThrow(/"maxPages" must be a whole number/);
    expect(() => createSource('jobicy', { tag: 'ai' })).toThrow(UsageError);
    expect(() => createSource('careers', {})).toThrow(/careers: option "urls" must be a non-empty list/);
    expect(() => createSource('rendered', { urls: ['file:///etc/passwd'] })).toThrow(/not an http\(s\) URL/);
  });

  it('builds the career-page source from urls', async () => {
    const postings = await collect(createSource('careers', { urls: `${mock.url}/careers/graph.html` }), { http: testHttpClient() });
    expect(postings.map((p) => p.company)).toEqual(['Abridge', 'micro1']);
  });
});

describe('host politeness', () => {
  it('maps each board to its real host, or to the override host', () => {
    expect(boardHostPolicy('remotive')).toMatchObject({ host: 'remotive.com', concurrency: 1, minIntervalMs: 30_000 });
    expect(boardHostPolicy('arbeitnow', { baseUrl: mock.url }).host).toBe(new URL(mock.url).host);
    const policies = boardHostPolicies();
    expect(Object.keys(policies).sort()).toEqual(['himalayas.app', 'jobicy.com', 'remoteok.com', 'remotive.com', 'weworkremotely.com', 'www.arbeitnow.com']);
  });
});
