// Which openings a job ad offers: backend, full-stack, frontend, mobile, data, devops, software (an engineer whose
// kind of work the ad does not place) or other (everything else, engineering or not). An ad has one role per kind
// of opening it offers, by the rules of ../shared/eval/ROLE-GUIDELINES.md. Pure and rule-based, so every decision
// has evidence that `explain` can show.
//
// How an ad is read (src/roles-lexicon.ts holds the word lists):
//  1. Openings are found where ads name them: the job-board title; the header line of an HN ad ("Acme | Backend
//     Engineer, SRE | Remote"); short title lines and list items ("* Senior iOS Engineer", "Open positions: A, B");
//     job phrases after a hiring cue ("we're looking for backend engineers"); a job-board "Role:" line. A kind word
//     attached to a job noun anywhere ("backend engineers") counts too, unless it describes the team rather than
//     the hire ("our backend engineers", "ex-Google engineers").
//  2. Each opening phrase is read like a title: every kind word counts ("Backend/Infrastructure Engineer" is
//     backend and devops); a server-side language or framework is backend unless the phrase names another kind
//     ("Python Data Engineer" is data); a non-engineering job is other; an engineering noun with nothing else
//     ("Software Engineer", "Founding Engineer", "Engineering Manager") is generic.
//  3. Generic openings are placed by the work the ad describes: the technologies the tagger found (by category)
//     and work words ("APIs", "frontend", "end to end"). Server and web UI → full-stack; server only → backend; one
//     other kind only → that kind; nothing → software. When the ad also names specific engineering openings, the
//     stack cannot be pinned on the generic one, which stays software.
//  4. An ad with no opening at all is software when it invites engineers, placed like a generic opening when it
//     describes engineering work, and other otherwise.
// Everything is bounded: the text is cut at MAX_ROLE_TEXT_CHARS and read line by line with linear scans.

import {
  BACKEND_TITLE_WORDS, BLOCKERS_BEFORE, CUSTOMER_FACING, NON_SOFTWARE_FIELDS, WEAK_BLOCKERS, WEAK_KIND_WORDS, CATEGORY_SIDE, ENGINEERING_NOUNS, FRONTEND_TITLE_WORDS, FULL_STACK_WORK,
  GENERIC_TITLE_WORDS, HIRING_CUES, JOB_NOUNS, KIND_WORDS, NON_ENGINEERING_NOUNS, NON_ENGINEERING_WORDS, PHRASES,
  SIDE_WORDS, STANDALONE_KINDS, TECH_SIDE, type Kind, type Side,
} from './roles-lexicon.js';

export const ROLES = ['backend', 'full-stack', 'frontend', 'mobile', 'data', 'devops', 'software', 'other'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Version of the classifier's decisions. Bump it with every change that can change a role: stored postings whose
 * roles were decided by another version are classified again (retag, run). tests/unit/roles-version.test.ts
 * fails when the decisions on the fixture ads change and this string does not.
 */
export const ROLES_VERSION = 'roles-2.1';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Text beyond this is not read: the openings of an ad are named in its first few thousand characters. */
export const MAX_ROLE_TEXT_CHARS = 12_000;

/** A tagger mention as the classifier uses it: where, which technology, and its taxonomy category. */
export interface RoleMention {
  tech: string;
  offset: number;
  category?: string | null | undefined;
}

export interface RoleInput {
  title?: string | null;
  text?: string | null;
  /** The tagger's mentions in `text` (offsets into text): they place generic openings. */
  mentions?: readonly RoleMention[] | null;
}

export interface RoleEvidence {
  role: Role;
  /** The words that decided it, e.g. 'title "Senior Backend Engineer"' or 'work: react, django'. */
  because: string;
}

export interface RoleDecision {
  roles: Role[];
  evidence: RoleEvidence[];
}

// ---------------------------------------------------------------- tokens

interface Tok {
  w: string;
  /** Punctuation that separates phrases: , / & + ( ) | : ; . ! ? and dashes. */
  sep: boolean;
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’]*|[,/&+()|:;.!?\u2013\u2014]|\s-+\s/gu;

function normalize(s: string): string {
  // "IT" in capitals is information technology ("Director of IT"), lower-cased it would be the pronoun.
  let t = s.replace(/\bIT\b/g, ' itops ').replace(/<(?:ORGANIZATION|LOCATION|ADDRESS|CONTACT|PERSON)>/g, ' ').replace(/[’‘`]/g, "'").toLowerCase();
  for (const [re, repl] of PHRASES) t = t.replace(re, repl);
  // Addresses and links, matched from the start of a word only (a pattern that may start anywhere inside a long
  // word rescans it from every position).
  return t.replace(/https?:\/\/\S+|(?<!\S)[^\s@]+@[^\s@]+\.\S+|\bwww\.\S+/g, ' ');
}

// The classifier reads the same lines several times (header segments, list heads, openings): their tokens are kept
// for the last lines read (a small cache, so memory stays flat on any number of ads).
const TOKEN_CACHE = new Map<string, Tok[]>();
const TOKEN_CACHE_MAX = 256;

function tokens(s: string): Tok[] {
  const hit = TOKEN_CACHE.get(s);
  if (hit !== undefined) return hit;
  const out: Tok[] = [];
  for (const m of normalize(s).matchAll(WORD_RE)) {
    const raw = m[0].trim();
    const w = raw.charCodeAt(0) === 45 ? '\u2013' : raw.endsWith("'s") || raw.endsWith('’s') ? raw.slice(0, -2) : raw;
    const c = w.charCodeAt(0);
    // A separator is punctuation: not a letter or digit (ASCII fast path, Unicode check for the rest).
    const wordy = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c > 127 && /^[\p{L}\p{N}]/u.test(w));
    out.push({ w, sep: !wordy });
  }
  if (TOKEN_CACHE.size >= TOKEN_CACHE_MAX) TOKEN_CACHE.clear();
  TOKEN_CACHE.set(s, out);
  return out;
}

const words = (toks: readonly Tok[]): string[] => toks.filter((t) => !t.sep).map((t) => t.w);

// ---------------------------------------------------------------- one opening phrase

interface Opening {
  kinds: Kind[];
  /** The phrase as read, for evidence. */
  phrase: string;
  /** 'hiring list': several job phrases after one hiring cue in running text ("hiring engineers, writers and …"). */
  where: 'title' | 'header' | 'list' | 'title line' | 'role line' | 'hiring' | 'hiring list' | 'text';
  /** A manager, director or head: with no team named it is software, not placed by the work (guideline 6). */
  manager?: boolean;
  /** The description that follows the title on its own line ("— Ruby/Rails, owns features end to end"). */
  local?: [start: number, end: number];
  /** A generic title qualified by a team or domain that is not a kind ("Software Engineer, Telephony"). */
  team?: boolean;
  /** "someone who …", "talented people": counts only when the ad names no job at all. */
  people?: boolean;
}

const MANAGER_NOUNS = new Set(['manager', 'managers', 'director', 'directors', 'head', 'vp']);
const SCIENCE_NOUNS = new Set(['scientist', 'scientists', 'researcher', 'researchers', 'analyst', 'analysts']);

/**
 * The kinds one job phrase names ("senior backend engineer" → backend), or [] when it names no job.
 * `parts` are the phrase's words split at separators ("Rails/Front End" → [rails] [frontend]).
 * `title`: the phrase stands where a title stands (title field, header segment, list item, title line), so a kind
 * word alone is a job ("Backend", "iOS") and a department word names a non-engineering job ("Sales").
 */
export function phraseKinds(parts: readonly (readonly string[])[], title: boolean): Kind[] {
  const ws = parts.flat();
  if (ws.length === 0) return [];
  const nouns = ws.filter((w) => JOB_NOUNS.has(w));
  const engineeringNoun = ws.some((w) => ENGINEERING_NOUNS.has(w)) || (title && ws.includes('engineering'));
  const kinds = new Set<Kind>();
  let otherKinds = 0;
  // Parts made of kind words only ("Engineer, Backend", "Engineer – GenAI"): every word in them names the job.
  const kindOnly = new Set(parts.filter((p) => p.every((w) => KIND_WORDS[w] !== undefined)).flat());
  ws.forEach((w, i) => {
    let k = KIND_WORDS[w];
    if (k === undefined) return;
    const prev = ws[i - 1];
    const next = ws[i + 1];
    // Weak kind words name the job only right before its noun or another kind word ("Analytics Engineer"), not
    // inside a product name ("Software Engineer - Digital Experience Analytics").
    const next2 = next === 'development' || next === 'software' ? ws[i + 2] : next;
    if (WEAK_KIND_WORDS.has(w) && !kindOnly.has(w) && !(next2 !== undefined && (JOB_NOUNS.has(next2) || KIND_WORDS[next2] !== undefined || next2 === 'engineering'))) return;
    // "data platform", "analytics infrastructure": data work on a platform, not a platform team.
    if (k === 'devops' && prev !== undefined && KIND_WORDS[prev] === 'data' && (w === 'platform' || w === 'infrastructure' || w === 'infra')) return;
    // "AI" and its kin are data work when they name the job ("AI Engineer", "ML/AI"), not as a qualifier of a
    // job of another kind ("Full-Stack Engineer (AI + Backend)") or an adjective ("AI-native").
    if ((w === 'ai' || w === 'agentic' || w === 'llm' || w === 'inference') && !(next !== undefined && (JOB_NOUNS.has(next) || KIND_WORDS[next] === 'data'))) {
      if (next === 'native' || next === 'powered' || next === 'first' || next === 'driven' || ws.some((x) => KIND_WORDS[x] !== undefined && KIND_WORDS[x] !== 'data')) return;
    }
    // "Production Engineer" runs production systems; a "Production Manager" makes goods.
    if (w === 'production' && !(next !== undefined && ENGINEERING_NOUNS.has(next))) return;
    // "data" as a job needs a job noun or a title position ("Data", "Data Engineer"), not "data systems".
    if (w === 'data' && !title && next !== undefined && !JOB_NOUNS.has(next) && KIND_WORDS[next] === undefined) return;
    if (k === 'other') otherKinds++;
    kinds.add(k);
  });
  // Security, QA, embedded and the like decide the job: "Cloud Security Engineer", "Embedded Android Engineer" and
  // "Mobile Software Engineer in Test" are not devops or mobile openings.
  if (ws.some((w) => KIND_WORDS[w] === 'other' && !WEAK_KIND_WORDS.has(w) && kinds.has('other'))) return ['other'];
  // Customer-facing engineers (sales, solutions, support) are not software engineering openings.
  if (ws.some((w) => CUSTOMER_FACING.has(w)) && !ws.some((w) => KIND_WORDS[w] === 'data')) return ['other'];
  // Scientists, analysts and researchers do data work only when the phrase says so.
  if (kinds.size === 0 && !engineeringNoun && ws.some((w) => SCIENCE_NOUNS.has(w))) return ['other'];
  if (kinds.size === 0) {
    // Languages and frameworks: server-side → backend, web UI → frontend, both in one phrase → full-stack.
    const backend = ws.some((w) => BACKEND_TITLE_WORDS.has(w));
    const frontend = ws.some((w) => FRONTEND_TITLE_WORDS.has(w));
    if ((backend || frontend) && (nouns.length > 0 || title)) {
      if (backend && frontend) return ['full-stack'];
      return [backend ? 'backend' : 'frontend'];
    }
  } else if (otherKinds === 0) {
    // "Rails/Front End Developer": a language standing as its own part before the noun is an opening of its own.
    const nounPart = parts.findIndex((p) => p.some((w) => JOB_NOUNS.has(w)));
    const kindBefore = parts.slice(0, Math.max(0, nounPart + 1)).some((p) => p.some((w) => KIND_WORDS[w] !== undefined && KIND_WORDS[w] !== 'full-stack'));
    parts.forEach((part, i) => {
      if (kindBefore && i < nounPart && part.length === 1 && BACKEND_TITLE_WORDS.has(part[0]!) && part[0] !== 'services' && part[0] !== 'server') kinds.add('backend');
    });
  }
  if (kinds.size > 0) {
    // A kind word without any job noun is a job only in a title position ("Backend" in a header segment, "Platform
    // Engineering").
    if (nouns.length === 0 && !(title && (ws.includes('engineering') || ws.some((w) => STANDALONE_KINDS.has(w))))) return [];
    return [...kinds];
  }
  const generic = ws.some((w) => GENERIC_TITLE_WORDS.has(w));
  // "Technical Program Manager", "Product Designer": a non-engineering job whatever its modifiers.
  if (!engineeringNoun && ws.some((w) => NON_ENGINEERING_NOUNS.has(w))) return ['other'];
  if (engineeringNoun) {
    // "Procurement Engineer", "Civil Engineer": engineers, but not of software.
    if (ws.some((w) => NON_SOFTWARE_FIELDS.has(w))) return ['other'];
    return ws.some((w) => NON_ENGINEERING_NOUNS.has(w)) && !generic ? ['other'] : ['generic'];
  }
  if (nouns.length > 0 && generic) return ['generic']; // "Engineering Manager", "Tech Lead", "Head of Engineering"
  if (ws.some((w) => NON_ENGINEERING_NOUNS.has(w))) return ['other'];
  // Other job nouns ("Office Manager", "Operations Associate") and department names in a title position.
  if (title && (nouns.some((w) => !/^(?:positions?|roles?|interns?|internships?|leads?|contractors?|freelancers?)$/.test(w)) || (ws.length <= 3 && ws.some((w) => NON_ENGINEERING_WORDS.has(w))))) return ['other'];
  if (title && generic && ws.length <= 3) return ['generic'];
  return [];
}

/** Words of a segment split at separators; "and"/"or"/"&"/"/"/"+" join parts, commas and parentheses separate. */
interface Part { words: string[]; joinedBefore: boolean; slashBefore: boolean }

function splitParts(toks: readonly Tok[]): Part[] {
  const parts: Part[] = [];
  let cur: string[] = [];
  let curJoined = false, curSlash = false;
  let sepJoins = false, sepSlash = false;
  for (const t of toks) {
    if (t.sep || t.w === 'and' || t.w === 'or') {
      if (cur.length) { parts.push({ words: cur, joinedBefore: curJoined, slashBefore: curSlash }); cur = []; sepJoins = false; sepSlash = false; }
      sepJoins ||= t.w === 'and' || t.w === 'or' || t.w === '&' || t.w === '/' || t.w === '+';
      sepSlash ||= t.w === '/';
      continue;
    }
    if (cur.length === 0) { curJoined = parts.length > 0 && sepJoins; curSlash = parts.length > 0 && sepSlash; }
    cur.push(t.w);
  }
  if (cur.length) parts.push({ words: cur, joinedBefore: curJoined, slashBefore: curSlash });
  return parts;
}

/**
 * Splits a title-position segment into its job phrases: "Senior Backend Engineer, iOS Engineer and Designer" →
 * three phrases. Parts without a job noun that join the next one ("Frontend and Backend Engineers") are its
 * modifiers; after a noun they qualify it ("Engineer, Backend", "Engineer (Platform)"); a department word alone in
 * a comma list ("…, Sales, Marketing") is a job of its own.
 */
function titlePhrases(toks: readonly Tok[]): string[][][] {
  const parts = splitParts(toks);
  const out: string[][][] = [];
  let pending: string[][] = [];
  const nounAt = parts.map((p) => p.words.some((w, i) => JOB_NOUNS.has(w) && !COMPOUND_AFTER_NOUN.test(p.words[i + 1] ?? '')));
  // Does a joined chain from part i reach a part with a noun ("Frontend and Backend Engineers")?
  const modifierOnly = (p: Part) => p.words.length <= 3 && p.words.every((w) => KIND_WORDS[w] !== undefined || NON_ENGINEERING_WORDS.has(w) || BACKEND_TITLE_WORDS.has(w) || FRONTEND_TITLE_WORDS.has(w) || LEVEL_WORD.test(w) || w === 'design');
  // "Frontend and Backend Engineers", "Backend, Frontend and Mobile Engineers": modifiers reach the noun through
  // commas when the last link is "and" / "or" / "&" / "/".
  const leadsToNoun = (i: number): boolean => {
    for (let j = i + 1; j < parts.length; j++) {
      if (nounAt[j]) return parts[j]!.joinedBefore;
      if (!modifierOnly(parts[j]!)) return false;
    }
    return false;
  };
  parts.forEach((p, i) => {
    const hasNoun = nounAt[i]!;
    const nextJoined = leadsToNoun(i);
    const department = p.words.length <= 3 && p.words.some((w) => NON_ENGINEERING_WORDS.has(w)) && !p.words.some((w) => KIND_WORDS[w] !== undefined);
    if (hasNoun) {
      // "SRE / Software Engineer", "Python Developer/Software Engineer": two names of one opening.
      const prev = out[out.length - 1];
      const alternative = prev !== undefined && pending.length === 0 && p.slashBefore && (isGenericPhrase([p.words]) || isGenericPhrase(prev));
      if (alternative) prev.push(p.words);
      else out.push([...pending, p.words]);
      pending = [];
    } else if (nextJoined) {
      pending.push(p.words);
    } else if (department) {
      out.push([...pending, p.words]);
      pending = [];
    } else if (out.length > 0 && pending.length === 0 && p.words.length <= 4) {
      out[out.length - 1]!.push(p.words);
    } else {
      pending.push(p.words);
    }
  });
  if (pending.length) {
    if (out.length > 0 && pending.flat().length <= 4 && !pending.flat().some((w) => NON_ENGINEERING_WORDS.has(w))) out[out.length - 1]!.push(...pending);
    else out.push(pending);
  }
  return out;
}

/** A phrase whose only job is an engineer of no kind ("Software Engineer"). */
function isGenericPhrase(parts: readonly (readonly string[])[]): boolean {
  const k = phraseKinds(parts, true);
  return k.length === 1 && k[0] === 'generic';
}

/** Words after a job noun that make it a modifier: "Developer Experience", "Developer Tools", "Engineering Blog". */
const COMPOUND_AFTER_NOUN = /^(?:experience|tools?|productivity|relations|advocacy|advocate|portal|community|blog|platform|hub|team|teams|culture|practices?|program|programme|manager|managers|lead)$/;

function titleOpenings(segment: string, where: Opening['where']): Opening[] {
  const out: Opening[] = [];
  let phrases = titlePhrases(tokens(segment));
  // A job board's title is one opening: "Site Reliability Engineer (SRE) (JoinOCI-SDE)" is not two jobs.
  if (where === 'title' && phrases.length > 1) phrases = [phrases.flat()];
  for (const parts of phrases) {
    const kinds = phraseKinds(parts, true);
    if (!kinds.length) continue;
    const o = opening(kinds, parts.flat(), where);
    const nounPart = parts.findIndex((p) => p.some((w) => JOB_NOUNS.has(w)));
    if (kinds.includes('generic') && nounPart >= 0 && parts.slice(nounPart + 1).some((p) => p.some((w) => !LEVEL_WORD.test(w) && !/^(?:remote|onsite|hybrid|contract|full|part|time|ft|pt|fte|all|levels?|i|ii|iii|iv|us|eu|uk|m|w|f|d|x)$/.test(w)))) o.team = true;
    out.push(o);
  }
  return out;
}

function opening(kinds: Kind[], ws: readonly string[], where: Opening['where']): Opening {
  return { kinds, phrase: ws.join(' '), where, ...(kinds.includes('generic') && ws.some((w) => MANAGER_NOUNS.has(w)) ? { manager: true } : {}) };
}

// ---------------------------------------------------------------- openings in running text

/** Who an ad hires when it names no job: generic openings after a hiring cue. */
const HIRED_PEOPLE = new Set(['someone', 'somebody', 'people', 'person', 'candidate', 'candidates', 'folks', 'cofounder', 'cofounders', 'generalist']);

const LEVEL_WORD = /^(?:senior|sr|junior|jr|staff|principal|lead|mid|level|experienced|talented|great|strong|new|first|founding|[0-9]+|a|an|ii|iii|iv|several|multiple|more|additional|exceptional|passionate|smart|motivated)$/;

/**
 * Job phrases in running text: a job noun with the kind words before it (through "and", "/", commas) and its
 * qualifiers after it. After a hiring cue in the sentence every phrase counts ("hiring engineers, writers and
 * operations managers"); elsewhere only an engineering noun right after its kind words ("backend engineers"),
 * unless a word before it makes it the existing team or someone else ("our backend engineers").
 */
function textOpenings(line: string): Opening[] {
  const toks = tokens(line);
  const out: Opening[] = [];
  let hiring = false;
  let sentenceStart = 0;
  let inSentence: Opening[] = [];
  const endSentence = () => {
    // Several job phrases after one hiring cue are a list of openings, each standing on its own.
    if (inSentence.filter((o) => o.where === 'hiring').length >= 2) for (const o of inSentence) if (o.where === 'hiring') o.where = 'hiring list';
    out.push(...inSentence);
    inSentence = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.sep && (t.w === '.' || t.w === '!' || t.w === '?' || t.w === ';')) { endSentence(); hiring = false; sentenceStart = i + 1; continue; }
    if (!t.sep && HIRING_CUES.has(t.w)) hiring = true;
    if (t.sep) continue;
    // "backend engineering" names the work of an opening like "backend engineer" does.
    const prevKind = i > 0 ? KIND_WORDS[toks[i - 1]!.w] : undefined;
    // "looking for talented people / someone who can …": an opening when a hiring cue precedes it.
    const noun = JOB_NOUNS.has(t.w) || (t.w === 'engineering' && prevKind !== undefined && prevKind !== 'other') || (hiring && HIRED_PEOPLE.has(t.w));
    if (!noun) continue;
    // "Developer Advocate", "Engineering Manager": the first noun is a modifier of the second.
    if (i + 1 < toks.length && !toks[i + 1]!.sep && JOB_NOUNS.has(toks[i + 1]!.w)) continue;
    const before: string[][] = [[]];
    let blocked = false;
    const prevTok = toks[i - 1];
    const direct = prevTok !== undefined && !prevTok.sep && (KIND_WORDS[prevTok.w] !== undefined || BACKEND_TITLE_WORDS.has(prevTok.w) || FRONTEND_TITLE_WORDS.has(prevTok.w));
    for (let j = i - 1, n = 0; j >= sentenceStart && n < 8; j--, n++) {
      const w = toks[j]!;
      if (w.sep) {
        if (w.w === '/' || w.w === '&' || w.w === '+' || w.w === ',') { before.unshift([]); continue; }
        if (w.w === ')') {
          // Skip a short parenthesis between the modifiers and the noun: "front end (CSS, JS) specialist".
          let k = j - 1;
          while (k >= sentenceStart && j - k < 8 && toks[k]!.w !== '(') k--;
          if (k >= sentenceStart && toks[k]!.w === '(') { j = k; continue; }
        }
        break;
      }
      // "a team of developers" is the team, even after a hiring cue ("to augment our team of developers").
      const teamOf = w.w === 'of' && j > 0 && /^(?:team|teams|group|groups)$/.test(toks[j - 1]!.w);
      if (BLOCKERS_BEFORE.has(w.w) && (teamOf || !(hiring && WEAK_BLOCKERS.has(w.w)))) { blocked = true; break; }
      if (WEAK_BLOCKERS.has(w.w)) break;
      if (w.w === 'and' || w.w === 'or') { before.unshift([]); continue; }
      if (KIND_WORDS[w.w] !== undefined || BACKEND_TITLE_WORDS.has(w.w) || FRONTEND_TITLE_WORDS.has(w.w) || GENERIC_TITLE_WORDS.has(w.w) || NON_ENGINEERING_WORDS.has(w.w) || CUSTOMER_FACING.has(w.w)) {
        before[0]!.unshift(w.w);
        continue;
      }
      if (LEVEL_WORD.test(w.w)) continue;
      break;
    }
    // Qualifiers after the noun follow a separator ("engineers (Python/GAE)", "Engineer, Backend"); "developer API"
    // is a compound, not a backend developer.
    const after: string[][] = [];
    let k = i + 1;
    if (k < toks.length && (toks[k]!.w === ',' || toks[k]!.w === '(' || toks[k]!.w === '\u2013' || toks[k]!.w === ':')) {
      k++;
      for (let n = 0; k < toks.length && n < 4; k++, n++) {
        const w = toks[k]!;
        if (w.sep) { if (w.w === '/' || w.w === '&' || w.w === '+' || w.w === ',') continue; break; }
        if (KIND_WORDS[w.w] !== undefined || BACKEND_TITLE_WORDS.has(w.w) || FRONTEND_TITLE_WORDS.has(w.w)) after.push([w.w]);
        else if (!(w.w === 'and' || w.w === 'or')) break;
      }
    }
    if (blocked) continue;
    const parts = [...before.filter((p) => p.length > 0), [t.w], ...after];
    // "talented people", "someone who …" after a hiring cue: an opening of no named kind.
    const found = phraseKinds(parts, false);
    const kinds: Kind[] = found.length === 0 && HIRED_PEOPLE.has(t.w) ? ['generic'] : found;
    if (kinds.length === 0) continue;
    const specific = !kinds.every((k2) => k2 === 'generic' || k2 === 'other');
    const engineering = ENGINEERING_NOUNS.has(t.w) || t.w === 'engineering';
    if (hiring) inSentence.push({ ...opening(kinds, parts.flat(), 'hiring'), ...(HIRED_PEOPLE.has(t.w) ? { people: true } : {}) });
    else if (specific && engineering && direct) inSentence.push(opening(kinds, parts.flat(), 'text'));
  }
  endSentence();
  return out;
}

// ---------------------------------------------------------------- the ad's lines

const BULLET = /^[\s>*•·\-–—=#+]*(?:\d{1,2}[.)]\s+)?/;
const SENTENCE_WORD = /^(?:we|we're|we've|we'd|you|you'll|you're|you've|you'd|your|our|is|are|was|were|will|have|has|be|to|if|the|this|that|who|which|with|can|should|must|need|want|would|do|does|i|i'm|my|me)$/;

/** A line that is a title: short, no sentence words, once bullets, links and salaries are stripped. */
function titleLine(line: string): string | null {
  let s = line.replace(BULLET, '').replace(/https?:\/\/\S+/g, ' ').replace(/[$€£]\s?\d[\d,.]*\s?[kKmM]?(\s*[-–]\s*[$€£]?\s?\d[\d,.]*\s?[kKmM]?)?/g, ' ').trim();
  s = s.replace(/[:\s–—-]+$/, '').trim();
  if (s === '' || s.length > 110) return null;
  // "No recruiters/agencies please" names jobs it does not offer.
  if (/^no\b|\bplease\b|\bnot\s+(?:hiring|looking)\b/i.test(s)) return null;
  // Words outside parentheses: "Backend Engineer (Python, Postgres, Docker, AWS)" is a short title.
  const ws = words(tokens(s.replace(/\([^)]*\)/g, ' ')));
  if (ws.length === 0 || ws.length > 8) return null;
  if (ws.some((w) => SENTENCE_WORD.test(w))) return null;
  // The job noun must head the phrase: "Developer Tools" and "engineering practices" are not titles.
  let last = -1;
  ws.forEach((w, i) => { if (JOB_NOUNS.has(w)) last = i; });
  if (last >= 0 && last < ws.length - 1 && /^(?:tools?|team|teams|experience|practices?|culture|skills?|productivity|environment|community|portal|relations|program|advocacy|hub|portfolio)$/.test(ws[last + 1]!)) return null;
  return s;
}

/** A line that lists openings separated by commas ("Software Engineers (Backend, API), Data Scientists, Security"). */
function commaList(line: string): string[] | null {
  const parts: string[] = [];
  let depth = 0, start = 0;
  const s = line.replace(BULLET, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ',' && depth === 0) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  const cleaned = parts.map((p) => p.replace(/^\s*(?:and|or|&)\s+/i, '').trim()).filter((p) => p !== '');
  if (cleaned.length < 2) return null;
  let nouns = 0;
  for (const p of cleaned) {
    const ws = words(tokens(p.replace(/\([^)]*\)/g, ' ')));
    if (ws.length > 6 || ws.some((w) => SENTENCE_WORD.test(w))) return null;
    if (ws.some((w) => JOB_NOUNS.has(w))) nouns++;
  }
  return nouns >= 1 ? cleaned : null;
}

/** A line that introduces a list of openings: "Open positions:", "We're hiring:", "Hiring for all engineering positions:". */
const LIST_HEAD = /^[\s>*•·\-–—=#]*((?:[\w'’]+[ \t]+){0,8}?(?:hiring|positions|roles|openings|jobs|looking\s+for|searching\s+for|seeking|we\s+need|engineering)(?:[ \t]+[\w'’()]+){0,6}?|role|job\s+title|title)\s*(?:\([^)]{0,40}\))?\s*:\s*(.*)$/i;

/** Job-board metadata keys (StackOverflow-style ads often arrive as one line): each starts a line of its own. */
const METADATA_KEY = /\s+(?=(?:Job description|Role|Industry|Company size|Company type|Technologies|Experience level|Job type|Compensation|Location options|Date posted|Likes)\b)/g;
/** Where a board header's title ends: the anonymised or location fields after it. */
const HEADER_END = /<ORGANIZATION>|<ADDRESS>|<LOCATION>|\bDate posted\b/;

/**
 * The fields of a header line: "Acme | Senior Engineer - Storage Core | Remote". Pipes and bullets separate fields;
 * a dash separates them only in a header without pipes ("Acme - NYC - Backend Engineer"), otherwise it qualifies
 * the title it follows.
 */
function headerSegments(header: string): string[] {
  const end = HEADER_END.exec(header);
  let h = end ? header.slice(0, end.index) : header;
  // A header that runs on into prose ("I have a new role open: Staff Engineer – GenAI. We're building …") ends at
  // its first sentence.
  const stop = /[.!?]\s+(?=[A-Z])/.exec(h);
  if (stop && !/[|•·]/.test(h.slice(0, stop.index))) h = h.slice(0, stop.index);
  const pipes = /[|•·]/.test(h);
  let segments = h.split(pipes ? /\s*(?:\||•|·|;|\t)\s*/ : /\s*(?:\u2013|\u2014|\s-\s|;|\t)\s*/).map((s) => s.trim());
  // Dashes separate fields only when every field is short ("Acme - NYC - Backend Engineer"); otherwise a dash
  // qualifies the title before it ("Staff Engineer – GenAI").
  if (!pipes && segments.some((x) => x.split(/\s+/).length > 8)) segments = [h.trim()];
  // Prose fields are no titles ("We're unable to support sponsorship at this time").
  return segments.filter((x) => x !== '' && x.length <= 120 && !words(tokens(x)).some((w) => SENTENCE_WORD.test(w)) || LIST_HEAD.test(x));
}

/** A header field that lists technologies ("Rails / React / DevOps", "Clojure and ClojureScript"): the stack. */
function isStackField(segment: string): boolean {
  const ws = words(tokens(segment));
  return !ws.some((w) => JOB_NOUNS.has(w)) && ws.some((w) => BACKEND_TITLE_WORDS.has(w) || FRONTEND_TITLE_WORDS.has(w) || TECH_SIDE[w] !== undefined || w === 'typescript' || w === 'postgres');
}

/** The title before a description on one line: "Title — text", "Title - $150k - text", "Title: text". */
const TITLE_LEAD = /^[\s>*•·\-–—=#+]*(?:\d{1,2}[.)]\s+)?([^:—–]{3,80}?)\s*(?:\s[—–-]\s|:\s)/;

/** Job-board metadata that names no opening ("Industry: Agile Software Development", "Technologies java spring"). */
const METADATA_LINE = /^\s*(?:Industry|Company size|Company type|Technologies|Experience level|Job type|Compensation|Location options|Date posted|Likes|Job description)\b:?(.*)$/;

/** Job nouns that make a short line a title line ("positions" and "roles" do not: "Open roles" is a heading). */
const hasTitleNoun = (ws: readonly string[]): boolean => ws.some((w) => JOB_NOUNS.has(w) && !/^(?:positions?|roles?)$/.test(w));

interface Read {
  openings: Opening[];
  /** A job-board "Role:" line, used when the title names no kind. */
  roleLine: Opening[];
  invitesEngineers: boolean;
  /** Where the body starts (after a header line), for reading the work. */
  bodyStart: number;
  lines: string[];
  /** The text the lines were split from (offsets are the same as the input's). */
  text: string;
}

function readOpenings(title: string, rawText: string): Read {
  const openings: Opening[] = [];
  const roleLine: Opening[] = [];
  let invitesEngineers = false;
  if (title !== '') openings.push(...titleOpenings(title, 'title'));
  const text = /\bDate posted\b|\bJob description\b/.test(rawText) ? rawText.replace(METADATA_KEY, (ws) => '\n' + ws.slice(1)) : rawText;
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0, at = 0; i < lines.length; i++) { starts.push(at); at += lines[i]!.length + 1; }
  let firstLine = true;
  let bodyStart = 0;
  let listUntil = -1; // after "We are searching for:", the next short lines are list items
  let skipNext = false; // the value line of a job-board metadata key ("Technologies" / "java spring")
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (firstLine) {
      firstLine = false;
      // A job board's text has no header line when the title comes apart: its first line is already the work.
      bodyStart = title === '' ? i + 1 : 0;
      const segments = headerSegments(line);
      if (title === '' || segments.length > 1) {
        segments.forEach((seg, k) => {
          const m = LIST_HEAD.exec(seg);
          const value = m ? m[2]! : seg;
          // The first of several segments names the company ("Spring | …", "Range Finance | …"): it is an opening
          // only when it holds a job noun ("Backend developer at moviepilot.com — Berlin").
          if (k === 0 && segments.length > 1 && !hasTitleNoun(words(tokens(value)))) return;
          if (isStackField(value)) return;
          openings.push(...titleOpenings(value, 'header'));
        });
      }
      if (!openings.some((o) => o.where === 'header')) openings.push(...textOpenings(line).filter((o) => o.where === 'hiring' || o.where === 'list'));
      continue;
    }
    if (skipNext) { skipNext = false; continue; }
    const head = LIST_HEAD.exec(line);
    if (head) {
      const rest = head[2]!.trim();
      const label = line.slice(0, line.indexOf(':')).toLowerCase();
      if (/\brole\b/.test(label) && !/roles/.test(label)) {
        // Job-board metadata ("Role: Backend Developer") or the value on the next line.
        const value = rest !== '' ? rest : (lines[i + 1] ?? '').trim();
        if (rest === '') skipNext = true;
        roleLine.push(...titleOpenings(value, 'role line'));
        continue;
      }
      if (rest === '') { listUntil = i + 30; continue; }
      // Items after "Open positions:" are titles; after "Looking for:" they may be requirements ("2+ years
      // experience, strong web dev skills"), which name no opening.
      const items = commaList(rest) ?? rest.split(/,|;|\band\b/);
      for (const part of items) {
        const t = titleLine(part);
        const tw = t === null ? [] : words(tokens(t));
        if (t !== null && (hasTitleNoun(tw) || (tw.length <= 3 && tw.some((w) => KIND_WORDS[w] !== undefined)))) openings.push(...titleOpenings(t, 'list'));
      }
      continue;
    }
    const meta = METADATA_LINE.exec(line);
    if (meta) { if (meta[1]!.trim() === '' && !/^\s*Job description/.test(line)) skipNext = true; continue; }
    const inList = i <= listUntil;
    // "- Senior Product Engineer — Ruby/Rails, owns features end to end": a title, then what that opening does.
    const lead = TITLE_LEAD.exec(line);
    if (lead && (inList || BULLET.exec(line)![0].trim() !== '')) {
      const prefix = titleLine(lead[1]!);
      const pw = prefix !== null ? words(tokens(prefix)) : [];
      // In a list of openings a kind alone leads its item ("* Platform: you'll build …", "* Infrastructure: …").
      if (prefix !== null && (hasTitleNoun(pw) || (inList && pw.length <= 3 && pw.some((w) => KIND_WORDS[w] !== undefined && STANDALONE_KINDS.has(w))))) {
        const found = titleOpenings(prefix, 'list');
        if (found.length) {
          for (const o of found) o.local = [starts[i]! + lead[0].length, starts[i]! + line.length];
          openings.push(...found);
          continue;
        }
      }
    }
    const asTitle = titleLine(line);
    if (asTitle !== null) {
      const ws = words(tokens(asTitle));
      // In a list of openings a kind word alone is an item ("Backend", "iOS"); elsewhere a title needs its noun.
      if (hasTitleNoun(ws) || (inList && ws.length <= 3)) {
        const found = titleOpenings(asTitle, inList ? 'list' : 'title line');
        if (found.length) { openings.push(...found); continue; }
      }
    } else if (inList && BULLET.exec(line)![0].trim() !== '') {
      // "- an experienced Scalability Engineer who will help us scale our trackers": in a list of openings, an item
      // that starts with a job phrase offers it, and the rest of the line is its work.
      const m = /^[\s>*•·\-–—=#+]*(?:\d{1,2}[.)]\s+)?((?:an?\s+)?(?:[\w.+#/-]+\s+){0,5}[\w.+#/-]+)(?=[\s,:(]|$)/.exec(line);
      const head = m ? m[1]! : '';
      const hw = words(tokens(head));
      const nounAt = hw.findIndex((w) => JOB_NOUNS.has(w) && !/^(?:positions?|roles?)$/.test(w));
      const phrase = hw.slice(0, nounAt + 1).join(' ');
      if (nounAt >= 0 && !hw.slice(0, nounAt).some((w) => SENTENCE_WORD.test(w)) && titleLine(phrase) !== null) {
        const found = titleOpenings(phrase, 'list');
        if (found.length) {
          const at = line.toLowerCase().indexOf(hw[nounAt]!, m!.index) + hw[nounAt]!.length;
          for (const o of found) o.local = [starts[i]! + at, starts[i]! + line.length];
          openings.push(...found);
          continue;
        }
      }
    } else if (inList && line.trim().length > 110) listUntil = -1;
    const list = commaList(line);
    if (list) {
      const found = list.flatMap((p) => titleOpenings(p, 'list'));
      if (found.length) { openings.push(...found); continue; }
    }
    for (const o of textOpenings(line)) openings.push(o);
    if (!invitesEngineers && /\b(engineers?|developers?|programmers?|hackers?)\b/i.test(line) && /\b(hiring|looking|seeking|join|apply|hire|recruiting|need)\b/i.test(line)) invitesEngineers = true;
  }
  return { openings, roleLine, invitesEngineers, bodyStart, lines, text };
}

// ---------------------------------------------------------------- placing generic openings by the work

interface Work {
  side: Partial<Record<Side, Set<string>>>;
  fullStack: string | null;
}

/**
 * A line that presents work or a stack (rule 3 of the guidelines: "our stack", "you will use", "experience in"),
 * as opposed to a passing mention in the company's story ("luminaries in Hadoop"). Bullets and short lines are
 * list items of a stack or of requirements.
 */
const WORK_LINE = /\b(?:stack|technolog\w*|tools?|use|uses|using|used|built|build|building|written|writing|work(?:ing)?\s+(?:with|on|in)|you(?:'ll|'d|\s+will|\s+would)|experience|experienced|knowledge|familiar\w*|proficien\w*|skills?|expert\w*|must|plus|bonus|nice\s+to\s+have|years?|code|coding|develop\w*|languages?|frameworks?|requirements?|qualifications?|backend|back[\s-]end|frontend|front[\s-]end|full[\s-]?stack|apis?|services|libraries|databases?|pipelines?|responsib\w+|ideally|love|enjoy|passionate|interest(?:ed)?|focus|hiring)\b/i;

/** The character ranges of the lines after the header that present work. */
function workRanges(lines: readonly string[], from: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0, at = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // The header counts too: "Acme | Founding Engineer | NodeJS" names the opening's stack.
    const header = i === from - 1 && /[|•·]/.test(line);
    if ((i >= from || header) && trimmed !== '' && (header || WORK_LINE.test(trimmed) || trimmed.length <= 100 || BULLET.exec(line)![0].trim() !== '')) out.push([at, at + line.length]);
    at += line.length + 1;
  }
  return out;
}

/** The sides of the work named in `ranges` of `text`: technologies the tagger found there, and work words. */
function readWork(text: string, ranges: readonly [number, number][], mentions: readonly RoleMention[]): Work {
  const side: Work['side'] = {};
  const add = (s: Side, what: string) => { if (s !== 'none') (side[s] ??= new Set()).add(what); };
  const sorted = [...mentions].sort((a, b) => a.offset - b.offset);
  let mi = 0;
  for (const [start, end] of ranges) {
    while (mi < sorted.length && sorted[mi]!.offset < start) mi++;
    for (; mi < sorted.length && sorted[mi]!.offset < end; mi++) {
      const m = sorted[mi]!;
      const s = TECH_SIDE[m.tech] ?? (m.category ? CATEGORY_SIDE[m.category] : undefined);
      if (s) add(s, m.tech);
    }
  }
  const body = normalize(ranges.map(([a, b]) => text.slice(a, b)).join('\n'));
  for (const [re, s] of SIDE_WORDS) {
    const m = re.exec(body);
    if (m) add(s, m[0].trim());
  }
  const fs = FULL_STACK_WORK.exec(body);
  return { side, fullStack: fs ? fs[0].trim() : null };
}

function place(work: Work): { role: Role; because: string } {
  const n = (s: Side) => work.side[s]?.size ?? 0;
  const list = (...ss: Side[]) => ss.flatMap((s) => [...(work.side[s] ?? [])]).slice(0, 6).join(', ');
  if (work.fullStack) return { role: 'full-stack', because: `work: "${work.fullStack}"` };
  const server = n('server'), ui = n('ui'), mobile = n('mobile'), data = n('data'), infra = n('infra'), other = n('other');
  if (server > 0 && ui > 0) return { role: 'full-stack', because: `work: ${list('ui', 'server')}` };
  if (server > 0) {
    if (data >= 2 && data > server) return { role: 'data', because: `work: ${list('data')}` };
    return { role: 'backend', because: `work: ${list('server')}` };
  }
  if (ui > 0) return { role: 'frontend', because: `work: ${list('ui')}` };
  const rest: [Role, number, Side][] = [['mobile', mobile, 'mobile'], ['data', data, 'data'], ['other', other, 'other'], ['devops', infra, 'infra']];
  const best = rest.filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1])[0];
  if (best) return { role: best[0], because: `work: ${list(best[2])}` };
  return { role: 'software', because: 'no stack or work places it' };
}

// ---------------------------------------------------------------- the decision

const JOB_SEEKER = /\b(?:i'?m|i am|i’m)\s+(?:currently\s+|actively\s+)?(?:looking for|seeking|searching for|open to)\s+(?:a\s+|new\s+|my\s+next\s+)*(?:job|role|position|opportunit|work)|\bseeking work\b|\bconsider my profile\b|^\s*(?:location|remote|willing to relocate|technologies|résumé|resume)\s*:.*\n\s*(?:location|remote|willing to relocate|technologies|résumé|resume)\s*:/im;

/** The roles of an ad with the evidence for each. */
export function explainRoles(input: RoleInput): RoleDecision {
  const title = (input.title ?? '').slice(0, 300).trim();
  const text = (input.text ?? '').slice(0, MAX_ROLE_TEXT_CHARS);
  // A job seeker's post ("I'm currently looking for a job …", "SEEKING WORK", a résumé's fields) offers no opening.
  if (JOB_SEEKER.test(text.slice(0, 1500))) return { roles: ['other'], evidence: [{ role: 'other', because: 'a job seeker\'s post, not an ad' }] };
  const read = readOpenings(title, text);
  let openings = read.openings;
  // A title that names no kind: the board's "Role:" line may ("SAP Cloud Solution Specialist", Role: Frontend);
  // an ad whose only title is a "Role: Senior Software Engineer (Rust)" line.
  if (!openings.some((o) => o.kinds.some((k) => k !== 'generic' && k !== 'other')) && read.roleLine.some((o) => o.kinds.some((k) => k !== 'generic' && k !== 'other'))) {
    openings = [...openings.filter((o) => !o.kinds.includes('generic')), ...read.roleLine.filter((o) => !o.kinds.includes('other'))];
  } else if (openings.length === 0) openings = read.roleLine;
  // A job board's title is the ad's one opening: the text restates it ("Gruntwork: DevOps Engineer … looking for a
  // full-stack engineer interested in DevOps"). Its text counts only when the title names no kind.
  let boardTitle = openings.filter((o) => o.where === 'title');
  const engineeringKind = (o: Opening) => o.kinds.some((k) => k !== 'generic' && k !== 'other');
  if (boardTitle.length > 0 && !boardTitle.some(engineeringKind) && read.roleLine.some((o) => o.kinds.some((k) => k !== 'generic'))) {
    // "Software Engineering Lead" with "Role: QA/Test Developer", "SAP Cloud Solution Specialist" with "Role:
    // Frontend Developer": the board's role field places a title that names no engineering kind.
    const placed = read.roleLine.filter((o) => o.kinds.some((k) => k !== 'generic'));
    boardTitle = boardTitle.every((o) => o.kinds.every((k) => k === 'generic')) || placed.some(engineeringKind) ? placed : boardTitle;
  }
  if (boardTitle.some((o) => o.kinds.some((k) => k !== 'generic'))) openings = boardTitle;
  const evidence = new Map<Role, string>();
  const note = (role: Role, because: string) => { if (!evidence.has(role)) evidence.set(role, because); };
  const mentions = input.mentions ?? [];
  // Openings that stand as titles or list items count. A generic job phrase in running text ("join us as one of
  // our first engineers") only restates an opening: it counts when the ad names no other opening.
  if (openings.some((o) => !o.people)) openings = openings.filter((o) => !o.people);
  const titled = openings.filter((o) => o.where !== 'hiring' && o.where !== 'text' && o.where !== 'hiring list');
  let counted = titled.length > 0 ? [...titled, ...openings.filter((o) => !o.kinds.includes('generic') && !titled.includes(o))] : openings;
  // "Senior Software Engineer … Roles: * Platform: … * Infrastructure: …": list items that name only a kind are
  // the kinds of that title, which then adds nothing of its own.
  if (counted.some((o) => o.where === 'list' && !o.phrase.split(' ').some((w) => JOB_NOUNS.has(w)) && o.kinds.some((k) => k !== 'other'))) {
    counted = counted.filter((o) => !(o.kinds.length === 1 && o.kinds[0] === 'generic' && (o.where === 'header' || o.where === 'title')));
  }
  const several = new Set(counted.filter((o) => !o.kinds.every((k) => k === 'other')).map((o) => o.phrase)).size > 1;
  let adWork: { role: Role; because: string } | undefined;
  for (const o of counted) {
    for (const k of o.kinds) {
      if (k !== 'generic') { note(k, `${o.where} "${o.phrase}"`); continue; }
      // Guideline 6: a manager whose team the title does not name is software, unless the ad is about that one job
      // (its stack is then the team's).
      if (o.manager && several) { note('software', `${o.where} "${o.phrase}": the team is not named`); continue; }
      // Guideline 3: a generic title is placed by the work described for that opening: its own description when
      // it has one; the ad's work when it is the ad's only opening. Among several openings the ad's stack cannot
      // be pinned on this one, so it stays software.
      const local = o.local ? place(readWork(read.text, [o.local], mentions)) : undefined;
      if (local && local.role !== 'software') { note(local.role, `${o.where} "${o.phrase}", ${local.because}`); continue; }
      if (several && o.team) { note('software', `${o.where} "${o.phrase}": a team among several openings, its work not described`); continue; }
      adWork ??= place(readWork(read.text, workRanges(read.lines, read.bodyStart), mentions));
      note(adWork.role, `${o.where} "${o.phrase}", ${adWork.because}`);
    }
  }
  if (evidence.size === 0) {
    // Guideline 9: no opening at all.
    note(read.invitesEngineers ? 'software' : 'other', read.invitesEngineers ? 'no opening named; invites engineers' : 'no engineering opening named');
  }
  const roles = ROLES.filter((r) => evidence.has(r));
  return { roles, evidence: roles.map((r) => ({ role: r, because: evidence.get(r)! })) };
}

/** The roles of an ad, in ROLES order; at least one. */
export function classifyRoles(input: RoleInput): Role[] {
  return explainRoles(input).roles;
}

/** Stored form: comma-separated, in ROLES order ("backend,devops"). */
export function rolesToColumn(roles: readonly Role[]): string {
  const set = new Set(roles);
  const out = ROLES.filter((r) => set.has(r));
  return (out.length > 0 ? out : ['other']).join(',');
}
