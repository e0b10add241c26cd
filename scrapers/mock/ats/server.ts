// A loopback mock of every ATS job-board API techdemand reads (Greenhouse, Lever, Ashby,
// SmartRecruiters, Recruitee, Workable), for integration tests and offline demos.
//
// Contract answers come from routes.ts; this file adds the HTTP behaviour around them:
// - ETag + Last-Modified on every successful JSON document, 304 on a matching conditional request
//   (so re-reading an unchanged board costs one 304);
// - fault injection per path: any status (429 with or without Retry-After, 500, …), a stalled
//   response that never sends headers, a truncated (malformed) JSON body, a connection reset, a
//   transfer cut off mid-body;
// - optional random faults on a seeded share of all requests (chaos.ts), for soak tests;
// - optional per-source rate limits (Workable's 429 with the bogus "Retry-After: 0");
// - a request log the tests assert on.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer, sourceOfPath, type AtsFixtures, type AtsMockSource, type MockResponse } from './routes.js';
import { answerWithChaos, createChaos, resetConnection, truncateResponse, type Chaos, type ChaosFaultType, type ChaosOptions } from '../chaos.js';

export type { AtsFixtures, AtsMockSource } from './routes.js';

export type AtsFault =
  /** Any status with an optional body and headers. */
  | { type: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** 429; `retryAfter` undefined → no Retry-After header at all. */
  | { type: 'rate-limit'; retryAfter?: string; body?: string }
  /** 500 (or another 5xx) with a short text body. */
  | { type: 'server-error'; status?: number }
  /** Accepts the request and never answers; the connection is dropped when the server closes. */
  | { type: 'stall' }
  /** 200 with a JSON content type and the real document cut in half. */
  | { type: 'malformed-json' }
  /** Drops the connection without answering (the client sees a reset). */
  | { type: 'reset' }
  /** The real answer's status and headers (full Content-Length), half its body, then the connection drops. */
  | { type: 'truncated' };

export interface AtsFaultRule {
  /** A string matches the path exactly (no query); a RegExp is tested on path + query. */
  path: string | RegExp;
  fault: AtsFault;
  /** Apply to this many matching requests, then answer normally (default: every time). */
  times?: number;
}

export interface AtsRateLimit {
  /** Requests allowed per window; the next ones get 429 until the window ends. */
  limit: number;
  windowMs: number;
  /** Retry-After value to send (Workable sends "0"); undefined → no header. */
  retryAfter?: string;
}

export interface AtsMockOptions {
  fixtures: AtsFixtures;
  faults?: AtsFaultRule[];
  rateLimits?: Partial<Record<AtsMockSource, AtsRateLimit>>;
  /** Send ETag/Last-Modified and answer 304 (default true). */
  validators?: boolean;
  /** Last-Modified of every document (default: server start, to the second). */
  lastModified?: Date;
  port?: number;
  /** Random faults on a share of the requests not answered by a fault rule or rate limit (soak tests). */
  chaos?: ChaosOptions;
}

export interface AtsRequestLogEntry {
  method: string;
  /** Path and query as requested. */
  path: string;
  source: AtsMockSource | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  userAgent: string | null;
  /** Status sent; null while a stalled request is still held. */
  status: number | null;
  /** Which fault answered, if any. */
  fault: AtsFault['type'] | ChaosFaultType | null;
}

export interface AtsMockServer {
  /** "http://127.0.0.1:PORT", the base URL to give every ATS source. */
  url: string;
  /** Recruitee base URL template for this server: "http://127.0.0.1:PORT/recruitee/{slug}". */
  recruiteeBaseUrl: string;
  requestLog: AtsRequestLogEntry[];
  /** Random faults injected so far, by kind (all zero without the chaos option). */
  readonly chaosCounts: Readonly<Record<ChaosFaultType, number>>;
  /** Adds a fault rule at run time (e.g. between a first and a second scrape). */
  addFault(rule: AtsFaultRule): void;
  clearFaults(): void;
  /** Replaces the fixture data (a board changed between runs: new ETag, 200 again). */
  setFixtures(fixtures: AtsFixtures): void;
  close(): Promise<void>;
}

interface ActiveRule extends AtsFaultRule {
  remaining: number;
}

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function matches(rule: AtsFaultRule, pathname: string, pathAndQuery: string): boolean {
  return typeof rule.path === 'string' ? rule.path === pathname : rule.path.test(pathAndQuery);
}

export async function startAtsMockServer(opts: AtsMockOptions): Promise<AtsMockServer> {
  let fixtures = opts.fixtures;
  const rules: ActiveRule[] = (opts.faults ?? []).map((r) => ({ ...r, remaining: r.times ?? Infinity }));
  const validators = opts.validators ?? true;
  const lastModified = new Date(Math.floor((opts.lastModified ?? new Date()).getTime() / 1000) * 1000);
  const lastModifiedHeader = lastModified.toUTCString();
  const requestLog: AtsRequestLogEntry[] = [];
  const windows = new Map<AtsMockSource, { start: number; count: number }>();
  const stalled = new Set<ServerResponse>();
  const chaos: Chaos | null = opts.chaos ? createChaos(opts.chaos) : null;
  const noChaos: Record<ChaosFaultType, number> = { 'rate-limit': 0, 'server-error': 0, reset: 0, truncated: 0, stall: 0 };

  const hold = (res: ServerResponse) => {
    // Hold the response: no status line, no headers. close() destroys the connection.
    stalled.add(res);
    res.on('close', () => stalled.delete(res));
  };

  const send = (res: ServerResponse, entry: AtsRequestLogEntry, status: number, headers: Record<string, string>, body: string, head: boolean) => {
    entry.status = status;
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(head ? undefined : body);
  };

  const rateLimited = (source: AtsMockSource | null): AtsRateLimit | null => {
    if (source === null) return null;
    const limit = opts.rateLimits?.[source];
    if (limit === undefined) return null;
    const now = Date.now();
    let w = windows.get(source);
    if (w === undefined || now - w.start >= limit.windowMs) windows.set(source, (w = { start: now, count: 0 }));
    w.count++;
    return w.count > limit.limit ? limit : null;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const host = req.headers.host ?? '';
    const pathAndQuery = url.pathname + url.search;
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const entry: AtsRequestLogEntry = {
      method,
      path: pathAndQuery,
      source: sourceOfPath(url.pathname, host),
      ifNoneMatch: req.headers['if-none-match'] ?? null,
      ifModifiedSince: req.headers['if-modified-since'] ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      status: null,
      fault: null,
    };
    requestLog.push(entry);

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
          hold(res);
          return;
        case 'malformed-json': {
          const real = answer(fixtures, { method: 'GET', pathname: url.pathname, query: url.searchParams, host, accept: '' });
          const cut = real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2)));
          send(res, entry, 200, { 'content-type': 'application/json; charset=utf-8' }, cut, head);
          return;
        }
        case 'reset':
          resetConnection(req);
          return;
        case 'truncated': {
          const real = answer(fixtures, { method: 'GET', pathname: url.pathname, query: url.searchParams, host, accept: String(req.headers.accept ?? '') });
          entry.status = real.status;
          truncateResponse(req, res, real.status, { 'content-type': real.contentType }, real.body);
          return;
        }
      }
    }

    const chaotic = chaos?.pick(pathAndQuery) ?? null;
    if (chaotic !== null) {
      entry.fault = chaotic;
      answerWithChaos(chaotic, chaos!, req, res, {
        text: (status, headers, body) => send(res, entry, status, headers, body, head),
        stall: () => hold(res),
        real: () => {
          const real = answer(fixtures, { method, pathname: url.pathname, query: url.searchParams, host, accept: String(req.headers.accept ?? '') });
          entry.status = real.status;
          return { status: real.status, headers: { 'content-type': real.contentType }, body: real.body };
        },
      });
      return;
    }

    const r: MockResponse = answer(fixtures, {
      method,
      pathname: url.pathname,
      query: url.searchParams,
      host,
      accept: String(req.headers.accept ?? ''),
    });
    const headers: Record<string, string> = { 'content-type': r.contentType };
    if (validators && r.cacheable) {
      const etag = etagOf(r.body);
      headers['etag'] = etag;
      headers['last-modified'] = lastModifiedHeader;
      headers['cache-control'] = 'max-age=0, private, must-revalidate';
      const inm = entry.ifNoneMatch;
      const ims = entry.ifModifiedSince;
      // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
      const fresh =
        inm !== null ? matchesEtag(inm, etag) : ims !== null && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= lastModified.getTime();
      if (fresh) {
        entry.status = 304;
        res.writeHead(304, { etag, 'last-modified': lastModifiedHeader, 'cache-control': headers['cache-control'] });
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
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    recruiteeBaseUrl: `${url}/recruitee/{slug}`,
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
