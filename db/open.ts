// Opening a techdemand database: refuse anything we would damage or misread, then migrate.
//
// Every refusal is a one-line DatabaseError naming the file, raised BEFORE anything is written, so a file that is
// not ours, corrupt, from a newer build or read-only is left exactly as it was.

import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from '../src/core/errors.js';
import { toDatabaseError } from './db-error.js';
import { APPLICATION_ID, latestSchemaVersion, migrate, schemaVersion } from './migrate.js';

export interface OpenOptions {
  /** Open for reading only: no migration, no journal-mode change; the file must exist and be up to date. */
  readonly?: boolean;
  /**
   * How much to verify before use. 'quick' (default): PRAGMA quick_check of the small tables (monthly totals,
   * taxonomy, runs) — milliseconds at any size; damaged pages of the big tables (postings, posting_tech,
   * monthly_tech, …) then fail the query that meets them, with a DatabaseError. 'full': quick_check of every page — reads the whole file (about 30 s per GB on a busy machine),
   * for a `doctor`-style command or after a crash. 'none': header and schema checks only.
   */
  check?: 'quick' | 'full' | 'none';
  /** How long to wait for another process's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** SQLite page cache of this connection, in MiB. Default 64. */
  cacheMb?: number;
}

/**
 * The page cache of a bulk load (`scrape --workers`, the scale benchmark): it commits thousands of ads per transaction, so
 * each hot index page is written once per batch whatever the cache holds between batches (measured at a million
 * postings: 16 MiB stores as fast as 64), and the tagging threads need the memory more.
 */
export const BULK_LOAD_CACHE_MB = 16;

function refuseUnwritableFile(path: string): void {
  if (!existsSync(path)) {
    // A new database: make its folder (e.g. .techdemand/) so the first run just works.
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new DatabaseError(`cannot create the folder for ${path}: ${(err as Error).message}`, { cause: err });
    }
    return;
  }
  if (statSync(path).isDirectory()) throw new DatabaseError(`${path} is a folder, not a database file`);
  try {
    // Opening for writing checks the effective user's rights, which is what SQLite will need.
    closeSync(openSync(path, 'r+'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new DatabaseError(`${path} is read-only but techdemand needs to write to it (check its permissions)`, {
        cause: err,
      });
    }
    throw new DatabaseError(`cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The tables that 'quick' checks: small whatever the number of postings. monthly_tech is not one of them: at a
 * million postings it holds about 100,000 rows and checking it took 20–35 ms of every command (a third of `top`);
 * like postings, a damaged page of it fails the query or save that meets it, with a DatabaseError.
 */
const SMALL_TABLES = ['monthly_totals', 'technologies', 'tech_relations', 'runs', 'run_sources'];

function quickCheck(db: Database, path: string, scope: 'quick' | 'full'): void {
  const existing = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  // PRAGMA arguments cannot be bound; the table names are our own constants.
  const pragmas = scope === 'full' ? ['quick_check(5)'] : SMALL_TABLES.filter((t) => existing.has(t)).map((t) => `quick_check(${t})`);
  for (const pragma of pragmas) {
    const problems = (db.pragma(pragma) as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      const first = (problems[0] ?? 'no result').replace(/\s+/g, ' ');
      const more = problems.length > 1 ? ` and ${problems.length - 1} more problem(s)` : '';
      throw new DatabaseError(
        `${path} is corrupt (quick_check: ${first}${more}); restore it from a backup or start a new database`,
      );
    }
  }
}

/** Reads the header and refuses files that are not ours or are newer than this build. Writes nothing. */
function inspect(db: Database, path: string, readonly: boolean): void {
  const latest = latestSchemaVersion();
  // The first read of the file: a file that is not SQLite fails here with SQLITE_NOTADB.
  const version = schemaVersion(db);
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new DatabaseError(`${path} is an SQLite database of another application (application_id ${applicationId}), not a techdemand one`);
  }
  if (version > latest) {
    throw new DatabaseError(
      `${path} was written by a newer techdemand (schema version ${version}, this build knows up to ${latest}); upgrade techdemand`,
    );
  }
  if (version === 0) {
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    if (objects > 0) {
      throw new DatabaseError(`${path} is an SQLite database of another application (it has tables but no techdemand schema version)`);
    }
    // An empty file (or a database nothing was ever written to) holds nothing to read: say that, not "upgrade it".
    if (readonly) throw new DatabaseError(`${path} holds no postings yet: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
  }
  if (readonly && version < latest) {
    throw new DatabaseError(
      `${path} has schema version ${version} but this build needs ${latest}; open it once for writing to upgrade it`,
    );
  }
}

/**
 * Opens (creating if needed) the database at `path`, configured for techdemand (WAL, foreign keys, busy timeout,
 * synchronous NORMAL) and migrated to the latest schema. Throws DatabaseError with a one-line message naming the
 * file when it is not a database, corrupt, foreign, newer than this build, read-only when writes are needed,
 * or the disk is full.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Database {
  const readonly = opts.readonly ?? false;
  const check = opts.check ?? 'quick';
  const cacheMb = opts.cacheMb ?? 64;
  if (!Number.isInteger(cacheMb) || cacheMb < 1 || cacheMb > 65536) throw new DatabaseError(`cache size must be 1..65536 MiB, got ${cacheMb}`);
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) {
    if (readonly) {
      if (!existsSync(path)) throw new DatabaseError(`${path} does not exist (no data collected yet?)`);
    } else {
      refuseUnwritableFile(path);
    }
  }

  let db: Database;
  try {
    db = new Sqlite(path, { readonly, fileMustExist: readonly, timeout: opts.busyTimeoutMs ?? 5000 });
  } catch (err) {
    const translated = toDatabaseError(err, path, 'opening it');
    if (translated instanceof DatabaseError) throw translated;
    throw new DatabaseError(`cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }

  try {
    inspect(db, path, readonly);
    if (check !== 'none') quickCheck(db, path, check);
    if (!readonly) {
      // A new file gets 16 KiB pages (set before WAL, which fixes the page size): an ad's row is about 2–3 KB with
      // its text and mentions, so 4 KiB pages held one row each and most of every write was slack.
      if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('page_size = 16384');
      // WAL lets queries read while a scrape writes; NORMAL is durable enough under WAL and much faster.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Checkpoint every 4,096 pages (64 MiB at 16 KiB) instead of 1,000: index pages that every batch touches
      // are copied into the database once per checkpoint, not once per batch (about +20% ingest at a million).
      db.pragma('wal_autocheckpoint = 4096');
    }
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache by default (SQLite's is 2 MiB; bulk loads ask for BULK_LOAD_CACHE_MB): index pages of a million-posting database stay in memory while a
    // scrape inserts or a query walks them, instead of being re-read for every posting.
    db.pragma(`cache_size = -${cacheMb * 1024}`);
    if (!readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw toDatabaseError(err, path, 'opening it');
  }
}
