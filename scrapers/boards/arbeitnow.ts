// Arbeitnow: GET /api/job-board-api?page=N → {data[], links{first,last,prev,next}, meta{current_page, …}}.
// Pages are followed through links.next until it is null or a page comes back empty (page=9999 answers
// 200 with data: []). Ordered by created_at (epoch seconds), newest first, so a --since month also ends
// the walk once a whole page is older. Descriptions are sometimes entity-escaped HTML ("&lt;p&gt;").
// Terms (meta.terms): "free public API … please do not abuse … appreciate linking back".
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type BoardPoliteness,
  beforeMonth,
  bool,
  compact,
  fetchJson,
  isObject,
  isoFromEpoch,
  shapeError,
  str,
  strList,
  trimBase,
  unescapeHtmlIfEscaped,
} from './common.js';

export const ARBEITNOW_SOURCE = 'arbeitnow';
export const ARBEITNOW_BASE_URL = 'https://www.arbeitnow.com';

export const defaultPoliteness: BoardPoliteness = {
  host: 'www.arbeitnow.com',
  // Responses carry x-ratelimit-limit: 50; stay far below it.
  minIntervalMs: 2_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // "Jobs are updated every hour"
  minRefetchMs: 60 * 60 * 1000,
  why: 'x-ratelimit-limit 50, jobs updated hourly, "please do not abuse"',
};

export interface ArbeitnowOptions {
  baseUrl?: string;
  /** Safety cap on pages followed (100 jobs each); default 20. */
  maxPages?: number;
  /** Only visa-sponsoring jobs (server-side filter). */
  visaSponsorship?: boolean;
}

export function arbeitnowJobToPosting(job: unknown): RawPosting | null {
  if (!isObject(job)) return null;
  const slug = str(job['slug']);
  if (slug === null) return null;
  const description = str(job['description']);
  return {
    source: ARBEITNOW_SOURCE,
    externalId: slug,
    url: str(job['url']),
    company: str(job['company_name']),
    title: str(job['title']),
    location: str(job['location']),
    remote: bool(job['remote']),
    postedAt: isoFromEpoch(job['created_at']),
    html: description === null ? null : unescapeHtmlIfEscaped(description),
    meta: compact({
      attribution: 'Arbeitnow',
      tags: strList(job['tags']),
      jobTypes: strList(job['job_types']),
    }),
  };
}

/**
 * The next page's URL. links.next is absolute on the real API; it is resolved against the page it came
 * from and kept on our own origin (a configured base must never be left for another host).
 */
export function nextPageUrl(next: unknown, current: string, base: string): string | null {
  const raw = str(next);
  if (raw === null) return null;
  let resolved: URL;
  try {
    resolved = new URL(raw, current);
  } catch {
    return null;
  }
  const origin = new URL(base);
  if (resolved.origin === origin.origin) return resolved.toString();
  return `${origin.origin}${resolved.pathname}${resolved.search}`;
}

export function createArbeitnowSource(opts: ArbeitnowOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? ARBEITNOW_BASE_URL);
  const maxPages = Math.max(1, Math.floor(opts.maxPages ?? 20));
  const firstUrl = `${base}/api/job-board-api?page=1${opts.visaSponsorship ? '&visa_sponsorship=true' : ''}`;

  return {
    name: ARBEITNOW_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      let url: string | null = firstUrl;
      const visited = new Set<string>();
      let page = 0;
      while (url !== null && page < maxPages) {
        if (visited.has(url)) break; // a server that links a page to itself must not loop us
        visited.add(url);
        page++;
        ctx.onProgress?.({ source: ARBEITNOW_SOURCE, message: `page ${page}`, done: page - 1 });
        const body = await fetchJson(ARBEITNOW_SOURCE, ctx, url);
        if (body === null) return; // 304 without a cached body: nothing changed
        if (!isObject(body) || !Array.isArray(body['data'])) throw shapeError(ARBEITNOW_SOURCE, url, 'an object with a "data" array');
        const data = body['data'] as unknown[];
        if (data.length === 0) break;
        let older = 0;
        for (const job of data) {
          const posting = arbeitnowJobToPosting(job);
          if (posting === null) continue;
          if (beforeMonth(posting.postedAt, ctx.sinceMonth)) {
            older++;
            continue;
          }
          yield posting;
        }
        // Newest first: a page wholly before --since means every later page is too.
        if (older === data.length) break;
        const links = body['links'];
        url = isObject(links) ? nextPageUrl(links['next'], url, base) : null;
      }
      ctx.onProgress?.({ source: ARBEITNOW_SOURCE, message: `${page} page(s)`, done: page, total: page });
    },
  };
}
