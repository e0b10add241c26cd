// A loopback replay of the HN Search API (hn.algolia.com/api/v1) serving a snapshot, for tests
// and the offline demo. Contract: shared/source-samples/SOURCES-REPORT.md §1.2, §1.6 and the
// recorded responses in shared/source-samples/hn-algolia/.
//
//   GET /api/v1/search_by_date   newest first (created_at_i desc)
//   GET /api/v1/search           approximated relevance: points, then num_comments, then date
//   GET /api/v1/items/:id        nested tree; children by points desc; deleted/dead nodes as {id, children}
// Parameters: query (all words, last one as a prefix), tags (comma AND, parentheses OR),
// numericFilters (<, <=, =, !=, >=, > on any numeric hit attribute; comma AND), page, hitsPerPage
// (clamped 1..1000, default 20). Algolia's 1000-hit window: hits past rank 1000 are unreachable,
// nbPages counts only reachable pages, a page past the end answers `hits: []`.
// Responses carry a weak ETag and `cache-control: max-age=0, private, must-revalidate`; a matching
// If-None-Match gets 304. Optional faults: 429 {"message"} after N requests, 5xx, stalls, and random faults on a
// seeded share of the requests (chaos.ts: 429, 503, resets, bodies cut off mid-transfer, stalls) for soak tests.
// onRequest lets a test act at the moment a request arrives (e.g. kill the client while it waits for the answer).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from './http-mock.js';
import { bundledSnapshotPath, loadHnSnapshot, validateHnSnapshot, type HnSnapshot } from './hn-snapshot.js';
import {
  FilterSyntaxError,
  matchesNumeric,
  matchesTags,
  parseNumericFilters,
  parseTagFilters,
} from './algolia-filters.js';
import { createChaos, resetConnection, type Chaos, type ChaosFaultType, type ChaosOptions } from './chaos.js';

export type { HnSnapshot, SnapshotComment, SnapshotStory } from './hn-snapshot.js';
export { loadHnSnapshot, bundledSnapshotPath } from './hn-snapshot.js';

export interface HnReplayFaults {
  /** Answer 429 {"message": …} to request numbers after+1 … after+count (1-based; count default: all later ones). */
  rateLimit?: { after: number; count?: number; retryAfter?: string; message?: string };
  /** Answer `status` (default 503) to these 1-based request numbers. */
  serverError?: { requests: number[]; status?: number };
  /** Hold these 1-based request numbers: for `ms` then answer normally, or (no ms) until close(). */
  stall?: { requests: number[]; ms?: number };
}

export interface HnReplayOptions {
  /** gzip JSON snapshot file (default: the bundled data/hn-snapshot.json.gz). */
  snapshotPath?: string;
  /** An in-memory snapshot; wins over snapshotPath. */
  snapshot?: HnSnapshot;
  /** 0 (default) picks a free port. */
  port?: number;
  faults?: HnReplayFaults;
  /** gzip bodies over 1 KiB when the client accepts it, as the real API does (default false: on loopback it only costs CPU). */
  gzip?: boolean;
  /** Random faults on a share of the requests the fixed faults above leave alone (soak tests). */
  chaos?: ChaosOptions;
  /** Called as each request arrives, before it is answered (synchronously: the client is still waiting). */
  onRequest?: (entry: ReplayRequestLog) => void;
}

export interface ReplayRequestLog {
  n: number;
  method: string;
  path: string;
  status: number;
  /** The random fault that answered it, if any. */
  chaos?: ChaosFaultType;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

export interface HnReplayServer {
  /** Base URL, e.g. "http://127.0.0.1:41234" (pass it as the HN source's baseUrl). */
  url: string;
  close(): Promise<void>;
  /** Requests received so far (faulted ones included). */
  readonly requests: number;
  /** Every request received, in order. */
  readonly log: readonly ReplayRequestLog[];
  /** Random faults injected so far, by kind (all zero without the chaos option). */
  readonly chaosCounts: Readonly<Record<ChaosFaultType, number>>;
}

const ALGOLIA_WINDOW = 1000;
const DEFAULT_HITS_PER_PAGE = 20;

interface Item {
  id: number;
  type: 'story' | 'comment';
  author: string | null;
  createdAtI: number;
  title: string | null;
  url: string | null;
  text: string | null;
  points: number | null;
  numComments: number | null;
  parentId: number | null;
  storyId: number;
  dead: boolean;
  deleted: boolean;
  tags: Set<string>;
  children: Item[];
  hit?: Record<string, unknown>;
  words?: string[];
}

export async function startHnReplayServer(options: HnReplayOptions = {}): Promise<HnReplayServer> {
  const snapshot = options.snapshot
    ? validateHnSnapshot(options.snapshot, 'in-memory HN snapshot')
    : loadHnSnapshot(options.snapshotPath ?? bundledSnapshotPath());
  const index = buildIndex(snapshot);
  const faults = options.faults ?? {};
  const log: ReplayRequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  const chaos: Chaos | null = options.chaos ? createChaos(options.chaos) : null;
  const noChaos: Record<ChaosFaultType, number> = { 'rate-limit': 0, 'server-error': 0, reset: 0, truncated: 0, stall: 0 };

  const server = createServer((req, res) => {
    const n = ++requests;
    const path = req.url ?? '/';
    const entry: ReplayRequestLog = { n, method: req.method ?? 'GET', path, status: 0, at: Date.now() };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    options.onRequest?.(entry);
    const respond = (): void => {
      try {
        handle(index, faults, n, req, res, options.gzip === true);
      } catch (err) {
        sendJson(req, res, 500, { message: `replay server error: ${(err as Error).message}` }, false);
      }
    };
    const stall = faults.stall;
    if (stall && stall.requests.includes(n)) {
      if (stall.ms === undefined) return; // never answer; close() destroys the socket
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) respond();
      }, stall.ms);
      timers.add(timer);
      return;
    }
    const chaotic = chaos?.pick(path) ?? null;
    if (chaotic !== null) {
      entry.chaos = chaotic;
      switch (chaotic) {
        case 'rate-limit':
          sendJson(req, res, 429, { message: 'Too many requests' }, false, { 'retry-after': chaos!.retryAfter });
          return;
        case 'server-error':
          sendJson(req, res, 503, { message: 'Service Unavailable' }, false);
          return;
        case 'stall':
          return; // never answered; the client times out, close() destroys what is left
        case 'reset':
          resetConnection(req);
          return;
        case 'truncated': {
          // The real answer's status line and headers (full Content-Length), then half the body and a dropped
          // connection. A bodiless answer (304) cannot be cut short: it is reset instead.
          res.end = ((chunk?: unknown) => {
            if (Buffer.isBuffer(chunk) && chunk.length > 0) res.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => req.socket.destroy());
            else resetConnection(req);
            return res;
          }) as typeof res.end;
          break;
        }
      }
    }
    respond();
  });

  const url = await listenOnLoopback(server, options.port);

  return {
    url,
    get requests() {
      return requests;
    },
    log,
    get chaosCounts() {
      return chaos?.counts ?? noChaos;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(index: Index, faults: HnReplayFaults, n: number, req: IncomingMessage, res: ServerResponse, gzip: boolean): void {
  const rl = faults.rateLimit;
  if (rl && n > rl.after && (rl.count === undefined || n <= rl.after + rl.count)) {
    // The Rails proxy forwards Algolia's error as {message}, status = Algolia's code.
    const headers: Record<string, string> = rl.retryAfter !== undefined ? { 'retry-after': rl.retryAfter } : {};
    sendJson(req, res, 429, { message: rl.message ?? 'Too many requests' }, gzip, headers);
    return;
  }
  const se = faults.serverError;
  if (se && se.requests.includes(n)) {
    sendJson(req, res, se.status ?? 503, { message: 'Service Unavailable' }, gzip);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(req, res, 405, { message: 'Method Not Allowed' }, gzip);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/api/v1/search_by_date' || path === '/api/v1/search') {
    try {
      const envelope = search(index, url.searchParams, path.endsWith('by_date'));
      // The ETag covers the answer, not the timing fields, so an unchanged result revalidates to 304.
      const basis = JSON.stringify({ ...envelope, processingTimeMS: 0, processingTimingsMS: null, serverTimeMS: 0 });
      sendJson(req, res, 200, envelope, gzip, {}, basis);
    } catch (err) {
      if (err instanceof FilterSyntaxError) sendJson(req, res, 400, { message: err.message }, gzip);
      else throw err;
    }
    return;
  }
  const item = /^\/api\/v1\/items\/(\d{1,12})$/.exec(path);
  if (item) {
    const found = index.byId.get(Number(item[1]));
    if (!found) sendJson(req, res, 404, { error: 'Not Found' }, gzip);
    else sendJson(req, res, 200, serializeTree(found, index), gzip);
    return;
  }
  sendJson(req, res, 404, { error: 'Not Found' }, gzip);
}

// ---------------------------------------------------------------- index

interface Index {
  byId: Map<number, Item>;
  /** All items, newest first (created_at_i desc, id desc). */
  byDate: Item[];
  /** Items per story_<id> tag, newest first: the common "comments of one thread" query reads only these. */
  byStory: Map<number, Item[]>;
}

function buildIndex(snapshot: HnSnapshot): Index {
  const byId = new Map<number, Item>();
  for (const s of snapshot.stories) {
    const tags = new Set(['story', `author_${s.author}`, `story_${s.id}`]);
    if (/^ask hn\b/i.test(s.title)) tags.add('ask_hn');
    if (/^show hn\b/i.test(s.title)) tags.add('show_hn');
    byId.set(s.id, {
      id: s.id, type: 'story', author: s.author, createdAtI: s.created_at_i, title: s.title, url: s.url ?? null,
      text: s.text ?? null, points: s.points ?? null, numComments: s.num_comments ?? null, parentId: null, storyId: s.id,
      dead: false, deleted: false, tags, children: [],
    });
  }
  for (const c of snapshot.comments) {
    const deleted = c.deleted === true;
    const dead = c.dead === true;
    const author = deleted ? null : c.author;
    const tags = new Set(['comment', `story_${c.story_id}`]);
    if (author) tags.add(`author_${author}`);
    byId.set(c.id, {
      id: c.id, type: 'comment', author, createdAtI: c.created_at_i, title: null, url: null,
      text: deleted || dead ? null : c.text, points: c.points ?? null, numComments: null, parentId: c.parent_id,
      storyId: c.story_id, dead, deleted, tags, children: [],
    });
  }
  for (const item of byId.values()) {
    if (item.parentId !== null) byId.get(item.parentId)?.children.push(item);
  }
  for (const item of byId.values()) {
    // /items serializes children by points desc (then oldest first, our tie-break).
    item.children.sort((a, b) => (b.points ?? 0) - (a.points ?? 0) || a.createdAtI - b.createdAtI || a.id - b.id);
  }
  const byDate = [...byId.values()].sort((a, b) => b.createdAtI - a.createdAtI || b.id - a.id);
  const byStory = new Map<number, Item[]>();
  for (const item of byDate) {
    let list = byStory.get(item.storyId);
    if (!list) byStory.set(item.storyId, (list = []));
    list.push(item);
  }
  return { byId, byDate, byStory };
}

// ---------------------------------------------------------------- search

function search(index: Index, params: URLSearchParams, byDate: boolean): Record<string, unknown> {
  const started = process.hrtime.bigint();
  const query = params.get('query') ?? '';
  const tags = parseTagFilters(params.get('tags'));
  const numeric = parseNumericFilters(params.get('numericFilters'));
  const hitsPerPage = clampInt(params.get('hitsPerPage'), DEFAULT_HITS_PER_PAGE, 1, ALGOLIA_WINDOW);
  const page = clampInt(params.get('page'), 0, 0, 1_000_000);
  const words = tokenize(query);

  // Narrow to one thread when a single-tag group names it; otherwise scan everything.
  let candidates = index.byDate;
  for (const group of tags) {
    const m = group.length === 1 ? /^story_(\d{1,12})$/.exec(group[0]!) : null;
    if (m) {
      candidates = index.byStory.get(Number(m[1])) ?? [];
      break;
    }
  }
  let matched = candidates.filter(
    (item) => matchesTags(tags, item.tags) && matchesNumeric(numeric, (a) => numericAttribute(item, a)) && matchesQuery(item, words),
  );
  if (!byDate) {
    matched = [...matched].sort(
      (a, b) => (b.points ?? 0) - (a.points ?? 0) || (b.numComments ?? 0) - (a.numComments ?? 0) || b.createdAtI - a.createdAtI || b.id - a.id,
    );
  }
  const nbHits = matched.length;
  const reachable = Math.min(nbHits, ALGOLIA_WINDOW);
  const nbPages = Math.ceil(reachable / hitsPerPage);
  const start = page * hitsPerPage;
  const end = Math.min(start + hitsPerPage, reachable);
  const hits = start < end ? matched.slice(start, end).map((item) => hitOf(item, index)) : [];
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  return {
    hits,
    nbHits,
    page,
    nbPages,
    hitsPerPage,
    exhaustiveNbHits: true,
    exhaustiveTypo: true,
    exhaustive: { nbHits: true, typo: true },
    query,
    params: paramsString(params),
    processingTimeMS: ms,
    processingTimingsMS: { _request: { roundTrip: ms }, total: ms },
    serverTimeMS: ms,
  };
}

/** As the proxy reports it: its own analytics flags, then the caller's parameters sorted by name. */
function paramsString(params: URLSearchParams): string {
  const sorted = new URLSearchParams([...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const rest = sorted.toString();
  return `advancedSyntax=true&analytics=true&analyticsTags=backend${rest ? '&' + rest : ''}`;
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || !/^-?\d{1,9}$/.test(value.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(value)));
}

function numericAttribute(item: Item, attribute: string): number | null {
  switch (attribute) {
    case 'created_at_i':
      return item.createdAtI;
    case 'points':
      return item.points;
    case 'num_comments':
      return item.numComments;
    case 'parent_id':
      return item.parentId;
    case 'story_id':
      return item.storyId;
    default:
      return null;
  }
}

function tokenize(text: string): string[] {
  return text.toLowerCase().slice(0, 10_000).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Every query word must be a word of the item; the last one may be a prefix (Algolia's prefixLast). */
function matchesQuery(item: Item, words: string[]): boolean {
  if (words.length === 0) return true;
  item.words ??= tokenize([item.title, item.text?.replace(/<[^>]{0,500}>/g, ' '), item.author, item.url].filter(Boolean).join(' '));
  const have = item.words;
  return words.every((w, i) => (i === words.length - 1 ? have.some((h) => h.startsWith(w)) : have.includes(w)));
}

// ---------------------------------------------------------------- serialisation

function isoSeconds(createdAtI: number): string {
  return new Date(createdAtI * 1000).toISOString();
}

function highlight(value: string | null): Record<string, unknown> {
  return { value: value ?? '', matchLevel: 'none', matchedWords: [] };
}

/** A search hit with the fields recorded from the real API (2023 shape plus the 2024+ additions). */
function hitOf(item: Item, index: Index): Record<string, unknown> {
  if (item.hit) return item.hit;
  const isStory = item.type === 'story';
  const story = index.byId.get(item.storyId);
  const tags = [item.type, ...(item.author ? [`author_${item.author}`] : []), `story_${item.storyId}`];
  if (item.tags.has('ask_hn')) tags.push('ask_hn');
  if (item.tags.has('show_hn')) tags.push('show_hn');
  const hit: Record<string, unknown> = {
    created_at: isoSeconds(item.createdAtI),
    title: isStory ? item.title : null,
    url: isStory ? item.url : null,
    author: item.author,
    points: item.points,
    story_text: isStory ? item.text : null,
    comment_text: isStory ? null : item.text,
    num_comments: isStory ? item.numComments : null,
    story_id: item.storyId,
    story_title: isStory ? null : story?.title ?? null,
    story_url: isStory ? null : story?.url ?? null,
    parent_id: item.parentId,
    created_at_i: item.createdAtI,
    updated_at: isoSeconds(item.createdAtI),
    children: item.children.map((c) => c.id),
    _tags: tags,
    objectID: String(item.id),
    _highlightResult: isStory
      ? { title: highlight(item.title), url: highlight(item.url), author: highlight(item.author), ...(item.text ? { story_text: highlight(item.text) } : {}) }
      : { author: highlight(item.author), comment_text: highlight(item.text), story_title: highlight(story?.title ?? null) },
  };
  item.hit = hit;
  return hit;
}

/** /items/:id (ItemSerializer): recursive, deleted/dead nodes reduced to {id, children}. */
function serializeTree(item: Item, index: Index, depth = 0): Record<string, unknown> {
  const children = depth > 200 ? [] : item.children.map((c) => serializeTree(c, index, depth + 1));
  if (item.deleted || item.dead) return { id: item.id, children };
  return {
    id: item.id,
    created_at: isoSeconds(item.createdAtI),
    created_at_i: item.createdAtI,
    type: item.type,
    author: item.author,
    title: item.type === 'story' ? item.title : null,
    url: item.type === 'story' ? item.url : null,
    text: item.text,
    points: item.points,
    parent_id: item.parentId,
    story_id: item.type === 'story' ? null : item.storyId,
    children,
    options: [],
  };
}

function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  gzip: boolean,
  extra: Record<string, string> = {},
  etagBasis?: string,
): void {
  const json = JSON.stringify(body);
  const etag = `W/"${createHash('md5').update(etagBasis ?? json).digest('hex')}"`;
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'max-age=0, private, must-revalidate',
    'access-control-allow-origin': '*',
    'x-request-id': createHash('md5').update(`${req.url}|${Date.now()}|${Math.random()}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
    ...extra,
  };
  if (status === 200) {
    headers['etag'] = etag;
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => weakEqual(t.trim(), etag))) {
      res.writeHead(304, { etag, 'cache-control': headers['cache-control']! });
      res.end();
      return;
    }
  }
  let payload: Buffer = Buffer.from(json, 'utf8');
  if (gzip && payload.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(payload.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function weakEqual(a: string, b: string): boolean {
  return a === '*' || a.replace(/^W\//, '') === b.replace(/^W\//, '');
}
