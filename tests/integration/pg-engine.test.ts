// The PostgreSQL engine through the CLI, on a real throwaway server: the demo end to end (the same answers as the
// demo into SQLite), re-tagging, what an operator sees when the server or the schema is wrong, and that a password
// never reaches a message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pgLib from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';
import { aggregateDrift, testServer, type TestServer } from '../helpers/pg-server.js';
import { openCollectionStorage } from '../../src/storage.js';

const NOW = { TECHDEMAND_NOW: '2026-12-05', NO_COLOR: '1' };

async function sqlOn(url: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const c = new pgLib.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

describe('the PostgreSQL engine through the CLI', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'techdemand-pg-engine-'));
  const sqliteDemo = join(dir, 'demo.db');
  let pgDemo: string;

  beforeAll(async () => {
    server = await testServer();
    pgDemo = await server.createDatabase('demo');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo end to end on both engines, and every question gets the same answer', async () => {
    const [lite, pg] = await Promise.all([
      runCli(['--db', sqliteDemo, 'demo', '--out', join(dir, 'lite.html')], { env: NOW }),
      runCli(['--db', pgDemo, 'demo', '--out', join(dir, 'pg.html'), '--json'], { env: NOW }),
    ]);
    expect(lite.code, lite.stderr).toBe(0);
    expect(pg.code, pg.stderr).toBe(0);
    const summary = JSON.parse(pg.stdout) as { db: string; seen: number; new: number };
    expect(summary.db).toBe(pgDemo);
    expect(summary.new).toBe(summary.seen);
    expect(summary.seen).toBeGreaterThan(5000);
    // The counters every batch applied equal the postings they count, merged jobs' repeats included.
    expect(await aggregateDrift(pgDemo)).toEqual({ monthly_totals: 0, monthly_tech: 0, job_repeat_counts: 0 });
    expect((await sqlOn(pgDemo, 'SELECT count(*)::int AS n FROM job_repeat_counts'))[0]!['n']).toBeGreaterThan(0);
    for (const args of [
      ['top', '--json'],
      ['top', '--all-time', '--denominator', 'companies', '--remote'],
      ['trend', 'rust', 'go', '--grain', 'quarter', '--role', 'backend', '--json'],
      ['movers', '--all', '--limit', '40', '--json'],
      ['stacks', '--json'],
      ['gap', '--profile', 'examples/profile.yaml', '--json'],
      ['cooccur', 'kubernetes', '--json'],
      ['suggest', '--json'],
    ]) {
      const [a, b] = await Promise.all([runCli(['--db', sqliteDemo, ...args], { env: NOW }), runCli(['--db', pgDemo, ...args], { env: NOW })]);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout, args.join(' ')).toBe(a.stdout);
    }
  }, 300_000);

  it('re-tags on the server, and a second exclusive writer is refused while a collector holds the store', async () => {
    const r = await runCli(['--db', pgDemo, 'retag', '--all', '--json'], { env: NOW });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { postings: number };
    expect(out.postings).toBeGreaterThan(5000);
    expect(await aggregateDrift(pgDemo)).toEqual({ monthly_totals: 0, monthly_tech: 0, job_repeat_counts: 0 });
    const storage = await openCollectionStorage(pgDemo);
    const collector = await storage.acquireWriter({ command: 'run', shared: true });
    try {
      const refused = await runCli(['--db', pgDemo, 'retag'], { env: NOW });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/another writer is at work on postgres:\/\/\S+: "techdemand run on [^"]+" \(since [^)]+\); it is still running \(try again when it has finished\)/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await collector.release();
      await storage.close();
    }
  }, 300_000);

  it('says in one line what is wrong with a server, and never shows a password', async () => {
    const u = new URL(server.url);
    u.password = 's3cret-pw';
    u.port = '1';
    const unreachable = await runCli(['--db', u.toString(), 'top']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^techdemand: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres while connecting/);
    expect(unreachable.stderr).not.toContain('s3cret-pw');
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);

    const missing = new URL(server.url);
    missing.pathname = '/no_such_database';
    const noDb = await runCli(['--db', missing.toString(), 'top']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/cannot use PostgreSQL at .*no_such_database.*does not exist/);

    // A server database without techdemand's schema is an empty store to a reader, not a crash.
    const empty = await server.createDatabase('empty');
    const none = await runCli(['--db', empty, 'top']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no postings yet/);
  }, 120_000);

  it('refuses a schema newer than it knows, and a postings table it did not create', async () => {
    const newer = await server.createDatabase('newer');
    const s = await openCollectionStorage(newer);
    expect(await s.countPostingsToRetag()).toBe(0);
    await s.close();
    await sqlOn(newer, "INSERT INTO techdemand_schema (version, name) VALUES (999, '999_future.sql')");
    const s2 = await openCollectionStorage(newer);
    await expect(s2.countPostingsToRetag()).rejects.toThrow(/has techdemand schema 999, newer than this installation knows/);
    await s2.close();

    const foreign = await server.createDatabase('foreign');
    await sqlOn(foreign, 'CREATE TABLE postings (id int)');
    const s3 = await openCollectionStorage(foreign);
    await expect(s3.countPostingsToRetag()).rejects.toThrow(/already has a postings table that techdemand did not create/);
    await s3.close();
    // Nothing of ours was created beside it.
    expect(await sqlOn(foreign, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'posting_tech'")).toEqual([{ n: 0 }]);
  }, 120_000);

  it('keeps what every collector saved of the HTTP validators', async () => {
    const db = await server.createDatabase('validators');
    const a = await openCollectionStorage(db);
    const b = await openCollectionStorage(db);
    try {
      const entry = (body: string) => ({ etag: `"${body}"`, status: 200, body, storedAt: 1 });
      await a.validators.save(JSON.stringify({ version: 1, entries: { 'http://x/1': entry('one') } }));
      await b.validators.save(JSON.stringify({ version: 1, entries: { 'http://x/2': entry('two') } }));
      const merged = JSON.parse((await a.validators.load())!) as { entries: Record<string, { body: string }> };
      expect(Object.keys(merged.entries).sort()).toEqual(['http://x/1', 'http://x/2']);
      expect(merged.entries['http://x/2']!.body).toBe('two');
      await expect(a.validators.save('{"not":"a cache"}')).rejects.toThrow(/not a validator document/);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
