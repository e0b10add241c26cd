// A loopback mock of every ATS job-board API techdemand reads (Greenhouse, Lever, Ashby,
// SmartRecruiters, Recruitee, Workable), for integration tests and offline demos.
//
// Contract answers come from routes.ts; ../http-mock.ts adds the HTTP behaviour around them:
// - ETag + Last-Modified (and Cache-Control) on every successful JSON document, 304 on a matching
//   conditional request (so re-reading an unchanged board costs one 304);
// - fault injection per path: any status (429 with or without Retry-After, 500, …), a stalled
//   response that never sends headers, a truncated (malformed) JSON body, a connection reset, a
//   transfer cut off mid-body;
// - optional random faults on a seeded share of all requests (chaos.ts), for soak tests;
// - optional per-source rate limits (Workable's 429 with the bogus "Retry-After: 0");
// - a request log the tests assert on.
import type { IncomingMessage } from 'node:http';
import { answer, sourceOfPath, type AtsFixtures, type AtsMockSource } from './routes.js';
import { startMockHttpServer, type MockFault, type MockFaultRule, type MockRateLimit, type MockRequestLogEntry, type MockServerControls, type MockServerOptions } from '../http-mock.js';

export type { AtsFixtures, AtsMockSource } from './routes.js';

// The shared shapes of http-mock.ts under this server's own names, which the tests and sources import.
export type AtsFault =
  | MockFault
  /** 200 with a JSON content type and the real document cut in half. */
  | { type: 'malformed-json' };

export type AtsFaultRule = MockFaultRule<AtsFault>;

export type AtsRateLimit = MockRateLimit;

export interface AtsMockOptions extends MockServerOptions<AtsFault, AtsMockSource> {
  fixtures: AtsFixtures;
}

export type AtsRequestLogEntry = MockRequestLogEntry<AtsMockSource, AtsFault['type']>;

export interface AtsMockServer extends MockServerControls<AtsFault, AtsMockSource> {
  /** Recruitee base URL template for this server: "http://127.0.0.1:PORT/recruitee/{slug}". */
  recruiteeBaseUrl: string;
  /** Replaces the fixture data (a board changed between runs: new ETag, 200 again). */
  setFixtures(fixtures: AtsFixtures): void;
}

export async function startAtsMockServer(opts: AtsMockOptions): Promise<AtsMockServer> {
  let fixtures = opts.fixtures;
  const host = (req: IncomingMessage): string => req.headers.host ?? '';
  const mock = await startMockHttpServer<AtsMockSource, 'malformed-json'>(
    {
      sourceOf: (req, url) => sourceOfPath(url.pathname, host(req)),
      answer: (req, url, method) => {
        const r = answer(fixtures, { method, pathname: url.pathname, query: url.searchParams, host: host(req), accept: String(req.headers.accept ?? '') });
        return { status: r.status, headers: { 'content-type': r.contentType }, body: r.body, cacheable: r.cacheable };
      },
      // The document a plain GET without Accept gets, sent as JSON whatever it was.
      malformed: (req, url) => ({
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: answer(fixtures, { method: 'GET', pathname: url.pathname, query: url.searchParams, host: host(req), accept: '' }).body,
      }),
      cacheControl: 'max-age=0, private, must-revalidate',
    },
    opts,
  );
  return Object.assign(mock, {
    recruiteeBaseUrl: `${mock.url}/recruitee/{slug}`,
    setFixtures(next: AtsFixtures) {
      fixtures = next;
    },
  });
}
