// Closing and monthly history through real runs (clock injected, so runs fall in different months): a job removed
// from a mock board between runs gets closed_at; a failed scrape closes nothing; a board that suddenly lists
// nothing is flagged and closes nothing unless forced; a job that comes back is reopened; each listing posting
// counts in every month a run saw it open, HN ads only in their thread month.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig, type RunConfig } from '../../src/config.js';
import { planUnits, runAll, type RunResult } from '../../src/run.js';
import { openDatabase } from '../../db/open.js';
import { openMonthTotals, openMonthTechCounts } from '../../db/history.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { loadBoardsFixtures } from '../fixtures/boards/index.js';
import type { AtsFixtures } from '../../scrapers/mock/ats/routes.js';
import { FAST_HTTP, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

interface Row {
  external_id: string;
  first_seen: string;
  last_seen: string;
  closed_at: string | null;
}

describe('closing postings that disappear, and months of openness', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'td.db');
  let mocks: Mocks;
  let config: RunConfig;
  const ats: AtsFixtures = loadAtsFixtures();
  const vercel = [...ats.greenhouse!['vercel']!] as { id: number }[];
  const arbeitnow = [...loadBoardsFixtures().arbeitnow!];
  const at = (iso: string) => () => new Date(iso);
  const run = (iso: string, extra: { force?: boolean } = {}): Promise<RunResult> =>
    runAll({ config, dbPath, http: FAST_HTTP, report: null, now: at(iso), ...extra });

  const rows = (where: string): Row[] => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      return db.prepare(`SELECT external_id, first_seen, last_seen, closed_at FROM postings WHERE ${where} ORDER BY external_id`).all() as Row[];
    } finally {
      db.close();
    }
  };
  const months = (externalId: string): string[] => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      return db
        .prepare('SELECT pm.month FROM posting_months pm JOIN postings p ON p.id = pm.posting_id WHERE p.external_id = ? ORDER BY pm.month')
        .pluck()
        .all(externalId) as string[];
    } finally {
      db.close();
    }
  };
  const unit = (r: RunResult, name: string) => r.units.find((u) => u.unit === name)!;
  const gone = `vercel:${vercel[1]!.id}`;
  const kept = `vercel:${vercel[0]!.id}`;

  beforeAll(async () => {
    mocks = await startMocks({ atsFixtures: ats });
    const yaml = mockConfigYaml(mocks, { db: dbPath, without: ['lever', 'ashby', 'smartrecruiters', 'recruitee', 'workable', 'remotive', 'remoteok', 'weworkremotely', 'himalayas', 'jobicy', 'careers'] });
    config = parseConfig(yaml, join(tmp.dir, 'c.yaml'));
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('HN never closes; listing sources do', () => {
    expect(planUnits(config).map((u) => [u.unit, u.closes])).toEqual([
      ['hn', false],
      ['greenhouse:vercel', true],
      ['greenhouse:vaulttec', true],
      ['arbeitnow', true],
    ]);
  });

  it('a job removed from a board between two complete runs gets closed_at; the others stay open', async () => {
    expect(vercel.length).toBe(2);
    const first = await run('2026-03-10T06:00:00.000Z');
    expect(first.exitCode).toBe(0);
    expect(rows("source = 'greenhouse'").every((r) => r.closed_at === null)).toBe(true);

    mocks.ats.setFixtures({ ...ats, greenhouse: { ...ats.greenhouse, vercel: [vercel[0]!] } });
    const second = await run('2026-05-10T06:00:00.000Z');
    expect(second.exitCode).toBe(0);
    expect(unit(second, 'greenhouse:vercel')).toMatchObject({ status: 'ok', seen: 1, closed: 1 });
    expect(unit(second, 'greenhouse:vaulttec')).toMatchObject({ status: 'ok', closed: 0 });
    const byId = new Map(rows("source = 'greenhouse'").map((r) => [r.external_id, r]));
    expect(byId.get(gone)).toMatchObject({ closed_at: '2026-05-10T06:00:00.000Z', last_seen: '2026-03-10T06:00:00.000Z' });
    expect(byId.get(kept)).toMatchObject({ closed_at: null, last_seen: '2026-05-10T06:00:00.000Z', first_seen: '2026-03-10T06:00:00.000Z' });
    // HN ads were all seen again; nothing of HN is ever closed.
    expect(rows("source = 'hn' AND closed_at IS NOT NULL")).toEqual([]);
  });

  it('counts a listing posting in every month a run saw it open, an HN ad only in its thread month', () => {
    expect(months(kept)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(months(gone)).toEqual(['2026-03']);
    const db = openDatabase(dbPath, { readonly: true });
    try {
      expect(openMonthTotals(db, { sources: ['greenhouse'], count: 'postings' })).toEqual([
        { month: '2026-03', total: 3 },
        { month: '2026-04', total: 2 },
        { month: '2026-05', total: 2 },
      ]);
      // HN: each ad in the month it was posted in its thread, whatever the runs' dates.
      const hnMonths = new Map<string, number>();
      for (const c of mocks.snapshot.comments) {
        const m = new Date(c.created_at_i * 1000).toISOString().slice(0, 7);
        hnMonths.set(m, (hnMonths.get(m) ?? 0) + 1);
      }
      expect(openMonthTotals(db, { sources: ['hn'], count: 'postings' })).toEqual([...hnMonths].sort().map(([month, total]) => ({ month, total })));
      // Technologies in April: exactly those of the two Greenhouse postings open then (kept + vaulttec's one).
      const raw = new Sqlite(dbPath, { readonly: true });
      const expected = new Map<string, number>();
      for (const tech of raw
        .prepare("SELECT pt.tech FROM posting_tech pt JOIN postings p ON p.id = pt.posting_id WHERE p.source = 'greenhouse' AND p.external_id <> ?")
        .pluck()
        .all(gone) as string[]) {
        expected.set(tech, (expected.get(tech) ?? 0) + 1);
      }
      raw.close();
      expect(expected.size).toBeGreaterThan(0);
      const techs = [...expected.keys()];
      const april = openMonthTechCounts(db, techs, { sources: ['greenhouse'], count: 'postings', since: '2026-04', until: '2026-04' });
      expect(new Map(april.map((r) => [r.tech, r.count]))).toEqual(expected);
      expect(april.every((r) => r.month === '2026-04')).toBe(true);
    } finally {
      db.close();
    }
  });

  it('a failed scrape closes nothing, even for a job that is gone', async () => {
    mocks.ats.setFixtures({ ...ats, greenhouse: { ...ats.greenhouse, vercel: [] } });
    mocks.ats.addFault({ path: '/v1/boards/vercel/jobs', fault: { type: 'server-error' } });
    const third = await run('2026-06-10T06:00:00.000Z');
    expect(third.exitCode).toBe(3);
    expect(unit(third, 'greenhouse:vercel')).toMatchObject({ status: 'failed', closed: 0 });
    expect(rows(`external_id = '${kept}'`)[0]!.closed_at).toBeNull();
    mocks.ats.clearFaults();
  });

  it('a board that suddenly lists nothing is flagged, not believed; --force accepts it', async () => {
    expect(arbeitnow.length).toBeGreaterThanOrEqual(5);
    mocks.boards.setFixtures({ ...mocks.boardsFixtures, arbeitnow: [] });
    const fourth = await run('2026-07-10T06:00:00.000Z');
    expect(unit(fourth, 'arbeitnow')).toMatchObject({ status: 'flagged', seen: 0, closed: 0, openBefore: arbeitnow.length });
    expect(unit(fourth, 'arbeitnow').message).toMatch(/listed 0 postings where \d+ were open before/);
    expect(fourth.exitCode).toBe(3);
    expect(rows("source = 'arbeitnow' AND closed_at IS NOT NULL")).toEqual([]);
    // The vercel board is empty too, but only one posting was open there: a real closure, not a suspicious drop.
    expect(unit(fourth, 'greenhouse:vercel')).toMatchObject({ status: 'ok', seen: 0, closed: 1 });

    const forced = await run('2026-07-10T07:30:00.000Z', { force: true });
    expect(unit(forced, 'arbeitnow')).toMatchObject({ status: 'ok', closed: arbeitnow.length });
    expect(forced.exitCode).toBe(0);
  });

  it('a job that comes back is reopened and counts again from then on, not in the months it was gone', async () => {
    mocks.ats.setFixtures(ats);
    const fifth = await run('2026-09-10T06:00:00.000Z');
    expect(unit(fifth, 'greenhouse:vercel')).toMatchObject({ status: 'ok', seen: 2, new: 0 });
    const byId = new Map(rows("source = 'greenhouse'").map((r) => [r.external_id, r]));
    expect(byId.get(gone)!.closed_at).toBeNull();
    expect(months(gone)).toEqual(['2026-03', '2026-09']);
    expect(months(kept)).toEqual(['2026-03', '2026-04', '2026-05', '2026-09']);
  });
});
