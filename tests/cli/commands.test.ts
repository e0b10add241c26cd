// The CLI as a user meets it: help, exit codes, one-line errors, the tag stream.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'techdemand-cli-'));

describe('techdemand CLI', () => {
  it('prints help for every command with exit 0', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    for (const cmd of ['scrape', 'tag', 'top', 'report', 'demo', 'explain', 'retag']) {
      expect(main.stdout).toContain(cmd);
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toMatch(/Usage: techdemand/);
    }
  });

  it('answers bad usage with one line and exit 2', async () => {
    const cases: string[][] = [
      ['no-such-command'],
      ['top', '--no-such-flag'],
      ['--db', join(dir, 'x.db'), 'top', '--since', '2016-13'],
      ['--db', join(dir, 'x.db'), 'top', '--format', 'xml'],
      ['--db', join(dir, 'x.db'), 'top', '--limit', '0'],
      ['--db', join(dir, 'missing.db'), 'top'],
      ['scrape', '--source', 'nope'],
      ['tag', '--input', join(dir, 'missing.jsonl')],
    ];
    for (const args of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').length, `${args.join(' ')}: ${r.stderr}`).toBeLessThanOrEqual(2);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack traces
    }
  });

  it('tags a JSONL stream: text or html in, sorted tags and evidence out', async () => {
    const input = [
      { id: 'a', text: 'Backend engineer: Go, PostgreSQL and Kubernetes. Nice to have: Rust or Elixir.' },
      { id: 'b', html: '<p>We use <b>Node.js</b> &amp; React Native.</p>' },
      { id: 7, text: 'You will go through a short interview. Series C startup.' },
    ].map((r) => JSON.stringify(r)).join('\n');
    const r = await runCli(['tag'], { input });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string | number; tags: string[]; mentions: { id: string; text: string; offset: number; strength: string }[] });
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 7]);
    expect(lines[0]!.tags).toEqual(['elixir', 'go', 'kubernetes', 'postgresql', 'rust']);
    expect(lines[0]!.mentions.find((m) => m.id === 'rust')?.strength).toBe('preferred');
    const go = lines[0]!.mentions.find((m) => m.id === 'go')!;
    expect(input.includes(go.text)).toBe(true);
    expect(lines[1]!.tags).toEqual(['nodejs', 'react-native']);
    expect(lines[2]!.tags).toEqual([]);
  });

  it('emits the roles of every ad, reading a job-board "title" when the record has one', async () => {
    const input = [
      { id: 'hn', text: 'Acme | Senior Backend Engineer, Product Designer | Remote\nWe use Go and PostgreSQL.' },
      { id: 'board', title: 'Software Engineer', text: 'You will build our React front end and the Django APIs behind it, on PostgreSQL.' },
      { id: 'none', text: 'Acme | NYC\nWe make furniture.' },
    ].map((r) => JSON.stringify(r)).join('\n');
    const r = await runCli(['tag'], { input });
    expect(r.code, r.stderr).toBe(0);
    const roles = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { roles: string[] }).roles);
    expect(roles).toEqual([['backend', 'other'], ['full-stack'], ['other']]);
    const bad = await runCli(['tag'], { input: JSON.stringify({ id: 1, title: 5, text: 'x' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>:1: "title" must be a string/);
  });

  it('names the line of malformed JSONL input', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":"1","text":"Python"}\n{"id":"2","text":\n');
    const r = await runCli(['tag', '--input', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2`);
    expect(r.stdout).toContain('"python"');
  });
});
