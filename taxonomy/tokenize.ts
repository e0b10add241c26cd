// One-pass tokenizer for job-ad text, shared by the tagger, alias compilation and term suggestion.
//
// Tokens are maximal runs of letters/digits ("words") or single punctuation characters, each with the
// kind of whitespace that precedes it. Punctuation-bearing names (C++, C#, .NET, Node.js, CI/CD) are not
// special here: they are sequences of adjacent tokens, and the alias trie matches them token by token with
// the same adjacency. That keeps "C++" whole (no \b problems after "+") and lets "C/C++" split on "/".
//
// A word made of letters then digits ("python3", "Java8", "HTML5") is split into the name and the digits,
// unless the whole word is itself an alias token ("S3", "EC2", "ES6"), so version tails work uniformly.

export const WORD = 1;
export const NUM = 2; // a word of digits only
export const PUNCT = 3;

/** Whitespace before a token: none, spaces/tabs, one line break, a blank line (paragraph break). */
export const GAP_NONE = 0;
export const GAP_SPACE = 1;
export const GAP_LINE = 2;
export const GAP_PARA = 3;

export interface Tokens {
  text: string;
  /** text lower-cased, same length and offsets as text. */
  lower: string;
  n: number;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  gap: Uint8Array;
  /** 1 when the token is inside a URL, an e-mail address, a domain name or a @handle. */
  masked: Uint8Array;
  /** tokenHash of the lower-cased token text, computed while scanning: the trie is keyed by it. */
  hash: Int32Array;
  /** Indexes of the tokens whose hashBucket is set in the `filter` option (in order); empty without a filter. */
  hits: Int32Array;
  nHits: number;
}

export const TOKEN_HASH_BITS = 18;
const TOKEN_HASH_MASK = (1 << TOKEN_HASH_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 30-bit FNV-1a hash (always a small integer in V8, so Map lookups by it never allocate). */
function finishHash(h: number): number {
  return h & 0x3fffffff;
}

/** The hash the tokenizer stores for s[from, to) (s lower-cased). */
export function tokenHash(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return finishHash(h);
}

/** A bucket of TOKEN_HASH_BITS bits for a token hash (the pre-filter bitmap index). */
export function hashBucket(h: number): number {
  return (h ^ (h >>> TOKEN_HASH_BITS)) & TOKEN_HASH_MASK;
}
const bucketOf = hashBucket;

/** The hash of two consecutive token hashes, for the pair pre-filter. */
export function pairHash(h1: number, h2: number): number {
  return (Math.imul(h1 ^ 0x5bd1e995, 0x01000193) ^ h2) & 0x3fffffff;
}
const NO_FILTER = new Uint8Array(1);

/** A second, independent bucket: the pre-filters are two-probe Bloom filters (common words must not collide). */
export function hashBucket2(h: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - TOKEN_HASH_BITS);
}

/** Letters and digits: ASCII plus the common Unicode letter blocks (not general punctuation). */
function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0) return c === 0xb5 || c === 0xaa || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c <= 0x1fff) return true;
  if (c >= 0x2c00 && c <= 0x2dff) return true;
  if (c >= 0x3040 && c <= 0xd7ff) return true;
  if (c >= 0xf900 && c <= 0xfdff) return true;
  if (c >= 0xfe70 && c <= 0xfefe) return true;
  if (c >= 0xff10 && c <= 0xffdc) return c <= 0xff19 || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || c >= 0xff66;
  return false;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const CODE_IS_WORD = new Uint8Array(65536);
const CODE_IS_SPACE = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  CODE_IS_WORD[c] = isWordCode(c) ? 1 : 0;
  CODE_IS_SPACE[c] = isSpaceCode(c) ? 1 : 0;
}

/** toLowerCase that never changes the length (a few Unicode letters lower-case to two code units). */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const l = ch.toLowerCase();
    out += l.length === 1 ? l : ch;
  }
  return out;
}

// Reused buffers: tagging is synchronous, so one set of arrays serves every call (grown on demand).
let capacity = 0;
let bufStart = new Int32Array(0);
let bufEnd = new Int32Array(0);
let bufKind = new Uint8Array(0);
let bufGap = new Uint8Array(0);
let bufMasked = new Uint8Array(0);
let bufHash = new Int32Array(0);
let bufSpecial = new Int32Array(0);
let bufHits = new Int32Array(0);

function ensure(n: number): void {
  if (n <= capacity) return;
  capacity = Math.max(n, capacity * 2, 1024);
  bufStart = new Int32Array(capacity);
  bufEnd = new Int32Array(capacity);
  bufKind = new Uint8Array(capacity);
  bufGap = new Uint8Array(capacity);
  bufMasked = new Uint8Array(capacity);
  bufHash = new Int32Array(capacity);
  bufSpecial = new Int32Array(capacity);
  bufHits = new Int32Array(capacity);
}

export interface TokenizeOptions {
  /** Lower-case words that stay whole although they are letters+digits ("s3", "ec2", "es6"). */
  keepWhole?: ReadonlySet<string>;
  /** Lower-case dotted names that look like domains but are technologies ("asp.net", "socket.io"). */
  dottedNames?: ReadonlySet<string>;
  /** Use fresh arrays instead of the shared buffers (needed when tokens must outlive the next call). */
  fresh?: boolean;
  /**
   * The tagger's pre-filters. `filter` is a bitmap over hashBucket: bit 1 marks a token that may be a whole alias,
   * bit 2 one that may start a longer alias; `pairFilter` (over pairHash, two probes) then decides with the next
   * token. Tokens that pass are listed in `hits`.
   */
  filter?: Uint8Array;
  pairFilter?: Uint8Array;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * Tokenize text. By default the returned arrays are shared buffers, valid until the next call;
 * pass { fresh: true } to keep them.
 */
export function tokenize(text: string, opts: TokenizeOptions = {}): Tokens {
  const keepWhole = opts.keepWhole ?? EMPTY_SET;
  const len = text.length;
  const lower = lowerSameLength(text);
  // At most one token per character, plus one split per word.
  const max = len + 2;
  let start: Int32Array, end: Int32Array, kind: Uint8Array, gap: Uint8Array, masked: Uint8Array, hash: Int32Array;
  let special: Int32Array, hits: Int32Array;
  if (opts.fresh) {
    start = new Int32Array(max); end = new Int32Array(max); kind = new Uint8Array(max); gap = new Uint8Array(max);
    masked = new Uint8Array(max); hash = new Int32Array(max); special = new Int32Array(max); hits = new Int32Array(max);
  } else {
    ensure(max);
    start = bufStart; end = bufEnd; kind = bufKind; gap = bufGap; masked = bufMasked; hash = bufHash; special = bufSpecial;
    hits = bufHits;
  }
  // Without a filter every bucket reads as 0: an empty bitmap of one byte, indexed through a mask of 0.
  const filter = opts.filter ?? NO_FILTER;
  const fmask = opts.filter ? TOKEN_HASH_MASK : 0;
  const pairs = opts.pairFilter ?? NO_FILTER;
  const pmask = opts.pairFilter ? TOKEN_HASH_MASK : 0;
  let nh = 0;
  // A token that may start a longer alias waits for the next token's hash (-1: none waiting).
  let waitingHash = -1;
  // Records token k (hash hk) in hits when the pre-filters let it through.
  const note = (k: number, hk: number): void => {
    if (waitingHash >= 0) {
      const ph = pairHash(waitingHash, hk);
      if (pairs[bucketOf(ph) & pmask] !== 0 && pairs[hashBucket2(ph) & pmask] !== 0) hits[nh++] = k - 1;
      waitingHash = -1;
    }
    const b = filter[bucketOf(hk) & fmask]!;
    if (b === 0) return;
    if ((b & 1) !== 0) hits[nh++] = k;
    else waitingHash = hk;
  };
  let ns = 0;
  let n = 0;
  let pendingGap = GAP_NONE;
  let newlines = 0;
  let i = 0;
  // The scan reads the lower-cased text: character classes are the same, and token hashes come for free.
  while (i < len) {
    const c = lower.charCodeAt(i);
    if (CODE_IS_WORD[c] === 1) {
      const s = i;
      // Track the shape: letters then digits only ("python3") may be split.
      let firstDigit = -1;
      let letterAfterDigit = false;
      let hasLetter = false;
      let h = FNV_OFFSET;
      let hBeforeDigits = 0;
      while (i < len) {
        const d = lower.charCodeAt(i);
        if (CODE_IS_WORD[d] !== 1) break;
        if (d >= 48 && d <= 57) { if (firstDigit < 0) { firstDigit = i; hBeforeDigits = h; } }
        else { hasLetter = true; if (firstDigit >= 0) letterAfterDigit = true; }
        h = Math.imul(h ^ d, FNV_PRIME);
        i++;
      }
      const g = pendingGap;
      pendingGap = GAP_NONE; newlines = 0;
      if (firstDigit > s && !letterAfterDigit && !keepWhole.has(lower.slice(s, i))) {
        const h1 = finishHash(hBeforeDigits), h2 = tokenHash(lower, firstDigit, i);
        start[n] = s; end[n] = firstDigit; kind[n] = WORD; gap[n] = g; masked[n] = 0; hash[n] = h1;
        note(n, h1);
        n++;
        start[n] = firstDigit; end[n] = i; kind[n] = NUM; gap[n] = GAP_NONE; masked[n] = 0; hash[n] = h2;
        note(n, h2);
        n++;
      } else {
        const hw = finishHash(h);
        start[n] = s; end[n] = i; kind[n] = hasLetter ? WORD : NUM; gap[n] = g; masked[n] = 0; hash[n] = hw;
        note(n, hw);
        n++;
      }
      continue;
    }
    if (c === 10) {
      newlines++;
      pendingGap = newlines >= 2 ? GAP_PARA : GAP_LINE;
      i++;
      continue;
    }
    if (c === 13 || CODE_IS_SPACE[c] === 1 || c === 0x2028 || c === 0x2029) {
      if (c === 0x2028 || c === 0x2029) { newlines++; pendingGap = newlines >= 2 ? GAP_PARA : GAP_LINE; }
      else if (pendingGap === GAP_NONE) pendingGap = GAP_SPACE;
      i++;
      continue;
    }
    // Surrogate pairs (emoji) become one punctuation token.
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < len ? 2 : 1;
    if (c === 46 || c === 64 || c === 58) special[ns++] = n;
    start[n] = i; end[n] = i + width; kind[n] = PUNCT; gap[n] = pendingGap; masked[n] = 0;
    const hp = width === 1 ? finishHash(Math.imul(FNV_OFFSET ^ c, FNV_PRIME)) : tokenHash(lower, i, i + 2);
    hash[n] = hp;
    note(n, hp);
    n++;
    pendingGap = GAP_NONE; newlines = 0;
    i += width;
  }
  const toks: Tokens = { text, lower, n, start, end, kind, gap, masked, hash, hits, nHits: nh };
  maskAddresses(toks, special, ns, opts.dottedNames ?? EMPTY_SET);
  return toks;
}

// Top-level domains that mark "word.tld" as a domain name. Common English words that are also TLDs
// (in, it, is, at, be, no, to, so, us, me, go…) are left out: "…with Go.It was…" must not hide Go.
const TLDS = new Set([
  'com', 'org', 'net', 'io', 'co', 'ai', 'dev', 'app', 'uk', 'de', 'fr', 'ca', 'eu', 'edu', 'gov', 'mil', 'info', 'biz',
  'ly', 'gl', 'gg', 'sh', 'tv', 'xyz', 'tech', 'jobs', 'careers', 'nl', 'se', 'ch', 'es', 'jp', 'au', 'nz', 'ru', 'br',
  'ie', 'dk', 'fi', 'pl', 'cz', 'il', 'sg', 'hk', 'cn', 'kr', 'tw', 'mx', 'ar', 'cl', 'ws', 'fm', 'im', 'cc', 'vc',
  'works', 'company', 'team', 'systems', 'cloud', 'studio', 'health', 'ventures', 'capital', 'agency', 'digital',
  'network', 'solutions', 'software', 'technology', 'technologies', 'careers', 'group', 'inc', 'ltd', 'gmbh',
  'la', 'ms', 'st', 'pt', 'ro', 'hu', 'gr', 'ua', 'za', 'ng', 'ke', 'vn', 'th', 'my', 'ph', 'pk', 'bd', 'lk', 'nyc',
  'berlin', 'london', 'paris', 'page', 'site', 'online', 'store', 'shop', 'space', 'world', 'life', 'one', 'fund',
  'finance', 'money', 'bank', 'build', 'engineering', 'email', 'link', 'club', 'rocks', 'ninja', 'guru', 'pro', 'ac',
]);

/**
 * Marks tokens of URLs (scheme:// or www.), e-mail addresses, @handles and domain names (word.tld,
 * a.b.tld, with an optional /path) so they never count as mentions (guideline 9).
 */
function maskAddresses(t: Tokens, specials: Int32Array, ns: number, dottedNames: ReadonlySet<string>): void {
  const { n, start, end, kind, gap, masked, lower, text } = t;
  const ch = (k: number): number => (kind[k] === PUNCT ? text.charCodeAt(start[k]!) : -1);
  const isWord = (k: number, w: string): boolean => end[k]! - start[k]! === w.length && lower.startsWith(w, start[k]!);
  // Mask tokens from..to, then the rest of their whitespace-free run; returns the next token index.
  const maskRun = (from: number, to: number): number => {
    let k = from;
    for (; k <= to && k < n; k++) masked[k] = 1;
    while (k < n && gap[k] === GAP_NONE) { masked[k] = 1; k++; }
    return k;
  };
  let doneUntil = 0;
  // Only '.', '@' and ':' tokens can be part of an address: visit those, in order.
  for (let x = 0; x < ns; x++) {
    const k = specials[x]!;
    if (k < doneUntil) continue;
    const c = text.charCodeAt(start[k]!);
    if (c === 64) {
      // '@': an e-mail (word@word…) or a handle (@acme).
      let s = k;
      while (s > 0 && gap[s] === GAP_NONE && (kind[s - 1] !== PUNCT || isEmailPunct(ch(s - 1)))) s--;
      for (let m = s; m < k; m++) masked[m] = 1;
      doneUntil = maskRun(k, k);
      continue;
    }
    const prevWord = k >= 1 && gap[k] === GAP_NONE && kind[k - 1] !== PUNCT;
    if (c === 58) {
      // scheme://…
      if (prevWord && (isWord(k - 1, 'http') || isWord(k - 1, 'https') || isWord(k - 1, 'ftp')) && k + 2 < n &&
        ch(k + 1) === 47 && ch(k + 2) === 47 && gap[k + 1] === GAP_NONE && gap[k + 2] === GAP_NONE) {
        doneUntil = maskRun(k - 1, k + 2);
      }
      continue;
    }
    // '.'
    if (!prevWord) continue;
    if (isWord(k - 1, 'www')) { doneUntil = maskRun(k - 1, k); continue; }
    if (k + 1 >= n || gap[k + 1] !== GAP_NONE || kind[k + 1] === PUNCT) continue;
    // label(.label)+ ending in a TLD → a domain (unless the dotted name is a technology's name).
    let s = k - 1;
    while (s >= 2 && gap[s] === GAP_NONE && ch(s - 1) === 46 && gap[s - 1] === GAP_NONE && kind[s - 2] !== PUNCT) s -= 2;
    let j = k + 1;
    while (j + 2 < n && ch(j + 1) === 46 && gap[j + 1] === GAP_NONE && gap[j + 2] === GAP_NONE && kind[j + 2] !== PUNCT) j += 2;
    // The last label must be a lower-case TLD in the source text ("acme.io", not "ASP.NET").
    let found = -1;
    for (let e = j; e > s; e -= 2) {
      if (end[e]! - start[e]! > 12) continue;
      const label = text.slice(start[e]!, end[e]!);
      if (TLDS.has(label) && !dottedNames.has(lower.slice(start[s]!, end[e]!))) { found = e; break; }
    }
    if (found < 0) { doneUntil = j + 1; continue; }
    // Include a hyphenated host part before ("my-company.com") and anything glued after ("/jobs").
    while (s >= 2 && gap[s] === GAP_NONE && ch(s - 1) === 45 && gap[s - 1] === GAP_NONE && kind[s - 2] === WORD) s -= 2;
    for (let m = s; m < k; m++) masked[m] = 1;
    doneUntil = maskRun(k, found);
  }
}

function isEmailPunct(c: number): boolean {
  return c === 46 || c === 45 || c === 95 || c === 43; // . - _ +
}

/** Lower-cased text of token k. */
export function tokLower(t: Tokens, k: number): string {
  return t.lower.slice(t.start[k]!, t.end[k]!);
}

/** Original text of token k. */
export function tokText(t: Tokens, k: number): string {
  return t.text.slice(t.start[k]!, t.end[k]!);
}
