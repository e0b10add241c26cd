// HTML → plain text for job-ad bodies (HN comments, ATS descriptions).
//
// One forward scan, no regular expression over the whole document that could backtrack: block
// elements become line breaks (<p> a blank line), <pre> keeps its whitespace, <script>/<style> are
// dropped, every other tag is stripped, entities (named, decimal, hex) are decoded. Unclosed or
// absurdly long "tags" are treated as text, so the work stays linear in the input. Never throws.

/** Inputs longer than this are cut before conversion (job ads are a few KB). */
export const MAX_HTML_CHARS = 1_000_000;
/** A `<` with no `>` within this many characters is literal text, not a tag. */
const MAX_TAG_CHARS = 2000;

const PARAGRAPH_TAGS = new Set(['p']);
const LINE_TAGS = new Set([
  'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'aside', 'nav',
  'main', 'figure', 'figcaption', 'address', 'details', 'summary', 'form', 'fieldset', 'center',
]);
const CELL_TAGS = new Set(['td', 'th']);
const SKIP_CONTENT_TAGS = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);

export function htmlToText(html: string | null | undefined): string {
  if (typeof html !== 'string' || html.length === 0) return '';
  try {
    return convert(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  } catch {
    // Defensive only: convert() has no throwing paths on string input, but a converter that
    // throws would drop an ad; degrade to "tags removed" instead.
    return decodeEntities(html.slice(0, MAX_HTML_CHARS).replace(/<[^<>]{0,2000}>/g, ' ')).trim();
  }
}

class Output {
  private readonly parts: string[] = [];
  /** Trailing newlines currently at the end of the output (0, 1, 2). */
  private trailingNewlines = 2; // start of document behaves like after a paragraph: no leading blank lines
  private pendingSpace = false;

  text(raw: string, pre: boolean): void {
    if (raw === '') return;
    if (pre) {
      this.flushSpace();
      const t = raw.replace(/\r\n?/g, '\n');
      this.parts.push(t);
      let nl = 0;
      while (nl < t.length && t.charCodeAt(t.length - 1 - nl) === 10) nl++;
      this.trailingNewlines = nl === t.length ? this.trailingNewlines + nl : nl;
      return;
    }
    // Outside <pre>: runs of spaces/tabs collapse to one space; typed newlines are kept (authors use
    // them for lists), but spaces around them are dropped.
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.newline(1, true);
      const line = lines[i]!;
      const collapsed = line.replace(/[ \t\f\v\u00a0]+/g, ' ');
      const startsWithSpace = collapsed.startsWith(' ');
      const endsWithSpace = collapsed.endsWith(' ');
      const words = collapsed.trim();
      if (words === '') {
        if (collapsed.length > 0) this.pendingSpace = this.trailingNewlines === 0;
        continue;
      }
      if (startsWithSpace && this.trailingNewlines === 0) this.pendingSpace = true;
      this.flushSpace();
      this.parts.push(words);
      this.trailingNewlines = 0;
      this.pendingSpace = endsWithSpace;
    }
  }

  /** Ensure the output ends with at least `count` newlines (2 = blank line). */
  newline(count: 1 | 2, literal = false): void {
    this.pendingSpace = false;
    const add = literal ? 1 : Math.max(0, count - this.trailingNewlines);
    if (literal && this.trailingNewlines >= 2) return;
    for (let i = 0; i < add; i++) this.parts.push('\n');
    this.trailingNewlines += add;
  }

  space(): void {
    if (this.trailingNewlines === 0) this.pendingSpace = true;
  }

  private flushSpace(): void {
    if (this.pendingSpace && this.trailingNewlines === 0) this.parts.push(' ');
    this.pendingSpace = false;
  }

  toString(): string {
    return stripBlanksBeforeNewlines(this.parts.join(''))
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+/, '')
      .trimEnd();
  }
}

/**
 * Removes spaces and tabs right before each newline. A loop, not /[ \t]+\n/g: that regex retries at every
 * position of a long blank run that ends in text (a <pre> of a million spaces) and is quadratic.
 */
function stripBlanksBeforeNewlines(s: string): string {
  if (s.indexOf(' \n') < 0 && s.indexOf('\t\n') < 0) return s;
  const lines = s.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    let e = line.length;
    while (e > 0 && (line.charCodeAt(e - 1) === 32 || line.charCodeAt(e - 1) === 9)) e--;
    if (e < line.length) lines[i] = line.slice(0, e);
  }
  return lines.join('\n');
}

function convert(html: string): string {
  const out = new Output();
  let preDepth = 0;
  let i = 0;
  let textStart = 0;
  const n = html.length;
  // Position of the next '>' at or after the current '<' (recomputed only when passed): a '<' with no '>'
  // within MAX_TAG_CHARS is text at once, so "<a<a<a…" costs O(n), not O(n · MAX_TAG_CHARS).
  let nextGt = -1;

  const flushText = (end: number): void => {
    if (end > textStart) out.text(decodeEntities(html.slice(textStart, end)), preDepth > 0);
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);
    const isLetter = (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (!(isLetter || next === 47 /* / */ || next === 33 /* ! */ || next === 63 /* ? */)) {
      i = lt + 1; // "a < b": literal text
      continue;
    }
    if (html.startsWith('<!--', lt)) {
      flushText(lt);
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      textStart = i;
      continue;
    }
    if (nextGt < lt) { nextGt = html.indexOf('>', lt); if (nextGt < 0) nextGt = n; }
    const end = nextGt >= n || nextGt > lt + MAX_TAG_CHARS ? -1 : findTagEnd(html, lt + 1);
    if (end < 0) {
      i = lt + 1; // no closing '>' nearby: treat '<' as text
      continue;
    }
    flushText(lt);
    const { name, closing } = tagName(html, lt + 1, end);
    i = end + 1;
    textStart = i;
    if (name === '') continue; // <!DOCTYPE>, <?xml?> and the like
    if (!closing && SKIP_CONTENT_TAGS.has(name)) {
      const close = indexOfCloseTag(html, name, i);
      if (close < 0) {
        i = n;
      } else {
        const closeEnd = html.indexOf('>', close);
        i = closeEnd < 0 ? n : closeEnd + 1;
      }
      textStart = i;
      continue;
    }
    if (name === 'br') {
      out.newline(1, true);
    } else if (name === 'pre') {
      out.newline(1);
      preDepth = closing ? Math.max(0, preDepth - 1) : preDepth + 1;
    } else if (PARAGRAPH_TAGS.has(name)) {
      out.newline(2);
    } else if (LINE_TAGS.has(name)) {
      out.newline(1);
    } else if (CELL_TAGS.has(name)) {
      out.space();
    }
  }
  textStart = Math.min(textStart, n);
  flushText(n);
  return out.toString();
}

/**
 * Index of the next "</name" (any case) at or after from, or -1. Not html.toLowerCase().indexOf: lower-casing
 * may lengthen the string ("İ" becomes two code units), and its indices would then point past the real tag.
 */
function indexOfCloseTag(html: string, name: string, from: number): number {
  for (let k = html.indexOf('</', from); k >= 0; k = html.indexOf('</', k + 2)) {
    if (html.slice(k + 2, k + 2 + name.length).toLowerCase() === name) return k;
  }
  return -1;
}

/** Index of the '>' closing a tag that starts after '<', honouring quoted attribute values; -1 if none nearby. */
function findTagEnd(html: string, from: number): number {
  const limit = Math.min(html.length, from + MAX_TAG_CHARS);
  let quote = 0;
  for (let j = from; j < limit; j++) {
    const c = html.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      // A quote only opens a value after '=' (possibly with spaces); elsewhere it is a stray character.
      let k = j - 1;
      while (k >= from && (html[k] === ' ' || html[k] === '\t' || html[k] === '\n')) k--;
      if (k >= from && html[k] === '=') quote = c;
    } else if (c === 62) {
      return j;
    }
  }
  return -1;
}

function tagName(html: string, from: number, end: number): { name: string; closing: boolean } {
  let j = from;
  const closing = html.charCodeAt(j) === 47;
  if (closing) j++;
  const start = j;
  while (j < end) {
    const c = html.charCodeAt(j);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
    if (!ok) break;
    j++;
  }
  return { name: html.slice(start, j).toLowerCase(), closing };
}

// ---------------------------------------------------------------- entities

const LATIN1_A0 = [
  'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect', 'uml', 'copy', 'ordf', 'laquo', 'not', 'shy',
  'reg', 'macr', 'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para', 'middot', 'cedil', 'sup1', 'ordm', 'raquo',
  'frac14', 'frac12', 'frac34', 'iquest', 'Agrave', 'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil',
  'Egrave', 'Eacute', 'Ecirc', 'Euml', 'Igrave', 'Iacute', 'Icirc', 'Iuml', 'ETH', 'Ntilde', 'Ograve', 'Oacute',
  'Ocirc', 'Otilde', 'Ouml', 'times', 'Oslash', 'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN', 'szlig',
  'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring', 'aelig', 'ccedil', 'egrave', 'eacute', 'ecirc', 'euml',
  'igrave', 'iacute', 'icirc', 'iuml', 'eth', 'ntilde', 'ograve', 'oacute', 'ocirc', 'otilde', 'ouml', 'divide',
  'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml', 'yacute', 'thorn', 'yuml',
];

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a',
  ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e', lsaquo: '\u2039', rsaquo: '\u203a', bull: '\u2022',
  prime: '\u2032', Prime: '\u2033', dagger: '\u2020', Dagger: '\u2021', permil: '\u2030', euro: '\u20ac',
  trade: '\u2122', larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194',
  lArr: '\u21d0', rArr: '\u21d2', hArr: '\u21d4', le: '\u2264', ge: '\u2265', ne: '\u2260', asymp: '\u2248',
  infin: '\u221e', minus: '\u2212', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', zwnj: '\u200c',
  zwj: '\u200d', lrm: '\u200e', rlm: '\u200f', OElig: '\u0152', oelig: '\u0153', Scaron: '\u0160',
  scaron: '\u0161', Yuml: '\u0178', fnof: '\u0192', circ: '\u02c6', tilde: '\u02dc', star: '\u2606',
  check: '\u2713', hearts: '\u2665', larrow: '\u2190', rarrow: '\u2192', nbsp: ' ', colon: ':', comma: ',',
  period: '.', sol: '/', lpar: '(', rpar: ')', excl: '!', quest: '?', num: '#', dollar: '$', percnt: '%',
  plus: '+', equals: '=', commat: '@', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', verbar: '|', Tab: '\t',
  NewLine: '\n', grave: '`', Hat: '^', lowbar: '_', ast: '*', semi: ';',
};
LATIN1_A0.forEach((name, i) => {
  if (!(name in NAMED)) NAMED[name] = String.fromCharCode(0xa0 + i);
});
NAMED['nbsp'] = ' '; // a no-break space is a space for every consumer of this text

/** Named entities browsers accept without the trailing semicolon (the common legacy ones). */
const LEGACY_NO_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** HTML maps numeric references 0x80–0x9F to Windows-1252 characters (old posts use &#146; for ’). */
const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const ENTITY_RE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

/** Decodes named, decimal and hex character references. Unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY_RE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
    if (name !== undefined) {
      // Own properties only: "&constructor;" must not find Object.prototype.constructor.
      const value = Object.prototype.hasOwnProperty.call(NAMED, name) ? NAMED[name] : undefined;
      if (value === undefined) return whole;
      if (semi === '' && !LEGACY_NO_SEMICOLON.has(name)) return whole;
      return value;
    }
    const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    return codePointToString(code);
  });
}

function codePointToString(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  const mapped = CP1252[code];
  if (mapped !== undefined) return String.fromCodePoint(mapped);
  if (code === 0xa0) return ' ';
  return String.fromCodePoint(code);
}
