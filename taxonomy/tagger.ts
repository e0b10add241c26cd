// The tagger: maps job-ad text onto taxonomy ids, with evidence for every mention.
//
// One pass tokenises the text (tokenize.ts), hashing every token and listing the few that pass two Bloom-style
// pre-filters (could this token, or this pair of tokens, start an alias?). The alias trie is walked from those
// tokens only (longest match wins: Spring Boot over Spring, ASP.NET over .NET, Ruby on Rails over Ruby). Then:
//   - a version tail is consumed after any alias (Python 3, python3, Go 1.22, Angular 2+, C++17);
//   - boundary rules veto glued shapes (C+, C-level, R&D, ex-Google, example.Go);
//   - strong aliases count as they are; weak ones need corroboration: a version tail, a cue phrase within a few
//     words, a list with another accepted technology, or a related entity (`with`) anywhere in the ad;
//   - per-entry reject patterns veto what they overlap; negated mentions ("no PHP", "we moved off MongoDB")
//     are dropped; URLs, e-mail addresses and domain names were masked by the tokenizer.
// No regex ever runs over the whole text except the linear tokenizer loop; reject patterns run on a small
// window around a candidate.

import type { Mention, TagResult, Taxonomy } from '../src/core/types.js';
import { compileTaxonomy, cueIndex, cueWords, pairHash, type AliasRef, type Compiled, type CueIndex, type HashIndex, type TrieNode } from './compile.js';
import { strengthClassifier } from './strength.js';
import { insideSpan, namesCompanyOrEvent, selfDescriptionSpansOf } from './self-description.js';
import { GAP_LINE, GAP_NONE, GAP_PARA, GAP_SPACE, NUM, PUNCT, WORD, hashBucket, hashBucket2, tokenHash, tokenize, type Tokens } from './tokenize.js';

// The Tagger port (what the pipeline, the commands and the tag workers rely on) lives in src/core/ports.ts.
export type { MatchResult, Tagger } from '../src/core/ports.js';
import type { MatchResult, Tagger } from '../src/core/ports.js';

/** Longer texts are cut: no job ad is this long, and it bounds the work per posting. */
export const MAX_TEXT_CHARS = 2_000_000;

/** Words around a weak alias that say it is a technology (rule (b) of the ambiguity cases). */
const GENERAL_CUES: CueIndex = cueIndex([
  'language', 'languages', 'framework', 'frameworks', 'stack', 'developer', 'developers', 'engineer', 'engineers',
  'hacker', 'hackers', 'programmer', 'programmers', 'programming', 'proficient', 'proficiency', 'backend', 'services', 'microservices',
  'library', 'libraries', 'sdk', 'sdks', 'api', 'apis', 'codebase',
  'experience with', 'experience in', 'experience using', 'experienced with', 'experienced in', 'written in',
  'knowledge of', 'familiarity with', 'familiar with', 'skills in', 'expertise in', 'expert in', 'built with',
  'built in', 'built on', 'coding in', 'programming in', 'developing in', 'develop in',
  'we use', 'we used', 'we re using', 'we are using', 'uses', 'shop', 'code in', 'program in',
]);
/** "an interest in X", "exposure to X", "passion for X", "fluent in X". */
const INTEREST_WORDS = new Set(['interest', 'interests', 'interested', 'exposure', 'exposed', 'passion', 'passionate', 'curious',
  'curiosity', 'proficient', 'fluent', 'fluency', 'skilled', 'versed', 'expert', 'experts', 'grounding', 'competence', 'competent']);
/** Nouns before a parenthesised list of technologies that name openings or areas: "firmware engineers (C)", "UX (Backbone)". */
const ROLE_PAREN_WORDS = new Set(['engineer', 'engineers', 'developer', 'developers', 'programmer', 'programmers', 'dev', 'devs',
  'designer', 'designers', 'architect', 'architects', 'ux', 'ui', 'frontend', 'backend', 'fullstack', 'front', 'back', 'end',
  'mobile', 'web', 'firmware', 'embedded', 'qa', 'devops', 'sre', 'platform', 'infrastructure', 'data', 'ml', 'ios', 'android',
  'hacker', 'hackers', 'generalist', 'generalists', 'intern', 'interns', 'lead', 'leads', 'scientist', 'scientists']);

/** Whether the "(" at token p follows a role or area noun on the same line. */
function roleBeforeParen(t: Tokens, p: number): boolean {
  if (p <= 0 || t.gap[p]! >= GAP_LINE || t.kind[p - 1] !== WORD) return false;
  return ROLE_PAREN_WORDS.has(lowerOf(t, p - 1));
}

/**
 * A weak alias that fills a parenthesis after a role noun, alone or in a list: "firmware engineers (C)",
 * "UX (Backbone)", "backend engineers (Go, Rust)".
 */
function inRoleParens(t: Tokens, cand: Candidate): boolean {
  // Walk left over list separators and words to the "(": at most a few tokens, all on one line.
  let k = cand.startTok - 1;
  for (let steps = 0; k >= 0 && steps < 12; steps++, k--) {
    if (t.gap[k + 1]! >= GAP_LINE) return false;
    if (t.kind[k] === PUNCT) {
      const ch = t.text[t.start[k]!]!;
      if (ch === '(') break;
      if (ch !== ',' && ch !== '/' && ch !== '&' && ch !== '+') return false;
    }
  }
  if (k < 0 || !isChar(t, k, '(') || !roleBeforeParen(t, k)) return false;
  // …and right to the ")".
  let j = cand.tailEnd;
  for (let steps = 0; j < t.n && steps < 12; steps++, j++) {
    if (t.gap[j]! >= GAP_LINE) return false;
    if (t.kind[j] === PUNCT) {
      const ch = t.text[t.start[j]!]!;
      if (ch === ')') return true;
      if (ch !== ',' && ch !== '/' && ch !== '&' && ch !== '+') return false;
    }
  }
  return false;
}

const ROLE_AFTER = new Set(['engineer', 'engineers', 'developer', 'developers', 'programmer', 'programmers', 'hacker', 'hackers', 'dev', 'devs']);
const AREA_BEFORE_ROLE = new Set(['backend', 'back-end', 'frontend', 'front-end', 'fullstack', 'software', 'web', 'mobile', 'senior', 'lead', 'platform']);

/** A job noun right after token e, possibly after one area word: "RUST Backend Developer", "GO engineer". */
function roleAfter(t: Tokens, e: number): boolean {
  const w = wordsAfter(t, e, 2);
  if (w.length === 0 || t.gap[e]! > GAP_SPACE) return false;
  return ROLE_AFTER.has(w[0]!) || (w.length > 1 && AREA_BEFORE_ROLE.has(w[0]!) && ROLE_AFTER.has(w[1]!));
}

/** Words that corroborate a weak alias when they follow it directly ("Rust experience", "React code"). */
const NEXT_WORD_CUES = new Set(['knowledge', 'experience', 'skills', 'skill', 'expertise', 'code', 'codebase', 'background',
  'proficiency', 'programming', 'development', 'scripts', 'scripting']);
/** A weak alias after "at" is a place or an employer ("at Spring", "at Shell") unless a skill word precedes. */
const SKILL_BEFORE_AT = new Set(['good', 'great', 'expert', 'proficient', 'skilled', 'strong', 'experienced', 'excellent',
  'fluent', 'competent', 'better', 'best', 'adept']);
/** After these, "Go into", "React to" are not verb readings ("from Go into Elixir", "switch to Go"). */
const PREPOSITION_BEFORE = new Set(['from', 'in', 'with', 'into', 'of', 'using', 'than', 'like', 'and', 'or', 'via', 'both',
  'between', 'to', 'on', 'for', 'use', 'uses', 'used', 'learn', 'know', 'love', 'adopt', 'adopted', 'chose', 'choose',
  'write', 'wrote', 'writing']);
/** Verbs of building software: "write motor control in Rust", "we code in Go" (for languages). */
const DEV_VERBS = new Set(['write', 'writes', 'writing', 'written', 'wrote', 'code', 'codes', 'coding', 'coded', 'develop', 'develops',
  'developing', 'developed', 'program', 'programs', 'programming', 'programmed', 'build', 'builds', 'building', 'built', 'implement',
  'implemented', 'implementing', 'rewrite', 'rewriting', 'rewritten', 'port', 'porting', 'ported', 'script', 'scripting']);
/** "migrating to X", "transitioning to X": a move to a technology. */
const MOVE_VERBS = new Set(['migrate', 'migrating', 'migrated', 'migration', 'move', 'moving', 'moved', 'transition', 'transitioning',
  'transitioned', 'switch', 'switching', 'switched', 'port', 'porting', 'ported', 'convert', 'converting', 'converted', 'upgrade',
  'upgrading', 'upgraded', 'rewrite', 'rewriting']);
/** "experience working with X", "we work mostly with X". */
const WITH_VERBS = new Set(['work', 'works', 'working', 'worked', 'experience', 'experienced', 'familiarity', 'familiar', 'proficiency',
  'comfortable', 'expertise', 'build', 'building', 'built', 'develop', 'developing', 'developed', 'hands']);
/** Right after a weak alias: "Rust a plus", "Go required", "React is a plus". */
const AFTER_PHRASES: string[][] = ['a plus', 'is a plus', 'a bonus', 'is a bonus', 'nice to have', 'is nice to have', 'a must',
  'is a must', 'required', 'preferred', 'desired', 'mandatory', 'essential', 'needed', 'is required', 'is preferred'].map(cueWords);
/** The word right before a weak alias that makes it the thing used or learned ("use Elastic", "learn Rust"). */
const PREV_WORD_CUES = new Set(['use', 'using', 'uses', 'used', 'learn', 'learning', 'adopt', 'adopting', 'adopted', 'know', 'knows',
  'write', 'writes', 'wrote', 'writing']);
/** Words before a weak alias that make it a person ("contact Cassandra", "ask Ruby"). */
const PERSON_BEFORE = new Set(['contact', 'email', 'e-mail', 'ask', 'call', 'ping', 'message', 'thank', 'thanks', 'dear', 'hi',
  'hello', 'hey', 'mr', 'ms', 'mrs', 'dr', 'cc', 'attn', 'attention', 'meet', 'founder', 'ceo', 'cto', 'recruiter', 'manager', 'im',
  'named', 'called']);
/**
 * Capitalised words that may follow a weak alias without making it part of a proper name ("Go Developer",
 * "React Router", "And"); any other capitalised word makes a name: "Ruby Martinez", "Spark Capital", "Express Entry".
 */
const NAME_OK_NEXT = new Set([
  'native', 'router', 'hooks', 'query', 'boot', 'framework', 'frameworks', 'cloud', 'server', 'servers', 'engineer', 'engineers',
  'developer', 'developers', 'programmer', 'programmers', 'architect', 'architects', 'lead', 'leads', 'expert', 'experts',
  'experience', 'knowledge', 'skills', 'sdk', 'api', 'apis', 'stack', 'code', 'programming', 'development', 'language',
  'languages', 'app', 'apps', 'application', 'applications', 'services', 'service', 'platform', 'cluster', 'clusters',
  'testing', 'test', 'tests', 'scripts', 'scripting', 'modules', 'components', 'web', 'backend', 'frontend', 'back', 'front',
  'core', 'engine', 'data', 'db', 'database', 'orm', 'library', 'libraries', 'ecosystem', 'community', 'jobs', 'job', 'role',
  'roles', 'position', 'positions', 'team', 'teams', 'projects', 'project', 'tooling', 'tools', 'infrastructure', 'ops',
  'devops', 'microservices', 'mobile', 'ios', 'android', 'developer', 'specialist', 'consultant', 'contractor', 'intern',
  'internship', 'senior', 'junior', 'staff', 'principal', 'full', 'stack', 'software', 'systems', 'system', 'and', 'or',
  'with', 'for', 'to', 'in', 'on', 'at', 'the', 'a', 'an', 'is', 'are', 'of', 'as', 'from', 'by', 'using', 'via', 'plus',
  'etc', 'experienced', 'ninja', 'rockstar', 'guru', 'hacker', 'wizard', 'enthusiast', 'fans', 'fan', 'shop', 'based',
  'remote', 'onsite', 'contract', 'fulltime', 'streaming', 'streams', 'jobs', 'pipelines', 'pipeline', 'workers', 'worker',
  'scripts', 'lambda', 'functions', 'runtime', 'compiler', 'toolchain', 'gems', 'crates', 'packages', 'package', 'plugins',
  'plugin', 'extensions', 'cookbooks', 'modules', 'manifests', 'recipes', 'playbooks', 'charts', 'templates', 'dsl',
]);

/** Categories of generic concepts: they do not corroborate a neighbour in a list. */
const CONCEPT_CATEGORIES = new Set(['concept', 'practice']);
const CUE_WINDOW = 5;

/** Words that, right after a weak alias, read it as a verb or a plain word ("Go through", "React to"). */
const VERB_NEXT = new Set([
  'to', 'through', 'ahead', 'above', 'beyond', 'forward', 'back', 'out', 'up', 'into', 'the', 'your', 'a', 'an', 'our',
  'their', 'its', 'his', 'her', 'quickly', 'further', 'away', 'along', 'off', 'down', 'around', 'about', 'across',
  'against', 'together', 'fast', 'faster', 'far', 'live', 'get', 'getter', 'getters', 'beyond', 'yourself', 'promptly',
  'calmly', 'appropriately', 'accordingly', 'immediately', 'interest', 'interests',
]);
/** Words that, right before a weak alias, make it a verb ("you can Go", "please React"). */
const MODAL_BEFORE = new Set(['will', 'can', 'could', 'would', 'should', 'must', 'may', 'might', 'please', 'lets', 'let', 'dont']);
/** "Go-based" is still Go; "Go-live", "C-level" are not. */
const HYPHEN_OK = new Set(['based', 'powered', 'driven', 'backed', 'centric', 'native', 'heavy', 'first', 'only', 'focused',
  'oriented', 'compatible', 'friendly', 'savvy', 'fluent', 'like', 'style', 'specific', 'related', 'shop', 'stack',
  'developer', 'developers', 'engineer', 'engineers', 'code', 'services', 'service', 'app', 'apps', 'backend', 'frontend',
  'ecosystem', 'lang', 'language', 'script', 'scripts', 'scripting', 'framework', 'experience', 'skills', 'expert', 'dev', 'devs']);
/** Separators between the items of a technology list. */
const SEP_PUNCT = new Set([',', '/', '|', '&', '(', ')', '[', ']', '+', '*', '•', '·', '-', '–', '—', '\\']);
const SEP_WORDS = new Set(['and', 'or', 'plus', 'etc', 'nor', 'as', 'well', 'also', 'e', 'g', 'eg', 'ie', 'i', 'some', 'a', 'little',
  'bit', 'of', 'lot', 'lots', 'few', 'even', 'then']);
/** Most tokens between two list items: separators, "and"/"or", and one unknown item of up to two words. */
const MAX_SEP_TOKENS = 7;
/** Not negation when followed by these ("No Go experience needed, you'll learn it here" is still Go). */
const NEG_EXCEPT = new Set(['experience', 'knowledge', 'background', 'skills', 'skill', 'expertise', 'prior', 'familiarity', 'exposure', 'required', 'needed', 'necessary']);
const NEG_PHRASES: string[][] = [
  'moved off', 'moved off of', 'moved away from', 'migrated off', 'migrated off of', 'migrated away from', 'migrating away from',
  'migrating off', 'moving away from', 'moving off', 'got rid of', 'getting rid of', 'no longer use', 'no longer using',
  'phased out', 'phasing out', 'do not use', 'does not use', 'never use', 'not using', 'not use',
  // What the product replaces or differs from is not the team's stack ("a replacement for SQLite & Core Data",
  // "an open source alternative to AWS", "our approach differs from LLMs", "10x faster compared to ASICs").
  'replacement for', 'replacements for', 'alternative to', 'alternatives to', 'differs from', 'different from',
  'instead of', 'unlike', 'compared to', 'compared with', 'in comparison to', 'rather than', 'replace', 'replacing', 'replaces',
].map(cueWords);
/** Words one of which every negation contains: "no", or a word of the phrases and use verbs (a cheap pre-check). */
const NEG_TRIGGER_HASHES = new Set(['no', 'off', 'from', 'of', 'use', 'using', 'uses', 'out', 'utilize', 'utilizing', 'utilise',
  'utilising', 'for', 'to', 'unlike', 'with', 'than', 'replace', 'replacing', 'replaces'].map((w) => tokenHash(w, 0, w.length)));

/** Whether one of the 10 tokens before s is a negation trigger word (by hash, without building strings). */
function negationMayPrecede(t: Tokens, s: number): boolean {
  for (let k = s - 1; k >= 0 && k >= s - 10; k--) if (t.kind[k] === WORD && NEG_TRIGGER_HASHES.has(t.hash[k]!)) return true;
  return false;
}
const USE_VERBS = new Set(['use', 'using', 'utilize', 'utilizing', 'utilise', 'utilising', 'uses']);
const BOUNDARY_PUNCT = new Set(['.', '!', '?', ';', '|']);
const BULLETS = new Set(['-', '*', '•', '·', '–', '—', '>']);
const EXPERIENCE_WORDS = new Set(['years', 'year', 'yrs', 'yr', 'months', 'month', 'plus']);
const TAIL_SUFFIX = /^[0-9]+(?:c|g|i|ai|x|rc[0-9]*)$/;

const ST_PENDING = 0;
const ST_ACCEPTED = 1;
const ST_VETOED = -1;

interface Candidate {
  ref: AliasRef;
  entry: number;
  startTok: number;
  /** Token after the alias (before any version tail). */
  aliasEnd: number;
  /** Token after the version tail. */
  tailEnd: number;
  offset: number;
  length: number;
  caseVariant: boolean;
  tailStrong: boolean;
  state: number;
  rule: string;
  negated: boolean;
  chain: number;
  sentenceInitial: boolean;
  /** Followed by a capitalised non-technical word: possibly part of a name, only a list corroborates it. */
  nameLike: boolean;
}

interface Tail { end: number; strong: boolean; year: boolean; glued1: boolean }

const compiledCache = new WeakMap<Taxonomy, Compiled>();

export function compileTagger(tax: Taxonomy): Tagger {
  let compiled = compiledCache.get(tax);
  if (!compiled) { compiled = compileTaxonomy(tax); compiledCache.set(tax, compiled); }
  const c = compiled;
  return {
    version: c.version,
    tag: (text: string) => tagText(c, text, true) as TagResult,
    match: (text: string) => tagText(c, text, false),
  };
}

function tagText(c: Compiled, input: string, withStrength: boolean): TagResult | MatchResult {
  const text = typeof input === 'string' ? (input.length > MAX_TEXT_CHARS ? input.slice(0, MAX_TEXT_CHARS) : input) : '';
  const t = tokenize(text, { keepWhole: c.keepWhole, dottedNames: c.dottedNames, filter: c.rootBits, pairFilter: c.pairFilter });
  const cands = findCandidates(c, t);
  if (cands.length === 0) return { tags: [], mentions: [] };
  for (const cand of cands) applyVetoes(c, t, cand);
  // What the company says of itself (its name in the header, investors, customers, fields it serves, metadata lines)
  // is no technology of the job: those candidates neither count nor corroborate others.
  if (cands.some((x) => x.state !== ST_VETOED)) {
    const spans = selfDescriptionSpansOf(t);
    for (const cand of cands) {
      if (cand.state === ST_VETOED) continue;
      if ((spans.length > 0 && insideSpan(spans, cand.offset)) || namesCompanyOrEvent(t, cand.startTok, cand.aliasEnd)) veto(cand);
    }
  }
  const live = cands.filter((x) => x.state !== ST_VETOED);
  const chains = buildChains(t, live);
  for (const chain of chains) if (chainNegated(t, chain)) for (const m of chain) m.negated = true;
  corroborate(c, t, live, chains);
  return emit(c, text, live, withStrength);
}

// ------------------------------------------------------------------ matching

function findCandidates(c: Compiled, t: Tokens): Candidate[] {
  const { n, start, end, gap, masked, lower, hash } = t;
  const root = c.root;
  const rootBits = c.rootBits;
  const single = c.singleFilter;
  const pair = c.pairFilter;
  const out: Candidate[] = [];
  const pathNodes: TrieNode[] = [];
  const pathEnds: number[] = [];
  // The tokenizer listed the tokens whose bucket is set in rootBits: nearly every word of an ad is skipped there.
  const hits = t.hits, nHits = t.nHits;
  let next = 0; // the first token not consumed by an earlier match
  for (let x = 0; x < nHits; x++) {
    const i = hits[x]!;
    if (i < next) continue;
    const h = hash[i]!;
    const bits = rootBits[hashBucket(h)]!;
    if (!((bits & 1) === 1 && single[hashBucket2(h)] === 1) && !((bits & 2) === 2 && i + 1 < n && pairMayStart(pair, h, hash[i + 1]!))) continue;
    if (masked[i] === 1) continue;
    let node = lookup(root, hash[i]!, lower, start[i]!, end[i]!);
    if (node === undefined) continue;
    pathNodes.length = 0; pathEnds.length = 0;
    let j = i;
    if (node.ends) { pathNodes.push(node); pathEnds.push(j); }
    for (;;) {
      const q = j + 1;
      if (q >= n || masked[q] === 1) break;
      const g = gap[q]!;
      const map: HashIndex | null = g === GAP_NONE ? node.glued : g === GAP_SPACE ? node.spaced : null;
      if (map === null) break;
      const nx = lookup(map, hash[q]!, lower, start[q]!, end[q]!);
      if (nx === undefined) break;
      node = nx; j = q;
      if (node.ends) { pathNodes.push(node); pathEnds.push(j); }
    }
    let chosen: Candidate | null = null;
    for (let p = pathNodes.length - 1; p >= 0 && !chosen; p--) {
      const last = pathEnds[p]!;
      // An exact spelling wins over a case variant of another alias ("ios" listed itself vs "iOS").
      let variant: AliasRef | null = null;
      for (const ref of pathNodes[p]!.ends!) {
        const cs = caseState(t, i, ref);
        if (cs === 1) { chosen = newCandidate(t, ref, i, last + 1, false); break; }
        if (cs === 2 && !variant) variant = ref;
      }
      if (!chosen && variant) chosen = newCandidate(t, variant, i, last + 1, true);
    }
    if (!chosen) continue;
    out.push(chosen);
    next = chosen.tailEnd;
  }
  return out;
}

function pairMayStart(pair: Uint8Array, h1: number, h2: number): boolean {
  const ph = pairHash(h1, h2);
  return pair[hashBucket(ph)] === 1 && pair[hashBucket2(ph)] === 1;
}

/** The trie node for token text lower[s, e) with hash h (no string is built). */
function lookup(map: HashIndex, h: number, lower: string, s: number, e: number): TrieNode | undefined {
  let node = map.get(h);
  const len = e - s;
  while (node !== undefined) {
    const tok = node.token;
    if (tok.length === len) {
      let k = 0;
      while (k < len && lower.charCodeAt(s + k) === tok.charCodeAt(k)) k++;
      if (k === len) return node;
    }
    node = node.sibling ?? undefined;
  }
  return undefined;
}

/** 0: no match; 1: exact (or case-insensitive alias); 2: a weak case-sensitive alias written all lower/upper case. */
function caseState(t: Tokens, i: number, ref: AliasRef): number {
  if (!ref.cs) return 1;
  const toks = ref.tokens;
  let exact = true;
  for (let x = 0; x < toks.length; x++) {
    if (!t.text.startsWith(toks[x]!, t.start[i + x]!)) { exact = false; break; }
  }
  if (exact) return 1;
  const s = t.start[i]!, e = t.end[i + toks.length - 1]!;
  const span = t.text.slice(s, e);
  if (span === t.lower.slice(s, e) || span === span.toUpperCase()) return 2;
  return 0;
}

function newCandidate(t: Tokens, ref: AliasRef, startTok: number, aliasEnd: number, caseVariant: boolean): Candidate {
  const tail = versionTail(t, aliasEnd, ref);
  const offset = t.start[startTok]!;
  return {
    ref, entry: ref.entry, startTok, aliasEnd, tailEnd: tail.end, offset, length: t.end[aliasEnd - 1]! - offset,
    caseVariant, tailStrong: tail.strong, state: tail.year && ref.weak ? ST_VETOED : ST_PENDING,
    rule: tail.glued1 ? 'veto:glued-digit' : '', negated: false, chain: -1, sentenceInitial: false,
    nameLike: false,
  };
}

// versionTail's result, reused: candidates are created one at a time.
const TAIL: Tail = { end: 0, strong: false, year: false, glued1: false };
function tailResult(end: number, strong: boolean, year: boolean, glued1: boolean): Tail {
  TAIL.end = end; TAIL.strong = strong; TAIL.year = year; TAIL.glued1 = glued1;
  return TAIL;
}

/** Consumes a version tail after an alias: " 3", "3.11", " 1.22", " 2+", ".x", " v7", " 19c". */
function versionTail(t: Tokens, k: number, ref: AliasRef): Tail {
  const { n, gap, kind, masked } = t;
  const none = tailResult(k, false, false, false);
  if (k >= n || masked[k] === 1 || gap[k]! > GAP_SPACE) return none;
  const glued = gap[k] === GAP_NONE;
  let q = k;
  let first = '';
  let dotted = false;
  if (ref.endsWithNum && glued && isChar(t, q, '+')) return tailResult(q + 1, true, false, false);
  if (ref.endsWithNum && glued && isChar(t, q, '.')) {
    // "Angular 1" + ".x"
    if (!(q + 1 < n && gap[q + 1] === GAP_NONE && (kind[q + 1] === NUM || tokIs(t, q + 1, 'x')))) return none;
    first = '1';
  } else {
    if (kind[q] === WORD && tokIs(t, q, 'v') && q + 1 < n && gap[q + 1] === GAP_NONE && kind[q + 1] === NUM) q++;
    if (kind[q] === NUM) first = lowerOf(t, q);
    else if (kind[q] === WORD && TAIL_SUFFIX.test(lowerOf(t, q))) first = lowerOf(t, q);
    else return none;
    if (first.length > 4) return none;
    q++;
  }
  while (q + 1 < n && gap[q] === GAP_NONE && isChar(t, q, '.') && gap[q + 1] === GAP_NONE &&
    (kind[q + 1] === NUM || tokIs(t, q + 1, 'x'))) { q += 2; dotted = true; }
  let plus = false;
  if (q < n && gap[q] === GAP_NONE && isChar(t, q, '+')) { q++; plus = true; }
  // "Python 5+ years": a quantity of experience, not a version.
  if (!glued && q < n && gap[q]! <= GAP_SPACE && kind[q] === WORD && EXPERIENCE_WORDS.has(lowerOf(t, q))) return none;
  const year = !glued && !dotted && /^(?:19[89][0-9]|20[0-3][0-9])$/.test(first);
  if (year) return tailResult(k, false, true, false);
  const digits = first.replace(/[^0-9]/g, '');
  const strong = dotted || plus || digits.length >= 2 || digits.length < first.length || ref.form.length >= 3;
  const glued1 = glued && ref.oneLetter && !dotted && digits.length === 1;
  return tailResult(q, strong, false, glued1);
}

// ------------------------------------------------------------------ vetoes

function applyVetoes(c: Compiled, t: Tokens, cand: Candidate): void {
  if (cand.state === ST_VETOED) return;
  const { n, gap, kind } = t;
  const ref = cand.ref;
  const weak = ref.weak || cand.caseVariant;
  if (cand.rule === 'veto:glued-digit') { cand.state = ST_VETOED; return; }
  const e = cand.tailEnd;
  const s = cand.startTok;
  // After the match.
  if (e < n && gap[e] === GAP_NONE) {
    if (kind[e] === PUNCT) {
      const ch = t.text[t.start[e]!]!;
      const nextGlued = e + 1 < n && gap[e + 1] === GAP_NONE && kind[e + 1] !== PUNCT;
      if (ch === '#') return veto(cand);
      if (ch === '-' && nextGlued && lowerOf(t, e + 1) === 'esque') return veto(cand); // "Kafka-esque"
      if (ch === '+' && !nextGlued && ref.oneLetter) return veto(cand); // "C+" (a grade), not a list "Backbone+React"
      if (weak) {
        if (ch === '-' && nextGlued && !HYPHEN_OK.has(lowerOf(t, e + 1))) return veto(cand);
        if ((ch === '.' || ch === '&' || ch === '_' || ch === '=' || ch === '@') && nextGlued) return veto(cand);
        if (ch === ')' && ref.oneLetter && s > 0 && gap[s] === GAP_NONE && isChar(t, s - 1, '(') && !roleBeforeParen(t, s - 1)) return veto(cand); // "(R)"
      }
    }
  }
  // Before the match.
  if (weak && s > 0 && gap[s] === GAP_NONE && kind[s - 1] === PUNCT) {
    const ch = t.text[t.start[s - 1]!]!;
    const prevGlued = s - 2 >= 0 && gap[s - 1] === GAP_NONE && kind[s - 2] !== PUNCT;
    if ((ch === '-' || ch === '.' || ch === '_' || ch === '&') && prevGlued) return veto(cand); // ex-Google, foo.Go, R&D
    if (ch === '$' || ch === '@' || ch === '_') return veto(cand);
  }
  if (weak) {
    // Verb or plain-word readings.
    const prevWord = wordBefore(t, s);
    // ("Golang, React through a Next.js app" is a list item; "Rust a plus" is a requirement.)
    if (e < n && gap[e] === GAP_SPACE && kind[e] === WORD && VERB_NEXT.has(lowerOf(t, e)) && isLowerTok(t, e) &&
      cand.tailEnd === cand.aliasEnd && !PREPOSITION_BEFORE.has(prevWord) && !afterListSeparator(t, s) &&
      afterPhrase(wordsAfter(t, e, 4)) === null) {
      return veto(cand);
    }
    if (MODAL_BEFORE.has(prevWord) || PERSON_BEFORE.has(prevWord)) return veto(cand);
    // Maybe a proper name: "Ruby Martinez", "Spark Capital", "Express Entry" (an alias or a tech word may follow).
    // Only a list can then corroborate it ("HTML5 Groovy Prism" in a space-separated list is still Groovy).
    if (!cand.caseVariant && e < n && gap[e] === GAP_SPACE && kind[e] === WORD && isNameWord(t, e) && !NAME_OK_NEXT.has(lowerOf(t, e)) &&
      !startsAlias(c, t, e)) {
      cand.nameLike = true;
    }
    if (prevWord === 'at') {
      const before = s > 1 && gap[s - 1]! <= GAP_SPACE && kind[s - 2] === WORD ? lowerOf(t, s - 2) : '';
      if (!SKILL_BEFORE_AT.has(before)) return veto(cand);
    }
  }
  // Per-entry reject patterns, on a window around the alias.
  const reject = c.entries[cand.entry]!.reject;
  if (reject && rejectOverlaps(t.text, cand.offset, cand.length, reject)) return veto(cand);
  cand.sentenceInitial = isSentenceInitial(t, s);
}

/** The word right before token s (same line), contractions joined: "Let's" → "lets", "I'm" → "im". */
function wordBefore(t: Tokens, s: number): string {
  if (s === 0 || t.gap[s]! > GAP_SPACE || t.kind[s - 1] !== WORD) return '';
  const w = lowerOf(t, s - 1);
  const a = s - 2;
  if (a >= 1 && t.gap[s - 1] === GAP_NONE && t.kind[a] === PUNCT && t.gap[a] === GAP_NONE && t.kind[a - 1] === WORD) {
    const ch = t.text[t.start[a]!];
    if (ch === "'" || ch === '’') return lowerOf(t, a - 1) + w;
  }
  return w;
}

/** A capitalised word ("Martinez", "Capital"): upper-case first letter, then lower-case letters only. */
function isNameWord(t: Tokens, k: number): boolean {
  const s = t.start[k]!, e = t.end[k]!;
  if (e - s < 2) return false;
  const c0 = t.text.charCodeAt(s);
  if (!(c0 >= 65 && c0 <= 90)) return false;
  for (let i = s + 1; i < e; i++) { const c = t.text.charCodeAt(i); if (!(c >= 97 && c <= 122)) return false; }
  return true;
}

/** Whether some alias starts with token k (the next word is itself a technology: "Ruby Python", "Go Kafka"). */
function startsAlias(c: Compiled, t: Tokens, k: number): boolean {
  const h = t.hash[k]!;
  return lookup(c.root, h, t.lower, t.start[k]!, t.end[k]!) !== undefined;
}

function veto(cand: Candidate): void {
  cand.state = ST_VETOED;
}

const REJECT_WINDOW = 50;

function isAsciiWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function rejectOverlaps(text: string, offset: number, length: number, re: RegExp): boolean {
  let ws = Math.max(0, offset - REJECT_WINDOW);
  // Widen the window to word boundaries so patterns starting or ending with \b see whole words.
  for (let k = 0; k < 20 && ws > 0 && isAsciiWordCode(text.charCodeAt(ws - 1)); k++) ws--;
  let we = Math.min(text.length, offset + length + REJECT_WINDOW);
  for (let k = 0; k < 20 && we < text.length && isAsciiWordCode(text.charCodeAt(we)); k++) we++;
  const win = text.slice(ws, we);
  const a = offset - ws, b = a + length;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(win)) !== null) {
    const ms = m.index, me = ms + m[0].length;
    if (ms < b && me > a) return true;
    if (ms >= b) break;
    // Alternatives may overlap: retry from the next character, not after this match.
    re.lastIndex = ms + 1;
  }
  return false;
}

function isSentenceInitial(t: Tokens, s: number): boolean {
  if (s === 0) return true;
  const p = s - 1;
  // "web servers ( e.g .\nApache )": a line broken after an abbreviation continues the sentence.
  if (t.gap[s]! >= GAP_LINE) return !(t.kind[p] === PUNCT && t.text[t.start[p]!] === '.' && abbreviationBefore(t, p));
  if (t.kind[p] !== PUNCT) return false;
  const ch = t.text[t.start[p]!]!;
  if (ch === '.' && abbreviationBefore(t, p)) return false;
  if (ch === '.' || ch === '!' || ch === '?' || ch === ':' || ch === '"' || ch === '“') return true;
  return BULLETS.has(ch) && (p === 0 || t.gap[p]! >= GAP_LINE);
}

const ABBREVIATIONS = new Set(['g', 'eg', 'e', 'ie', 'i', 'etc', 'incl', 'vs', 'approx', 'esp', 'ex']);

/** Whether the "." at token p ends an abbreviation ("e.g .", "i.e.", "etc."), not a sentence. */
function abbreviationBefore(t: Tokens, p: number): boolean {
  return p > 0 && t.kind[p - 1] === WORD && ABBREVIATIONS.has(lowerOf(t, p - 1));
}

// ------------------------------------------------------------------ lists and negation

/** Groups candidates that sit in one list: only separators (",", "/", "and", "or", bullets…) between them. */
function buildChains(t: Tokens, live: Candidate[]): Candidate[][] {
  const chains: Candidate[][] = [];
  let current: Candidate[] = [];
  for (let i = 0; i < live.length; i++) {
    const cand = live[i]!;
    if (current.length && separatedOnly(t, current[current.length - 1]!.tailEnd, cand.startTok)) current.push(cand);
    else { if (current.length) chains.push(current); current = [cand]; }
  }
  if (current.length) chains.push(current);
  chains.forEach((chain, ci) => { for (const m of chain) m.chain = ci; });
  return chains;
}

/**
 * Whether tokens [from, to) only separate two list items. Besides separators and "and"/"or", the gap may hold
 * another item we do not know, of one or two words, between item separators on both sides ("PHP/Js/Rust",
 * "Python, Bevy, Rust").
 */
function separatedOnly(t: Tokens, from: number, to: number): boolean {
  if (to - from > MAX_SEP_TOKENS) return false;
  let run = 0; // length of the current run of unknown item words
  let runOpened = false; // the run started right after an item separator
  let lastItemSep = false;
  for (let k = from; k <= to; k++) {
    if (k < t.n && t.gap[k] === GAP_PARA) return false;
    if (k === to) break;
    if (t.masked[k] === 1) return false;
    // "80% Java and 20% Go": a share before an item is part of the separator.
    if (t.kind[k] === NUM && k + 1 < to && t.kind[k + 1] === PUNCT && t.text[t.start[k + 1]!] === '%') { k++; continue; }
    if (t.kind[k] === PUNCT) {
      const ch = t.text[t.start[k]!]!;
      if (!SEP_PUNCT.has(ch)) return false;
      const itemSep = ch === ',' || ch === '/' || ch === '|' || ch === '+' || ch === '&';
      if (run > 0) { if (!runOpened || !itemSep) return false; run = 0; }
      lastItemSep = itemSep;
      continue;
    }
    if (SEP_WORDS.has(lowerOf(t, k))) { if (run > 0) return false; lastItemSep = false; continue; }
    if (run === 0) runOpened = lastItemSep;
    if (!runOpened || ++run > 2) return false;
  }
  return run === 0;
}

/** Lower-case words before token s in its sentence, nearest last, at most max. */
function wordsBefore(t: Tokens, s: number, max: number, crossLine: boolean): string[] {
  const out: string[] = [];
  for (let k = s - 1; k >= 0 && out.length < max; k--) {
    const g = t.gap[k + 1]!;
    if (g === GAP_PARA) break;
    if (g === GAP_LINE && !(crossLine && t.kind[k] === PUNCT && t.text[t.start[k]!] === ':')) break;
    if (t.masked[k] === 1) continue;
    if (t.kind[k] === PUNCT) {
      const ch = t.text[t.start[k]!]!;
      if (BOUNDARY_PUNCT.has(ch) && (ch !== '.' || k + 1 >= t.n || t.gap[k + 1] !== GAP_NONE)) break;
      continue;
    }
    out.push(lowerOf(t, k));
  }
  return out.reverse();
}

function wordsAfter(t: Tokens, e: number, max: number): string[] {
  const out: string[] = [];
  for (let k = e; k < t.n && out.length < max; k++) {
    if (k > e && t.gap[k]! >= GAP_LINE) break;
    if (k === e && t.gap[k]! >= GAP_LINE) break;
    if (t.masked[k] === 1) continue;
    if (t.kind[k] === PUNCT) {
      const ch = t.text[t.start[k]!]!;
      if (BOUNDARY_PUNCT.has(ch) && (ch !== '.' || k + 1 >= t.n || t.gap[k + 1] !== GAP_NONE)) break;
      continue;
    }
    out.push(lowerOf(t, k));
  }
  return out;
}

function chainNegated(t: Tokens, chain: Candidate[]): boolean {
  if (!negationMayPrecede(t, chain[0]!.startTok)) return false;
  const after = wordsAfter(t, chain[chain.length - 1]!.tailEnd, 1);
  if (after.length && NEG_EXCEPT.has(after[0]!)) return false;
  // "no PHP": "no" right before the list.
  const s = chain[0]!.startTok;
  if (s > 0 && t.kind[s - 1] === WORD && t.gap[s]! <= GAP_SPACE && lowerOf(t, s - 1) === 'no') return true;
  const before = wordsBefore(t, s, 8, false);
  // "we moved off MongoDB", "migrating away from our old PHP": the phrase ends at most one word before.
  for (const phrase of NEG_PHRASES) {
    for (const skip of [0, 1]) {
      const endAt = before.length - skip;
      if (endAt - phrase.length < 0) continue;
      let ok = true;
      for (let x = 0; x < phrase.length; x++) if (before[endAt - phrase.length + x] !== phrase[x]) { ok = false; break; }
      if (ok && (skip === 0 || !SEP_WORDS.has(before[endAt]!))) return true;
    }
  }
  // "aren't at the moment utilizing (Python, NodeJS)": a negator, then a use verb at most two words before.
  for (let v = before.length - 1; v >= Math.max(0, before.length - 3); v--) {
    if (!USE_VERBS.has(before[v]!)) continue;
    for (let x = v - 1; x >= Math.max(0, v - 4); x--) {
      const w = before[x]!;
      if (w === 'not' || w === 'never' || (w === 't' && x > 0 && before[x - 1]!.endsWith('n')) ||
        (w === 'longer' && x > 0 && before[x - 1] === 'no')) return true;
    }
  }
  return false;
}

// ------------------------------------------------------------------ corroboration

function corroborate(c: Compiled, t: Tokens, live: Candidate[], chains: Candidate[][]): void {
  const pending: Candidate[] = [];
  for (const cand of live) {
    if (cand.caseVariant && roleAfter(t, cand.tailEnd)) { cand.state = ST_ACCEPTED; cand.rule = 'alias:weak+role-after'; continue; }
    if (cand.caseVariant || cand.nameLike) { pending.push(cand); continue; }
    if (!cand.ref.weak) { cand.state = ST_ACCEPTED; cand.rule = 'alias:strong'; continue; }
    if (cand.tailStrong) { cand.state = ST_ACCEPTED; cand.rule = 'alias:weak+version'; continue; }
    const cue = findCue(c, t, cand);
    if (cue) { cand.state = ST_ACCEPTED; cand.rule = `alias:weak+cue:${cue}`; continue; }
    if (inRoleParens(t, cand)) { cand.state = ST_ACCEPTED; cand.rule = 'alias:weak+role-parens'; continue; }
    pending.push(cand);
  }
  if (pending.length === 0) return;
  const solids = chainSolids(c, chains);
  const acceptedIds = new Set<number>();
  refreshIds();
  function refreshIds(): void {
    for (const cand of live) {
      if (cand.state !== ST_ACCEPTED || cand.negated) continue;
      acceptedIds.add(cand.entry);
      for (const extra of cand.ref.alsoEmit) acceptedIds.add(extra.entry);
    }
  }
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (const cand of pending) {
      if (cand.state !== ST_PENDING) continue;
      const chain = chains[cand.chain]!;
      const list = listCorroborated(solids, chain, cand);
      if (list === 2 || (list === 1 && !cand.caseVariant)) { cand.state = ST_ACCEPTED; cand.rule = 'alias:weak+list'; solids.add(cand); changed = true; continue; }
      // A case variant with an accepted list neighbour on one side only needs one more signal: a related entity,
      // a technical word right after it ("python / react engineer"), or a slash/comma list of three or more.
      if (list === 1 && cand.caseVariant) {
        const w = withCorroborator(c, cand, acceptedIds);
        const next = wordsAfter(t, cand.tailEnd, 1)[0];
        if (w) { cand.state = ST_ACCEPTED; cand.rule = `alias:weak+list+with:${w}`; solids.add(cand); changed = true; }
        else if (next !== undefined && VARIANT_NEXT_CUES.has(next)) { cand.state = ST_ACCEPTED; cand.rule = `alias:weak+list+cue:${next}`; solids.add(cand); changed = true; }
        else if (solids.others(cand) >= 2 && punctNextTo(t, cand)) { cand.state = ST_ACCEPTED; cand.rule = 'alias:weak+list'; solids.add(cand); changed = true; }
      }
    }
    refreshIds();
    for (const cand of pending) {
      if (cand.state !== ST_PENDING || cand.caseVariant || cand.nameLike || cand.sentenceInitial || beforeBang(t, cand)) continue;
      const w = withCorroborator(c, cand, acceptedIds);
      if (w) { cand.state = ST_ACCEPTED; cand.rule = `alias:weak+with:${w}`; solids.add(cand); changed = true; }
    }
    if (!changed) break;
  }
}

/**
 * How a list corroborates a weak mention: 0 not at all, 1 another accepted technology (not a generic
 * concept) is in its list, 2 accepted technologies are its neighbours on both sides. A case variant
 * ("rails" for Rails, "varnish" for Varnish) needs 2, or 1 plus a related entity.
 */
function listCorroborated(solids: ChainSolids, chain: Candidate[], cand: Candidate): number {
  const at = solids.position(cand);
  if (solids.solidFor(chain[at - 1], cand) && solids.solidFor(chain[at + 1], cand)) return 2;
  return solids.others(cand) > 0 ? 1 : 0;
}

/**
 * Per list (chain): its accepted, non-negated, non-concept members, counted in total and per entry, and kept
 * current as mentions are accepted. Every list check is then O(1): a hostile ad made of one weak alias
 * repeated 100k times ("C,C,C,…", "go go go …") is one chain, and scanning it per member was quadratic.
 */
interface ChainSolids {
  /** Index of cand in its chain. */
  position(cand: Candidate): number;
  /** m is an accepted technology of another entry than cand's (what corroborates cand in a list). */
  solidFor(m: Candidate | undefined, cand: Candidate): boolean;
  /** Solid members of cand's chain with another entry than cand's. */
  others(cand: Candidate): number;
  /** Call when m has just been accepted. */
  add(m: Candidate): void;
}

function chainSolids(c: Compiled, chains: Candidate[][]): ChainSolids {
  const positions = new Map<Candidate, number>();
  const total = new Int32Array(chains.length);
  const byEntry = new Map<number, number>();
  const entries = c.entries.length;
  const isSolid = (m: Candidate): boolean => m.state === ST_ACCEPTED && !m.negated && !CONCEPT_CATEGORIES.has(c.entries[m.entry]!.entry.category);
  const add = (m: Candidate): void => {
    if (!isSolid(m)) return;
    total[m.chain]!++;
    const key = m.chain * entries + m.entry;
    byEntry.set(key, (byEntry.get(key) ?? 0) + 1);
  };
  for (const chain of chains) chain.forEach((m, i) => { positions.set(m, i); add(m); });
  return {
    position: (cand) => positions.get(cand) ?? -1,
    solidFor: (m, cand) => m !== undefined && m.entry !== cand.entry && isSolid(m),
    others: (cand) => total[cand.chain]! - (byEntry.get(cand.chain * entries + cand.entry) ?? 0),
    add,
  };
}

/** "Ready, Set, Go!": an exclamation right after reads as an interjection, too weak for `with` alone. */
function beforeBang(t: Tokens, cand: Candidate): boolean {
  const e = cand.tailEnd;
  return e < t.n && t.kind[e] === PUNCT && t.text[t.start[e]!] === '!';
}

/** The mention touches a "/" or "," on one side ("python/django/react", "mysql, redis"), not only spaces. */
function punctNextTo(t: Tokens, cand: Candidate): boolean {
  const s = cand.startTok, e = cand.tailEnd;
  const isSep = (k: number): boolean => k >= 0 && k < t.n && t.kind[k] === PUNCT && (t.text[t.start[k]!] === '/' || t.text[t.start[k]!] === ',');
  return isSep(s - 1) || isSep(e);
}

function withCorroborator(c: Compiled, cand: Candidate, acceptedIds: Set<number>): string | null {
  for (const id of c.entries[cand.entry]!.corroborators) if (id !== cand.entry && acceptedIds.has(id)) return c.entries[id]!.entry.id;
  return null;
}

function findCue(c: Compiled, t: Tokens, cand: Candidate): string | null {
  const before = wordsBefore(t, cand.startTok, CUE_WINDOW, true);
  const after = wordsAfter(t, cand.tailEnd, CUE_WINDOW);
  const listed = cueIn(c.entries[cand.entry]!.cues, before, after) ?? cueIn(GENERAL_CUES, before, after);
  if (listed) return listed;
  const glued = cand.tailEnd < t.n && t.gap[cand.tailEnd]! <= GAP_SPACE;
  if (after.length && NEXT_WORD_CUES.has(after[0]!) && glued) return after[0]!;
  const phrase = glued ? afterPhrase(after) : null;
  if (phrase) return phrase;
  // "write motor control in Rust", "move to Go", "we work mostly with Rust".
  const w1b = before[before.length - 1];
  const near = before.slice(-5, -1);
  if (w1b === 'in' && c.entries[cand.entry]!.entry.category === 'language' && near.some((w) => DEV_VERBS.has(w))) return 'in';
  // "migrating from PHP to Go", "porting our infrastructure from Go into Elixir".
  if (w1b === 'to' || w1b === 'into' || w1b === 'from') {
    const wide = wordsBefore(t, cand.startTok, 9, false);
    const mover = wide.find((w) => MOVE_VERBS.has(w));
    if (mover) return `${mover} ${w1b}`;
  }
  if (w1b === 'with' && near.slice(-2).some((w) => WITH_VERBS.has(w))) return 'with';
  // "an interest in Go", "exposure to Rust", "fluent in Swift": a hedged ask still names the technology.
  const w2b = before[before.length - 2];
  if (w2b !== undefined && (w1b === 'in' || w1b === 'to' || w1b === 'for') && INTEREST_WORDS.has(w2b)) return `${w2b} ${w1b}`;
  // "use Elastic", "we lightly use Elastic", "learn Rust": the previous word (or the one before an -ly adverb).
  const s = cand.startTok;
  if (s > 0 && t.kind[s - 1] === WORD && t.gap[s]! <= GAP_SPACE) {
    const w1 = lowerOf(t, s - 1);
    if (PREV_WORD_CUES.has(w1)) return w1;
    if (w1.endsWith('ly') && s > 1 && t.kind[s - 2] === WORD && t.gap[s - 1]! <= GAP_SPACE && PREV_WORD_CUES.has(lowerOf(t, s - 2))) return lowerOf(t, s - 2);
  }
  return null;
}

/** "a plus", "required"… at the start of the words after a mention. */
function afterPhrase(after: string[]): string | null {
  for (const phrase of AFTER_PHRASES) if (after[0] === phrase[0] && startsSeq(after, 0, phrase)) return phrase.join(' ');
  return null;
}

/** Whether token s follows a list separator (",", "/", "(", "+", "&", "and", "or"). */
function afterListSeparator(t: Tokens, s: number): boolean {
  if (s === 0) return false;
  const p = s - 1;
  if (t.kind[p] === PUNCT) { const ch = t.text[t.start[p]!]!; return ch === ',' || ch === '/' || ch === '(' || ch === '+' || ch === '&' || ch === '|'; }
  const w = lowerOf(t, p);
  return w === 'and' || w === 'or';
}

/** Words right after a lower-case variant that make it a technology ("react engineer", "go backends"). */
const VARIANT_NEXT_CUES = new Set(['engineer', 'engineers', 'developer', 'developers', 'programmer', 'programmers', 'dev', 'devs',
  'code', 'codebase', 'experience', 'knowledge', 'skills', 'expertise', 'backend', 'backends', 'frontend', 'frontends', 'apps',
  'stack', 'services', 'microservices', 'sdk', 'api', 'apis', 'framework', 'library']);

function cueIn(index: CueIndex, before: string[], after: string[]): string | null {
  if (index.size === 0) return null;
  // Nearest first: backwards through the words before, forwards through the words after.
  for (let i = before.length - 1; i >= 0; i--) {
    const list = index.get(before[i]!);
    if (list !== undefined) for (const cue of list) if (startsSeq(before, i, cue)) return cue.join(' ');
  }
  for (let i = 0; i < after.length; i++) {
    const list = index.get(after[i]!);
    if (list !== undefined) for (const cue of list) if (startsSeq(after, i, cue)) return cue.join(' ');
  }
  return null;
}

function startsSeq(words: string[], i: number, seq: string[]): boolean {
  if (i + seq.length > words.length) return false;
  for (let x = 1; x < seq.length; x++) if (words[i + x] !== seq[x]) return false;
  return true;
}


// ------------------------------------------------------------------ output

function emit(c: Compiled, text: string, live: Candidate[], withStrength: boolean): TagResult | MatchResult {
  const mentions: (Mention | Omit<Mention, 'strength'>)[] = [];
  let strengthOf: ((offset: number, length: number) => Mention['strength']) | null = null;
  const tags = new Set<string>();
  for (const cand of live) {
    if (cand.state !== ST_ACCEPTED || cand.negated) continue;
    if (withStrength) strengthOf ??= strengthClassifier(text);
    const strength = strengthOf ? strengthOf(cand.offset, cand.length) : undefined;
    const id = c.entries[cand.entry]!.entry.id;
    tags.add(id);
    mentions.push(withStrength
      ? { tech: id, text: text.slice(cand.offset, cand.offset + cand.length), offset: cand.offset, length: cand.length, strength: strength!, rule: cand.rule }
      : { tech: id, text: text.slice(cand.offset, cand.offset + cand.length), offset: cand.offset, length: cand.length, rule: cand.rule });
    for (const extra of cand.ref.alsoEmit) {
      const eid = c.entries[extra.entry]!.entry.id;
      const at = extra.from === 0 ? 0 : prefixLength(text, cand.offset, cand.ref, extra.from);
      const skip = extra.from === 0 ? 0 : leadingSpace(text, cand.offset + at);
      const start = cand.offset + at + skip;
      const len = prefixLength(text, cand.offset, cand.ref, extra.from + extra.tokens) - at - skip;
      tags.add(eid);
      mentions.push(withStrength
        ? { tech: eid, text: text.slice(start, start + len), offset: start, length: len, strength: strength!, rule: extra.rule }
        : { tech: eid, text: text.slice(start, start + len), offset: start, length: len, rule: extra.rule });
    }
  }
  return { tags: [...tags].sort(), mentions } as TagResult | MatchResult;
}

/** How many white-space characters start the text at pos. */
function leadingSpace(text: string, pos: number): number {
  let k = pos;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  return k - pos;
}

/** Length in the text of the first `tokens` tokens of an alias match starting at offset. */
function prefixLength(text: string, offset: number, ref: AliasRef, tokens: number): number {
  let pos = offset;
  for (let k = 0; k < tokens; k++) {
    while (k > 0 && pos < text.length && /\s/.test(text[pos]!)) pos++;
    pos += ref.tokens[k]!.length;
  }
  return pos - offset;
}

// ------------------------------------------------------------------ token helpers

function lowerOf(t: Tokens, k: number): string {
  return t.lower.slice(t.start[k]!, t.end[k]!);
}

function tokIs(t: Tokens, k: number, s: string): boolean {
  return t.end[k]! - t.start[k]! === s.length && t.lower.startsWith(s, t.start[k]!);
}

function isChar(t: Tokens, k: number, ch: string): boolean {
  return t.kind[k] === PUNCT && t.text[t.start[k]!] === ch;
}

function isLowerTok(t: Tokens, k: number): boolean {
  return t.text.slice(t.start[k]!, t.end[k]!) === lowerOf(t, k);
}
