// A long soak of `techdemand run` (issue 7, "Network"): many scheduled runs in a row, in this process through runAll,
// against the three mocks — HN replay, ATS, boards and career pages — with random faults on a seeded share of all
// requests (429 with Retry-After, 503, connection resets, bodies cut off mid-transfer; scrapers/mock/chaos.ts) plus a
// few stalls. Thousands of requests go through the real scrapers and the polite HTTP client (fast backoff, the
// ETag cache: an unchanged board costs one 304, which is a request too); the boards change between runs (jobs
// appear, disappear and come back), and one board fails for good in one run.
//
// Why the end result is deterministic although the faults are random: the mocks never fault one URL more than twice
// in a row and the client retries three times, so every request succeeds in the end; the only failure is the one
// the test orders (a board answering 500 to every attempt in one run). So the assertions are exact: every posting
// ever served is stored exactly once, open/closed follows what each run listed, run_sources add up, and only the
// ordered failure is a failure. Memory must stay flat over the runs (heap after GC) and RSS bounded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig, type RunConfig } from '../../src/config.js';
import { runAll, type RunResult } from '../../src/run.js';
import { loadProjectTaxonomy } from '../../src/taxonomy-source.js';
import { compileTagger } from '../../taxonomy/tagger.js';
import { startHnReplayServer, type HnReplayServer, type HnSnapshot } from '../../scrapers/mock/hn-algolia-server.js';
import { startAtsMockServer, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { startBoardsMockServer, type BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import type { AtsFixtures } from '../../scrapers/mock/ats/routes.js';
import type { ChaosFaultType, ChaosOptions } from '../../scrapers/mock/chaos.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { loadBoardsFixtures } from '../fixtures/boards/index.js';
import { FAST_HTTP, REPO_ROOT, tempDir } from './run-helpers.js';
import { prng } from '../fixtures/prng.js';

const SEED = 0x50a4;
const ROUNDS = 12;
/** The client's retries (config http.retries); the chaos never faults one URL more often in a row than this - 1. */
const RETRIES = 3;
const MAX_FAULTS_IN_A_ROW = 2;
const FAULT_RATE = 0.15;
/** The run in which greenhouse board gh-03 answers 500 to everything (and loses a job nobody may close yet). */
const FAIL_ROUND = 5;
const GH_BOARDS = 20;
const SR_COMPANIES = 5;
const SR_POSTINGS = 50;
const SMALL_BOARDS = 5;
/** Peak RSS bound for the whole worker (mocks, fixtures and the runs): generous, it catches a leak, not a slow byte. */
const MAX_RSS_MB = 400;
/** How much the heap (after GC) may grow from the end of the first third of the runs to the end of the last. */
const MAX_HEAP_GROWTH_MB = 12;

/** A real GC before measuring the heap: expose it at run time (vitest's worker does not start with --expose-gc). */
function exposeGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

type Obj = Record<string, unknown>;
const pad = (n: number) => String(n).padStart(2, '0');

/** A uuid-shaped id that differs from `uuid` in its last 8 hex digits. */
function uuidVariant(uuid: string, n: number): string {
  return `${uuid.slice(0, -8)}${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * What the ATS mock serves in round `round` (1-based): many boards cloned from the recorded fixtures with varied ids
 * and titles (each clone is its own job). The boards change over time: from round 2 on, one greenhouse board a run
 * gets a new job; gh-03 drops one job from FAIL_ROUND on; sr-1 lists posting #7 in no run from 4 to 6.
 */
function atsCatalogue(base: AtsFixtures, round: number): AtsFixtures {
  const ghBase = [...base.greenhouse!['vercel']!, ...base.greenhouse!['vaulttec']!, ...base.greenhouse!['generalassembly']!] as Obj[];
  const greenhouse: Record<string, unknown[]> = {};
  for (let b = 1; b <= GH_BOARDS; b++) {
    const jobs: Obj[] = [];
    const clone = (k: number) => {
      const j = ghBase[k % ghBase.length]!;
      jobs.push({ ...j, id: 10_000_000 * b + k, title: `${String(j['title'])} ${b}.${k}` });
    };
    for (let k = 0; k < ghBase.length; k++) if (!(b === 3 && k === 0 && round >= FAIL_ROUND)) clone(k);
    // Jobs added over time: board (r % GH_BOARDS) + 1 gets job 100 + r in run r and keeps it.
    for (let r = 2; r <= round; r++) if ((r % GH_BOARDS) + 1 === b) clone(100 + r);
    greenhouse[`gh-${pad(b)}`] = jobs;
  }

  const srList = base.smartrecruiters!['Ubisoft2']!.postings as Obj[];
  const srDetails = base.smartrecruiters!['Ubisoft2']!.details as Record<string, Obj>;
  const smartrecruiters: NonNullable<AtsFixtures['smartrecruiters']> = {};
  for (let c = 1; c <= SR_COMPANIES; c++) {
    const postings: Obj[] = [];
    const details: Record<string, unknown> = {};
    for (let k = 0; k < SR_POSTINGS; k++) {
      if (c === 1 && k === 7 && round >= 4 && round <= 6) continue;
      const item = srList[k % srList.length]!;
      const id = String(900_000_000_000 + c * 1000 + k);
      const clone = { ...item, id, name: `${String(item['name'])} ${c}.${k}` };
      postings.push(clone);
      details[id] = { ...srDetails[String(item['id'])], ...clone };
    }
    smartrecruiters[`sr-${c}`] = { postings, details };
  }

  const lever: Record<string, unknown[]> = {};
  const ashby: Record<string, unknown[]> = {};
  const recruitee: Record<string, unknown[]> = {};
  const workable: NonNullable<AtsFixtures['workable']> = {};
  const wk = base.workable!['example-robotics']!;
  for (let s = 1; s <= SMALL_BOARDS; s++) {
    lever[`lv-${s}`] = Array.from({ length: 4 }, (_, k) => {
      const p = base.lever!['spotify']![k % 2] as Obj;
      return { ...p, id: uuidVariant(String(p['id']), s * 100 + k), text: `${String(p['text'])} ${s}.${k}` };
    });
    ashby[`ab-${s}`] = Array.from({ length: 4 }, (_, k) => {
      const j = base.ashby!['linear']![k % 2] as Obj;
      return { ...j, id: uuidVariant(String(j['id']), s * 100 + k), title: `${String(j['title'])} ${s}.${k}` };
    });
    recruitee[`rc-${s}`] = Array.from({ length: 3 }, (_, k) => {
      const o = base.recruitee!['channable']![0] as Obj;
      return { ...o, id: 5_000_000 + s * 100 + k, slug: `${String(o['slug'])}-${s}-${k}`, title: `${String(o['title'])} ${s}.${k}` };
    });
    workable[`wk-${s}`] = {
      ...wk,
      jobs: Array.from({ length: 4 }, (_, k) => {
        const j = wk.jobs[k % wk.jobs.length] as Obj;
        return { ...j, shortcode: `WK${s}${k}${String(j['shortcode'])}`.slice(0, 12), title: `${String(j['title'])} ${s}.${k}` };
      }),
    };
  }
  return { greenhouse, smartrecruiters, lever, ashby, recruitee, workable };
}

/** "source\texternal_id" of every ATS posting a catalogue lists, by unit ("greenhouse:gh-01"). */
function servedByUnit(f: AtsFixtures): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (source: string, board: string, ids: string[]) => out.set(`${source}:${board}`, ids.map((id) => `${source}\t${board}:${id}`));
  for (const [b, jobs] of Object.entries(f.greenhouse ?? {})) add('greenhouse', b, (jobs as Obj[]).map((j) => String(j['id'])));
  for (const [c, v] of Object.entries(f.smartrecruiters ?? {})) add('smartrecruiters', c, (v.postings as Obj[]).map((p) => String(p['id'])));
  for (const [s, ps] of Object.entries(f.lever ?? {})) add('lever', s, (ps as Obj[]).map((p) => String(p['id'])));
  for (const [b, jobs] of Object.entries(f.ashby ?? {})) add('ashby', b, (jobs as Obj[]).map((j) => String(j['id'])));
  for (const [c, offers] of Object.entries(f.recruitee ?? {})) add('recruitee', c, (offers as Obj[]).map((o) => String(o['id'])));
  for (const [a, v] of Object.entries(f.workable ?? {})) add('workable', a, (v.jobs as Obj[]).map((j) => String(j['shortcode'])));
  return out;
}

interface RoundRecord {
  round: number;
  result: RunResult;
  /** Requests the three mocks received during the run. */
  requests: number;
  heapMb: number;
}

describe('soak: many runs against the mocks with random faults', () => {
  const tmp = tempDir('techdemand-soak-');
  const dbPath = join(tmp.dir, 'td.db');
  let hn: HnReplayServer;
  let ats: AtsMockServer;
  let boards: BoardsMockServer;
  let baseAts: AtsFixtures;
  let hnAds: Set<string>;
  let config: RunConfig;
  const rounds: RoundRecord[] = [];
  /** Every ATS posting served in some round, and the round of its first appearance. */
  const firstServed = new Map<string, number>();
  /** Per round: the ATS postings served, by unit. */
  const served: Map<string, string[]>[] = [];
  let peakRssMb = 0;
  /** gh-03's job that disappears in FAIL_ROUND: still open after that run (nothing closed by a failed unit). */
  let droppedAfterFail: { closed_at: string | null } | undefined;
  let droppedAfterNext: { closed_at: string | null } | undefined;

  const mockRequests = () => hn.log.length + ats.requestLog.length + boards.requestLog.length;
  /** Stalls and 304s the ATS mock answered over all runs (its request log is emptied after each run). */
  let atsStalls = 0;
  let ats304 = 0;

  beforeAll(async () => {
    // One seeded stream per mock, so one mock's share of faults does not depend on how its requests interleave
    // with another's.
    const chaos = (stream: number): ChaosOptions => ({
      rate: FAULT_RATE,
      random: prng(SEED + stream),
      maxConsecutive: MAX_FAULTS_IN_A_ROW,
      weights: { 'rate-limit': 1, 'server-error': 1, reset: 1, truncated: 1 },
      // An unreachable robots.txt means "disallow all" for the career pages (RFC 9309): a fault there is a
      // deliberate failure, not a transient one.
      exclude: /^\/robots\.txt$/,
    });
    const snapshot = JSON.parse(gunzipSync(readFileSync(join(REPO_ROOT, 'data/hn-snapshot.json.gz'))).toString('utf8')) as HnSnapshot;
    // The newest six monthly threads: what `hn: { months: 6 }` reads.
    const threads = snapshot.stories
      .filter((s) => /^Ask HN: Who is hiring\? \(/i.test(s.title))
      .sort((a, b) => b.created_at_i - a.created_at_i)
      .slice(0, 6)
      .map((s) => s.id);
    hnAds = new Set(snapshot.comments.filter((c) => threads.includes(c.parent_id) && c.author && c.text && !c.dead && !c.deleted).map((c) => `hn\t${c.id}`));
    baseAts = loadAtsFixtures();
    hn = await startHnReplayServer({ snapshot, chaos: chaos(1) });
    ats = await startAtsMockServer({ fixtures: atsCatalogue(baseAts, 1), chaos: chaos(2) });
    boards = await startBoardsMockServer({ fixtures: loadBoardsFixtures(), chaos: chaos(3) });

    const boardsOf = (prefix: string, n: number) => `[${Array.from({ length: n }, (_, i) => `${prefix}-${prefix === 'gh' ? pad(i + 1) : i + 1}`).join(', ')}]`;
    const yaml = [
      `database: ${dbPath}`,
      'contact: "soak-tests@example.invalid"',
      'http:',
      '  timeoutSeconds: 2',
      `  retries: ${RETRIES}`,
      'rateLimits:',
      '  127.0.0.1: { concurrency: 8, minIntervalMs: 0 }',
      'sources:',
      `  hn: { baseUrl: "${hn.url}", months: 6 }`,
      `  greenhouse: { baseUrl: "${ats.url}", boards: ${boardsOf('gh', GH_BOARDS)} }`,
      `  smartrecruiters: { baseUrl: "${ats.url}", boards: ${boardsOf('sr', SR_COMPANIES)} }`,
      `  lever: { baseUrl: "${ats.url}", boards: ${boardsOf('lv', SMALL_BOARDS)} }`,
      `  ashby: { baseUrl: "${ats.url}", boards: ${boardsOf('ab', SMALL_BOARDS)} }`,
      `  recruitee: { baseUrl: "${ats.recruiteeBaseUrl}", boards: ${boardsOf('rc', SMALL_BOARDS)} }`,
      `  workable: { baseUrl: "${ats.url}", boards: ${boardsOf('wk', SMALL_BOARDS)} }`,
      ...['remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy'].map((s) => `  ${s}: { baseUrl: "${boards.url}" }`),
      `  careers: { urls: ["${boards.url}/careers/multi-block.html", "${boards.url}/careers/graph.html"] }`,
      '',
    ].join('\n');
    config = parseConfig(yaml, join(tmp.dir, 'techdemand.config.yaml'));
  });

  afterAll(async () => {
    await Promise.all([hn?.close(), ats?.close(), boards?.close()]);
    tmp.cleanup();
  });

  it(`runs ${ROUNDS} times through thousands of faulty requests`, async () => {
    const gc = exposeGc();
    const taxonomy = loadProjectTaxonomy();
    const tagging = { taxonomy, tagger: compileTagger(taxonomy) };
    const rss = setInterval(() => (peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20)), 20);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const catalogue = atsCatalogue(baseAts, round);
        ats.setFixtures(catalogue);
        const units = servedByUnit(catalogue);
        served.push(units);
        for (const ids of units.values()) for (const id of ids) if (!firstServed.has(id)) firstServed.set(id, round);
        ats.clearFaults();
        if (round === FAIL_ROUND) ats.addFault({ path: '/v1/boards/gh-03/jobs', fault: { type: 'server-error' } });
        // A stall now and then (each costs a client timeout, so only a few): the client gives up and retries.
        if (round % 4 === 2) ats.addFault({ path: `/v1/companies/sr-2/postings/${900_000_000_000 + 2000 + round}`, fault: { type: 'stall' }, times: 1 });

        const before = mockRequests();
        const result = await runAll({ config, dbPath, force: true, report: null, tagging, http: { ...FAST_HTTP, timeoutMs: 1500 } });
        const requests = mockRequests() - before;
        atsStalls += ats.requestLog.filter((e) => e.fault === 'stall').length;
        ats304 += ats.requestLog.filter((e) => e.status === 304).length;
        // The mocks' request logs are the test's, not the product's: emptied, so the heap measures the runs alone.
        ats.requestLog.length = 0;
        boards.requestLog.length = 0;
        (hn.log as unknown[]).length = 0;
        gc();
        rounds.push({ round, result, requests, heapMb: process.memoryUsage().heapUsed / 2 ** 20 });

        if (round === FAIL_ROUND || round === FAIL_ROUND + 1) {
          const db = new Sqlite(dbPath, { readonly: true });
          const row = db.prepare("SELECT closed_at FROM postings WHERE source = 'greenhouse' AND external_id = ?").get(`gh-03:${10_000_000 * 3}`) as { closed_at: string | null } | undefined;
          db.close();
          if (round === FAIL_ROUND) droppedAfterFail = row;
          else droppedAfterNext = row;
        }
      }
    } finally {
      clearInterval(rss);
    }
    const total = rounds.reduce((s, r) => s + r.requests, 0);
    console.log(
      `soak: ${total} requests in ${ROUNDS} runs; faults ats ${JSON.stringify(ats.chaosCounts)} boards ${JSON.stringify(boards.chaosCounts)} hn ${JSON.stringify(hn.chaosCounts)}; ` +
        `heap MB ${rounds.map((r) => r.heapMb.toFixed(1)).join(' ')}; peak RSS ${peakRssMb.toFixed(0)} MB`,
    );
    expect(total).toBeGreaterThanOrEqual(3000);
    // Every kind of fault really happened (the ATS mock alone gets about a hundred of each), and every mock had its
    // share of faults.
    const all = [hn.chaosCounts, ats.chaosCounts, boards.chaosCounts];
    for (const kind of ['rate-limit', 'server-error', 'reset', 'truncated'] as ChaosFaultType[]) {
      expect(all.reduce((s, c) => s + c[kind], 0), kind).toBeGreaterThan(50);
    }
    for (const counts of all) expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(atsStalls).toBe(3);
    // 304s: the second and later runs revalidate unchanged documents.
    expect(ats304).toBeGreaterThan(1000);
  });

  it('fails only the unit whose faults outlast the retries, and only in that run', () => {
    for (const r of rounds) {
      const failed = r.result.units.filter((u) => u.status !== 'ok').map((u) => `${u.unit}:${u.status}`);
      expect(failed, `run ${r.round}`).toEqual(r.round === FAIL_ROUND ? ['greenhouse:gh-03:failed'] : []);
      expect(r.result.status, `run ${r.round}`).toBe(r.round === FAIL_ROUND ? 'partial' : 'ok');
    }
    const gh3 = rounds[FAIL_ROUND - 1]!.result.units.find((u) => u.unit === 'greenhouse:gh-03')!;
    expect(gh3.errors).toEqual({ 'http-5xx': 1 });
    expect(gh3.requests).toBe(RETRIES + 1);
    // The failed scrape closed nothing: the job gh-03 stopped listing stays open until a complete scrape.
    expect(droppedAfterFail).toMatchObject({ closed_at: null });
    expect(droppedAfterNext?.closed_at).toEqual(expect.any(String));
  });

  it('stores every posting ever served exactly once; open and closed follow the last complete listing', () => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT source, external_id, closed_at FROM postings').all() as { source: string; external_id: string; closed_at: string | null }[];
      const key = (r: { source: string; external_id: string }) => `${r.source}\t${r.external_id}`;
      const atsRows = rows.filter((r) => /^(greenhouse|smartrecruiters|lever|ashby|recruitee|workable)$/.test(r.source));
      expect(atsRows.map(key).sort()).toEqual([...firstServed.keys()].sort());
      const last = new Set([...served.at(-1)!.values()].flat());
      expect(atsRows.filter((r) => r.closed_at === null).map(key).sort()).toEqual([...last].sort());
      // sr-1's posting #7 was gone in runs 4–6 and is listed again: reopened.
      expect(rows.find((r) => r.external_id === `sr-1:${900_000_000_000 + 1007}`)).toMatchObject({ closed_at: null });
      expect(new Set(rows.filter((r) => r.source === 'hn').map(key))).toEqual(hnAds);
      expect(new Set(rows.map(key)).size).toBe(rows.length);
      // Every other source: what the first run listed, stored once, never closed (they listed the same every time).
      for (const source of ['remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy', 'careers']) {
        const n = rows.filter((r) => r.source === source).length;
        expect(n, source).toBeGreaterThan(0);
        expect(rows.filter((r) => r.source === source && r.closed_at !== null), source).toEqual([]);
      }
      expect((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('records runs and run_sources that add up: seen per run, new once per posting, requests as the mocks counted', () => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const stored = new Map(
        (db.prepare('SELECT source, count(*) AS n FROM postings GROUP BY source').all() as { source: string; n: number }[]).map((r) => [r.source, r.n]),
      );
      const newBySource = new Map<string, number>();
      const seenBySource = new Map<string, number[]>();
      for (const r of rounds) {
        const run = db.prepare('SELECT status, ended_at FROM runs WHERE id = ?').get(r.result.runId) as { status: string; ended_at: string };
        expect(run.status).toBe(r.result.status);
        const rows = db.prepare('SELECT source, requests, seen, new, status, errors FROM run_sources WHERE run_id = ?').all(r.result.runId) as {
          source: string;
          requests: number;
          seen: number;
          new: number;
          status: string;
          errors: string;
        }[];
        expect(rows).toHaveLength(14);
        // Every attempt the client made reached a mock, and every request a mock received was counted by a source.
        expect(rows.reduce((s, x) => s + x.requests, 0), `run ${r.round}`).toBe(r.requests);
        const units = served[r.round - 1]!;
        for (const x of rows) {
          newBySource.set(x.source, (newBySource.get(x.source) ?? 0) + x.new);
          seenBySource.set(x.source, [...(seenBySource.get(x.source) ?? []), x.seen]);
          const mine = [...units.entries()].filter(([u]) => u.startsWith(`${x.source}:`));
          if (mine.length === 0) continue;
          // An ATS source saw what its boards listed in this run (a failed board: nothing).
          const failed = r.round === FAIL_ROUND && x.source === 'greenhouse' ? units.get('greenhouse:gh-03')!.length : 0;
          expect(x.seen, `run ${r.round} ${x.source}`).toBe(mine.reduce((s, [, ids]) => s + ids.length, 0) - failed);
          const fresh = mine.flatMap(([u, ids]) => (r.round === FAIL_ROUND && u === 'greenhouse:gh-03' ? [] : ids)).filter((id) => firstServed.get(id) === r.round);
          // gh-03's jobs new in FAIL_ROUND (none) would only be stored by the next run.
          expect(x.new, `run ${r.round} ${x.source} new`).toBe(fresh.length);
        }
      }
      // Each stored posting was counted new in exactly one run.
      for (const [source, n] of stored) expect(newBySource.get(source), source).toBe(n);
      // The sources whose listings never change saw the same number every run.
      for (const source of ['hn', 'remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy', 'careers']) {
        expect(new Set(seenBySource.get(source)), source).toEqual(new Set([stored.get(source)]));
      }
    } finally {
      db.close();
    }
  });

  it('stays within memory: the heap after GC does not grow run over run, and RSS stays bounded', () => {
    const third = Math.ceil(ROUNDS / 3);
    const early = rounds[third - 1]!.heapMb;
    const late = rounds.at(-1)!.heapMb;
    expect(late - early, `heap after GC by run: ${rounds.map((r) => r.heapMb.toFixed(1)).join(', ')} MB`).toBeLessThan(MAX_HEAP_GROWTH_MB);
    expect(peakRssMb).toBeGreaterThan(0);
    expect(peakRssMb).toBeLessThan(MAX_RSS_MB);
  });
});
