// Crash safety of `techdemand run` (issue 7): the built CLI, as a real child process against the local mocks, is
// killed with SIGKILL at every phase of a run — while it waits for an HTTP answer, between two batch transactions
// (tagging the next batch), inside a batch transaction, after scraping while the report is built, and while the
// report's temporary file is being written — plus a few kills at seeded pseudo-random moments within the measured
// length of a clean run (classified by what the child was doing then). After each kill the
// database must pass PRAGMA integrity_check; after a final clean run every posting the mocks serve must be stored
// exactly once, the trigger-maintained aggregates must equal a recount, every killed run must be recorded as
// 'aborted', and a kill during report writing must leave the previous report in place, byte for byte.
//
// Kill moments are chosen by observing the child, not by guessing times: the HN replay server's onRequest hook
// (the child is waiting for that answer), a second connection's BEGIN IMMEDIATE failing with SQLITE_BUSY (the child
// holds the write lock: a batch transaction is open), a read-only count of the postings this run has stored, the
// runs row of the child's pid, and fs.watch on the report folder. Timing never decides a pass or a fail.
//
// The bulk of the data is the bundled HN snapshot: 3,791 real ads in monthly threads, one request per thread, saved
// in batches of 500 (the product's batch size) — a fresh run takes a few seconds, so every phase lasts long enough
// to be hit. Every other mock source takes part with its recorded fixtures.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import type { HnSnapshot, ReplayRequestLog } from '../../scrapers/mock/hn-algolia-server.js';
import { REPO_ROOT, mockConfigYaml, startMocks, tempDir, writeConfig, type Mocks } from './run-helpers.js';
import { prng } from '../fixtures/prng.js';

const CLI = join(REPO_ROOT, 'dist/src/cli.js');
/** Seed of the pseudo-random kill moments (any value works; a fixed one makes a failure repeatable). */
const SEED = 0x7e57c0de;
const RANDOM_KILLS = 4;
/** A child that neither finishes nor gets killed within this long is a hung test, not a slow machine. */
const CHILD_WATCHDOG_MS = 60_000;

type Phase =
  | 'startup' // before the run is recorded (lock, migrations, taxonomy)
  | 'fetch' // waiting for an HTTP answer, nothing of this run's HN ads stored yet
  | 'tagging' // some batches committed, no transaction open, no HN request in flight: tagging the next batch
  | 'batch-write' // inside a batch transaction (save + tag rows + roles + dedup)
  | 'finishing' // every source scraped, the run not yet recorded as finished (validator cache, run stats)
  | 'report-build' // the run recorded, the report being built (queries, rendering)
  | 'report-write' // the report's temporary file exists, not yet renamed over the old report
  | 'archive-write'; // the report replaced, its archive copy being written

interface Kill {
  label: string;
  phase: Phase;
  pid: number;
  /** The child had printed its `start` event, so its runs row exists. */
  started: boolean;
  /** The kill came before the database file was created (startup): nothing to check. */
  noDatabase: boolean;
  integrity: string[];
  foreignKeyProblems: number;
  /** HN postings stored when the child died. */
  hnStored: number;
  /** After a kill while the report was built or written: the report file is what it was before this run. */
  reportUnchanged?: boolean;
  /** After a kill while the report was built or written: the report file in place ends with </html>. */
  reportComplete?: boolean;
  /** The killed process's own temporary report file is still there (it died before its rename). */
  leftItsTemp: boolean;
}

/** The temporary file reports/write.ts writes the report to before renaming it, for the process `pid`. */
const reportTemp = (pid: number) => new RegExp(`^\\.index\\.html\\.${pid}\\.[0-9a-f]{12}\\.tmp$`);
const ANY_TEMP = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** One `techdemand --json run` child and what it printed. */
class RunChild {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly events: Record<string, unknown>[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  killed = false;
  private listeners: ((e: Record<string, unknown>) => void)[] = [];

  constructor(config: string, cwd: string) {
    const env = { ...process.env };
    delete env['TECHDEMAND_DB'];
    delete env['TECHDEMAND_CONFIG'];
    // --force: the boards that allow one sync per hour (or 6 h) must take part in every run, not be skipped.
    this.child = spawn(process.execPath, [CLI, '--json', 'run', '--force', '--config', config], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid!;
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.trim()) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        this.events.push(e);
        for (const l of this.listeners) l(e);
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    const watchdog = setTimeout(() => this.kill(), CHILD_WATCHDOG_MS);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        clearTimeout(watchdog);
        resolve({ code, signal });
      }),
    );
  }

  onEvent(l: (e: Record<string, unknown>) => void): void {
    this.listeners.push(l);
    for (const e of this.events) l(e);
  }

  has(event: string, unit?: string): boolean {
    return this.events.some((e) => e['event'] === event && (unit === undefined || e['unit'] === unit));
  }

  get started(): boolean {
    return this.has('start');
  }

  /** Every unit has reported (the `start` event says how many there are). */
  get scraped(): boolean {
    const start = this.events.find((e) => e['event'] === 'start');
    return start !== undefined && this.events.filter((e) => e['event'] === 'source').length >= (start['units'] as number);
  }

  kill(): void {
    if (this.killed || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killed = true;
    process.kill(this.pid, 'SIGKILL');
  }
}

/**
 * Two connections of the test's own onto the child's database while it runs: a read-only one for counts, and a
 * read-write one used only to ask whether the child holds the write lock (BEGIN IMMEDIATE with no busy timeout,
 * rolled back at once). The probe is closed while the read-only connection still holds its shared lock, so it
 * cannot checkpoint the WAL on close: recovering from the kill stays the next run's job.
 */
class DbWatch {
  private ro: Sqlite.Database | null = null;
  private rw: Sqlite.Database | null = null;
  constructor(private readonly dbPath: string) {}

  private open(): boolean {
    if (this.ro) return true;
    if (!existsSync(this.dbPath)) return false;
    this.ro = new Sqlite(this.dbPath, { readonly: true, fileMustExist: true });
    this.rw = new Sqlite(this.dbPath, { fileMustExist: true, timeout: 0 });
    return true;
  }

  writeLocked(): boolean {
    if (!this.open()) return false;
    try {
      this.rw!.exec('BEGIN IMMEDIATE');
      this.rw!.exec('ROLLBACK');
      return false;
    } catch (err) {
      if (String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) return true;
      throw err;
    }
  }

  runRow(pid: number): { started_at: string; status: string; sources: number } | undefined {
    if (!this.open()) return undefined;
    return this.ro!.prepare(
      'SELECT started_at, status, (SELECT count(*) FROM run_sources rs WHERE rs.run_id = runs.id) AS sources FROM runs WHERE pid = ? ORDER BY id DESC LIMIT 1',
    ).get(pid) as { started_at: string; status: string; sources: number } | undefined;
  }

  /** HN postings this run has stored or re-seen (a saved batch moves last_seen to the unit's start). */
  hnSeenSince(startedAt: string): number {
    if (!this.open()) return 0;
    return this.ro!.prepare("SELECT count(*) FROM postings WHERE source = 'hn' AND last_seen >= ?").pluck().get(startedAt) as number;
  }

  close(): void {
    this.rw?.close();
    this.ro?.close();
    this.rw = this.ro = null;
  }
}

describe('crash safety: SIGKILL at every phase of `techdemand run`', () => {
  const tmp = tempDir('techdemand-crash-');
  const dbPath = join(tmp.dir, 'chain', 'td.db');
  const outDir = join(tmp.dir, 'chain', 'out');
  const reportPath = join(outDir, 'index.html');
  let mocks: Mocks;
  let snapshot: HnSnapshot;
  /** What the HN replay serves as ads: every top-level comment with an author and a text. */
  let hnIds: Set<string>;
  /** (source, external_id) of everything the mocks serve, from a clean uninterrupted run. */
  let expected: string[];
  /** How long a clean run over an already complete database lasts (every run re-fetches and re-tags all of HN). */
  let cleanRerunMs = 0;
  let config: string;
  /** The HN replay calls this for every request it receives (the test swaps it per child). */
  let onHnRequest: ((entry: ReplayRequestLog) => void) | null = null;
  /** The current child's HN requests as the replay server logs them (status 0 until answered). */
  let hnInFlight: ReplayRequestLog[] = [];

  const kills: Kill[] = [];
  const completedRuns: { pid: number; code: number | null }[] = [];
  let goodReports = 0;
  const log: string[] = [];

  const readonlyDb = <T>(fn: (db: Sqlite.Database) => T): T => {
    const db = new Sqlite(dbPath, { readonly: true, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    // Built by `npm test` (or `npm run build`) before vitest starts; never rebuilt here (other test files run it).
    expect(existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`).toBe(true);
    snapshot = JSON.parse(gunzipSync(readFileSync(join(REPO_ROOT, 'data/hn-snapshot.json.gz'))).toString('utf8')) as HnSnapshot;
    const threads = new Set(snapshot.stories.filter((s) => /who is hiring\?/i.test(s.title)).map((s) => s.id));
    hnIds = new Set(snapshot.comments.filter((c) => threads.has(c.parent_id) && c.author && c.text && !c.dead && !c.deleted).map((c) => String(c.id)));
    mocks = await startMocks({ hn: { snapshot, onRequest: (e) => onHnRequest?.(e) } });

    const yamlFor = (db: string, report: string) =>
      mockConfigYaml(mocks, { db, report, timeoutSeconds: 5, retries: 1 }).replace(/\n    months: 1\n/, '\n    months: 1000\n');
    config = writeConfig(tmp.dir, yamlFor(dbPath, reportPath), 'chain.yaml');

    // A clean, uninterrupted run into its own database: what "every posting the mocks serve" is for the sources
    // whose ids come out of fixtures of many shapes (boards, career pages), and how long a fresh run lasts.
    const refDb = join(tmp.dir, 'ref', 'td.db');
    const refConfig = writeConfig(tmp.dir, yamlFor(refDb, join(tmp.dir, 'ref', 'index.html')), 'ref.yaml');
    const ref = new RunChild(refConfig, tmp.dir);
    const done = await ref.exited;
    expect(done.code, ref.stderr).toBe(0);
    // Its second run is the shortest a run in the kill chain below can be: random kill moments are drawn from it.
    const rerun = new RunChild(refConfig, tmp.dir);
    const t0 = Date.now();
    const again = await rerun.exited;
    cleanRerunMs = Date.now() - t0;
    expect(again.code, rerun.stderr).toBe(0);
    const db = new Sqlite(refDb, { readonly: true });
    try {
      const rows = db.prepare('SELECT source, external_id FROM postings').all() as { source: string; external_id: string }[];
      expected = rows.map((r) => `${r.source}\t${r.external_id}`).sort();
      // The clean run itself stored exactly the HN ads of the snapshot, and something from every other source.
      expect(new Set(rows.filter((r) => r.source === 'hn').map((r) => r.external_id))).toEqual(hnIds);
      expect(new Set(rows.map((r) => r.source)).size).toBe(14);
    } finally {
      db.close();
    }
    mkdirSync(join(tmp.dir, 'chain'), { recursive: true });
  }, 120_000);

  afterAll(async () => {
    onHnRequest = null;
    await mocks?.close();
    tmp.cleanup();
  });

  /**
   * Starts a run and kills it when `trigger` says so (called for each JSON event, every HN request, every report
   * folder change, and every 2 ms); records the phase it hit and checks the database right after.
   */
  async function killRun(label: string, trigger: (c: RunChild, w: DbWatch) => Phase | null, opts: { hnRequest?: (c: RunChild, n: number) => Phase | null } = {}): Promise<Kill | null> {
    const reportBefore = existsSync(reportPath) ? readFileSync(reportPath) : null;
    const archiveBefore = listDir(join(outDir, 'archive')).filter((n) => !ANY_TEMP.test(n));
    const c = new RunChild(config, tmp.dir);
    const w = new DbWatch(dbPath);
    let phase: Phase | null = null;
    let stopped = false;
    const fire = (p: Phase | null) => {
      if (p === null || phase !== null || stopped) return;
      phase = p;
      c.kill();
    };
    const check = () => {
      if (stopped || phase !== null) return;
      try {
        fire(trigger(c, w));
      } catch (err) {
        // The child holds a lock the read-only look needs right now: look again at the next tick.
        if (!/^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: string }).code))) throw err;
      }
    };
    // This child's HN requests (an answer cut short by a kill never finishes: only the current child's count).
    hnInFlight = [];
    onHnRequest = (entry) => {
      hnInFlight.push(entry);
      if (opts.hnRequest && phase === null) fire(opts.hnRequest(c, hnInFlight.length));
    };
    mkdirSync(outDir, { recursive: true });
    const watcher: FSWatcher = watch(outDir, () => check());
    c.onEvent(() => check());
    const timer = setInterval(check, 2);
    const result = await c.exited;
    stopped = true;
    clearInterval(timer);
    watcher.close();
    onHnRequest = null;
    w.close();
    const noDatabase = !existsSync(dbPath);
    // A database killed during its first migration has no tables yet.
    const hnStored = noDatabase
      ? 0
      : readonlyDb((db) => (db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'postings'").pluck().get() ? (db.prepare("SELECT count(*) FROM postings WHERE source = 'hn'").pluck().get() as number) : 0));
    if (result.signal !== 'SIGKILL') {
      // The run finished before the trigger fired (a random moment after its end): a clean run, not a kill.
      completedRuns.push({ pid: c.pid, code: result.code });
      log.push(`${label}: completed (exit ${result.code}) before the kill`);
      return null;
    }
    let killedPhase: Phase = phase ?? 'startup';
    const leftItsTemp = hasTemp(c);
    let reportUnchanged: boolean | undefined;
    let reportComplete: boolean | undefined;
    if (killedPhase === 'report-build' || killedPhase === 'report-write' || killedPhase === 'archive-write') {
      // Which step the kill interrupted, from what it left on disk (never from whether the report changed, which is
      // what is asserted): its own temporary report file → before the rename; new archive files → after it.
      const archived = listDir(join(outDir, 'archive')).filter((n) => !ANY_TEMP.test(n));
      const archiveTemp = new RegExp(`^\\..+\\.${c.pid}\\.[0-9a-f]{12}\\.tmp$`);
      if (leftItsTemp) killedPhase = 'report-write';
      else if (archived.length !== archiveBefore.length || listDir(join(outDir, 'archive')).some((n) => archiveTemp.test(n))) killedPhase = 'archive-write';
      else killedPhase = 'report-build';
      const now = existsSync(reportPath) ? readFileSync(reportPath) : null;
      reportUnchanged = now === null || reportBefore === null ? now === reportBefore : now.equals(reportBefore);
      reportComplete = now === null || now.toString('utf8').trimEnd().endsWith('</html>');
    }
    const kill: Kill = {
      label,
      phase: killedPhase,
      pid: c.pid,
      started: c.started,
      noDatabase,
      hnStored,
      ...(noDatabase
        ? { integrity: ['ok'], foreignKeyProblems: 0 }
        : readonlyDb((db) => ({
            integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
            foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
          }))),
      ...(reportUnchanged !== undefined ? { reportUnchanged } : {}),
      ...(reportComplete !== undefined ? { reportComplete } : {}),
      leftItsTemp,
    };
    kills.push(kill);
    log.push(`${label}: killed pid ${c.pid} in ${kill.phase}, ${noDatabase ? 'no database yet' : `${hnStored} HN ads stored, integrity ${kill.integrity.join(',')}`}`);
    return kill;
  }

  async function cleanRun(label: string): Promise<number | null> {
    const c = new RunChild(config, tmp.dir);
    const r = await c.exited;
    completedRuns.push({ pid: c.pid, code: r.code });
    log.push(`${label}: clean run pid ${c.pid} exit ${r.code}`);
    if (r.code !== 0) log.push(c.stderr);
    return r.code;
  }

  /** Where the run is, judged from outside at this moment. */
  function phaseNow(c: RunChild, w: DbWatch): Phase {
    if (!c.started) return 'startup';
    const temps = existsSync(outDir) ? readdirSync(outDir) : [];
    if (temps.some((n) => reportTemp(c.pid).test(n))) return 'report-write';
    if (!c.scraped) {
      if (w.writeLocked()) return 'batch-write';
      const row = w.runRow(c.pid);
      return row && c.has('unit-start', 'hn') && w.hnSeenSince(row.started_at) > 0 && !hnRequestInFlight() ? 'tagging' : 'fetch';
    }
    const row = w.runRow(c.pid);
    // The run records its sources' statistics, then builds and writes the report, and only then its status.
    if (!row || row.sources === 0) return 'finishing';
    return c.has('report') || (existsSync(join(outDir, 'archive')) && readdirSync(join(outDir, 'archive')).some((n) => ANY_TEMP.test(n))) ? 'archive-write' : 'report-build';
  }

  /** The child's temporary report file exists. */
  const hasTemp = (c: RunChild): boolean => listDir(outDir).some((n) => reportTemp(c.pid).test(n));

  /** The replay server has received an HN request it has not answered yet. */
  const hnRequestInFlight = (): boolean => hnInFlight.some((e) => e.status === 0);

  /** Every unit but HN (the big one) has finished, HN has not: a write transaction now is an HN batch. */
  const onlyHnLeft = (c: RunChild): boolean => {
    const start = c.events.find((e) => e['event'] === 'start');
    return start !== undefined && c.has('unit-start', 'hn') && !c.has('source', 'hn') && c.events.filter((e) => e['event'] === 'source').length === (start['units'] as number) - 1;
  };

  /** The HN unit is scraping and this run has already saved some of its batches, but not all. */
  const midHn = (c: RunChild, w: DbWatch): boolean => {
    if (!c.has('unit-start', 'hn') || c.has('source', 'hn')) return false;
    const row = w.runRow(c.pid);
    if (!row) return false;
    const seen = w.hnSeenSince(row.started_at);
    return seen > 0 && seen < hnIds.size;
  };

  it('kills runs at every phase; each time the database stays intact', async () => {
    // The chain starts on an empty database, so the first kills interrupt batches that insert new postings (each
    // killed run keeps what it committed; the ads are split over 8 batches).
    //
    // Waiting for an answer: the replay server has just received the child's k-th HN request (request 1 lists the
    // threads, the others fetch one thread's ads each), so the child cannot have moved on.
    await killRun('fetch: HN request 2', () => null, { hnRequest: (_c, n) => (n === 2 ? 'fetch' : null) });
    // Inside a batch transaction: the child holds the write lock while only the HN unit is still running.
    await killRun('batch-write #1', (c, w) => (onlyHnLeft(c) && w.writeLocked() ? 'batch-write' : null));
    // Tagging: this run has committed some HN batches but not all, holds no write lock, and has no HN request in
    // flight — it is tagging the ads of the next batch.
    const tagging = (c: RunChild, w: DbWatch) => (midHn(c, w) && !hnRequestInFlight() && !w.writeLocked() ? 'tagging' : null);
    await killRun('tagging #1', tagging);
    await killRun('fetch: HN request 40', () => null, { hnRequest: (_c, n) => (n === 40 ? 'fetch' : null) });
    await killRun('batch-write #2', (c, w) => (midHn(c, w) && w.writeLocked() ? 'batch-write' : null));
    await killRun('tagging #2', tagging);

    // Seeded pseudo-random moments within the length of a clean run over a complete database — no run of the
    // chain is shorter — classified by what the child was doing at that moment.
    const random = prng(SEED);
    for (let i = 1; i <= RANDOM_KILLS; i++) {
      const delay = Math.round(cleanRerunMs * (0.05 + 0.8 * random()));
      const t0 = Date.now();
      await killRun(`random #${i} at ${delay} ms`, (c, w) => (Date.now() - t0 >= delay ? phaseNow(c, w) : null));
    }

    // A clean run finishes the job and writes the report that must survive the kills below.
    expect(await cleanRun('complete #1')).toBe(0);
    goodReports++;

    // After scraping, the sources' statistics recorded, the report being built: no temporary file yet.
    await killRun('report-build', (c, w) => {
      if (!c.scraped) return null;
      const row = w.runRow(c.pid);
      return row && row.sources > 0 && !hasTemp(c) ? 'report-build' : null;
    });
    // The report's temporary file has appeared: the new report is being written next to the old one.
    // (Only this child's file counts: the previous kill left its own behind.)
    await killRun('report-write #1', (c) => (hasTemp(c) ? 'report-write' : null));
    await killRun('report-write #2', (c) => (hasTemp(c) ? 'report-write' : null));

    // The final clean run.
    expect(await cleanRun('complete #2')).toBe(0);
    console.log(log.join('\n'));

    for (const k of kills) {
      expect(k.integrity, k.label).toEqual(['ok']);
      expect(k.foreignKeyProblems, k.label).toBe(0);
    }
    // A dozen runs of the CLI: on a busy two-core machine (the PostgreSQL tests run beside it) this takes minutes.
  }, 300_000);

  it('hit every phase: fetching, tagging, inside a batch transaction, report building and writing', () => {
    const hit = new Set(kills.map((k) => k.phase));
    for (const phase of ['fetch', 'tagging', 'batch-write', 'report-build', 'report-write'] as const) {
      expect(hit.has(phase), `no kill hit ${phase}: ${log.join('\n')}`).toBe(true);
    }
    // Some kills really interrupted ingestion half-way (HN ads partly stored), or nothing would be proven.
    expect(kills.some((k) => k.hnStored > 0 && k.hnStored < hnIds.size)).toBe(true);
  });

  it('ends with every posting the mocks serve stored exactly once, and the aggregates equal a recount', () => {
    readonlyDb((db) => {
      expect((db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)).toEqual(['ok']);
      const rows = db.prepare('SELECT source, external_id FROM postings').all() as { source: string; external_id: string }[];
      const stored = rows.map((r) => `${r.source}\t${r.external_id}`).sort();
      expect(stored).toEqual(expected); // same list, duplicates included: nothing lost, nothing twice
      expect(new Set(stored).size).toBe(stored.length);
      expect(new Set(rows.filter((r) => r.source === 'hn').map((r) => r.external_id))).toEqual(hnIds);

      // monthly_totals / monthly_tech are kept by triggers: a half-applied batch would leave them off by some.
      const totals = db.prepare('SELECT month, source, postings FROM monthly_totals ORDER BY 1, 2').all();
      const recountTotals = db.prepare('SELECT posted_month AS month, source, count(*) AS postings FROM postings GROUP BY 1, 2 ORDER BY 1, 2').all();
      expect(totals).toEqual(recountTotals);
      const tech = db.prepare('SELECT month, source, tech, postings, required FROM monthly_tech ORDER BY 1, 2, 3').all();
      const recountTech = db
        .prepare(
          `SELECT posted_month AS month, source, tech, count(*) AS postings, sum(strength = 'required') AS required
             FROM posting_tech GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        )
        .all();
      expect(tech).toEqual(recountTech);
      expect(tech.length).toBeGreaterThan(100);
      // posting_tech carries copies of its posting's month and source.
      expect(
        db.prepare('SELECT count(*) FROM posting_tech t JOIN postings p ON p.id = t.posting_id WHERE t.posted_month <> p.posted_month OR t.source <> p.source').pluck().get(),
      ).toBe(0);
      // Every posting was tagged, classified and given a job key in the transaction that saved it.
      expect(db.prepare("SELECT count(*) FROM postings WHERE tagged_version IS NULL OR roles IS NULL OR job_key = ''").pluck().get()).toBe(0);
      // Each HN ad counts in exactly its thread month.
      expect(
        db.prepare("SELECT count(*) FROM postings p WHERE p.source = 'hn' AND (SELECT count(*) FROM posting_months m WHERE m.posting_id = p.id) <> 1").pluck().get(),
      ).toBe(0);
    });
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
  });

  it('records every run killed before it finished as aborted, and the clean runs as ok', () => {
    readonlyDb((db) => {
      const runs = db.prepare('SELECT id, pid, status, ended_at FROM runs ORDER BY id').all() as { id: number; pid: number; status: string; ended_at: string | null }[];
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      for (const c of completedRuns) {
        expect(runs.find((r) => r.pid === c.pid), `clean run ${c.pid}`).toMatchObject({ status: 'ok' });
      }
      for (const k of kills.filter((k) => k.phase !== 'report-build' && k.phase !== 'report-write' && k.phase !== 'archive-write')) {
        const rows = runs.filter((r) => r.pid === k.pid);
        // A child killed before it recorded its run (lock, migration, taxonomy) has no row; one that printed its
        // start event has exactly one.
        expect(rows.length, k.label).toBeLessThanOrEqual(1);
        if (k.started) expect(rows.length, k.label).toBe(1);
        for (const r of rows) expect(r, k.label).toMatchObject({ status: 'aborted' });
      }
    });
  });

  it('records a run killed while its report was built or written as aborted too', () => {
    // Issue 7: "the killed run is recorded as aborted", whichever phase the kill hit. runAll records the sources'
    // statistics before the report but the run's status only after it, so a run killed during the report is left
    // 'running' and the next run marks it 'aborted'.
    readonlyDb((db) => {
      for (const k of kills.filter((k) => k.phase === 'report-build' || k.phase === 'report-write' || k.phase === 'archive-write')) {
        expect(db.prepare('SELECT status FROM runs WHERE pid = ?').pluck().all(k.pid), `${k.label} (${k.phase})`).toEqual(['aborted']);
      }
    });
  });

  it('keeps the last good report, byte for byte, when a run is killed while writing the next one', () => {
    expect(goodReports).toBeGreaterThan(0);
    const writeKills = kills.filter((k) => k.phase === 'report-write');
    expect(writeKills.length).toBeGreaterThan(0);
    // Killed before its rename (its temporary file is still there) or before it wrote anything: the old report.
    for (const k of kills.filter((k) => k.phase === 'report-write' || k.phase === 'report-build')) {
      expect(k.reportUnchanged, `${k.label}: ${k.phase}`).toBe(true);
    }
    // Whatever the moment, the report in place is a whole page (after the rename: the new one).
    for (const k of kills.filter((k) => k.reportComplete !== undefined)) expect(k.reportComplete, k.label).toBe(true);
    // Those kills left their temporary files; the final clean run replaced the report with a complete one and removed
    // them (reports/write.ts: a successful write removes those of processes that no longer exist).
    const html = readFileSync(reportPath, 'utf8');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(readdirSync(outDir).filter((n) => ANY_TEMP.test(n))).toEqual([]);
    expect(readdirSync(join(outDir, 'archive')).filter((n) => ANY_TEMP.test(n))).toEqual([]);
  });
});
