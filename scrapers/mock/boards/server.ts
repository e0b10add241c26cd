// A loopback mock of the remote job boards (Remotive, RemoteOK, Arbeitnow, We Work Remotely, Himalayas,
// Jobicy) and of career pages (static JSON-LD pages, a JavaScript-rendered page, robots.txt), for
// integration and browser tests and offline demos.
//
// Contract answers come from routes.ts; ../http-mock.ts adds the HTTP behaviour around them:
// - ETag + Last-Modified on every successful document, 304 on a matching conditional request;
// - fault injection per path: any status (429 with or without Retry-After, 5xx, 4xx with a body), a
//   stalled response that never sends headers, a truncated (malformed) body, a connection reset, a
//   transfer cut off mid-body;
// - optional random faults on a seeded share of all requests (chaos.ts), for soak tests;
// - every path under /stall/ stalls (a page's script that never arrives keeps "load" from firing);
// - optional per-board rate limits; a request log the tests assert on.
import { answer, sourceOfPath, type BoardsFixtures, type BoardsMockResponse, type BoardsMockSource } from './routes.js';
import { startMockHttpServer, type MockFault, type MockFaultRule, type MockRateLimit, type MockRequestLogEntry, type MockServerControls, type MockServerOptions } from '../http-mock.js';

export type { BoardsFixtures, BoardsMockSource } from './routes.js';

// The shared shapes of http-mock.ts under this server's own names, which the tests and sources import.
export type BoardsFault =
  | MockFault
  /** 200 with the real content type and the real document cut in half. */
  | { type: 'malformed' };

export type BoardsFaultRule = MockFaultRule<BoardsFault>;

export type BoardsRateLimit = MockRateLimit;

export interface BoardsMockOptions extends MockServerOptions<BoardsFault, BoardsMockSource> {
  fixtures: BoardsFixtures;
  /** Jobs per Arbeitnow page (default 3, so the recorded jobs span several pages). */
  arbeitnowPerPage?: number;
  /** Unit of Himalayas pubDate (default 's', as the live API serves). */
  himalayasPubDateUnit?: 's' | 'ms' | 'mixed';
}

export type BoardsRequestLogEntry = MockRequestLogEntry<BoardsMockSource, BoardsFault['type']>;

export interface BoardsMockServer extends MockServerControls<BoardsFault, BoardsMockSource> {
  /** Replaces the fixture data (a board changed between runs: new ETag, 200 again). */
  setFixtures(fixtures: BoardsFixtures): void;
}

export async function startBoardsMockServer(opts: BoardsMockOptions): Promise<BoardsMockServer> {
  let fixtures = opts.fixtures;
  const routeOptions = {
    arbeitnowPerPage: opts.arbeitnowPerPage ?? 3,
    himalayasPubDateUnit: opts.himalayasPubDateUnit ?? 's',
  } as const;
  // Career pages link to their own origin, known once the server listens (before any request arrives).
  let origin = '';
  const route = (url: URL): BoardsMockResponse => answer(fixtures, { pathname: url.pathname, query: url.searchParams, origin }, routeOptions);

  const mock = await startMockHttpServer<BoardsMockSource, 'malformed'>(
    {
      sourceOf: (_req, url) => sourceOfPath(url.pathname),
      answer: (_req, url) => {
        const r = route(url);
        return { status: r.status, headers: { 'content-type': r.contentType, ...r.headers }, body: r.body, cacheable: r.cacheable };
      },
      // Sent with the route's content type only, not its other headers.
      malformed: (_req, url) => {
        const r = route(url);
        return { headers: { 'content-type': r.contentType }, body: r.body };
      },
      stalls: (pathname) => pathname.startsWith('/stall/'),
    },
    opts,
  );
  origin = mock.url;
  return Object.assign(mock, {
    setFixtures(next: BoardsFixtures) {
      fixtures = next;
    },
  });
}
