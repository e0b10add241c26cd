// techdemand.config.yaml: what `techdemand run` collects, where it stores it, and how politely.
//
// parseConfig() is pure (text → RunConfig) and reports every problem it finds as "file:line:col: path: what",
// so a typo in a cron-driven config is fixed in one go. Unknown keys are errors (with a "did you mean"), because a
// misspelt source or option silently ignored would quietly collect less than intended.
//
//   database: techdemand.db              # relative paths are relative to this file's folder
//   report: reports/out/index.html       # optional: rewritten after every run
//   archiveReports: false                # optional: also keep each report in reports/out/archive (newest 100)
//   contact: "https://example.org; ops@example.org"   # goes into the User-Agent
//   http: { timeoutSeconds: 30, retries: 4 }
//   rateLimits: { boards-api.greenhouse.io: { concurrency: 1, minIntervalMs: 1000 } }
//   sources:
//     hn: { months: 1 }
//     greenhouse: { boards: [vercel, cloudflare] }
//     remotive: { category: software-dev }

import { existsSync, readFileSync, statSync } from 'node:fs';
import { fsProblem, requireReadableFile } from './user-files.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { InputError } from './core/errors.js';
import { isPostgresUrl } from './core/locations.js';
import { descriptors } from '../scrapers/registry.js';
import type { OptionSpec } from './core/sources.js';

export { DEFAULT_CONFIG_FILE } from './paths.js';
/** No real config is this big; refusing bigger input bounds parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface RateLimit {
  concurrency?: number;
  minIntervalMs?: number;
}

export interface SourceConfig {
  /** Registered source name (scrapers/registry.ts). */
  name: string;
  enabled: boolean;
  /** API base URL override (a mirror, or a mock server in tests). */
  baseUrl?: string;
  /** ATS sources: one scrape per board (the ATS's word for an employer). */
  boards?: string[];
  /** Source-specific options for the registry factory (months, region, category, urls, …). */
  options: Record<string, unknown>;
  /** Politeness for this source's host, over its documented default. */
  rateLimit?: RateLimit;
  /** Line of the source's key in the file, for later messages. */
  line: number;
}

export interface RunConfig {
  /** Absolute path of the config file ('<string>' when parsed from text without a file). */
  file: string;
  /** Absolute database path, if the file names one. */
  database?: string;
  /** Absolute report path, if the file names one. */
  report?: string;
  /** Keep each run's report in the archive folder beside it (default false: only a small summary is kept). */
  archiveReports?: boolean;
  contact?: string;
  userAgent?: string;
  http: { timeoutMs?: number; retries?: number };
  rateLimits: Record<string, RateLimit>;
  sources: SourceConfig[];
}

/** One or more problems in a config file; each line is "file:line:col: path: what". */
export class ConfigError extends InputError {
  constructor(readonly problems: string[]) {
    // The message lists the first MAX_LISTED problems: a hostile or generated file can have tens of thousands.
    const listed = problems.slice(0, MAX_LISTED).join('\n  ') + (problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more` : '');
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems in the config:\n  ${listed}`);
  }
}

const MAX_LISTED = 50;

/** Control characters (line breaks above all) escaped: every problem is one line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A key as it appears inside a problem: at most 80 characters (Reader.problem escapes control characters). */
function shown(key: string): string {
  return key.length > 80 ? `${key.slice(0, 80)}…` : key;
}

/**
 * "Map keys must be unique" at every repeated key, in one linear walk. yaml's own uniqueKeys check compares each
 * key with every earlier key of its map: a 1 MB config of 80k keys took over a minute.
 */
function duplicateKeys(root: unknown, file: string, lines: LineCounter): string[] {
  const found: { at: number; text: string }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const at = (pair.key as Node | null)?.range?.[0] ?? 0;
          const { line, col } = lines.linePos(at);
          found.push({ at, text: `${file}:${line}:${col}: YAML syntax: Map keys must be unique` });
        }
        seen.add(key);
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.text);
}

// ---------------------------------------------------------------- schema

type Check = (r: Reader, node: Node, path: string) => unknown;

/** An option's validation, read from its descriptor's spec (scrapers/registry.ts declares every source once). */
function checkOf(spec: OptionSpec): Check {
  switch (spec.kind) {
    case 'int':
      return (r, node, path) => r.int(node, path, spec.min, spec.max);
    case 'string':
      return (r, node, path) =>
        r.string(node, path, { ...(spec.pattern ? { pattern: spec.pattern } : {}), ...(spec.what ? { what: spec.what } : {}), ...(spec.max ? { max: spec.max } : {}) });
    case 'oneOf':
      return (r, node, path) => r.oneOf(node, path, spec.values);
    case 'url':
      return (r, node, path) => r.url(node, path);
    case 'list': {
      const item = checkOf(spec.item);
      return (r, node, path) => r.list(node, path, (n, p) => item(r, n as Node, p), { nonEmpty: spec.nonEmpty === true });
    }
  }
}

/** Options each source accepts beyond enabled, baseUrl and rateLimit: its descriptor's. */
const SOURCE_OPTIONS: Record<string, Record<string, Check>> = Object.fromEntries(
  descriptors.map((d) => [d.name, Object.fromEntries(Object.entries(d.options).map(([k, spec]) => [k, checkOf(spec)]))]),
);

export const CONFIG_SOURCE_NAMES = Object.keys(SOURCE_OPTIONS);

// ---------------------------------------------------------------- reading with positions

function levenshtein(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggestion(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = levenshtein(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

class Reader {
  readonly problems: string[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  where(node: Node | Pair | null | undefined): string {
    const range = (node as Node | null | undefined)?.range ?? ((node as Pair | null | undefined)?.key as Node | undefined)?.range;
    if (!range) return `${this.file}`;
    const { line, col } = this.lines.linePos(range[0]);
    return `${this.file}:${line}:${col}`;
  }

  problem(node: Node | Pair | null | undefined, path: string, what: string): undefined {
    // One line per problem, whatever the keys hold ("a\nb" is a valid YAML key).
    this.problems.push(oneLine(`${this.where(node)}: ${path ? `${path}: ` : ''}${what}`));
    return undefined;
  }

  /** The pairs of a mapping, keys as strings; reports non-string keys and aliases. */
  map(node: Node | null | undefined, path: string): { key: string; pair: Pair; value: Node | null }[] | undefined {
    // "hn:" with nothing after it is a null scalar: no options.
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (isAlias(node)) return this.problem(node, path, 'YAML aliases (*name) are not supported here; write the value out');
    if (!isMap(node)) return this.problem(node, path, 'expected a mapping of "key: value" lines');
    const out: { key: string; pair: Pair; value: Node | null }[] = [];
    for (const pair of (node as YAMLMap).items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') {
        this.problem(isPair(pair) ? (pair.key as Node) : node, path, 'keys must be plain words');
        continue;
      }
      out.push({ key: pair.key.value, pair, value: (pair.value as Node | null) ?? null });
    }
    return out;
  }

  /** Reports keys that are not in `known`. */
  onlyKeys(entries: { key: string; pair: Pair }[], known: readonly string[], path: string, noun = 'key'): void {
    for (const e of entries) {
      if (!known.includes(e.key)) {
        this.problem(e.pair, path, `unknown ${noun} "${shown(e.key)}"${suggestion(e.key, known)}; known: ${known.join(', ')}`);
      }
    }
  }

  scalar(node: Node | null, path: string): unknown {
    if (node === null) return this.problem(node, path, 'value is missing');
    if (isAlias(node)) return this.problem(node, path, 'YAML aliases (*name) are not supported here; write the value out');
    if (!isScalar(node)) return this.problem(node, path, 'expected a single value');
    return node.value;
  }

  string(node: Node | null, path: string, o: { pattern?: RegExp; what?: string; max?: number } = {}): string | undefined {
    const v = this.scalar(node, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return this.problem(node, path, `expected ${o.what ?? 'a non-empty string'}, got ${JSON.stringify(v)}`);
    if (v.length > (o.max ?? 2000)) return this.problem(node, path, `longer than ${o.max ?? 2000} characters`);
    if (o.pattern && !o.pattern.test(v)) return this.problem(node, path, `expected ${o.what ?? 'another value'}, got ${JSON.stringify(v.slice(0, 80))}`);
    return v;
  }

  url(node: Node | null, path: string): string | undefined {
    const v = this.string(node, path, { what: 'an http(s) URL' });
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (u.protocol === 'http:' || u.protocol === 'https:') return v;
    } catch {
      // reported below
    }
    return this.problem(node, path, `expected an http(s) URL, got ${JSON.stringify(v.slice(0, 80))}`);
  }

  int(node: Node | null, path: string, min: number, max: number): number | undefined {
    const v = this.scalar(node, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      return this.problem(node, path, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  bool(node: Node | null, path: string): boolean | undefined {
    const v = this.scalar(node, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.problem(node, path, `expected true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  oneOf<T extends string>(node: Node | null, path: string, values: readonly T[]): T | undefined {
    const v = this.scalar(node, path);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      return this.problem(node, path, `expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  list<T>(node: Node | null, path: string, item: (n: Node | null, p: string) => T | undefined, o: { nonEmpty?: boolean } = {}): T[] | undefined {
    if (node === null) return this.problem(node, path, 'value is missing');
    if (isAlias(node)) return this.problem(node, path, 'YAML aliases (*name) are not supported here; write the value out');
    if (!isSeq(node)) return this.problem(node, path, 'expected a list ([a, b] or "- a" lines)');
    if (o.nonEmpty && node.items.length === 0) return this.problem(node, path, 'the list is empty');
    const out: T[] = [];
    let ok = true;
    node.items.forEach((n, i) => {
      const v = item(n as Node | null, `${path}[${i}]`);
      if (v === undefined) ok = false;
      else out.push(v);
    });
    return ok ? out : undefined;
  }

  rateLimit(node: Node | null, path: string): RateLimit | undefined {
    const entries = this.map(node, path);
    if (entries === undefined) return undefined;
    this.onlyKeys(entries, ['concurrency', 'minIntervalMs'], path);
    const out: RateLimit = {};
    for (const e of entries) {
      if (e.key === 'concurrency') {
        const v = this.int(e.value, `${path}.concurrency`, 1, 64);
        if (v !== undefined) out.concurrency = v;
      } else if (e.key === 'minIntervalMs') {
        const v = this.int(e.value, `${path}.minIntervalMs`, 0, 24 * 3600 * 1000);
        if (v !== undefined) out.minIntervalMs = v;
      }
    }
    return out;
  }

  line(node: Pair): number {
    const range = (node.key as Node | undefined)?.range;
    return range ? this.lines.linePos(range[0]).line : 0;
  }
}

// ---------------------------------------------------------------- parse

const TOP_KEYS = ['database', 'report', 'archiveReports', 'contact', 'userAgent', 'http', 'rateLimits', 'sources'];

function resolvePath(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

/**
 * Parses and validates a config. `file` names it in messages and anchors relative paths (its folder); without a
 * real file pass a label and `baseDir`. Throws ConfigError listing every problem with its line and column.
 */
export function parseConfig(text: string, file: string, baseDir: string = dirname(resolve(file))): RunConfig {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: larger than ${MAX_CONFIG_BYTES} bytes; not a techdemand config`]);
  const lines = new LineCounter();
  // uniqueKeys: checked by duplicateKeys() in linear time (yaml's check is quadratic in the keys of a map).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.slice(0, 10).map((e) => {
        const pos = e.linePos?.[0] ?? (e.pos ? lines.linePos(e.pos[0]) : undefined);
        return oneLine(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax: ${e.message.split('\n')[0]}`);
      }),
    );
  }
  const duplicates = duplicateKeys(doc.contents, file, lines);
  if (duplicates.length > 0) throw new ConfigError(duplicates.slice(0, 10));
  const r = new Reader(file, lines);
  const config: RunConfig = { file, http: {}, rateLimits: {}, sources: [] };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    throw new ConfigError([`${file}: the config is empty; it needs at least a "sources:" section (run "techdemand init" for a starter)`]);
  }
  const top = r.map(root, '');
  if (top !== undefined) {
    r.onlyKeys(top, TOP_KEYS, '', 'top-level key');
    for (const { key, value, pair } of top) {
      switch (key) {
        case 'database':
        case 'report': {
          const v = r.string(value, key, { what: key === 'database' ? 'a file path or a postgres:// URL' : 'a file path' });
          // A server URL is kept as written; a file path is relative to the config file's folder.
          if (v !== undefined) config[key] = key === 'database' && isPostgresUrl(v) ? v : resolvePath(baseDir, v);
          break;
        }
        case 'archiveReports': {
          const v = r.scalar(value, key);
          if (typeof v === 'boolean') config.archiveReports = v;
          else if (v !== undefined) r.problem(value, key, `expected true or false, got ${JSON.stringify(v)}`);
          break;
        }
        case 'contact': {
          const v = r.string(value, key, { max: 200, what: 'a URL or e-mail address' });
          if (v !== undefined && !/(https?:\/\/|@)/.test(v)) r.problem(value, key, 'should contain a URL or an e-mail address a site operator can reach you at');
          else if (v !== undefined && /[\r\n()]/.test(v)) r.problem(value, key, 'must be one line without parentheses (it goes into the User-Agent header)');
          else if (v !== undefined) config.contact = v;
          break;
        }
        case 'userAgent': {
          const v = r.string(value, key, { max: 300 });
          if (v !== undefined && /[\r\n]/.test(v)) r.problem(value, key, 'must be one line');
          else if (v !== undefined) config.userAgent = v;
          break;
        }
        case 'http': {
          const entries = r.map(value, 'http');
          if (entries === undefined) break;
          r.onlyKeys(entries, ['timeoutSeconds', 'retries'], 'http');
          for (const e of entries) {
            if (e.key === 'timeoutSeconds') {
              const v = r.int(e.value, 'http.timeoutSeconds', 1, 600);
              if (v !== undefined) config.http.timeoutMs = v * 1000;
            } else if (e.key === 'retries') {
              const v = r.int(e.value, 'http.retries', 0, 10);
              if (v !== undefined) config.http.retries = v;
            }
          }
          break;
        }
        case 'rateLimits': {
          const entries = r.map(value, 'rateLimits');
          for (const e of entries ?? []) {
            if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(e.key)) {
              r.problem(e.pair, 'rateLimits', `"${shown(e.key)}" is not a host name (e.g. boards-api.greenhouse.io or 127.0.0.1:8080)`);
              continue;
            }
            const v = r.rateLimit(e.value, `rateLimits.${e.key}`);
            if (v !== undefined) config.rateLimits[e.key.toLowerCase()] = v;
          }
          break;
        }
        case 'sources':
          readSources(r, value, pair, config);
          break;
      }
    }
    if (!top.some((e) => e.key === 'sources')) r.problem(root, '', 'missing "sources:" (which sources to collect)');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

function readSources(r: Reader, node: Node | null, pair: Pair, config: RunConfig): void {
  const entries = r.map(node, 'sources');
  if (entries === undefined) return;
  if (entries.length === 0) {
    r.problem(pair, 'sources', 'no sources listed');
    return;
  }
  r.onlyKeys(entries, CONFIG_SOURCE_NAMES, 'sources', 'source');
  for (const { key: name, value, pair: sourcePair } of entries) {
    const allowed = SOURCE_OPTIONS[name];
    if (allowed === undefined) continue;
    const path = `sources.${name}`;
    // "hn:" with nothing after it means "hn with its defaults".
    const options = r.map(value, path);
    if (options === undefined) continue;
    const source: SourceConfig = { name, enabled: true, options: {}, line: r.line(sourcePair) };
    const known = ['enabled', 'baseUrl', 'rateLimit', ...Object.keys(allowed)];
    r.onlyKeys(options, known, path, 'option');
    let ok = true;
    for (const { key, value: v } of options) {
      const at = `${path}.${key}`;
      let parsed: unknown;
      if (key === 'enabled') parsed = r.bool(v, at);
      else if (key === 'baseUrl') parsed = r.url(v, at);
      else if (key === 'rateLimit') parsed = r.rateLimit(v, at);
      else if (allowed[key] !== undefined) parsed = allowed[key]!(r, v as Node, at);
      else continue;
      if (parsed === undefined) {
        ok = false;
        continue;
      }
      if (key === 'enabled') source.enabled = parsed as boolean;
      else if (key === 'baseUrl') source.baseUrl = parsed as string;
      else if (key === 'rateLimit') source.rateLimit = parsed as RateLimit;
      else if (key === 'boards') source.boards = parsed as string[];
      else source.options[key] = parsed;
    }
    if (!ok) continue;
    const descriptor = descriptors.find((d) => d.name === name)!;
    // A baseUrl would be silently meaningless for sources whose pages are full URLs: refused.
    if (descriptor.refusesBaseUrl !== undefined && source.baseUrl !== undefined) r.problem(sourcePair, path, descriptor.refusesBaseUrl);
    const missing = source.enabled ? (descriptor.required ?? []).find((q) => (q.option === 'boards' ? source.boards : source.options[q.option]) === undefined) : undefined;
    if (missing) {
      r.problem(sourcePair, path, missing.message);
      continue;
    }
    if (source.boards !== undefined) {
      const seen = new Set<string>();
      for (const b of source.boards) {
        const k = descriptor.boards?.caseSensitive ? b : b.toLowerCase();
        if (seen.has(k)) r.problem(sourcePair, `${path}.boards`, `board "${b}" is listed twice`);
        seen.add(k);
      }
    }
    config.sources.push(source);
  }
}

/** Reads and parses a config file; a missing file is an InputError that says how to make one. */
export function loadConfig(path: string): RunConfig {
  const file = resolve(path);
  if (!existsSync(file)) throw new InputError(`config file not found: ${path} (write a starter with "techdemand init")`);
  requireReadableFile(path, '--config');
  const st = statSync(file);
  if (st.size > MAX_CONFIG_BYTES) throw new ConfigError([`${path}: larger than ${MAX_CONFIG_BYTES} bytes; not a techdemand config`]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`--config ${path}: ${fsProblem(err)}`, { cause: err });
  }
  return parseConfig(text, path, dirname(file));
}
