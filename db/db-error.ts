// Turns SQLite failures into one-line DatabaseErrors that name the file and say what to do.
// Only storage-level failures are translated; anything else (a bug, bad input) is passed through unchanged.

import { DatabaseError } from '../src/core/errors.js';

function sqliteCode(err: unknown): string | undefined {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The DatabaseError for a SQLite failure while `doing` something with `file`, or `err` itself when it is not a
 * storage failure. Callers `throw toDatabaseError(err, file, 'saving postings')`.
 */
export function toDatabaseError(err: unknown, file: string, doing: string): unknown {
  if (err instanceof DatabaseError) return err;
  const code = sqliteCode(err);
  if (!code) return err;
  const detail = oneLine((err as Error).message);
  // Extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, …) share their primary code's meaning.
  const base = code.split('_').slice(0, 2).join('_');
  let message: string;
  switch (base) {
    case 'SQLITE_FULL':
      message = `${file}: disk full while ${doing} (SQLITE_FULL); the unfinished change was rolled back, free some space and retry`;
      break;
    case 'SQLITE_READONLY':
      message = `${file} is read-only but ${doing} needs to write to it (check the file's and its folder's permissions)`;
      break;
    case 'SQLITE_NOTADB':
      message = `${file} is not a techdemand database (not an SQLite file, or its header is damaged)`;
      break;
    case 'SQLITE_CORRUPT':
      message = `${file} is corrupt (${detail}) while ${doing}; restore it from a backup or start a new database`;
      break;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      message = `${file} is locked by another process while ${doing}; retry when it has finished`;
      break;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      message = `cannot open ${file} while ${doing}: ${detail}`;
      break;
    case 'SQLITE_IOERR':
      message = `${file}: I/O error while ${doing} (${code}: ${detail})`;
      break;
    default:
      return err;
  }
  return new DatabaseError(message, { cause: err });
}

/** Runs fn, translating storage failures. */
export function guardDatabase<T>(file: string, doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toDatabaseError(err, file, doing);
  }
}
