// Ashby Posting API: one GET returns every published job of a board.
//   GET {base}/posting-api/job-board/{name}?includeCompensation=true → {apiVersion:"1", jobs:[…]}
// Contract: shared/source-samples/SOURCES-REPORT.md §4. Quirks handled here: `isListed:false` jobs are
// skipped; `publishedAt` is the date; compensation sits per job (not top level as the docs show).
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  bool,
  compact,
  fetchOneDocument,
  isObject,
  isoUtcFromIso,
  pathSegment,
  str,
  trimBase,
} from './common.js';

export const ASHBY_BASE_URL = 'https://api.ashbyhq.com';

/** No limit documented or observed (15 req/s bursts fine); `max-age=60`. Budget ≤2 req/s. */
export const defaultPoliteness: AtsPoliteness = {
  host: 'api.ashbyhq.com',
  minIntervalMs: 500,
  concurrency: 1,
  timeoutMs: 60_000,
};

export interface AshbyOptions {
  /** Job board name, the path segment of jobs.ashbyhq.com/{name}. */
  board: string;
  baseUrl?: string;
  company?: string;
}

export function ashbyBoardUrl(baseUrl: string, board: string): string {
  return `${trimBase(baseUrl)}/posting-api/job-board/${pathSegment(board)}?includeCompensation=true`;
}

function remote(job: Record<string, unknown>): boolean | null {
  const flag = bool(job.isRemote);
  if (flag !== null) return flag;
  switch (str(job.workplaceType)) {
    case 'Remote':
      return true;
    case 'OnSite':
    case 'Hybrid':
      return false;
    default:
      return null;
  }
}

export function ashbyJobToRaw(job: Record<string, unknown>, board: string, company?: string): RawPosting | null {
  const id = str(job.id);
  if (id === null || job.isListed === false) return null;
  const html = str(job.descriptionHtml);
  const compensation = isObject(job.compensation) ? job.compensation : null;
  const secondary = Array.isArray(job.secondaryLocations)
    ? job.secondaryLocations.map((l) => (isObject(l) ? str(l.location) : null)).filter((l): l is string => l !== null)
    : [];
  return {
    source: 'ashby',
    externalId: `${board}:${id}`,
    url: str(job.jobUrl),
    company: company ?? board,
    title: str(job.title),
    location: str(job.location),
    remote: remote(job),
    postedAt: isoUtcFromIso(job.publishedAt),
    html,
    ...(html === null ? { text: str(job.descriptionPlain) } : {}),
    meta: compact({
      board,
      department: str(job.department),
      team: str(job.team),
      employmentType: str(job.employmentType),
      workplaceType: str(job.workplaceType),
      secondaryLocations: secondary,
      compensation: compensation
        ? str(compensation.scrapeableCompensationSalarySummary) ?? str(compensation.compensationTierSummary)
        : null,
    }),
  };
}

export function createAshbySource(opts: AshbyOptions): Source {
  const base = opts.baseUrl ?? ASHBY_BASE_URL;
  // Board tokens are case-insensitive on the server: one spelling for ids, so "Acme" and "acme" never
  // store the same job twice.
  const board = opts.board.toLowerCase();
  const ref: BoardRef = { source: 'ashby', board };
  return {
    name: 'ashby',
    fetch: (ctx: SourceContext) =>
      fetchOneDocument(ctx, { ref, url: ashbyBoardUrl(base, board), label: `board ${board}`, listKey: 'jobs', toRaw: (job) => ashbyJobToRaw(job, board, opts.company) }),
  };
}
