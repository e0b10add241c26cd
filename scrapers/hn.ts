// Hacker News "Ask HN: Who is hiring?" through the Algolia HN Search API (hn.algolia.com/api/v1).
//
// Contract (shared/source-samples/SOURCES-REPORT.md §1.2–1.5):
// 1. Threads: search_by_date?tags=story,(author_whoishiring,author__whoishiring)&hitsPerPage=1000,
//    keep titles "Ask HN: Who is hiring? (Month YYYY)" (case-insensitive: the capitalisation drifted
//    in 2011–2012). April and May 2015 were posted by "_whoishiring", hence the OR group.
// 2. Ads: search_by_date?tags=comment,story_{id}&numericFilters=parent_id={id}&hitsPerPage=1000,
//    following `page` while page+1 < nbPages. Algolia never serves hits past #1000 of a query, so a
//    bigger result is read in created_at_i windows: take the newest 1000, then ask again for
//    created_at_i <= the oldest time seen, and so on (dedupe by objectID; ties at the boundary second
//    come back twice, which is why the bound is inclusive).
// 3. Each top-level comment with an author and a text is one RawPosting.

import type { Month, RawPosting, Source, SourceContext, HttpRequester, HttpRequestOptions } from '../src/core/types.js';
import { SourceError, UsageError } from '../src/core/errors.js';
import { MONTH_OPTION, hostOf, intOption, type SourceDescriptor } from '../src/core/sources.js';
import { htmlToText } from './html-text.js';
import { firstLine, parseHeaderLine } from './hn-header.js';

export const HN_DEFAULT_BASE_URL = 'https://hn.algolia.com';
/** Algolia's paginationLimitedTo: hits past this rank of one query are unreachable. */
export const ALGOLIA_WINDOW = 1000;
const MAX_WINDOWS = 10_000;

export interface HnSourceOptions {
  /** API origin (default https://hn.algolia.com); point it at the replay server in tests and the demo. */
  baseUrl?: string;
  /** Newest N monthly threads (default 1 when neither months nor sinceMonth is given). */
  months?: number;
  /** Only threads of this month ("YYYY-MM") or later. */
  sinceMonth?: string;
  /** Page size (1..1000, default 1000); smaller values only exercise pagination in tests. */
  hitsPerPage?: number;
}

export interface HnThread {
  id: string;
  title: string;
  month: Month;
  createdAtI: number;
  numComments: number | null;
}

/** The fields of an Algolia hit this source reads. */
export interface AlgoliaHit {
  objectID: string;
  created_at_i: number;
  author: string | null;
  title: string | null;
  comment_text: string | null;
  parent_id: number | null;
  num_comments: number | null;
  dead?: boolean;
  deleted?: boolean;
}

interface SearchPage {
  hits: AlgoliaHit[];
  nbHits: number;
  nbPages: number;
  page: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const HIRING_TITLE = /^\s*ask hn:\s*who is hiring\?/i;
const TITLE_MONTH = /\(\s*([a-z]{3,9})\.?\s+(\d{4})\s*\)/i;
const MONTH_RE = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/**
 * Month of a monthly hiring thread from its title, or null when the title is not one
 * ("Who wants to be hired?", "Who is hiring right now?", the 2011 meta post, …).
 * Falls back to `createdAtI`'s month when the title lacks "(Month YYYY)".
 */
export function hiringThreadMonth(title: string | null | undefined, createdAtI?: number): Month | null {
  if (!title || !HIRING_TITLE.test(title)) return null;
  const m = TITLE_MONTH.exec(title.slice(0, 200));
  if (m) {
    const word = m[1]!.toLowerCase();
    const index = MONTHS.findIndex((name) => name === word || (word.length >= 3 && name.startsWith(word)));
    if (index >= 0) return `${m[2]}-${String(index + 1).padStart(2, '0')}`;
  }
  if (createdAtI === undefined || !Number.isFinite(createdAtI)) return null;
  return new Date(createdAtI * 1000).toISOString().slice(0, 7);
}

export function createHnSource(options: HnSourceOptions = {}): Source {
  const baseUrl = validateBaseUrl(options.baseUrl ?? HN_DEFAULT_BASE_URL);
  if (options.months !== undefined && (!Number.isInteger(options.months) || options.months < 1)) {
    throw new UsageError(`hn: months must be a whole number ≥ 1 (got ${String(options.months)})`);
  }
  if (options.sinceMonth !== undefined && !MONTH_RE.test(options.sinceMonth)) {
    throw new UsageError(`hn: sinceMonth must be YYYY-MM (got "${options.sinceMonth}")`);
  }
  const hitsPerPage = options.hitsPerPage ?? ALGOLIA_WINDOW;
  if (!Number.isInteger(hitsPerPage) || hitsPerPage < 1 || hitsPerPage > ALGOLIA_WINDOW) {
    throw new UsageError(`hn: hitsPerPage must be 1..${ALGOLIA_WINDOW} (got ${String(hitsPerPage)})`);
  }

  return {
    name: 'hn',
    async *fetch(ctx: SourceContext): AsyncIterable<RawPosting> {
      const client = new AlgoliaClient(ctx.http, baseUrl, hitsPerPage, ctx.signal);
      // The run's context wins over construction-time defaults.
      const months = ctx.months ?? options.months;
      const sinceMonth = ctx.sinceMonth ?? options.sinceMonth;
      const all = await listHiringThreads(client);
      const threads = selectThreads(all, { months, sinceMonth });
      ctx.onProgress?.({ source: 'hn', message: `${threads.length} monthly threads to read`, done: 0, total: threads.length });
      let done = 0;
      for (const thread of threads) {
        if (ctx.signal?.aborted) throw new SourceError('hn: aborted', 'other', { cause: ctx.signal.reason });
        const hits = await fetchTopLevelComments(client, thread);
        let ads = 0;
        for (const hit of hits) {
          const posting = hitToRawPosting(hit, thread);
          if (posting) {
            ads++;
            yield posting;
          }
        }
        done++;
        ctx.onProgress?.({ source: 'hn', message: `${thread.month}: ${ads} ads (thread ${thread.id})`, done, total: threads.length });
      }
    },
  };
}

/** Newest first; `sinceMonth` and `months` both apply; default is the newest thread only. */
export function selectThreads(threads: HnThread[], opts: { months?: number | undefined; sinceMonth?: string | undefined }): HnThread[] {
  let out = [...threads].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : b.createdAtI - a.createdAtI));
  if (opts.sinceMonth !== undefined) out = out.filter((t) => t.month >= opts.sinceMonth!);
  const limit = opts.months ?? (opts.sinceMonth !== undefined ? undefined : 1);
  return limit === undefined ? out : out.slice(0, limit);
}

/** Every monthly "Who is hiring?" thread of whoishiring, one per month, newest first. */
export async function listHiringThreads(client: AlgoliaClient): Promise<HnThread[]> {
  const hits = await client.searchAll({ tags: 'story,(author_whoishiring,author__whoishiring)' }, 'thread list');
  const byMonth = new Map<Month, HnThread>();
  for (const hit of hits) {
    const month = hiringThreadMonth(hit.title, hit.created_at_i);
    if (!month) continue;
    const thread: HnThread = {
      id: hit.objectID,
      title: (hit.title ?? '').trim(),
      month,
      createdAtI: hit.created_at_i,
      numComments: hit.num_comments,
    };
    // A month can have a re-post; the real thread is the one people answered.
    const seen = byMonth.get(month);
    if (!seen || (thread.numComments ?? 0) > (seen.numComments ?? 0)) byMonth.set(month, thread);
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? 1 : -1));
}

/** All top-level comments of a thread (oldest first), complete even past Algolia's 1000-hit window. */
export async function fetchTopLevelComments(client: AlgoliaClient, thread: HnThread): Promise<AlgoliaHit[]> {
  const hits = await client.searchAll(
    { tags: `comment,story_${thread.id}`, numericFilters: `parent_id=${thread.id}` },
    `thread ${thread.month} (${thread.id})`,
  );
  return hits.sort((a, b) => a.created_at_i - b.created_at_i || compareIds(a.objectID, b.objectID));
}

/** One ad, or null for deleted/dead/empty comments. */
export function hitToRawPosting(hit: AlgoliaHit, thread: Pick<HnThread, 'id' | 'month'>): RawPosting | null {
  if (hit.deleted === true || hit.dead === true) return null;
  if (!hit.author || !hit.comment_text || hit.comment_text.trim() === '') return null;
  const text = htmlToText(hit.comment_text);
  if (text === '') return null;
  const header = parseHeaderLine(firstLine(text));
  return {
    source: 'hn',
    externalId: hit.objectID,
    url: `https://news.ycombinator.com/item?id=${encodeURIComponent(hit.objectID)}`,
    company: header.company,
    title: header.title,
    location: header.location,
    remote: header.remote,
    postedAt: new Date(hit.created_at_i * 1000).toISOString().replace('.000Z', 'Z'),
    html: hit.comment_text,
    text,
    meta: { threadId: thread.id, threadMonth: thread.month },
  };
}

/** Thin reader of the Algolia search contract on top of the shared HTTP client. */
export class AlgoliaClient {
  private readonly base: string;

  constructor(
    private readonly http: HttpRequester,
    baseUrl: string,
    private readonly hitsPerPage: number = ALGOLIA_WINDOW,
    private readonly signal?: AbortSignal,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** Every hit of a search_by_date query, past the 1000-hit window via created_at_i windows. */
  async searchAll(params: { tags: string; numericFilters?: string }, what: string): Promise<AlgoliaHit[]> {
    const found = new Map<string, AlgoliaHit>();
    let upper: number | undefined; // inclusive created_at_i bound of the current window
    let previousTotal = -1;
    for (let window = 0; window < MAX_WINDOWS; window++) {
      const filters = [params.numericFilters, upper !== undefined ? `created_at_i<=${upper}` : undefined].filter(Boolean).join(',');
      const first = await this.page(params.tags, filters, 0, what);
      let windowHits = [...first.hits];
      for (let page = 1; page < first.nbPages; page++) {
        const next = await this.page(params.tags, filters, page, what);
        if (next.hits.length === 0) break;
        windowHits = windowHits.concat(next.hits);
      }
      for (const hit of windowHits) found.set(hit.objectID, hit);
      // Complete when this window returned everything it matched, or fewer hits than the window holds.
      if (windowHits.length >= first.nbHits || windowHits.length < Math.min(ALGOLIA_WINDOW, first.nbHits)) break;
      if (windowHits.length === 0) break;
      const oldest = Math.min(...windowHits.map((h) => h.created_at_i));
      if (first.nbHits === previousTotal && oldest === upper) {
        // More than 1000 hits share one second: no window can separate them.
        throw new SourceError(`hn: ${what}: over ${ALGOLIA_WINDOW} hits at created_at_i=${oldest}, cannot page further`, 'other');
      }
      previousTotal = first.nbHits;
      upper = oldest;
    }
    return [...found.values()];
  }

  private async page(tags: string, numericFilters: string, page: number, what: string): Promise<SearchPage> {
    const query = new URLSearchParams({ tags });
    if (numericFilters) query.set('numericFilters', numericFilters);
    query.set('hitsPerPage', String(this.hitsPerPage));
    query.set('page', String(page));
    const url = `${this.base}/api/v1/search_by_date?${query.toString()}`;
    const options: HttpRequestOptions & { signal?: AbortSignal } = { kind: 'api', conditional: true };
    if (this.signal) options.signal = this.signal;
    let body: string;
    try {
      body = (await this.http.request(url, options)).body;
    } catch (err) {
      if (err instanceof SourceError) throw new SourceError(`hn: ${what}: ${err.message}`, err.kind, { cause: err });
      throw err;
    }
    return parseSearchPage(body, `${what}, ${url}`);
  }
}

/** Validates the envelope and the hits; unknown fields are ignored, nulls accepted. */
export function parseSearchPage(body: string, where: string): SearchPage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new SourceError(`hn: ${where}: response is not JSON (${(err as Error).message})`, 'parse', { cause: err });
  }
  const o = data as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o['hits']) || typeof o['nbHits'] !== 'number' || typeof o['nbPages'] !== 'number') {
    throw new SourceError(`hn: ${where}: response lacks hits/nbHits/nbPages`, 'parse');
  }
  const hits: AlgoliaHit[] = [];
  for (const raw of o['hits'] as unknown[]) {
    const hit = parseHit(raw);
    if (!hit) throw new SourceError(`hn: ${where}: malformed hit ${JSON.stringify(raw).slice(0, 120)}`, 'parse');
    hits.push(hit);
  }
  return { hits, nbHits: o['nbHits'] as number, nbPages: o['nbPages'] as number, page: typeof o['page'] === 'number' ? o['page'] : 0 };
}

function parseHit(raw: unknown): AlgoliaHit | null {
  if (!raw || typeof raw !== 'object') return null;
  const h = raw as Record<string, unknown>;
  const id = typeof h['objectID'] === 'string' ? h['objectID'] : typeof h['objectID'] === 'number' ? String(h['objectID']) : null;
  if (!id || !/^\d{1,12}$/.test(id)) return null;
  let created = typeof h['created_at_i'] === 'number' ? h['created_at_i'] : NaN;
  if (!Number.isFinite(created) && typeof h['created_at'] === 'string') created = Math.floor(Date.parse(h['created_at']) / 1000);
  if (!Number.isFinite(created)) return null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const hit: AlgoliaHit = {
    objectID: id,
    created_at_i: created,
    author: str(h['author']),
    title: str(h['title']),
    comment_text: str(h['comment_text']),
    parent_id: num(h['parent_id']),
    num_comments: num(h['num_comments']),
  };
  if (h['dead'] === true) hit.dead = true;
  if (h['deleted'] === true) hit.deleted = true;
  return hit;
}

function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`hn: baseUrl must be an http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`hn: baseUrl must be an http(s) URL (got "${value}")`);
  return value;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** SOURCES-REPORT §8 budget for hn.algolia.com (≤1 req/s, 1–2 concurrent; hard cap 10k/h per IP). */
export const HN_HOST_POLICY = { host: 'hn.algolia.com', concurrency: 1, minIntervalMs: 1000 } as const;

/** Hacker News, declared once (scrapers/registry.ts). */
export const hnDescriptor: SourceDescriptor = {
  name: 'hn',
  family: 'thread',
  summary: 'Hacker News "Ask HN: Who is hiring?" threads, through the Algolia API',
  options: { months: intOption(1, 1000), since: MONTH_OPTION },
  units: (entry) => {
    const host = hostOf(entry.baseUrl ?? HN_DEFAULT_BASE_URL) ?? HN_HOST_POLICY.host;
    return [
      {
        unit: 'hn',
        options: { ...(entry.baseUrl !== undefined ? { baseUrl: entry.baseUrl } : {}), months: entry.options['months'], sinceMonth: entry.options['since'] },
        scope: { source: 'hn' },
        // A thread is a complete, dated record: its ads count in the thread's month and never close.
        closes: false,
        hosts: { [host]: { concurrency: HN_HOST_POLICY.concurrency, minIntervalMs: HN_HOST_POLICY.minIntervalMs } },
      },
    ];
  },
  create: (o) =>
    createHnSource({
      ...(typeof o['baseUrl'] === 'string' ? { baseUrl: o['baseUrl'] } : {}),
      ...(typeof o['months'] === 'number' ? { months: o['months'] } : {}),
      ...(typeof o['sinceMonth'] === 'string' ? { sinceMonth: o['sinceMonth'] } : {}),
    }),
  starter: () => `  hn:\n    months: 2\n`,
};
