// techdemand.config.yaml parsing (src/config.ts) on arbitrary text: parseConfig returns a RunConfig or throws a
// ConfigError (an InputError) whose every problem is one line starting with the file name — never another
// error type; valid generated configs parse to what they say; hostile files finish within the guard.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { CONFIG_SOURCE_NAMES, ConfigError, MAX_CONFIG_BYTES, parseConfig, type RunConfig } from '../../src/config.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';
import { Guard, repeatTo } from './guard.js';

const FILE = 'td.yaml';

function problemsViolation(problems: string[], message: string): string | null {
  if (problems.length === 0) return 'ConfigError without problems';
  for (const p of problems) {
    if (/[\r\n\u2028\u2029]/.test(p)) return `multi-line problem: ${JSON.stringify(p)}`;
    if (!p.startsWith(FILE)) return `problem does not name the file: ${p}`;
  }
  if (message.split('\n').length > 52) return `message of ${message.split('\n').length} lines`;
  return null;
}

function outcomeViolation(text: string): string | null {
  let config: RunConfig;
  try {
    config = parseConfig(text, FILE, '/srv/td');
  } catch (err) {
    if (!(err instanceof ConfigError) && !(err instanceof InputError)) return `threw ${(err as Error)?.name}: ${(err as Error)?.message}`;
    return err instanceof ConfigError ? problemsViolation(err.problems, err.message) : null;
  }
  if (config.sources.length === 0) return 'a config without sources was accepted';
  for (const s of config.sources) if (!CONFIG_SOURCE_NAMES.includes(s.name)) return `unknown source ${s.name} accepted`;
  return null;
}

const scalar = fc.oneof(
  fc.constantFrom('hn', 'greenhouse', 'lever', 'careers', 'remotive', 'greenhose', 'months', 'boards', 'urls', 'enabled', 'baseUrl', 'rateLimit',
    'concurrency', 'minIntervalMs', 'timeoutSeconds', 'retries', 'database', 'report', 'contact', 'userAgent', 'http', 'rateLimits', 'sources',
    '1', '0', '-3', '1000', '1001', '2.5', 'true', 'no', '~', '.nan', '"a\\nb"', '"x\\u0000y"', 'https://a.test/', 'ftp://x', 'a@b.c',
    '!!binary aGk=', '&x 1', '*x', '*nope', '"', "'", '[', '{', '? k', '<<', '127.0.0.1:8080', 'not a host!', 'acme', 'has space'),
  fc.string({ maxLength: 8 }),
  hostileChars,
);
const { value } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    scalar,
    fc.array(fc.tuple(scalar, tie('value')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  ),
}));
const yamlish = fc.array(fc.oneof(fc.tuple(scalar, value).map(([k, v]) => `${k}: ${v}`), fc.constantFrom('sources:', '  hn:', '  hn: {}', '---', '# c', '')), { maxLength: 8 })
  .map((l) => l.join('\n'));

describe('parseConfig: a RunConfig or one-line problems naming the file', () => {
  it('on YAML-shaped text', () => {
    fc.assert(fc.property(yamlish, (text) => { const v = outcomeViolation(text); if (v) throw new Error(v); }), { numRuns: 500 });
  });

  it('on arbitrary strings, code units and mixed encodings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), anyCodeUnits(200), mixedEncodings(200)), (text) => {
        const v = outcomeViolation(text);
        if (v) throw new Error(v);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps keys with line breaks on one line and cuts long keys', () => {
    for (const text of ['"a\\nb": 1\nsources: {hn: {}}', 'rateLimits: {"a\\nb": {}}\nsources: {hn: {}}', `sources: {${'x'.repeat(5000)}: {}}`,
      'sources: {hn: {"m\\u2028x": 1}}']) {
      expect(outcomeViolation(text), text).toBeNull();
      expect(() => parseConfig(text, FILE)).toThrow(ConfigError);
    }
    const long = (() => { try { parseConfig(`sources: {${'x'.repeat(5000)}: {}}`, FILE); } catch (e) { return (e as Error).message; } return ''; })();
    expect(long.length).toBeLessThan(400);
  });

  it('valid generated configs parse to the sources they list', () => {
    const board = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/).map((b) => `"${b}"`); // quoted: "0" and "true" are names too
    const source = fc.oneof(
      fc.integer({ min: 1, max: 1000 }).map((m) => ['hn', `{ months: ${m} }`] as const),
      fc.uniqueArray(board, { minLength: 1, maxLength: 4 }).map((b) => ['greenhouse', `{ boards: [${b.join(', ')}] }`] as const),
      fc.tuple(fc.uniqueArray(board, { minLength: 1, maxLength: 3 }), fc.constantFrom('us', 'eu')).map(([b, r]) => ['lever', `{ boards: [${b.join(', ')}], region: ${r} }`] as const),
      fc.constant(['remotive', '{ category: software-dev }'] as const),
      fc.constant(['careers', '{ urls: ["https://acme.test/jobs"] }'] as const),
    );
    fc.assert(
      fc.property(fc.uniqueArray(source, { minLength: 1, maxLength: 5, selector: ([name]) => name }), (sources) => {
        const text = `database: data/td.db\nsources:\n${sources.map(([n, o]) => `  ${n}: ${o}`).join('\n')}\n`;
        const config = parseConfig(text, FILE, '/srv/td');
        expect(config.sources.map((s) => s.name)).toEqual(sources.map(([n]) => n));
        for (const s of config.sources) if (s.boards) for (const b of s.boards) expect(typeof b).toBe('string');
        expect(config.database).toBe('/srv/td/data/td.db');
      }),
      { numRuns: 200 },
    );
  });

  it('still reports every repeated key at its line and column (the linear duplicate check)', () => {
    let problems: string[] = [];
    try { parseConfig('sources:\n  hn: {}\n  hn: { months: 2 }\nhttp: {retries: 1, retries: 2}\n', FILE); } catch (e) { problems = (e as ConfigError).problems; }
    expect(problems).toEqual([`${FILE}:3:3: YAML syntax: Map keys must be unique`, `${FILE}:4:20: YAML syntax: Map keys must be unique`]);
  });
});

// ------------------------------------------------------------------ hostile files under the guard

const KEYS = 60_000;
const adversarial: [string, string][] = [
  [`${KEYS} unknown top-level keys`, 'sources: {hn: {}}\n' + Array.from({ length: KEYS }, (_, i) => `k${i}: 1`).join('\n')],
  [`${KEYS} rate-limit hosts (yaml's own duplicate check is quadratic)`, 'sources: {hn: {}}\nrateLimits:\n' + Array.from({ length: 30_000 }, (_, i) => `  h${i}.io: {concurrency: 1}`).join('\n')],
  ['nested flow sequences to the size limit', 'sources: ' + '['.repeat(MAX_CONFIG_BYTES - 20)],
  ['nested block maps', Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n').slice(0, MAX_CONFIG_BYTES)],
  ['unknown keys near known ones (did-you-mean on each)', 'sources:\n' + Array.from({ length: 20_000 }, (_, i) => `  greenhous${i}: {}`).join('\n')],
  ['a key of 500 KB', `sources: {${repeatTo('greenhouse', 500_000)}: {}}`],
  ['two megabytes (over the limit)', repeatTo('sources: {hn: {}}\n', 2 * 1024 * 1024)],
  ['NUL bytes and lone surrogates', repeatTo('\u0000\ud800sources: x\n', 500_000)],
];

describe('parseConfig: hostile files finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, text) => {
    const o = await guard.call<RunConfig>('parseConfig', [text, FILE], label);
    if (!o.ok) {
      expect(o.error.inputError, `${o.error.name}: ${o.error.message}`).toBe(true);
      expect(problemsViolation(o.error.problems ?? [o.error.message], o.error.message)).toBeNull();
    }
  });
});
