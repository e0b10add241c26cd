// SmartRecruiters Posting API: a paged list without descriptions, then one detail call per posting.
//   GET {base}/v1/companies/{id}/postings?limit=100&offset={n} → {offset, limit, totalFound, content:[…]}
//   GET {base}/v1/companies/{id}/postings/{postingId}        → the posting + jobAd.sections
// Contract: shared/source-samples/SOURCES-REPORT.md §5.2. Quirks handled here:
// - `limit` is capped at 100 by the server; stop when offset + items ≥ totalFound (or a page is empty);
// - an unknown company is NOT an error: 200 with totalFound 0, indistinguishable from "no jobs";
// - a posting that 404s on detail closed between list and detail: it is skipped;
// - `creator` (a recruiter's name) is personal data and is never kept.
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  bool,
  compact,
  escapeHtml,
  getJson,
  isObject,
  isoUtcFromIso,
  joinHtml,
  joinParts,
  keep,
  pathSegment,
  shapeError,
  str,
  throwIfAborted,
  trimBase,
} from './common.js';

export const SMARTRECRUITERS_BASE_URL = 'https://api.smartrecruiters.com';

/** Keyless access is tolerated, not documented: ≤1 req/2 s. A board costs 1 + N requests. */
export const defaultPoliteness: AtsPoliteness = {
  host: 'api.smartrecruiters.com',
  minIntervalMs: 2_000,
  concurrency: 1,
  timeoutMs: 30_000,
};

export const SMARTRECRUITERS_MAX_LIMIT = 100;

export interface SmartRecruitersOptions {
  /** Company identifier, e.g. "Ubisoft2" (jobs.smartrecruiters.com/{id}). */
  company: string;
  baseUrl?: string;
  /** Postings per list page, at most 100 (default 100). */
  pageSize?: number;
  /** Safety stop (default 1000 pages). */
  maxPages?: number;
}

export function smartRecruitersListUrl(baseUrl: string, company: string, offset: number, limit: number): string {
  return `${trimBase(baseUrl)}/v1/companies/${pathSegment(company)}/postings?limit=${limit}&offset=${offset}`;
}

export function smartRecruitersDetailUrl(baseUrl: string, company: string, postingId: string): string {
  return `${trimBase(baseUrl)}/v1/companies/${pathSegment(company)}/postings/${pathSegment(postingId)}`;
}

const SECTION_ORDER = ['companyDescription', 'jobDescription', 'qualifications', 'additionalInformation'] as const;

/** jobAd.sections in reading order, each under its own title. */
export function smartRecruitersHtml(detail: Record<string, unknown>): string | null {
  const jobAd = isObject(detail.jobAd) ? detail.jobAd : null;
  const sections = jobAd && isObject(jobAd.sections) ? jobAd.sections : null;
  if (sections === null) return null;
  return joinHtml(
    SECTION_ORDER.map((key) => {
      const s = sections[key];
      if (!isObject(s)) return null;
      const text = str(s.text);
      if (text === null) return null;
      const title = str(s.title);
      return title !== null ? `<h3>${escapeHtml(title)}</h3>\n${text}` : text;
    }),
  );
}

function label(value: unknown): string | null {
  return isObject(value) ? str(value.label) : null;
}

/** Merges a list item with its detail (detail wins) into a RawPosting. */
export function smartRecruitersToRaw(item: Record<string, unknown>, detail: Record<string, unknown> | null, company: string): RawPosting | null {
  const p = detail !== null ? { ...item, ...detail } : item;
  const id = str(p.id);
  if (id === null) return null;
  const loc = isObject(p.location) ? p.location : {};
  const companyObj = isObject(p.company) ? p.company : {};
  const language = isObject(p.language) ? str(p.language.code) : null;
  return {
    source: 'smartrecruiters',
    externalId: `${company}:${id}`,
    url: str(p.postingUrl) ?? `https://jobs.smartrecruiters.com/${pathSegment(company)}/${pathSegment(id)}`,
    company: str(companyObj.name) ?? company,
    title: str(p.name),
    location: str(loc.fullLocation) ?? joinParts([loc.city, loc.region, loc.country]),
    remote: bool(loc.remote),
    postedAt: isoUtcFromIso(p.releasedDate),
    html: detail !== null ? smartRecruitersHtml(detail) : null,
    meta: compact({
      board: company,
      refNumber: str(p.refNumber),
      department: label(p.department),
      function: label(p.function),
      typeOfEmployment: label(p.typeOfEmployment),
      experienceLevel: label(p.experienceLevel),
      hybrid: bool(loc.hybrid),
      language,
    }),
  };
}

export function createSmartRecruitersSource(opts: SmartRecruitersOptions): Source {
  const base = opts.baseUrl ?? SMARTRECRUITERS_BASE_URL;
  const limit = Math.min(SMARTRECRUITERS_MAX_LIMIT, Math.max(1, Math.floor(opts.pageSize ?? SMARTRECRUITERS_MAX_LIMIT)));
  const maxPages = opts.maxPages ?? 1000;
  const ref: BoardRef = { source: 'smartrecruiters', board: opts.company };
  return {
    name: 'smartrecruiters',
    async *fetch(ctx: SourceContext) {
      let offset = 0;
      let done = 0;
      for (let page = 1; page <= maxPages; page++) {
        const url = smartRecruitersListUrl(base, opts.company, offset, limit);
        const body = await getJson(ctx, ref, url);
        if (!isObject(body) || !Array.isArray(body.content)) throw shapeError(ref, url, 'an object with a "content" array');
        const total = typeof body.totalFound === 'number' ? body.totalFound : null;
        for (const item of body.content) {
          throwIfAborted(ctx, ref);
          if (!isObject(item)) continue;
          const id = str(item.id);
          if (id === null) continue;
          // The list already has the date: skip the detail call for postings the run does not want.
          if (!keep(ctx, { source: 'smartrecruiters', externalId: id, postedAt: isoUtcFromIso(item.releasedDate) })) continue;
          const detailUrl = smartRecruitersDetailUrl(base, opts.company, id);
          const detail = await getJson(ctx, ref, detailUrl, { allowNotFound: true });
          done++;
          ctx.onProgress?.({ source: 'smartrecruiters', message: `company ${opts.company}: posting ${done}`, done, ...(total !== null ? { total } : {}) });
          if (detail === null) continue; // closed since the list was read
          if (!isObject(detail)) throw shapeError(ref, detailUrl, 'a posting object');
          const raw = smartRecruitersToRaw(item, detail, opts.company);
          if (raw !== null) yield raw;
        }
        offset += body.content.length;
        if (body.content.length === 0 || total === null || offset >= total) return;
      }
    },
  };
}
