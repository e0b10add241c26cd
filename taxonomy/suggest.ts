// Suggests technology-looking terms that the taxonomy does not know yet, from a collection of ads:
// dotted names (Chart.js), camelCase / inner capitals (PostGIS, tRPC), capitalised words that are not
// sentence starts or common English (Hotwire, Bevy), versioned names (Laravel 10) and short acronyms (GKE).
// Candidates are ranked with TF-IDF (natural's TfIdf: tf summed over the collection × idf), and come with
// counts and example contexts so a person can decide whether to add them.

import { createRequire } from 'node:module';
import type { Taxonomy } from '../src/core/types.js';
import { compileTagger } from './tagger.js';
import { GAP_NONE, GAP_SPACE, NUM, PUNCT, WORD, tokenize, type Tokens } from './tokenize.js';

export interface SuggestedTerm {
  /** The most frequent spelling of the term. */
  term: string;
  /** Occurrences across all texts. */
  count: number;
  /** Texts containing it. */
  docs: number;
  /** TF-IDF score: occurrences × natural's idf over the collection. */
  score: number;
  /** A few contexts ("…text around the term…"), from different texts. */
  examples: string[];
}

export interface SuggestOptions {
  /** Drop terms found in fewer texts (default 2). */
  minDocs?: number;
  /** Return at most this many terms (default 50). */
  limit?: number;
  /** Example contexts per term (default 3). */
  examples?: number;
  /** Characters of context on each side of an example (default 40). */
  context?: number;
}

interface TfIdfLike {
  addDocument(document: string[]): void;
  idf(term: string): number;
}
type TfIdfCtor = new () => TfIdfLike;
// Only the submodule: natural's package root prints to stdout when loaded.
const TfIdf = createRequire(import.meta.url)('natural/lib/natural/tfidf/tfidf') as TfIdfCtor;

/** Capitalised words that are ordinary English in ads: sentence-ish words, calendar, places, roles, perks. */
const COMMON_CAPITALISED = new Set((
  'i we you our your us they their he she it its this that these those a an the and or but if of in on at to for from by with as ' +
  'about after all also any are be been both can do does each every few get have here how into is just let like more most my ' +
  'new no not now only other out over please so some such than then there very was what when where which while who why will ' +
  'would yes join apply hiring hire email contact send visit check learn read see find work working build help come ' +
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
  'monday tuesday wednesday thursday friday saturday sunday today ' +
  'remote onsite hybrid full time part contract intern internship senior junior staff principal lead head chief director manager ' +
  'engineer engineers engineering developer developers software product design designer data science scientist sales marketing ' +
  'operations support customer success team company startup founder founders ceo cto vp office benefits salary equity visa ' +
  'san francisco new york nyc london berlin paris amsterdam boston seattle austin chicago los angeles denver toronto vancouver ' +
  'montreal portland atlanta miami dallas houston washington dc bay area sf la us usa uk eu europe america north south east west ' +
  'canada germany france india israel china japan singapore australia spain netherlands ireland switzerland sweden poland ' +
  'california texas colorado florida massachusetts oregon illinois virginia utah arizona georgia ontario ' +
  'street avenue road building floor suite inc llc ltd gmbh corp co series seed funding funded backed yc ycombinator ' +
  'html pdf usd eur gbp cv resume linkedin twitter hn ask who is hiring position positions role roles job jobs opening openings ' +
  'platform platforms system systems service services cloud web mobile app apps api apis ai ml ui ux qa sre devops backend frontend ' +
  'full-stack fullstack stack tech technology technologies tools experience years year plus bonus required preferred nice ' +
  'health healthcare finance fintech insurance education energy climate security privacy open source free great best first ' +
  'world global international local national university college degree bs ms phd ba mba fortune ' +
  'ventures capital partners labs lab front back end english spanish german french hacker news linkedin united states kingdom ' +
  'ycombinator combinator foundation institute group holdings studio studios agency'
).split(/\s+/));

/** Lower-case words never proposed even when capitalised mid-sentence. */
const ACRONYM_NOISE = new Set(['ceo', 'cto', 'cfo', 'coo', 'vp', 'usa', 'us', 'uk', 'eu', 'pto', 'yc', 'hr', 'pm', 'est', 'pst', 'cet',
  'utc', 'gmt', 'et', 'pt', 'ny', 'nyc', 'sf', 'la', 'dc', 'ca', 'wa', 'tx', 'ma', 'co', 'or', 'ok', 'faq', 'asap', 'fyi', 'eg', 'ie',
  'etc', 'tbd', 'n/a', 'ii', 'iii', 'iv', 'ai', 'ml', 'ui', 'ux', 'qa', 'it', 'id', 'ip', 'am', 'pm', 'b2b', 'b2c', 'saas', 'seo',
  'k', 'm', 'usd', 'eur', 'gbp', 'ote', 'dm', 'pr', 'ipo', 'hq', 'wfh', 'ft', 'pt', 'fte', 'h1b', 'tn', 'gc', 'phd', 'bs', 'ms', 'mba',
  'swe', 'sde', 'gtm', 'vc', 'vcs', 'arr', 'mrr', 'mit', 'yoe', 'jd', 'ic', 'mvp', 'ae', 'sdr', 'bdr', 'fda', 'erp', 'crm', 'latam',
  'emea', 'apac', 'amer', 'kpi', 'kpis', 'okr', 'okrs', 'roi', 'eod', 'nda', 'llc', 'inc', 'ltd', 'vp', 'evp', 'svp',
  // Social sites and US states: where to apply and where the office is, never a technology of the job.
  'linkedin', 'youtube', 'facebook', 'instagram', 'tiktok', 'whatsapp', 'wellfound', 'angellist', 'glassdoor', 'soma', 'fidi',
  'al', 'ak', 'az', 'ar', 'ct', 'de', 'fl', 'ga', 'hi', 'il', 'in', 'ia', 'ks', 'ky', 'md', 'me', 'mi', 'mn', 'ms', 'mo', 'mt',
  'ne', 'nv', 'nh', 'nj', 'nm', 'nc', 'nd', 'oh', 'pa', 'ri', 'sc', 'sd', 'tn', 'ut', 'vt', 'va', 'wv', 'wi', 'wy', 'cs']);

const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '|', '•', '*', '-', '–', '—', '(', '"', '“', '[']);

/**
 * Technology-looking terms in texts that the taxonomy does not know, ranked by TF-IDF.
 * Texts are tagged with the taxonomy first; words inside a mention, a URL or an e-mail address never count.
 */
/** Ranks the candidate terms of `texts` (see termSuggester). */
export function suggestTerms(texts: Iterable<{ id: string; text: string }>, taxonomy: Taxonomy, opts: SuggestOptions = {}): SuggestedTerm[] {
  const suggester = termSuggester(taxonomy, opts);
  for (const doc of texts) suggester.add(doc);
  return suggester.finish();
}

/** Takes ads one at a time (a store streams them page by page) and ranks the candidate terms at the end. */
export function termSuggester(taxonomy: Taxonomy, opts: SuggestOptions = {}): { add(doc: { id: string; text: string }): void; finish(): SuggestedTerm[] } {
  const minDocs = opts.minDocs ?? 2;
  const limit = opts.limit ?? 50;
  const maxExamples = opts.examples ?? 3;
  const context = opts.context ?? 40;
  const tagger = compileTagger(taxonomy);
  const known = new Set<string>();
  for (const e of taxonomy.entries) {
    known.add(e.name.toLowerCase());
    for (const a of e.aliases) known.add(a.form.toLowerCase());
  }
  const tfidf = new TfIdf();
  const stats = new Map<string, { count: number; docs: number; spellings: Map<string, number>; examples: string[]; onlyCapital: boolean; nearTech: number }>();
  // How often each word is written in lower case: a capitalised word that is also common in lower case is ordinary
  // English ("Research", "Infrastructure"), not a name.
  const lowerCounts = new Map<string, number>();
  const add = ({ text }: { id: string; text: string }): void => {
    if (typeof text !== 'string' || !text) return;
    const mentions = tagger.match(text).mentions;
    const covered = mentionCoverage(text, mentions);
    const near = nearMention(text, mentions);
    const t = tokenize(text);
    countLowerWords(t, lowerCounts);
    const docTerms: string[] = [];
    const seenInDoc = new Set<string>();
    for (const cand of candidates(t)) {
      if (covered(cand.start, cand.end)) continue;
      const key = cand.term.toLowerCase();
      if (known.has(key) || ACRONYM_NOISE.has(key)) continue;
      docTerms.push(key);
      let s = stats.get(key);
      if (!s) { s = { count: 0, docs: 0, spellings: new Map(), examples: [], onlyCapital: true, nearTech: 0 }; stats.set(key, s); }
      s.count++;
      if (near(cand.start, cand.end)) s.nearTech++;
      if (!cand.capitalisedOnly) s.onlyCapital = false;
      s.spellings.set(cand.term, (s.spellings.get(cand.term) ?? 0) + 1);
      if (!seenInDoc.has(key)) {
        seenInDoc.add(key);
        s.docs++;
        if (s.examples.length < maxExamples) s.examples.push(excerpt(text, cand.start, cand.end, context));
      }
    }
    tfidf.addDocument(docTerms);
  };
  const finish = (): SuggestedTerm[] => {
  const out: SuggestedTerm[] = [];
  for (const [key, s] of stats) {
    if (s.docs < minDocs) continue;
    if (s.onlyCapital && /^[a-z]+$/.test(key) && key.length > 3 && (lowerCounts.get(key) ?? 0) > s.count / 10) continue;
    // A word that is a name only by its capital letter must mostly stand among technologies ("Rails, Sidekiq and
    // Hotwire"), not in company prose ("backed by Kindred Ventures", "Front End", "Strong written English").
    if (s.onlyCapital && s.nearTech < s.count / 2) continue;
    const term = [...s.spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    out.push({ term, count: s.count, docs: s.docs, score: round(s.count * tfidf.idf(key)), examples: s.examples });
  }
  out.sort((a, b) => b.score - a.score || b.docs - a.docs || a.term.localeCompare(b.term));
  return out.slice(0, limit);
  };
  return { add, finish };
}

interface TermCandidate {
  term: string;
  start: number;
  end: number;
  /** Only its capital letter makes it look like a name (no inner capital, dot, digits or version). */
  capitalisedOnly: boolean;
}

function countLowerWords(t: Tokens, counts: Map<string, number>): void {
  for (let i = 0; i < t.n; i++) {
    if (t.kind[i] !== WORD) continue;
    const c0 = t.text.charCodeAt(t.start[i]!);
    if (c0 < 97 || c0 > 122) continue;
    const w = t.text.slice(t.start[i]!, t.end[i]!);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}

/** Technology-looking candidate terms of one text (see the file comment for the shapes). */
function candidates(t: Tokens): TermCandidate[] {
  const out: TermCandidate[] = [];
  const { n, start, end, kind, gap, masked, text, lower } = t;
  for (let i = 0; i < n; i++) {
    if (masked[i] === 1 || kind[i] !== WORD) continue;
    // A dotted name: word(.word)+ glued, e.g. Chart.js, Vert.x (domains were masked by the tokenizer).
    let j = i;
    while (j + 2 < n && gap[j + 1] === GAP_NONE && gap[j + 2] === GAP_NONE && text[start[j + 1]!] === '.' && kind[j + 2] === WORD &&
      masked[j + 2] === 0) j += 2;
    if (j > i && end[j]! - start[j]! <= 4 && end[i]! - start[i]! >= 2) {
      out.push({ term: text.slice(start[i]!, end[j]!), start: start[i]!, end: end[j]!, capitalisedOnly: false });
      i = j;
      continue;
    }
    const w = text.slice(start[i]!, end[i]!);
    const l = lower.slice(start[i]!, end[i]!);
    if (w.length < 2 || w.length > 30) continue;
    const initial = i === 0 || gap[i]! >= 2 || (kind[i - 1] === PUNCT && SENTENCE_END.has(text[start[i - 1]!]!));
    // camelCase or PascalCase with an inner capital (not a plural acronym such as "APIs", "PRs").
    const innerCap = /^[A-Za-z][a-z0-9]*[A-Z]/.test(w) && /[a-z]/.test(w) && !/^[A-Z]{2,}s$/.test(w);
    const acronym = /^[A-Z][A-Z0-9]{1,5}$/.test(w) && /[A-Z].*[A-Z]|[0-9]/.test(w);
    const capitalised = /^[A-Z][a-z]{2,}$/.test(w);
    // A version right after: "Laravel 10", "Vue3" (split by the tokenizer).
    const versioned = i + 1 < n && kind[i + 1] === NUM && gap[i + 1]! <= GAP_SPACE && /^[A-Za-z]{3,}$/.test(w) && /^[A-Z]/.test(w) &&
      (end[i + 1]! - start[i + 1]!) <= 2;
    let ok = false;
    let capitalisedOnly = false;
    if (innerCap || versioned) ok = true;
    else if (acronym) {
      ok = !COMMON_CAPITALISED.has(l) && !isCapitalisedLine(t, i, true);
      capitalisedOnly = true; // an acronym, like a capitalised word, must mostly stand among technologies
    }
    else if (capitalised && !initial) {
      ok = !COMMON_CAPITALISED.has(l) && !isCapitalisedLine(t, i, false);
      capitalisedOnly = true;
    }
    if (ok) out.push({ term: w, start: start[i]!, end: end[i]!, capitalisedOnly });
  }
  return out;
}

/**
 * Headings and title lines make ordinary words look like names: a line in capitals (for acronyms) or with
 * most words capitalised (for capitalised words, "Senior Infrastructure Engineer | Remote") is skipped.
 */
function isCapitalisedLine(t: Tokens, i: number, allCaps: boolean): boolean {
  let k = i;
  while (k > 0 && t.gap[k]! < 2 && i - k < 40) k--;
  let hits = 0, words = 0;
  for (let m = k; m < t.n && m < k + 40 && (m === k || t.gap[m]! < 2); m++) {
    if (t.kind[m] !== WORD) continue;
    words++;
    const w = t.text.slice(t.start[m]!, t.end[m]!);
    if (allCaps ? w === w.toUpperCase() : /^[A-Z]/.test(w)) hits++;
  }
  return words >= 3 && hits / words > (allCaps ? 0.8 : 0.6);
}

function mentionCoverage(text: string, mentions: { offset: number; length: number }[]): (s: number, e: number) => boolean {
  if (mentions.length === 0) return () => false;
  const mask = new Uint8Array(text.length + 1);
  for (const m of mentions) mask.fill(1, m.offset, m.offset + m.length);
  return (s, e) => {
    for (let i = s; i < e; i++) if (mask[i] === 1) return true;
    return false;
  };
}

/** Whether [s, e) lies within 60 characters of a known technology mention on the same line. */
function nearMention(text: string, mentions: { offset: number; length: number }[]): (s: number, e: number) => boolean {
  const sorted = mentions.map((m) => [m.offset, m.offset + m.length] as const).sort((a, b) => a[0] - b[0]);
  return (s, e) => {
    for (const [a, b] of sorted) {
      if (b < s - 60) continue;
      if (a > e + 60) break;
      const from = Math.min(b, s), to = Math.max(a, e);
      if (!text.slice(from, to).includes('\n')) return true;
    }
    return false;
  };
}

function excerpt(text: string, s: number, e: number, context: number): string {
  const a = Math.max(0, s - context), b = Math.min(text.length, e + context);
  return (a > 0 ? '…' : '') + text.slice(a, b).replace(/\s+/g, ' ').trim() + (b < text.length ? '…' : '');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
