// The storage contract run against the PostgreSQL engine (db/postgres/), opened the way the CLI opens a
// postgres:// --db, on a real server (tests/helpers/pg-server.ts): every query command must give the answers the
// embedded engine recorded, byte for byte.
import { afterAll, beforeAll } from 'vitest';
import { openCollectionStorage } from '../../src/storage.js';
import { storageContract } from './storage-contract.js';
import { testServer, type TestServer } from '../helpers/pg-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

storageContract({
  name: 'PostgreSQL',
  concurrentCollectors: true,
  create: async () => {
    const location = await server.createDatabase('contract');
    return { storage: await openCollectionStorage(location), location };
  },
});
