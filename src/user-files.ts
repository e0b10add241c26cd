// Files the user names (--input, --profile, --config, --out): every problem with one is one line naming the file and
// what is wrong with it (exit 2), never a stack trace or a temporary file name.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './core/errors.js';

/** Plain words for a file-system error code. */
export function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EISDIR': return 'is a directory, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'the disk is full';
    case 'ENAMETOOLONG': return 'the name is too long';
    default: return err instanceof Error ? err.message.replace(/,?\s*(?:open|stat|rename|mkdir)\s+'[^']*'/g, '').trim() : String(err);
  }
}

/** Checks that `path` is a readable regular file; throws InputError "<what> <path>: <problem>" otherwise. */
export function requireReadableFile(path: string, what: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new InputError(`${what} ${path}: ${fsProblem(err)}`, { cause: err });
  }
  if (!isFile) throw new InputError(`${what} ${path}: is a directory, not a file`);
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new InputError(`${what} ${path}: ${fsProblem(err)}`, { cause: err });
  }
}

/** Checks that a file can be written at `path` (not a directory; its folder, if it exists, is a writable folder). */
export function requireWritableTarget(path: string, what: string): void {
  const target = resolve(path);
  try {
    if (statSync(target).isDirectory()) throw new InputError(`${what} ${path}: is a directory; give a file name (e.g. ${path.replace(/\/+$/, '')}/index.html)`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`${what} ${path}: ${fsProblem(err)}`, { cause: err });
  }
  // The nearest existing folder above must be a writable folder (missing ones are created).
  let dir = dirname(target);
  for (;;) {
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) throw new InputError(`${what} ${path}: ${dir} is a file, not a folder`);
      accessSync(dir, constants.W_OK);
      return;
    } catch (err) {
      if (err instanceof InputError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && dirname(dir) !== dir) { dir = dirname(dir); continue; }
      throw new InputError(`${what} ${path}: ${fsProblem(err)} (${dir})`, { cause: err });
    }
  }
}
