// The run lock through the programmatic API: a second concurrent run is refused (LockedError, nothing recorded),
// `wait` waits its turn, a stale lock left by a dead process is taken over, and runs a killed process left
// 'running' are marked 'aborted' by the next run.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig, type RunConfig } from '../../src/config.js';
import { runAll, type RunEvent } from '../../src/run.js';
import { acquireLock, lockPathFor } from '../../db/file-lock.js';
import { LockedError } from '../../src/core/errors.js';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { FAST_HTTP, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('run lock', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'td.db');
  let mocks: Mocks;
  let config: RunConfig;
  const runs = () => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      return db.prepare('SELECT id, status, pid FROM runs ORDER BY id').all() as { id: number; status: string; pid: number }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    mocks = await startMocks();
    // HN and one board are enough to exercise the lock.
    const yaml = mockConfigYaml(mocks, { db: dbPath, without: ['lever', 'ashby', 'smartrecruiters', 'recruitee', 'workable', 'remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy', 'careers'] });
    config = parseConfig(yaml, join(tmp.dir, 'c.yaml'));
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('refuses a second concurrent run: exactly one of two simultaneous runs gets the lock', async () => {
    const outcomes = await Promise.allSettled([
      runAll({ config, dbPath, http: FAST_HTTP, report: null }),
      runAll({ config, dbPath, http: FAST_HTTP, report: null }),
    ]);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(LockedError);
    expect((refused[0]!.reason as Error).message).toMatch(/^another techdemand run "run" \(pid \d+ on .+\) holds .+td\.db\.lock; it is still running \(use --wait to wait for it\)$/);
    // Only the winner recorded a run, and it left no lock behind.
    expect(runs()).toHaveLength(1);
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });

  it('while another process holds the lock, a run is refused before touching the database', async () => {
    const before = runs().length;
    const held = await acquireLock(lockPathFor(dbPath), { command: 'run' });
    try {
      await expect(runAll({ config, dbPath, http: FAST_HTTP, report: null })).rejects.toThrow(LockedError);
      expect(runs()).toHaveLength(before);
    } finally {
      held.release();
    }
  });

  it('with wait, the run waits for the holder and then runs', async () => {
    const held = await acquireLock(lockPathFor(dbPath), { command: 'run' });
    const before = runs().length;
    const waiting = runAll({ config, dbPath, http: FAST_HTTP, report: null, wait: true });
    let settled = false;
    void waiting.then(() => (settled = true));
    // The waiting run cannot have started while we hold the lock.
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(runs()).toHaveLength(before);
    held.release();
    const result = await waiting;
    expect(result.exitCode).toBe(0);
    expect(runs()).toHaveLength(before + 1);
  });

  it('takes over a stale lock and marks runs a killed process left running as aborted', async () => {
    const pid = deadPid();
    // A run that was killed mid-way: its row says 'running' and its lock file is still there.
    const db = openDatabase(dbPath);
    const killedRun = new Store(db).startRun('run', null);
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(pid, killedRun);
    db.close();
    writeFileSync(lockPathFor(dbPath), JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'run' }));

    const events: RunEvent[] = [];
    const result = await runAll({ config, dbPath, http: FAST_HTTP, report: null, onEvent: (e) => events.push(e) });
    expect(result.exitCode).toBe(0);
    expect(result.abortedRuns).toBe(1);
    expect(events).toContainEqual({ event: 'warning', message: `took over a stale lock (process ${pid} no longer exists, left by pid ${pid})` });
    expect(runs().find((r) => r.id === killedRun)).toMatchObject({ status: 'aborted' });
    expect(runs().at(-1)).toMatchObject({ id: result.runId, status: 'ok' });
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });
});
