// Requirement strength of a mention: does the ad require it, prefer it, or only mention it (the company's stack,
// the product, the work)? The rules are those of ../shared/eval/STRENGTH-GUIDELINES.md:
//
//   1. a technology in a job title is required ("Senior Go Engineer", "Backend Engineer (Python, Postgres)", the
//      HN header "Acme | Backend Engineer (Elixir, React) | Remote", "We're looking for a Python developer");
//   2. a job board's "Technologies" tag line is the stack: mentioned, unless the job title names the technology;
//   3. the clause around the mention decides when it has a cue: a lead-in before a colon ("Nice to have: Rust",
//      "experience of any of these would be a positive: …"), a preferred cue that applies to it ("ideally Go",
//      "Kafka is a plus"; a cue before the mention counts when it leads, one after when it trails), a requirement
//      ("experience with", "you have", "5+ years of"), or the work and the stack ("we use", "you'll work with");
//   4. otherwise the heading the mention sits under ("Requirements", "Nice to have", "Our stack"); a heading that
//      marks things optional governs its list even against a requirement phrase ("Nice to have: - Experience
//      with Flask" is preferred);
//   5. otherwise mentioned.
// Parentheses belong to the clause around them: "experience with testing tools (we use Jest)" is required, while
// "React (React Native is a big plus)" makes only React Native preferred.
//
// Everything works on one bounded line or clause at a time. Lines are read once, forward, as offsets advance;
// long run-on lines (job boards that lost their line breaks) are cut into items before capitalised cue words.

import type { Strength } from '../src/core/types.js';

type Cls = Strength | null;

// ---------------------------------------------------------------- phrases

// Phrases of each class, as lower-case word sequences (hyphens and apostrophes split words: "nice-to-have",
// "you'll" → you ll). A clause is split into words once and looked up word by word in a trie: no regex scans it.
/** Optional cues that apply to what follows them ("ideally Go", "bonus points for Rust"). */
const PREFERRED_LEADING = [
  'nice to have', 'nice to haves', 'bonus', 'bonus points', 'extra points', 'extra credit', 'brownie points', 'ideally',
  'preferably', 'optionally', 'if you also', 'want to meet you if', 'even better', 'plus if', 'great if', 'bonus if', 'impressed', 'would love',
  'we d love', 'it would be great', 'would be nice', 'would be great', 'good to have', 'a plus', 'pluses', 'advantages',
  'desirable', 'desired', 'nice', 'stand out', 'not required but', 'not a requirement but', 'would be a positive',
  'helpful', 'appreciated', 'flexible', 'would be good', 'it would be good', 'in addition it would', 'also interested in',
  'street cred', 'street creds', 'also knowing',
];
/** Optional cues that apply to what precedes them ("Kafka is a plus", "Django preferred"). */
const PREFERRED_TRAILING = [
  'nice to have', 'a plus', 'big plus', 'huge plus', 'strong plus', 'major plus', 'definite plus', 'great plus', 'real plus',
  'nice plus', 'bonus', 'a bonus', 'would be relevant', 'directly relevant', 'would be directly relevant', 'preferred', 'is preferred', 'desired', 'desirable', 'would be great',
  'would be nice', 'would be awesome', 'would be ideal', 'would be helpful', 'would be good', 'would be useful',
  'would be a positive', 'good to have', 'not required', 'not necessary', 'not mandatory', 'not a must', 'not needed',
  'optional', 'advantageous', 'an advantage', 'appreciated', 'is helpful', 'are helpful', 'helpful', 'a big win',
  'welcome', 'is welcome', 'are welcome', 'a positive', 'beneficial', 'highly appreciated', 'is an asset', 'an asset',
  'or be able to pick', 'pick them up', 'pick it up', 'or willing to learn', 'or be willing to learn', 'better',
  'helps', 'other languages ok', 'other languages are fine', 'or at least',
];
const REQUIRED_PHRASES = [
  'required', 'requires', 'requirement', 'requirements', 'must', 'mandatory', 'essential', 'need', 'needed', 'needs',
  'you have', 'you know', 'you bring', 'you ve', 'you should', 'you possess', 'you must', 'if you can',
  'experience', 'experienced', 'experiences', 'proficient', 'proficiency', 'expert', 'expertise', 'strong', 'solid', 'deep',
  'knowledge', 'familiar', 'familiarity', 'fluent', 'fluency', 'skill', 'skills', 'skilled', 'qualification', 'qualifications',
  'background', 'understanding', 'track record', 'comfortable', 'mastery', 'year', 'years', 'ability', 'competent', 'competence', 'competency', 'well versed', 'versed', 'knowledgeable', 'grasp',
  'exposure', 'command of', 'able to', 'ideal candidate', 'you will have', 'you ll have', 'you will be required',
  'you ll be required', 'you will be proficient', 'you ll be proficient', 'candidate will', 'candidates will', 'you will need', 'you ll need',
];
/** Phrases that deny a requirement: what follows is the stack, not an ask ("we don't expect you to know …"). */
const NEGATED_PHRASES = [
  'don t expect', 'do not expect', 'not expect you', 'don t need to', 'do not need to', 'no need to', 'rather than',
  'not necessary to know', 'no experience', 'no prior', 'don t have to', 'do not have to', 'shying away', 'shy away',
  'not afraid',
];
const MENTIONED_PHRASES = [
  'we use', 'we used', 'we are using', 'we love', 'we run', 'we build', 'we built', 'we write', 'we work with', 'we rely on',
  'we leverage', 'we have', 'we deploy', 'we host', 'we re using', 'we re built', 'we re running', 'we re a', 'our stack',
  'our tech stack', 'our technology stack', 'tech stack', 'technology stack', 'stack is', 'stack includes', 'built with',
  'built on', 'built in', 'built using', 'written in', 'runs on', 'running on', 'powered by', 'hosted on', 'our backend',
  'our back end', 'our frontend', 'our front end', 'our platform', 'our infrastructure', 'our infra', 'our codebase',
  'our code', 'our services', 'our app', 'our apps', 'our product', 'our api', 'our system', 'our systems', 'our data',
  'our team', 'uses', 'is based on', 'on top of', 'migrate', 'migrated', 'migrating', 'moving to', 'sunsetting',
  'sun setting', 'legacy', 'work with', 'working with', 'work on', 'working on', 'interest in',
  'you will work', 'you ll work', 'you will build', 'you ll build', 'you will use', 'you ll use', 'you will be working',
  'you ll be working', 'you will develop', 'you ll develop', 'you will be responsible', 'you ll be responsible',
  'you will own', 'you ll own', 'you will help', 'you ll help', 'you will write', 'you ll write', 'you will design',
  'you ll design', 'you will maintain', 'you ll maintain', 'you will take', 'you ll take', 'you will get', 'you ll get',
  'you will be part', 'you ll be part', 'you will join', 'you ll join', 'you will lead', 'you ll lead', 'you will drive',
  'you ll drive', 'you d be', 'gain experience', 'gain more experience', 'ready to take up', 'take up', 'pick up new',
  'interested in', 'willing to learn', 'learn', 'we currently use', 'examples of the technologies', 'willingness',
  'we are working', 'we re working', 'working in', 'search terms', 'buzzwords', 'keywords', 'utilizes', 'utilize',
  'passionate about', 'passion for', 'extend our', 'keen to', 'our knowledge',
];

const P_LEADING = 1, P_TRAILING = 2, P_REQUIRED = 4, P_MENTIONED = 8, P_NEGATED = 16;
/** A word trie of the phrases: each node holds the class bits of the phrase ending there. */
interface PhraseNode { bits: number; next: Map<string, PhraseNode> | null }
const PHRASE_ROOT = new Map<string, PhraseNode>();
for (const [list, bit] of [[PREFERRED_LEADING, P_LEADING], [PREFERRED_TRAILING, P_TRAILING], [REQUIRED_PHRASES, P_REQUIRED], [MENTIONED_PHRASES, P_MENTIONED], [NEGATED_PHRASES, P_NEGATED]] as const) {
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

/** Pay words are not optional cues: "+ 10% bonus", "signing bonus". Blanked with spaces, so offsets stay. */
const PAY_BONUS = /\d\s*%\s*(?:annual\s+|yearly\s+)?bonus(?:es)?\b|\b(?:signing|sign-on|annual|performance|yearly|cash|target|quarterly)\s+bonus(?:es)?\b|\bbonus(?:es)?\s+(?:scheme|plan|program|structure|eligib\w*)\b|\bbonus\s*\+/gi;

/** A phrase found in a clause: its class bit and its span. */
interface Cue { bit: number; start: number; end: number }

// Mentions of one list share their sentence: the last clause's cues are kept (one entry, compared by identity
// first, then by value).
let lastCueText = '';
let lastCues: Cue[] = [];

/** The phrases of s, word by word through the trie. Linear in s (phrases are at most a few words). */
function cuesOf(raw: string): Cue[] {
  if (raw === lastCueText) return lastCues;
  lastCues = findCues(raw);
  lastCueText = raw;
  return lastCues;
}

function findCues(raw: string): Cue[] {
  const low = raw.toLowerCase();
  const s = low.includes('bonus') ? low.replace(PAY_BONUS, (m) => ' '.repeat(m.length)) : low;
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  for (let i = 0, n = s.length; i < n;) {
    let c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) { i++; continue; }
    const st = i;
    while (i < n && (((c = s.charCodeAt(i)) >= 97 && c <= 122) || (c >= 48 && c <= 57))) i++;
    words.push(s.slice(st, i));
    starts.push(st);
    ends.push(i);
  }
  const cues: Cue[] = [];
  for (let i = 0; i < words.length; i++) {
    let node = PHRASE_ROOT.get(words[i]!);
    for (let k = i + 1; node !== undefined; k++) {
      if (node.bits) cues.push({ bit: node.bits, start: starts[i]!, end: ends[k - 1]! });
      if (k >= words.length || node.next === null) break;
      node = node.next.get(words[k]!);
    }
  }
  return cues;
}

/**
 * The class the cues give a mention at [at, atEnd) of its clause. Optional wins when a leading cue precedes the
 * mention or a trailing cue follows it; a denial makes it mentioned; otherwise the first requirement or stack cue
 * of the clause before the mention decides ("Experience communicating with services built using JSON" is
 * required), else the nearest one after it. `lead`: the text is a lead-in that governs what follows it ("… is
 * advantageous:", "Exposure to our tech stack:"): every optional cue counts, and its last cue decides.
 */
function classAt(cues: readonly Cue[], at: number, atEnd: number, lead = false): Cls {
  let first: Cue | null = null, after: Cue | null = null, last: Cue | null = null, negated = false;
  for (const c of cues) {
    if (c.bit & P_LEADING && (lead || c.end <= at)) return 'preferred';
    if (c.bit & P_TRAILING && (lead || c.start >= atEnd)) return 'preferred';
    if (c.bit & P_NEGATED && (lead || c.end <= at)) negated = true;
  }
  if (negated) return 'mentioned';
  for (const c of cues) {
    if (!(c.bit & (P_REQUIRED | P_MENTIONED))) continue;
    if (!last || c.end >= last.end) last = c;
    if (c.end <= at) { if (!first) first = c; } else if (c.start >= atEnd && !after) after = c;
  }
  const pick = lead ? last : (first ?? after);
  return pick === null ? null : pick.bit & P_REQUIRED ? 'required' : 'mentioned';
}

// ---------------------------------------------------------------- headings

const PREFERRED_HEADING = new RegExp(
  '^(?:nice[ -]to[ -]haves?|bonus(?:\\s+points?)?|pluses|preferred(?:\\s+(?:qualifications?|skills|experience|requirements))?|' +
  "(?:it'?s\\s+)?a\\s+plus|extra\\s+(?:credit|points)|good\\s+to\\s+have|desired(?:\\s+(?:skills|qualifications|experience))?|" +
  'optional|ideally|even\\s+better|would\\s+be\\s+nice|brownie\\s+points|what\\s+would\\s+make\\s+you\\s+stand\\s+out|' +
  'bonus\\s+if|plus\\s+if|it\\s+would\\s+be\\s+great|additional\\s+(?:skills|qualifications|experience)|advantages?|' +
  'advantageous|(?:not\\s+all\\s+|none\\s+of\\s+these\\s+are\\s+)required|nice\\s+to\\s+haves?)\\b', 'i');

const REQUIRED_HEADING = new RegExp(
  '^(?:requirements?|(?:minimum|basic|required|key|core|technical|must[ -]have)\\s+(?:qualifications?|requirements?|skills|experience|technology\\s+experience)|' +
  "qualifications?|what\\s+you(?:'ll|\\s+will)?\\s+need|what\\s+we(?:'re|\\s+are)\\s+looking\\s+for|we(?:'re|\\s+are)\\s+looking\\s+for|" +
  'you\\s+(?:have|are|bring|should\\s+have|must\\s+have|will\\s+need)|must[ -]haves?|who\\s+you\\s+are|about\\s+you|' +
  "skills|what\\s+you\\s+bring|your\\s+(?:skills|profile|experience|background|qualifications)|experience|we\\s+expect|" +
  "profile|(?:the\\s+)?ideal\\s+candidate|what\\s+we\\s+need|job\\s+requirements|tech(?:nical)?\\s+requirements|" +
  'key\\s+technology\\s+experience|skills\\s+(?:and|&)\\s+requirements|(?:we\\s+have\\s+)?(?:openings|open\\s+(?:roles|positions))(?:\\s+for)?|' +
  "we(?:'re|\\s+are)\\s+hiring(?:\\s+for)?|hiring(?:\\s+for)?)\\b", 'i');

const MENTIONED_HEADING = new RegExp(
  '^(?:about\\s+(?:us|the\\s+company|the\\s+team|[a-z]+)|(?:our|the)\\s+(?:tech(?:nology)?\\s+)?stack|tech(?:nology)?\\s+stack|' +
  'stack|tech|technologies|technology|tools|our\\s+(?:tools|technology|tech|technologies|environment|team|product)|' +
  'what\\s+we\\s+use|tools\\s+we\\s+use|technologies\\s+we\\s+use|who\\s+we\\s+are|the\\s+company|company|environment|' +
  'the\\s+team|benefits|perks|why\\s+(?:join|work)|what\\s+we\\s+offer|we\\s+offer|how\\s+to\\s+apply|keywords|' +
  "responsibilities|what\\s+you(?:'ll|\\s+will)\\s+(?:do|work\\s+on|be\\s+doing)|your\\s+(?:role|tasks|responsibilities|mission)|" +
  'the\\s+role|role|tasks|your\\s+team|key\\s+responsibilities|the\\s+job|your\\s+job|job\\s+description|in\\s+this\\s+role|' +
  'key\\s+technologies\\s+we\\s+work\\s+with|examples\\s+of\\s+the\\s+technologies)\\b', 'i');

/**
 * The class of heading text. `whole`: the heading phrase must be (nearly) all of it ("Skills & requirements"), as for
 * a line without a colon, which might otherwise be a list item ("Experience with Kafka").
 */
function headingClass(text: string, whole = false): Cls {
  // "Skills (not all required)", "Tools (optional)": the marker makes the whole list optional.
  if (/\bnot\s+all\s+(?:are\s+)?required\b|\bnone\s+(?:of\s+(?:these|them)\s+)?(?:are\s+|is\s+)?(?:required|mandatory)\b|\(\s*optional\s*\)/i.test(text)) return 'preferred';
  for (const [re, cls] of HEADINGS) {
    const m = re.exec(text);
    if (m && (!whole || (countWords(text.slice(m[0].length)) <= 2 && !/^\s*(?:with|in|of|on|using|for|at|to)\b/i.test(text.slice(m[0].length))))) return cls;
  }
  return null;
}

const HEADINGS: [RegExp, Strength][] = [[PREFERRED_HEADING, 'preferred'], [REQUIRED_HEADING, 'required'], [MENTIONED_HEADING, 'mentioned']];

/** First words of every heading pattern: a short line starting with any other word is not a heading. */
const HEADING_FIRST = new Set(("nice bonus pluses preferred it its it's a extra good desired optional ideally even would brownie what " +
  'plus requirements requirement minimum basic required key core technical qualifications qualification we we\'re you must ' +
  'who about skills your experience profile the ideal responsibilities job tech technology technologies stack tools our ' +
  'company environment benefits perks why how keywords additional advantages advantageous not none role tasks in examples').split(' '));

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

/** s without trailing white space and the given markup characters (a loop: `/[\s=*#-]+$/` backtracks quadratically). */
function trimEndOf(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && (isSpace(s.charCodeAt(e - 1)) || chars.includes(s[e - 1]!))) e--;
  return e === s.length ? s : s.slice(0, e);
}

function firstWord(h: string): string {
  let e = 0;
  while (e < h.length && /[A-Za-z'’]/.test(h[e]!)) e++;
  return h.slice(0, e).toLowerCase().replace('’', "'");
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

interface Heading {
  cls: Cls;
  heading: boolean;
  /** A lead-in line classed by its phrases ("3+ years of experience in one of:"): a sub-heading of the section. */
  sub: boolean;
}

const NOT_HEADING: Heading = { cls: null, heading: false, sub: false };

/**
 * A heading line's class. Short lines that start with a heading phrase ("Requirements", "Nice to have"); and lead-in
 * lines that end with a colon or a question mark ("It's great if you are familiar with:", "What skills should you
 * have?"), classed by their phrases.
 */
function headingOf(raw: string): Heading {
  const h = trimEndOf(headingText(raw), '?=*#-');
  const trimmed = trimEndOf(raw, '=*#-');
  if (!h) return NOT_HEADING;
  if ((trimmed.endsWith(':') || trimmed.endsWith('?')) && trimmed.length <= 160) {
    const named = headingClass(h);
    return { cls: named ?? classAt(cuesOf(h), h.length, h.length, true), heading: countWords(h) <= 14, sub: named === null };
  }
  // A list item is not a heading unless it ends with a colon ("- Experience with Kafka" is an item).
  if (isBulletAt(raw, raw.length - raw.trimStart().length, raw.length)) return NOT_HEADING;
  if (h.length > 70 || !HEADING_FIRST.has(firstWord(h)) || countWords(h) > 7) return NOT_HEADING;
  if (/[.!,]\s*$/.test(raw) || /[.!?]\s/.test(h)) return NOT_HEADING;
  const cls = headingClass(h, true);
  return { cls, heading: cls !== null, sub: false };
}

// ---------------------------------------------------------------- job titles

/** Job nouns: a technology in the same title phrase is one the job requires. */
const JOB_NOUN = /\b(?:engineers?|developers?|programmers?|architects?|devs|hackers?|ninjas?|specialists?|consultants?|administrators?|admins?|sysadmins?|dba|sres?|swes?|scientists?|analysts?|leads?|managers?|directors?|dir|head|vp|entwickler(?:in)?)\b/i;
/** What a hiring cue hires: a job, or openings of a kind ("several engineering positions (android, iOS, …)"). */
const HIRED_NOUN = new RegExp(`${JOB_NOUN.source}|\\b(?:positions?|roles?|openings?)\\b`, 'i');
const ROLE_NOUN_AFTER = /^[\s/-]*(?:[\w.+#]+\s+)?(?:developers?|engineers?|programmers?|architects?|devs?|hackers?|ninjas?|specialists?|consultants?|administrators?|admins?|dba)\b/i;
const HIRING_CUE = /\b(?:hiring|looking\s+for|seeking|searching\s+for|we\s+need|join\s+us\s+as|(?:openings?|positions?|roles?)(?:\s+open)?\s+for)\b/i;
/** Where a job board's header title ends: the anonymised or location fields after it. */
const HEADER_END = /<ORGANIZATION>|<ADDRESS>|<LOCATION>|\bDate posted\b/;
/** A job board's metadata keys, which StackOverflow-style ads run together on one line. */
const METADATA_KEY = /(?:^|\s)(Technologies|Industry|Role|Company size|Company type|Experience level|Job type|Compensation|Location options|Job description|Date posted|Likes)\b:?/g;

const MAX_SENTENCE = 400;
/** Lines longer than this without bullets are cut into items before capitalised cue words. */
const RUN_ON = 240;
const RUN_ON_CUE = /(?<=[A-Za-z0-9)\]’'"] )(?=(?:In addition|Examples|Experience|Knowledge|Familiarity|Strong|Solid|Good|Proficiency|Proficient|Understanding|Ability|Able|Fluent|Excellent|Hands-on|Deep|Working|Degree|Passion|Bonus|Nice to|Ideally|Preferably|Must|Already|Well-versed|Advantages|Bachelor|Minimum|Familiar|Expertise|Comfortable|Previous|Prior|Demonstrated|Proven|Languages|What you|What we|Who you|Your|You|We|Our|Technologies|Requirements|Qualifications|Responsibilities|Tasks|Skills)\b)/g;

interface Unit {
  start: number;
  end: number;
  /** The governing class of a lead-in before a colon in this unit, and where that colon is. */
  lead: Cls;
  leadEnd: number;
  bullet: boolean;
  heading: Heading | null;
  /** A job-title unit: mentions in its title part (before titleEnd) are required, in its description by clause. */
  title: boolean;
  titleEnd: number;
  /** A job board's Technologies tag line. */
  stackLine: boolean;
  /** Header fields that name the job, or stand beside one: mentions inside them are required. */
  fields?: [number, number][];
}

/** The section a unit sits in: the last named heading, and a lead-in sub-heading under it. */
interface Section {
  main: Cls;
  sub: Cls;
  /** A title line above: the bare list items under it are that job's stack ("Full-Stack Engineer / - Angular, NestJS"). */
  job?: boolean;
}

/** Sentence words: a line or field holding them is prose, not a title. */
const PROSE = /\b(?:we|we're|you|you'll|your|our|is|are|was|will|with|who|the|to|i|i'm|my)\b/i;

/**
 * Prepares a strength classifier for one posting. Call it with each mention's offset and length, best in
 * increasing offset order: lines are scanned forward once (headings update the current section as they pass),
 * and clauses are classified as they are reached.
 */
export function strengthClassifier(text: string): (offset: number, length: number) => Strength {
  let next = 0; // start of the next physical line not yet scanned
  let units: Unit[] = [];
  let ui = 0;
  let section: Section = { main: null, sub: null };
  let sections: Section[] = [];
  let blank = false;
  let firstLine = true;
  let titleText = '';
  let stackValueNext = false;
  // A job board's metadata block ("Date posted: … Role: … Technologies …") ends at its second "Job description";
  // the same words later are prose ("Cloud Technologies like AWS").
  const posted = text.indexOf('Date posted');
  const jd = posted < 0 ? -1 : text.indexOf('Job description', text.indexOf('Job description', posted) + 1);
  const metadataEnd = posted < 0 ? 0 : jd < 0 ? Math.min(text.length, posted + 1500) : jd + 1;

  const reset = () => {
    next = 0; units = []; ui = 0; section = { main: null, sub: null }; sections = []; blank = false; firstLine = true;
    titleText = ''; stackValueNext = false;
  };

  /** Cuts one physical line into units (items of a run-on line), classes its headings and titles. */
  const scanLine = (): void => {
    let nl = text.indexOf('\n', next);
    if (nl < 0) nl = text.length;
    const start = next;
    next = nl + 1;
    let first = start;
    while (first < nl && isSpace(text.charCodeAt(first))) first++;
    if (first === nl) { blank = true; return; }
    const line = text.slice(start, nl);
    const bullet = isBulletAt(text, first, nl);
    const isFirst = firstLine;
    firstLine = false;
    // Cut points: metadata keys of job boards, capitalised cue words and bullets of a run-on line.
    const cuts = new Set<number>();
    if (nl - start > 120 && start < metadataEnd) {
      for (const m of line.matchAll(METADATA_KEY)) if (start + m.index < metadataEnd) cuts.add(m.index + (m[0].length - m[0].trimStart().length));
    }
    if (nl - start > RUN_ON) for (const m of line.matchAll(RUN_ON_CUE)) cuts.add(m.index);
    // Bullets run together on one line ("Nice to Have • Able to … • Strong experience with …").
    for (const m of line.matchAll(/\s[•◦▪]\s/g)) cuts.add(m.index + 1);
    if (isFirst) {
      const end = HEADER_END.exec(line);
      if (end && end.index > 0) cuts.add(end.index);
    }
    const points = [...cuts].filter((c) => c > 0 && c < line.length).sort((a, b) => a - b);
    let from = 0;
    for (const cut of [...points, line.length]) {
      const s = start + from, e = start + cut;
      from = cut;
      if (text.slice(s, e).trim() === '') continue;
      units.push(makeUnit(s, e, bullet || points.length > 0, isFirst && s === start));
    }
  };

  const makeUnit = (s: number, e: number, bullet: boolean, header: boolean): Unit => {
    const raw = text.slice(s, e);
    const u: Unit = { start: s, end: e, lead: null, leadEnd: -1, bullet, heading: null, title: false, titleEnd: e, stackLine: false };
    // Job-board metadata: "Technologies java spring" (or the key alone, its values on the next line) is the stack;
    // "Industry …", "Role …" and the like are no ask either.
    const meta = /^\s*(Technologies|Industry|Company size|Company type|Experience level|Job type|Compensation|Location options|Date posted|Likes)\b:?\s*$|^\s*(Technologies|Industry|Company size|Company type|Experience level|Job type|Compensation|Location options|Date posted|Likes)\b/.exec(raw);
    if (meta) {
      u.stackLine = true;
      stackValueNext = meta[1] !== undefined;
      return u;
    }
    if (stackValueNext) {
      stackValueNext = false;
      u.stackLine = true;
      return u;
    }
    const h = raw.length <= 200 ? headingOf(raw) : NOT_HEADING;
    if ((header || (raw.split('|').length >= 3 && JOB_NOUN.test(raw))) && !h.heading) {
      // The first line: a job board's title, or an HN header. Its fields that name a job are a title, and so are
      // the fields beside one ("Acme | Backend Engineer | Python/Django"), but not the first one, the company
      // ("Cloudflare | Systems Engineer, Workers AI"), nor a header that is a sentence.
      if (HEADER_END.test(text.slice(e, e + 40))) {
        u.title = true;
        titleText += raw.toLowerCase();
        return u;
      }
      const spans: [number, number][] = [];
      let from = 0;
      for (const m of [...raw.matchAll(/\s[|•·]\s|\s[–—]\s|\s-{1,2}\s|\|/g), null]) {
        const to = m ? m.index : raw.length;
        spans.push([from, to]);
        from = m ? m.index + m[0].length : raw.length;
      }
      const isJob = ([a, b]: [number, number]) => JOB_NOUN.test(raw.slice(a, b)) && !PROSE.test(raw.slice(a, b)) && countWords(raw.slice(a, b)) <= 12;
      const job = spans.some(isJob);
      if (job) {
        // The first field is the company unless it names the job itself ("* Backend Engineer (Python) - $135k").
        u.fields = spans.slice(spans.length > 1 && !isJob(spans[0]!) ? 1 : 0).map(([a, b]) => [s + a, s + b]);
        titleText += raw.toLowerCase();
        return u;
      }
      // A first line that is prose ("I have a new role open on my team: Staff Engineer – GenAI.") is read like any other.
    }
    if (h.heading) {
      u.heading = h;
      return u;
    }
    // A title line or a list item that starts with a title: "- Front-end developer (HTML/CSS)", "* Backend
    // Engineer (Python, Postgres) - $135k — https://…". The rest of the line describes that opening.
    // Only a line that names a job can be a title (most lines do not: skip the two patterns below for them).
    const jobLine = JOB_NOUN.test(raw);
    const lead = jobLine ? /^[\s>*•·\-–—=#+]*(?:\d{1,2}[.)]\s+)?([^:([—–\n]{2,70}?)(\s*[(:[—–]|\s-{1,2}\s|$)/.exec(raw) : null;
    const bare = jobLine && raw.length <= 90 ? raw.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ') : '';
    const wholeLine = bare !== '' && JOB_NOUN.test(bare) && countWords(bare) <= 8 && !PROSE.test(bare) && !/[.!?]\s/.test(raw);
    if (wholeLine || (lead && JOB_NOUN.test(lead[1]!) && countWords(lead[1]!) <= 8 && !PROSE.test(lead[1]!))) {
      u.title = true;
      // Brackets right after the title belong to it ("Engineer (Python, Postgres)", "Engineer [Tech Stack: AWS]");
      // what follows a dash or a colon describes the opening.
      let end = wholeLine ? e : s + lead!.index + lead![0].length - lead![2]!.length;
      const open = lead?.[2]!.trim();
      if (!wholeLine && (open === '(' || open === '[')) {
        const close = text.indexOf(open === '(' ? ')' : ']', end);
        // "(Python, Postgres)" belongs to the title; "(we're a RoR shop but open to all)" is a remark about the company.
        if (close >= 0 && close < e && !PROSE.test(text.slice(end, close))) end = close + 1;
      }
      u.titleEnd = end;
      titleText += text.slice(s, end).toLowerCase();
      return u;
    }
    // A lead-in before a colon governs the rest of the unit ("Nice to have: Rust", "Stack: Go, Postgres").
    let colon = -1;
    for (let k = s, lim = Math.min(e, s + 120); k < lim; k++) if (text.charCodeAt(k) === 58 && (k + 1 >= e || isSpace(text.charCodeAt(k + 1)))) { colon = k; break; }
    if (colon > s) {
      const head = headingText(text.slice(s, colon));
      if (head && countWords(head) <= 14) {
        const cls = headingClass(head) ?? classAt(cuesOf(head), head.length, head.length, true);
        if (cls) { u.lead = cls; u.leadEnd = colon; }
        // "Open positions: Senior Engineer (Full Stack: Meteor, React)": a list of titles.
        if (/\b(?:positions?|roles?|openings?|hiring|jobs)\b/i.test(head) && JOB_NOUN.test(text.slice(colon, e))) {
          const stop = /[.!?]\s/.exec(text.slice(colon + 1, e));
          u.title = true;
          u.lead = null;
          u.titleEnd = stop ? colon + 1 + stop.index : e;
        }
        // "Position: C# / SQL Server / JavaScript Developer", "Role: …": the title follows, up to its sentence end.
        else if (/^(?:position(?:\s+description)?|role|job\s+title|title|job)$/i.test(head)) {
          const stop = /[.!?]\s/.exec(text.slice(colon + 1, e));
          u.title = true;
          u.lead = null;
          u.titleEnd = stop ? colon + 1 + stop.index : e;
        }
      }
    }
    return u;
  };

  /** The unit holding `offset`, scanning forward; updates the section from headings passed on the way. */
  const unitAt = (offset: number): { unit: Unit; section: Section } | null => {
    if (ui < units.length && offset < units[ui]!.start) {
      // Asked backwards: rescan from the start (rare; offsets normally come in order).
      let k = ui;
      while (k > 0 && offset < units[k]!.start) k--;
      if (offset >= units[k]!.start && offset < units[k]!.end + 1) return { unit: units[k]!, section: sections[k] ?? { main: null, sub: null } };
      reset();
    }
    for (;;) {
      while (ui < units.length) {
        const u = units[ui]!;
        sections[ui] = section;
        if (offset < u.end || (offset === u.end && u.end === text.length)) {
          if (offset >= u.start) return { unit: u, section: u.heading ? { main: null, sub: null } : section };
        }
        const h = u.heading;
        if (h) section = h.sub ? { main: section.main, sub: h.cls } : { main: h.cls, sub: null };
        else if (u.title && !u.fields) section = { main: section.main, sub: section.sub, job: true };
        else if (!u.bullet && u.end - u.start > 160) section = { main: section.main, sub: section.sub };
        ui++;
      }
      if (next > text.length) return null;
      const before = units.length;
      const wasBlank = blank;
      blank = false;
      scanLine();
      // A long prose paragraph after a blank line ends the section above it.
      if (units.length > before) {
        const u = units[before]!;
        if (wasBlank && !u.bullet && !u.heading && u.end - u.start > 160) section = { main: null, sub: null };
      }
    }
  };

  return (offset: number, length: number): Strength => {
    const found = unitAt(offset);
    if (!found) return 'mentioned';
    const { unit: u, section: sec } = found;
    // A job board's Technologies tag line: the stack, unless the title names it.
    if (u.stackLine) return titleNames(titleText, text.slice(offset, offset + length)) ? 'required' : 'mentioned';
    // Optional first: a cue in the clause, a lead-in ("Nice to have: …") or the heading above make it preferred,
    // even in a title ("(AWS, Chef or Python is a plus)") or against a requirement phrase ("Nice to have: -
    // Experience with Flask").
    const cls = clauseClass(text, u, offset, length);
    const lead = u.lead && u.leadEnd >= 0 && offset > u.leadEnd && !/[.!?]\s/.test(text.slice(u.leadEnd, offset)) ? u.lead : null;
    if (cls === 'preferred' || lead === 'preferred' || sec.main === 'preferred' || sec.sub === 'preferred') return 'preferred';
    // "Stack: Go, Rust and/or SolidJS (production experience required)": a trailing requirement covers the list.
    if (requiredAfter(text, u, offset, length)) return 'required';
    // A technology that names the job ("Go Engineer", "a senior machine learning engineer").
    if (ROLE_NOUN_AFTER.test(text.slice(offset + length, offset + length + 40))) return 'required';
    // A technology in a job title; in the description after the title, what the clause says, else required.
    if (u.title) {
      if (offset < u.titleEnd) return 'required';
      if (cls) return cls;
      // The description right after the title ("- $150k - React, Go") lists the job's stack; later sentences are prose.
      // The description right after the title ("- $150k - React, Go", "— Ruby/Rails, owns features end to end")
      // lists the job's stack; prose further on describes the work.
      const between = text.slice(u.titleEnd, offset);
      const [ss, se] = sentenceBounds(text, u, offset, length);
      const own = text.slice(ss, se);
      const list = (!/[.!?]\s/.test(between) && countWords(between) <= 12 && !PROSE.test(between)) || (countWords(own) <= 15 && !PROSE.test(own) && !/\b(?:is|are|has|have)\b/i.test(own));
      return list ? 'required' : 'mentioned';
    }
    if (u.fields && u.fields.some(([a, b]) => offset >= a && offset < b)) return 'required';
    // A bare list item under a title line is that job's stack.
    if (sec.job && u.bullet && !cls && !lead) return 'required';
    if (lead) return lead;
    if (cls) return cls;
    if (sec.sub) return sec.sub;
    if (sec.main) return sec.main;
    // A role noun right after the mention ("Go Engineer", "NodeJS Developer").
    if (ROLE_NOUN_AFTER.test(text.slice(offset + length, offset + length + 40))) return 'required';
    return 'mentioned';
  };
}

/** A parenthesis after the mention, in its sentence, that states a requirement ("(production experience required)"). */
function requiredAfter(text: string, u: Unit, offset: number, length: number): boolean {
  const [, e] = sentenceBounds(text, u, offset, length);
  const paren = text.indexOf('(', offset + length);
  if (paren < 0 || paren >= e) return false;
  const rest = text.slice(offset + length, e);
  for (const m of rest.matchAll(/\(([^()]{0,120})\)/g)) {
    const bits = cuesOf(m[1]!).reduce((b, c) => b | c.bit, 0);
    if (bits & P_REQUIRED && !(bits & (P_LEADING | P_TRAILING | P_NEGATED)) && /\b(?:required|must|mandatory)\b/i.test(m[1]!)) return true;
  }
  return false;
}

/** Whether a title names a technology written as `name` ("node.js" in "Engineer (JavaScript / React / Node JS)"). */
function titleNames(title: string, name: string): boolean {
  const key = (x: string) => x.toLowerCase().replace(/[^a-z0-9+#]/g, '');
  const t = key(title);
  const n = key(name);
  return n !== '' && (t.includes(n) || (n.length > 4 && n.endsWith('js') && t.includes(n.slice(0, -2))));
}

/** Where a clause ends inside a sentence: "…, though we're flexible …", "…; meaning …". */
const CLAUSE_BREAK = /,\s+(?:though|but|although|whereas|while)\b|;\s|,?\s+and\s+(?=(?:we|our|you|they|it)\b)/gi;

/**
 * The class of the clause around a mention: its sentence (or the whole unit when it is a list item), narrowed to
 * the clause, with parentheses read as part of the clause around them.
 */
function clauseClass(text: string, u: Unit, offset: number, length: number): Cls {
  let [s, e] = sentenceBounds(text, u, offset, length);
  const whole = text.slice(s, e);
  if (whole.includes(',') || whole.includes(';') || whole.includes(' and ')) for (const m of whole.matchAll(CLAUSE_BREAK)) {
    const at = s + m.index;
    if (at + m[0].length <= offset) s = at + 1;
    else if (at >= offset + length) { e = at; break; }
  }
  const sentence = text.slice(s, e);
  const at = offset - s, atEnd = at + length;
  // Parentheses around the mention: an optional cue inside them applies to it; otherwise the clause outside decides.
  const open = sentence.lastIndexOf('(', at);
  const close = open >= 0 ? sentence.indexOf(')', open) : -1;
  if (open >= 0 && (close < 0 || close >= atEnd)) {
    const inner = sentence.slice(open + 1, close < 0 ? sentence.length : close);
    const innerCls = classAt(cuesOf(inner), at - open - 1, atEnd - open - 1);
    if (innerCls === 'preferred') return innerCls;
    const outer = sentence.slice(0, open) + ' '.repeat(inner.length + 2) + sentence.slice(close < 0 ? sentence.length : close + 1);
    const outerCls = classAt(cuesOf(outer), open, open);
    if (outerCls === 'preferred') return outerCls;
    if (inHiredJob(outer, open)) return 'required';
    return outerCls ?? innerCls;
  }
  // The mention outside parentheses: their content belongs to what they follow ("React JS (React Native is a big plus)").
  const blanked = sentence.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));
  // "No Go experience needed, you'll learn it here": the experience is denied; what remains is the stack.
  if (/\bno\b[^.;]{0,40}\b(?:experience|knowledge)\b[^.;]{0,20}\b(?:needed|required|necessary)\b/i.test(blanked)) return 'mentioned';
  const cls = classAt(cuesOf(blanked), at, atEnd);
  if (cls === 'preferred') return cls;
  // "We use Django, Pytorch and Flutter. Experience in these technologies helps": the next sentence marks the
  // list optional (STRENGTH-GUIDELINES rule 7).
  if (cls !== 'required') {
    const rest = text.slice(e, Math.min(u.end, e + 200));
    const stop = /[.!?](?:\s|$)/.exec(rest);
    const next = stop ? rest.slice(0, stop.index) : rest;
    if (/\b(?:these|those|them|this stack|any of (?:these|them))\b/i.test(next) && classAt(cuesOf(next), 0, 0, true) === 'preferred') return 'preferred';
  }
  if (inHiredJob(blanked, at)) return 'required';
  return cls;
}

/**
 * "We're looking for a Python developer", "hiring engineers for web (JS, Node, React)": a mention inside the job
 * phrase after a hiring cue is asked for; "looking for a Security Engineer to harden our infrastructure" describes
 * the work instead.
 */
function inHiredJob(clause: string, at: number): boolean {
  const cue = HIRING_CUE.exec(clause);
  if (!cue || cue.index > at) return false;
  const rest = clause.slice(cue.index);
  const noun = HIRED_NOUN.exec(rest);
  if (!noun) return false;
  const nounAt = cue.index + noun.index;
  if (at < nounAt) return true;
  const between = clause.slice(nounAt + noun[0].length, at);
  return between.length <= 80 && !/\b(?:who|that|which|will|interested|passionate|excited|our|work on|working on)\b/i.test(between) && (between.length <= 40 || !/\bto\b/i.test(between));
}

/** "- item", "* item", "• item", "1. item", "2) item" at position i (the first non-space of a line). */
function isBulletAt(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 45 || c === 42 || c === 0x2022 || c === 0xb7 || c === 0x2013 || c === 0x2014 || c === 62 || c === 0x25e6 || c === 43) return i + 1 < end && isSpace(text.charCodeAt(i + 1));
  let j = i;
  while (j < end && j - i < 2 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j === i || j >= end) return false;
  const d = text.charCodeAt(j);
  return (d === 46 || d === 41) && j + 1 < end && isSpace(text.charCodeAt(j + 1));
}

/** The sentence (or whole list item) containing [offset, offset+length), within its unit, at most MAX_SENTENCE chars. */
// The mentions of a list share their sentence: the last bounds found between real sentence ends are reused when the
// next mention lies inside them and its own window would reach them (then the scan below would find the same ends).
let lastText = '';
let lastS = -1, lastE = -1, lastLo = -1, lastHi = -1;
let scannedParen = false; // the last scan met a parenthesis: depth then depends on where the scan started, no reuse

function sentenceBounds(text: string, u: Unit, offset: number, length: number): [number, number] {
  const lo = Math.max(u.start, offset - MAX_SENTENCE / 2);
  const hi = Math.min(u.end, offset + length + MAX_SENTENCE / 2);
  if (text === lastText && !scannedParen && offset >= lastS && offset + length <= lastE && lastS > lastLo && lastE < lastHi && lastS >= lo && lastE <= hi) {
    return [lastS, lastE];
  }
  const found = scanSentence(text, lo, hi, offset, length);
  lastText = text; lastS = found[0]; lastE = found[1]; lastLo = lo; lastHi = hi;
  return found;
}

function scanSentence(text: string, lo: number, hi: number, offset: number, length: number): [number, number] {
  let s = offset;
  let depth = 0;
  scannedParen = false;
  while (s > lo) {
    const c = text.charCodeAt(s - 1);
    if (c === 41) { depth++; scannedParen = true; }
    else if (c === 40) { depth = Math.max(0, depth - 1); scannedParen = true; }
    else if (depth === 0 && (c === 46 || c === 33 || c === 63 || c === 59) && isSpace(text.charCodeAt(s)) && !abbreviationAt(text, s - 1)) break;
    s--;
  }
  let e = offset + length;
  depth = 0;
  while (e < hi) {
    const c = text.charCodeAt(e);
    if (c === 40) { depth++; scannedParen = true; }
    else if (c === 41) { depth = Math.max(0, depth - 1); scannedParen = true; }
    else if (depth === 0 && (c === 33 || c === 63 || c === 59 || c === 46) && (e + 1 >= text.length || isSpace(text.charCodeAt(e + 1))) && !abbreviationAt(text, e)) { e++; break; }
    e++;
  }
  return [s, e];
}

/** Words whose period ends no sentence: "e.g. React", "5+ yrs. exp. is a plus", "etc. are welcome". */
const ABBREVIATIONS = new Set(['e', 'g', 'i', 'eg', 'ie', 'exp', 'etc', 'vs', 'incl', 'approx', 'min', 'max', 'yrs', 'yr', 'sr', 'jr', 'inc', 'ltd', 'co', 'dr', 'mr', 'ms', 'no', 'st', 'esp', 'dept', 'mgmt', 'req']);

/** Whether the period at `dot` closes an abbreviation (a known one or a single letter) rather than a sentence. */
function abbreviationAt(text: string, dot: number): boolean {
  if (text.charCodeAt(dot) !== 46) return false;
  let k = dot;
  while (k > 0 && k > dot - 8 && isAsciiLetter(text.charCodeAt(k - 1))) k--;
  return k < dot && ABBREVIATIONS.has(text.slice(k, dot).toLowerCase());
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
}
