// The tagger on hostile text: never throws, every mention is real evidence (offset/length inside the text,
// text === the slice), tags are sorted and distinct, and tagging is deterministic. Adversarial megabyte
// inputs run under the hard time guard of guard.ts (no timing assertions: a blow-up fails by timeout).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { TagResult } from '../../src/core/types.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { MAX_TEXT_CHARS, compileTagger } from '../../taxonomy/tagger.js';
import { Guard, MB, repeatTo } from './guard.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';

const taxonomy = loadTaxonomy();
const tagger = compileTagger(taxonomy);
const STRENGTHS = new Set(['required', 'preferred', 'mentioned']);
const IDS = new Set(taxonomy.entries.map((e) => e.id));

/** Every invariant of a TagResult for `text`; returns the first violation, or null. */
function tagViolation(text: string, r: TagResult): string | null {
  const seen = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  if (!Array.isArray(r.tags) || !Array.isArray(r.mentions)) return 'tags/mentions are not arrays';
  for (let i = 1; i < r.tags.length; i++) if (!(r.tags[i - 1]! < r.tags[i]!)) return `tags not sorted and distinct: ${r.tags[i - 1]} ${r.tags[i]}`;
  const techs = new Set<string>();
  for (const m of r.mentions) {
    const at = `mention ${m.tech}@${m.offset}+${m.length}`;
    if (!Number.isInteger(m.offset) || !Number.isInteger(m.length)) return `${at}: offset/length not integers`;
    if (m.offset < 0 || m.length <= 0 || m.offset + m.length > seen.length) return `${at}: outside the text (length ${seen.length})`;
    if (m.text !== seen.slice(m.offset, m.offset + m.length)) return `${at}: text ${JSON.stringify(m.text)} is not the slice`;
    if (!STRENGTHS.has(m.strength)) return `${at}: strength ${m.strength}`;
    if (typeof m.rule !== 'string' || m.rule === '') return `${at}: empty rule`;
    if (!IDS.has(m.tech)) return `${at}: unknown id`;
    techs.add(m.tech);
  }
  const tags = new Set(r.tags);
  if (tags.size !== techs.size || [...techs].some((t) => !tags.has(t))) return `tags ${r.tags.join(',')} differ from the mentioned ids ${[...techs].join(',')}`;
  return null;
}

// Alias forms of the real taxonomy, and the words the rules look at, glued with hostile separators.
const forms = [...new Set(taxonomy.entries.flatMap((e) => e.aliases.map((a) => a.form)))];
const ruleWords = [
  'experience with', 'written in', 'we use', 'no', 'not using', 'moved off', 'migrated away from', 'nice to have:', 'Requirements',
  'Nice to have', 'About us', 'Stack:', 'at', 'will', 'can', 'Senior', 'Engineer', 'developer', 'years', '5+ years', 'a plus',
  'required', 'preferred', 'ex-', 'R&D', 'C-level', 'Series C', 'Go through', 'React to', 'https://', 'www.', 'jobs@acme.io', '@acme',
];
const separators = [' ', ', ', ',', '/', ' / ', ' and ', ' or ', '\n', '\n\n', '\n- ', '\n* ', '. ', '; ', ': ', '-', '.', '+', '++', '#',
  '(', ')', '[', ']', '|', '&', '_', '$', '@', '=', '\t', '\r\n', ' 3', ' 3.11', '.x', ' v2', '2019', ' 1.22', '5', '•'];
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...forms) },
  { weight: 4, arbitrary: fc.constantFrom(...separators) },
  { weight: 2, arbitrary: fc.constantFrom(...ruleWords) },
  { weight: 2, arbitrary: hostileChars },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: anyCodeUnits(6) },
);
const adText = fc.array(token, { maxLength: 80 }).map((parts) => parts.join(''));

describe('tagger: properties on arbitrary text', () => {
  it('never throws and returns consistent evidence on alias/separator soup', () => {
    fc.assert(
      fc.property(adText, (text) => {
        const v = tagViolation(text, tagger.tag(text));
        if (v) throw new Error(v);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary code units (lone surrogates, NUL, controls) and mixed encodings', () => {
    fc.assert(
      fc.property(fc.oneof(anyCodeUnits(300), fc.string({ unit: 'binary', maxLength: 300 }), mixedEncodings(300)), (text) => {
        const v = tagViolation(text, tagger.tag(text));
        if (v) throw new Error(v);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same text tags the same after tagging other texts (shared buffers are reset)', () => {
    fc.assert(
      fc.property(adText, adText, (a, b) => {
        const first = tagger.tag(a);
        tagger.tag(b);
        tagger.tag(b + a);
        expect(tagger.tag(a)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('answers non-string input with no tags instead of throwing', () => {
    for (const v of [undefined, null, 42, {}, []]) expect(tagger.tag(v as unknown as string)).toEqual({ tags: [], mentions: [] });
  });

  it('keeps every mention inside the first MAX_TEXT_CHARS of an over-long text', () => {
    const cutThrough = ' '.repeat(MAX_TEXT_CHARS - 3) + 'Python and Rust';
    const r1 = tagger.tag(cutThrough);
    expect(tagViolation(cutThrough, r1)).toBeNull();
    expect(r1.tags).toEqual([]); // "Pyt" is all that is left
    const before = ' '.repeat(MAX_TEXT_CHARS - 16) + 'Python, Rust, Erlang'; // cut after "Er"
    const r2 = tagger.tag(before);
    expect(tagViolation(before, r2)).toBeNull();
    expect(r2.tags).toContain('python');
    expect(r2.tags).not.toContain('erlang');
  });
});

// ------------------------------------------------------------------ adversarial inputs under the guard

/** Deterministic pseudo-random bytes (no Math.random: a failure must reproduce). */
function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const bytes = pseudoRandomBytes(MB, 7);
const QUARTER = MB / 4;

// [label, text]. The list at a megabyte each; further shapes that stress list, cue, negation,
// heading and address rules at 256 KB (a quadratic rule takes many minutes there, far beyond the guard).
const adversarial: [string, string][] = [
  ['1 MB line without spaces', repeatTo('abcdefghij', MB)],
  ['1 MB word of letters and digits', repeatTo('python3go1', MB)],
  ['"C++C++C++…"', repeatTo('C++', MB)],
  ['"////…"', repeatTo('/', MB)],
  ['"..........…"', repeatTo('.', MB)],
  ['100k commas', ','.repeat(100_000)],
  ['100k commas between weak aliases "C,C,C…"', repeatTo('C,', 200_000)],
  ['unpaired high surrogates', repeatTo('\ud800', MB)],
  ['unpaired low surrogates between aliases', repeatTo('\udc00Go \ud83dRust ', MB)],
  ['NUL bytes around aliases', repeatTo('Python\u0000', MB)],
  ['RTL marks and overrides', repeatTo('\u202eJava\u200f', MB)],
  ['zero-width joiners and spaces', repeatTo('Rust\u200dGo\u200bAWS\u200bLambda ', MB)],
  ['invalid UTF-8 decoded with replacement characters', Buffer.from(bytes).toString('utf8')],
  ['bytes decoded as Latin-1 (mojibake)', Buffer.from(bytes).toString('latin1')],
  ['"İ" (lower-cases to two code units) glued to aliases', repeatTo('İGo İPython İ', MB)],
  ['one weak alias repeated: "go go go…"', repeatTo('go ', QUARTER)],
  ['one weak alias repeated: "Rust Rust…"', repeatTo('Rust ', QUARTER)],
  ['a weak-alias list "Go, Rust, C, R, …"', repeatTo('Go, Rust, C, R, ', QUARTER)],
  ['"Go and R and …"', repeatTo('Go and R and ', QUARTER)],
  ['"R/R/R…"', repeatTo('R/', QUARTER)],
  ['cue phrases "experience with Go and Rust …"', repeatTo('experience with Go and Rust ', QUARTER)],
  ['negations "we moved off PHP, no Go, …"', repeatTo('we moved off PHP, no Go, ', QUARTER)],
  ['short lines without a colon, one mention at the end', repeatTo('a\n', QUARTER) + 'Python'],
  ['headings and bullets', repeatTo('Nice to have:\n- Go\nRequirements\n* Rust\n\n', QUARTER)],
  ['version tails "Python 3.Go 1.1.1.1…"', repeatTo('Python 3.Go 1.1.1.1.1.', QUARTER)],
  ['URLs and domains', repeatTo('http://a.com/Go/', QUARTER / 2) + repeatTo('a.', QUARTER / 2)],
  ['e-mail-like runs', repeatTo('go@', QUARTER)],
  ['nested parentheses', '('.repeat(QUARTER / 2) + 'R' + ')'.repeat(QUARTER / 2)],
  ['hyphen glue "C-C-C-…"', repeatTo('C-', QUARTER)],
  ['over-long text (beyond MAX_TEXT_CHARS)', repeatTo('Kubernetes ', MAX_TEXT_CHARS + 1000)],
];

describe('tagger: adversarial inputs finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, text) => {
    const r = await guard.value<TagResult>('tag', [text], label);
    expect(tagViolation(text, r)).toBeNull();
  });

  it('the guard itself fails (does not hang) on a real blow-up', async () => {
    const short = new Guard(1000);
    try {
      await expect(short.call('regexExec', ['(a+)+$', 'a'.repeat(40) + '!'], 'self-test')).rejects.toThrow(/no answer within 1 s/);
    } finally {
      await short.close();
    }
  });
});
