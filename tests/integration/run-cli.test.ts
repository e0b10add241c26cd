// The built binary: `node dist/src/cli.js run --config …` against all mocks with injected faults (health table,
// exit 3), --json (JSON lines), a held lock (exit 1, one line), config errors with line numbers (exit 2), and init.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { acquireLock, lockPathFor } from '../../db/file-lock.js';
import { parseConfig } from '../../src/config.js';
import { REPO_ROOT, mockConfigYaml, startMocks, tempDir, writeConfig, type Mocks } from './run-helpers.js';

const CLI = join(REPO_ROOT, 'dist/src/cli.js');

/** Runs the CLI as a child process without blocking this process's event loop (the mocks live here). */
function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['TECHDEMAND_DB'];
    delete env['TECHDEMAND_CONFIG'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('techdemand run / init (built CLI)', () => {
  const tmp = tempDir();
  let mocks: Mocks;

  beforeAll(async () => {
    // `npm test` builds dist/ before vitest starts. Never rebuild here: other test files run the binary in
    // parallel, and a rebuild under them makes them load half-written modules.
    expect(existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`).toBe(true);
    mocks = await startMocks({
      atsFaults: [
        { path: '/v1/boards/vercel/jobs', fault: { type: 'rate-limit' } },
        { path: '/v0/postings/spotify', fault: { type: 'server-error' } },
        { path: '/posting-api/job-board/linear', fault: { type: 'stall' } },
        { path: /^\/recruitee\/channable\//, fault: { type: 'malformed-json' } },
      ],
    });
  }, 300_000);
  afterAll(async () => {
    await mocks.close();
    tmp.cleanup();
  });

  it('run: stores the healthy sources, prints the health table, names the failures on stderr, exits 3', async () => {
    const dir = join(tmp.dir, 'table');
    const db = join(dir, 'td.db');
    const config = writeConfig(tmp.dir, mockConfigYaml(mocks, { db, timeoutSeconds: 2, retries: 1, report: join(dir, 'report.html') }), 'table.yaml');
    const r = await cli(['run', '--config', config], tmp.dir);
    expect(r.code, r.stderr).toBe(3);
    for (const name of ['greenhouse:vercel', 'lever:spotify', 'ashby:linear', 'recruitee:channable']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s+FAILED\\s`, 'm'));
    }
    for (const name of ['hn', 'greenhouse:vaulttec', 'workable:example-robotics', 'remotive', 'arbeitnow', 'careers']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s+ok\\s+\\d+`, 'm'));
    }
    expect(r.stdout).toMatch(/run partial: 4 of 15 source\(s\) need attention/);
    expect(r.stdout).toContain(`Report: ${join(dir, 'report.html')}`);
    expect(r.stderr.trim().split('\n')).toEqual([
      'techdemand: 4 of 15 sources need attention: greenhouse:vercel (rate-limited), lever:spotify (http-5xx), ashby:linear (timeout), recruitee:channable (parse)',
    ]);
    const sqlite = new Sqlite(db, { readonly: true });
    try {
      expect(sqlite.prepare("SELECT count(*) FROM postings WHERE source = 'hn'").pluck().get()).toBe(mocks.snapshot.comments.length);
      expect(sqlite.prepare("SELECT status FROM runs").pluck().all()).toEqual(['partial']);
    } finally {
      sqlite.close();
    }
  });

  it('run --json: one JSON object per line — start, one per source, done — and --db wins over the config', async () => {
    const db = join(tmp.dir, 'json', 'td.db');
    const config = writeConfig(tmp.dir, mockConfigYaml(mocks, { db: join(tmp.dir, 'not-this.db'), timeoutSeconds: 2, retries: 1 }), 'json.yaml');
    const r = await cli(['--db', db, '--json', 'run', '--config', config, '--no-report'], tmp.dir);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'start', db, units: 15 });
    expect(lines.filter((l) => l['event'] === 'source')).toHaveLength(15);
    expect(lines.find((l) => l['event'] === 'source' && l['unit'] === 'lever:spotify')).toMatchObject({ event: 'source', status: 'failed', errors: { 'http-5xx': 1 } });
    expect(lines.at(-1)).toMatchObject({ event: 'done', status: 'partial', exitCode: 3 });
    expect(lines.every((l) => typeof l['time'] === 'string')).toBe(true);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(join(tmp.dir, 'not-this.db'))).toBe(false);
  });

  it('run while another run holds the lock: exit 1 with one line', async () => {
    const db = join(tmp.dir, 'locked', 'td.db');
    const config = writeConfig(tmp.dir, mockConfigYaml(mocks, { db, without: ['greenhouse', 'lever', 'ashby', 'recruitee'] }), 'locked.yaml');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tmp.dir, 'locked'), { recursive: true });
    const held = await acquireLock(lockPathFor(db), { command: 'run' });
    try {
      const r = await cli(['run', '--config', config], tmp.dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^techdemand: another techdemand run "run" \(pid \d+ on .+\) holds .+td\.db\.lock; it is still running \(use --wait to wait for it\)\n$/);
      expect(existsSync(db)).toBe(false);
    } finally {
      held.release();
    }
  });

  it('SIGTERM stops a run cleanly: recorded as aborted, lock released, exit 3', async () => {
    const db = join(tmp.dir, 'sigterm', 'td.db');
    // Only the stalled Ashby board, with a long timeout: the run is still waiting when the signal comes.
    const yaml = mockConfigYaml(mocks, { db, timeoutSeconds: 120, retries: 0 }).replace(/\nsources:\n[\s\S]*$/, `\nsources:\n  ashby:\n    baseUrl: ${mocks.ats.url}\n    boards: [linear]\n`);
    const config = writeConfig(tmp.dir, yaml, 'sigterm.yaml');
    const env = { ...process.env };
    delete env['TECHDEMAND_DB'];
    const child = spawn(process.execPath, [CLI, '--json', 'run', '--config', config, '--no-report'], { cwd: tmp.dir, env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('"event":"unit-start"') && !child.killed) child.kill('SIGTERM');
      });
      child.on('close', resolve);
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(/SIGTERM: stopping the run/);
    expect(stderr).toMatch(/techdemand: run \d+ was interrupted; what was collected so far is stored/);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ event: 'done', status: 'aborted', exitCode: 3 });
    const sqlite = new Sqlite(db, { readonly: true });
    try {
      expect(sqlite.prepare('SELECT status FROM runs').pluck().all()).toEqual(['aborted']);
    } finally {
      sqlite.close();
    }
    expect(existsSync(lockPathFor(db))).toBe(false);
  });

  it('a config error names file, line and column, exit 2', async () => {
    const bad = writeConfig(tmp.dir, ['database: td.db', 'sources:', '  hn:', '    months: many', '  greenhouse:', '    boards: [vercel]', '  lever: { boards: [spotify], regoin: eu }', ''].join('\n'), 'bad.yaml');
    const r = await cli(['run', '--config', bad], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml:4:13: sources.hn.months: expected a whole number from 1 to 1000, got "many"');
    expect(r.stderr).toContain('bad.yaml:7:31: sources.lever: unknown option "regoin" (did you mean "region"?)');
    const missing = await cli(['run', '--config', 'nope.yaml'], tmp.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('techdemand: config file not found: nope.yaml (write a starter with "techdemand init")\n');
  });

  it('init writes a valid, commented starter config and will not overwrite it without --force', async () => {
    const r = await cli(['init', '--config', 'starter/techdemand.config.yaml'], tmp.dir);
    expect(r.code).toBe(0);
    const path = join(tmp.dir, 'starter/techdemand.config.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^# techdemand\.config\.yaml/);
    expect(text).toContain('- vercel');
    expect(parseConfig(text, path).sources.length).toBeGreaterThan(10);
    const again = await cli(['init', '--config', 'starter/techdemand.config.yaml'], tmp.dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; edit it, or pass --force/);
    writeFileSync(path, '# mine\n');
    expect((await cli(['init', '--config', 'starter/techdemand.config.yaml', '--force'], tmp.dir)).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
