// Dedup through a real run, on real ads: Remotive's recorded feed of 2026-07-18 (../shared, local test fixture only),
// in which LawnStarter lists one job once per city, and whose Clipster job the test also lists on a Greenhouse board;
// plus the Linear ad Ashby lists once per region. `top` counts each job once by jobs (the default), every copy by
// postings.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig } from '../../src/config.js';
import { runAll, type RunResult } from '../../src/run.js';
import { openDatabase } from '../../db/open.js';
import { topTechnologies, countPostings } from '../../db/queries.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { loadBoardsFixtures } from '../fixtures/boards/index.js';
import { FAST_HTTP, REPO_ROOT, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

const REMOTIVE_RECORDING = resolve(REPO_ROOT, '../shared/source-samples/more-2026-and-2013/remotive/remote-jobs.2026-07-18.json');

interface RemotiveJob {
  id: number;
  url: string;
  title: string;
  company_name: string;
  category: string;
  publication_date: string;
  candidate_required_location: string;
  description: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

describe('the same job on two sources', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'td.db');
  let mocks: Mocks;
  let result: RunResult;
  let job: RemotiveJob;

  beforeAll(async () => {
    const boards = loadBoardsFixtures();
    boards.remotive = JSON.parse(readFileSync(REMOTIVE_RECORDING, 'utf8')) as Record<string, unknown>;
    const remotiveJobs = (boards.remotive as { jobs: RemotiveJob[] }).jobs;
    job = remotiveJobs.find((j) => j.company_name === 'Clipster')!;
    // The employer also lists the job on its own Greenhouse board (Greenhouse serves content entity-escaped).
    const ats = loadAtsFixtures();
    ats.greenhouse!['clipster'] = [
      {
        id: 7100000001,
        title: job.title,
        company_name: job.company_name,
        absolute_url: 'https://job-boards.greenhouse.io/clipster/jobs/7100000001',
        location: { name: job.candidate_required_location },
        first_published: '2026-07-15T09:00:00-04:00',
        updated_at: '2026-07-20T09:00:00-04:00',
        content: escapeHtml(job.description),
      },
    ];
    mocks = await startMocks({ atsFixtures: ats, boardsFixtures: boards });
    const yaml = mockConfigYaml(mocks, {
      db: dbPath,
      without: ['hn', 'greenhouse', 'lever', 'smartrecruiters', 'recruitee', 'workable', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy', 'careers'],
      extraSources: `  greenhouse:\n    baseUrl: ${mocks.ats.url}\n    boards: [clipster]\n`,
    });
    result = await runAll({ config: parseConfig(yaml, join(tmp.dir, 'c.yaml')), dbPath, http: FAST_HTTP, report: null });
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('gives the Greenhouse copy the Remotive posting’s job key (or the other way round)', () => {
    expect(result.exitCode).toBe(0);
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT source, job_key FROM postings WHERE company = ? AND title = ?').all(job.company_name, job.title) as { source: string; job_key: string }[];
      expect(rows.map((r) => r.source).sort()).toEqual(['greenhouse', 'remotive']);
      expect(rows[0]!.job_key).toBe(rows[1]!.job_key);
      // The Linear ad listed for Europe and for North America: one job.
      const linear = db.prepare("SELECT DISTINCT job_key FROM postings WHERE source = 'ashby'").pluck().all();
      expect(db.prepare("SELECT count(*) FROM postings WHERE source = 'ashby'").pluck().get()).toBe(2);
      expect(linear).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('top counts it once by jobs (the default), twice by postings', () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const filter = { company: job.company_name };
      const postings = topTechnologies(db, { ...filter, count: 'postings' }, 50);
      const jobs = topTechnologies(db, { ...filter, count: 'jobs' }, 50);
      expect(postings.total).toBe(2);
      expect(jobs.total).toBe(1);
      expect(topTechnologies(db, filter, 50)).toEqual(jobs);
      expect(postings.rows.length).toBeGreaterThan(2);
      expect(jobs.rows.map((r) => r.tech)).toEqual(postings.rows.map((r) => r.tech));
      for (const r of postings.rows) expect(r).toMatchObject({ count: 2, share: 1 });
      for (const r of jobs.rows) expect(r).toMatchObject({ count: 1, share: 1 });
      expect(topTechnologies(db, { ...filter, count: 'companies' }, 50).total).toBe(1);
    } finally {
      db.close();
    }
  });

  it('counts a job copied once per city once, and every stored copy by postings', () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const raw = new Sqlite(dbPath, { readonly: true });
      const lawn = raw.prepare("SELECT title, job_key FROM postings WHERE company = 'LawnStarter'").all() as { title: string; job_key: string }[];
      raw.close();
      expect(lawn.length).toBeGreaterThanOrEqual(6);
      expect(lawn.every((r) => /^Staff Software Engineer, Product \(/.test(r.title))).toBe(true);
      expect(new Set(lawn.map((r) => r.job_key)).size).toBe(1);
      expect(topTechnologies(db, { company: 'LawnStarter', count: 'postings' }, 5).total).toBe(lawn.length);
      expect(topTechnologies(db, { company: 'LawnStarter' }, 5).total).toBe(1);
      expect(topTechnologies(db, { sources: ['ashby'], count: 'postings' }, 5).total).toBe(2);
      expect(topTechnologies(db, { sources: ['ashby'] }, 5).total).toBe(1);
      // Over everything: postings − jobs = the postings that joined another one's job, as the run reported them.
      const merged = result.units.reduce((n, u) => n + u.duplicates, 0);
      expect(merged).toBe(1 + (lawn.length - 1) + 1);
      expect(countPostings(db, { count: 'postings' }) - countPostings(db, { count: 'jobs' })).toBe(merged);
      expect(topTechnologies(db, { count: 'postings' }, 5).total).toBe(countPostings(db, { count: 'postings' }));
      const distinct = new Sqlite(dbPath, { readonly: true });
      expect(countPostings(db, { count: 'companies' })).toBe(distinct.prepare('SELECT count(DISTINCT lower(company)) FROM postings').pluck().get());
      distinct.close();
    } finally {
      db.close();
    }
  });

  it('rejects an unknown count mode as a usage error', () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      expect(() => topTechnologies(db, { count: 'ads' as never }, 5)).toThrow(/count must be jobs, postings or companies/);
    } finally {
      db.close();
    }
  });
});
