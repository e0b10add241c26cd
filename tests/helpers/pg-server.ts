// A real PostgreSQL server for the tests: the one CI started (TECHDEMAND_TEST_PG, see .ci/run), or a throwaway one
// this test file starts with scripts/pg.mjs and stops when it is done. Each test gets a database of its own.
import { randomBytes } from 'node:crypto';
import pgLib from 'pg';
// @ts-expect-error a JavaScript module without types
import { startServer, stopServer } from '../../scripts/pg.mjs';

export interface TestServer {
  /** The server's maintenance database URL. */
  url: string;
  /** A new, empty database on the server; its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function testServer(): Promise<TestServer> {
  const given = process.env['TECHDEMAND_TEST_PG'];
  const own = given ? undefined : ((await startServer()) as { url: string; dir: string });
  const url = given ?? own!.url;
  return {
    url,
    async createDatabase(prefix = 'td') {
      const name = `${prefix}_${randomBytes(6).toString('hex')}`;
      const c = new pgLib.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      if (own) stopServer(own.dir);
    },
  };
}
