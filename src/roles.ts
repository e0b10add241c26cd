// Which kinds of engineering job an ad is for: backend, frontend, full-stack, mobile, data, devops — or other.
// Pure and rule-based, so every decision can be explained; an ad can have several roles (HN ads often list a few).
//
// How it reads an ad:
//  - a title (ATS and board ads have one): every role word in it counts, provided the title is an engineering
//    title at all ("Senior Backend Engineer", "Software Engineer, Platform", "Backend-Entwickler (m/w/d)");
//    a non-engineering title ("Account Executive", "AI Video Editor") is "other" whatever the text says;
//  - the text, for ads without a title (HN) or with a generic one ("Software Engineer"): a role word counts only
//    next to a job noun ("backend engineers", "Engineer, Backend", "Senior Backend and Frontend Engineers",
//    "backend/infra developer"), because "our backend is written in Go" says nothing about who is hired;
//  - the first line of an HN ad ("Acme | Backend Engineer, SRE | Remote") is read like a title.
// A language before a job noun ("Senior Java Engineer", "Python Developer") means backend unless the same phrase
// names a role itself ("Fullstack Python Developer" is full-stack).

export const ROLES = ['backend', 'frontend', 'full-stack', 'mobile', 'data', 'devops', 'other'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Text beyond this is not read: the roles of an ad are named near its start. */
export const MAX_ROLE_TEXT_CHARS = 8000;

// Multi-word role names become one token first, so the scanner only ever looks at single words.
const PHRASES: [RegExp, string][] = [
  [/\bback[\s-]+end\b/gi, ' backend '],
  [/\bfront[\s-]+end\b/gi, ' frontend '],
  [/\bfull[\s-]+stack\b/gi, ' fullstack '],
  [/\bdev[\s-]+ops\b/gi, ' devops '],
  [/\bdev[\s-]*sec[\s-]*ops\b/gi, ' devops '],
  [/\bml[\s-]+ops\b/gi, ' mlops '],
  [/\bsite[\s-]+reliability\b/gi, ' sitereliability '],
  [/\bmachine[\s-]+learning\b/gi, ' machinelearning '],
  [/\bdata[\s-]+science\b/gi, ' datascience '],
  [/\bserver[\s-]+side\b/gi, ' serverside '],
  [/\bclient[\s-]+side\b/gi, ' frontend '],
  [/\breact[\s-]+native\b/gi, ' reactnative '],
  [/\bruby\s+on\s+rails\b/gi, ' rails '],
  [/\bnode\.?js\b/gi, ' node '],
  [/\b(?:asp\.net|\.net)(?![\w])/gi, ' dotnet '],
  [/\bc#/gi, ' csharp '],
  [/\bc\+\+/gi, ' cpp '],
  [/\bvue\.?js\b/gi, ' vue '],
  [/\breact\.?js\b/gi, ' react '],
  [/\bsoftwareentwickler\b/gi, ' software entwickler '],
];

/** Role words: their role, and whether the word alone is a job (so a title or header needs no job noun). */
const ROLE_WORDS: Record<string, Role> = {
  backend: 'backend',
  serverside: 'backend',
  frontend: 'frontend',
  ui: 'frontend',
  fullstack: 'full-stack',
  mobile: 'mobile',
  ios: 'mobile',
  android: 'mobile',
  reactnative: 'mobile',
  flutter: 'mobile',
  data: 'data',
  datascience: 'data',
  machinelearning: 'data',
  ml: 'data',
  mlops: 'data',
  ai: 'data',
  analytics: 'data',
  devops: 'devops',
  sre: 'devops',
  sres: 'devops',
  sitereliability: 'devops',
  platform: 'devops',
  infrastructure: 'devops',
  infra: 'devops',
  cloud: 'devops',
  reliability: 'devops',
};

/** Role words that name a job on their own in a title or header line. */
const STANDALONE = new Set(['backend', 'serverside', 'frontend', 'fullstack', 'mobile', 'ios', 'android', 'reactnative', 'flutter', 'devops', 'sre', 'sres', 'sitereliability', 'datascience', 'machinelearning', 'mlops']);
/** Team words that name a job in an engineering title. */
const TEAM_WORDS = new Set(['platform', 'infrastructure', 'infra', 'ml', 'reliability']);

/** Languages and frameworks that, before a job noun, make a backend job. */
const BACKEND_STACK = new Set([
  'java', 'python', 'go', 'golang', 'ruby', 'rails', 'django', 'node', 'php', 'laravel', 'elixir', 'erlang', 'scala',
  'rust', 'dotnet', 'csharp', 'kotlin', 'clojure', 'haskell', 'spring', 'api', 'apis', 'distributed',
]);
/** Frontend stacks before a job noun. */
const FRONTEND_STACK = new Set(['react', 'angular', 'vue', 'svelte']);

/** Words that name a job. */
const JOB_NOUNS = new Set([
  'engineer', 'engineers', 'developer', 'developers', 'dev', 'devs', 'programmer', 'programmers', 'architect', 'architects',
  'hacker', 'hackers', 'scientist', 'scientists', 'analyst', 'analysts', 'entwickler', 'entwicklerin', 'ingenieur',
  'administrator', 'sre', 'sres', 'role', 'roles', 'position', 'positions', 'opening', 'openings', 'lead',
]);
/** Job nouns that make a title an engineering title. */
const ENGINEERING_NOUNS = new Set([
  'engineer', 'engineers', 'developer', 'developers', 'dev', 'programmer', 'architect', 'hacker', 'scientist',
  'entwickler', 'entwicklerin', 'ingenieur', 'administrator', 'sre', 'devops', 'swe',
]);
/** Words allowed between role words and the job noun: "Senior Backend and Frontend Engineers". */
const CONNECTORS = new Set(['and', 'or', '&', '/', ',', '+', 'software', 'senior', 'sr', 'junior', 'jr', 'staff', 'lead', 'principal', 'mid', 'level', 'founding', 'experienced', 'engineering', 'systems', 'web', 'application', 'applications', 'product', 'ii', 'iii', 'iv']);

type Token = { word: string; boundary: boolean };

/** Words and the punctuation that matters (connectors and phrase boundaries), lower-cased. Linear. */
function tokenize(text: string): Token[] {
  let t = text.slice(0, MAX_ROLE_TEXT_CHARS);
  for (const [re, repl] of PHRASES) t = t.replace(re, repl);
  // A spaced hyphen separates ("Engineer - Backend"); one inside a word joins ("Backend-Entwickler").
  t = t.replace(/[ \t]-+[ \t]/g, ' \u2013 ');
  const out: Token[] = [];
  for (const m of t.toLowerCase().matchAll(/[\p{L}\p{N}]+|[&/,+]|[.;:!?|()\n\u2013\u2014]/gu)) {
    const w = m[0];
    out.push({ word: w, boundary: /^[.;:!?|()\n\u2013\u2014]$/u.test(w) });
  }
  return out;
}

/** Roles named by one phrase: explicit role words win over stack words. */
function phraseRoles(words: string[]): Role[] {
  const explicit = new Set<Role>();
  let backendStack = false;
  let frontendStack = false;
  words.forEach((w, i) => {
    const role = ROLE_WORDS[w];
    // "data platform" is data work, not a platform (devops) team.
    if (role === 'devops' && w === 'platform' && words[i - 1] === 'data') return;
    if (role !== undefined) explicit.add(role);
    if (BACKEND_STACK.has(w)) backendStack = true;
    if (FRONTEND_STACK.has(w)) frontendStack = true;
  });
  if (explicit.size > 0) return [...explicit];
  if (backendStack) return ['backend'];
  if (frontendStack) return ['frontend'];
  return [];
}

/**
 * Role words attached to job nouns in running text: up to 4 words before the noun (through connectors) and up
 * to 2 after ("Engineer, Backend", "Engineer (Platform)", "Engineer - Data").
 */
function textRoles(tokens: Token[]): Set<Role> {
  const found = new Set<Role>();
  tokens.forEach((tok, i) => {
    if (tok.boundary || !JOB_NOUNS.has(tok.word)) return;
    const phrase: string[] = [];
    if (tok.word === 'sre' || tok.word === 'sres') phrase.push(tok.word);
    // Look back: role or stack words, connectors in between; stop at anything else.
    let taken = 0;
    for (let j = i - 1; j >= 0 && taken < 6; j--) {
      const w = tokens[j]!;
      if (w.boundary) break;
      if (ROLE_WORDS[w.word] !== undefined || BACKEND_STACK.has(w.word) || FRONTEND_STACK.has(w.word)) {
        phrase.unshift(w.word);
        taken++;
        continue;
      }
      if (CONNECTORS.has(w.word)) {
        taken++;
        continue;
      }
      break;
    }
    // Look ahead: "Engineer, Backend" / "Engineer (Backend)" / "Engineer - Backend & Infra".
    let k = i + 1;
    if (k < tokens.length && /^[,(\u2013\u2014:]$/u.test(tokens[k]!.word)) k++;
    for (let n = 0; k < tokens.length && n < 3; k++, n++) {
      const w = tokens[k]!;
      if (ROLE_WORDS[w.word] !== undefined || BACKEND_STACK.has(w.word) || FRONTEND_STACK.has(w.word)) phrase.push(w.word);
      else if (!(CONNECTORS.has(w.word) && !w.boundary)) break;
    }
    for (const r of phraseRoles(phrase)) found.add(r);
  });
  return found;
}

/** A title or header line: every role word counts, if the line names an engineering job at all. */
function titleRoles(tokens: Token[]): { engineering: boolean; roles: Set<Role> } {
  const words = tokens.filter((t) => !t.boundary).map((t) => t.word);
  const roles = new Set<Role>(textRoles(tokens));
  const engineering = words.some((w) => ENGINEERING_NOUNS.has(w));
  // Role words that are jobs by themselves ("Hiring: Backend, iOS, DevOps", "Fullstack (m/w/d)"), and team words
  // that are a job in an engineering title ("Software Engineer – Platform").
  words.forEach((w, i) => {
    const role = ROLE_WORDS[w];
    if (role === undefined) return;
    if (STANDALONE.has(w) || (engineering && TEAM_WORDS.has(w) && !(w === 'platform' && words[i - 1] === 'data'))) roles.add(role);
  });
  return { engineering: engineering || roles.size > 0, roles };
}

function ordered(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  const out = ROLES.filter((r) => set.has(r) && r !== 'other');
  return out.length > 0 ? out : ['other'];
}

export interface RoleInput {
  title?: string | null;
  text?: string | null;
}

/** The roles of an ad, in ROLES order; ['other'] when none of the engineering roles is named. */
export function classifyRoles(input: RoleInput): Role[] {
  const title = (input.title ?? '').slice(0, 500).trim();
  const text = input.text ?? '';
  if (title !== '') {
    const t = titleRoles(tokenize(title));
    if (t.roles.size > 0) return ordered(t.roles);
    if (!t.engineering) return ['other'];
    // A generic engineering title ("Software Engineer"): the text may say which kind.
    return ordered(textRoles(tokenize(text)));
  }
  // No title (HN): the header line reads like a title, the rest as running text.
  const newline = text.indexOf('\n');
  const header = newline >= 0 ? text.slice(0, Math.min(newline, 400)) : text.slice(0, 400);
  const roles = new Set<Role>();
  if (header.includes('|')) for (const r of titleRoles(tokenize(header)).roles) roles.add(r);
  for (const r of textRoles(tokenize(text))) roles.add(r);
  return ordered(roles);
}

/** Stored form: comma-separated, in ROLES order ("backend,devops"). */
export function rolesToColumn(roles: readonly Role[]): string {
  return ordered(roles).join(',');
}
