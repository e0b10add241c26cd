// Requirement strength of a mention: does the ad require it, prefer it, or only mention it
// (the company's stack, the product)?
//
// Order of evidence, most specific first:
//   1. phrases in the mention's own sentence or bullet ("… is a plus", "experience with …", "we use …");
//      an inline heading counts as such a phrase ("Nice to have: Rust", "Stack: Go, Postgres");
//   2. the section heading above it ("Requirements", "Nice to have", "About us", "Our stack");
//   3. a role title around the mention ("Senior Go Engineer") → required; otherwise mentioned.
// Phrases are looked up word by word; heading patterns are plain alternations of literals (linear time) and run
// only on short lines; everything works on one bounded sentence or line at a time.

import type { Strength } from '../src/types.js';

// Phrases of each class, as lower-case word sequences (hyphens and apostrophes split words: "nice-to-have",
// "you'll" → you ll). A sentence is split into words once and looked up word by word: no regex scans it.
const PREFERRED_PHRASES = [
  'nice to have', 'nice to haves', 'bonus', 'bonuses', 'a plus', 'big plus', 'huge plus', 'strong plus', 'major plus',
  'definite plus', 'great plus', 'real plus', 'nice plus', 'pluses', 'preferred', 'preferably', 'preference', 'ideally',
  'desired', 'desirable', 'would be great', 'would be nice', 'would be awesome', 'would be ideal', 'would be helpful',
  'would be good', 'would be useful', 'would be a plus', 'good to have', 'not required', 'not necessary', 'not mandatory',
  'not a must', 'not needed', 'optional', 'advantageous', 'an advantage', 'extra credit', 'extra points', 'brownie points',
  'appreciated', 'is helpful', 'are helpful', 'a big win', 'stand out',
];
const REQUIRED_PHRASES = [
  'required', 'requires', 'requirement', 'requirements', 'must', 'mandatory', 'essential', 'need', 'needed', 'needs',
  'you have', 'you know', 'you bring', 'you are', 'you can', 'you should', 'you will', 'you ll', 'you ve', 'you re',
  'experience', 'experienced', 'experiences', 'proficient', 'proficiency', 'expert', 'expertise', 'strong', 'solid', 'deep',
  'knowledge', 'familiar', 'familiarity', 'fluent', 'fluency', 'skill', 'skills', 'skilled', 'qualification', 'qualifications',
  'background', 'understanding', 'hands on', 'track record', 'comfortable', 'mastery', 'year', 'years', 'looking for',
  'seeking', 'ability', 'competent', 'competence', 'competency',
];
const MENTIONED_PHRASES = [
  'we use', 'we used', 'we are using', 'we love', 'we run', 'we build', 'we built', 'we write', 'we work with', 'we rely on',
  'we leverage', 'we have', 'we deploy', 'we host', 'we re using', 'we re built', 'we re running', 'we re a', 'our stack',
  'our tech stack', 'our technology stack', 'tech stack', 'technology stack', 'stack is', 'stack includes', 'built with',
  'built on', 'built in', 'built using', 'written in', 'runs on', 'running on', 'powered by', 'hosted on', 'our backend',
  'our back end', 'our frontend', 'our front end', 'our platform', 'our infrastructure', 'our infra', 'our codebase',
  'our code', 'our services', 'our app', 'our apps', 'our product', 'our api', 'our system', 'our systems', 'our data',
  'our team', 'uses', 'is based on', 'on top of', 'migrate', 'migrated', 'migrating', 'moving to', 'sunsetting',
  'sun setting', 'legacy',
];

const P_PREFERRED = 1, P_REQUIRED = 2, P_MENTIONED = 4;
/** A word trie of the phrases: each node holds the class bits of the phrase ending there. */
interface PhraseNode { bits: number; next: Map<string, PhraseNode> | null }
const PHRASE_ROOT = new Map<string, PhraseNode>();
for (const [list, bit] of [[PREFERRED_PHRASES, P_PREFERRED], [REQUIRED_PHRASES, P_REQUIRED], [MENTIONED_PHRASES, P_MENTIONED]] as const) {
  for (const p of list) {
    let map = PHRASE_ROOT;
    let node: PhraseNode | undefined;
    for (const w of p.split(' ')) {
      node = map.get(w);
      if (!node) { node = { bits: 0, next: null }; map.set(w, node); }
      map = node.next ??= new Map();
    }
    node!.bits |= bit;
  }
}

// Headings: the line (without markup) starts with one of these and is short.
const PREFERRED_HEADING = new RegExp(
  '^(?:nice[ -]to[ -]haves?|bonus(?:\\s+points?)?|pluses|preferred(?:\\s+(?:qualifications?|skills|experience|requirements))?|' +
  "(?:it'?s\\s+)?a\\s+plus|extra\\s+(?:credit|points)|good\\s+to\\s+have|desired(?:\\s+(?:skills|qualifications|experience))?|" +
  'optional|ideally|even\\s+better|would\\s+be\\s+nice|brownie\\s+points|what\\s+would\\s+make\\s+you\\s+stand\\s+out|' +
  'bonus\\s+if|plus\\s+if|it\\s+would\\s+be\\s+great)\\b', 'i');

const REQUIRED_HEADING = new RegExp(
  '^(?:requirements?|(?:minimum|basic|required|key|core|technical)\\s+(?:qualifications?|requirements?|skills|experience)|' +
  "qualifications?|what\\s+you(?:'ll|\\s+will)?\\s+need|what\\s+we(?:'re|\\s+are)\\s+looking\\s+for|we(?:'re|\\s+are)\\s+looking\\s+for|" +
  'you\\s+(?:have|are|bring|should\\s+have|must\\s+have|will\\s+need)|must[ -]haves?|who\\s+you\\s+are|about\\s+you|' +
  "skills|what\\s+you\\s+bring|your\\s+(?:skills|profile|experience|background|qualifications)|experience|we\\s+expect|" +
  "profile|(?:the\\s+)?ideal\\s+candidate|responsibilities|what\\s+you(?:'ll|\\s+will)\\s+do|your\\s+role|you\\s+will|" +
  'what\\s+we\\s+need|job\\s+requirements|tech(?:nical)?\\s+requirements)\\b', 'i');

const MENTIONED_HEADING = new RegExp(
  '^(?:about\\s+(?:us|the\\s+company|the\\s+team|[a-z]+)|(?:our|the)\\s+(?:tech(?:nology)?\\s+)?stack|tech(?:nology)?\\s+stack|' +
  'stack|tech|technologies|technology|tools|our\\s+(?:tools|technology|tech|technologies|environment|team|product)|' +
  'what\\s+we\\s+use|tools\\s+we\\s+use|technologies\\s+we\\s+use|who\\s+we\\s+are|the\\s+company|company|environment|' +
  'the\\s+team|benefits|perks|why\\s+(?:join|work)|what\\s+we\\s+offer|we\\s+offer|how\\s+to\\s+apply|keywords)\\b', 'i');

const ROLE_NOUN = /^[\s/-]*(?:[\w.+#]+\s+)?(?:developers?|engineers?|programmers?|architects?|devs?|hackers?|ninjas?|specialists?|consultants?|administrators?|admins?|dba)\b/i;

const MAX_SENTENCE = 400;

type Cls = Strength | null;

/** Lower-case words of s: runs of ASCII letters and digits (other characters separate words). */
function wordsOf(s: string): string[] {
  const out: string[] = [];
  const l = s.toLowerCase();
  let i = 0;
  const n = l.length;
  while (i < n) {
    let c = l.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) { i++; continue; }
    const st = i;
    while (i < n && (((c = l.charCodeAt(i)) >= 97 && c <= 122) || (c >= 48 && c <= 57))) i++;
    out.push(l.slice(st, i));
  }
  return out;
}

/** The strongest class of phrase in a sentence: preferred, then required, then mentioned. */
function phraseClass(s: string): Cls {
  const words = wordsOf(s);
  let bits = 0;
  for (let i = 0; i < words.length; i++) {
    let node = PHRASE_ROOT.get(words[i]!);
    for (let k = i + 1; node !== undefined; k++) {
      bits |= node.bits;
      if (k >= words.length || node.next === null) break;
      node = node.next.get(words[k]!);
    }
    if (bits & P_PREFERRED) return 'preferred';
  }
  return bits & P_REQUIRED ? 'required' : bits & P_MENTIONED ? 'mentioned' : null;
}

const LEADING_MARKUP = new Set([...' \t\r#*_=>•·-–—0123456789.)(']);
const TRAILING_MARKUP = new Set([...' \t\r*_=:#']);

/** Strips bullets and markup from a line; returns the words a heading would be made of. */
function headingText(line: string): string {
  let s = 0, e = line.length;
  while (s < e && LEADING_MARKUP.has(line[s]!)) s++;
  while (e > s && TRAILING_MARKUP.has(line[e - 1]!)) e--;
  const h = line.slice(s, e);
  return h.indexOf('’') >= 0 ? h.replace(/’/g, "'") : h;
}

function headingClass(text: string): Cls {
  if (PREFERRED_HEADING.test(text)) return 'preferred';
  if (REQUIRED_HEADING.test(text)) return 'required';
  if (MENTIONED_HEADING.test(text)) return 'mentioned';
  return null;
}

interface Line { start: number; end: number; bullet: boolean; isHeading: boolean; inline: Cls; inlineEnd: number }

/**
 * Prepares a strength classifier for one posting. Call it with each mention's offset and length, best in
 * increasing offset order: lines are scanned forward once (headings update the current section as they
 * pass), and sentences are classified once and cached.
 */
export function strengthClassifier(text: string): (offset: number, length: number) => Strength {
  let next = 0; // start of the next line not yet scanned
  let line: Line | null = null;
  let section: Cls = null;
  let blank = false;
  const sentenceCache = new Map<number, Cls>();
  let lastStart = -1, lastEnd = -1;
  let lastCls: Cls = null;

  const advanceTo = (offset: number): Line => {
    if (line && offset >= line.start && offset <= line.end) return line;
    if (line && offset < line.start) { next = 0; section = null; blank = false; line = null; }
    for (;;) {
      let nl = text.indexOf('\n', next);
      if (nl < 0) nl = text.length;
      const start = next;
      next = nl + 1;
      const len = nl - start;
      // Lines are classified cheaply: only short lines can be headings, only a colon early on makes an inline heading.
      const l: Line = { start, end: nl, bullet: false, isHeading: false, inline: null, inlineEnd: nl };
      let first = start;
      while (first < nl && isSpace(text.charCodeAt(first))) first++;
      if (first === nl) blank = true;
      else {
        l.bullet = isBulletAt(text, first, nl);
        const heading = len <= 80 ? headingOf(text.slice(start, nl)) : null;
        if (heading) { section = heading; blank = false; l.isHeading = true; }
        else {
          if (blank && !l.bullet && len > 160) section = null;
          blank = false;
          // Only the first 60 characters of the line can hold an inline heading's colon: searching further
          // (text.indexOf) made every colon-less line scan to the end of the ad, quadratic in the line count.
          let colon = -1;
          for (let k = start, lim = Math.min(nl, start + 60); k < lim; k++) if (text.charCodeAt(k) === 58) { colon = k; break; }
          if (colon > start && colon < nl && colon - start < 60) {
            const head = headingText(text.slice(start, colon));
            if (head && HEADING_FIRST.has(firstWord(head)) && countWords(head) <= 6) {
              const cls = headingClass(head);
              if (cls) { l.inline = cls; l.inlineEnd = colon; }
            }
          }
        }
      }
      if (offset <= nl || next > text.length) { line = l; return l; }
    }
  };

  return (offset: number, length: number): Strength => {
    const ln = advanceTo(offset);
    // 1. an inline heading ("Nice to have: Rust") governs the rest of its line.
    if (ln.inline && offset >= ln.inlineEnd) return ln.inline;
    // 1b. the sentence or bullet around the mention (mentions of one sentence share its bounds and class).
    let cls: Cls;
    if (offset >= lastStart && offset + length <= lastEnd && lastStart >= ln.start && lastEnd <= ln.end) cls = lastCls;
    else {
      const [s, e] = sentenceBounds(text, ln, offset, length);
      const cached = sentenceCache.get(s);
      cls = cached === undefined ? phraseClass(text.slice(s, e)) : cached;
      sentenceCache.set(s, cls);
      lastStart = s; lastEnd = e; lastCls = cls;
    }
    if (cls) return cls;
    // 2. the section heading above (a heading line itself has no section).
    if (section && !ln.isHeading) return section;
    // 3. a role title right after the mention ("Go Engineer", "NodeJS Developer").
    if (ROLE_NOUN.test(text.slice(offset + length, offset + length + 40))) return 'required';
    return 'mentioned';
  };
}

/** First words of every heading pattern: a short line starting with any other word is not a heading. */
const HEADING_FIRST = new Set(('nice bonus pluses preferred it its it\'s a extra good desired optional ideally even would brownie what ' +
  'plus requirements requirement minimum basic required key core technical qualifications qualification we we\'re you must ' +
  'who about skills your experience profile the ideal responsibilities job tech technology technologies stack tools our ' +
  'company environment benefits perks why how keywords').split(' '));

function firstWord(h: string): string {
  let e = 0;
  while (e < h.length && /[A-Za-z'’]/.test(h[e]!)) e++;
  return h.slice(0, e).toLowerCase().replace('’', "'");
}

/** A heading line's class: short, no sentence punctuation, starts with a heading phrase. */
function headingOf(raw: string): Cls {
  const h = headingText(raw);
  if (!h || h.length > 70 || !HEADING_FIRST.has(firstWord(h)) || countWords(h) > 7) return null;
  if (/[.!?,]\s*$/.test(raw) || /[.!?]\s/.test(h)) return null;
  return headingClass(h);
}

function countWords(s: string): number {
  let words = 0, inWord = false;
  for (let i = 0; i < s.length; i++) {
    const sp = isSpace(s.charCodeAt(i));
    if (!sp && !inWord) words++;
    inWord = !sp;
  }
  return words;
}

/** "- item", "* item", "• item", "1. item", "2) item" at position i (the first non-space of a line). */
function isBulletAt(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 45 || c === 42 || c === 0x2022 || c === 0xb7 || c === 0x2013 || c === 0x2014 || c === 62) return i + 1 < end && isSpace(text.charCodeAt(i + 1));
  let j = i;
  while (j < end && j - i < 2 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j === i || j >= end) return false;
  const d = text.charCodeAt(j);
  return (d === 46 || d === 41) && j + 1 < end && isSpace(text.charCodeAt(j + 1));
}

/** The sentence (or whole bullet) containing [offset, offset+length), within its line, at most MAX_SENTENCE chars. */
function sentenceBounds(text: string, line: Line, offset: number, length: number): [number, number] {
  if (line.bullet && line.end - line.start <= MAX_SENTENCE) return [line.start, line.end];
  const lo = Math.max(line.start, offset - MAX_SENTENCE / 2);
  const hi = Math.min(line.end, offset + length + MAX_SENTENCE / 2);
  let s = offset;
  while (s > lo) {
    const c = text.charCodeAt(s - 1);
    if ((c === 46 || c === 33 || c === 63 || c === 59) && isSpace(text.charCodeAt(s))) break;
    s--;
  }
  let e = offset + length;
  while (e < hi) {
    const c = text.charCodeAt(e);
    if ((c === 33 || c === 63 || c === 59 || c === 46) && (e + 1 >= text.length || isSpace(text.charCodeAt(e + 1)))) { e++; break; }
    e++;
  }
  return [s, e];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
}
