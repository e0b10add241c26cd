// The storage contract run against the embedded engine (db/sqlite-storage.ts), opened the way the CLI opens it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openCollectionStorage } from '../../src/storage.js';
import { storageContract } from './storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'techdemand-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storageContract({
  name: 'SQLite',
  concurrentCollectors: false,
  create: async () => {
    const location = join(dir, `store-${++n}.db`);
    return { storage: await openCollectionStorage(location), location };
  },
});
