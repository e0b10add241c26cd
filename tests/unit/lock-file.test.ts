// The run lock: O_EXCL creation, a clear refusal while the holder lives, waiting, stale-lock takeover (dead pid,
// unreadable old file), never taking over a lock from another host, and release only of our own lock.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, defaultIsAlive, lockPathFor } from '../../db/file-lock.js';
import { LockedError } from '../../src/core/errors.js';

/** The pid of a process that has exited (and, on a quiet test machine, not been reused yet). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(defaultIsAlive(pid)).toBe(false);
  return pid;
}

describe('run lock', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'td-lock-'));
    path = lockPathFor(join(dir, 'td.db'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes pid, host and start time, and removes the file on release', async () => {
    expect(path).toBe(join(dir, 'td.db.lock'));
    const lock = await acquireLock(path, { command: 'run' });
    const info = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: 'run' });
    expect(Number.isNaN(Date.parse(info['startedAt'] as string))).toBe(false);
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release(); // idempotent
  });

  it('refuses a second holder while the first lives, with one line saying who and what to do', async () => {
    const lock = await acquireLock(path, { command: 'run' });
    const err = await acquireLock(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockedError);
    expect((err as LockedError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(new RegExp(`^another techdemand run "run" \\(pid ${process.pid} on .+, started .+\\) holds .+td\\.db\\.lock; it is still running \\(use --wait to wait for it\\)$`));
    expect((err as Error).message).not.toContain('\n');
    lock.release();
  });

  it('with wait, polls until the holder releases', async () => {
    const held = await acquireLock(path);
    let polls = 0;
    const waiting = acquireLock(path, {
      wait: true,
      sleep: async () => {
        polls++;
        if (polls === 3) held.release();
      },
    });
    const lock = await waiting;
    expect(polls).toBe(3);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, startedAt: lock.info.startedAt });
    lock.release();
  });

  it('with a wait limit, gives up with a LockedError', async () => {
    const held = await acquireLock(path);
    let t = 0;
    await expect(acquireLock(path, { wait: true, waitTimeoutMs: 1000, now: () => t, sleep: async () => void (t += 400) })).rejects.toThrow(/gave up waiting after 1 s/);
    held.release();
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'run' }));
    const notes: string[] = [];
    const lock = await acquireLock(path, { onStale: (info, reason) => notes.push(`${info?.pid}: ${reason}`) });
    expect(notes).toEqual([`${pid}: process ${pid} no longer exists`]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(existsSync(`${path}.takeover`)).toBe(false);
    lock.release();
  });

  it('never takes over a lock written on another host', async () => {
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: `${hostname()}-elsewhere`, startedAt: '2026-01-01T00:00:00.000Z', command: 'run' }));
    await expect(acquireLock(path)).rejects.toThrow(LockedError);
  });

  it('treats an unreadable lock file as stale only once it is old (a writer may be mid-write)', async () => {
    writeFileSync(path, '{"pid": 12');
    await expect(acquireLock(path)).rejects.toThrow(/another techdemand run holds/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = await acquireLock(path);
    expect(lock.info.pid).toBe(process.pid);
    lock.release();
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireLock(path);
    // Someone decided our lock was stale and replaced it (e.g. after a suspend): their lock must survive.
    const theirs = { pid: 1, host: hostname(), startedAt: '2026-02-02T00:00:00.000Z', command: 'run' };
    writeFileSync(path, JSON.stringify(theirs));
    lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(theirs);
  });
});
