// Himalayas: GET /jobs/api?limit=20[&cursor=…] → {comments, updatedAt, offset, limit, totalCount,
// nextCursor, jobs[]}. Cursor paging since 2026-08-21 ("pass the nextCursor value … back as ?cursor=";
// offset is deprecated); limit is capped at 20 server-side. The feed holds ~100k jobs, so a sync takes
// the newest pages only (maxPages), and stops early once a whole page is before --since.
// Date quirk: the data dictionary says pubDate/expiryDate are Unix milliseconds, the live API serves
// 10-digit seconds: decided by magnitude (isoFromEpoch).
// Terms: link back and credit Himalayas, no re-syndication: `url` is the Himalayas ad (guid).
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type BoardPoliteness,
  beforeMonth,
  compact,
  fetchJson,
  isObject,
  isoFromEpoch,
  isoFromIso,
  num,
  shapeError,
  str,
  strList,
  trimBase,
} from './common.js';

export const HIMALAYAS_SOURCE = 'himalayas';
export const HIMALAYAS_BASE_URL = 'https://himalayas.app';
const MAX_LIMIT = 20;

export const defaultPoliteness: BoardPoliteness = {
  host: 'himalayas.app',
  minIntervalMs: 2_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // "data refreshes daily"; one sync an hour is already generous.
  minRefetchMs: 60 * 60 * 1000,
  why: 'free API, data refreshed daily; link back, no re-syndication',
};

export interface HimalayasOptions {
  baseUrl?: string;
  /** Page size, 1–20 (the API caps it at 20). */
  limit?: number;
  /** Pages per sync; default 25 (500 newest jobs). */
  maxPages?: number;
}

function dateOf(value: unknown): string | null {
  return isoFromEpoch(value) ?? isoFromIso(value);
}

export function himalayasJobToPosting(job: unknown): RawPosting | null {
  if (!isObject(job)) return null;
  const guid = str(job['guid']) ?? str(job['applicationLink']);
  if (guid === null) return null;
  const locations = strList(job['locationRestrictions']);
  return {
    source: HIMALAYAS_SOURCE,
    externalId: guid,
    url: guid,
    company: str(job['companyName']),
    title: str(job['title']),
    // No restriction means worldwide; unknown is better left null than guessed.
    location: locations.length > 0 ? locations.join(', ') : null,
    remote: true,
    postedAt: dateOf(job['pubDate']),
    html: str(job['description']) ?? str(job['excerpt']),
    meta: compact({
      attribution: 'Himalayas',
      companySlug: str(job['companySlug']),
      applicationLink: str(job['applicationLink']),
      employmentType: str(job['employmentType']),
      seniority: strList(job['seniority']),
      categories: strList(job['categories']),
      parentCategories: strList(job['parentCategories']),
      minSalary: num(job['minSalary']),
      maxSalary: num(job['maxSalary']),
      currency: str(job['currency']),
      salaryPeriod: str(job['salaryPeriod']),
      timezoneRestrictions: Array.isArray(job['timezoneRestrictions'])
        ? (job['timezoneRestrictions'] as unknown[]).map(num).filter((n): n is number => n !== null)
        : null,
      expiresAt: dateOf(job['expiryDate']),
    }),
  };
}

export function createHimalayasSource(opts: HimalayasOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? HIMALAYAS_BASE_URL);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(opts.limit ?? MAX_LIMIT)));
  const maxPages = Math.max(1, Math.floor(opts.maxPages ?? 25));
  return {
    name: HIMALAYAS_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      let cursor: string | null = null;
      const cursors = new Set<string>();
      const seen = new Set<string>();
      let page = 0;
      let total: number | undefined;
      while (page < maxPages) {
        const url: string = `${base}/jobs/api?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        page++;
        ctx.onProgress?.({ source: HIMALAYAS_SOURCE, message: `page ${page}`, done: seen.size, ...(total !== undefined ? { total } : {}) });
        const body = await fetchJson(HIMALAYAS_SOURCE, ctx, url);
        if (body === null) return;
        if (!isObject(body) || !Array.isArray(body['jobs'])) throw shapeError(HIMALAYAS_SOURCE, url, 'an object with a "jobs" array');
        total = num(body['totalCount']) ?? total;
        const jobs = body['jobs'] as unknown[];
        if (jobs.length === 0) break;
        let older = 0;
        for (const job of jobs) {
          const posting = himalayasJobToPosting(job);
          if (posting === null) continue;
          if (beforeMonth(posting.postedAt, ctx.sinceMonth)) {
            older++;
            continue;
          }
          if (seen.has(posting.externalId)) continue;
          seen.add(posting.externalId);
          yield posting;
        }
        if (older === jobs.length) break;
        const next = str(body['nextCursor']);
        if (next === null || cursors.has(next)) break;
        cursors.add(next);
        cursor = next;
      }
      ctx.onProgress?.({ source: HIMALAYAS_SOURCE, message: `${page} page(s), ${seen.size} jobs`, done: seen.size });
    },
  };
}
