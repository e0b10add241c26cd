// A loopback mock of the remote job boards (Remotive, RemoteOK, Arbeitnow, We Work Remotely, Himalayas,
// Jobicy) and of career pages (static JSON-LD pages, a JavaScript-rendered page, robots.txt), for
// integration and browser tests and offline demos.
//
// Contract answers come from routes.ts; this file adds the HTTP behaviour around them:
// - ETag + Last-Modified on every successful document, 304 on a matching conditional request;
// - fault injection per path: any status (429 with or without Retry-After, 5xx, 4xx with a body), a
//   stalled response that never sends headers, a truncated (malformed) body, a connection reset, a
//   transfer cut off mid-body;
// - optional random faults on a seeded share of all requests (chaos.ts), for soak tests;
// - every path under /stall/ stalls (a page's script that never arrives keeps "load" from firing);
// - optional per-board rate limits; a request log the tests assert on.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer, sourceOfPath, type BoardsFixtures, type BoardsMockResponse, type BoardsMockSource } from './routes.js';
import { answerWithChaos, createChaos, resetConnection, truncateResponse, type Chaos, type ChaosFaultType, type ChaosOptions } from '../chaos.js';

export type { BoardsFixtures, BoardsMockSource } from './routes.js';

export type BoardsFault =
  /** Any status with an optional body and headers. */
  | { type: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** 429; `retryAfter` undefined → no Retry-After header at all. */
  | { type: 'rate-limit'; retryAfter?: string; body?: string }
  /** 500 (or another 5xx) with a short text body. */
  | { type: 'server-error'; status?: number }
  /** Accepts the request and never answers; the connection is dropped when the server closes. */
  | { type: 'stall' }
  /** 200 with the real content type and the real document cut in half. */
  | { type: 'malformed' }
  /** Drops the connection without answering (the client sees a reset). */
  | { type: 'reset' }
  /** The real answer's status and headers (full Content-Length), half its body, then the connection drops. */
  | { type: 'truncated' };

export interface BoardsFaultRule {
  /** A string matches the path exactly (no query); a RegExp is tested on path + query. */
  path: string | RegExp;
  fault: BoardsFault;
  /** Apply to this many matching requests, then answer normally (default: every time). */
  times?: number;
}

export interface BoardsRateLimit {
  /** Requests allowed per window; the next ones get 429 until the window ends. */
  limit: number;
  windowMs: number;
  /** Retry-After value to send; undefined → no header. */
  retryAfter?: string;
}

export interface BoardsMockOptions {
  fixtures: BoardsFixtures;
  faults?: BoardsFaultRule[];
  rateLimits?: Partial<Record<BoardsMockSource, BoardsRateLimit>>;
  /** Send ETag/Last-Modified and answer 304 (default true). */
  validators?: boolean;
  /** Last-Modified of every document (default: server start, to the second). */
  lastModified?: Date;
  /** Jobs per Arbeitnow page (default 3, so the recorded jobs span several pages). */
  arbeitnowPerPage?: number;
  /** Unit of Himalayas pubDate (default 's', as the live API serves). */
  himalayasPubDateUnit?: 's' | 'ms' | 'mixed';
  port?: number;
  /** Random faults on a share of the requests not answered by a fault rule or rate limit (soak tests). */
  chaos?: ChaosOptions;
}

export interface BoardsRequestLogEntry {
  method: string;
  /** Path and query as requested. */
  path: string;
  source: BoardsMockSource | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  userAgent: string | null;
  /** Status sent; null while a stalled request is still held. */
  status: number | null;
  /** Which fault answered, if any. */
  fault: BoardsFault['type'] | ChaosFaultType | null;
}

export interface BoardsMockServer {
  /** "http://127.0.0.1:PORT": the base URL to give every board source. */
  url: string;
  requestLog: BoardsRequestLogEntry[];
  /** Random faults injected so far, by kind (all zero without the chaos option). */
  readonly chaosCounts: Readonly<Record<ChaosFaultType, number>>;
  /** Adds a fault rule at run time (e.g. between a first and a second scrape). */
  addFault(rule: BoardsFaultRule): void;
  clearFaults(): void;
  /** Replaces the fixture data (a board changed between runs: new ETag, 200 again). */
  setFixtures(fixtures: BoardsFixtures): void;
  close(): Promise<void>;
}

interface ActiveRule extends BoardsFaultRule {
  remaining: number;
}

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function matches(rule: BoardsFaultRule, pathname: string, pathAndQuery: string): boolean {
  return typeof rule.path === 'string' ? rule.path === pathname : rule.path.test(pathAndQuery);
}

export async function startBoardsMockServer(opts: BoardsMockOptions): Promise<BoardsMockServer> {
  let fixtures = opts.fixtures;
  const rules: ActiveRule[] = (opts.faults ?? []).map((r) => ({ ...r, remaining: r.times ?? Infinity }));
  const validators = opts.validators ?? true;
  const routeOptions = {
    arbeitnowPerPage: opts.arbeitnowPerPage ?? 3,
    himalayasPubDateUnit: opts.himalayasPubDateUnit ?? 's',
  } as const;
  const lastModified = new Date(Math.floor((opts.lastModified ?? new Date()).getTime() / 1000) * 1000);
  const lastModifiedHeader = lastModified.toUTCString();
  const requestLog: BoardsRequestLogEntry[] = [];
  const windows = new Map<BoardsMockSource, { start: number; count: number }>();
  const stalled = new Set<ServerResponse>();
  const chaos: Chaos | null = opts.chaos ? createChaos(opts.chaos) : null;
  const noChaos: Record<ChaosFaultType, number> = { 'rate-limit': 0, 'server-error': 0, reset: 0, truncated: 0, stall: 0 };
  let origin = '';

  const send = (
    res: ServerResponse,
    entry: BoardsRequestLogEntry,
    status: number,
    headers: Record<string, string>,
    body: string,
    head: boolean,
  ): void => {
    entry.status = status;
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(head ? undefined : body);
  };

  const stall = (res: ServerResponse): void => {
    // Hold the response: no status line, no headers. close() destroys the connection.
    stalled.add(res);
    res.on('close', () => stalled.delete(res));
  };

  const rateLimited = (source: BoardsMockSource | null): BoardsRateLimit | null => {
    if (source === null) return null;
    const limit = opts.rateLimits?.[source];
    if (limit === undefined) return null;
    const now = Date.now();
    let w = windows.get(source);
    if (w === undefined || now - w.start >= limit.windowMs) windows.set(source, (w = { start: now, count: 0 }));
    w.count++;
    return w.count > limit.limit ? limit : null;
  };

  const route = (url: URL): BoardsMockResponse =>
    answer(fixtures, { pathname: url.pathname, query: url.searchParams, origin }, routeOptions);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const pathAndQuery = url.pathname + url.search;
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const entry: BoardsRequestLogEntry = {
      method,
      path: pathAndQuery,
      source: sourceOfPath(url.pathname),
      ifNoneMatch: req.headers['if-none-match'] ?? null,
      ifModifiedSince: req.headers['if-modified-since'] ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      status: null,
      fault: null,
    };
    requestLog.push(entry);

    if (url.pathname.startsWith('/stall/')) {
      entry.fault = 'stall';
      stall(res);
      return;
    }

    const limited = rateLimited(entry.source);
    if (limited !== null) {
      entry.fault = 'rate-limit';
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
      if (limited.retryAfter !== undefined) headers['retry-after'] = limited.retryAfter;
      send(res, entry, 429, headers, 'Too Many Requests', head);
      return;
    }

    const rule = rules.find((r) => r.remaining > 0 && matches(r, url.pathname, pathAndQuery));
    if (rule !== undefined) {
      rule.remaining--;
      const fault = rule.fault;
      entry.fault = fault.type;
      switch (fault.type) {
        case 'status':
          send(res, entry, fault.status, { 'content-type': fault.contentType ?? 'text/plain; charset=utf-8', ...fault.headers }, fault.body ?? '', head);
          return;
        case 'rate-limit': {
          const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          send(res, entry, 429, headers, fault.body ?? 'Too Many Requests', head);
          return;
        }
        case 'server-error':
          send(res, entry, fault.status ?? 500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal Server Error', head);
          return;
        case 'stall':
          stall(res);
          return;
        case 'malformed': {
          const real = route(url);
          const cut = real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2)));
          send(res, entry, 200, { 'content-type': real.contentType }, cut, head);
          return;
        }
        case 'reset':
          resetConnection(req);
          return;
        case 'truncated': {
          const real = route(url);
          entry.status = real.status;
          truncateResponse(req, res, real.status, { 'content-type': real.contentType, ...real.headers }, real.body);
          return;
        }
      }
    }

    const chaotic = chaos?.pick(pathAndQuery) ?? null;
    if (chaotic !== null) {
      entry.fault = chaotic;
      answerWithChaos(chaotic, chaos!, req, res, {
        text: (status, headers, body) => send(res, entry, status, headers, body, head),
        stall: () => stall(res),
        real: () => {
          const real = route(url);
          entry.status = real.status;
          return { status: real.status, headers: { 'content-type': real.contentType, ...real.headers }, body: real.body };
        },
      });
      return;
    }

    const r = route(url);
    const headers: Record<string, string> = { 'content-type': r.contentType, ...r.headers };
    if (validators && r.cacheable) {
      const etag = etagOf(r.body);
      headers['etag'] = etag;
      headers['last-modified'] = lastModifiedHeader;
      const inm = entry.ifNoneMatch;
      const ims = entry.ifModifiedSince;
      // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
      const fresh =
        inm !== null ? matchesEtag(inm, etag) : ims !== null && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= lastModified.getTime();
      if (fresh) {
        entry.status = 304;
        res.writeHead(304, { etag, 'last-modified': lastModifiedHeader });
        res.end();
        return;
      }
    }
    send(res, entry, r.status, headers, r.body, head);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    requestLog,
    get chaosCounts() {
      return chaos?.counts ?? noChaos;
    },
    addFault(rule) {
      rules.push({ ...rule, remaining: rule.times ?? Infinity });
    },
    clearFaults() {
      rules.length = 0;
    },
    setFixtures(next) {
      fixtures = next;
    },
    close() {
      for (const res of stalled) res.destroy();
      stalled.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
