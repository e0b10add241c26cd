// Lever Postings API: a bare JSON array, paged with skip/limit and no total.
//   GET {base}/v0/postings/{site}?mode=json&skip={n}&limit={k}
// Contract: shared/source-samples/SOURCES-REPORT.md §3. Quirks handled here:
// - no total and no next link: page until a page shorter than `limit` (an empty page included);
// - `createdAt` is epoch milliseconds;
// - EU tenants live on api.eu.lever.co (the US host 404s for them);
// - the description is spread over `description` (opening + body), `lists[{text, content}]` and
//   `additional`; they are assembled into one HTML document in reading order;
// - no company name in the JSON: taken from options, else the site name.
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  compact,
  escapeHtml,
  getJson,
  isObject,
  isoUtcFromEpochMs,
  joinHtml,
  keep,
  pathSegment,
  shapeError,
  str,
  throwIfAborted,
  trimBase,
} from './common.js';

export const LEVER_BASE_URL = 'https://api.lever.co';
export const LEVER_EU_BASE_URL = 'https://api.eu.lever.co';

/** GETs are not limited, but Lever has slow tails (7–9 s stalls): ≤2 req/s and a 25 s timeout. */
export const defaultPoliteness: AtsPoliteness = {
  host: 'api.lever.co',
  minIntervalMs: 500,
  concurrency: 1,
  timeoutMs: 25_000,
};

export interface LeverOptions {
  /** Site name, the path segment of jobs.lever.co/{site} (case-sensitive). */
  site: string;
  /** 'eu' selects api.eu.lever.co; ignored when baseUrl is given. */
  region?: 'us' | 'eu';
  baseUrl?: string;
  company?: string;
  /** Postings per page (default 100). */
  pageSize?: number;
  /** Safety stop for a server that never sends a short page (default 1000 pages). */
  maxPages?: number;
}

export function leverPageUrl(baseUrl: string, site: string, skip: number, limit: number): string {
  return `${trimBase(baseUrl)}/v0/postings/${pathSegment(site)}?mode=json&skip=${skip}&limit=${limit}`;
}

function remoteFromWorkplace(value: unknown): boolean | null {
  // Live values are onsite|hybrid|remote; the docs say on-site|unspecified. Accept both.
  switch (typeof value === 'string' ? value.toLowerCase() : '') {
    case 'remote':
      return true;
    case 'onsite':
    case 'on-site':
    case 'hybrid':
      return false;
    default:
      return null;
  }
}

/** description (+ opening), then each list under its heading, then additional. */
export function leverHtml(p: Record<string, unknown>): string | null {
  const lists = Array.isArray(p.lists)
    ? p.lists.map((l) => {
        if (!isObject(l)) return null;
        const heading = str(l.text);
        const content = str(l.content);
        if (content === null) return heading !== null ? `<h3>${escapeHtml(heading)}</h3>` : null;
        return `${heading !== null ? `<h3>${escapeHtml(heading)}</h3>\n` : ''}<ul>${content}</ul>`;
      })
    : [];
  const description = str(p.description) ?? joinHtml([str(p.opening), str(p.descriptionBody)]);
  return joinHtml([description, ...lists, str(p.additional)]);
}

/** Only for postings without any HTML field: the plain variants, in the same order. */
function leverPlainText(p: Record<string, unknown>): string | null {
  const parts = [str(p.descriptionPlain) ?? str(p.descriptionBodyPlain), str(p.additionalPlain)].filter(
    (t): t is string => t !== null,
  );
  return parts.length > 0 ? parts.join('\n\n') : null;
}

export function leverPostingToRaw(p: Record<string, unknown>, site: string, company?: string): RawPosting | null {
  const id = str(p.id);
  if (id === null) return null;
  const cat = isObject(p.categories) ? p.categories : {};
  const html = leverHtml(p);
  const salary = isObject(p.salaryRange) ? p.salaryRange : null;
  return {
    source: 'lever',
    externalId: `${site}:${id}`,
    url: str(p.hostedUrl),
    company: company ?? site,
    title: str(p.text),
    location: str(cat.location),
    remote: remoteFromWorkplace(p.workplaceType),
    postedAt: isoUtcFromEpochMs(p.createdAt),
    html,
    ...(html === null ? { text: leverPlainText(p) } : {}),
    meta: compact({
      board: site,
      allLocations: Array.isArray(cat.allLocations) ? cat.allLocations.filter((l) => typeof l === 'string') : null,
      team: str(cat.team),
      department: str(cat.department),
      commitment: str(cat.commitment),
      country: str(p.country),
      workplaceType: str(p.workplaceType),
      salaryRange: salary
        ? compact({ currency: str(salary.currency), interval: str(salary.interval), min: salary.min, max: salary.max })
        : null,
    }),
  };
}

export function createLeverSource(opts: LeverOptions): Source {
  const base = opts.baseUrl ?? (opts.region === 'eu' ? LEVER_EU_BASE_URL : LEVER_BASE_URL);
  const limit = Math.max(1, Math.floor(opts.pageSize ?? 100));
  const maxPages = opts.maxPages ?? 1000;
  const ref: BoardRef = { source: 'lever', board: opts.site };
  return {
    name: 'lever',
    async *fetch(ctx: SourceContext) {
      let skip = 0;
      for (let page = 1; page <= maxPages; page++) {
        const url = leverPageUrl(base, opts.site, skip, limit);
        ctx.onProgress?.({ source: 'lever', message: `site ${opts.site}: page ${page}`, done: skip });
        const body = await getJson(ctx, ref, url);
        if (!Array.isArray(body)) throw shapeError(ref, url, 'a JSON array of postings');
        for (const p of body) {
          throwIfAborted(ctx, ref);
          if (!isObject(p)) continue;
          const raw = leverPostingToRaw(p, opts.site, opts.company);
          if (raw !== null && keep(ctx, raw)) yield raw;
        }
        // No total, no next link: a short page is the last one.
        if (body.length < limit) return;
        skip += body.length;
      }
    },
  };
}
