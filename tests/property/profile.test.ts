// The learner's profile (src/analytics/profile.ts) on arbitrary text: parseProfile returns a well-formed
// Profile or throws an InputError whose message is ONE line starting with the file name — never another
// error type — and hostile files finish within the guard of guard.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { MAX_PROFILE_BYTES, parseProfile, type Profile } from '../../src/analytics/profile.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';
import { Guard, repeatTo } from './guard.js';

const FILE = 'profiles/my profile.yaml';

/** The first broken rule of a parse outcome, or null. */
function outcomeViolation(run: () => Profile): string | null {
  let profile: Profile;
  try {
    profile = run();
  } catch (err) {
    if (!(err instanceof InputError)) return `threw ${(err as Error)?.name}: ${(err as Error)?.message}`;
    if (err.message.includes('\n') || err.message.includes('\r')) return `multi-line message: ${JSON.stringify(err.message)}`;
    if (!err.message.startsWith(`${FILE}:`)) return `message does not start with the file name: ${err.message}`;
    return null;
  }
  return profileViolation(profile);
}

function profileViolation(p: Profile): string | null {
  if (!Array.isArray(p.knows) || !Array.isArray(p.ignore) || typeof p.goals !== 'object') return 'bad shape';
  const seen = new Set<string>();
  for (const s of p.knows) {
    if (typeof s.name !== 'string' || s.name.trim() !== s.name || s.name === '') return `bad name ${JSON.stringify(s.name)}`;
    if (!Number.isInteger(s.confidence) || s.confidence < 0 || s.confidence > 5) return `bad confidence ${s.confidence}`;
    if (!Number.isInteger(s.line) || s.line < 1) return `bad line ${s.line}`;
    if (seen.has(s.name.toLowerCase())) return `duplicate ${s.name}`;
    seen.add(s.name.toLowerCase());
  }
  if (p.goals.by !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(p.goals.by)) return `bad goals.by ${p.goals.by}`;
  if (p.goals.role !== undefined && (typeof p.goals.role !== 'string' || p.goals.role === '')) return 'bad goals.role';
  for (const i of p.ignore) if (typeof i.name !== 'string' || !Number.isInteger(i.line)) return 'bad ignore';
  return null;
}

// YAML-shaped text: the profile's keys and values, broken in every way the YAML grammar allows.
const scalar = fc.oneof(
  fc.constantFrom('python', 'Go', 'k8s', 'postgres', '"a\\nb"', "'x'", '3', '5', '0', '-1', '6', '3.5', '.nan', '.inf', '~', 'null', 'true',
    '2027-06', '2027-13', '2027-06-31', '!!binary aGk=', '!!float 3', '!foo 3', '&a python', '*a', '*missing', '"', "'", '[', '{', '}', ']',
    '? x', ': y', '- z', '#c', '|', '>', '%YAML 1.2', '---', '...', '""', '0x10', '1e3', '99999999999999999999'),
  fc.string({ maxLength: 8 }),
  hostileChars,
);
const mapping = fc.array(fc.tuple(scalar, scalar), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
const sequence = fc.array(fc.oneof(scalar, mapping), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`);
const value = fc.oneof(scalar, mapping, sequence);
const line = fc.oneof(
  fc.tuple(fc.constantFrom('knows', 'goals', 'ignore', 'knows', 'Knows', 'know', '"knows"', 'goals.by'), value).map(([k, v]) => `${k}: ${v}`),
  fc.tuple(fc.constantFrom('  ', '    ', '\t', ''), fc.constantFrom('- ', ''), scalar, fc.constantFrom(': ', ' ', ''), fc.oneof(scalar, fc.constant(''))).map((p) => p.join('')),
  fc.constantFrom('knows:', 'goals:', 'ignore:', '---', '# comment', '', '  role: backend', '  by: 2027-06', '  - {name: rust, confidence: 4}'),
);
const yamlish = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));

describe('parseProfile: a Profile or a one-line InputError naming the file', () => {
  it('on YAML-shaped text', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const v = outcomeViolation(() => parseProfile(text, FILE));
        if (v) throw new Error(v);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary strings, code units and mixed encodings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), anyCodeUnits(200), mixedEncodings(200), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const v = outcomeViolation(() => parseProfile(text, FILE));
        if (v) throw new Error(v);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps names with line breaks or control characters on one line in messages', () => {
    for (const text of ['knows: {"a\\nb": 9}', 'knows: {"a\\rb": 7}', 'knows: {"a\\u2028b": 6}', 'goals: {"x\\ny": 1}', 'knows: ["a\\nb", "A\\nB"]',
      '"k\\ne\\ny": 1', 'ignore: [{a: 1}]']) {
      const v = outcomeViolation(() => parseProfile(text, FILE));
      expect(v, text).toBeNull();
    }
  });

  it('still reports a repeated key at its line (the linear duplicate check)', () => {
    expect(() => parseProfile('knows:\n  python: 4\n  go: 3\n  python: 3\n', FILE)).toThrow(`${FILE}:4: Map keys must be unique`);
    expect(() => parseProfile('goals: {role: a, role: b}\n', FILE)).toThrow(`${FILE}:1: Map keys must be unique`);
    expect(() => parseProfile('knows: [{name: a, name: b}]\n', FILE)).toThrow(`${FILE}:1: Map keys must be unique`);
    expect(parseProfile('knows: {python: 4, Python: 3}\n'.replace('Python: 3', 'go: 3'), FILE).knows).toHaveLength(2);
  });
});

// ------------------------------------------------------------------ hostile files under the guard

const PAIR_LINES = Math.floor(MAX_PROFILE_BYTES / 14);
const adversarial: [string, string][] = [
  ['nested 128k flow sequences', 'knows: ' + '['.repeat(128_000)],
  ['nested flow maps, closed', 'knows: ' + '{a: '.repeat(30_000) + '}'.repeat(30_000)],
  ['nested block sequences', repeatTo('- ', MAX_PROFILE_BYTES - 10)],
  [`${PAIR_LINES} keys in one map (yaml's own duplicate check is quadratic)`, 'knows:\n' + Array.from({ length: PAIR_LINES }, (_, i) => `  t${i}: 3`).join('\n')],
  ['many anchors and aliases', 'knows: [' + Array.from({ length: 20_000 }, (_, i) => `&a${i} x${i}`).join(',') + ']\nignore: [' + '*a1,'.repeat(5000) + ']'],
  ['one line of 256 KB', 'knows: {"' + repeatTo('ab', MAX_PROFILE_BYTES - 20) + '": 3}'],
  ['a megabyte (over the limit)', repeatTo('knows: {python: 3}\n', 1024 * 1024)],
  ['long runs of colons and question marks', repeatTo(':?', MAX_PROFILE_BYTES - 2)],
  ['NUL bytes and lone surrogates', repeatTo('\u0000\ud800knows: x\n', MAX_PROFILE_BYTES - 20)],
];

describe('parseProfile: hostile files finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, text) => {
    const o = await guard.call<Profile>('parseProfile', [text, FILE], label);
    if (o.ok) {
      expect(profileViolation(o.value)).toBeNull();
    } else {
      expect(o.error.inputError, `${o.error.name}: ${o.error.message}`).toBe(true);
      expect(o.error.message).not.toMatch(/[\r\n]/);
      expect(o.error.message.startsWith(`${FILE}:`)).toBe(true);
    }
  });
});
