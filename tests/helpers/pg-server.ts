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

/**
 * Rows where the aggregate tables disagree with the postings they count (0 everywhere when the store kept them
 * exact): monthly_totals, monthly_tech, job_repeat_counts recomputed from scratch and compared both ways.
 */
export async function aggregateDrift(url: string): Promise<Record<string, number>> {
  const c = new pgLib.Client({ connectionString: url });
  await c.connect();
  const both = (a: string, b: string) => `SELECT count(*)::int AS n FROM ((${a} EXCEPT ALL ${b}) UNION ALL (${b} EXCEPT ALL ${a})) d`;
  const repeats = `SELECT tech, month, prev_month, count(*)::int FROM (
      SELECT '' AS tech, p.posted_month AS month, lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month FROM postings p
      UNION ALL
      SELECT pt.tech, p.posted_month, lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
        FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id) r
    WHERE prev_month IS NOT NULL GROUP BY 1, 2, 3`;
  try {
    const one = async (sql: string) => ((await c.query(sql)).rows[0] as { n: number }).n;
    return {
      monthly_totals: await one(both('SELECT month, source, postings FROM monthly_totals', 'SELECT posted_month, source, count(*)::int FROM postings GROUP BY 1, 2')),
      monthly_tech: await one(
        both(
          'SELECT month, source, tech, postings, required FROM monthly_tech',
          "SELECT posted_month, source, tech, count(*)::int, (count(*) FILTER (WHERE strength = 'required'))::int FROM posting_tech GROUP BY 1, 2, 3",
        ),
      ),
      job_repeat_counts: await one(both('SELECT tech, month, prev_month, repeats FROM job_repeat_counts', repeats)),
    };
  } finally {
    await c.end();
  }
}
