// `techdemand run` (programmatic API) against every mock at once — HN replay, the ATS mock, the boards mock with
// career pages — with injected faults: a board that always answers 429, one that always answers 500, a stalled
// host, a malformed body, and transient errors that retries absorb. Every healthy source must be stored, every
// failing one reported in the health table, nothing closed for the failed ones, and the run must end with exit 3.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { parseConfig } from '../../src/config.js';
import { runAll, type RunEvent, type RunResult } from '../../src/run.js';
import { renderHealthTable } from '../../src/health.js';
import { FAST_HTTP, mockConfigYaml, startMocks, tempDir, type Mocks } from './run-helpers.js';

describe('run against all mocks with injected faults', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'td.db');
  const reportPath = join(tmp.dir, 'out', 'report.html');
  let mocks: Mocks;
  let result: RunResult;
  const events: RunEvent[] = [];

  beforeAll(async () => {
    mocks = await startMocks({
      atsFaults: [
        { path: '/v1/boards/vercel/jobs', fault: { type: 'rate-limit' } },
        { path: '/v0/postings/spotify', fault: { type: 'server-error' } },
        { path: '/posting-api/job-board/linear', fault: { type: 'stall' } },
        { path: /^\/recruitee\/channable\//, fault: { type: 'malformed-json' } },
        // Transient: one 503 and one 429 with Retry-After, then normal answers.
        { path: /^\/api\/v1\/widget\/accounts\/example-robotics/, fault: { type: 'server-error', status: 503 }, times: 1 },
        { path: /^\/v1\/companies\/Ubisoft2\/postings(\?|$)/, fault: { type: 'rate-limit', retryAfter: '1' }, times: 1 },
      ],
      boardsFaults: [
        { path: '/api', fault: { type: 'server-error' }, times: 1 },
        { path: '/api/v2/remote-jobs', fault: { type: 'malformed' } },
      ],
    });
    const config = parseConfig(mockConfigYaml(mocks, { db: dbPath, report: reportPath, timeoutSeconds: 2, retries: 1 }), join(tmp.dir, 'techdemand.config.yaml'));
    result = await runAll({ config, dbPath, http: FAST_HTTP, onEvent: (e) => events.push(e) });
  });
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  const unit = (name: string) => {
    const u = result.units.find((x) => x.unit === name);
    if (!u) throw new Error(`no unit ${name} in ${result.units.map((x) => x.unit).join(', ')}`);
    return u;
  };

  it('reports each failing source with the kind of error, and exits 3', () => {
    expect(result.exitCode).toBe(3);
    expect(result.status).toBe('partial');
    expect(unit('greenhouse:vercel')).toMatchObject({ status: 'failed', errors: { 'rate-limited': 1 } });
    expect(unit('lever:spotify')).toMatchObject({ status: 'failed', errors: { 'http-5xx': 1 } });
    expect(unit('ashby:linear')).toMatchObject({ status: 'failed', errors: { timeout: 1 } });
    expect(unit('recruitee:channable')).toMatchObject({ status: 'failed', errors: { parse: 1 } });
    expect(unit('jobicy')).toMatchObject({ status: 'failed', errors: { parse: 1 } });
    for (const name of ['greenhouse:vercel', 'lever:spotify', 'ashby:linear', 'recruitee:channable', 'jobicy']) {
      expect(unit(name).message).toBeTruthy();
      expect(unit(name).closed).toBe(0);
    }
    // Retried: every attempt counted.
    expect(unit('greenhouse:vercel').requests).toBe(2);
    expect(unit('ashby:linear').requests).toBe(2);
  });

  it('stores every healthy source completely, transient errors included', () => {
    const healthy = result.units.filter((u) => !['greenhouse:vercel', 'lever:spotify', 'ashby:linear', 'recruitee:channable', 'jobicy'].includes(u.unit));
    expect(healthy.map((u) => u.unit).sort()).toEqual(
      ['arbeitnow', 'careers', 'greenhouse:vaulttec', 'himalayas', 'hn', 'remoteok', 'remotive', 'smartrecruiters:Ubisoft2', 'weworkremotely', 'workable:example-robotics'].sort(),
    );
    for (const u of healthy) {
      expect(u.status, u.unit).toBe('ok');
      expect(u.seen, u.unit).toBeGreaterThan(0);
      expect(u.new, u.unit).toBe(u.seen);
    }
    // Retried after the injected 503 / 429 / 500.
    expect(unit('workable:example-robotics').requests).toBeGreaterThanOrEqual(2);
    expect(unit('smartrecruiters:Ubisoft2').requests).toBeGreaterThanOrEqual(4);
    expect(unit('remoteok').requests).toBe(2);

    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const count = (where: string, ...args: string[]) => (db.prepare(`SELECT count(*) FROM postings WHERE ${where}`).pluck().get(...args) as number);
      // Counts against the fixtures themselves, not against what the run says.
      expect(count("source = 'hn'")).toBe(mocks.snapshot.comments.length);
      expect(count("source = 'greenhouse' AND external_id LIKE 'vaulttec:%'")).toBe(mocks.atsFixtures.greenhouse!['vaulttec']!.length);
      expect(count("source = 'workable'")).toBe(mocks.atsFixtures.workable!['example-robotics']!.jobs.length);
      expect(count("source = 'smartrecruiters'")).toBe(mocks.atsFixtures.smartrecruiters!['Ubisoft2']!.postings.length);
      expect(count("source = 'arbeitnow'")).toBe(mocks.boardsFixtures.arbeitnow!.length);
      // Nothing from the failed boards.
      expect(count("source = 'greenhouse' AND external_id LIKE 'vercel:%'")).toBe(0);
      for (const s of ['lever', 'ashby', 'recruitee', 'jobicy']) expect(count('source = ?', s)).toBe(0);
      for (const u of healthy) {
        const [source, board] = u.unit.split(':');
        const n = board ? count('source = ? AND external_id LIKE ?', source!, `${board}:%`) : count('source = ?', source!);
        expect(n, u.unit).toBe(u.seen);
      }
      // Every stored posting got its roles and a job key.
      expect(count('roles IS NULL')).toBe(0);
      expect(count("job_key = ''")).toBe(0);
    } finally {
      db.close();
    }
  });

  it('records the run and per-source statistics, a source failing if any of its boards failed', () => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      const run = db.prepare('SELECT status, ended_at, command FROM runs WHERE id = ?').get(result.runId) as { status: string; ended_at: string; command: string };
      expect(run).toMatchObject({ status: 'partial', command: 'run' });
      expect(run.ended_at).toBeTruthy();
      const rows = new Map(
        (db.prepare('SELECT source, status, seen, errors FROM run_sources WHERE run_id = ?').all(result.runId) as { source: string; status: string; seen: number; errors: string }[]).map((r) => [r.source, r]),
      );
      expect(rows.get('greenhouse')).toMatchObject({ status: 'failed', seen: unit('greenhouse:vaulttec').seen });
      expect(JSON.parse(rows.get('greenhouse')!.errors)).toEqual({ 'rate-limited': 1 });
      expect(rows.get('workable')).toMatchObject({ status: 'ok' });
      expect(rows.get('hn')).toMatchObject({ status: 'ok', seen: mocks.snapshot.comments.length });
      expect(rows.get('jobicy')).toMatchObject({ status: 'failed' });
      expect(rows.size).toBe(15 - 2 /* greenhouse's 2 boards are one source */ + 1);
    } finally {
      db.close();
    }
  });

  it('prints the health table with every failing source named, and streams one event per source', () => {
    const table = renderHealthTable(result.units, result.status);
    for (const name of ['greenhouse:vercel', 'lever:spotify', 'ashby:linear', 'recruitee:channable', 'jobicy']) {
      expect(table).toMatch(new RegExp(`^${name}\\s+FAILED`, 'm'));
    }
    expect(table).toMatch(/^hn\s+ok\s+\d+/m);
    expect(table).toMatch(/run partial: 5 of 15 source\(s\) need attention/);
    expect(events.filter((e) => e.event === 'source')).toHaveLength(15);
    expect(events[0]).toMatchObject({ event: 'start', units: 15 });
    expect(events.at(-1)).toMatchObject({ event: 'done', exitCode: 3, status: 'partial' });
  });

  it('writes the report and the validator cache next to the database', () => {
    expect(result.report).toBe(reportPath);
    expect(readFileSync(reportPath, 'utf8')).toMatch(/<html/i);
    expect(existsSync(`${dbPath}.http-cache.json`)).toBe(true);
    expect(existsSync(`${dbPath}.lock`)).toBe(false);
  });

  it('identifies itself on every request with the configured contact', () => {
    const agents = new Set([...mocks.ats.requestLog, ...mocks.boards.requestLog].map((r) => r.userAgent));
    expect([...agents]).toEqual([expect.stringMatching(/^techdemand\/\S+ \(\+run-tests@example\.invalid\)$/)]);
  });
});
