// HTML → text on hostile markup: never throws, well-formed markup leaves no tags behind and keeps its text in
// order, script/style content is dropped, every character reference decodes to well-formed text, and
// megabyte-scale adversarial pages finish within the guard of guard.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS, decodeEntities, htmlToText } from '../../scrapers/html-text.js';
import { anyCodeUnits, hostileChars, mixedEncodings } from './arbitraries.js';
import { Guard, MB, repeatTo } from './guard.js';

/** A lone surrogate anywhere in s (a decoded reference must never produce one). */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

// ------------------------------------------------------------------ generators

const tagNames = ['p', 'div', 'span', 'b', 'i', 'a', 'li', 'ul', 'ol', 'td', 'tr', 'table', 'h1', 'h2', 'pre', 'code', 'em', 'strong',
  'section', 'blockquote', 'br', 'DIV', 'P', 'Span', 'x-custom', 'font'];
const word = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
// Attribute values may hold '<', '>' and quotes of the other kind: the tag ends only outside quotes.
const attr = fc.tuple(fc.constantFrom('href', 'class', 'data-x', 'title', 'style'), fc.stringMatching(/^[^"\u0000-\u001f]{0,20}$/))
  .map(([k, v]) => ` ${k}="${v}"`);
/** Markup and the words of its text nodes, in order. */
interface Doc { html: string; words: string[] }
const { node: docNode } = fc.letrec<{ node: Doc; element: Doc }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 5 }, word.map((w) => ({ html: w, words: [w] })), tie('element')),
  element: fc.tuple(fc.constantFrom(...tagNames), fc.array(attr, { maxLength: 2 }), fc.array(tie('node'), { maxLength: 4 }))
    .map(([name, attrs, children]) => ({
      html: name === 'br' ? `<br${attrs.join('')}>` : `<${name}${attrs.join('')}>${children.map((c) => c.html).join(' ')}</${name}>`,
      words: name === 'br' ? [] : children.flatMap((c) => c.words),
    })),
}));
const node = docNode.map((d) => d.html);

const soupPiece = fc.oneof(
  fc.constantFrom('<', '>', '</', '<p>', '</p>', '<div', '<br/>', '<script>', '</script>', '<style>', '<!--', '-->', '<!DOCTYPE html>',
    '<pre>', '</pre>', '&', '&amp;', '&#', '&#x', '&#0;', '&#xD800;', '&#1114112;', '&#x110000;', '&#99999999;', '&nbsp', '&constructor;',
    '&toString;', '&__proto__;', '"', "'", '=', ' ', '\n', '\r\n', '\t', '<a href="', '<a href=">">', '<td>', '<li>', '<title>'),
  hostileChars,
  fc.string({ maxLength: 12 }),
  anyCodeUnits(8),
);
const tagSoup = fc.array(soupPiece, { maxLength: 60 }).map((p) => p.join(''));

// ------------------------------------------------------------------ properties

describe('htmlToText: properties', () => {
  it('never throws and returns a string, on tag soup, arbitrary code units and mixed encodings', () => {
    fc.assert(
      fc.property(fc.oneof(tagSoup, anyCodeUnits(400), fc.string({ unit: 'binary', maxLength: 400 }), mixedEncodings(400)), (html) => {
        const out = htmlToText(html);
        return typeof out === 'string' && out.length <= Math.max(html.length, 1) * 8;
      }),
      { numRuns: 500 },
    );
  });

  it('answers null, undefined and non-strings with an empty string', () => {
    for (const v of [null, undefined, 7, {}, []]) expect(htmlToText(v as unknown as string)).toBe('');
  });

  it('leaves no tag of well-formed markup behind, and keeps every word in order', () => {
    fc.assert(
      fc.property(fc.array(docNode, { minLength: 1, maxLength: 4 }), (docs) => {
        const html = docs.map((d) => d.html).join(' ');
        const words = docs.flatMap((d) => d.words);
        const out = htmlToText(html);
        // Text nodes are [A-Za-z0-9] words, so any '<' or '>' in the output would be a leftover tag.
        expect(out).not.toMatch(/[<>]/);
        const outWords = out.split(/\s+/).filter(Boolean).join(' ');
        // Adjacent inline elements may glue words ("<b>a</b><i>b</i>" is "ab"), so compare the letters in order.
        expect(outWords.replace(/\s/g, '')).toBe(words.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('drops script, style and template content wherever it sits', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 3 }), fc.constantFrom('script', 'style', 'template', 'SCRIPT', 'noscript'), word, fc.array(node, { maxLength: 3 }),
        (before, tag, secret, after) => {
          const marker = `zqx${secret}qz`;
          const out = htmlToText(`${before.join('')}<${tag} type="text/javascript">var ${marker} = "<p>";</${tag}>${after.join('')}`);
          expect(out).not.toContain(marker);
          expect(out).not.toMatch(/[<>]/);
        }),
      { numRuns: 200 },
    );
  });

  it('decodes every numeric reference, in or out of range, to well-formed text (no lone surrogates, no NUL)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x3fffff }), fc.boolean(), fc.boolean(), (code, hex, semi) => {
        const ref = `&#${hex ? 'x' + code.toString(16) : String(code)}${semi ? ';' : ''}`;
        const out = decodeEntities(`a${ref}z`); // "z" is no digit, decimal or hex
        expect(out.startsWith('a') && out.endsWith('z')).toBe(true);
        expect(hasLoneSurrogate(out)).toBe(false);
        expect(out).not.toContain('\u0000');
      }),
      { numRuns: 500 },
    );
    for (const ref of ['&#0;', '&#xD800;', '&#xDFFF;', '&#55296;', '&#1114112;', '&#x110000;', '&#99999999;']) {
      expect(decodeEntities(ref), ref).toBe('\ufffd');
    }
  });

  it('leaves names of Object.prototype properties alone (no "function Object() …" in job text)', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']) {
      expect(decodeEntities(`x &${name}; y`)).toBe(`x &${name}; y`);
      expect(htmlToText(`<p>x &${name}; y</p>`)).toBe(`x &${name}; y`);
    }
  });

  it('finds the end of <script> whatever precedes it ("İ" lower-cases to two code units)', () => {
    expect(htmlToText(`${'İ'.repeat(20)}<script>x</script>Python is <b>here</b>`)).toBe(`${'İ'.repeat(20)}Python is here`);
  });
});

// ------------------------------------------------------------------ adversarial pages under the guard

const bytes = Buffer.alloc(MB);
for (let i = 0, x = 11; i < MB; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; bytes[i] = x >>> 23; }

const adversarial: [string, string][] = [
  ['100k nested <div>s', '<div>'.repeat(100_000) + 'deep' + '</div>'.repeat(100_000)],
  ['100k unclosed inline tags', '<b><i><span>'.repeat(35_000) + 'x'],
  ['100k stray closing tags', '</div></p></li>'.repeat(35_000) + 'x'],
  ['5 MB page (cut to MAX_HTML_CHARS)', repeatTo('<p>Go, Python &amp; Rust</p>\n', 5 * MB)],
  ['<pre> with a megabyte of spaces, then text', '<pre>' + ' '.repeat(MB) + 'x</pre>'],
  ['<pre> with a megabyte of newlines, then text', '<pre>' + '\n'.repeat(MB) + 'x</pre>'],
  ['<pre> with a megabyte of tabs and spaces before a newline', '<pre>' + repeatTo(' \t', MB) + '\nx</pre>'],
  ['"<a<a<a…" (no ">" anywhere)', repeatTo('<a', MB)],
  ['"<a " then 1999 spaces, repeated (tags almost closing)', repeatTo('<a ' + ' '.repeat(1990) + '"', MB) + '>'],
  ['unterminated quoted attributes', repeatTo('<a href="x', MB)],
  ['quotes after "=" with long blank runs', repeatTo('<a = ' + ' '.repeat(500) + '"', MB)],
  ['"&&&…"', repeatTo('&', MB)],
  ['"&#&#&#…"', repeatTo('&#', MB)],
  ['huge numeric references', repeatTo('&#99999999999;&#x10FFFFFFF;', MB)],
  ['"&amp&amp…" without semicolons', repeatTo('&amp', MB)],
  ['"<!--" repeated, never closed', repeatTo('<!--', MB)],
  ['"<script>" repeated, never closed', repeatTo('<script>', MB)],
  ['one <script> followed by near-miss end tags', '<script>' + repeatTo('</scrip', MB) + '</script>after'],
  ['"İ" before skipped elements', repeatTo('İ<style>x</style>', MB)],
  ['CRLF runs', repeatTo('\r\n', MB)],
  ['spaces and tabs outside <pre>', repeatTo(' \t\u00a0', MB) + 'x'],
  ['invalid UTF-8 decoded with replacement characters', bytes.toString('utf8')],
  ['bytes decoded as Latin-1', bytes.toString('latin1')],
  ['bytes decoded as UTF-16LE (lone surrogates)', bytes.toString('utf16le')],
];

describe('htmlToText: adversarial pages finish within the guard', () => {
  const guard = new Guard();
  afterAll(() => guard.close());

  it.each(adversarial)('%s', async (label, html) => {
    const out = await guard.value<string>('htmlToText', [html], label);
    expect(typeof out).toBe('string');
    expect(out.length).toBeLessThanOrEqual(Math.min(html.length, MAX_HTML_CHARS) * 2);
  });

  it('keeps the text of deep and unclosed markup', async () => {
    // 100k levels in 700 KB: under MAX_HTML_CHARS, so nothing is cut.
    expect(await guard.value<string>('htmlToText', ['<i>'.repeat(100_000) + 'deep' + '</i>'.repeat(100_000)], 'deep')).toBe('deep');
    expect(await guard.value<string>('htmlToText', ['<b>'.repeat(100_000) + 'unclosed'], 'unclosed')).toBe('unclosed');
    expect(await guard.value<string>('htmlToText', ['<pre>' + '\n'.repeat(1000) + 'x</pre>'], 'pre')).toBe('x');
  });
});
