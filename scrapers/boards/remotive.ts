// Remotive public API: GET /api/remote-jobs?category=software-dev → {"00-warning", "0-legal-notice",
// "job-count", jobs[]}. One request per sync, no pagination; active jobs only, shown 24 h late.
//
// Terms (remotive-com/remote-jobs-api README, repeated in "0-legal-notice"): at most 4 calls a day, more
// than 2 a minute is blocked; link back to the Remotive URL and name Remotive as the source; never
// resubmit the jobs to third-party job sites. We keep the Remotive URL as `url` and name the source in
// meta.attribution. A 2026 report says the endpoint sometimes ignores filters, so the category is
// checked again on our side.
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type BoardPoliteness,
  compact,
  fetchJson,
  isObject,
  isoFromIso,
  keep,
  shapeError,
  str,
  strList,
  trimBase,
} from './common.js';

export const REMOTIVE_SOURCE = 'remotive';
export const REMOTIVE_BASE_URL = 'https://remotive.com';

export const defaultPoliteness: BoardPoliteness = {
  host: 'remotive.com',
  // "excessive requests (more than 2x per minute) will be blocked"
  minIntervalMs: 30_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // "we advise max. 4 times a day"
  minRefetchMs: 6 * 60 * 60 * 1000,
  why: 'Remotive API terms: max 4 calls/day, >2/min blocked, data delayed 24 h',
};

export interface RemotiveOptions {
  baseUrl?: string;
  /** Category slug from /api/remote-jobs/categories; default "software-dev". Empty string: all. */
  category?: string;
  /** Optional title+description search (server-side `search`). */
  search?: string;
  /** Optional server-side `limit`. */
  limit?: number;
}

/**
 * Does a category name ("Software Development") belong to a slug ("software-dev")? Each slug word must
 * start the matching name word: software-dev ~ Software Development, devops ~ DevOps / Sysadmin.
 */
export function categoryMatches(slug: string, name: string): boolean {
  const slugWords = slug.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const nameWords = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (slugWords.length === 0) return true;
  if (slugWords.length > nameWords.length) return false;
  return slugWords.every((w, i) => (nameWords[i] as string).startsWith(w));
}

/** One Remotive job → RawPosting; null when it has no id. */
export function remotiveJobToPosting(job: unknown): RawPosting | null {
  if (!isObject(job)) return null;
  const id = str(job['id']);
  if (id === null) return null;
  return {
    source: REMOTIVE_SOURCE,
    externalId: id,
    url: str(job['url']),
    company: str(job['company_name']),
    title: str(job['title']),
    location: str(job['candidate_required_location']),
    // Remotive lists remote jobs only.
    remote: true,
    // "2026-09-21T12:55:11": no zone in the data; Remotive is read as UTC.
    postedAt: isoFromIso(job['publication_date']),
    html: str(job['description']),
    meta: compact({
      attribution: 'Remotive',
      category: str(job['category']),
      tags: strList(job['tags']),
      jobType: str(job['job_type']),
      salary: str(job['salary']),
    }),
  };
}

export function createRemotiveSource(opts: RemotiveOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? REMOTIVE_BASE_URL);
  const category = opts.category ?? 'software-dev';
  const params = new URLSearchParams();
  if (category !== '') params.set('category', category);
  if (opts.search !== undefined && opts.search !== '') params.set('search', opts.search);
  if (opts.limit !== undefined) params.set('limit', String(Math.max(1, Math.floor(opts.limit))));
  const query = params.toString();
  const url = `${base}/api/remote-jobs${query === '' ? '' : `?${query}`}`;

  return {
    name: REMOTIVE_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      ctx.onProgress?.({ source: REMOTIVE_SOURCE, message: 'fetching remote jobs' });
      const body = await fetchJson(REMOTIVE_SOURCE, ctx, url);
      if (body === null) {
        ctx.onProgress?.({ source: REMOTIVE_SOURCE, message: 'not modified since last sync' });
        return;
      }
      if (!isObject(body) || !Array.isArray(body['jobs'])) throw shapeError(REMOTIVE_SOURCE, url, 'an object with a "jobs" array');
      const jobs = body['jobs'] as unknown[];
      let yielded = 0;
      for (const job of jobs) {
        const posting = remotiveJobToPosting(job);
        if (posting === null) continue;
        const cat = posting.meta?.['category'];
        if (category !== '' && typeof cat === 'string' && !categoryMatches(category, cat)) continue;
        if (!keep(ctx, posting)) continue;
        yielded++;
        yield posting;
      }
      ctx.onProgress?.({ source: REMOTIVE_SOURCE, message: `${yielded} of ${jobs.length} jobs kept`, done: 1, total: 1 });
    },
  };
}
