// The composition root of storage: the engine a database location selects, wired with what every engine needs
// (the role and dedup cores, where HTTP validators persist). Commands open storage here and see only the port
// (src/core/storage.ts), never the engine.
import { resolve } from 'node:path';
import type { CollectionStorage } from './core/storage.js';
import { historyCores } from './history-cores.js';
import { openSqliteStorage, validatorCachePathFor } from '../db/sqlite-storage.js';
import { FileValidatorStore } from '../scrapers/http-validators.js';

export interface OpenStorageOptions {
  /** A bulk load (a larger page cache for the embedded engine). */
  bulk?: boolean;
}

/** The store at `location` for collecting (created on first write when missing). */
export function openCollectionStorage(location: string, options: OpenStorageOptions = {}): CollectionStorage {
  const file = resolve(location);
  return openSqliteStorage(file, {
    cores: historyCores,
    validators: new FileValidatorStore(validatorCachePathFor(file)),
    ...(options.bulk ? { bulk: true } : {}),
  });
}
