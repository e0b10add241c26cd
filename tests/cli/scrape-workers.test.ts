// `scrape --workers N`: tagging on worker threads stores what in-line tagging stores (same counts, same rankings,
// same mentions), and a bad worker count is a usage error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHnReplayServer, type HnReplayServer } from '../../scrapers/mock/hn-algolia-server.js';
import { ROOT, runCli } from './helpers.js';

describe('scrape --workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techdemand-workers-'));
  let server: HnReplayServer;
  beforeAll(async () => {
    server = await startHnReplayServer({ snapshotPath: join(ROOT, 'data', 'hn-snapshot.json.gz'), port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = (db: string, extra: string[]) =>
    runCli(['--db', db, '--json', 'scrape', '--source', 'hn', '--months', '6', '--base-url', server.url, ...extra]);

  it('stores exactly what in-line tagging stores', async () => {
    const inline = join(dir, 'inline.db');
    const pooled = join(dir, 'pooled.db');
    const a = await scrape(inline, []);
    const b = await scrape(pooled, ['--workers', '2']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const rows = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          postings: db.prepare('SELECT external_id, posted_month, mentions, roles, job_key FROM postings ORDER BY external_id').all(),
          techs: db.prepare('SELECT p.external_id, pt.tech, pt.strength FROM posting_tech pt JOIN postings p ON p.id = pt.posting_id ORDER BY 1, 2').all(),
          monthly: db.prepare('SELECT * FROM monthly_tech ORDER BY month, source, tech').all(),
        };
      } finally {
        db.close();
      }
    };
    const x = rows(inline);
    expect(x.postings.length).toBeGreaterThan(100);
    expect(rows(pooled)).toEqual(x);
    const topA = await runCli(['--db', inline, 'top', '--limit', '50', '--format', 'json']);
    const topB = await runCli(['--db', pooled, 'top', '--limit', '50', '--format', 'json']);
    expect(topB.stdout).toBe(topA.stdout);
  });

  it('refuses a worker count that is not a whole number, with exit code 2', async () => {
    const r = await scrape(join(dir, 'bad.db'), ['--workers', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--workers must be a whole number/);
  });
});
