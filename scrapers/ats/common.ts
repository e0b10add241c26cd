// What every ATS job-board source shares: one JSON GET through the team's polite HTTP client with
// errors that name the source, the board and the URL; date parsing for the formats the ATSs use;
// and the small HTML helpers the modules need to assemble a description.
//
// Network goes only through ctx.http (the shared client owns retries, politeness, timeouts and the
// ETag cache); this module only interprets what comes back.
import { SourceError } from '../../src/core/errors.js';
import { ISO_WITH_ZONE, type Json, isObject, isoUtc, str } from '../json-values.js';
import type { HttpRequestOptions, HttpResponse, RawPosting, SourceContext } from '../../src/core/types.js';

/** Politeness a source asks of the shared HTTP client for its API host. */
export interface AtsPoliteness {
  /** The real API host the numbers apply to (tests point the source elsewhere). */
  host: string;
  /** Minimum gap between two requests to the host. */
  minIntervalMs: number;
  /** Requests in flight at once to the host. */
  concurrency: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

/** Identifies one board of one source in error messages and progress, e.g. `greenhouse board "vercel"`. */
export interface BoardRef {
  source: string;
  board: string;
}

export function describeBoard(ref: BoardRef): string {
  return `${ref.source} board "${ref.board}"`;
}

/** One line, bounded: error messages end up in a table cell. */
function oneLine(message: string, max = 300): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function kindForStatus(status: number): SourceError['kind'] {
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'http-5xx';
  if (status >= 400) return 'http-4xx';
  return 'other';
}

/** Board tokens go into URL paths: never let one smuggle a "/" or "?" in. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** Base URLs come from options; tolerate a trailing slash. */
export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

export function throwIfAborted(ctx: SourceContext, ref?: BoardRef): void {
  if (ctx.signal?.aborted) {
    throw new SourceError(`${ref ? describeBoard(ref) : 'ats source'}: aborted`, 'other', { cause: ctx.signal.reason });
  }
}

export interface GetJsonOptions {
  /** A 404 is an expected answer here (e.g. a posting closed between list and detail): return null. */
  allowNotFound?: boolean;
}

/** The HTTP status a client error message reports ("GET … : HTTP 404 Not Found …"), if any. */
function statusInMessage(err: SourceError): number | null {
  const m = /: HTTP (\d{3})\b/.exec(err.message);
  return m ? Number(m[1]) : null;
}

/**
 * GET a JSON document as a conditional API request and parse it.
 * Any failure becomes a SourceError whose message names source, board and URL.
 */
export async function getJson(ctx: SourceContext, ref: BoardRef, url: string, opts: GetJsonOptions = {}): Promise<unknown> {
  throwIfAborted(ctx, ref);
  // The shared client also takes a per-request abort signal (beyond HttpRequestOptions): a cancelled
  // run then stops a stalled request instead of waiting for its timeout.
  const options: HttpRequestOptions & { signal?: AbortSignal } = {
    conditional: true,
    kind: 'api',
    headers: { accept: 'application/json' },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  let res: HttpResponse;
  try {
    res = await ctx.http.request(url, options);
  } catch (err) {
    if (err instanceof SourceError) {
      // The shared client throws for non-2xx after its retries; its message has the URL and status.
      const status = statusInMessage(err);
      if (status === 404 && opts.allowNotFound) return null;
      const what = status === 404 ? ' not found:' : ':';
      throw new SourceError(oneLine(`${describeBoard(ref)}${what} ${err.message}`), err.kind, { cause: err });
    }
    throw new SourceError(oneLine(`${describeBoard(ref)}: request to ${url} failed: ${(err as Error).message}`), 'network', { cause: err });
  }
  if (res.status === 404 && opts.allowNotFound) return null;
  if (!res.notModified && (res.status < 200 || res.status > 299)) {
    const what = res.status === 404 ? 'not found' : `answered HTTP ${res.status}`;
    throw new SourceError(oneLine(`${describeBoard(ref)} ${what} (HTTP ${res.status} from ${url})`), kindForStatus(res.status));
  }
  if (res.notModified && res.body === '') {
    // The client only sends validators it has a cached body for; a 304 without one is a client fault.
    throw new SourceError(oneLine(`${describeBoard(ref)}: 304 Not Modified from ${url} but no cached body`), 'other');
  }
  try {
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    throw new SourceError(
      oneLine(`${describeBoard(ref)}: malformed JSON from ${url}: ${(err as Error).message}`),
      'parse',
      { cause: err },
    );
  }
}

/** A response whose top-level shape is not what the contract says is a parse error too. */
export function shapeError(ref: BoardRef, url: string, expected: string): SourceError {
  return new SourceError(oneLine(`${describeBoard(ref)}: unexpected JSON from ${url}: expected ${expected}`), 'parse');
}

// ---------------------------------------------------------------- plain-value readers

export { type Json, isObject, str, compact } from '../json-values.js';

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Joins the non-empty parts with ", " ("Utrecht, Netherlands"); null when nothing is left. */
export function joinParts(parts: unknown[]): string | null {
  const kept = parts.map(str).filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join(', ') : null;
}

// ---------------------------------------------------------------- dates

/** ISO 8601 with a zone ("2026-08-06T12:50:10-04:00", "…158+00:00", "…891Z") → UTC "…Z". */
export function isoUtcFromIso(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value.trim())) return null;
  return isoUtc(new Date(value.trim()));
}

/** Epoch milliseconds (Lever `createdAt`) → UTC ISO. */
export function isoUtcFromEpochMs(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return isoUtc(new Date(value));
}

const SPACED_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;

/** Recruitee's "2026-09-18 13:27:28 UTC" → "2026-09-18T13:27:28Z". */
export function isoUtcFromSpacedUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = SPACED_UTC.exec(value.trim());
  if (m === null) return null;
  return isoUtc(new Date(`${m[1]}T${m[2]}Z`));
}

/** A date-only field ("2026-09-24", Workable) stays a plain date: the source knows no time. */
export function plainDate(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
  return isoUtc(new Date(`${value.trim()}T00:00:00Z`)) === null ? null : value.trim();
}

/** True when the posting is known to be older than the requested month (undated postings are kept). */
export function beforeMonth(postedAt: string | null | undefined, sinceMonth: string | undefined): boolean {
  if (sinceMonth === undefined || postedAt === null || postedAt === undefined) return false;
  return postedAt.slice(0, 7) < sinceMonth;
}

// ---------------------------------------------------------------- HTML

/** Escapes text for inclusion in HTML we assemble (list headings, section titles). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Joins HTML fragments, skipping empty ones. */
export function joinHtml(parts: (string | null | undefined)[]): string | null {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return kept.length > 0 ? kept.join('\n') : null;
}

/** False when the run's month filter (ctx.sinceMonth) excludes the posting. */
export function keep(ctx: SourceContext, posting: RawPosting): boolean {
  return !beforeMonth(posting.postedAt, ctx.sinceMonth);
}

// ---------------------------------------------------------------- one-document boards

/** A board whose every job comes in one JSON document (Greenhouse, Ashby, Recruitee, Workable). */
export interface OneDocumentBoard {
  ref: BoardRef;
  url: string;
  /** How progress lines name the board: "board acme", "account acme". */
  label: string;
  /** The document's array of jobs ("jobs", "offers"); progress lines count its items under this name. */
  listKey: string;
  /** One item of the list as a raw posting, or null to skip it; `document` is the whole response (board-level fields). */
  toRaw(item: Json, document: Json): RawPosting | null;
}

/**
 * Fetches a one-document board and yields its postings: a response that is not an object holding the list is a
 * shape error naming the board and URL; items that are not objects or that toRaw refuses are skipped, and so is
 * what the run's month filter excludes.
 */
export async function* fetchOneDocument(ctx: SourceContext, board: OneDocumentBoard): AsyncGenerator<RawPosting> {
  const { ref, url, label, listKey } = board;
  ctx.onProgress?.({ source: ref.source, message: `${label}: fetching` });
  const body = await getJson(ctx, ref, url);
  const items = isObject(body) ? body[listKey] : undefined;
  if (!isObject(body) || !Array.isArray(items)) {
    throw shapeError(ref, url, `an object with ${/^[aeiou]/.test(listKey) ? 'an' : 'a'} "${listKey}" array`);
  }
  for (const item of items) {
    throwIfAborted(ctx, ref);
    if (!isObject(item)) continue;
    const raw = board.toRaw(item, body);
    if (raw !== null && keep(ctx, raw)) yield raw;
  }
  ctx.onProgress?.({ source: ref.source, message: `${label}: ${items.length} ${listKey}`, done: items.length, total: items.length });
}
