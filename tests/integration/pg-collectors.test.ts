// Many collectors, one PostgreSQL store: three `techdemand run` processes against the mock sources, one of them
// killed in the middle of a unit. The others take its unit over once the lease expires; every posting is stored
// once; the same postings as one collector alone stores into SQLite; requests to each host stay spaced by the
// host's budget across all three processes; a later run marks the killed run aborted and finds nothing new.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pgLib from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../cli/helpers.js';
import { mockConfigYaml, startMocks, tempDir, writeConfig, type Mocks } from './run-helpers.js';
import { aggregateDrift, testServer, type TestServer } from '../helpers/pg-server.js';

const INTERVAL_MS = 100;
const LEASE_TTL_S = 2;

interface Worker {
  child: ChildProcess;
  events: Record<string, unknown>[];
  exit: Promise<number | null>;
  /** Resolves with the first unit the worker starts. */
  firstUnit: Promise<string>;
}

function startWorker(db: string, config: string): Worker {
  const child = spawn(process.execPath, [CLI, '--db', db, 'run', '--config', config, '--json', '--no-report', '--lease-ttl', String(LEASE_TTL_S)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const events: Record<string, unknown>[] = [];
  let gotUnit: (u: string) => void = () => {};
  const firstUnit = new Promise<string>((r) => (gotUnit = r));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const e = JSON.parse(line) as Record<string, unknown>;
      events.push(e);
      if (e['event'] === 'unit-start') gotUnit(String(e['unit']));
    } catch {
      // not an event line
    }
  });
  child.stderr!.resume();
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, events, exit, firstUnit };
}

describe('several collectors on one PostgreSQL store', () => {
  let server: TestServer;
  let mocks: Mocks;
  const tmp = tempDir('techdemand-collectors-');
  let pgDb: string;
  let config: string;

  beforeAll(async () => {
    server = await testServer();
    pgDb = await server.createDatabase('collectors');
    mocks = await startMocks();
    // Every mock host asks for INTERVAL_MS between two requests, whoever sends them.
    const yaml = mockConfigYaml(mocks, { db: join(tmp.dir, 'unused.db') }).replace(
      '127.0.0.1: { concurrency: 8, minIntervalMs: 0 }',
      `127.0.0.1: { concurrency: 8, minIntervalMs: ${INTERVAL_MS} }`,
    );
    config = writeConfig(tmp.dir, yaml);
  }, 120_000);

  afterAll(async () => {
    await mocks?.close();
    await server?.stop();
    tmp.cleanup();
  });

  it('share the units, take over a killed one, store every posting once, and keep each host polite', async () => {
    // What one collector alone stores, into SQLite: the expected postings.
    const single = join(tmp.dir, 'single.db');
    const alone = await runCli(['--db', single, 'run', '--config', config, '--json', '--no-report']);
    expect(alone.code, alone.stderr).toBe(0);
    const sqlite = new Database(single, { readonly: true });
    const expected = (sqlite.prepare('SELECT source, external_id FROM postings ORDER BY source, external_id').all() as { source: string; external_id: string }[]).map(
      (r) => `${r.source}:${r.external_id}`,
    );
    const expectedJobs = (sqlite.prepare('SELECT count(DISTINCT job_key) AS n FROM postings').get() as { n: number }).n;
    sqlite.close();
    expect(expected.length).toBeGreaterThan(30);

    for (const m of [mocks.ats.requestLog, mocks.boards.requestLog]) m.length = 0;
    const hnBefore = mocks.hn.log.length;
    const started = Date.now();
    const workers = [startWorker(pgDb, config), startWorker(pgDb, config), startWorker(pgDb, config)];
    // Kill the worker that starts a unit first, in the middle of it: no clean-up, its lease just stops being renewed.
    const [victim, victimUnit] = await Promise.race(workers.map((w) => w.firstUnit.then((u) => [w, u] as const)));
    victim.child.kill('SIGKILL');
    const survivors = workers.filter((w) => w !== victim);
    expect(await victim.exit).toBeNull();
    expect(await Promise.all(survivors.map((w) => w.exit))).toEqual([0, 0]);

    const c = new pgLib.Client({ connectionString: pgDb });
    await c.connect();
    try {
      const stored = (await c.query('SELECT source, external_id FROM postings ORDER BY source COLLATE "C", external_id COLLATE "C"')).rows.map(
        (r: { source: string; external_id: string }) => `${r.source}:${r.external_id}`,
      );
      // Nothing lost, nothing twice: exactly the postings one collector stores alone.
      expect(stored).toEqual([...expected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // Dedup over the postings of three writers finds the jobs one writer finds.
      expect(Number((await c.query('SELECT count(DISTINCT job_key) AS n FROM postings')).rows[0].n)).toBe(expectedJobs);
      expect(Number((await c.query('SELECT count(*) AS n FROM postings WHERE roles IS NULL')).rows[0].n)).toBe(0);
      // Three writers' counter changes add up exactly.
      expect(await aggregateDrift(pgDb)).toEqual({ monthly_totals: 0, monthly_tech: 0, job_repeat_counts: 0 });
      // Every unit was finished by someone in this round, the killed worker's included.
      const leases = (await c.query('SELECT unit, finished_at FROM unit_leases')).rows as { unit: string; finished_at: Date | null }[];
      expect(leases.length).toBeGreaterThan(5);
      for (const l of leases) expect(l.finished_at, l.unit).not.toBeNull();
      expect(leases.find((l) => l.unit === victimUnit)!.finished_at!.getTime()).toBeGreaterThan(started);
    } finally {
      await c.end();
    }

    // The survivors split the units between them, and one of them scraped the killed worker's unit after its lease.
    const startedBy = survivors.map((w) => w.events.filter((e) => e['event'] === 'unit-start').map((e) => String(e['unit'])));
    expect(startedBy.flat().length).toBeGreaterThan(0);
    expect(startedBy.flat()).toContain(victimUnit);
    expect(new Set(startedBy.flat()).size).toBe(startedBy.flat().length);

    // Each mock host's requests kept to its budget though three processes sent them. A slot is taken when a request
    // is issued; it reaches the server a little later (a new connection, a busy event loop), so single gaps jitter:
    // any five consecutive requests must span at least 2.5 intervals (4 without jitter; three processes each keeping
    // only their own spacing could send five within 1.4).
    const minSpanOfFive = (times: number[]) => {
      const t = [...times].sort((a, b) => a - b);
      let min = Infinity;
      for (let i = 0; i + 4 < t.length; i++) min = Math.min(min, t[i + 4]! - t[i]!);
      return min;
    };
    for (const [host, times] of [
      ['ats', mocks.ats.requestLog.map((e) => e.at)],
      ['boards', mocks.boards.requestLog.map((e) => e.at)],
      ['hn', mocks.hn.log.slice(hnBefore).map((e) => e.at)],
    ] as const) {
      if (host !== 'hn') expect(times.length, host).toBeGreaterThanOrEqual(5);
      if (times.length >= 5) expect(minSpanOfFive([...times]), host).toBeGreaterThanOrEqual(2.5 * INTERVAL_MS);
    }

    // The killed worker's run is recorded aborted (by whichever collector started after it died, at the latest the
    // next one), and a later collector finds every posting already stored.
    const after = await runCli(['--db', pgDb, 'run', '--config', config, '--json', '--no-report', '--force']);
    expect(after.code, after.stderr).toBe(0);
    const events = after.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const d = new pgLib.Client({ connectionString: pgDb });
    await d.connect();
    try {
      const runs = (await d.query('SELECT status, count(*)::int AS n FROM runs GROUP BY status ORDER BY status')).rows;
      expect(runs).toEqual([{ status: 'aborted', n: 1 }, { status: 'ok', n: 3 }]);
    } finally {
      await d.end();
    }
    const news = events.filter((e) => e['event'] === 'source').reduce((n, e) => n + Number(e['new']), 0);
    expect(news).toBe(0);
  }, 300_000);
});
