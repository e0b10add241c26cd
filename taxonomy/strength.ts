// Requirement strength of a mention: does the ad require it, prefer it, or only mention it
// (the company's stack, the product)?
//
// Order of evidence, most specific first:
//   1. phrases in the mention's own sentence or bullet ("… is a plus", "experience with …", "we use …");
//      an inline heading counts as such a phrase ("Nice to have: Rust", "Stack: Go, Postgres");
//   2. the section heading above it ("Requirements", "Nice to have", "About us", "Our stack");
//   3. a role title around the mention ("Senior Go Engineer") → required; otherwise mentioned.
// All patterns are plain alternations of literals (linear time) and run on one bounded sentence at a time.

import type { Strength } from '../src/types.js';

const PREFERRED_PHRASE = new RegExp(
  '\\b(?:nice[ -]to[ -]haves?|bonus(?:es)?|(?:a|big|huge|strong|major|definite|great|real|nice)\\s+plus|pluses|' +
  'preferred|preferably|preference|ideally|desir(?:ed|able)|would\\s+be\\s+(?:great|nice|awesome|ideal|helpful|good|useful|a\\s+plus)|' +
  'good\\s+to\\s+have|not\\s+(?:required|necessary|mandatory|a\\s+must|needed)|optional|advantageous|an\\s+advantage|' +
  'extra\\s+credit|extra\\s+points|brownie\\s+points|appreciated|is\\s+helpful|are\\s+helpful|a\\s+big\\s+win|stand\\s+out)\\b', 'i');

const REQUIRED_PHRASE = new RegExp(
  '\\b(?:requir(?:ed|es|ements?)|must|mandatory|essential|need(?:ed|s)?|you\\s+(?:have|know|bring|are|can|should|will)|' +
  "you'(?:ll|ve|re)|experience[ds]?|proficien(?:t|cy)|expert(?:ise)?|strong|solid|deep|knowledge|familiar(?:ity)?|" +
  'fluen(?:t|cy)|skill(?:s|ed)?|qualifications?|background|understanding|hands[ -]on|track\\s+record|comfortable|' +
  'mastery|years?|looking\\s+for|seeking|ability|competen(?:t|ce|cy))\\b', 'i');

const MENTIONED_PHRASE = new RegExp(
  "\\b(?:we\\s+(?:use|used|are\\s+using|love|run|build|built|write|work\\s+with|rely\\s+on|leverage|have|deploy|host)|" +
  "we're\\s+(?:using|built|running|a)|our\\s+(?:tech(?:nology)?\\s+)?stack|(?:tech|technology)\\s+stack|stack\\s+(?:is|includes)|" +
  'built\\s+(?:with|on|in|using)|written\\s+in|runs\\s+on|running\\s+on|powered\\s+by|hosted\\s+on|' +
  'our\\s+(?:backend|back-end|frontend|front-end|platform|infrastructure|infra|codebase|code|services|apps?|product|api|systems?|data|team)|' +
  'uses|is\\s+based\\s+on|on\\s+top\\s+of|migrat(?:e|ed|ing)|moving\\s+to|sun-?setting|legacy)\\b', 'i');

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

// The three phrase lists as one alternation: one scan of a sentence finds every class present.
const ANY_PHRASE = new RegExp(`(${PREFERRED_PHRASE.source})|(${REQUIRED_PHRASE.source})|(${MENTIONED_PHRASE.source})`, 'gi');

/** The strongest class of phrase in a sentence: preferred, then required, then mentioned. */
function phraseClass(s: string): Cls {
  const t = s.indexOf('’') >= 0 || s.indexOf('‘') >= 0 ? s.replace(/[’‘]/g, "'") : s;
  ANY_PHRASE.lastIndex = 0;
  let required = false, mentioned = false;
  let m: RegExpExecArray | null;
  while ((m = ANY_PHRASE.exec(t)) !== null) {
    if (m[1] !== undefined) return 'preferred';
    if (m[2] !== undefined) required = true;
    else mentioned = true;
  }
  return required ? 'required' : mentioned ? 'mentioned' : null;
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
          const colon = text.indexOf(':', start);
          if (colon > start && colon < nl && colon - start < 60) {
            const head = headingText(text.slice(start, colon));
            if (head && countWords(head) <= 6) {
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
    // 1b. the sentence or bullet around the mention.
    const [s, e] = sentenceBounds(text, ln, offset, length);
    let cls = sentenceCache.get(s);
    if (cls === undefined) {
      cls = phraseClass(text.slice(s, e));
      sentenceCache.set(s, cls);
    }
    if (cls) return cls;
    // 2. the section heading above (a heading line itself has no section).
    if (section && !ln.isHeading) return section;
    // 3. a role title right after the mention ("Go Engineer", "NodeJS Developer").
    if (ROLE_NOUN.test(text.slice(offset + length, offset + length + 40))) return 'required';
    return 'mentioned';
  };
}

/** A heading line's class: short, no sentence punctuation, starts with a heading phrase. */
function headingOf(raw: string): Cls {
  const h = headingText(raw);
  if (!h || h.length > 70 || countWords(h) > 7) return null;
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
