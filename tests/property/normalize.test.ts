// RawPosting → Posting (src/normalize.ts) with arbitrary field values: never throws, always yields a posting the
// store can take (a UTC timestamp in range, its month, bounded one-line metadata, a sha256 content hash), and
// toIsoTime answers any string or number with an ISO time or null. Megabyte fields run under the guard.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, contentHash, normalizePosting, toIsoTime, withoutUnusedHtml } from '../../src/normalize.js';
import type { Posting, RawPosting } from '../../src/core/types.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';
import { Guard, MB, repeatTo } from './guard.js';

const SEEN = new Date('2026-01-15T12:00:00Z');

function postingViolation(raw: RawPosting, p: Posting): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(p.postedAt)) return `postedAt ${p.postedAt}`;
  const year = Number(p.postedAt.slice(0, 4));
  if (year < 1990 || year > 2100) return `postedAt out of range ${p.postedAt}`;
  if (p.postedMonth !== p.postedAt.slice(0, 7)) return `postedMonth ${p.postedMonth} for ${p.postedAt}`;
  if (typeof p.text !== 'string' || p.text.length > MAX_TEXT_CHARS) return `text of ${p.text?.length}`;
  if (!/^[0-9a-f]{64}$/.test(p.contentHash) || p.contentHash !== contentHash(p.text)) return 'contentHash';
  for (const [k, max] of [['url', 2000], ['company', 300], ['title', 300], ['location', 300]] as const) {
    const v = p[k];
    if (v === null) continue;
    if (typeof v !== 'string' || v.length > max || v === '' || /[\n\r\t]/.test(v) || v !== v.trim()) return `${k} ${JSON.stringify(v).slice(0, 80)}`;
  }
  if (p.source !== raw.source || p.externalId !== String(raw.externalId)) return 'identity changed';
  if (p.html !== null && p.html.length > MAX_TEXT_CHARS * 2) return 'html not bounded';
  return null;
}

const text = fc.oneof(fc.string({ maxLength: 80 }), anyCodeUnits(80), mixedEncodings(80), hostileChars, fc.constantFrom('', ' ', '\n\t ', '\u00a0\u2028'));
const dateish = fc.oneof(
  text,
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc.integer().map(String),
  fc.constantFrom('2016-03', '2016-13', '2016-03-01', '2016-02-30', '1989-12-31', '2101-01-01', '0000-00-00', '9999-99-99', '1e400', 'NaN',
    '1456844425', '1456844425000', '99999999999999', '2016-03-01T15:00:25+14:00', 'Tue, 01 Mar 2016 15:00:25 GMT', 'yesterday', '-1', '2016-03-01T25:61:61Z'),
);
const raw: fc.Arbitrary<RawPosting> = fc.record(
  {
    source: fc.oneof(fc.constantFrom('hn', 'greenhouse', 'careers'), text),
    externalId: fc.oneof(text, fc.integer().map(String)),
    url: fc.option(text, { nil: null }),
    company: fc.option(text, { nil: null }),
    title: fc.option(text, { nil: null }),
    location: fc.option(text, { nil: null }),
    remote: fc.option(fc.boolean(), { nil: null }),
    postedAt: fc.option(dateish, { nil: null }),
    html: fc.option(fc.oneof(text, fc.constantFrom('<p>Go &amp; Rust</p>', '<script>x</script>', '&#xD800;', '<pre>  </pre>')), { nil: null }),
    text: fc.option(text, { nil: null }),
    meta: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: ['source', 'externalId'] },
);

describe('normalizePosting: arbitrary RawPosting fields', () => {
  it('never throws and always yields a storable posting', () => {
    fc.assert(
      fc.property(raw, (r) => {
        const v = postingViolation(r, normalizePosting(r, SEEN));
        if (v) throw new Error(v);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same posting, but for the HTML the store does not keep, when a bulk load drops unused HTML', () => {
    let dropped = 0;
    fc.assert(
      fc.property(raw, (r) => {
        const slim = withoutUnusedHtml(r);
        if (slim.html !== r.html) dropped++;
        const { html: _a, ...full } = normalizePosting(r, SEEN);
        const { html: _b, ...fromSlim } = normalizePosting(slim, SEEN);
        expect(fromSlim).toEqual(full);
      }),
      { numRuns: 500 },
    );
    expect(dropped).toBeGreaterThan(0);
    const both = { source: 'hn', externalId: '1', text: 'Go', html: '<p>Rust</p>' };
    expect(withoutUnusedHtml(both).html).toBeNull();
    // Blank text: the HTML is the body, kept as given.
    const blank = { ...both, text: ' \n ' };
    expect(withoutUnusedHtml(blank)).toBe(blank);
  });

  it('falls back to the time it was seen when the source date is not a date', () => {
    expect(normalizePosting({ source: 'hn', externalId: '1', postedAt: 'yesterday', text: 'x' }, SEEN).postedAt).toBe('2026-01-15T12:00:00Z');
  });
});

describe('contentHash: the canonical form stored hashes were made with', () => {
  // Databases written by earlier builds hold hashes of lower-cased text with every whitespace run made one space;
  // a different canonical form would make every stored ad look changed on its next scrape.
  const reference = (t: string) => createHash('sha256').update(t.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');
  const spaces = fc.constantFrom(' ', '  ', '\n', '\t', ' \n ', '\u00a0', '\u2028', '\u3000', '\r\n', '\ufeff', 'x', 'Go', 'É');

  it('equals sha256 of the lower-cased text with each whitespace run as one space', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.array(spaces, { maxLength: 30 }).map((a) => a.join(''))), (t) => contentHash(t) === reference(t)),
      { numRuns: 1000 },
    );
    expect(contentHash('  Go\n\nand\u00a0Rust ')).toBe(reference('go and rust'));
  });
});

describe('toIsoTime: any string or number', () => {
  it('returns null or an ISO UTC time within 1990-2100, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(dateish, fc.double().map((d) => d as string | number), fc.integer({ min: -1e15, max: 1e15 }).map((d) => d as string | number)), (v) => {
        const iso = toIsoTime(v);
        if (iso === null) return true;
        const year = Number(iso.slice(0, 4));
        return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(iso) && year >= 1990 && year <= 2100 && !Number.isNaN(Date.parse(iso));
      }),
      { numRuns: 500 },
    );
    for (const v of [NaN, Infinity, -Infinity, -0, '', null, undefined]) expect(toIsoTime(v as number)).toBeNull();
  });
});

// ------------------------------------------------------------------ megabyte fields under the guard

const adversarial: [string, RawPosting][] = [
  ['5 MB of HTML', { source: 'hn', externalId: '1', html: repeatTo('<p>Go, <b>Rust</b> &amp; PostgreSQL</p>\n', 5 * MB) }],
  ['a megabyte of text', { source: 'hn', externalId: '2', text: repeatTo('Python and Kubernetes. ', MB) }],
  ['megabyte title, company and location of whitespace runs', {
    source: 'hn', externalId: '3', title: repeatTo(' \t\n\u00a0', MB), company: repeatTo('a ', MB), location: repeatTo('\u2028x', MB), text: 'x',
  }],
  ['a megabyte date string', { source: 'hn', externalId: '4', postedAt: '2016-03-01' + ' '.repeat(MB), text: 'x' }],
  ['a megabyte of digits as the date', { source: 'hn', externalId: '5', postedAt: '9'.repeat(MB), text: 'x' }],
  ['a megabyte URL', { source: 'hn', externalId: '6', url: 'https://a.test/' + 'a'.repeat(MB), text: 'x' }],
  ['text that cuts through a surrogate pair at the limit', { source: 'hn', externalId: '7', text: 'x'.repeat(MAX_TEXT_CHARS - 1) + '😀😀' }],
];

describe('normalizePosting: megabyte fields finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, r) => {
    const p = await guard.value<Posting>('normalizePosting', [r], label);
    expect(postingViolation(r, p)).toBeNull();
  });
});
