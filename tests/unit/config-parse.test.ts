// techdemand.config.yaml validation: a valid file becomes a RunConfig; every problem is reported with its file, line
// and column, all of them at once; the starter `init` writes is itself valid.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config.js';
import { InputError } from '../../src/core/errors.js';
import { STARTER_BOARDS, starterConfig } from '../../src/commands/init.js';

function problems(text: string): string[] {
  try {
    parseConfig(text, 'td.yaml', '/srv/td');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('reads a full config: paths relative to the file, sources in order, boards, options, rate limits', () => {
    const c = parseConfig(
      [
        'database: data/td.db',
        'report: /var/www/td/index.html',
        'contact: "https://example.org/td; ops@example.org"',
        'http: { timeoutSeconds: 20, retries: 2 }',
        'rateLimits:',
        '  boards-api.greenhouse.io: { concurrency: 1, minIntervalMs: 1500 }',
        'sources:',
        '  hn: { months: 3 }',
        '  greenhouse:',
        '    boards: [vercel, stripe]',
        '    rateLimit: { minIntervalMs: 800 }',
        '  lever: { boards: [spotify], region: eu, enabled: false }',
        '  remotive:',
        '  jobicy: { tag: backend, count: 50 }',
        '  careers: { urls: ["https://example.org/careers"] }',
      ].join('\n'),
      'td.yaml',
      '/srv/td',
    );
    expect(c.database).toBe(resolve('/srv/td', 'data/td.db'));
    expect(c.report).toBe('/var/www/td/index.html');
    expect(c.contact).toBe('https://example.org/td; ops@example.org');
    expect(c.http).toEqual({ timeoutMs: 20_000, retries: 2 });
    expect(c.rateLimits).toEqual({ 'boards-api.greenhouse.io': { concurrency: 1, minIntervalMs: 1500 } });
    expect(c.sources.map((s) => [s.name, s.enabled, s.line])).toEqual([
      ['hn', true, 8],
      ['greenhouse', true, 9],
      ['lever', false, 12],
      ['remotive', true, 13],
      ['jobicy', true, 14],
      ['careers', true, 15],
    ]);
    expect(c.sources[0]!.options).toEqual({ months: 3 });
    expect(c.sources[1]).toMatchObject({ boards: ['vercel', 'stripe'], rateLimit: { minIntervalMs: 800 } });
    expect(c.sources[2]).toMatchObject({ boards: ['spotify'], options: { region: 'eu' } });
    expect(c.sources[4]!.options).toEqual({ tag: 'backend', count: 50 });
  });

  it('reports every problem with file:line:col and the path of the bad value', () => {
    const found = problems(
      [
        'database: 42', //                                  line 1
        'contact: somebody', //                             line 2
        'sources:', //                                      line 3
        '  hn: { months: 0 }', //                           line 4
        '  greenhose: { boards: [acme] }', //               line 5
        '  greenhouse:', //                                 line 6
        '    boards: [vercel, "has space", 7]', //          line 7
        '    colour: blue', //                              line 8
        '  lever: { region: mars, boards: [spotify] }', //  line 9
        '  careers: { urls: [ftp://example.org/x] }', //    line 10
        'rateLimits: { "not a host!": { concurrency: 1 } }', // line 11
        'retries: 3', //                                    line 12
      ].join('\n'),
    );
    expect(found).toEqual([
      expect.stringMatching(/^td\.yaml:12:1: unknown top-level key "retries"; known: /),
      'td.yaml:1:11: database: expected a file path or a postgres:// URL, got 42',
      'td.yaml:2:10: contact: should contain a URL or an e-mail address a site operator can reach you at',
      expect.stringMatching(/^td\.yaml:5:3: sources: unknown source "greenhose" \(did you mean "greenhouse"\?\); known: hn, greenhouse, /),
      'td.yaml:4:17: sources.hn.months: expected a whole number from 1 to 1000, got 0',
      'td.yaml:8:5: sources.greenhouse: unknown option "colour"; known: enabled, baseUrl, rateLimit, boards',
      'td.yaml:7:22: sources.greenhouse.boards[1]: expected a board name (letters, digits, . _ -), got "has space"',
      'td.yaml:7:35: sources.greenhouse.boards[2]: expected a board name (letters, digits, . _ -), got 7',
      'td.yaml:9:20: sources.lever.region: expected one of us, eu, got "mars"',
      'td.yaml:10:21: sources.careers.urls[0]: expected an http(s) URL, got "ftp://example.org/x"',
      'td.yaml:11:15: rateLimits: "not a host!" is not a host name (e.g. boards-api.greenhouse.io or 127.0.0.1:8080)',
    ]);
  });

  it('names YAML syntax errors by line, and duplicate keys', () => {
    expect(problems('sources:\n  hn: {months: 2\n')).toEqual([expect.stringMatching(/^td\.yaml:3:1: YAML syntax: Flow map .* end with a }$/)]);
    const dup = problems('sources:\n  hn: {}\n  hn: { months: 2 }\n');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatch(/^td\.yaml:3:3: YAML syntax: Map keys must be unique/);
  });

  it('requires sources, boards for an ATS and urls for career pages', () => {
    expect(problems('')).toEqual(['td.yaml: the config is empty; it needs at least a "sources:" section (run "techdemand init" for a starter)']);
    expect(problems('database: x.db\n')).toEqual(['td.yaml:1:1: missing "sources:" (which sources to collect)']);
    expect(problems('sources:\n  greenhouse: {}\n')).toEqual([
      'td.yaml:2:3: sources.greenhouse: needs "boards:", the greenhouse board names of the employers to collect (e.g. boards: [acme])',
    ]);
    expect(problems('sources:\n  workable: { boards: [] }\n')).toEqual(['td.yaml:2:23: sources.workable.boards: the list is empty']);
    expect(problems('sources:\n  careers: { enabled: true }\n')).toEqual(['td.yaml:2:3: sources.careers: needs "urls:", the career pages to read']);
    expect(problems('sources:\n  greenhouse: { boards: [acme, ACME] }\n')).toEqual(['td.yaml:2:3: sources.greenhouse.boards: board "ACME" is listed twice']);
    // A disabled ATS without boards is fine.
    expect(parseConfig('sources:\n  greenhouse: { enabled: false }\n', 'td.yaml').sources[0]!.enabled).toBe(false);
  });

  it('refuses aliases and oversized input instead of expanding them', () => {
    expect(problems('x: &a { months: 2 }\nsources:\n  hn: *a\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^td\.yaml:3:7: sources\.hn: YAML aliases \(\*name\) are not supported here/)]),
    );
    expect(problems('sources: {}\n#' + 'x'.repeat(1024 * 1024))).toEqual([expect.stringMatching(/larger than 1048576 bytes/)]);
  });
});

describe('loadConfig and the starter config', () => {
  it('a missing file says how to make one', () => {
    expect(() => loadConfig('/nonexistent/td.yaml')).toThrow(InputError);
    expect(() => loadConfig('/nonexistent/td.yaml')).toThrow(/config file not found: \/nonexistent\/td\.yaml \(write a starter with "techdemand init"\)/);
  });

  it('init’s starter is valid and lists every starter board', () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-config-'));
    try {
      const path = join(dir, 'techdemand.config.yaml');
      writeFileSync(path, starterConfig());
      const c = loadConfig(path);
      expect(c.database).toBe(join(dir, 'techdemand.db'));
      expect(c.contact).toBeUndefined();
      const names = c.sources.map((s) => s.name);
      expect(names).toEqual(['hn', 'greenhouse', 'lever', 'ashby', 'smartrecruiters', 'recruitee', 'workable', 'remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy']);
      for (const [ats, boards] of Object.entries(STARTER_BOARDS)) {
        expect(c.sources.find((s) => s.name === ats)!.boards).toEqual(boards.map((b) => b.token));
        for (const b of boards) {
          expect(b.seen).toMatch(/^(its public board, seen in a recorded API response|SOURCES-REPORT §\d.*|HN \d{8} \([A-Z][a-z]{2} 2026\))$/);
          if (b.recording !== undefined) expect(b.recording).toMatch(/^[\w/.-]+\.json$/);
        }
        // The starter a user reads names no internal file (issue 16).
        expect(starterConfig()).not.toMatch(/\.json|\.ts\b/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('career pages in the config (issue 16: options no source ignores silently)', () => {
  it('refuses a baseUrl for careers and rendered, which take full URLs', () => {
    const text = 'sources:\n  careers:\n    baseUrl: https://example.org\n    urls: [https://example.org/jobs]\n';
    expect(() => parseConfig(text, 'c.yaml', '/tmp')).toThrow(/baseUrl does not apply to career pages/);
  });

  it('applies a rateLimit to the host of every listed page', async () => {
    const { hostPolicies, planUnits } = await import('../../src/run.js');
    const config = parseConfig('sources:\n  careers:\n    rateLimit: { concurrency: 1, minIntervalMs: 5000 }\n    urls: [https://a.example/jobs, https://b.example/careers]\n', 'c.yaml', '/tmp');
    const policies = hostPolicies(planUnits(config), config);
    expect(policies['a.example']).toMatchObject({ concurrency: 1, minIntervalMs: 5000 });
    expect(policies['b.example']).toMatchObject({ concurrency: 1, minIntervalMs: 5000 });
  });
});
