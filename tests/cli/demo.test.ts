// The quick start, end to end: the demo replays the bundled snapshot through the real HN scraper into SQLite and
// writes the report; a second run leaves identical counts.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'techdemand-demo-'));
const db = join(dir, 'demo.db');
const out = join(dir, 'report', 'index.html');

function snapshotAdCount(): { ads: number; months: Set<string> } {
  // Counted straight from the snapshot file, independently of the scraper: top-level, live comments.
  const snap = JSON.parse(gunzipSync(readFileSync(join(ROOT, 'data', 'hn-snapshot.json.gz'))).toString('utf8')) as {
    comments: { parent_id: number; story_id: number; author: string | null; text: string | null; created_at_i: number; dead?: boolean; deleted?: boolean }[];
  };
  const live = snap.comments.filter((c) => c.parent_id === c.story_id && !c.dead && !c.deleted && c.author !== null && c.text !== null);
  return { ads: live.length, months: new Set(live.map((c) => new Date(c.created_at_i * 1000).toISOString().slice(0, 7))) };
}

describe('npm run demo', () => {
  it('stores every ad of the snapshot, writes a report, and is idempotent', async () => {
    const first = await runCli(['--db', db, '--json', 'demo', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    // With --json, stderr carries only machine-readable progress events.
    for (const line of first.stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    const summary1 = JSON.parse(first.stdout.trim().split('\n').pop()!) as { seen: number; new: number; report: string };
    const expected = snapshotAdCount();
    expect(summary1.seen).toBe(expected.ads);
    expect(summary1.new).toBe(expected.ads);
    expect(summary1.report).toBe(out);
    expect(statSync(out).size).toBeGreaterThan(10_000);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toMatch(/PostgreSQL/);

    const conn = new Database(db, { readonly: true });
    const months = conn.prepare('SELECT COUNT(DISTINCT posted_month) AS n FROM postings').get() as { n: number };
    const years = conn.prepare("SELECT COUNT(DISTINCT substr(posted_month, 1, 4)) AS n FROM postings").get() as { n: number };
    conn.close();
    expect(months.n).toBe(expected.months.size);
    expect(years.n).toBeGreaterThanOrEqual(5); // real multi-year trends, not one month

    const top1 = await runCli(['--db', db, 'top', '--limit', '500', '--format', 'json']);
    expect(top1.code).toBe(0);

    const second = await runCli(['--db', db, '--json', 'demo', '--out', out]);
    expect(second.code).toBe(0);
    const summary2 = JSON.parse(second.stdout.trim().split('\n').pop()!) as { seen: number; new: number; unchanged: number };
    expect(summary2.new).toBe(0);
    expect(summary2.unchanged).toBe(expected.ads);
    const top2 = await runCli(['--db', db, 'top', '--limit', '500', '--format', 'json']);
    expect(top2.stdout).toBe(top1.stdout);
  });
});
