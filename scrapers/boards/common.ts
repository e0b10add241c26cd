// What the remote-board sources share: one GET through the team's polite HTTP client with errors that
// name the source and the URL, tolerant readers for the loosely typed board JSON, and the date shapes
// the boards use (epoch seconds or milliseconds, ISO without a zone, RFC 822).
//
// Network goes only through ctx.http: the shared client owns retries, Retry-After, per-host politeness,
// timeouts, robots.txt and the ETag cache. This module only interprets what comes back.
import { load } from 'cheerio';
import { SourceError } from '../../src/core/errors.js';
import type { HttpResponse, RawPosting, SourceContext } from '../../src/core/types.js';
import { ISO_WITH_ZONE, type Json, isObject, isoUtc, str } from '../json-values.js';

/** Politeness a board source asks of the shared HTTP client for its real host. */
export interface BoardPoliteness {
  /** The real host the numbers apply to (tests point the source at a loopback mock instead). */
  host: string;
  /** Minimum gap between the starts of two requests to the host. */
  minIntervalMs: number;
  /** Requests in flight at once to the host. */
  concurrency: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /**
   * Minimum time between two full syncs of this source, where the board's terms ask for one
   * (Remotive: at most 4 calls a day; Jobicy: at most one sync an hour). Whoever schedules runs
   * (the CLI / a cron) must not start a new sync of the source before this has passed.
   */
  minRefetchMs?: number;
  /** Where the numbers come from. */
  why: string;
}

export type SourceErrorKind = SourceError['kind'];

/** One line, bounded: error messages end up in a table cell. */
export function oneLine(message: string, max = 300): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function kindForStatus(status: number): SourceErrorKind {
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'http-5xx';
  if (status >= 400) return 'http-4xx';
  return 'other';
}

/** Base URLs come from options; tolerate a trailing slash. */
export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

export function throwIfAborted(source: string, ctx: SourceContext): void {
  if (ctx.signal?.aborted) throw new SourceError(`${source}: aborted`, 'other', { cause: ctx.signal.reason });
}

/** A short hint from an error body: JSON `error`/`message` fields, else the first characters of the text. */
function errorDetail(res: HttpResponse): string {
  const body = res.body ?? '';
  if (body === '') return '';
  try {
    const parsed = JSON.parse(body) as unknown;
    if (isObject(parsed)) {
      const msg = str(parsed['error']) ?? str(parsed['message']);
      if (msg !== null) return `: ${msg.slice(0, 160)}`;
    }
  } catch {
    // Not JSON: fall through to the text.
  }
  const text = body.replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: ${text.slice(0, 120)}`;
}

export interface FetchTextOptions {
  kind?: 'api' | 'page';
  accept?: string;
}

/**
 * GET one document as a conditional request. Returns its body, or null for a 304 the client had no
 * cached body for (nothing changed and nothing to re-read). Any failure is a SourceError naming
 * source and URL; the kind says what went wrong (rate-limited, http-5xx, …).
 */
export async function fetchText(
  source: string,
  ctx: SourceContext,
  url: string,
  opts: FetchTextOptions = {},
): Promise<string | null> {
  throwIfAborted(source, ctx);
  let res: HttpResponse;
  try {
    res = await ctx.http.request(url, {
      conditional: true,
      kind: opts.kind ?? 'api',
      headers: { accept: opts.accept ?? 'application/json' },
    });
  } catch (err) {
    if (err instanceof SourceError) {
      // The client's message has the URL already; say which source it was so a run summary reads well.
      const msg = err.message.startsWith(`${source}:`) ? err.message : `${source}: ${err.message}`;
      throw new SourceError(oneLine(msg), err.kind, { cause: err });
    }
    throw new SourceError(oneLine(`${source}: request to ${url} failed: ${(err as Error).message}`), 'network', { cause: err });
  }
  if (res.notModified || res.status === 304) {
    return res.body === '' ? null : res.body;
  }
  if (res.status < 200 || res.status > 299) {
    const retry = res.headers['retry-after'];
    const retryNote = res.status === 429 && retry !== undefined ? ` (Retry-After: ${retry.slice(0, 40)})` : '';
    throw new SourceError(
      oneLine(`${source}: HTTP ${res.status} from ${url}${retryNote}${errorDetail(res)}`),
      kindForStatus(res.status),
    );
  }
  return res.body;
}

/** GET and parse JSON; null when a 304 left nothing to read. Malformed JSON is a 'parse' SourceError. */
export async function fetchJson(source: string, ctx: SourceContext, url: string): Promise<unknown | null> {
  const body = await fetchText(source, ctx, url);
  if (body === null) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw new SourceError(oneLine(`${source}: malformed JSON from ${url}: ${(err as Error).message}`), 'parse', { cause: err });
  }
}

/** A response whose top-level shape is not what the contract says is a parse error too. */
export function shapeError(source: string, url: string, expected: string): SourceError {
  return new SourceError(oneLine(`${source}: unexpected response from ${url}: expected ${expected}`), 'parse');
}

// ---------------------------------------------------------------- plain-value readers

export { type Json, isObject, str, compact } from '../json-values.js';

/** Booleans, and the "True"/"false" strings some re-exported dumps carry. */
export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return null;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,16}(\.\d{1,6})?$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** String arrays; anything else (a Python-repr string from a re-export, a number) is dropped. */
export function strList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(str).filter((v): v is string => v !== null).map((v) => v.trim());
}

// ---------------------------------------------------------------- dates

/**
 * Unix time in seconds or milliseconds, decided by magnitude: below 1e11 it is seconds (1e11 s is the
 * year 5138, 1e11 ms is March 1973). Himalayas documents milliseconds but serves seconds.
 */
export function isoFromEpoch(value: unknown): string | null {
  const n = num(value);
  if (n === null || n <= 0) return null;
  return isoUtc(new Date(n < 1e11 ? n * 1000 : n));
}

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** ISO 8601 with a zone → UTC "…Z"; without a zone (Remotive) it is read as UTC. */
export function isoFromIso(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (ISO_WITH_ZONE.test(v)) return isoUtc(new Date(v));
  if (ISO_NO_ZONE.test(v)) return isoUtc(new Date(`${v}Z`));
  return null;
}

const RFC822 = /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[A-Za-z]{1,5})?$/;

/** RSS pubDate, RFC 822 ("Fri, 11 Sep 2026 07:30:48 +0000") → UTC ISO. */
export function isoFromRfc822(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (v.length > 64 || !RFC822.test(v)) return null;
  return isoUtc(new Date(v));
}

/** True when the posting is known to be older than the requested month (undated postings are kept). */
export function beforeMonth(postedAt: string | null | undefined, sinceMonth: string | undefined): boolean {
  if (sinceMonth === undefined || postedAt === null || postedAt === undefined) return false;
  return postedAt.slice(0, 7) < sinceMonth;
}

export function keep(ctx: SourceContext, posting: RawPosting): boolean {
  return !beforeMonth(posting.postedAt, ctx.sinceMonth);
}

// ---------------------------------------------------------------- text repair

// "&lt;p&gt;" (escaped once) or "&amp;lt;p&amp;gt;" (escaped twice, seen in JSON-LD descriptions).
const ESCAPED_TAG = /&(?:amp;){0,3}lt;\/?[a-z][a-z0-9]{0,15}(?:[\s/]|&(?:amp;){0,3}gt;)/i;
const REAL_TAG = /<\/?[a-z][a-z0-9]{0,15}[\s/>]/i;

/**
 * Some boards (Arbeitnow, JSON-LD career pages) serve HTML that was entity-escaped once or twice:
 * "&lt;p&gt;Hallo&lt;/p&gt;". Decode while it still looks like escaped markup and holds no real tag
 * (a real tag means the entities are text, like "&lt;div&gt;" in a frontend ad), at most three rounds.
 */
export function unescapeHtmlIfEscaped(html: string): string {
  let out = html;
  for (let round = 0; round < 3; round++) {
    if (REAL_TAG.test(out) || !ESCAPED_TAG.test(out)) break;
    out = decodeEntities(out);
  }
  return out;
}

/** Decodes HTML character references in text that holds no markup (uses the HTML5 entity table). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  // Text that has no tags parses to text nodes only; .text() gives it back decoded.
  return load(text.replace(/</g, '&lt;'), null, false).text();
}

const MOJIBAKE = /[\u00C2-\u00F4][\u0080-\u00BF]/;
const BEYOND_LATIN1 = /[^\u0000-\u00FF]/;

/**
 * Repairs UTF-8 that was decoded as Latin-1 somewhere upstream ("MecÃ¡nico" → "Mecánico", seen in
 * RemoteOK data). Only when every character fits in a byte, the tell-tale pairs occur, and re-decoding
 * yields valid UTF-8 (one broken sequence at the very end is tolerated: the boards cut descriptions).
 */
export function repairMojibake(text: string): { text: string; repaired: boolean } {
  if (!MOJIBAKE.test(text) || BEYOND_LATIN1.test(text)) return { text, repaired: false };
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(text, 'latin1'));
  const bad = decoded.indexOf('\uFFFD');
  if (bad === -1) return { text: decoded, repaired: true };
  if (bad >= decoded.length - 2 && decoded.indexOf('\uFFFD', bad + 1) === -1) {
    return { text: decoded.slice(0, bad), repaired: true };
  }
  return { text, repaired: false };
}
