// What an ad says about the company rather than the job's work yields no technology tags (issue 15, GUIDELINES
// rule 8): the employer's name in an HN header line ("GitLab | Backend Engineer | Remote"), job-board metadata
// values ("Industry: Data Science", "Company type: VC Funded"), the companies a sentence lists as investors,
// customers, partners or former employers ("backed … companies like Twitter, Heroku"), the fields a company serves
// ("education in fields such as machine learning, robotics"), analogies ("the Stripe for logistics", "'Amazon Web
// Services' for genomics"), events ("a talk at AWS re:Invent", "Kafka Summit") and product names used as company
// names ("Sentry Data Systems", "Docker, Inc."). The product the team builds still counts wherever the ad names it
// as work.
//
// Everything here reads the tagger's tokens: one pass over them with a hash lookup per word finds the rare trigger
// words, and the checks around a candidate look at a few neighbouring tokens. No regular expression runs over the
// text (the first version did, and cost as much as the tagging itself).
import { GAP_LINE, GAP_NONE, PUNCT, WORD, tokenHash, tokenize, type Tokens } from './tokenize.js';

export type Span = readonly [start: number, end: number];

const h = (w: string) => tokenHash(w, 0, w.length);
const hashes = (words: readonly string[]) => new Map(words.map((w) => [h(w), w]));

/** The word at token k, lower-case, when it is one of the words of `set` (hash first, text to confirm). */
function wordIn(t: Tokens, k: number, set: ReadonlyMap<number, string>): string | null {
  if (k < 0 || k >= t.n || t.kind[k] !== WORD) return null;
  const w = set.get(t.hash[k]!);
  return w !== undefined && t.end[k]! - t.start[k]! === w.length && t.lower.startsWith(w, t.start[k]!) ? w : null;
}
/** Token k is the word w (lower-case). */
function is(t: Tokens, k: number, w: string): boolean {
  return k >= 0 && k < t.n && t.end[k]! - t.start[k]! === w.length && t.lower.startsWith(w, t.start[k]!);
}
/** Token k+1 follows token k on the same line. */
const sameLine = (t: Tokens, k: number) => k + 1 < t.n && t.gap[k + 1]! < GAP_LINE;

// ----------------------------------------------------------------- sentence cues

const FUNDED = hashes(['backed', 'funded', 'financed']);
const BEFORE_FUNDED = hashes(['are', 'is', 'were', 'was', 'been', 'being', 're', 'and', 'well', 'financially', 'generously', 'proudly', 'also', 'vc', 'venture']);
const RELATIONS = hashes(['customers', 'clients', 'partners', 'users', 'investors']);
const ORGS = hashes(['companies', 'brands', 'organizations', 'organisations', 'enterprises', 'businesses', 'firms', 'startups',
  'retailers', 'banks', 'publishers']);
const FIELDS = hashes(['fields', 'industries', 'sectors', 'verticals', 'markets']);
const SERVE = hashes(['serve', 'serves', 'serving']);
const LISTING = hashes(['include', 'includes', 'including', 'like']);
const USED = hashes(['trusted', 'used']);
const CAME = hashes(['come', 'comes', 'came', 'hail', 'hails']);
const SUBJECTS = hashes(['we', 'team', 'founders', 'engineers', 'people', 'folks', 'members', 'leadership', 'alumni', 'i']);
const PEOPLE = hashes(['alumni', 'veterans', 'formerly', 'previously', 'founded', 'founder', 'founders', 'backgrounds']);
const TRIGGERS = new Map<number, string>([...FUNDED, ...RELATIONS, ...ORGS, ...FIELDS, ...SERVE, ...USED, ...CAME, ...PEOPLE]);

/** After token k: "such as", or one word of `set`; returns the index of the last cue token, or -1. */
function listingAfter(t: Tokens, k: number): number {
  if (!sameLine(t, k)) return -1;
  if (is(t, k + 1, 'such') && sameLine(t, k + 1) && is(t, k + 2, 'as')) return k + 2;
  return wordIn(t, k + 1, LISTING) ? k + 1 : -1;
}

/**
 * The cue that starts at trigger token k, if any: the index of its last token and whether its span ends at the
 * next comma (where people worked: "founded by two MIT alums, is hiring") or at the end of the sentence.
 */
function cueAt(t: Tokens, k: number, word: string): { last: number; atComma: boolean; toLineEnd?: boolean } | null {
  if (FUNDED.has(h(word))) {
    // "We're backed by …", "VC-backed by"; not "a REST API backed by PostgreSQL".
    if (!is(t, k + 1, 'by')) return null;
    const prev = k - 1;
    if (prev < 0 || t.gap[k]! >= GAP_LINE || wordIn(t, prev, BEFORE_FUNDED) || (t.kind[prev] === PUNCT && t.text[t.start[prev]!] === '-')) return { last: k + 1, atComma: false };
    return null;
  }
  if ((RELATIONS.has(h(word)) || ORGS.has(h(word))) && k + 1 < t.n && t.gap[k + 1]! < GAP_LINE && t.kind[k + 1] === PUNCT && (t.text[t.start[k + 1]!] === ':' || t.text[t.start[k + 1]!] === '(')) {
    return { last: k + 1, atComma: false, toLineEnd: true };
  }
  if (RELATIONS.has(h(word))) {
    const l = listingAfter(t, k);
    if (l >= 0) return { last: l, atComma: false };
    if (word === 'investors' && is(t, k + 1, 'are')) return { last: k + 1, atComma: false };
    if ((is(t, k + 1, 'range') || is(t, k + 1, 'ranging')) && is(t, k + 2, 'from')) return { last: k + 2, atComma: false };
    return null;
  }
  if (ORGS.has(h(word)) || FIELDS.has(h(word))) {
    const l = listingAfter(t, k);
    return l >= 0 && !is(t, l, 'include') && !is(t, l, 'includes') ? { last: l, atComma: false } : null;
  }
  if (SERVE.has(h(word))) return wordIn(t, k + 1, FIELDS) ? { last: k + 1, atComma: false } : null;
  if (USED.has(h(word))) {
    if (!is(t, k + 1, 'by')) return null;
    if (word === 'trusted') return { last: k + 1, atComma: false };
    return wordIn(t, k + 2, ORGS) || is(t, k + 2, 'teams') || is(t, k + 2, 'customers') ? { last: k + 2, atComma: false } : null;
  }
  if (CAME.has(h(word))) {
    if (!is(t, k + 1, 'from')) return null;
    let s = k - 1;
    if (is(t, s, 'all') || is(t, s, 'have') || is(t, s, 'previously')) s--;
    return wordIn(t, s, SUBJECTS) ? { last: k + 1, atComma: true } : null;
  }
  // alumni / veterans of, formerly / previously at, founded by, founders from / of / ex-
  // "a team with strong backgrounds in finance, data science, machine learning": where people come from.
  if (word === 'backgrounds') return is(t, k + 1, 'in') ? { last: k + 1, atComma: false } : null;
  if (word === 'alumni' || word === 'veterans') return is(t, k + 1, 'of') || is(t, k + 1, 'from') ? { last: k + 1, atComma: true } : null;
  if (word === 'formerly' || word === 'previously') return is(t, k + 1, 'at') || is(t, k + 1, 'of') ? { last: k + 1, atComma: true } : null;
  if (word === 'founded') return is(t, k + 1, 'by') ? { last: k + 1, atComma: true } : null;
  if (word === 'founder' || word === 'founders') {
    let s = k + 1;
    if (is(t, s, 'are') || is(t, s, 'were') || is(t, s, 'is') || is(t, s, 'was')) s++;
    return is(t, s, 'from') || is(t, s, 'of') || is(t, s, 'ex') ? { last: s, atComma: true } : null;
  }
  return null;
}

// ----------------------------------------------------------------- job-board metadata

const META_FIRST = hashes(['industry', 'industries', 'sector', 'company', 'funding']);
const META_SECOND = hashes(['type', 'size', 'stage', 'sector']);
const NEXT_KEY = hashes(['company', 'technologies', 'job', 'role', 'experience', 'location', 'date', 'likes', 'industry', 'industries']);

/** A metadata key at line-start token k ("Industry:", "Company type:"): the index of its ":" or -1. */
function metadataKey(t: Tokens, k: number): number {
  const first = wordIn(t, k, META_FIRST);
  if (!first) return -1;
  let c = k + 1;
  if (first === 'company' || first === 'funding') {
    if (!wordIn(t, c, META_SECOND) || t.gap[c]! >= GAP_LINE) return -1;
    c++;
  } else if (wordIn(t, c, META_SECOND) && t.gap[c]! < GAP_LINE) c++;
  return c < t.n && t.gap[c]! < GAP_LINE && t.kind[c] === PUNCT && t.text[t.start[c]!] === ':' ? c : -1;
}

function metadataSpans(t: Tokens, colon: number, spans: Span[]): void {
  const { n, gap, start, end } = t;
  if (colon + 1 < n && gap[colon + 1]! < GAP_LINE) {
    let e = colon + 1;
    while (e + 1 < n && gap[e + 1]! < GAP_LINE) e++;
    spans.push([start[colon + 1]!, end[e]!]);
    return;
  }
  // The value on the lines below: at most three, until a blank line or the next key.
  let k = colon + 1;
  for (let line = 0; line < 3 && k < n && gap[k]! < 3; line++) {
    if (wordIn(t, k, NEXT_KEY) || metadataKey(t, k) >= 0) return;
    let e = k;
    while (e + 1 < n && gap[e + 1]! < GAP_LINE) e++;
    spans.push([start[k]!, end[e]!]);
    k = e + 1;
  }
}

// ----------------------------------------------------------------- the header line

const ROLE_WORDS = hashes(['engineer', 'engineers', 'developer', 'developers', 'programmer', 'programmers', 'scientist', 'scientists',
  'architect', 'architects', 'designer', 'designers', 'manager', 'managers', 'lead', 'leads', 'intern', 'interns', 'analyst', 'analysts',
  'administrator', 'administrators', 'admin', 'admins', 'devops', 'sre', 'cto', 'vp', 'head', 'director', 'founding', 'role', 'roles',
  'position', 'positions', 'hiring']);

/**
 * The first field of a header line, "Company | Role | Location" or "Company - City - Role": the employer, not a
 * technology. The ad's first line may use "|" or a spaced dash; a later line only "|" and only when a later field
 * names an opening ("Hotjar | Product Manager (Europe) | Remote" in a list of openings).
 */
function headerCompany(t: Tokens, first: number, spans: Span[]): void {
  const firstLine = first === 0;
  let words = 0;
  for (let k = first; k < t.n && (k === first || t.gap[k]! < GAP_LINE); k++) {
    if (t.kind[k] === PUNCT) {
      const ch = t.text[t.start[k]!]!;
      const bar = ch === '|';
      const dash = firstLine && (ch === '-' || ch === '–' || ch === '—') && t.gap[k]! === 1 && k + 1 < t.n && t.gap[k + 1]! === 1;
      if (bar || dash) {
        if (k > first && (firstLine || roleLater(t, k))) spans.push([t.start[first]!, t.start[k]!]);
        return;
      }
      continue;
    }
    if (t.kind[k] === WORD && (++words > 8 || wordIn(t, k, ROLE_WORDS))) return; // a long field, or an opening first
  }
}

/** A word naming an opening after token k, on its line. */
function roleLater(t: Tokens, k: number): boolean {
  for (let j = k + 1; j < t.n && t.gap[j]! < GAP_LINE; j++) if (wordIn(t, j, ROLE_WORDS) || wordIn(t, j, ROLE_EXTRA)) return true;
  return false;
}
const ROLE_EXTRA = hashes(['product', 'designer', 'hero', 'specialist', 'consultant', 'recruiter', 'marketer', 'writer', 'support']);

// ----------------------------------------------------------------- the spans

const MAX_SENTENCE = 2000;

/** The end of the sentence that contains position i: ". ", "! ", "? ", ";", a line break, or a comma if asked. */
function sentenceEnd(text: string, i: number, atComma: boolean): number {
  const stop = Math.min(text.length, i + MAX_SENTENCE);
  for (let k = i; k < stop; k++) {
    const ch = text[k];
    if (ch === '\n' || ch === ';' || (atComma && ch === ',')) return k;
    if ((ch === '.' || ch === '!' || ch === '?') && (k + 1 === text.length || text[k + 1] === ' ' || text[k + 1] === '\t' || text[k + 1] === '\n')) return k;
  }
  return stop;
}

/** The spans of the tokenized text that describe the company (sorted by start; they may overlap). */
export function selfDescriptionSpansOf(t: Tokens): Span[] {
  const spans: Span[] = [];
  const { n, kind, hash, gap } = t;
  if (n > 0) headerCompany(t, 0, spans);
  let bars = 0; // "|" seen: lines of openings are looked for only in ads that have them
  for (let k = 0; k < n; k++) {
    if (kind[k] === PUNCT) {
      if (t.text[t.start[k]!] === '|' && ++bars === 2) {
        for (let j = 1; j < n; j++) if (gap[j]! >= GAP_LINE) headerCompany(t, j, spans);
      }
      // "(think Unity, Parse etc)": examples by analogy, not the stack.
      if (t.text[t.start[k]!] === '(' && is(t, k + 1, 'think') && k + 2 < n && t.kind[k + 2] === WORD && /[A-Z]/.test(t.text[t.start[k + 2]!]!)) {
        const close = t.text.indexOf(')', t.end[k + 1]!);
        const nl = t.text.indexOf('\n', t.end[k + 1]!);
        const end = close < 0 ? (nl < 0 ? t.text.length : nl) : nl >= 0 && nl < close ? nl : close;
        spans.push([t.end[k + 1]!, end]);
      }
      continue;
    }
    if ((k === 0 || gap[k]! >= GAP_LINE) && META_FIRST.has(hash[k]!)) {
      const colon = metadataKey(t, k);
      if (colon >= 0) { metadataSpans(t, colon, spans); continue; }
    }
    // "Think GitHub Pages, but powered by …": an analogy that starts a sentence.
    if (is(t, k, 'think') && (k === 0 || gap[k]! >= GAP_LINE || (kind[k - 1] === PUNCT && '.!?'.includes(t.text[t.start[k - 1]!]!))) &&
      k + 1 < n && kind[k + 1] === WORD && /[A-Z]/.test(t.text[t.start[k + 1]!]!)) {
      const from = t.end[k]!;
      spans.push([from, sentenceEnd(t.text, from, true)]);
      continue;
    }
    // "matt at logrocket dot com": an address written out, not a technology.
    if (is(t, k, 'at') && k + 3 < n && kind[k + 1] === WORD && is(t, k + 2, 'dot') && wordIn(t, k + 3, TLDS)) {
      spans.push([t.start[k + 1]!, t.end[k + 3]!]);
      continue;
    }
    if (!TRIGGERS.has(hash[k]!)) continue;
    const word = wordIn(t, k, TRIGGERS);
    if (!word) continue;
    const cue = cueAt(t, k, word);
    if (!cue) continue;
    const from = t.end[cue.last]!;
    if (cue.toLineEnd) {
      const nl = t.text.indexOf('\n', from);
      spans.push([from, nl < 0 ? t.text.length : nl]);
    } else spans.push([from, sentenceEnd(t.text, from, cue.atComma)]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** The same for plain text (tests, tools). */
export function selfDescriptionSpans(text: string): Span[] {
  return selfDescriptionSpansOf(tokenize(text));
}

/** Whether offset lies inside one of the sorted spans. */
export function insideSpan(spans: readonly Span[], offset: number): boolean {
  for (const [s, e] of spans) {
    if (s > offset) return false;
    if (offset < e) return true;
  }
  return false;
}

// ----------------------------------------------------------------- around one candidate

const COMPANY_SUFFIX = new Set(['Inc', 'LLC', 'Ltd', 'GmbH', 'Corp', 'Corporation', 'Holdings', 'plc']);
const EVENT_SUFFIX = new Set(['Summit', 'Conference', 'Conf', 'Meetup', 'Meetups', 'DevDay', 'DevDays', 'Expo', 'Universe']);
const ANALOGY_BEFORE = hashes(['is', 'are', 'as', 'like', 'be', 'become', 'becoming', 'building', 're', 'being']);
const QUOTES = new Set(['"', "'", '“', '”', '‘', '’']);
const COMMA = new Set([',']);
const TLDS = hashes(['com', 'io', 'net', 'org', 'co', 'ai', 'dev', 'app', 'de', 'uk', 'me']);
const COMPANY_NOUNS = hashes(['startup', 'start', 'company', 'companies', 'business', 'firm', 'agency', 'studio', 'team', 'nonprofit', 'non', 'organization', 'organisation', 'employer']);

const tokText = (t: Tokens, k: number) => t.text.slice(t.start[k]!, t.end[k]!);
const punctIs = (t: Tokens, k: number, chars: ReadonlySet<string>) => k >= 0 && k < t.n && t.kind[k] === PUNCT && chars.has(t.text[t.start[k]!]!);

/**
 * Whether the name in tokens [s, e) is a company or an event, not a technology: "Sentry Data Systems",
 * "Docker, Inc.", "AWS re:Invent", "Kafka Summit", "the Stripe for logistics", "the 'Amazon Web Services' for X".
 */
export function namesCompanyOrEvent(t: Tokens, s: number, e: number): boolean {
  const { n, gap } = t;
  // After the name: a company suffix or an event word, on the same line.
  let a = e;
  if (a < n && gap[a]! === GAP_NONE && punctIs(t, a, COMMA)) a++;
  if (a < n && gap[a]! < GAP_LINE && t.kind[a] === WORD) {
    const w = tokText(t, a);
    if (COMPANY_SUFFIX.has(w) || EVENT_SUFFIX.has(w)) return true;
    if (w === 'Data' && a + 1 < n && tokText(t, a + 1) === 'Systems') return true;
    if (w === 'World' && a + 1 < n && tokText(t, a + 1) === 'Tour') return true;
    if (w === 're' && a + 2 < n && gap[a + 1]! === GAP_NONE && tokText(t, a + 1) === ':' && /^(?:Invent|Inforce)$/.test(tokText(t, a + 2))) return true;
  }
  // The employer described as a company: "Hotjar is a young startup", "Acme is a fast-growing company".
  if (a < n && (is(t, a, 'is') || is(t, a, 'are')) && (is(t, a + 1, 'a') || is(t, a + 1, 'an'))) {
    for (let j = a + 2; j < n && j < a + 6 && gap[j]! < GAP_LINE; j++) if (wordIn(t, j, COMPANY_NOUNS)) return true;
  }
  // The employer hiring: "Snowplow Analytics is looking for", "Acme are hiring".
  if (a < n && (is(t, a, 'is') || is(t, a, 'are')) && (is(t, a + 1, 'looking') || is(t, a + 1, 'hiring') || is(t, a + 1, 'seeking'))) return true;
  // A quoted tagline: "Twilio (Voice IVR & SMS) for Everyone".
  if (punctIs(t, s - 1, QUOTES) && gap[s]! === GAP_NONE) {
    for (let j = e; j < n && j < e + 12 && gap[j]! < GAP_LINE; j++) {
      if (punctIs(t, j, QUOTES)) break;
      if (is(t, j, 'for') && j + 1 < n && t.kind[j + 1] === WORD && !punctIs(t, j + 1, QUOTES)) return true;
    }
  }
  // An analogy: [is|are|as|like …] the Stripe for|of <word>, or the "Amazon Web Services" for|of.
  const quotedBefore = punctIs(t, s - 1, QUOTES) && gap[s]! === GAP_NONE;
  const b = quotedBefore ? s - 2 : s - 1;
  if (!(is(t, b, 'the') || (quotedBefore && (is(t, b, 'a') || is(t, b, 'an'))))) return false;
  let f = e;
  const quotedAfter = punctIs(t, f, QUOTES) && gap[f]! === GAP_NONE;
  if (quotedAfter) f++;
  if (!(is(t, f, 'for') || is(t, f, 'of'))) return false;
  if (quotedBefore && quotedAfter) return true;
  const next = f + 1;
  return wordIn(t, b - 1, ANALOGY_BEFORE) !== null && next < n && t.kind[next] === WORD && t.text[t.start[next]!] === t.lower[t.start[next]!];
}
