// Writes a report so that a reader (a browser, a web server, a sync tool) never sees a half-written file:
// write a temporary file in the same folder, flush it, then rename it over the target (atomic on one filesystem).
//
// A process killed between creating its temporary file and the rename (SIGKILL, OOM killer, power cut) leaves that
// file behind: `.<name>.<pid>.<12 hex>.tmp`. The next successful write into the same folder removes such leftovers
// whose process no longer exists, so a report folder written by cron for years does not fill up with them. Any name
// counts, not only the target's: archived reports get a new name every time, so their leftovers would never meet a
// write of the same name. A live process's temporary file is never touched (it may be mid-write); like the run lock,
// this assumes one machine writes a report folder (a pid means nothing on another host).

import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError, TechdemandError } from '../src/core/errors.js';
import { isAlivePid } from '../src/core/process-alive.js';

/** The temporary files writeReportAtomic creates: name, pid, 6 random bytes in hex. */
const TEMP_FILE = /^\.(.{1,255})\.(\d{1,10})\.([0-9a-f]{12})\.tmp$/;

function tempName(target: string): string {
  return `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Removes the temporary files of writeReportAtomic in `dir` whose writer process no longer exists. Best effort: a
 * file that cannot be listed or removed is left alone. Returns the names removed.
 */
export function removeStaleTempFiles(dir: string, isAlive: (pid: number) => boolean = isAlivePid): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // in use, or the folder became read-only: the next write tries again
    }
  }
  return removed;
}

/** Creates the folder if needed; on failure removes the temporary file and throws one TechdemandError naming the path. */
export function writeReportAtomic(path: string, html: string): void {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, tempName(target));
  let fd: number | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, 'wx', 0o644);
    writeFileSync(fd, html, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (err) {
    try {
      if (fd !== null) closeSync(fd);
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable (e.g. a file is in the way): there is no temporary file to clean up
    }
    // Plain words, never the temporary file's name; a path problem is the user's to fix (exit 2).
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'is a directory; give a file name' : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only'
      : code === 'ENOSPC' ? 'the disk is full' : err instanceof Error ? err.message.replace(/\s*'[^']*\.tmp'/g, '') : String(err);
    const Failure = code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' ? InputError : TechdemandError;
    throw new Failure(`cannot write report ${path}: ${reason}`, { cause: err });
  }
  // Only after a successful write: the report is in place, leftovers of killed writers can go.
  removeStaleTempFiles(dir);
}
