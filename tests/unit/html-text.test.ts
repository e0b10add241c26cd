// HTML → text for job ads (scrapers/html-text.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeEntities, htmlToText } from '../../scrapers/html-text.js';

describe('structure', () => {
  it('HN 2026 style: bare <p> separators become blank lines, entities decoded', () => {
    const html =
      'Quill | Fullstack SWE | Remote, PT&#x2F;ET hours preferred | <a href="https:&#x2F;&#x2F;quill.co&#x2F;" rel="nofollow">https:&#x2F;&#x2F;quill.co&#x2F;</a><p>We&#x27;re hiring &amp; growing.<p>Apply!';
    expect(htmlToText(html)).toBe(
      "Quill | Fullstack SWE | Remote, PT/ET hours preferred | https://quill.co/\n\nWe're hiring & growing.\n\nApply!",
    );
  });

  it('HN 2023 style: <p>…</p> wrapped paragraphs give the same text', () => {
    expect(htmlToText('<p>First</p><p>Second</p>')).toBe('First\n\nSecond');
  });

  it('old HN <font> wrapper and typed newlines', () => {
    const html = '<font color="#000000">Amsterdam &amp; SF | Full Time | On site | Famo.us\nWebGL Creative Engineer &amp;&amp; UX/UI Designer<p>www.famo.us/jobs</p></font>';
    expect(htmlToText(html)).toBe('Amsterdam & SF | Full Time | On site | Famo.us\nWebGL Creative Engineer && UX/UI Designer\n\nwww.famo.us/jobs');
  });

  it('br, li and div become line breaks; list items keep their text', () => {
    expect(htmlToText('a<br>b<br/>c')).toBe('a\nb\nc');
    expect(htmlToText('<ul><li>Go</li><li>PostgreSQL</li></ul>Done')).toBe('Go\nPostgreSQL\nDone');
    expect(htmlToText('<div>one</div><div>two</div>')).toBe('one\ntwo');
  });

  it('<pre> keeps its whitespace and indentation', () => {
    const html = 'Qualifications<p><pre><code>    * Go\n    * Kafka\n</code></pre>\nThanks';
    expect(htmlToText(html)).toBe('Qualifications\n\n    * Go\n    * Kafka\n\nThanks');
  });

  it('collapses runs of spaces outside <pre> and trims lines', () => {
    expect(htmlToText('  lots   of\t\tspace  <p>   here  ')).toBe('lots of space\n\nhere');
  });

  it('inline tags do not add spaces, whitespace around them is kept', () => {
    expect(htmlToText('We use <i>Go</i> and <b>Rust</b>, <a href="x">see</a>.')).toBe('We use Go and Rust, see.');
    expect(htmlToText('Type<i>Script</i>')).toBe('TypeScript');
  });

  it('drops script/style content and comments', () => {
    expect(htmlToText('a<script>alert("<p>x</p>")</script>b<style>p{}</style>c<!-- hidden <p> -->d')).toBe('abcd');
  });

  it('table cells are separated by spaces', () => {
    expect(htmlToText('<table><tr><td>Go</td><td>Rust</td></tr></table>')).toBe('Go Rust');
  });
});

describe('entities', () => {
  it('decodes named, decimal, hex, and legacy no-semicolon forms', () => {
    expect(decodeEntities('&amp; &lt;&gt; &quot;&#x27;&#39; &mdash; &eacute; &nbsp;x &copy &amp')).toBe('& <> "\'\' — é  x © &');
  });

  it('maps 0x80–0x9F references like browsers (Windows-1252) and replaces invalid code points', () => {
    expect(decodeEntities('it&#146;s &#150; &#0; &#xD800; &#x110000;')).toBe('it’s – \ufffd \ufffd \ufffd');
  });

  it('leaves unknown names and bare ampersands alone', () => {
    expect(decodeEntities('AT&T &notanentity; R&D')).toBe('AT&T &notanentity; R&D');
  });

  it('decoded markup is text, never re-parsed as tags', () => {
    expect(htmlToText('&lt;p&gt;Senior &lt;b&gt;Go&lt;/b&gt;')).toBe('<p>Senior <b>Go</b>');
  });
});

describe('robustness', () => {
  it('a lone < is text; an unclosed tag near the end is text', () => {
    expect(htmlToText('salary < 100k and 5 > 3')).toBe('salary < 100k and 5 > 3');
    expect(htmlToText('C<3 and <b')).toBe('C<3 and <b');
  });

  it('quoted > inside attributes does not end the tag', () => {
    expect(htmlToText('<a href="x>y" title=\'a>b\'>link</a>')).toBe('link');
  });

  it('null, undefined and empty input give ""', () => {
    expect(htmlToText(null)).toBe('');
    expect(htmlToText(undefined)).toBe('');
    expect(htmlToText('')).toBe('');
  });

  it('adversarial inputs finish (linear scan, capped tag length)', () => {
    expect(htmlToText('<a'.repeat(200_000)).length).toBeGreaterThan(0);
    expect(htmlToText('<'.repeat(500_000) + 'x').endsWith('x')).toBe(true);
    expect(htmlToText('<p>'.repeat(200_000) + 'end')).toBe('end');
    expect(htmlToText('<!--'.repeat(100_000))).toBe('');
  });

  it('never throws and plain text without markup survives (whitespace aside)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const out = htmlToText(s);
        expect(typeof out).toBe('string');
        if (!/[<&]/.test(s)) {
          const words = (t: string) => t.split(/\s+/).filter(Boolean);
          expect(words(out)).toEqual(words(s));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizePosting strips control characters (issue 16: ad text reaches terminals)', () => {
  it('keeps newlines and tabs, drops ESC, BEL, CR and C1 controls from the text and the header fields', async () => {
    const { normalizePosting } = await import('../../src/normalize.js');
    const p = normalizePosting({ source: 't', externalId: '1', text: 'Go\tand\n\u001b]0;pwned\u0007 Postgres\u009b2J\r', company: 'Acme\u001b[31m', title: 'Dev\u0007' }, new Date('2026-01-01T00:00:00Z'));
    expect(p.text).toBe('Go\tand\n]0;pwned Postgres2J');
    expect(p.company).toBe('Acme[31m');
    expect(p.title).toBe('Dev');
  });
});
