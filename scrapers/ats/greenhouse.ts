// Greenhouse Job Board API: one GET returns the whole board.
//   GET {base}/v1/boards/{token}/jobs?content=true → {jobs:[…], meta:{total}}
// Contract: shared/source-samples/SOURCES-REPORT.md §2. Quirks handled here:
// - `content` is entity-escaped HTML: decoded exactly once to get the real HTML;
// - the posting date is `first_published` (undocumented but live); `updated_at` is refreshed
//   constantly, so it is only a fallback for old boards that lack `first_published`;
// - an unknown board answers 404 {"status":404,"error":"Job not found"}.
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  compact,
  fetchOneDocument,
  isObject,
  isoUtcFromIso,
  pathSegment,
  str,
  trimBase,
} from './common.js';
import { decodeEntitiesOnce } from './entities.js';

export const GREENHOUSE_BASE_URL = 'https://boards-api.greenhouse.io';

/** Observed: no 429 even at ~8 req/s, responses cached; the report's budget is ≤2 req/s. */
export const defaultPoliteness: AtsPoliteness = {
  host: 'boards-api.greenhouse.io',
  minIntervalMs: 500,
  concurrency: 1,
  timeoutMs: 30_000,
};

export interface GreenhouseOptions {
  /** Board token, the path segment of boards.greenhouse.io/{token}. */
  board: string;
  baseUrl?: string;
  /** Company name to use when the payload has no `company_name` (older boards). */
  company?: string;
}

export function greenhouseJobsUrl(baseUrl: string, board: string): string {
  return `${trimBase(baseUrl)}/v1/boards/${pathSegment(board)}/jobs?content=true`;
}

/**
 * Greenhouse escapes the description HTML once more. Decode once, but only when the content really is
 * escaped: escaped content never holds a raw "<", so a raw tag means it already is HTML.
 */
export function greenhouseContentToHtml(content: string): string {
  if (/<[a-zA-Z/!]/.test(content)) return content;
  return decodeEntitiesOnce(content);
}

function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((d) => (isObject(d) ? str(d.name) : null)).filter((n): n is string => n !== null);
}

export function greenhouseJobToRaw(job: Record<string, unknown>, board: string, fallbackCompany?: string): RawPosting | null {
  const id = str(job.id);
  if (id === null) return null;
  const location = isObject(job.location) ? str(job.location.name) : null;
  const first = isoUtcFromIso(job.first_published);
  const updated = isoUtcFromIso(job.updated_at);
  const content = str(job.content);
  return {
    source: 'greenhouse',
    externalId: `${board}:${id}`,
    url: str(job.absolute_url),
    company: str(job.company_name) ?? fallbackCompany ?? board,
    title: str(job.title),
    location,
    // Greenhouse has no remote flag; the free-text location is the only signal ("Remote - US").
    remote: location !== null && /\bremote\b/i.test(location) ? true : null,
    postedAt: first ?? updated,
    html: content !== null ? greenhouseContentToHtml(content) : null,
    meta: compact({
      board,
      dateField: first !== null ? 'first_published' : updated !== null ? 'updated_at' : null,
      updatedAt: updated,
      internalJobId: str(job.internal_job_id),
      requisitionId: str(job.requisition_id),
      departments: names(job.departments),
      offices: names(job.offices),
      language: str(job.language),
      // Prospect posts (no open job behind them) have a null internal_job_id.
      isProspect: job.internal_job_id === null ? true : undefined,
    }),
  };
}

export function createGreenhouseSource(opts: GreenhouseOptions): Source {
  const base = opts.baseUrl ?? GREENHOUSE_BASE_URL;
  // Board tokens are case-insensitive on the server: one spelling for ids, so "Acme" and "acme" never
  // store the same job twice.
  const board = opts.board.toLowerCase();
  const ref: BoardRef = { source: 'greenhouse', board };
  return {
    name: 'greenhouse',
    fetch: (ctx: SourceContext) =>
      fetchOneDocument(ctx, { ref, url: greenhouseJobsUrl(base, board), label: `board ${board}`, listKey: 'jobs', toRaw: (job) => greenhouseJobToRaw(job, board, opts.company) }),
  };
}
