// JSON-LD extraction on hostile pages. Extends tests/integration/jsonld-extract.test.ts (which already checks
// "never throws" on arbitrary strings and near-JSON blocks) with: the linear script-element scan agrees with a
// full HTML parse, extracted postings survive the rest of the pipeline (normalize, tag), and megabyte pages,
// 100k-deep markup and deep JSON finish within the guard of guard.ts.
import { load } from 'cheerio';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { extractJsonLd, scriptElements, type JsonLdExtraction } from '../../scrapers/jsonld.js';
import { normalizePosting } from '../../src/normalize.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';
import { Guard, MB, repeatTo } from './guard.js';

const PAGE = 'https://careers.example.test/jobs';
const tagger = compileTagger(loadTaxonomy());

const ld = (json: string, type = 'application/ld+json'): string => `<script type="${type}">${json}</script>`;
const posting = (title: string, extra = ''): string =>
  JSON.stringify({ '@context': 'https://schema.org', '@type': 'JobPosting', title, description: `<p>${title} with Go and PostgreSQL</p>` }).slice(0, -1) + extra + '}';

/** [type attribute, text] of every <script> element cheerio finds. */
function scripts(html: string): [string, string][] {
  const $ = load(html);
  return $('script').toArray().map((el) => [$(el).attr('type') ?? '', $(el).text()]);
}

// ------------------------------------------------------------------ the script-element scan vs a full parse

const word = fc.stringMatching(/^[A-Za-z0-9 ]{0,12}$/);
const jsonText = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.constantFrom(posting('Backend engineer'), '{"a":', ''))
  .filter((t) => !/<\/?script|<!--/i.test(t));
const scriptType = fc.constantFrom('application/ld+json', 'APPLICATION/LD+JSON', 'application/ld+json; charset=utf-8', 'text/javascript', '');
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(scriptType, jsonText).map(([t, j]) => `<script type="${t}">${j}</script>`) },
  { weight: 1, arbitrary: jsonText.map((j) => `<SCRIPT Type='application/ld+json' data-x=">">${j}</SCRIPT >`) },
  { weight: 2, arbitrary: word.map((w) => `<div class="a"><p>${w}</p></div>`) },
  { weight: 1, arbitrary: word.map((w) => `<!-- <script type="application/ld+json">${posting('in a comment')}</script> ${w} -->`) },
  { weight: 1, arbitrary: word.map((w) => `<a title="<script type=&quot;application/ld+json&quot;>" href="/${w}">${w}</a>`) },
  { weight: 1, arbitrary: fc.constantFrom('textarea', 'title', 'style', 'noscript', 'xmp').map((t) => `<${t}><script type="application/ld+json">${posting('raw text')}</script></${t}>`) },
  { weight: 1, arbitrary: fc.constantFrom('<!DOCTYPE html>', '<html>', '<head>', '</head>', '<body>', '</body>', '<br/>', '<img src="a>b">', '<!-->', '<!--->', '</ x>', 'a < b', '<?xml version="1.0"?>', '<p', '</div>') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), jsonText).map(([d, j]) => '<div>'.repeat(d) + ld(j) + '</div>'.repeat(d)) },
);
const page = fc.array(piece, { maxLength: 10 }).map((p) => p.join('\n'));

describe('scriptElements: the linear scan finds what the HTML parser finds', () => {
  it('same script elements (type and content, in order) as a full cheerio parse, on generated pages', () => {
    fc.assert(
      fc.property(page, (html) => {
        expect(scripts(scriptElements(html))).toEqual(scripts(html));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary strings, code units and mixed encodings, and returns only script markup', () => {
    fc.assert(
      fc.property(fc.oneof(anyCodeUnits(300), fc.string({ maxLength: 300 }), mixedEncodings(300), page), (html) => {
        const out = scriptElements(html);
        expect(typeof out).toBe('string');
        expect(out.length).toBeLessThanOrEqual(html.length + 1);
      }),
      { numRuns: 300 },
    );
  });
});

// ------------------------------------------------------------------ pipeline after extraction

describe('extracted postings survive the rest of the pipeline', () => {
  const field = fc.oneof(fc.string({ maxLength: 30 }), anyCodeUnits(30), hostileChars, fc.constantFrom('&constructor;', '&lt;p&gt;x&lt;/p&gt;', '&#0;', '&#xD800;'));
  const jobish = fc.record(
    {
      '@type': fc.constantFrom('JobPosting', ['JobPosting'], 'schema:JobPosting'),
      title: field,
      description: fc.oneof(field, fc.array(field, { maxLength: 3 }).map((a) => `<ul><li>${a.join('</li><li>')}</li></ul>`)),
      datePosted: fc.oneof(field, fc.constantFrom('2026-13-45', '0000-00-00', '9999-12-31T99:99', '2016-03-01', '2016-03-01T15:00:25+14:00')),
      hiringOrganization: fc.oneof(field, fc.record({ name: field }), fc.constant({ '@id': '#org' })),
      identifier: fc.oneof(field, fc.integer(), fc.record({ value: field })),
      url: fc.oneof(field, fc.constantFrom('javascript:alert(1)', '//evil.test/x', 'https://a.test/\u0000', '../../etc/passwd')),
    },
    { requiredKeys: ['@type'] },
  );
  it('normalizePosting and the tagger accept every extracted posting; text fields are strings or null', () => {
    fc.assert(
      fc.property(fc.array(jobish, { minLength: 1, maxLength: 3 }), (jobs) => {
        const html = `<html><head>${jobs.map((j) => ld(JSON.stringify(j).replace(/<\//g, '<\\/'))).join('')}</head></html>`;
        const r = extractJsonLd(html, PAGE);
        for (const p of r.postings) {
          for (const k of ['title', 'company', 'location', 'html', 'text', 'url'] as const) {
            const v = p[k];
            expect(v === null || v === undefined || typeof v === 'string', k).toBe(true);
          }
          if (p.url) expect(p.url).toMatch(/^https?:\/\//); // javascript: and other schemes are dropped
          const n = normalizePosting(p);
          expect(n.title ?? '').not.toContain('function Object()');
          tagger.tag(n.text);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------ adversarial pages under the guard

const bytes = Buffer.alloc(MB);
for (let i = 0, x = 5; i < MB; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; bytes[i] = x >>> 23; }
const job = posting('Deep engineer');

const adversarial: [string, string, number][] = [
  // [label, page, postings expected]
  ['a posting inside 100k nested <div>s', '<div>'.repeat(100_000) + ld(job) + '</div>'.repeat(100_000), 1],
  ['a posting after 100k stray closing tags', '<div>'.repeat(1000) + '</x>'.repeat(100_000) + ld(job), 1],
  ['a posting after 100k unclosed <b>s and table cells', '<b>'.repeat(50_000) + '<table><tr><td>'.repeat(10_000) + ld(job), 1],
  ['5 MB page of markup around one posting', repeatTo('<p>Go &amp; Rust</p>', 5 * MB - 2000) + ld(job), 1],
  ['a block nested 100k arrays deep', ld('['.repeat(100_000) + job + ']'.repeat(100_000)), 0],
  ['a block nested 100k objects deep', ld('{"a":'.repeat(100_000) + job + '}'.repeat(100_000)), 0],
  ['a block of a million commas', ld('[' + ','.repeat(MB) + ']'), 0],
  ['an unterminated block of a megabyte of "{"', '<script type="application/ld+json">' + '{'.repeat(MB), 0],
  ['5000 blocks', ld(job).repeat(5000), 1],
  // The walk has a node budget (MAX_NODES): the posting comes first, the 20k-node reference cycle after it.
  ['an @graph of 20k nodes with reference chains and cycles', ld(JSON.stringify({
    '@graph': [
      { '@type': 'JobPosting', title: 'Graph engineer', hiringOrganization: { '@id': '#n0' }, jobLocation: { '@id': '#n1' } },
      ...Array.from({ length: 20_000 }, (_, i) => ({ '@id': `#n${i}`, name: `N${i}`, parent: { '@id': `#n${(i + 1) % 20_000}` } })),
    ],
  })), 1],
  ['a megabyte attribute value holding "<script"', `<div data-x='${repeatTo('<script type="application/ld+json">', MB)}'>` + ld(job), 1],
  ['a megabyte comment holding blocks', '<!--' + repeatTo(ld(job), MB) + '-->' + ld(posting('After comment')), 1],
  ['near-miss end tags inside a block', '<script type="application/ld+json">' + job + repeatTo('</scrip', MB) + '</script>', 0],
  ['invalid UTF-8 page with a block', bytes.toString('utf8') + ld(job), 1],
  ['UTF-16LE-decoded bytes (lone surrogates) with a block', bytes.toString('utf16le') + ld(job), 1],
];

describe('extractJsonLd: adversarial pages finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, html, expected) => {
    const r = await guard.value<JsonLdExtraction>('extractJsonLd', [html, PAGE], label);
    expect(r.postings).toHaveLength(expected);
    expect(r.malformedBlocks).toBeLessThanOrEqual(r.blocks);
    for (const e of r.errors) expect(e.split('\n')).toHaveLength(1);
  });
});
