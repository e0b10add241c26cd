// The ATS contracts as a pure function: request (method, path, query, host) → response, built from
// fixture data. Paths, parameters, pagination and error bodies follow
// shared/source-samples/SOURCES-REPORT.md §2–§5 and _observed_errors.json, so a source that works
// against this works against the real API shape.

/** Fixture data per source, keyed by board (each ATS's own word for an employer). */
export interface AtsFixtures {
  /** Board token (matched case-insensitively, like the real API) → the board's jobs as recorded. */
  greenhouse?: Record<string, unknown[]>;
  /** Site (case-sensitive, like the real API) → postings. Served in pages by skip/limit. */
  lever?: Record<string, unknown[]>;
  /** Job board name (case-insensitive) → jobs. */
  ashby?: Record<string, unknown[]>;
  /**
   * Company identifier → list items, and detail bodies by posting id. A list item without a detail
   * answers 404 on its detail call (a posting closed between list and detail).
   */
  smartrecruiters?: Record<string, { postings: unknown[]; details: Record<string, unknown> }>;
  /** Company subdomain (case-insensitive) → offers. */
  recruitee?: Record<string, unknown[]>;
  /** Account slug (case-insensitive) → the widget body ({name, description, jobs}). */
  workable?: Record<string, { name: string; description?: string | null; jobs: unknown[] }>;
}

export type AtsMockSource = 'greenhouse' | 'lever' | 'ashby' | 'smartrecruiters' | 'recruitee' | 'workable';

export interface MockRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  /** Host header, for Recruitee's {slug}.recruitee.com style. */
  host: string;
  accept: string;
}

export interface MockResponse {
  status: number;
  contentType: string;
  body: string;
  /** Which source's route answered (null for unknown paths). */
  source: AtsMockSource | null;
  /** Successful JSON documents carry ETag/Last-Modified and answer conditional requests with 304. */
  cacheable: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(source: AtsMockSource, body: unknown, status = 200, contentType = JSON_TYPE): MockResponse {
  return { status, contentType, body: JSON.stringify(body), source, cacheable: status === 200 };
}

function text(source: AtsMockSource | null, status: number, body: string, contentType = 'text/plain; charset=utf-8'): MockResponse {
  return { status, contentType, body, source, cacheable: false };
}

function lookup<T>(map: Record<string, T> | undefined, key: string, caseSensitive: boolean): T | undefined {
  if (map === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(map, key)) return map[key];
  if (caseSensitive) return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function intParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}

function without(obj: unknown, keys: string[]): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  for (const k of keys) delete out[k];
  return out;
}

function segment(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- per source

// Observed bodies for unknown boards (_observed_errors.json).
const GREENHOUSE_NOT_FOUND = { status: 404, error: 'Job not found' };
const LEVER_NOT_FOUND = { ok: false, error: 'Document not found' };
const RECRUITEE_NOT_FOUND = { error: 'Not Found' };

function greenhouse(f: AtsFixtures, req: MockRequest, board: string, jobId: string | null): MockResponse {
  const jobs = lookup(f.greenhouse, board, false);
  if (jobs === undefined) return json('greenhouse', GREENHOUSE_NOT_FOUND, 404, 'application/json');
  // Without content=true the list has no description, departments or offices.
  const withContent = req.query.get('content') === 'true';
  const shaped = withContent ? jobs : jobs.map((j) => without(j, ['content', 'departments', 'offices']));
  if (jobId !== null) {
    const job = jobs.find((j) => typeof j === 'object' && j !== null && String((j as { id?: unknown }).id) === jobId);
    return job === undefined ? json('greenhouse', GREENHOUSE_NOT_FOUND, 404, 'application/json') : json('greenhouse', job);
  }
  // The docs show meta.total; the live recording lacks it. Emit it, as the report advises.
  return json('greenhouse', { jobs: shaped, meta: { total: jobs.length } });
}

function lever(f: AtsFixtures, req: MockRequest, site: string): MockResponse {
  const postings = lookup(f.lever, site, true); // Lever site names are case-sensitive
  if (postings === undefined) return json('lever', LEVER_NOT_FOUND, 404);
  const mode = req.query.get('mode');
  if (mode !== 'json' && !(mode === null && req.accept.includes('application/json'))) {
    // mode=html (or no mode and no JSON Accept) serves the hosted HTML list; sources must ask for JSON.
    return text('lever', 200, '<!DOCTYPE html><html><body><div class="postings"></div></body></html>', 'text/html; charset=utf-8');
  }
  const skip = intParam(req.query, 'skip') ?? 0;
  const limit = intParam(req.query, 'limit');
  return json('lever', postings.slice(skip, limit === null ? undefined : skip + limit));
}

function ashby(f: AtsFixtures, req: MockRequest, board: string): MockResponse {
  const jobs = lookup(f.ashby, board, false);
  if (jobs === undefined) return text('ashby', 404, 'Not Found');
  const withComp = req.query.get('includeCompensation') === 'true';
  return json('ashby', { apiVersion: '1', jobs: withComp ? jobs : jobs.map((j) => without(j, ['compensation'])) });
}

function smartRecruitersList(f: AtsFixtures, req: MockRequest, company: string): MockResponse {
  const board = lookup(f.smartrecruiters, company, false);
  // The server caps limit at 100 silently; its default page is 10.
  const limit = Math.min(100, intParam(req.query, 'limit') ?? 10);
  const offset = intParam(req.query, 'offset') ?? 0;
  // An unknown company is not a 404: 200 with nothing found (_observed_errors.json).
  const postings = board?.postings ?? [];
  return json('smartrecruiters', { offset, limit, totalFound: postings.length, content: postings.slice(offset, offset + limit) });
}

function smartRecruitersDetail(f: AtsFixtures, company: string, postingId: string): MockResponse {
  const board = lookup(f.smartrecruiters, company, false);
  const detail = board !== undefined ? lookup(board.details, postingId, true) : undefined;
  if (detail === undefined) {
    return json(
      'smartrecruiters',
      { id: postingId, httpCode: 404, code: 'RESOURCE_NOT_FOUND', message: `Job posting with id=${postingId} Resource not found` },
      404,
    );
  }
  return json('smartrecruiters', detail);
}

function recruitee(f: AtsFixtures, slug: string): MockResponse {
  const offers = lookup(f.recruitee, slug, false);
  if (offers === undefined) return json('recruitee', RECRUITEE_NOT_FOUND, 404, 'application/json');
  return json('recruitee', { offers });
}

function workable(f: AtsFixtures, req: MockRequest, account: string): MockResponse {
  const body = lookup(f.workable, account, false);
  if (body === undefined) return text('workable', 404, 'Not Found', 'text/plain');
  // Descriptions only with details=true.
  const jobs = req.query.get('details') === 'true' ? body.jobs : body.jobs.map((j) => without(j, ['description']));
  return json('workable', { name: body.name, description: body.description ?? null, jobs });
}

// ---------------------------------------------------------------- routing

const ROUTES: { re: RegExp; handle: (f: AtsFixtures, req: MockRequest, m: string[]) => MockResponse }[] = [
  { re: /^\/v1\/boards\/([^/]+)\/jobs\/?$/, handle: (f, r, m) => greenhouse(f, r, m[0]!, null) },
  { re: /^\/v1\/boards\/([^/]+)\/jobs\/(\d+)\/?$/, handle: (f, r, m) => greenhouse(f, r, m[0]!, m[1]!) },
  { re: /^\/v0\/postings\/([^/]+)\/?$/, handle: (f, r, m) => lever(f, r, m[0]!) },
  { re: /^\/posting-api\/job-board\/([^/]+)\/?$/, handle: (f, r, m) => ashby(f, r, m[0]!) },
  { re: /^\/v1\/companies\/([^/]+)\/postings\/?$/, handle: (f, r, m) => smartRecruitersList(f, r, m[0]!) },
  { re: /^\/v1\/companies\/([^/]+)\/postings\/([^/]+)\/?$/, handle: (f, _r, m) => smartRecruitersDetail(f, m[0]!, m[1]!) },
  // Recruitee lives on {slug}.recruitee.com; a loopback server serves it under /recruitee/{slug}.
  { re: /^\/recruitee\/([^/]+)\/api\/offers\/?$/, handle: (f, _r, m) => recruitee(f, m[0]!) },
  { re: /^\/api\/v1\/widget\/accounts\/([^/]+)\/?$/, handle: (f, r, m) => workable(f, r, m[0]!) },
];

/** Which source a path belongs to, without answering it (for rate limits and logs). */
export function sourceOfPath(pathname: string, host: string): AtsMockSource | null {
  if (/^\/v1\/boards\//.test(pathname)) return 'greenhouse';
  if (/^\/v0\/postings\//.test(pathname)) return 'lever';
  if (/^\/posting-api\//.test(pathname)) return 'ashby';
  if (/^\/v1\/companies\//.test(pathname)) return 'smartrecruiters';
  if (/^\/recruitee\//.test(pathname) || (/^\/api\/offers\/?$/.test(pathname) && recruiteeHostSlug(host) !== null)) return 'recruitee';
  if (/^\/api\/v1\/widget\//.test(pathname)) return 'workable';
  return null;
}

/** "channable.recruitee.com" or "channable.localhost:4000" → "channable". */
function recruiteeHostSlug(host: string): string | null {
  const m = /^([a-z0-9-]{1,63})\.(?:recruitee\.com|localhost)(?::\d+)?$/i.exec(host);
  return m ? m[1]! : null;
}

export function answer(fixtures: AtsFixtures, req: MockRequest): MockResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(null, 405, 'Method Not Allowed');
  const hostSlug = recruiteeHostSlug(req.host);
  if (hostSlug !== null && /^\/api\/offers\/?$/.test(req.pathname)) return recruitee(fixtures, hostSlug);
  for (const route of ROUTES) {
    const m = route.re.exec(req.pathname);
    if (m === null) continue;
    const parts = m.slice(1).map(segment);
    if (parts.some((p) => p === null)) return text(null, 400, 'Bad Request');
    return route.handle(fixtures, req, parts as string[]);
  }
  return text(null, 404, 'Not Found');
}
