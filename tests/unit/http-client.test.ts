// The shared polite HTTP client against a real local server on 127.0.0.1.
// Waiting is simulated: the client gets a fake clock whose sleep() only records and advances time,
// so backoff, Retry-After and rate limits are asserted exactly without real delays.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient, parseRetryAfter, type HttpClientOptions } from '../../scrapers/http.js';
import { SourceError } from '../../src/core/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
}

let server: Server;
let base: string;
let handler: Handler;
let seen: Seen[];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => res.end('ok');
});

function fakeTiming(start = Date.UTC(2026, 0, 1)) {
  const t = { now: start, sleeps: [] as number[] };
  return {
    t,
    options: {
      now: () => t.now,
      sleep: async (ms: number) => {
        t.sleeps.push(ms);
        t.now += ms;
      },
      random: () => 0.5,
    } satisfies Partial<HttpClientOptions>,
  };
}

function client(extra: HttpClientOptions = {}) {
  const timing = fakeTiming();
  const http = createHttpClient({
    userAgentVersion: '9.9.9',
    contact: 'ops@example.test',
    defaultPolicy: { concurrency: 2, minIntervalMs: 0 },
    backoffBaseMs: 1000,
    backoffMaxMs: 8000,
    retryAfterMaxMs: 60_000,
    maxRetries: 3,
    ...timing.options,
    ...extra,
  });
  return { http, t: timing.t };
}

async function failureOf(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    return err as SourceError;
  }
  throw new Error('expected a SourceError');
}

/** A server of its own for tests whose requests may be cut off mid-flight, so stragglers cannot reach later tests. */
async function isolatedServer(h: Handler): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const mine: Seen[] = [];
  const srv = createServer((req, res) => {
    mine.push({ path: req.url ?? '', headers: req.headers });
    h(req, res, mine.length);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    seen: mine,
    close: async () => {
      srv.closeAllConnections();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}

describe('identification', () => {
  it('sends techdemand/<version> (+contact) and returns status, headers and body', async () => {
    handler = (_req, res) => {
      res.setHeader('x-thing', 'yes');
      res.end('{"a":1}');
    };
    const { http } = client();
    const res = await http.request(`${base}/hello`);
    expect(seen[0]!.headers['user-agent']).toBe('techdemand/9.9.9 (+ops@example.test)');
    expect(http.userAgent).toBe('techdemand/9.9.9 (+ops@example.test)');
    expect(res).toMatchObject({ status: 200, body: '{"a":1}', notModified: false, url: `${base}/hello` });
    expect(res.headers['x-thing']).toBe('yes');
  });

  it('a request cannot replace the User-Agent, other headers pass through', async () => {
    const { http } = client();
    await http.request(`${base}/h`, { headers: { 'User-Agent': 'Mozilla/5.0', 'X-Api': 'k' } });
    expect(seen[0]!.headers['user-agent']).toBe('techdemand/9.9.9 (+ops@example.test)');
    expect(seen[0]!.headers['x-api']).toBe('k');
  });
});

describe('retries', () => {
  it('429 with Retry-After seconds waits exactly that long, then succeeds', async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
        res.end('{"message":"Too many requests"}');
      } else res.end('fine');
    };
    const { http, t } = client();
    const res = await http.forSource('hn').request(`${base}/x`);
    expect(res.body).toBe('fine');
    expect(seen).toHaveLength(2);
    expect(t.sleeps).toEqual([7000]);
    const stats = http.stats();
    expect(stats.requests).toBe(2);
    expect(stats.retries).toBe(1);
    expect(stats.sources['hn']).toMatchObject({ requests: 2, retries: 1, errors: {} });
  });

  it('429 with an HTTP-date Retry-After waits until that date (relative to the injected clock)', async () => {
    const { http, t } = client();
    const at = new Date(t.now + 12_000).toUTCString();
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': at });
        res.end();
      } else res.end('ok');
    };
    await http.request(`${base}/x`);
    expect(t.sleeps).toEqual([12_000]);
  });

  it('clamps an excessive Retry-After and raises a bogus 0 to the backoff base', async () => {
    handler = (_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '86400' }).end();
      else if (n === 2) res.writeHead(429, { 'retry-after': '0' }).end();
      else res.end('ok');
    };
    const { http, t } = client({ retryAfterMaxMs: 30_000 });
    await http.request(`${base}/x`);
    expect(t.sleeps).toEqual([30_000, 1000]);
  });

  it('429 without Retry-After backs off exponentially with full jitter, then fails as rate-limited', async () => {
    handler = (_req, res) => res.writeHead(429, { 'content-type': 'application/json' }).end('{"message":"slow down"}');
    const { http, t } = client({ maxRetries: 3 });
    const err = await failureOf(http.forSource('hn').request(`${base}/x`));
    expect(err.kind).toBe('rate-limited');
    expect(err.message).toContain('HTTP 429');
    expect(err.message).toContain('after 4 attempts');
    expect(err.message).toContain('slow down');
    expect(seen).toHaveLength(4);
    // random() = 0.5 → half of min(8000, 1000·2^attempt)
    expect(t.sleeps).toEqual([500, 1000, 2000]);
    expect(http.sourceStats('hn')).toMatchObject({ requests: 4, retries: 3, errors: { 'rate-limited': 1 } });
  });

  it('500 then success', async () => {
    handler = (_req, res, n) => (n === 1 ? res.writeHead(500).end('boom') : res.end('recovered'));
    const { http } = client();
    const res = await http.request(`${base}/x`);
    expect(res.body).toBe('recovered');
    expect(seen).toHaveLength(2);
  });

  it('persistent 503 fails as http-5xx after maxRetries + 1 attempts', async () => {
    handler = (_req, res) => res.writeHead(503).end();
    const { http } = client({ maxRetries: 2 });
    const err = await failureOf(http.request(`${base}/x`));
    expect(err.kind).toBe('http-5xx');
    expect(seen).toHaveLength(3);
  });

  it('404 is not retried and fails as http-4xx', async () => {
    handler = (_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Document not found"}');
    const { http, t } = client();
    const err = await failureOf(http.request(`${base}/missing`));
    expect(err.kind).toBe('http-4xx');
    expect(err.message).toContain(`${base}/missing`);
    expect(err.message).toContain('Document not found');
    expect(seen).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
    expect(http.stats().errors).toEqual({ 'http-4xx': 1 });
  });

  it('a stalled response times out (kind timeout), is retried, and the failure is counted', async () => {
    const stalling = await isolatedServer(() => {
      /* never answer */
    });
    try {
      const { http } = client({ timeoutMs: 100, maxRetries: 1 });
      const err = await failureOf(http.request(`${stalling.url}/stall`));
      expect(err.kind).toBe('timeout');
      expect(err.message).toContain('no complete response within 100 ms');
      expect(http.stats()).toMatchObject({ requests: 2, retries: 1, errors: { timeout: 1 } });
    } finally {
      await stalling.close();
    }
  });

  it('a refused connection fails as network after retries', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { http, t } = client({ maxRetries: 2 });
    const err = await failureOf(http.request(`http://127.0.0.1:${port}/`));
    expect(err.kind).toBe('network');
    expect(t.sleeps).toHaveLength(2);
  });

  it('an aborted signal stops the request without retrying', async () => {
    const controller = new AbortController();
    // Abort once the server holds the request (not on a timer: under load the timer could fire first).
    handler = () => controller.abort();
    const { http } = client({ timeoutMs: 10_000 });
    const err = await failureOf(http.request(`${base}/slow`, { signal: controller.signal }));
    expect(err.kind).toBe('other');
    expect(err.message).toContain('aborted');
    expect(seen).toHaveLength(1);
  });
});

describe('response size cap', () => {
  it('rejects a declared Content-Length above the cap', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    const { http } = client({ maxBodyBytes: 1000 });
    const err = await failureOf(http.request(`${base}/big`));
    expect(err.kind).toBe('too-large');
    expect(seen).toHaveLength(1);
  });

  it('aborts a chunked body once it passes the cap, without reading it all', async () => {
    let written = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'y'.repeat(16 * 1024);
      const pump = (): void => {
        // ~64 MiB if nobody stopped reading; the client must abort long before.
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    const { http } = client({ maxBodyBytes: 100_000 });
    const err = await failureOf(http.request(`${base}/stream`));
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('100000 bytes');
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('accepts a body exactly at the cap', async () => {
    handler = (_req, res) => res.end('z'.repeat(1000));
    const { http } = client({ maxBodyBytes: 1000 });
    expect((await http.request(`${base}/edge`)).body).toHaveLength(1000);
  });
});

describe('conditional requests', () => {
  const etagHandler: Handler = (req, res) => {
    if (req.headers['if-none-match'] === 'W/"v1"') return void res.writeHead(304, { etag: 'W/"v1"' }).end();
    res.writeHead(200, { etag: 'W/"v1"', 'content-type': 'application/json' }).end('{"version":1}');
  };

  it('sends If-None-Match from the cache and returns the cached body on 304', async () => {
    handler = etagHandler;
    const { http } = client();
    const first = await http.request(`${base}/doc`, { conditional: true });
    const second = await http.request(`${base}/doc`, { conditional: true });
    expect(first).toMatchObject({ status: 200, notModified: false, body: '{"version":1}' });
    expect(seen[0]!.headers['if-none-match']).toBeUndefined();
    expect(seen[1]!.headers['if-none-match']).toBe('W/"v1"');
    expect(second).toMatchObject({ status: 304, notModified: true, body: '{"version":1}' });
    expect(http.stats().notModified).toBe(1);
  });

  it('uses Last-Modified as If-Modified-Since', async () => {
    const lm = 'Wed, 21 Oct 2015 07:28:00 GMT';
    handler = (req, res) => {
      if (req.headers['if-modified-since'] === lm) return void res.writeHead(304).end();
      res.writeHead(200, { 'last-modified': lm }).end('feed');
    };
    const { http } = client();
    await http.request(`${base}/feed`, { conditional: true });
    const again = await http.request(`${base}/feed`, { conditional: true });
    expect(again).toMatchObject({ notModified: true, body: 'feed' });
  });

  it('does not send validators unless the request is conditional', async () => {
    handler = etagHandler;
    const { http } = client();
    await http.request(`${base}/doc`, { conditional: true });
    const plain = await http.request(`${base}/doc`);
    expect(seen[1]!.headers['if-none-match']).toBeUndefined();
    expect(plain.notModified).toBe(false);
  });

  it('persists validators to a JSON file and a new client reuses them', async () => {
    handler = etagHandler;
    const dir = mkdtempSync(join(tmpdir(), 'td-http-'));
    try {
      const path = join(dir, 'cache', 'validators.json');
      const a = client({ validatorCachePath: path }).http;
      await a.request(`${base}/doc`, { conditional: true });
      await a.close();
      expect(JSON.parse(readFileSync(path, 'utf8')).entries[`${base}/doc`].etag).toBe('W/"v1"');
      const b = client({ validatorCachePath: path }).http;
      const res = await b.request(`${base}/doc`, { conditional: true });
      expect(seen[1]!.headers['if-none-match']).toBe('W/"v1"');
      expect(res).toMatchObject({ notModified: true, body: '{"version":1}' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('treats an unreadable cache file as empty and says so', async () => {
    handler = etagHandler;
    const dir = mkdtempSync(join(tmpdir(), 'td-http-'));
    try {
      const path = join(dir, 'validators.json');
      writeFileSync(path, '{not json');
      const warnings: string[] = [];
      const { http } = client({ validatorCachePath: path, onWarning: (m) => warnings.push(m) });
      const res = await http.request(`${base}/doc`, { conditional: true });
      expect(res.status).toBe(200);
      expect(seen[0]!.headers['if-none-match']).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(path);
      await http.close();
      expect(JSON.parse(readFileSync(path, 'utf8')).version).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('per-host politeness', () => {
  it('spaces request starts by minIntervalMs per host, with per-host overrides', async () => {
    const other = createServer((_req, res) => res.end('other'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const { http, t } = client({
        defaultPolicy: { concurrency: 1, minIntervalMs: 1000 },
        hostPolicies: { [otherHost]: { minIntervalMs: 250 } },
      });
      const start = t.now;
      for (let i = 0; i < 3; i++) await http.request(`${base}/p${i}`);
      expect(t.sleeps).toEqual([1000, 1000]);
      expect(t.now - start).toBe(2000);
      t.sleeps.length = 0;
      for (let i = 0; i < 3; i++) await http.request(`http://${otherHost}/q${i}`);
      expect(t.sleeps).toEqual([250, 250]);
      expect(Object.keys(http.stats().hosts).sort()).toEqual([new URL(base).host, otherHost].sort());
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('never has more than `concurrency` requests in flight to one host', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    handler = (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 15);
    };
    const { http } = client({ defaultPolicy: { concurrency: 2, minIntervalMs: 0 } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.request(`${base}/c${i}`)));
    expect(seen).toHaveLength(8);
    expect(maxInFlight).toBe(2);
  });

  it('a 429 with Retry-After pauses the whole host, also for the requests after a failed one', async () => {
    handler = (req, res) => (req.url === '/a' ? res.writeHead(429, { 'retry-after': '30' }).end() : res.end('ok'));
    const { http, t } = client({ defaultPolicy: { concurrency: 1, minIntervalMs: 0 }, maxRetries: 0 });
    const t0 = t.now;
    expect((await failureOf(http.request(`${base}/a`))).kind).toBe('rate-limited');
    expect(t.sleeps).toEqual([]);
    await http.request(`${base}/b`);
    expect(t.sleeps).toEqual([30_000]);
    expect(t.now - t0).toBe(30_000);
  });
});

describe('robots.txt for page requests', () => {
  function robotsServer(robots: { status: number; body?: string }): void {
    handler = (req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(robots.status, { 'content-type': 'text/plain' }).end(robots.body ?? '');
      res.end(`page ${req.url}`);
    };
  }

  it('obeys the group for our product token, fetches robots.txt once per origin, ignores it for api requests', async () => {
    robotsServer({
      status: 200,
      body: ['User-agent: *', 'Disallow: /', '', 'User-agent: TechDemand', 'Disallow: /private', 'Allow: /private/jobs$'].join('\n'),
    });
    const { http } = client();
    expect((await http.request(`${base}/careers`, { kind: 'page' })).body).toBe('page /careers');
    expect((await http.request(`${base}/private/jobs`, { kind: 'page' })).body).toBe('page /private/jobs');
    const err = await failureOf(http.request(`${base}/private/jobs/1`, { kind: 'page' }));
    expect(err.kind).toBe('robots');
    expect(err.message).toContain('/private/jobs/1');
    // api requests are documented endpoints: robots.txt does not apply
    expect((await http.request(`${base}/private/x`, { kind: 'api' })).body).toBe('page /private/x');
    expect(seen.map((s) => s.path)).toEqual(['/robots.txt', '/careers', '/private/jobs', '/private/x']);
    expect(http.stats().errors).toEqual({ robots: 1 });
  });

  it('4xx robots.txt means everything is allowed', async () => {
    robotsServer({ status: 404 });
    const { http } = client();
    expect((await http.request(`${base}/anything`, { kind: 'page' })).status).toBe(200);
  });

  it('5xx robots.txt means everything is disallowed', async () => {
    robotsServer({ status: 503 });
    const { http } = client();
    const err = await failureOf(http.request(`${base}/anything`, { kind: 'page' }));
    expect(err.kind).toBe('robots');
    expect(err.message).toContain('HTTP 503');
    expect(seen.map((s) => s.path)).toEqual(['/robots.txt']);
  });

  it('unreachable robots.txt (timeout) means everything is disallowed', async () => {
    const silent = await isolatedServer((req, res) => {
      if (req.url !== '/robots.txt') res.end('page');
    });
    try {
      const { http } = client({ timeoutMs: 100 });
      const err = await failureOf(http.request(`${silent.url}/anything`, { kind: 'page' }));
      expect(err.kind).toBe('robots');
      expect(err.message).toContain('unreachable: timeout');
      expect(silent.seen.every((r) => r.path === '/robots.txt')).toBe(true);
    } finally {
      await silent.close();
    }
  });

  it('honours Crawl-delay for the host', async () => {
    robotsServer({ status: 200, body: 'User-agent: *\nCrawl-delay: 5\nDisallow: /admin' });
    const { http, t } = client({ defaultPolicy: { concurrency: 1, minIntervalMs: 100 } });
    await http.request(`${base}/a`, { kind: 'page' });
    await http.request(`${base}/b`, { kind: 'page' });
    await http.request(`${base}/c`, { kind: 'page' });
    // robots.txt itself went out under the 100 ms interval; the pages after it 5 s apart
    expect(t.sleeps).toEqual([100, 5000, 5000]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, rejects garbage', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('bad URLs', () => {
  it('rejects non-http schemes and garbage as SourceError', async () => {
    const { http } = client();
    expect((await failureOf(http.request('file:///etc/passwd'))).kind).toBe('other');
    expect((await failureOf(http.request('not a url'))).kind).toBe('other');
  });
});

describe('names that do not resolve (issue 16: a run without network)', () => {
  it('ENOTFOUND fails at once, without retries; ECONNREFUSED is retried', async () => {
    let calls = 0;
    const dnsFail = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND hn.algolia.com'), { code: 'ENOTFOUND' }) });
    const { http } = client({ fetch: (async () => { calls++; throw dnsFail; }) as typeof fetch });
    const err = await failureOf(http.request('http://hn.algolia.invalid/api/v1/search'));
    expect(err.kind).toBe('network');
    expect(calls).toBe(1);

    let refused = 0;
    const refusedErr = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const second = client({ fetch: (async () => { refused++; throw refusedErr; }) as typeof fetch });
    await failureOf(second.http.request('http://127.0.0.1:9/x'));
    expect(refused).toBe(4); // maxRetries 3 + the first attempt
  });
});
