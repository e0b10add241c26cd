// The static catastrophic-backtracking check on taxonomy reject patterns (taxonomy/regex-safety.ts) and the
// loader that applies it. Complements tests/unit/taxonomy-regex-safety.test.ts (its fixed accept/reject
// lists): here the check must never throw, must catch the shapes found while writing these tests, and must
// be sound on generated patterns: every pattern it accepts runs on hostile subjects without blowing up
// (run in the guard's worker, so a missed shape fails by timeout instead of hanging).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TaxonomyError } from '../../src/core/errors.js';
import { defaultTaxonomyDir, loadTaxonomy } from '../../taxonomy/load.js';
import { catastrophicShape } from '../../taxonomy/regex-safety.js';
import { anyCodeUnits } from './arbitraries.js';
import { Guard, repeatTo } from './guard.js';

describe('catastrophicShape: total', () => {
  it('returns null or a non-empty description for any string, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), anyCodeUnits(80), fc.stringMatching(/^[()|*+?{}\[\]\\^$,.\d a-c:<=!k]{0,40}$/)), (src) => {
        const r = catastrophicShape(src);
        return r === null || (typeof r === 'string' && r.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('catastrophicShape: shapes that took seconds to hours on ~40 characters', () => {
  // Each was measured as a blow-up in V8 (on "a" x 41 + "!") and was missed by the first version of the check.
  it.each([
    '((a|aa))+$',
    '(?:(?:a|aa))+$',
    '(?:a{1,3}){1,16}$',
    '(?:a{1,16}){1,16}$',
    '(?:(?:a{1,4}){1,4}){1,4}$',
    '(?:a+b?){1,16}$',
    '(?:a|aa){1,16}$',
    '(a?){30}a{30}$',
    '[^](a+)+$]', // "[^]" is any character in JavaScript: the group is not inside a class
    'a*a*a*a*a*a*a*$',
    '(?:(?:a+){4}){4}$',
    '(?:a{1,3}){16}$',
    '(?:a?a?){16}$',
    '(?:(?:a{1,16}){3}){3}$',
    '(?:((a)?|a){16})$', // found by the generated-pattern property below (seed -15178601): a choice per repetition
    '(?<n>a)\\k<n>',
  ])('refuses %s', (p) => {
    expect(catastrophicShape(p)).not.toBeNull();
  });
});

// ------------------------------------------------------------------ soundness on generated patterns

// Small patterns over a tiny alphabet, biased to nested groups and variable repetitions: the shapes that
// explode. Lookarounds are left out (they do not backtrack into their content once they succeed).
const atom = fc.constantFrom('a', 'aa', 'b', 'ab', '\\w', '\\s', '.', '[ab]', '[^b]', ' ', ',', '[^]');
const quantifier = fc.constantFrom('', '', '?', '*', '+', '+?', '{2}', '{3}', '{6}', '{16}', '{1,2}', '{1,3}', '{0,2}', '{0,3}', '{2,}', '{1,16}', '{20}');
const { alt } = fc.letrec<{ term: string; piece: string; seq: string; alt: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    atom,
    fc.tuple(fc.constantFrom('(', '(?:'), tie('alt')).map(([open, inner]) => `${open}${inner})`),
  ),
  piece: fc.tuple(tie('term'), quantifier).map(([t, q]) => t + q),
  seq: fc.array(tie('piece'), { minLength: 1, maxLength: 2 }).map((a) => a.join('')),
  alt: fc.array(tie('seq'), { minLength: 1, maxLength: 2 }).map((a) => a.join('|')),
}));

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'gi');
    return true;
  } catch {
    return false;
  }
}

/** Repetitions in the source (polynomial degree at most this): kept small so accepted patterns stay fast. */
function repetitions(source: string): number {
  return (source.replace(/\(\?[:=!]/g, '(').match(/[*+]|\{\d*,\d*\}|\{\d{2,}\}/g) ?? []).length;
}

// Subjects where a backtracking blow-up shows: long runs the pattern can split many ways, then a mismatch.
const subjects = ['a'.repeat(41) + '!', 'ab'.repeat(20) + '!', ' '.repeat(41) + '!', 'a,'.repeat(20) + '!', 'a b,'.repeat(10) + '\n'];

describe('catastrophicShape: sound on generated patterns', () => {
  const guard = new Guard(20_000);
  afterAll(() => guard.close());

  it('every accepted pattern (anchored, so the engine must backtrack fully) runs on hostile subjects within the guard', async () => {
    const accepted = alt.map((p) => `(?:${p})$`).filter((p) => compiles(p) && repetitions(p) <= 3 && catastrophicShape(p) === null);
    await fc.assert(
      fc.asyncProperty(accepted, async (source) => {
        for (const s of subjects) await guard.value('regexExec', [source, s], `pattern ${source} on ${JSON.stringify(s.slice(0, 12))}…`);
      }),
      { numRuns: 300 },
    );
  });

  it('the real taxonomy reject patterns run on hostile windows within the guard', async () => {
    const patterns = loadTaxonomy().entries.flatMap((e) => e.reject.map((p) => [e.id, p] as const));
    expect(patterns.length).toBeGreaterThan(0);
    // The tagger runs them on ~250-character windows; these are longer and made of what the patterns repeat.
    const windows = [repeatTo(' ', 400), repeatTo('a', 400), repeatTo('a ', 400), repeatTo(', ', 400), repeatTo('by at such as ', 400),
      repeatTo('C+', 400), repeatTo('ex-', 400)];
    for (const [id, p] of patterns) {
      expect(catastrophicShape(p), `${id}: ${p}`).toBeNull();
      for (const w of windows) await guard.value('regexExec', [p, w], `reject pattern of ${id}: ${p}`);
    }
  });
});

// ------------------------------------------------------------------ the loader refuses them, naming file and entry

describe('loadTaxonomy refuses a catastrophic reject pattern in a real taxonomy folder', () => {
  const temps: string[] = [];
  afterAll(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

  it.each(['(a+)+', '(\\w+\\s?)+x', '((a|aa))+', '(?:a{1,3}){1,16}'])('%s', (pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'techdemand-tax-'));
    temps.push(dir);
    cpSync(defaultTaxonomyDir(), dir, { recursive: true });
    const file = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()[0]!;
    const text = readFileSync(join(dir, file), 'utf8');
    // Append one entry with the bad pattern (single-quoted YAML: backslashes stay as written).
    writeFileSync(join(dir, file), `${text.trimEnd()}\n  - id: zz-hostile\n    name: Hostile\n    aliases: [zzhostile]\n    reject: ['${pattern}']\n`);
    let error: unknown;
    try {
      loadTaxonomy(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TaxonomyError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain('entry "zz-hostile"');
    expect(message).toMatch(/catastrophic/);
    expect(message.split('\n')).toHaveLength(1);
  });
});
