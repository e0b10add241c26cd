// The CLI's edges as a new user meets them (issue 16): exit codes of failed sources, user files that are folders or
// unreadable, closed pipes, --json everywhere, one set of shared flags, control characters in ad text.
// Every test runs the real binary.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CLI, ROOT, runCli, type CliResult } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'techdemand-edges-'));
const db = join(dir, 'demo.db');

beforeAll(async () => {
  const demo = await runCli(['--db', db, 'demo', '--out', join(dir, 'report', 'index.html')]);
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLine(r: CliResult, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('techdemand: no ') && !/^\(/.test(l));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('exit codes', () => {
  it('scrape exits 3 when its source failed (no network), with the failure in the one error line', async () => {
    const r = await runCli(['--db', join(dir, 'scrape.db'), 'scrape', '--source', 'hn', '--base-url', 'http://127.0.0.1:9']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/source hn failed/);
    expect(r.stdout).toMatch(/hn\s+failed/);
  }, 120_000);
});

describe('user files: one line naming the file and the problem, exit 2', () => {
  const folder = join(dir, 'a-folder');
  const unreadable = join(dir, 'unreadable.yaml');
  beforeAll(() => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(unreadable, 'knows: {python: 3}\n');
  });

  for (const [name, args] of [
    ['gap --profile DIR', ['--db', db, 'gap', '--profile', folder]],
    ['report --profile DIR', ['--db', db, 'report', '--profile', folder, '--out', join(dir, 'r.html')]],
    ['tag --input DIR', ['tag', '--input', folder]],
    ['run --config DIR', ['run', '--config', folder]],
  ] as const) {
    it(`${name}: "is a directory"`, async () => {
      expectOneLine(await runCli([...args]), 2, new RegExp(`${folder.replace(/[/.]/g, '\\$&')}: is a directory`));
    });
  }

  it('report --out DIR says so without a temporary file name, and writes nothing there', async () => {
    const before = readdirSync(folder);
    const r = await runCli(['--db', db, 'report', '--out', folder]);
    expectOneLine(r, 2, /--out .*a-folder: is a directory; give a file name/);
    expect(r.stderr).not.toMatch(/\.tmp/);
    expect(readdirSync(folder)).toEqual(before);
  });

  it('a profile path through a file is named as such', async () => {
    expectOneLine(await runCli(['--db', db, 'gap', '--profile', join(unreadable, 'profile.yaml')]), 2, /a part of the path is a file, not a folder/);
  });

  it('init into a folder that is a file fails with one line and leaves no .tmp file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const r = await runCli(['init', '--config', join(file, 'techdemand.config.yaml')]);
    expectOneLine(r, 2, /plain-file.*(?:a part of the path is a file|is a file, not a folder)/);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

describe('pipes', () => {
  /** Runs the CLI, reads its first chunk of stdout, then closes the pipe as `head` does. */
  function firstChunkThenClose(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, TECHDEMAND_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }
  for (const args of [['explain', 'hn:47976903'], ['trend', 'python', 'go', 'rust', 'java', '--grain', 'month'], ['movers', '--all'], ['top', '--format', 'json', '--limit', '2000'], ['stacks', '--limit', '200']]) {
    it(`${args[0]} | head exits quietly`, async () => {
      const r = await firstChunkThenClose(['--db', db, ...args]);
      expect(r.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
      expect(r.code).toBe(0);
    });
  }
});

describe('one set of shared flags, one parser, one set of messages', () => {
  it('the global --json reaches top and suggest', async () => {
    for (const cmd of [['top', '--limit', '3'], ['suggest', '--limit', '3']]) {
      const r = await runCli(['--db', db, '--json', ...cmd]);
      expect(r.code, r.stderr).toBe(0);
      expect(() => JSON.parse(r.stdout) as unknown, cmd[0]).not.toThrow();
    }
  });

  it('top takes --denominator, --no-remote and --role all like every reading command', async () => {
    for (const extra of [['--denominator', 'postings'], ['--no-remote'], ['--role', 'all'], ['--count', 'companies']]) {
      const r = await runCli(['--db', db, 'top', '--limit', '3', ...extra]);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const companies = await runCli(['--db', db, 'top', '--limit', '3', '--denominator', 'companies']);
    expect(companies.stdout).toMatch(/companies in the selection/);
  });

  it('a bad --role gets the same words from every command', async () => {
    const messages = new Set<string>();
    for (const cmd of [['top'], ['trend', 'python'], ['report', '--out', join(dir, 'x.html')], ['gap', '--profile', join(ROOT, 'examples', 'profile.yaml')], ['stacks']]) {
      const r = await runCli(['--db', db, ...cmd, '--role', 'ninja']);
      expect(r.code, cmd[0]).toBe(2);
      messages.add(r.stderr.trim());
    }
    expect([...messages]).toEqual(['techdemand: --role: unknown role "ninja" (known: backend, full-stack, frontend, mobile, data, devops, software, other, or all)']);
  });
});

describe('ad text never drives the terminal', () => {
  it('a stored row carrying control characters (written before they were stripped) is shown escaped', async () => {
    const copy = join(dir, 'evil.db');
    const { copyFileSync } = await import('node:fs');
    copyFileSync(db, copy);
    const conn = new Database(copy);
    conn.prepare("UPDATE postings SET text = text || ?, company = company || ? WHERE source = 'hn' AND external_id = '47976903'").run('\n\u001b]0;pwned\u0007\u001b[2J', '\u001b[31m');
    conn.close();
    for (const args of [['explain', 'hn:47976903'], ['top', '--limit', '3']]) {
      const r = await runCli(['--db', copy, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    const explain = await runCli(['--db', copy, 'explain', 'hn:47976903']);
    expect(explain.stdout).toContain('\\x1b]0;pwned\\x07');
  });
});

describe('NO_COLOR', () => {
  /** explain on a real terminal (a pseudo-terminal from util-linux `script`), with the given environment. */
  function onTerminal(env: Record<string, string>): Promise<string> {
    return new Promise((resolve, reject) => {
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --db ${JSON.stringify(db)} explain hn:47976903`;
      const childEnv: Record<string, string | undefined> = { ...process.env, TECHDEMAND_DB: '', ...env };
      if (!('NO_COLOR' in env)) delete childEnv.NO_COLOR;
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
  }

  it('highlights on a terminal, and NO_COLOR turns it off', async () => {
    expect(await onTerminal({})).toContain('\u001b[7m');
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});

it('leaves no stray files in the working folder', () => {
  expect(existsSync(join(ROOT, 'techdemand.db'))).toBe(false);
});

describe('smaller ones', () => {
  it('movers --all honours --limit per direction, and CSV keeps the digits of tiny q-values', async () => {
    const r = await runCli(['--db', db, 'movers', '--all', '--limit', '2', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows.length).toBeLessThanOrEqual(4);
    const header = r.stdout.split('\n')[0]!.split(',');
    const q = header.indexOf('q');
    expect(q).toBeGreaterThan(-1);
    expect(rows.map((l) => Number(l.split(',')[q])).filter((v) => v === 0)).toEqual([]);
  });

  it('retag --json counts postings, done never above total', async () => {
    const { copyFileSync } = await import('node:fs');
    const copy = join(dir, 'retag.db');
    copyFileSync(db, copy);
    const r = await runCli(['--db', copy, '--json', 'retag', '--all']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stderr.split('\n').filter((l) => l.includes('"retag"')).map((l) => JSON.parse(l) as { done: number; total: number });
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.done).toBeLessThanOrEqual(e.total);
    expect(events[events.length - 1]!.done).toBe(events[events.length - 1]!.total);
    expect((JSON.parse(r.stdout) as { postings: number }).postings).toBe(events[events.length - 1]!.total);
  });

  it('retag and scrape wait their turn behind a writer at work, and say what to do (they have no --wait)', async () => {
    const { copyFileSync } = await import('node:fs');
    const { hostname } = await import('node:os');
    const copy = join(dir, 'busy.db');
    copyFileSync(db, copy);
    // This test process is alive: its lock is not stale.
    writeFileSync(`${copy}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-12-05T10:00:00Z', command: 'run' }));
    try {
      for (const args of [['retag'], ['scrape', '--source', 'hn', '--base-url', 'http://127.0.0.1:9']]) {
        const r = await runCli(['--db', copy, ...args]);
        expect(r.code, args[0]).toBe(1);
        expect(r.stderr, args[0]).toMatch(/holds .*busy\.db\.lock; it is still running \(try again when it has finished\)\n$/);
        expect(r.stderr).not.toContain('--wait');
      }
    } finally {
      rmSync(`${copy}.lock`, { force: true });
    }
  });

  it('suggest does not rank ordinary words, and takes --since/--until', async () => {
    const r = await runCli(['--db', db, '--json', 'suggest', '--limit', '40']);
    expect(r.code, r.stderr).toBe(0);
    const terms = (JSON.parse(r.stdout) as { term: string }[]).map((t) => t.term.toLowerCase());
    for (const word of ['ventures', 'front', 'english', 'labs', 'hacker', 'linkedin', 'united']) expect(terms).not.toContain(word);
    const since = await runCli(['--db', db, '--json', 'suggest', '--since', '2026-01', '--until', '2026-03', '--limit', '5']);
    expect(since.code, since.stderr).toBe(0);
  });

  it('--denominator companies says companies, not ads, and says which ads it leaves out', async () => {
    const r = await runCli(['--db', db, 'trend', 'python', '--grain', 'year', '--since', '2026-01', '--denominator', 'companies']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/companies/);
    expect(r.stdout).toMatch(/ads without a company name are not counted/);
  });

  it('an empty selection says why instead of printing bare headers', async () => {
    const r = await runCli(['--db', db, 'top', '--company', 'No Such Company Anywhere']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/match these filters: widen/);
  });

  it('help names what exists: explain\'s example posting is in the demo, scrape lists its sources', async () => {
    const explain = await runCli(['explain', '--help']);
    const example = /^\s+techdemand explain (\S+)\s*$/m.exec(explain.stdout)![1]!;
    expect((await runCli(['--db', db, 'explain', example])).code).toBe(0);
    const scrape = await runCli(['scrape', '--help']);
    for (const s of ['hn', 'greenhouse', 'lever', 'careers', 'rendered']) expect(scrape.stdout).toContain(s);
  });
});
