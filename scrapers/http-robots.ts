// robots.txt per RFC 9309: parsing, group selection and longest-match evaluation.
// Pure functions; the HTTP client (scrapers/http.ts) fetches and caches the file per origin.
//
// Bounded work on hostile input: the text is cut at MAX_ROBOTS_BYTES (the RFC asks parsers to read at
// least 500 KiB), paths are length-capped, a pattern longer (in literal characters) than the path is rejected
// before matching, runs of `*` collapse to one, and wildcard matching is the classic greedy algorithm
// (O(pattern × path) worst case), never a backtracking regular expression. Long rules are applied, not dropped.

/** The RFC requires parsing at least 500 KiB; anything past this is ignored. */
export const MAX_ROBOTS_BYTES = 512 * 1024;
const MAX_PATH_LENGTH = 8192;

export interface RobotsRule {
  allow: boolean;
  /** Normalised path pattern; may contain `*` and a trailing `$`. */
  pattern: string;
}

export interface RobotsGroup {
  /** Lower-cased product tokens of the group's user-agent lines (`*` for the wildcard group). */
  agents: string[];
  rules: RobotsRule[];
  /** Non-standard `Crawl-delay` in seconds, when present and valid. */
  crawlDelaySec?: number;
}

export interface RobotsFile {
  groups: RobotsGroup[];
}

/** What the client decided for an origin: parsed rules, or a blanket verdict (4xx → allow, 5xx → disallow). */
export type RobotsPolicy =
  | { kind: 'rules'; file: RobotsFile }
  | { kind: 'allow-all' }
  | { kind: 'disallow-all'; reason: string };

/** Parses robots.txt text. Never throws; unknown lines are ignored. */
export function parseRobots(text: string): RobotsFile {
  const groups: RobotsGroup[] = [];
  let current: RobotsGroup | null = null;
  // A user-agent line extends the current group until the group has had a rule; after an allow or disallow line it
  // starts a new group (RFC 9309 §2.1). Other records between user-agent lines (Crawl-delay, Sitemap, unknown keys)
  // do not end the group (§2.2.4): "User-agent: a / Crawl-delay: 5 / User-agent: * / Disallow: /" binds a too.
  let lastWasAgent = false;
  const body = text.length > MAX_ROBOTS_BYTES ? text.slice(0, MAX_ROBOTS_BYTES) : text;
  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(normaliseAgent(value));
      lastWasAgent = true;
      continue;
    }
    if (!current) continue; // rules before any user-agent line belong to no group
    if (key === 'allow' || key === 'disallow') {
      lastWasAgent = false;
      // An empty Disallow means "nothing disallowed"; an empty Allow means nothing either. A long rule is applied
      // like any other (the matcher bounds its own work, see patternMatches).
      if (value === '') continue;
      current.rules.push({ allow: key === 'allow', pattern: collapseStars(normalisePath(value)) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySec = seconds;
    }
  }
  return { groups };
}

/** The product token of a user-agent line: leading letters, `_` and `-`, lower-cased; `*` stays `*`. */
function normaliseAgent(value: string): string {
  if (value.startsWith('*')) return '*';
  const m = /^[A-Za-z_-]+/.exec(value);
  return m ? m[0].toLowerCase() : value.toLowerCase();
}

/**
 * The rules that apply to `productToken`: every group naming it (combined, as the RFC requires),
 * else every `*` group, else none (null → everything allowed).
 */
export function selectGroup(file: RobotsFile, productToken: string): RobotsGroup | null {
  const token = productToken.toLowerCase();
  let matching = file.groups.filter((g) => g.agents.includes(token));
  if (matching.length === 0) matching = file.groups.filter((g) => g.agents.includes('*'));
  if (matching.length === 0) return null;
  const delays = matching.map((g) => g.crawlDelaySec).filter((d): d is number => d !== undefined);
  return {
    agents: [...new Set(matching.flatMap((g) => g.agents))],
    rules: matching.flatMap((g) => g.rules),
    ...(delays.length > 0 ? { crawlDelaySec: Math.max(...delays) } : {}),
  };
}

/**
 * Whether `pathAndQuery` (e.g. "/jobs?page=2") may be fetched. Longest matching pattern wins;
 * on equal length Allow wins; no match → allowed. "/robots.txt" is always allowed.
 */
export function isAllowed(policy: RobotsPolicy, productToken: string, pathAndQuery: string): boolean {
  if (policy.kind === 'allow-all') return true;
  const path = normalisePath(pathAndQuery.length > MAX_PATH_LENGTH ? pathAndQuery.slice(0, MAX_PATH_LENGTH) : pathAndQuery);
  if (path === '/robots.txt') return true;
  if (policy.kind === 'disallow-all') return false;
  const group = selectGroup(policy.file, productToken);
  if (!group) return true;
  let best: RobotsRule | null = null;
  let bestLength = -1;
  for (const rule of group.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    const length = matchLength(rule.pattern);
    if (length > bestLength || (length === bestLength && rule.allow && best && !best.allow)) {
      best = rule;
      bestLength = length;
    }
  }
  return best ? best.allow : true;
}

/** Specificity of a pattern: its length in octets without the end anchor. */
function matchLength(pattern: string): number {
  return pattern.endsWith('$') ? pattern.length - 1 : pattern.length;
}

/** "a**b" matches what "a*b" matches: runs of stars are one star (and cost the matcher nothing more). */
function collapseStars(pattern: string): string {
  return pattern.includes('**') ? pattern.replace(/\*{2,}/g, '*') : pattern;
}

/**
 * `*` matches any run of characters, a final `$` anchors the end; otherwise a prefix match. The work is bounded
 * without dropping long rules: a pattern with more literal characters than the path cannot match and is rejected
 * at once, so the matcher only ever runs on patterns about as long as the path (itself capped at MAX_PATH_LENGTH).
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  let literal = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) !== 42) literal++;
  if (literal > path.length) return false;
  return globFullMatch(anchored ? body : body + '*', path);
}

/** Greedy wildcard matching with one backtrack point: O(|pattern| × |text|) worst case, no recursion. */
function globFullMatch(pattern: string, text: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starS = s;
    } else if (p < pattern.length && pattern[p] === text[s]) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Canonical form for comparing paths and patterns: non-ASCII characters percent-encoded as UTF-8,
 * escapes of unreserved characters decoded, other escapes upper-cased (RFC 9309 §2.2.2).
 */
export function normalisePath(input: string): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch === '%' && i + 2 < input.length && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      const hex = input.slice(i + 1, i + 3).toUpperCase();
      const decoded = String.fromCharCode(parseInt(hex, 16));
      out += UNRESERVED.test(decoded) ? decoded : '%' + hex;
      i += 2;
    } else if (ch.charCodeAt(0) > 0x7e || ch.charCodeAt(0) < 0x21) {
      // Encode the whole code point (surrogate pairs included) as UTF-8.
      const cp = input.codePointAt(i)!;
      const chars = String.fromCodePoint(cp);
      for (const byte of Buffer.from(chars, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
      i += chars.length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}
