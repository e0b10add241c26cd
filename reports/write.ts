// Writes a report so that a reader (a browser, a web server, a sync tool) never sees a half-written file:
// write a temporary file in the same folder, flush it, then rename it over the target (atomic on one filesystem).

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TechdemandError } from '../src/errors.js';

/** Creates the folder if needed; on failure removes the temporary file and throws one TechdemandError naming the path. */
export function writeReportAtomic(path: string, html: string): void {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
    const reason = err instanceof Error ? err.message : String(err);
    throw new TechdemandError(`cannot write report ${target}: ${reason}`, { cause: err });
  }
}
