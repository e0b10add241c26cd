// `npm run bench -- --scale N` end to end at its smallest size: every step runs in its own process against the
// compiled code (dist/, built by npm test) and reports what the scale table of docs/benchmarks.md quotes. Figures are only
// checked for consistency (counts, the ceiling formula), never against times.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './run-helpers.js';

const run = promisify(execFile);

interface StepFigures {
  postings: number;
  techRows?: number;
  cpuUsPerAd?: { user: number; system: number };
  seconds: number;
  usPerAd?: number;
  postingsPerSec: number;
  peakRssMb: number;
  cpuSeconds: { user: number; system: number };
}

describe('scale benchmark (npm run bench -- --scale)', () => {
  it('builds 1,000 postings, measures each step and the two-core ceiling, and removes its database', async () => {
    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'scripts', 'bench-scale.mjs'), '--scale', '1000', '--json'], {
      cwd: REPO_ROOT,
      maxBuffer: 1 << 24,
      timeout: 170_000,
    });
    const r = JSON.parse(stdout) as {
      db: string;
      ingest: StepFigures & { techRows: number; cpuUsPerAd: { user: number; system: number } };
      storeAlone: StepFigures & { usPerAd: number; techRows: number };
      tagAlone: StepFigures & { usPerAd: number };
      twoCoreCeiling: number;
      history: StepFigures & { merged: number };
      dbMb: number;
      queries: Record<string, { firstMs: number; medianMs: number }>;
      report: { seconds: number; bytes: number };
    };
    expect(r.ingest.postings).toBe(1000);
    expect(r.ingest.cpuUsPerAd.user).toBeGreaterThan(0);
    // The whole process's CPU includes start-up and taxonomy compilation; the per-ad figure leaves them out.
    expect((r.ingest.cpuUsPerAd.user + r.ingest.cpuUsPerAd.system) * 1000).toBeLessThan((r.ingest.cpuSeconds.user + r.ingest.cpuSeconds.system) * 1e6);
    expect(r.ingest.peakRssMb).toBeGreaterThan(0);
    // The store-alone step stores the same copies with the same technologies: it does the storing work of ingest.
    expect(r.storeAlone.postings).toBe(1000);
    expect(r.ingest.techRows).toBeGreaterThan(1000);
    expect(r.storeAlone.techRows).toBe(r.ingest.techRows);
    expect(r.tagAlone.postings).toBe(1000);
    const s = r.storeAlone.usPerAd;
    const t = r.tagAlone.usPerAd;
    expect(s).toBeCloseTo((r.storeAlone.seconds * 1e6) / 1000, 6);
    expect(r.twoCoreCeiling).toBeCloseTo(1e6 / Math.max(s, (s + t) / 2), 6);
    expect(r.history.postings).toBe(1000);
    expect(r.dbMb).toBeGreaterThan(0);
    expect(Object.keys(r.queries).sort()).toEqual(['gap', 'movers', 'top', 'top-databases', 'trend']);
    for (const q of Object.values(r.queries)) expect(q.firstMs).toBeGreaterThan(0);
    expect(r.report.bytes).toBeGreaterThan(100_000);
    // Without --keep the database and its folder are temporary.
    expect(existsSync(dirname(r.db))).toBe(false);
  }, 180_000);

  it('measures the PostgreSQL half on a throwaway server: one and two collectors store every posting, queries and report answer', async () => {
    const env = { ...process.env };
    delete env['TECHDEMAND_BENCH_PG'];
    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'scripts', 'bench-scale.mjs'), '--scale', '1000', '--engine', 'postgres', '--skip-sqlite', '--json'], {
      cwd: REPO_ROOT,
      env,
      maxBuffer: 1 << 24,
      timeout: 170_000,
    });
    const r = JSON.parse(stdout) as {
      postgres: {
        ingestOne: { postings: number; merged: number; postingsPerSec: number };
        ingestTwo: { postings: number; merged: number };
        dbMb: number;
        queries: Record<string, { firstMs: number; medianMs: number }>;
        report: { bytes: number };
      };
    };
    expect(r.postgres.ingestOne.postings).toBe(1000);
    // Two collectors taking every other ad store all of them once between them.
    expect(r.postgres.ingestTwo.postings).toBe(1000);
    expect(r.postgres.ingestOne.postingsPerSec).toBeGreaterThan(0);
    expect(r.postgres.dbMb).toBeGreaterThan(0);
    expect(Object.keys(r.postgres.queries).sort()).toEqual(['gap', 'movers', 'top', 'top-databases', 'trend']);
    for (const q of Object.values(r.postgres.queries)) expect(q.firstMs).toBeGreaterThan(0);
    expect(r.postgres.report.bytes).toBeGreaterThan(100_000);
  }, 180_000);
});
