// The README and docs/ show real output: every `<!-- example: … -->` block must be what the command prints today on
// the demo database (scripts/doc-examples.mjs; `npm run docs` refreshes them). The demo is built here, in a folder of
// its own, the way a newcomer builds it: `techdemand demo` with no --db; a reading command then finds it by itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'techdemand-docs-'));
const demoDb = join(cwd, '.techdemand', 'demo.db');

function docExamples(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'doc-examples.mjs'), '--check', '--db', demoDb, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
}

beforeAll(async () => {
  const demo = await runCli(['demo'], { cwd });
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('after "npm run demo", as a newcomer', () => {
  it('the demo wrote its database to .techdemand/demo.db and readers use it without --db, saying so on stderr', async () => {
    expect(existsSync(demoDb)).toBe(true);
    const top = await runCli(['top', '--limit', '3'], { cwd });
    expect(top.code, top.stderr).toBe(0);
    expect(top.stdout).toMatch(/^1 {2}\S/m);
    expect(top.stderr).toContain('reading the demo database .techdemand/demo.db');
    const json = await runCli(['--json', 'top', '--limit', '3'], { cwd });
    expect(json.code).toBe(0);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow(); // the note stays off stdout
  });

  it('an explicit --db, TECHDEMAND_DB or a ./techdemand.db wins over the demo database', async () => {
    const missing = await runCli(['--db', 'nowhere.db', 'top'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no database at nowhere.db');
    const env = await runCli(['top'], { cwd, env: { TECHDEMAND_DB: 'elsewhere.db' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('no database at elsewhere.db');
    const own = join(cwd, 'techdemand.db');
    writeFileSync(own, '');
    try {
      const r = await runCli(['top'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('techdemand.db holds no postings yet');
      expect(r.stderr).not.toContain('demo database');
    } finally {
      rmSync(own);
    }
  });

  it('writers never fall back to the demo database', async () => {
    const r = await runCli(['scrape', '--source', 'nope'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('demo database');
  });
});

describe('the examples in README.md and docs/', () => {
  it('are the output of their commands today', () => {
    const r = docExamples([]);
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);

  it('a changed output line is caught and named', () => {
    const copy = join(cwd, 'README.md');
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const tampered = text.replace(/(<!-- example: top [^\n]*-->\n```\n[^\n]*\n[^\n]*\n[^\n]*\n)1 /, '$1 9 ');
    expect(tampered).not.toBe(text);
    writeFileSync(copy, tampered);
    const r = docExamples(['--file', copy]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/README\.md: the example "top [^"]*" differs from the command's output/);
  });

  it('the README is a newcomer\'s page: short, with its Node version, the two quick-start commands and working links', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(300);
    expect(readme).toMatch(/Node\.js \*\*20\.18 or newer\*\*/);
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=20.18');
    for (const file of ['README.md', ...['commands', 'run', 'accuracy', 'benchmarks', 'reference-trends'].map((d) => `docs/${d}.md`)]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\]\(((?!https?:)[^)#\s]+)(#[^)]*)?\)/g)) {
        const target = join(ROOT, file.includes('/') ? 'docs' : '', m[1]!);
        expect(existsSync(target), `${file} links to ${m[1]}`).toBe(true);
      }
    }
  });
});
