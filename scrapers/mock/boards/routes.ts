// The remote-board contracts as a pure function: request (path, query, host) → response, built from
// fixture data. Paths, parameters, pagination, envelopes and error bodies follow
// shared/source-samples/SOURCES-REPORT.md §6 (Remotive, RemoteOK, Arbeitnow, We Work Remotely,
// Himalayas, Jobicy) and §7 (career pages), so a source that works here works against the real shapes.

/** Fixture data per board, as recorded (the mock adds the paging envelopes the recordings lost). */
export interface BoardsFixtures {
  /** The whole GET /api/remote-jobs body ({"00-warning", "0-legal-notice", "job-count", jobs[]}). */
  remotive?: Record<string, unknown>;
  /** The whole GET /api body: element 0 the legal notice, then jobs. */
  remoteok?: unknown[];
  /** Arbeitnow jobs, newest first; served page by page with links/meta. */
  arbeitnow?: unknown[];
  /** We Work Remotely: category slug → RSS document. */
  weworkremotely?: Record<string, string>;
  /** Himalayas: jobs newest first (+ the envelope's "comments" text), served by cursor. */
  himalayas?: { comments?: string; jobs: unknown[] };
  /** Jobicy jobs (pubDate desc), served by cursor with the v2.2.18 envelope. */
  jobicy?: unknown[];
  /** Static documents by path: career pages, robots.txt, the JSON a rendered page loads. */
  pages?: Record<string, { contentType: string; body: string }>;
}

export type BoardsMockSource = 'remotive' | 'remoteok' | 'arbeitnow' | 'weworkremotely' | 'himalayas' | 'jobicy' | 'pages';

export interface BoardsRouteOptions {
  /** Jobs per Arbeitnow page (the real API serves 100). */
  arbeitnowPerPage: number;
  /**
   * Unit of Himalayas pubDate/expiryDate: 's' as the live API serves, 'ms' as its data dictionary
   * documents, 'mixed' (every second job in ms) to prove a client decides per value.
   */
  himalayasPubDateUnit: 's' | 'ms' | 'mixed';
}

export interface BoardsMockRequest {
  pathname: string;
  query: URLSearchParams;
  /** "http://127.0.0.1:PORT": absolute links (Arbeitnow links.next) point back at the mock. */
  origin: string;
}

export interface BoardsMockResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
  source: BoardsMockSource | null;
  /** Successful documents carry ETag/Last-Modified and answer conditional requests with 304. */
  cacheable: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(source: BoardsMockSource, body: unknown, status = 200, headers?: Record<string, string>): BoardsMockResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body), source, cacheable: status === 200, ...(headers ? { headers } : {}) };
}

function notFound(source: BoardsMockSource | null, contentType = 'text/html; charset=utf-8'): BoardsMockResponse {
  const body = contentType.startsWith('application/json') ? JSON.stringify({ error: 'Not Found' }) : '<!doctype html><title>404</title><h1>Not Found</h1>';
  return { status: 404, contentType, body, source, cacheable: false };
}

function intParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Which board a path belongs to (for the request log and rate limits). */
export function sourceOfPath(pathname: string): BoardsMockSource | null {
  if (pathname === '/api/remote-jobs') return 'remotive';
  if (pathname === '/api') return 'remoteok';
  if (pathname === '/api/job-board-api') return 'arbeitnow';
  if (pathname.startsWith('/categories/')) return 'weworkremotely';
  if (pathname === '/jobs/api') return 'himalayas';
  if (pathname === '/api/v2/remote-jobs') return 'jobicy';
  if (pathname.startsWith('/careers/') || pathname === '/robots.txt') return 'pages';
  return null;
}

// ---------------------------------------------------------------- Remotive, RemoteOK

function remotive(f: BoardsFixtures): BoardsMockResponse {
  // The live endpoint was reported (2026) to ignore its filters: the mock does too, so clients filter.
  return f.remotive === undefined ? notFound('remotive', JSON_TYPE) : json('remotive', f.remotive);
}

function remoteok(f: BoardsFixtures, query: URLSearchParams): BoardsMockResponse {
  if (f.remoteok === undefined) return notFound('remoteok', JSON_TYPE);
  const tag = query.get('tag');
  if (tag === null || tag === '') return json('remoteok', f.remoteok);
  // A tag without matches answers the legal notice alone.
  const [legal, ...jobs] = f.remoteok;
  const wanted = tag.toLowerCase();
  const kept = jobs.filter((j) => {
    const tags = record(j)['tags'];
    return Array.isArray(tags) && tags.some((t) => typeof t === 'string' && t.toLowerCase() === wanted);
  });
  return json('remoteok', [legal, ...kept]);
}

// ---------------------------------------------------------------- Arbeitnow

const ARBEITNOW_TERMS =
  'This is a free public API for jobs, please do not abuse. I would appreciate linking back to the site. By using the API, you agree to the terms of service present on Arbeitnow.com';
const ARBEITNOW_INFO = 'Jobs are updated every hour and order by the `created_at` timestamp.';

function arbeitnow(f: BoardsFixtures, req: BoardsMockRequest, opts: BoardsRouteOptions): BoardsMockResponse {
  if (f.arbeitnow === undefined) return notFound('arbeitnow', JSON_TYPE);
  const jobs = f.arbeitnow;
  const perPage = Math.max(1, opts.arbeitnowPerPage);
  // Laravel-style paging: a missing or non-numeric page is page 1; past the end answers data: [].
  const page = Math.max(1, intParam(req.query, 'page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(jobs.length / perPage));
  const data = jobs.slice((page - 1) * perPage, page * perPage);
  const path = `${req.origin}/api/job-board-api`;
  const link = (n: number) => `${path}?page=${n}`;
  const from = data.length > 0 ? (page - 1) * perPage + 1 : null;
  return json(
    'arbeitnow',
    {
      data,
      links: { first: link(1), last: link(lastPage), prev: page > 1 ? link(page - 1) : null, next: page < lastPage ? link(page + 1) : null },
      meta: {
        current_page: page,
        from,
        path,
        per_page: perPage,
        to: from === null ? null : from + data.length - 1,
        terms: ARBEITNOW_TERMS,
        info: ARBEITNOW_INFO,
      },
    },
    200,
    { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49' },
  );
}

// ---------------------------------------------------------------- We Work Remotely

function weworkremotely(f: BoardsFixtures, pathname: string): BoardsMockResponse {
  const m = /^\/categories\/([a-z0-9-]{1,100})\.rss$/.exec(pathname);
  const rss = m !== null ? f.weworkremotely?.[m[1] as string] : undefined;
  if (rss === undefined) return notFound('weworkremotely');
  return { status: 200, contentType: 'application/rss+xml; charset=utf-8', body: rss, source: 'weworkremotely', cacheable: true };
}

// ---------------------------------------------------------------- Himalayas

function himalayasDates(job: unknown, index: number, unit: BoardsRouteOptions['himalayasPubDateUnit']): unknown {
  const j = record(job);
  const inMs = unit === 'ms' || (unit === 'mixed' && index % 2 === 1);
  if (!inMs) return job;
  const scale = (v: unknown) => (typeof v === 'number' && v < 1e11 ? v * 1000 : v);
  return { ...j, pubDate: scale(j['pubDate']), expiryDate: scale(j['expiryDate']) };
}

function himalayas(f: BoardsFixtures, query: URLSearchParams, opts: BoardsRouteOptions): BoardsMockResponse {
  if (f.himalayas === undefined) return notFound('himalayas', JSON_TYPE);
  const all = f.himalayas.jobs;
  const limit = Math.min(20, Math.max(1, intParam(query, 'limit') ?? 20));
  let start = intParam(query, 'offset') ?? 0; // deprecated, still served
  const cursor = query.get('cursor');
  if (cursor !== null && cursor !== '') {
    const c = decodeCursor(cursor);
    if (c === null || typeof c['pos'] !== 'number') return json('himalayas', { error: 'Invalid cursor' }, 400);
    start = c['pos'];
  }
  const jobs = all.slice(start, start + limit).map((j, i) => himalayasDates(j, start + i, opts.himalayasPubDateUnit));
  const end = start + jobs.length;
  return json('himalayas', {
    comments: f.himalayas.comments ?? '',
    updatedAt: 1790401136,
    offset: start,
    limit,
    totalCount: all.length,
    nextCursor: end < all.length ? encodeCursor({ pos: end }) : null,
    jobs,
  });
}

// ---------------------------------------------------------------- Jobicy

const JOBICY_NOTICE = 'Thanks for using Jobicy API! Please credit Jobicy and link to the source.';

function jobicyError(message: string): BoardsMockResponse {
  return json('jobicy', { success: false, error: message }, 400);
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function jobicy(f: BoardsFixtures, query: URLSearchParams): BoardsMockResponse {
  if (f.jobicy === undefined) return notFound('jobicy', JSON_TYPE);
  const countRaw = query.get('count');
  if (countRaw !== null && !/^\d{1,9}$/.test(countRaw)) return jobicyError("The 'count' parameter must be a number.");
  const count = Math.min(200, Math.max(1, countRaw === null ? 200 : Number(countRaw)));
  const tag = query.get('tag');
  if (tag !== null && (Buffer.byteLength(tag) < 3 || Buffer.byteLength(tag) > 50)) {
    return jobicyError("The 'tag' parameter must be between 3 and 50 bytes.");
  }
  const industry = query.get('industry');
  const geo = query.get('geo');
  const filters = { industry, geo, tag };
  const filterKey = JSON.stringify(filters);
  let start = 0;
  const cursor = query.get('cursor');
  if (cursor !== null) {
    const c = decodeCursor(cursor);
    if (c === null || typeof c['pos'] !== 'number') return jobicyError('Invalid cursor. Start a new request without cursor.');
    if (c['f'] !== filterKey) return jobicyError('Cursor does not match the filters. Keep geo, industry and tag unchanged.');
    start = c['pos'];
  }
  const matching = f.jobicy.filter((job) => {
    const j = record(job);
    const industries = Array.isArray(j['jobIndustry']) ? (j['jobIndustry'] as unknown[]).map(String) : [];
    if (industry !== null && !industries.some((i) => slugify(i).includes(industry.toLowerCase()))) return false;
    if (geo !== null && !String(j['jobGeo'] ?? '').toLowerCase().includes(geo.toLowerCase())) return false;
    if (tag !== null) {
      const hay = `${String(j['jobTitle'] ?? '')} ${String(j['jobDescription'] ?? '')}`.toLowerCase();
      if (!hay.includes(tag.toLowerCase())) return false;
    }
    return true;
  });
  const jobs = matching.slice(start, start + count);
  const end = start + jobs.length;
  const hasMore = end < matching.length;
  const applied: Record<string, unknown> = { count };
  for (const [k, v] of Object.entries(filters)) if (v !== null) applied[k] = v;
  return json(
    'jobicy',
    {
      apiVersion: '2.2.18',
      documentationUrl: 'https://jobi.cy/apidocs',
      friendlyNotice: JOBICY_NOTICE,
      jobCount: jobs.length,
      lastUpdate: String(record(matching[0])['pubDate'] ?? ''),
      nextCursor: hasMore ? encodeCursor({ pos: end, f: filterKey }) : null,
      hasMore,
      appliedFilters: applied,
      jobs,
      statusCode: 200,
      success: true,
      ...(jobs.length === 0 ? { message: 'No jobs found for the applied filters.' } : {}),
    },
    200,
    { 'cache-control': 'public, max-age=3600' },
  );
}

// ---------------------------------------------------------------- dispatch

export function answer(f: BoardsFixtures, req: BoardsMockRequest, opts: BoardsRouteOptions): BoardsMockResponse {
  const page = f.pages?.[req.pathname];
  if (page !== undefined) {
    return { status: 200, contentType: page.contentType, body: page.body, source: 'pages', cacheable: true };
  }
  switch (sourceOfPath(req.pathname)) {
    case 'remotive':
      return remotive(f);
    case 'remoteok':
      return remoteok(f, req.query);
    case 'arbeitnow':
      return arbeitnow(f, req, opts);
    case 'weworkremotely':
      return weworkremotely(f, req.pathname);
    case 'himalayas':
      return himalayas(f, req.query, opts);
    case 'jobicy':
      return jobicy(f, req.query);
    case 'pages':
      // robots.txt missing → 404, which RFC 9309 reads as "everything allowed".
      return notFound('pages', req.pathname === '/robots.txt' ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8');
    default:
      return notFound(null);
  }
}
