// The HTTP behaviour the ATS and boards mocks share (mock/ats/server.ts, mock/boards/server.ts): their routes
// answer the recorded contracts, and this module wraps those answers the way a real API would behave around them.
// Per request, in this order:
//   1. log it (the tests assert on the request log);
//   2. paths the server always stalls (the boards' /stall/ pages) are held without an answer;
//   3. per-source rate limits: past the limit in a window, a 429 (with or without Retry-After);
//   4. fault rules added by the test (first matching rule with uses left wins);
//   5. random faults on a seeded share of the requests (chaos.ts), for soak tests;
//   6. the route's answer, with ETag + Last-Modified on cacheable documents and a 304 on a matching conditional
//      request (so re-reading an unchanged board costs one 304).
// Both servers listen on 127.0.0.1 only; close() also ends held (stalled) requests and keep-alive connections.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChaos, resetConnection, truncateResponse, type Chaos, type ChaosFaultType, type ChaosOptions } from './chaos.js';

export type MockHeaders = Record<string, string>;

/** The faults both mocks can inject; each server adds its own "200 with half the document" fault. */
export type MockFault =
  /** Any status with an optional body and headers. */
  | { type: 'status'; status: number; body?: string; contentType?: string; headers?: MockHeaders }
  /** 429; `retryAfter` undefined → no Retry-After header at all. */
  | { type: 'rate-limit'; retryAfter?: string; body?: string }
  /** 500 (or another 5xx) with a short text body. */
  | { type: 'server-error'; status?: number }
  /** Accepts the request and never answers; the connection is dropped when the server closes. */
  | { type: 'stall' }
  /** Drops the connection without answering (the client sees a reset). */
  | { type: 'reset' }
  /** The real answer's status and headers (full Content-Length), half its body, then the connection drops. */
  | { type: 'truncated' };

/** A server's fault list: the shared faults plus its own name (`M`) for a 200 carrying half the real document. */
export type MockServerFault<M extends string> = MockFault | { type: M };

const SHARED_FAULT_TYPES: ReadonlySet<string> = new Set<MockFault['type']>(['status', 'rate-limit', 'server-error', 'stall', 'reset', 'truncated']);

function isSharedFault<M extends string>(fault: MockServerFault<M>): fault is MockFault {
  return SHARED_FAULT_TYPES.has(fault.type);
}

export interface MockFaultRule<F> {
  /** A string matches the path exactly (no query); a RegExp is tested on path + query. */
  path: string | RegExp;
  fault: F;
  /** Apply to this many matching requests, then answer normally (default: every time). */
  times?: number;
}

export interface MockRateLimit {
  /** Requests allowed per window; the next ones get 429 until the window ends. */
  limit: number;
  windowMs: number;
  /** Retry-After value to send (Workable sends "0"); undefined → no header. */
  retryAfter?: string;
}

/** The options every mock built on startMockHttpServer takes; `F` is its fault type, `S` its source names. */
export interface MockServerOptions<F, S extends string> {
  faults?: MockFaultRule<F>[];
  rateLimits?: Partial<Record<S, MockRateLimit>>;
  /** Send ETag/Last-Modified and answer 304 (default true). */
  validators?: boolean;
  /** Last-Modified of every document (default: server start, to the second). */
  lastModified?: Date;
  port?: number;
  /** Random faults on a share of the requests not answered by a fault rule or rate limit (soak tests). */
  chaos?: ChaosOptions;
}

export interface MockRequestLogEntry<S extends string, T extends string> {
  method: string;
  /** Path and query as requested. */
  path: string;
  source: S | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  userAgent: string | null;
  /** Status sent; null while a stalled request is still held. */
  status: number | null;
  /** Which fault answered, if any. */
  fault: T | ChaosFaultType | null;
  /** When the request arrived (ms since the epoch): politeness tests measure the gaps. */
  at: number;
}

/** What every mock built on startMockHttpServer offers its tests. */
export interface MockServerControls<F extends { type: string }, S extends string> {
  /** "http://127.0.0.1:PORT": the base URL to give the sources. */
  url: string;
  requestLog: MockRequestLogEntry<S, F['type']>[];
  /** Random faults injected so far, by kind (all zero without the chaos option). */
  readonly chaosCounts: Readonly<Record<ChaosFaultType, number>>;
  /** Adds a fault rule at run time (e.g. between a first and a second scrape). */
  addFault(rule: MockFaultRule<F>): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** A route's answer to a request. */
export interface MockDocument {
  status: number;
  headers: MockHeaders;
  body: string;
  /** Whether it gets validators (ETag, Last-Modified) and may be answered with a 304. */
  cacheable: boolean;
}

/** What a mock server contributes: its routes; startMockHttpServer adds the HTTP behaviour around them. */
export interface MockRoutes<S extends string> {
  /** The source a request belongs to: rate limits count per source, and the log names it. */
  sourceOf(req: IncomingMessage, url: URL): S | null;
  /**
   * The answer to `req` had it been sent with `method`. Normal answers and chaos's truncated ones pass the request's
   * own method; a truncated fault rule passes GET, as the rule names a document to cut, whatever asked for it.
   */
  answer(req: IncomingMessage, url: URL, method: string): MockDocument;
  /** The document the server's own malformed fault sends half of with status 200, and the headers it goes with. */
  malformed(req: IncomingMessage, url: URL): { headers: MockHeaders; body: string };
  /** Paths that are never answered, before any rate limit or fault rule (default: none). */
  stalls?(pathname: string): boolean;
  /** Cache-Control to send with validated documents and their 304s (default: none). */
  cacheControl?: string;
}

/** A strong ETag derived from the body, so a changed document gets a new one and an unchanged one keeps it. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

/** If-None-Match against our ETag: "*" or any listed tag, weak or strong (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Whether a conditional request may get a 304. If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2). */
export function isFresh(ifNoneMatch: string | null, ifModifiedSince: string | null, etag: string, lastModified: Date): boolean {
  if (ifNoneMatch !== null) return matchesEtag(ifNoneMatch, etag);
  return ifModifiedSince !== null && !Number.isNaN(Date.parse(ifModifiedSince)) && Date.parse(ifModifiedSince) >= lastModified.getTime();
}

/** The first half of a document (at least one character): a 200 whose body no parser accepts. */
export function halfOf(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

/** The fault rules of one server, each used up after its `times`. */
export class FaultRules<F> {
  private readonly rules: (MockFaultRule<F> & { remaining: number })[] = [];

  constructor(rules: readonly MockFaultRule<F>[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: MockFaultRule<F>): void {
    this.rules.push({ ...rule, remaining: rule.times ?? Infinity });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault of the first matching rule with uses left (and uses one up), or null when none applies. */
  take(pathname: string, pathAndQuery: string): F | null {
    const rule = this.rules.find((r) => r.remaining > 0 && (typeof r.path === 'string' ? r.path === pathname : r.path.test(pathAndQuery)));
    if (rule === undefined) return null;
    rule.remaining--;
    return rule.fault;
  }
}

/** Fixed windows per source: the limit's first `limit` requests in a window pass, the rest are over it. */
export class RateLimitWindows<S extends string> {
  private readonly windows = new Map<S, { start: number; count: number }>();

  constructor(private readonly limits: Partial<Record<S, MockRateLimit>> | undefined) {}

  /** Counts a request of `source`; returns the limit it broke, or null when it may pass. */
  hit(source: S | null): MockRateLimit | null {
    if (source === null) return null;
    const limit = this.limits?.[source];
    if (limit === undefined) return null;
    const now = Date.now();
    let w = this.windows.get(source);
    if (w === undefined || now - w.start >= limit.windowMs) this.windows.set(source, (w = { start: now, count: 0 }));
    w.count++;
    return w.count > limit.limit ? limit : null;
  }
}

/** Responses a stall holds open: no status line, no headers, until the server's close() destroys them. */
export class HeldResponses {
  private readonly held = new Set<ServerResponse>();

  hold(res: ServerResponse): void {
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
  }

  destroyAll(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
}

/** Starts `server` on 127.0.0.1 (port 0: any free port) and resolves with its base URL. */
export async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** How answerFault reaches one request. */
export interface MockResponder {
  /** Sends a complete answer (no body for HEAD) and logs its status. */
  send(status: number, headers: MockHeaders, body: string): void;
  /** Leaves the request unanswered (the server's close() ends it). */
  stall(): void;
  /** The answer the request would normally get, and logs its status (a truncated answer keeps it). */
  real(): { status: number; headers: MockHeaders; body: string };
}

/** Answers a request with one of the shared faults. */
export function answerFault(fault: MockFault, req: IncomingMessage, res: ServerResponse, r: MockResponder): void {
  const text = 'text/plain; charset=utf-8';
  switch (fault.type) {
    case 'status':
      r.send(fault.status, { 'content-type': fault.contentType ?? text, ...fault.headers }, fault.body ?? '');
      return;
    case 'rate-limit': {
      const headers: MockHeaders = { 'content-type': text };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      r.send(429, headers, fault.body ?? 'Too Many Requests');
      return;
    }
    case 'server-error':
      r.send(fault.status ?? 500, { 'content-type': text }, 'Internal Server Error');
      return;
    case 'stall':
      r.stall();
      return;
    case 'reset':
      resetConnection(req);
      return;
    case 'truncated': {
      const real = r.real();
      truncateResponse(req, res, real.status, real.headers, real.body);
      return;
    }
  }
}

/**
 * The fault a chaos pick stands for. Chaos's server error is a 503 "Service Unavailable" (a passing overload), not
 * the fault rules' 500 "Internal Server Error", so it is spelled as a plain status.
 */
export function chaosFault(kind: ChaosFaultType, chaos: Chaos): MockFault {
  switch (kind) {
    case 'rate-limit':
      return { type: 'rate-limit', retryAfter: chaos.retryAfter };
    case 'server-error':
      return { type: 'status', status: 503, body: 'Service Unavailable' };
    default:
      return { type: kind };
  }
}

/** A fresh log entry for `req`: what it asked for and the validators it sent; status and fault come later. */
function logEntryOf<S extends string, T extends string>(req: IncomingMessage, method: string, path: string, source: S | null): MockRequestLogEntry<S, T> {
  return {
    method,
    path,
    source,
    ifNoneMatch: req.headers['if-none-match'] ?? null,
    ifModifiedSince: req.headers['if-modified-since'] ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    status: null,
    fault: null,
    at: Date.now(),
  };
}

/** Starts a loopback mock serving `routes` with the shared behaviour (see the top of this file). */
export async function startMockHttpServer<S extends string, M extends string>(
  routes: MockRoutes<S>,
  opts: MockServerOptions<MockServerFault<M>, S>,
): Promise<MockServerControls<MockServerFault<M>, S>> {
  const rules = new FaultRules(opts.faults);
  const windows = new RateLimitWindows(opts.rateLimits);
  const held = new HeldResponses();
  const validators = opts.validators ?? true;
  // HTTP dates have whole seconds: a Last-Modified with milliseconds could never be matched by If-Modified-Since.
  const lastModified = new Date(Math.floor((opts.lastModified ?? new Date()).getTime() / 1000) * 1000);
  const lastModifiedHeader = lastModified.toUTCString();
  const requestLog: MockRequestLogEntry<S, MockServerFault<M>['type']>[] = [];
  const chaos: Chaos | null = opts.chaos ? createChaos(opts.chaos) : null;
  const noChaos: Record<ChaosFaultType, number> = { 'rate-limit': 0, 'server-error': 0, reset: 0, truncated: 0, stall: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const pathAndQuery = url.pathname + url.search;
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const entry = logEntryOf<S, MockServerFault<M>['type']>(req, method, pathAndQuery, routes.sourceOf(req, url));
    requestLog.push(entry);

    const send = (status: number, headers: MockHeaders, body: string): void => {
      entry.status = status;
      res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
      res.end(head ? undefined : body);
    };
    const responder = (realMethod: string): MockResponder => ({
      send,
      stall: () => held.hold(res),
      real: () => {
        const real = routes.answer(req, url, realMethod);
        entry.status = real.status;
        return real;
      },
    });

    if (routes.stalls?.(url.pathname) === true) {
      entry.fault = 'stall';
      held.hold(res);
      return;
    }

    const limited = windows.hit(entry.source);
    if (limited !== null) {
      entry.fault = 'rate-limit';
      answerFault({ type: 'rate-limit', retryAfter: limited.retryAfter }, req, res, responder(method));
      return;
    }

    const fault = rules.take(url.pathname, pathAndQuery);
    if (fault !== null) {
      entry.fault = fault.type;
      if (isSharedFault(fault)) {
        answerFault(fault, req, res, responder('GET'));
      } else {
        const doc = routes.malformed(req, url);
        send(200, doc.headers, halfOf(doc.body));
      }
      return;
    }

    const chaotic = chaos?.pick(pathAndQuery) ?? null;
    if (chaotic !== null) {
      entry.fault = chaotic;
      answerFault(chaosFault(chaotic, chaos!), req, res, responder(method));
      return;
    }

    const doc = routes.answer(req, url, method);
    const headers: MockHeaders = { ...doc.headers };
    if (validators && doc.cacheable) {
      const etag = etagOf(doc.body);
      headers['etag'] = etag;
      headers['last-modified'] = lastModifiedHeader;
      const notModified: MockHeaders = { etag, 'last-modified': lastModifiedHeader };
      if (routes.cacheControl !== undefined) {
        headers['cache-control'] = routes.cacheControl;
        notModified['cache-control'] = routes.cacheControl;
      }
      if (isFresh(entry.ifNoneMatch, entry.ifModifiedSince, etag, lastModified)) {
        entry.status = 304;
        res.writeHead(304, notModified);
        res.end();
        return;
      }
    }
    send(doc.status, headers, doc.body);
  };

  const server = createServer(handle);
  const url = await listenOnLoopback(server, opts.port);

  return {
    url,
    requestLog,
    get chaosCounts() {
      return chaos?.counts ?? noChaos;
    },
    addFault(rule) {
      rules.add(rule);
    },
    clearFaults() {
      rules.clear();
    },
    close() {
      held.destroyAll();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
