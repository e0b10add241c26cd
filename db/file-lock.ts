// A lock file so two scheduled runs never write the same database at once (cron fires again while a slow run is
// still going, or a person runs one by hand).
//
// `<db>.lock` is created with O_EXCL (open flag "wx"), which is atomic on local file systems: exactly one process
// creates it. It holds {"pid", "host", "startedAt", "command"}. A lock whose process is gone (killed, crashed,
// machine rebooted) is stale and is taken over; so that two processes noticing the same stale lock cannot both
// take it, the takeover itself happens under a second O_EXCL file, `<db>.lock.takeover`.
// A lock written on another host cannot be checked (its pid means nothing here) and is never taken over.

import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { LockedError } from '../src/core/errors.js';
import { isAlivePid } from '../src/core/process-alive.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export interface LockOptions {
  /** Wait for the holder to finish instead of failing (polling). */
  wait?: boolean;
  /** Give up waiting after this long (default: wait forever). */
  waitTimeoutMs?: number;
  pollMs?: number;
  command?: string;
  /** Liveness of a pid (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** A lock file that cannot be parsed and is older than this is stale (a writer died mid-write). Default 10 s. */
  unreadableStaleMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told when a stale lock was taken over (for the run's log). */
  onStale?: (info: LockInfo | null, reason: string) => void;
  /** What the refused command can do about it (default: its --wait flag). */
  busyHint?: string;
}

export interface Lock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export const defaultIsAlive = isAlivePid;

/** The lock file next to a database. */
export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

function readLock(path: string): { info: LockInfo | null; mtimeMs: number } | null {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const o = JSON.parse(text) as Partial<LockInfo>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.startedAt === 'string') {
      return { info: { pid: o.pid, host: o.host, startedAt: o.startedAt, command: typeof o.command === 'string' ? o.command : '' }, mtimeMs };
    }
  } catch {
    // falls through: unreadable
  }
  return { info: null, mtimeMs };
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockedError(`cannot create lock file ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    writeSync(fd, JSON.stringify(info) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

function removeIfSame(path: string, expected: LockInfo | null, mtimeMs: number): boolean {
  const now = readLock(path);
  if (now === null) return true;
  const same = expected === null ? now.info === null && now.mtimeMs === mtimeMs : now.info !== null && now.info.pid === expected.pid && now.info.startedAt === expected.startedAt && now.info.host === expected.host;
  if (!same) return false;
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return true;
}

function describeHolder(info: LockInfo | null, path: string): string {
  if (info === null) return `another techdemand run holds ${path}`;
  const cmd = info.command ? ` "${info.command}"` : '';
  return `another techdemand run${cmd} (pid ${info.pid} on ${info.host}, started ${info.startedAt}) holds ${path}`;
}

/**
 * Takes the lock at `path` or throws LockedError (one line: who holds it and what to do). With `wait`, polls until
 * the holder is gone. A stale lock (holder dead on this host, or unreadable and old) is taken over.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock> {
  const isAlive = options.isAlive ?? defaultIsAlive;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = options.pollMs ?? 500;
  const host = hostname();
  const info: LockInfo = { pid: process.pid, host, startedAt: new Date(now()).toISOString(), command: options.command ?? 'run' };
  const started = now();

  for (;;) {
    if (tryCreate(path, info)) return makeLock(path, info);
    const held = readLock(path);
    if (held === null) continue; // released between our attempt and the read: try again at once
    const stale =
      held.info === null
        ? now() - held.mtimeMs > (options.unreadableStaleMs ?? 10_000)
          ? 'the lock file is unreadable and old'
          : null
        : held.info.host === host && !isAlive(held.info.pid)
          ? `process ${held.info.pid} no longer exists`
          : null;
    if (stale !== null) {
      if (takeOver(path, held.info, held.mtimeMs)) {
        options.onStale?.(held.info, stale);
        continue;
      }
    } else if (!options.wait) {
      throw new LockedError(`${describeHolder(held.info, path)}; it is still running (${options.busyHint ?? 'use --wait to wait for it'})`);
    } else if (options.waitTimeoutMs !== undefined && now() - started > options.waitTimeoutMs) {
      throw new LockedError(`${describeHolder(held.info, path)}; gave up waiting after ${Math.round(options.waitTimeoutMs / 1000)} s`);
    }
    await sleep(pollMs);
  }
}

/** Removes a stale lock under the takeover lock; false when someone else is taking it over right now. */
function takeOver(path: string, stale: LockInfo | null, mtimeMs: number): boolean {
  const guard = `${path}.takeover`;
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'takeover' };
  if (!tryCreate(guard, me)) {
    // A takeover guard left by a process that died mid-takeover would block forever: clear it when its owner is gone.
    const g = readLock(guard);
    if (g !== null && (g.info === null || (g.info.host === me.host && !defaultIsAlive(g.info.pid)))) removeIfSame(guard, g.info, g.mtimeMs);
    return false;
  }
  try {
    // Re-check under the guard: the lock may have been replaced by a live run since we read it.
    return removeIfSame(path, stale, mtimeMs);
  } finally {
    removeIfSame(guard, me, 0);
  }
}

function makeLock(path: string, info: LockInfo): Lock {
  let released = false;
  return {
    path,
    info,
    release() {
      if (released) return;
      released = true;
      const held = readLock(path);
      if (held?.info && held.info.pid === info.pid && held.info.startedAt === info.startedAt) removeIfSame(path, info, 0);
    },
  };
}
