// The composition root of storage: the engine a database location selects, wired with what every engine needs
// (the role and dedup cores, where HTTP validators persist). Commands open storage here and see only the port
// (src/core/storage.ts), never the engine.
//
// A location is a PostgreSQL URL (postgres://… or postgresql://…: the shared server engine, db/postgres/) or
// anything else, a SQLite file path (the embedded engine, db/sqlite-storage.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from './core/errors.js';
import type { CollectionStorage, QueryStorage } from './core/storage.js';
import { historyCores } from './history-cores.js';
import { openSqliteQueryStorage, openSqliteStorage, validatorCachePathFor } from '../db/sqlite-storage.js';
import { FileValidatorStore } from '../scrapers/http-validators.js';
import { displayUrl, isPostgresUrl } from './core/locations.js';

export interface OpenStorageOptions {
  /** A bulk load (a larger page cache for the embedded engine). */
  bulk?: boolean;
  /** The sources whose descriptors declare a dated record (family "thread"): the collecting command passes them. */
  datedSources?: readonly string[];
  /** How long a collector's unit lease lasts without a heartbeat (server engine; default 60 s). */
  leaseTtlMs?: number;
}

/** Whether the location names a database server shared by many collectors (rather than one file). */
export function isServerLocation(location: string): boolean {
  return isPostgresUrl(location);
}

/** The location as the engine opens it: a file path made absolute, a server URL as given. */
export function canonicalLocation(location: string): string {
  return isServerLocation(location) ? location : resolve(location);
}

/** The location as messages and --json output show it: a server URL without its password. */
export function shownLocation(location: string): string {
  return isServerLocation(location) ? displayUrl(location) : location;
}

/** The store at `location` for collecting (created on first write when missing). */
export async function openCollectionStorage(location: string, options: OpenStorageOptions = {}): Promise<CollectionStorage> {
  if (isServerLocation(location)) {
    const { openPostgresStorage } = await import('../db/postgres/pg-storage.js');
    return openPostgresStorage(location, {
      cores: historyCores,
      ...(options.datedSources ? { datedSources: options.datedSources } : {}),
      ...(options.leaseTtlMs !== undefined ? { leaseTtlMs: options.leaseTtlMs } : {}),
    });
  }
  const file = resolve(location);
  return openSqliteStorage(file, {
    cores: historyCores,
    validators: new FileValidatorStore(validatorCachePathFor(file)),
    ...(options.bulk ? { bulk: true } : {}),
    ...(options.datedSources ? { datedSources: options.datedSources } : {}),
  });
}

/**
 * The store at `location` for questions. It must exist and hold postings: a missing file is not created, and an
 * empty store is an error (exit 2), not an empty table that looks like "no demand for anything".
 */
export async function openQueryStorage(location: string): Promise<QueryStorage> {
  let q: QueryStorage;
  if (isServerLocation(location)) {
    const { openPostgresQueryStorage } = await import('../db/postgres/pg-queries.js');
    q = openPostgresQueryStorage(location);
  } else {
    if (!existsSync(location)) throw new InputError(`no database at ${location}: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
    q = openSqliteQueryStorage(location);
  }
  let has: boolean;
  try {
    has = await q.hasPostings();
  } catch (err) {
    await q.close();
    throw err;
  }
  if (!has) {
    await q.close();
    throw new InputError(`${q.location} holds no postings yet: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
  }
  return q;
}
