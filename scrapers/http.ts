// The shared polite HTTP client every source uses (implements HttpRequester of src/types.ts).
//
// Politeness: per-host concurrency + minimum interval (overridable per host), a descriptive
// User-Agent with a contact, robots.txt for `kind: 'page'` requests, conditional requests from a
// validator cache. Robustness: per-attempt timeouts, retries with exponential backoff and full
// jitter on 429/5xx/network errors, Retry-After honoured but clamped, a streamed body-size cap.
// Every failure leaves as a SourceError with a kind, and stats are counted per host and per source.
// Clock, sleep and random are injectable so unit tests are deterministic and never really wait.

import type { HttpRequester, HttpRequestOptions, HttpResponse } from '../src/core/types.js';
import { SourceError } from '../src/core/errors.js';
import { HostLimiter, type HostPolicy, type Timing } from './http-limiter.js';
import { ValidatorCache } from './http-validators.js';
import type { HostBudgets, ValidatorStore } from '../src/core/storage.js';
import { MAX_ROBOTS_BYTES, isAllowed, parseRobots, selectGroup, type RobotsPolicy } from './http-robots.js';

export type { HostPolicy } from './http-limiter.js';
export type SourceErrorKind = SourceError['kind'];

export interface HttpClientOptions {
  /** Goes into the User-Agent: `techdemand/<userAgentVersion> (+<contact>)`. */
  userAgentVersion?: string;
  /** URL or e-mail a site operator can reach us at. */
  contact?: string;
  /** Replaces the whole User-Agent header. */
  userAgent?: string;
  /** Product token matched against robots.txt user-agent lines (default "techdemand"). */
  productToken?: string;
  /** Applies to every host without an override (default concurrency 2, minIntervalMs 1000). */
  defaultPolicy?: Partial<HostPolicy>;
  /** Per-host overrides, keyed by host ("api.lever.co", "127.0.0.1:8080") or hostname. */
  hostPolicies?: Record<string, Partial<HostPolicy>>;
  /** Per-attempt timeout, headers and body included (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429/5xx/network/timeout (default 4). */
  maxRetries?: number;
  /** First backoff ceiling; doubles per retry (default 1 s). */
  backoffBaseMs?: number;
  /** Backoff ceiling (default 60 s). */
  backoffMaxMs?: number;
  /** Longest Retry-After we are willing to wait; larger values are clamped (default 120 s). */
  retryAfterMaxMs?: number;
  /** Decoded body bytes above which a response fails with kind 'too-large' (default 20 MiB). */
  maxBodyBytes?: number;
  /** Persist the ETag/Last-Modified validator cache to this JSON file (written by flush()/close()). */
  validatorCachePath?: string;
  /** Or persist it through the storage engine (the storage port's ValidatorStore: beside the database, or in it). */
  validatorStore?: ValidatorStore;
  /** Per-host budgets shared with other collectors of the same store (the storage port's HostBudgets). */
  hostBudgets?: HostBudgets | null;
  validatorCacheMaxEntries?: number;
  /** Obey robots.txt for kind 'page' requests (default true). */
  robots?: boolean;
  /** How long a fetched robots.txt (or a 4xx verdict) is trusted (default 24 h). */
  robotsTtlMs?: number;
  /** How long an unreachable robots.txt (5xx/network → disallow all) is trusted before retrying (default 10 min). */
  robotsUnreachableTtlMs?: number;
  /** Crawl-delay is honoured up to this many ms between requests (default 30 s). */
  maxCrawlDelayMs?: number;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Non-fatal problems (unreadable validator cache, …). */
  onWarning?: (message: string) => void;
}

/** What the client accepts beyond the shared HttpRequestOptions. */
export interface HttpClientRequestOptions extends HttpRequestOptions {
  signal?: AbortSignal;
  /** Attribute the request to this source in stats (forSource() sets it). */
  source?: string;
}

export interface HttpStats {
  /** HTTP attempts sent (retries and robots.txt fetches included). */
  requests: number;
  /** Attempts after the first one of a request. */
  retries: number;
  /** Requests answered 304 from the validator cache. */
  notModified: number;
  /** Decoded body bytes received. */
  bytes: number;
  /** Failed requests (after retries) by SourceError kind. */
  errors: Partial<Record<SourceErrorKind, number>>;
}

/** Totals at the top level, then the same counters per host and per source. */
export interface HttpStatsSnapshot extends HttpStats {
  hosts: Record<string, HttpStats>;
  sources: Record<string, HttpStats>;
}

export interface PoliteHttpClient extends HttpRequester {
  readonly userAgent: string;
  request(url: string, options?: HttpClientRequestOptions): Promise<HttpResponse>;
  /** A requester that shares this client's limits and caches but counts stats under `source`. */
  forSource(source: string): HttpRequester;
  stats(): HttpStatsSnapshot;
  sourceStats(source: string): HttpStats;
  /** Persist the validator cache (no-op without validatorCachePath). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_POLICY: HostPolicy = { concurrency: 2, minIntervalMs: 1000 };
const ERROR_SNIPPET_CHARS = 160;

export function createHttpClient(options: HttpClientOptions = {}): PoliteHttpClient {
  return new PoliteHttp(options);
}

/** The User-Agent the client sends: `techdemand/<version> (+<contact>)`. */
export function buildUserAgent(version: string, contact: string): string {
  return `techdemand/${version} (+${contact})`;
}

/**
 * Retry-After as a delay in ms: delta-seconds or an HTTP date (relative to `now`).
 * Undefined when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** 408, 429 and 5xx (except 501 Not Implemented) are worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

function emptyStats(): HttpStats {
  return { requests: 0, retries: 0, notModified: 0, bytes: 0, errors: {} };
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One attempt's outcome before retry classification. */
type Attempt =
  | { ok: true; status: number; statusText: string; headers: Record<string, string>; body: string; finalUrl: string }
  | { ok: false; error: SourceError; retryable: boolean };

class TooLarge extends Error {}

class PoliteHttp implements PoliteHttpClient {
  readonly userAgent: string;
  private readonly opts: HttpClientOptions;
  private readonly timing: Timing;
  private readonly random: () => number;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly limiters = new Map<string, HostLimiter>();
  private readonly validators: ValidatorCache;
  private readonly robotsCache = new Map<string, { policy: RobotsPolicy; expiresAt: number }>();
  private readonly robotsPending = new Map<string, Promise<RobotsPolicy>>();
  private readonly totalStats = emptyStats();
  private readonly hostStats = new Map<string, HttpStats>();
  private readonly perSourceStats = new Map<string, HttpStats>();
  private readonly productToken: string;

  constructor(options: HttpClientOptions) {
    this.opts = options;
    this.userAgent =
      options.userAgent ??
      buildUserAgent(options.userAgentVersion ?? '0.0.0', options.contact ?? 'https://www.npmjs.com/package/techdemand');
    this.productToken = options.productToken ?? 'techdemand';
    const now = options.now ?? Date.now;
    this.timing = { now, sleep: options.sleep ?? realSleep };
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.validators = new ValidatorCache({
      ...(options.validatorCachePath !== undefined ? { path: options.validatorCachePath } : {}),
      ...(options.validatorStore !== undefined ? { store: options.validatorStore } : {}),
      ...(options.validatorCacheMaxEntries !== undefined ? { maxEntries: options.validatorCacheMaxEntries } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
  }

  forSource(source: string): HttpRequester {
    return {
      request: (url: string, options?: HttpRequestOptions) =>
        this.request(url, { ...(options as HttpClientRequestOptions | undefined), source }),
    };
  }

  stats(): HttpStatsSnapshot {
    const copy = (s: HttpStats): HttpStats => ({ ...s, errors: { ...s.errors } });
    return {
      ...copy(this.totalStats),
      hosts: Object.fromEntries([...this.hostStats].map(([k, v]) => [k, copy(v)])),
      sources: Object.fromEntries([...this.perSourceStats].map(([k, v]) => [k, copy(v)])),
    };
  }

  sourceStats(source: string): HttpStats {
    const s = this.perSourceStats.get(source) ?? emptyStats();
    return { ...s, errors: { ...s.errors } };
  }

  flush(): Promise<void> {
    return this.validators.flush();
  }

  close(): Promise<void> {
    return this.flush();
  }

  async request(url: string, options: HttpClientRequestOptions = {}): Promise<HttpResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SourceError(`invalid URL ${JSON.stringify(url.slice(0, 200))}`, 'other');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new SourceError(`unsupported URL scheme in ${url}`, 'other');
    }
    const host = parsed.host;
    const method = options.method ?? 'GET';
    const signal = anySignal([options.signal, this.opts.signal]);
    try {
      if ((options.kind ?? 'api') === 'page' && this.opts.robots !== false) {
        await this.checkRobots(parsed, options.source, signal);
      }
      return await this.requestWithRetries(parsed, method, options, signal);
    } catch (err) {
      const error =
        err instanceof SourceError ? err : new SourceError(`${method} ${url}: ${describe(err)}`, 'other', { cause: err });
      this.count(host, options.source, (s) => {
        s.errors[error.kind] = (s.errors[error.kind] ?? 0) + 1;
      });
      throw error;
    }
  }

  private async requestWithRetries(
    url: URL,
    method: 'GET' | 'POST',
    options: HttpClientRequestOptions,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    const href = url.href;
    const host = url.host;
    const limiter = this.limiter(url);
    const useValidators = options.conditional === true && method === 'GET';
    const maxRetries = Math.max(0, this.opts.maxRetries ?? 4);
    const headers: Record<string, string> = {
      accept: 'application/json, text/html;q=0.9, */*;q=0.8',
      ...lowerKeys(options.headers ?? {}),
      // Always our own descriptive User-Agent: a source cannot pose as a browser.
      'user-agent': this.userAgent,
    };
    if (useValidators) await this.validators.ready();
    const cached = useValidators ? this.validators.get(href) : undefined;
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;

    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal, method, href);
      if (attempt > 0) this.count(host, options.source, (s) => s.retries++);
      await this.acquire(limiter, signal, method, href);
      let result: Attempt;
      try {
        this.count(host, options.source, (s) => s.requests++);
        result = await this.attempt(href, method, headers, options.body, options.timeoutMs, signal, false);
      } finally {
        limiter.release();
      }
      if (result.ok) {
        const { status } = result;
        const received = Buffer.byteLength(result.body);
        this.count(host, options.source, (s) => (s.bytes += received));
        if (status === 304) {
          this.count(host, options.source, (s) => s.notModified++);
          return { url: result.finalUrl, status, headers: result.headers, body: cached?.body ?? '', notModified: true };
        }
        if (status >= 200 && status < 300) {
          if (useValidators && (result.headers['etag'] || result.headers['last-modified'])) {
            this.validators.set(href, {
              ...(result.headers['etag'] ? { etag: result.headers['etag'] } : {}),
              ...(result.headers['last-modified'] ? { lastModified: result.headers['last-modified'] } : {}),
              status,
              body: result.body,
              storedAt: this.timing.now(),
            });
          }
          return { url: result.finalUrl, status, headers: result.headers, body: result.body, notModified: false };
        }
        const kind: SourceErrorKind = status === 429 ? 'rate-limited' : status >= 500 ? 'http-5xx' : status >= 400 ? 'http-4xx' : 'other';
        const attempts = attempt + 1;
        const message =
          `${method} ${href}: HTTP ${status}${result.statusText ? ' ' + result.statusText : ''}` +
          `${attempts > 1 ? ` after ${attempts} attempts` : ''}${snippet(result.body)}`;
        const retryAfter = result.headers['retry-after'];
        if (retryAfter !== undefined && (status === 429 || status === 503)) {
          // The whole host asked for a pause, not just this request: later requests wait too,
          // even when this one gives up.
          limiter.pauseUntil(this.timing.now() + this.retryDelay(attempt, retryAfter));
        }
        if (!isRetryableStatus(status) || attempt >= maxRetries) throw new SourceError(message, kind);
        await this.sleep(this.retryDelay(attempt, retryAfter), signal, method, href);
        continue;
      }
      if (!result.retryable || attempt >= maxRetries) {
        if (attempt > 0) result.error.message += ` (after ${attempt + 1} attempts)`;
        throw result.error;
      }
      await this.sleep(this.retryDelay(attempt, undefined), signal, method, href);
    }
  }

  /** Full jitter: uniform in [0, min(max, base·2^attempt)]; Retry-After wins, clamped to [base, retryAfterMax]. */
  private retryDelay(attempt: number, retryAfter: string | undefined): number {
    const base = this.opts.backoffBaseMs ?? 1000;
    const fromHeader = parseRetryAfter(retryAfter, this.timing.now());
    if (fromHeader !== undefined) {
      // A Retry-After of 0 (seen from Workable) would hammer the host; a huge one would stall the run.
      return Math.min(Math.max(fromHeader, base), this.opts.retryAfterMaxMs ?? 120_000);
    }
    const ceiling = Math.min(this.opts.backoffMaxMs ?? 60_000, base * 2 ** attempt);
    return Math.floor(this.random() * ceiling);
  }

  private async attempt(
    href: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    truncateBody: boolean,
  ): Promise<Attempt> {
    const limit = truncateBody ? MAX_ROBOTS_BYTES : this.opts.maxBodyBytes ?? 20 * 1024 * 1024;
    const controller = new AbortController();
    let timedOut = false;
    const timeout = timeoutMs ?? this.opts.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeout);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.fetchImpl(href, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: controller.signal,
        redirect: 'follow',
      });
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        resHeaders[key.toLowerCase()] = value;
      });
      const bytes = await readCapped(res, limit, truncateBody, controller);
      return {
        ok: true,
        status: res.status,
        statusText: res.statusText,
        headers: resHeaders,
        body: decode(bytes, resHeaders['content-type']),
        finalUrl: res.url || href,
      };
    } catch (err) {
      if (err instanceof TooLarge) {
        return {
          ok: false,
          retryable: false,
          error: new SourceError(`${method} ${href}: response larger than ${limit} bytes`, 'too-large'),
        };
      }
      if (signal?.aborted) {
        return { ok: false, retryable: false, error: new SourceError(`${method} ${href}: request aborted`, 'other', { cause: err }) };
      }
      if (timedOut) {
        return {
          ok: false,
          retryable: true,
          error: new SourceError(`${method} ${href}: no complete response within ${timeout} ms`, 'timeout', { cause: err }),
        };
      }
      // A name that does not resolve (ENOTFOUND) will not resolve in the next seconds either: no retries, so a run
      // without network fails its sources at once instead of spending minutes in back-off. A temporary DNS failure
      // (EAI_AGAIN), a reset or a refused connection may pass, and is retried.
      const code = networkCode(err);
      return {
        ok: false,
        retryable: code !== 'ENOTFOUND',
        error: new SourceError(`${method} ${href}: network error: ${describe(err)}`, 'network', { cause: err }),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async checkRobots(url: URL, source: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const policy = await this.robotsPolicy(url, source, signal);
    if (!isAllowed(policy, this.productToken, url.pathname + url.search)) {
      const why = policy.kind === 'disallow-all' ? ` (${policy.reason})` : '';
      throw new SourceError(`robots.txt of ${url.origin} disallows ${url.pathname}${url.search} for ${this.productToken}${why}`, 'robots');
    }
  }

  private async robotsPolicy(url: URL, source: string | undefined, signal: AbortSignal | undefined): Promise<RobotsPolicy> {
    const origin = url.origin;
    const hit = this.robotsCache.get(origin);
    if (hit && hit.expiresAt > this.timing.now()) return hit.policy;
    let pending = this.robotsPending.get(origin);
    if (!pending) {
      pending = this.fetchRobots(url, source, signal).finally(() => this.robotsPending.delete(origin));
      this.robotsPending.set(origin, pending);
    }
    return pending;
  }

  private async fetchRobots(url: URL, source: string | undefined, signal: AbortSignal | undefined): Promise<RobotsPolicy> {
    const robotsUrl = `${url.origin}/robots.txt`;
    const limiter = this.limiter(url);
    await this.acquire(limiter, signal, 'GET', robotsUrl);
    let result: Attempt;
    try {
      this.count(url.host, source, (s) => s.requests++);
      result = await this.attempt(robotsUrl, 'GET', { 'user-agent': this.userAgent, accept: 'text/plain, */*;q=0.5' }, undefined, undefined, signal, true);
    } finally {
      limiter.release();
    }
    if (!result.ok && signal?.aborted) throw result.error;
    let policy: RobotsPolicy;
    let ttl = this.opts.robotsTtlMs ?? 24 * 3600 * 1000;
    if (result.ok && result.status >= 200 && result.status < 300) {
      const file = parseRobots(result.body);
      policy = { kind: 'rules', file };
      const delay = selectGroup(file, this.productToken)?.crawlDelaySec;
      if (delay !== undefined) limiter.raiseMinInterval(Math.min(delay * 1000, this.opts.maxCrawlDelayMs ?? 30_000));
    } else if (result.ok && result.status >= 400 && result.status < 500 && result.status !== 429) {
      // RFC 9309 §2.3.1.3: "unavailable" → the crawler may access any resource.
      policy = { kind: 'allow-all' };
    } else {
      // RFC 9309 §2.3.1.4: "unreachable" (5xx, network, and 429 which we treat alike) → assume complete disallow.
      const reason = result.ok ? `robots.txt answered HTTP ${result.status}` : `robots.txt unreachable: ${result.error.kind}`;
      policy = { kind: 'disallow-all', reason };
      ttl = this.opts.robotsUnreachableTtlMs ?? 10 * 60 * 1000;
    }
    this.robotsCache.set(url.origin, { policy, expiresAt: this.timing.now() + ttl });
    return policy;
  }

  private limiter(url: URL): HostLimiter {
    let limiter = this.limiters.get(url.host);
    if (!limiter) {
      const override = this.opts.hostPolicies?.[url.host] ?? this.opts.hostPolicies?.[url.hostname] ?? {};
      const policy: HostPolicy = { ...DEFAULT_POLICY, ...this.opts.defaultPolicy, ...override };
      const budgets = this.opts.hostBudgets;
      const host = url.host;
      limiter = new HostLimiter(
        policy,
        this.timing,
        budgets ? { reserve: (ms) => budgets.reserve(host, ms), pause: (ms) => budgets.pause(host, ms) } : undefined,
      );
      this.limiters.set(url.host, limiter);
    }
    return limiter;
  }

  private async acquire(limiter: HostLimiter, signal: AbortSignal | undefined, method: string, href: string): Promise<void> {
    try {
      await limiter.acquire(signal);
    } catch (err) {
      throw new SourceError(`${method} ${href}: request aborted`, 'other', { cause: err });
    }
  }

  private async sleep(ms: number, signal: AbortSignal | undefined, method: string, href: string): Promise<void> {
    if (ms <= 0) return;
    try {
      await this.timing.sleep(ms, signal);
    } catch (err) {
      throw new SourceError(`${method} ${href}: request aborted`, 'other', { cause: err });
    }
  }

  private count(host: string, source: string | undefined, update: (s: HttpStats) => void): void {
    update(this.totalStats);
    let h = this.hostStats.get(host);
    if (!h) this.hostStats.set(host, (h = emptyStats()));
    update(h);
    if (source !== undefined) {
      let s = this.perSourceStats.get(source);
      if (!s) this.perSourceStats.set(source, (s = emptyStats()));
      update(s);
    }
  }
}

async function readCapped(res: Response, limit: number, truncate: boolean, controller: AbortController): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  // A compressed body only grows when decoded, so a declared length past the cap is already too much.
  if (!truncate && Number.isFinite(declared) && declared > limit) {
    controller.abort(new TooLarge());
    throw new TooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > limit) {
      if (truncate) {
        chunks.push(value.subarray(0, limit - total));
        total = limit;
        await reader.cancel().catch(() => undefined);
        break;
      }
      await reader.cancel().catch(() => undefined);
      controller.abort(new TooLarge());
      throw new TooLarge();
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return Buffer.concat(chunks, total);
}

function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown label: fall through to UTF-8, which is what almost every API actually sends.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** A short, single-line excerpt of an error body for the message (APIs often explain the error there). */
function snippet(body: string): string {
  const flat = body.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  return `: ${flat.length > ERROR_SNIPPET_CHARS ? flat.slice(0, ERROR_SNIPPET_CHARS) + '…' : flat}`;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? ` (${(cause as NodeJS.ErrnoException).code ?? cause.message})` : '';
    return `${err.message}${causeText}`;
  }
  return String(err);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function throwIfAborted(signal: AbortSignal | undefined, method: string, href: string): void {
  if (signal?.aborted) throw new SourceError(`${method} ${href}: request aborted`, 'other', { cause: signal.reason });
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return AbortSignal.any(present);
}

/** The system error code of a failed fetch (undici wraps it in `cause`), e.g. ENOTFOUND, ECONNREFUSED. */
function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
