// schema.org JobPosting extraction from career pages: the fixture pages (several blocks, @graph,
// arrays, @id references, nested and prefixed @type, double-escaped descriptions, a malformed block
// among good ones, a repairable templated block) and arbitrary input, which must never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractJobPostings, extractJsonLd } from '../../scrapers/jsonld.js';
import { parseLenient, repairJsonText, unwrapBlock } from '../../scrapers/jsonld-repair.js';
import { normalizePosting } from '../../src/normalize.js';
import { readBoardsFixture } from '../fixtures/boards/harness.js';

const PAGE = 'https://careers.example.test/careers/multi-block.html';
const GRAPH = 'https://careers.example.test/careers/graph.html';

function ld(json: string): string {
  return `<script type="application/ld+json">${json}</script>`;
}

describe('fixture page with several blocks', () => {
  const result = extractJsonLd(readBoardsFixture('careers/multi-block.html'), PAGE);

  it('reads every good block, counts and skips the malformed one', () => {
    expect(result.blocks).toBe(4);
    expect(result.malformedBlocks).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^ld\+json block 3 on https:\/\/careers\.example\.test\/careers\/multi-block\.html: /);
    expect(result.postings.map((p) => p.title)).toEqual(['OrioleDB Developer (AMER)', 'Staff Engineer, Full Stack (Trust, Safety & Risk)']);
  });

  it('resolves the organisation by @id and reads TELECOMMUTE as remote', () => {
    const oriole = result.postings[0]!;
    expect(oriole).toMatchObject({
      source: 'careers',
      externalId: 'careers.example.test:154087',
      url: 'https://careers.example.test/jobs/154087-orioledb-developer-amer',
      company: 'Supabase',
      location: 'USA, Canada',
      remote: true,
      postedAt: '2026-09-25T20:54:07Z',
    });
    expect(oriole.meta).toMatchObject({ identifier: '154087', employmentType: ['FULL_TIME'], validThrough: '2026-10-25' });
    expect(normalizePosting(oriole).text).toContain('Supabase is the Postgres development platform');
  });

  it('reads an array block with an array @type, several places and a salary', () => {
    const phantom = result.postings[1]!;
    expect(phantom).toMatchObject({
      externalId: 'careers.example.test:154084',
      url: PAGE,
      company: 'Phantom',
      location: 'San Francisco, CA, US; New York, US',
      remote: false,
      postedAt: '2026-09-25',
    });
    expect(phantom.meta!['baseSalary']).toEqual({ currency: 'USD', min: 200000, max: 250000, unit: 'YEAR' });
  });
});

describe('fixture page with @graph and a templated block', () => {
  const result = extractJsonLd(readBoardsFixture('careers/graph.html'), GRAPH);

  it('finds the posting in the @graph and the one nested in an ItemList', () => {
    expect(result.blocks).toBe(2);
    expect(result.malformedBlocks).toBe(0);
    // Comment-wrapped, a raw newline inside a string and trailing commas: repaired, not lost.
    expect(result.repairedBlocks).toBe(1);
    expect(result.postings.map((p) => p.company)).toEqual(['Abridge', 'micro1']);
  });

  it('decodes a double-escaped description to HTML', () => {
    const abridge = result.postings[0]!;
    expect(abridge.html!.startsWith('<h3><strong>About Abridge</strong></h3><p>Abridge was founded in 2018')).toBe(true);
    const text = normalizePosting(abridge).text;
    expect(text).toContain('what matters most—their patients');
    expect(text).not.toMatch(/&lt;|&amp;|<p>/);
    expect(abridge).toMatchObject({ location: 'United States', remote: false, postedAt: '2026-09-26', externalId: 'careers.example.test:it-operations-specialist' });
  });

  it('reads a prefixed @type, a string organisation and a lower-case telecommute', () => {
    const micro1 = result.postings[1]!;
    expect(micro1).toMatchObject({
      title: 'Gmail & Google Calendar AI Assistant Evaluator',
      location: 'United States',
      remote: true,
      postedAt: '2026-09-26T04:58:56Z',
      url: GRAPH,
    });
    expect(micro1.externalId).toMatch(/^https:\/\/careers\.example\.test\/careers\/graph\.html#[0-9a-f]{16}$/);
    expect(micro1.html).toContain('<p><strong>Role Type:</strong> Contractor, Remote</p>\n<p>micro1 is engaging');
  });

  it('gives the same ids on every read (stable across runs)', () => {
    const again = extractJobPostings(readBoardsFixture('careers/graph.html'), GRAPH);
    expect(again.map((p) => p.externalId)).toEqual(result.postings.map((p) => p.externalId));
  });
});

describe('edge cases', () => {
  it('a page without JobPostings yields nothing', () => {
    expect(extractJsonLd(readBoardsFixture('careers/no-jobs.html'), PAGE)).toMatchObject({ postings: [], blocks: 1, malformedBlocks: 0 });
    expect(extractJsonLd('<html><body>plain</body></html>', PAGE)).toMatchObject({ postings: [], blocks: 0 });
  });

  it('takes a content type with parameters and any case, and ignores other script types', () => {
    const html =
      '<script type="Application/LD+JSON; charset=utf-8">{"@type":"JobPosting","title":"A","identifier":"1"}</script>' +
      '<script type="application/json">{"@type":"JobPosting","title":"not ld"}</script>' +
      '<script>var x = {"@type":"JobPosting"}</script>';
    expect(extractJobPostings(html, PAGE).map((p) => p.title)).toEqual(['A']);
  });

  it('keeps a description that is real HTML with escaped text as it is', () => {
    const html = ld(JSON.stringify({ '@type': 'JobPosting', title: 'Frontend', description: '<p>You know when to use &lt;div&gt; and &lt;section&gt;.</p>' }));
    expect(extractJobPostings(html, PAGE)[0]!.html).toBe('<p>You know when to use &lt;div&gt; and &lt;section&gt;.</p>');
  });

  it('puts a tag-free description in text, entities decoded', () => {
    const html = ld(JSON.stringify({ '@type': 'JobPosting', title: 'Backend', description: 'Go &amp; PostgreSQL, R&amp;D team' }));
    const [p] = extractJobPostings(html, PAGE);
    expect(p!.html).toBeNull();
    expect(p!.text).toBe('Go & PostgreSQL, R&D team');
  });

  it('marks the same posting in two blocks once', () => {
    const job = JSON.stringify({ '@type': 'JobPosting', title: 'Twice', identifier: { '@type': 'PropertyValue', value: 'x-1' } });
    expect(extractJobPostings(ld(job) + ld(`{"@graph":[${job}]}`), PAGE)).toHaveLength(1);
  });

  it('keeps a garbage datePosted raw and leaves postedAt empty', () => {
    const [p] = extractJobPostings(ld(JSON.stringify({ '@type': 'JobPosting', title: 'T', datePosted: 'last Tuesday' })), PAGE);
    expect(p!.postedAt).toBeNull();
    expect(p!.meta!['datePostedRaw']).toBe('last Tuesday');
  });

  it('survives pathological nesting, self-references and wrong types', () => {
    let deep = '{"@type":"JobPosting","title":"deep"}';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const odd = [
      ld(deep),
      ld('null'),
      ld('42'),
      ld('"JobPosting"'),
      ld('[[[[]]]]'),
      ld('{"@id":"#a","@type":"JobPosting","title":"self","hiringOrganization":{"@id":"#a"},"jobLocation":{"@id":"#a"}}'),
      ld('{"@type":["JobPosting"],"title":{"@value":"wrapped"},"hiringOrganization":[1,{"name":["Acme"]}],"jobLocation":"Berlin","identifier":[{"value":7}]}'),
    ].join('\n');
    const result = extractJsonLd(odd, PAGE);
    expect(result.malformedBlocks).toBe(0);
    const titles = result.postings.map((p) => p.title);
    expect(titles).toContain('self');
    expect(titles).toContain('wrapped');
    const wrapped = result.postings.find((p) => p.title === 'wrapped')!;
    expect(wrapped).toMatchObject({ company: 'Acme', location: 'Berlin', externalId: 'careers.example.test:7' });
  });
});

describe('lenient block parsing', () => {
  it('unwraps comments, CDATA, a BOM and semicolons', () => {
    expect(unwrapBlock('\uFEFF <!-- //<![CDATA[\n{"a":1};\n//]]> -->')).toBe('{"a":1}');
  });

  it('repairs raw control characters in strings and trailing commas, nothing else', () => {
    expect(repairJsonText('{"a":"x\ny\tz",\n"b":[1,2,],}')).toBe('{"a":"x\\ny\\tz",\n"b":[1,2]}');
    // Commas inside strings are text.
    expect(repairJsonText('{"a":",]"}')).toBe('{"a":",]"}');
    expect(parseLenient('{"a": 1 "b": 2}').ok).toBe(false);
    expect(parseLenient('').ok).toBe(false);
  });
});

describe('never throws on arbitrary input', () => {
  it('arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('<script type="application/ld+json">', '</script>', '{"@type":"JobPosting"', '&amp;lt;p&amp;gt;', '"@graph":[')), { maxLength: 12 }),
        fc.constantFrom(PAGE, 'http://127.0.0.1:8080/x?y=1', 'not a url', ''),
        (parts, url) => {
          const html = parts.join('');
          const r = extractJsonLd(html, url);
          return Array.isArray(r.postings) && r.malformedBlocks <= r.blocks;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('arbitrary JSON and near-JSON inside ld+json blocks', () => {
    const json = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v));
    const jobish = fc.record(
      {
        '@type': fc.constantFrom('JobPosting', ['JobPosting'], 'schema:JobPosting', 'Thing', 7),
        title: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())),
        description: fc.oneof(fc.string(), fc.constant('&amp;lt;p&amp;gt;x&amp;lt;/p&amp;gt;'), fc.constant({ x: 1 })),
        datePosted: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer()),
        hiringOrganization: fc.oneof(fc.string(), fc.record({ name: fc.string() }), fc.constant({ '@id': '#x' })),
        jobLocation: fc.oneof(fc.string(), fc.array(fc.record({ address: fc.oneof(fc.string(), fc.record({ addressLocality: fc.string() })) }))),
        jobLocationType: fc.oneof(fc.constant('TELECOMMUTE'), fc.string()),
        identifier: fc.oneof(fc.string(), fc.integer(), fc.record({ value: fc.string() })),
      },
      { requiredKeys: ['@type'] },
    );
    // A block that itself contains "</script" or "<!--" would change how many blocks the HTML parser sees.
    const block = fc
      .oneof(json, jobish.map((j) => JSON.stringify(j)), fc.string(), jobish.map((j) => JSON.stringify(j).slice(0, -3)))
      .filter((b) => !/<\/?script|<!--/i.test(b));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
        const html = `<html><head>${blocks.map((b) => ld(b)).join('')}</head></html>`;
        const r = extractJsonLd(html, PAGE);
        for (const p of r.postings) {
          if (typeof p.externalId !== 'string' || p.externalId === '' || p.source !== 'careers') return false;
          if (p.postedAt !== null && p.postedAt !== undefined && Number.isNaN(Date.parse(p.postedAt))) return false;
          normalizePosting(p);
          JSON.stringify(p.meta);
        }
        return r.blocks === blocks.length && r.malformedBlocks <= r.blocks;
      }),
      { numRuns: 200 },
    );
  });
});
