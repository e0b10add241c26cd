// Workable's keyless widget endpoint: one GET returns the account and all its published jobs.
//   GET {base}/api/v1/widget/accounts/{slug}?details=true → {name, description, jobs:[…]}
// Contract: shared/source-samples/SOURCES-REPORT.md §5.1 (undocumented endpoint; shape from third-party
// probes, no licensed recording exists). Quirks handled here:
// - the strictest rate limit of all ATSs: 429 after ~57 requests at 0.35 s spacing, with a bogus
//   `Retry-After: 0`, cleared only after ~25 min. The default politeness is one request per 20 s
//   (≈30 per 10 min, the report's budget); a board is a single request, so that costs little;
// - dates are date-only (`published_on`, else `created_at`) and stay plain dates;
// - unknown account → 404 text/plain "Not Found".
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  bool,
  compact,
  fetchOneDocument,
  isObject,
  joinParts,
  pathSegment,
  plainDate,
  str,
  trimBase,
} from './common.js';

export const WORKABLE_BASE_URL = 'https://apply.workable.com';

export const defaultPoliteness: AtsPoliteness = {
  host: 'apply.workable.com',
  minIntervalMs: 20_000,
  concurrency: 1,
  timeoutMs: 30_000,
};

export interface WorkableOptions {
  /** Account slug: apply.workable.com/{slug}. */
  account: string;
  baseUrl?: string;
}

export function workableWidgetUrl(baseUrl: string, account: string): string {
  return `${trimBase(baseUrl)}/api/v1/widget/accounts/${pathSegment(account)}?details=true`;
}

function location(job: Record<string, unknown>): string | null {
  const direct = joinParts([job.city, job.state, job.country]);
  if (direct !== null) return direct;
  if (!Array.isArray(job.locations)) return null;
  const visible = job.locations.filter((l): l is Record<string, unknown> => isObject(l) && l.hidden !== true);
  const first = visible[0];
  return first ? joinParts([first.city, first.region, first.country]) : null;
}

export function workableJobToRaw(job: Record<string, unknown>, account: string, company: string | null): RawPosting | null {
  const shortcode = str(job.shortcode);
  if (shortcode === null) return null;
  return {
    source: 'workable',
    externalId: `${account}:${shortcode}`,
    url: str(job.url) ?? str(job.shortlink) ?? `https://apply.workable.com/${pathSegment(account)}/j/${pathSegment(shortcode)}/`,
    company: company ?? account,
    title: str(job.title),
    location: location(job),
    remote: bool(job.telecommuting),
    postedAt: plainDate(job.published_on) ?? plainDate(job.created_at),
    html: str(job.description),
    meta: compact({
      board: account,
      code: str(job.code),
      department: str(job.department),
      employmentType: str(job.employment_type),
      function: str(job.function),
      industry: str(job.industry),
      experience: str(job.experience),
    }),
  };
}

export function createWorkableSource(opts: WorkableOptions): Source {
  const base = opts.baseUrl ?? WORKABLE_BASE_URL;
  const ref: BoardRef = { source: 'workable', board: opts.account };
  return {
    name: 'workable',
    fetch: (ctx: SourceContext) =>
      fetchOneDocument(ctx, {
        ref,
        url: workableWidgetUrl(base, opts.account),
        label: `account ${opts.account}`,
        listKey: 'jobs',
        // The account's display name sits at the top of the document, not in each job.
        toRaw: (job, document) => workableJobToRaw(job, opts.account, str(document.name)),
      }),
  };
}
