// RemoteOK: GET /api[?tag=] → a JSON array whose element 0 is the legal notice
// {"last_updated", "legal": "API Terms of Service: Please link back … and mention Remote OK as a source"}.
// The notice is dropped; the terms are kept by storing the Remote OK URL of each ad as `url` (the link
// back) and naming the source in meta.attribution. Dates are `epoch` seconds (`date` ISO as fallback).
// Some ads carry UTF-8 that was decoded as Latin-1 upstream ("MecÃ¡nico"): repaired when unambiguous.
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type BoardPoliteness,
  compact,
  fetchJson,
  isObject,
  isoFromEpoch,
  isoFromIso,
  keep,
  num,
  repairMojibake,
  shapeError,
  str,
  strList,
  trimBase,
} from './common.js';

export const REMOTEOK_SOURCE = 'remoteok';
export const REMOTEOK_BASE_URL = 'https://remoteok.com';

export const defaultPoliteness: BoardPoliteness = {
  host: 'remoteok.com',
  minIntervalMs: 5_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // The feed covers ~30 days and changes hourly at most; no documented limit.
  minRefetchMs: 60 * 60 * 1000,
  why: 'no documented limit; the feed refreshes hourly, so poll at most hourly',
};

export interface RemoteOkOptions {
  baseUrl?: string;
  /** Optional `tag` filter, e.g. "backend". */
  tag?: string;
}

function repaired(value: string | null, flag: { any: boolean }): string | null {
  if (value === null) return null;
  const r = repairMojibake(value);
  if (r.repaired) flag.any = true;
  return r.text;
}

/** The legal-notice element ({last_updated, legal}), and anything else that is not a job, has no id. */
export function isRemoteOkJob(item: unknown): boolean {
  return isObject(item) && str(item['id']) !== null;
}

export function remoteOkJobToPosting(job: unknown): RawPosting | null {
  if (!isRemoteOkJob(job)) return null;
  const j = job as Record<string, unknown>;
  const fixed = { any: false };
  const salaryMin = num(j['salary_min']);
  const salaryMax = num(j['salary_max']);
  return {
    source: REMOTEOK_SOURCE,
    externalId: str(j['id']) as string,
    // The Remote OK page of the ad: the followed link back their terms ask for.
    url: str(j['url']) ?? str(j['apply_url']),
    company: repaired(str(j['company']), fixed),
    title: repaired(str(j['position']), fixed),
    location: repaired(str(j['location']), fixed),
    remote: true,
    postedAt: isoFromEpoch(j['epoch']) ?? isoFromIso(j['date']),
    html: repaired(str(j['description']), fixed),
    meta: compact({
      attribution: 'Remote OK',
      slug: str(j['slug']),
      tags: strList(j['tags']),
      applyUrl: str(j['apply_url']),
      // 0 means "unknown" on Remote OK.
      salaryMinUsd: salaryMin !== null && salaryMin > 0 ? salaryMin : null,
      salaryMaxUsd: salaryMax !== null && salaryMax > 0 ? salaryMax : null,
      mojibakeRepaired: fixed.any ? true : null,
    }),
  };
}

export function createRemoteOkSource(opts: RemoteOkOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? REMOTEOK_BASE_URL);
  const url = opts.tag !== undefined && opts.tag !== '' ? `${base}/api?tag=${encodeURIComponent(opts.tag)}` : `${base}/api`;
  return {
    name: REMOTEOK_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      ctx.onProgress?.({ source: REMOTEOK_SOURCE, message: 'fetching jobs' });
      const body = await fetchJson(REMOTEOK_SOURCE, ctx, url);
      if (body === null) {
        ctx.onProgress?.({ source: REMOTEOK_SOURCE, message: 'not modified since last sync' });
        return;
      }
      if (!Array.isArray(body)) throw shapeError(REMOTEOK_SOURCE, url, 'a JSON array (legal notice, then jobs)');
      let yielded = 0;
      for (const item of body) {
        const posting = remoteOkJobToPosting(item);
        if (posting === null || !keep(ctx, posting)) continue;
        yielded++;
        yield posting;
      }
      ctx.onProgress?.({ source: REMOTEOK_SOURCE, message: `${yielded} jobs`, done: 1, total: 1 });
    },
  };
}
