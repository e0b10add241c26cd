// Escaping, the safe JSON-in-script serialiser, the http(s)-only URL rule and the escaping-by-default HTML builder.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as cheerio from 'cheerio';
import { cleanText, escapeAttr, escapeHtml, jsonForScript, safeHttpUrl } from '../../reports/escape.js';
import { attr, html, join, SafeHtml, trusted } from '../../reports/html.js';
import { domId } from '../../reports/ids.js';

/** What a browser's parser makes of `markup` as element text. */
function parsedText(markup: string): string {
  return cheerio.load(`<p id="t">${markup}</p>`)('#t').text();
}

/** What a browser's parser makes of `value` as a double-quoted attribute value. */
function parsedAttr(value: string): string | undefined {
  return cheerio.load(`<p id="t" title="${value}">x</p>`)('#t').attr('title');
}

describe('escapeHtml', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('turns control characters and lone surrogates into U+FFFD, keeps tabs and newlines, drops bidi overrides', () => {
    expect(escapeHtml('a\u0000b\u0007c\u009Fd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeHtml('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
    expect(escapeHtml('x\uD800y')).toBe('x\uFFFDy');
    expect(escapeHtml('ok \uD83D\uDE00')).toBe('ok \uD83D\uDE00');
    expect(escapeHtml('evil\u202Egnp.exe\u2066x\u2069')).toBe('evilgnp.exex');
  });

  it('round-trips through an HTML parser for any string (modulo cleaning)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(parsedText(out)).toBe(cleanText(s).replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('escapeAttr', () => {
  it('keeps any value inside its quoted attribute', () => {
    for (const v of [`" onerror="alert(1)`, `' onload='x`, '`x`=1', 'a=b&c<d>']) {
      const out = escapeAttr(v);
      expect(out).not.toMatch(/["'`<>=]/);
      expect(parsedAttr(out)).toBe(v);
    }
  });

  it('round-trips for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        expect(parsedAttr(escapeAttr(s))).toBe(cleanText(s).replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('jsonForScript', () => {
  it('never lets data close the script element or start a comment', () => {
    const out = jsonForScript({ a: '</script><script>alert(1)</script>', b: '<!--', c: 'x & y > z', d: 'line\u2028sep\u2029' });
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain('\\u003c/script\\u003e');
    expect(out).toContain('\\u2028');
  });

  it('parses back to exactly the input, inside a real script element too', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const out = jsonForScript(v);
        expect(out).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
        const $ = cheerio.load(`<script type="application/json" id="d">${out}</script><p id="after">ok</p>`);
        expect(JSON.parse($('#d').text())).toEqual(JSON.parse(JSON.stringify(v)));
        expect($('#after').text()).toBe('ok');
      }),
      { numRuns: 300 },
    );
  });

  it('serialises undefined as null rather than nothing', () => {
    expect(jsonForScript(undefined)).toBe('null');
  });
});

describe('safeHttpUrl', () => {
  it('accepts absolute http and https URLs and normalises them', () => {
    expect(safeHttpUrl('https://news.ycombinator.com/item?id=46466124')).toBe('https://news.ycombinator.com/item?id=46466124');
    expect(safeHttpUrl('  HTTP://Example.COM/a b ')).toBe('http://example.com/a%20b');
  });

  it('rejects every other scheme, relative and protocol-relative URLs, junk and monsters', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com/x',
      '//evil.example/x',
      '/relative',
      'example.com',
      'http://',
      '',
      null,
      undefined,
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(safeHttpUrl(bad as string), String(bad)).toBeNull();
    }
  });
});

describe('html builder', () => {
  it('escapes interpolated strings and passes nested templates through', () => {
    const name = '<b>Bobby</b>';
    const out = html`<p title="${name}">${name} ${html`<i>${name}</i>`}</p>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.html).toBe('<p title="&lt;b&gt;Bobby&lt;/b&gt;">&lt;b&gt;Bobby&lt;/b&gt; <i>&lt;b&gt;Bobby&lt;/b&gt;</i></p>');
  });

  it('flattens arrays, drops null/undefined/booleans, prints only finite numbers', () => {
    expect(html`${['<', html`<br>`, 1]}|${null}${undefined}${false}${true}|${NaN}${Infinity}${2.5}`.html).toBe('&lt;<br>1||2.5');
  });

  it('join escapes separators and parts; attr quotes and escapes, rejects bad names', () => {
    expect(join(['a<', html`<b>`], ' & ').html).toBe('a&lt; &amp; <b>');
    expect(attr('data-x', '"><script>').html).toBe(' data-x="&quot;&gt;&lt;script&gt;"');
    expect(attr('hidden', true).html).toBe(' hidden');
    expect(attr('hidden', false).html).toBe('');
    expect(() => attr('onclick x', 'y')).toThrow();
    expect(trusted('<b>').html).toBe('<b>');
  });
});

describe('domId', () => {
  it('is injective and yields only [a-z0-9_-]', () => {
    expect(domId('ev', 'c++')).toBe('ev-c_2b__2b_');
    expect(domId('ev', 'c#')).not.toBe(domId('ev', 'c+'));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        expect(domId('ev', a)).toMatch(/^ev-[a-z0-9_-]*$/);
        if (a !== b) expect(domId('ev', a)).not.toBe(domId('ev', b));
      }),
      { numRuns: 300 },
    );
  });
});
