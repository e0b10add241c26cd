// Jobicy: GET /api/v2/remote-jobs?count=&industry=&tag=&geo=[&cursor=] → {apiVersion, jobCount,
// nextCursor, hasMore, appliedFilters, jobs[], success}. Cursor paging (v2.2.18): the cursor goes back
// unchanged with the same filters; a changed filter or an expired cursor answers 400 {success:false,
// error}. The walk is never restarted on its own: the shared client retries single requests (it honours
// Retry-After on 429), and a failure after that ends the sync with a SourceError.
// Window: the last 7 days, published with a 3-hour delay. Terms: "Synchronize no more frequently than
// once per hour", credit Jobicy with a link (`url` is the Jobicy ad), no redistribution to aggregators.
import { UsageError } from '../../src/core/errors.js';
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type BoardPoliteness,
  bool,
  compact,
  fetchJson,
  isObject,
  isoFromIso,
  keep,
  num,
  shapeError,
  str,
  strList,
  trimBase,
} from './common.js';

export const JOBICY_SOURCE = 'jobicy';
export const JOBICY_BASE_URL = 'https://jobicy.com';

export const defaultPoliteness: BoardPoliteness = {
  host: 'jobicy.com',
  minIntervalMs: 5_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // "Synchronize no more frequently than once per hour"
  minRefetchMs: 60 * 60 * 1000,
  why: 'Jobicy API docs: at most one sync per hour; 429 with Retry-After',
};

export interface JobicyOptions {
  baseUrl?: string;
  /** Jobs per page, 1–200 (default 100). */
  count?: number;
  /** Industry slug; default "engineering" (Software Engineering). Empty string: all industries. */
  industry?: string;
  /** Optional tag search, 3–50 bytes. */
  tag?: string;
  /** Optional geo slug ("usa", "anywhere"). */
  geo?: string;
  /** Safety cap on cursor pages; default 20. */
  maxPages?: number;
}

export function jobicyJobToPosting(job: unknown): RawPosting | null {
  if (!isObject(job)) return null;
  const id = str(job['id']);
  if (id === null) return null;
  const geo = str(job['jobGeo']);
  return {
    source: JOBICY_SOURCE,
    externalId: id,
    url: str(job['url']),
    company: str(job['companyName']),
    title: str(job['jobTitle']),
    // "LATAM,  Canada,  USA": the feed pads its list separators.
    location: geo === null ? null : geo.split(',').map((g) => g.trim()).filter(Boolean).join(', '),
    remote: true,
    postedAt: isoFromIso(job['pubDate']),
    html: str(job['jobDescription']) ?? str(job['jobExcerpt']),
    meta: compact({
      attribution: 'Jobicy',
      jobSlug: str(job['jobSlug']),
      industry: strList(job['jobIndustry']),
      jobType: strList(job['jobType']),
      jobLevel: str(job['jobLevel']),
      salaryMin: num(job['salaryMin']),
      salaryMax: num(job['salaryMax']),
      salaryCurrency: str(job['salaryCurrency']),
      salaryPeriod: str(job['salaryPeriod']),
    }),
  };
}

export function createJobicySource(opts: JobicyOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? JOBICY_BASE_URL);
  const count = Math.min(200, Math.max(1, Math.floor(opts.count ?? 100)));
  const maxPages = Math.max(1, Math.floor(opts.maxPages ?? 20));
  if (opts.tag !== undefined) {
    const bytes = Buffer.byteLength(opts.tag, 'utf8');
    // The API answers 400 outside this range; say so before spending a request.
    if (bytes < 3 || bytes > 50) throw new UsageError(`jobicy: tag must be 3–50 bytes (got "${opts.tag.slice(0, 60)}")`);
  }
  const filters = new URLSearchParams();
  filters.set('count', String(count));
  const industry = opts.industry ?? 'engineering';
  if (industry !== '') filters.set('industry', industry);
  if (opts.geo !== undefined && opts.geo !== '') filters.set('geo', opts.geo);
  if (opts.tag !== undefined) filters.set('tag', opts.tag);

  return {
    name: JOBICY_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      let cursor: string | null = null;
      const cursors = new Set<string>();
      let page = 0;
      let jobsSeen = 0;
      while (page < maxPages) {
        const params = new URLSearchParams(filters);
        if (cursor !== null) params.set('cursor', cursor);
        const url = `${base}/api/v2/remote-jobs?${params.toString()}`;
        page++;
        ctx.onProgress?.({ source: JOBICY_SOURCE, message: `page ${page}`, done: jobsSeen });
        const body = await fetchJson(JOBICY_SOURCE, ctx, url);
        if (body === null) return;
        if (!isObject(body) || !Array.isArray(body['jobs'])) throw shapeError(JOBICY_SOURCE, url, 'an object with a "jobs" array');
        if (body['success'] === false) throw shapeError(JOBICY_SOURCE, url, `success:true (got error "${str(body['error']) ?? ''}")`);
        const jobs = body['jobs'] as unknown[];
        for (const job of jobs) {
          const posting = jobicyJobToPosting(job);
          if (posting === null) continue;
          jobsSeen++;
          if (keep(ctx, posting)) yield posting;
        }
        const next = str(body['nextCursor']);
        // Older API versions (≤2.2.16) have no cursor at all: one page is everything.
        if (next === null || bool(body['hasMore']) === false || jobs.length === 0 || cursors.has(next)) break;
        cursors.add(next);
        cursor = next;
      }
      ctx.onProgress?.({ source: JOBICY_SOURCE, message: `${page} page(s), ${jobsSeen} jobs`, done: jobsSeen });
    },
  };
}
