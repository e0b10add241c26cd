// The composition root of storage: the engine a database location selects, wired with what every engine needs
// (the role and dedup cores, where HTTP validators persist). Commands open storage here and see only the port
// (src/core/storage.ts), never the engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from './core/errors.js';
import type { CollectionStorage, QueryStorage } from './core/storage.js';
import { historyCores } from './history-cores.js';
import { openSqliteQueryStorage, openSqliteStorage, validatorCachePathFor } from '../db/sqlite-storage.js';
import { FileValidatorStore } from '../scrapers/http-validators.js';

export interface OpenStorageOptions {
  /** A bulk load (a larger page cache for the embedded engine). */
  bulk?: boolean;
  /** The sources whose descriptors declare a dated record (family "thread"): the collecting command passes them. */
  datedSources?: readonly string[];
}

/** The store at `location` for collecting (created on first write when missing). */
export function openCollectionStorage(location: string, options: OpenStorageOptions = {}): CollectionStorage {
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
  if (!existsSync(location)) throw new InputError(`no database at ${location}: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
  const q = openSqliteQueryStorage(location);
  if (!(await q.hasPostings())) {
    await q.close();
    throw new InputError(`${location} holds no postings yet: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
  }
  return q;
}
