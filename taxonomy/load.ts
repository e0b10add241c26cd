// Loads and validates the taxonomy data files (taxonomy/data/*.yaml, schema in taxonomy/README.md).
//
// Every problem is reported with its file and entry; all problems of a load are collected and thrown as
// one TaxonomyError (one line per problem), so a bad edit is fixed in one round.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
// The YAML parser loads only when the data files are parsed (a cache miss): a CLI call with a warm cache reads JSON.
const requireYaml = (() => {
  let yaml: typeof import('yaml') | undefined;
  return () => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
})();
import { TaxonomyError } from '../src/core/errors.js';
import type { Category, RelationType, Taxonomy, TaxonomyAlias, TaxonomyEntry, TaxonomyRelation } from '../src/core/types.js';
import { catastrophicShape } from './regex-safety.js';
import { TAGGING_RULES_VERSION } from './rules-version.js';

const ID_RE = /^[a-z0-9][a-z0-9+#.-]*$/;
const RELATION_TYPES: readonly RelationType[] = ['implies', 'part_of', 'is_a'];
const ENTRY_KEYS = new Set(['id', 'name', 'aliases', 'cues', 'with', 'reject', 'relations', 'examples', 'notes', 'description', 'url', 'also_names']);
const FILE_KEYS = new Set(['category', 'name', 'entries', 'description', 'notes']);
const ALIAS_KEYS = new Set(['form', 'weak', 'cs']);
const MAX_FORM_LENGTH = 80;
const MAX_REJECT_LENGTH = 2000;

/**
 * The repository's taxonomy/data folder, found from this module's own location by walking up
 * (works from taxonomy/load.ts under vitest and from dist/taxonomy/load.js).
 */
export function defaultTaxonomyDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'taxonomy', 'data');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new TaxonomyError(`taxonomy: no taxonomy/data folder above ${dirname(fileURLToPath(import.meta.url))}`);
    dir = up;
  }
}

// Parsed taxonomies by content version: a CLI process or a test suite that loads the same files twice
// pays for reading them (needed for the hash) but not for parsing and validating.
const cache = new Map<string, Taxonomy>();

/** Bump when the loaded shape changes, so on-disk caches of an older loader are not reused. */
const CACHE_FORMAT = 1;

export interface LoadOptions {
  /**
   * A folder for a JSON copy of the validated taxonomy, keyed by content version. YAML parsing is the slow
   * part of a load (hundreds of ms); with a cache a CLI call reads one JSON file instead. The caller picks the
   * folder (the CLI owns paths and environment); write failures are ignored.
   */
  cacheDir?: string;
  /** Skip this process's memo of already loaded versions (read the disk cache or the YAML again). */
  fresh?: boolean;
}

/** Loads every *.yaml / *.yml file of dir (default: the repository's taxonomy/data). */
export function loadTaxonomy(dir?: string, options: LoadOptions = {}): Taxonomy {
  const root = resolve(dir ?? defaultTaxonomyDir());
  let names: string[];
  try {
    names = readdirSync(root).filter((f) => /\.ya?ml$/i.test(f)).sort();
  } catch (err) {
    throw new TaxonomyError(`taxonomy: cannot read folder ${root}: ${(err as Error).message}`, { cause: err });
  }
  if (names.length === 0) throw new TaxonomyError(`taxonomy: no .yaml data files in ${root}`);
  const files = names.map((name) => ({ name, content: readFileSync(join(root, name), 'utf8') }));
  // The version names what decides the tags: the data files and the rules that read them.
  const hash = createHash('sha256').update(TAGGING_RULES_VERSION).update('\0');
  for (const f of files) hash.update(f.name).update('\0').update(f.content).update('\0');
  const version = hash.digest('hex').slice(0, 16);
  const cached = options.fresh ? undefined : cache.get(version);
  if (cached) return cached;
  const cacheFile = options.cacheDir ? join(options.cacheDir, `taxonomy-v${CACHE_FORMAT}-${version}.json`) : null;
  const fromDisk = cacheFile ? readCache(cacheFile, version) : null;
  const tax = fromDisk ?? buildTaxonomy(files, version);
  if (cacheFile && !fromDisk) writeCache(cacheFile, tax);
  cache.set(version, tax);
  return tax;
}

/**
 * The categories of the data files, read from each file's `category:` and `name:` lines only: what a command that
 * only checks a --category needs, without loading (or parsing the cache of) every entry.
 */
export function loadCategories(dir?: string): { id: string; name: string }[] {
  const root = resolve(dir ?? defaultTaxonomyDir());
  const out: { id: string; name: string }[] = [];
  for (const f of readdirSync(root).filter((x) => /\.ya?ml$/i.test(x)).sort()) {
    const head = readFileSync(join(root, f), 'utf8').slice(0, 400);
    const id = /^category:\s*([\w-]+)\s*$/m.exec(head)?.[1];
    const name = /^name:\s*(.+?)\s*$/m.exec(head)?.[1];
    if (id && !out.some((c) => c.id === id)) out.push({ id, name: name ?? id });
  }
  return out;
}

function readCache(file: string, version: string): Taxonomy | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Taxonomy;
    if (data.version !== version || !Array.isArray(data.entries) || !Array.isArray(data.categories)) return null;
    return data;
  } catch {
    return null; // absent or unreadable: rebuild from the YAML
  }
}

function writeCache(file: string, tax: Taxonomy): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(tax));
    renameSync(tmp, file);
  } catch {
    // A cache is an optimisation: a read-only or full disk must not fail the load.
  }
}

/** Validates already-read files (exported for tests that build taxonomies in memory). */
export function buildTaxonomy(files: { name: string; content: string }[], version: string): Taxonomy {
  const problems: string[] = [];
  const categories: Category[] = [];
  const categoryNames = new Map<string, string>();
  const entries: TaxonomyEntry[] = [];

  for (const file of files) {
    let doc: unknown;
    try {
      doc = requireYaml().parse(file.content, { prettyErrors: true, uniqueKeys: true });
    } catch (err) {
      const where = err instanceof requireYaml().YAMLParseError && err.linePos ? `:${err.linePos[0].line}` : '';
      problems.push(`${file.name}${where}: invalid YAML: ${firstLine((err as Error).message)}`);
      continue;
    }
    if (!isRecord(doc)) { problems.push(`${file.name}: must be a mapping with category, name and entries`); continue; }
    for (const k of Object.keys(doc)) if (!FILE_KEYS.has(k)) problems.push(`${file.name}: unknown top-level key "${k}"`);
    const category = doc['category'];
    if (typeof category !== 'string' || !ID_RE.test(category)) {
      problems.push(`${file.name}: "category" must be a lower-case id, got ${show(category)}`);
      continue;
    }
    const catName = typeof doc['name'] === 'string' && doc['name'].trim() ? doc['name'].trim() : null;
    if (!catName) problems.push(`${file.name}: "name" (the category's display name) is missing`);
    if (!categoryNames.has(category)) {
      categoryNames.set(category, catName ?? category);
      categories.push({ id: category, name: catName ?? category });
    }
    const list = doc['entries'];
    if (!Array.isArray(list)) { problems.push(`${file.name}: "entries" must be a list`); continue; }
    list.forEach((raw, index) => {
      const entry = readEntry(raw, index, file.name, category, problems);
      if (entry) entries.push(entry);
    });
  }

  crossCheck(entries, problems);
  if (problems.length) {
    throw new TaxonomyError(problems.length === 1 ? `taxonomy: ${problems[0]}` :
      `taxonomy: ${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
  return { version, categories, entries };
}

function readEntry(raw: unknown, index: number, file: string, category: string, problems: string[]): TaxonomyEntry | null {
  if (!isRecord(raw)) { problems.push(`${file}: entry #${index + 1} is not a mapping`); return null; }
  const id = raw['id'];
  if (typeof id !== 'string' || !ID_RE.test(id)) {
    problems.push(`${file}: entry #${index + 1}: "id" must match ${ID_RE.source}, got ${show(id)}`);
    return null;
  }
  const at = `${file}: entry "${id}"`;
  const before = problems.length;
  for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k)) problems.push(`${at}: unknown key "${k}"`);
  const name = raw['name'];
  if (typeof name !== 'string' || !name.trim()) problems.push(`${at}: "name" is missing`);

  const aliases: TaxonomyAlias[] = [];
  const rawAliases = raw['aliases'];
  if (!Array.isArray(rawAliases) || rawAliases.length === 0) problems.push(`${at}: "aliases" must be a non-empty list`);
  else rawAliases.forEach((a, i) => {
    const alias = readAlias(a, `${at}: alias #${i + 1}`, problems);
    if (alias) aliases.push(alias);
  });

  const cues = stringList(raw['cues'], `${at}: "cues"`, problems);
  const corroborators = stringList(raw['with'], `${at}: "with"`, problems);
  const alsoNames = stringList(raw['also_names'], `${at}: "also_names"`, problems);
  const reject = stringList(raw['reject'], `${at}: "reject"`, problems);
  reject.forEach((pattern) => {
    if (pattern.length > MAX_REJECT_LENGTH) { problems.push(`${at}: reject pattern longer than ${MAX_REJECT_LENGTH} characters`); return; }
    try { new RegExp(pattern, 'gi'); } catch (err) {
      problems.push(`${at}: reject pattern ${show(pattern)} does not compile: ${(err as Error).message}`);
      return;
    }
    const shape = catastrophicShape(pattern);
    if (shape) problems.push(`${at}: reject pattern ${show(pattern)} can backtrack catastrophically (${shape})`);
    if (new RegExp(pattern, 'gi').test('')) problems.push(`${at}: reject pattern ${show(pattern)} matches the empty string`);
  });

  const relations: TaxonomyRelation[] = [];
  const rawRel = raw['relations'];
  if (rawRel !== undefined && rawRel !== null) {
    if (!isRecord(rawRel)) problems.push(`${at}: "relations" must be a mapping of ${RELATION_TYPES.join('/')} to id lists`);
    else for (const [type, targets] of Object.entries(rawRel)) {
      if (!(RELATION_TYPES as readonly string[]).includes(type)) { problems.push(`${at}: unknown relation type "${type}"`); continue; }
      for (const target of stringList(targets, `${at}: relations.${type}`, problems)) relations.push({ type: type as RelationType, target });
    }
  }

  const examples = { positive: [] as string[], negative: [] as string[] };
  const rawEx = raw['examples'];
  if (rawEx !== undefined && rawEx !== null) {
    if (!isRecord(rawEx)) problems.push(`${at}: "examples" must be a mapping with positive/negative lists`);
    else {
      for (const k of Object.keys(rawEx)) if (k !== 'positive' && k !== 'negative') problems.push(`${at}: unknown examples key "${k}"`);
      examples.positive = stringList(rawEx['positive'], `${at}: examples.positive`, problems);
      examples.negative = stringList(rawEx['negative'], `${at}: examples.negative`, problems);
    }
  }
  if (problems.length > before) return null;
  return { id, name: (name as string).trim(), category, aliases, cues, corroborators, ...(alsoNames.length > 0 ? { alsoNames } : {}), reject, relations, examples, file };
}

function readAlias(a: unknown, at: string, problems: string[]): TaxonomyAlias | null {
  let form: unknown, weak: unknown = false, cs: unknown = false;
  if (typeof a === 'string' || typeof a === 'number') form = String(a);
  else if (isRecord(a)) {
    for (const k of Object.keys(a)) if (!ALIAS_KEYS.has(k)) problems.push(`${at}: unknown key "${k}" (use form, weak, cs)`);
    form = typeof a['form'] === 'number' ? String(a['form']) : a['form'];
    weak = a['weak'] ?? false;
    cs = a['cs'] ?? false;
  } else { problems.push(`${at}: must be a string or {form, weak, cs}`); return null; }
  if (typeof form !== 'string' || !form.trim()) { problems.push(`${at}: "form" is missing`); return null; }
  if (form.length > MAX_FORM_LENGTH) { problems.push(`${at}: form ${show(form)} is longer than ${MAX_FORM_LENGTH} characters`); return null; }
  if (!/[\p{L}\p{N}]/u.test(form)) { problems.push(`${at}: form ${show(form)} has no letter or digit`); return null; }
  if (typeof weak !== 'boolean') { problems.push(`${at}: "weak" must be true or false`); return null; }
  if (typeof cs !== 'boolean') { problems.push(`${at}: "cs" must be true or false`); return null; }
  return { form: form.trim().replace(/\s+/g, ' '), weak, caseSensitive: cs };
}

function crossCheck(entries: TaxonomyEntry[], problems: string[]): void {
  const byId = new Map<string, TaxonomyEntry>();
  for (const e of entries) {
    const prev = byId.get(e.id);
    if (prev) problems.push(`${e.file}: entry "${e.id}": duplicate id (also in ${prev.file})`);
    else byId.set(e.id, e);
  }
  // An alias form belongs to one entry (case-insensitively, unless both spellings are case-sensitive and differ).
  const owners = new Map<string, { entry: TaxonomyEntry; alias: TaxonomyAlias }[]>();
  for (const e of entries) {
    for (const alias of e.aliases) {
      const key = alias.form.toLowerCase();
      const list = owners.get(key) ?? [];
      for (const other of list) {
        if (other.entry === e) continue;
        const bothCs = alias.caseSensitive && other.alias.caseSensitive;
        if (!bothCs || alias.form === other.alias.form) {
          problems.push(`${e.file}: entry "${e.id}": alias ${show(alias.form)} is already claimed by "${other.entry.id}" (${other.entry.file})`);
        }
      }
      list.push({ entry: e, alias });
      owners.set(key, list);
    }
    for (const target of e.corroborators) {
      if (!byId.has(target)) problems.push(`${e.file}: entry "${e.id}": "with" names unknown id "${target}"`);
    }
    for (const target of e.alsoNames ?? []) {
      if (!byId.has(target)) problems.push(`${e.file}: entry "${e.id}": "also_names" names unknown id "${target}"`);
    }
    for (const rel of e.relations) {
      if (!byId.has(rel.target)) problems.push(`${e.file}: entry "${e.id}": relations.${rel.type} names unknown id "${rel.target}"`);
      else if (rel.target === e.id) problems.push(`${e.file}: entry "${e.id}": relations.${rel.type} names the entry itself`);
    }
  }
}

function stringList(v: unknown, at: string, problems: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) { problems.push(`${at} must be a list of strings`); return []; }
  const out: string[] = [];
  v.forEach((x, i) => {
    if (typeof x === 'string' && x.trim()) out.push(x.trim());
    else if (typeof x === 'number') out.push(String(x));
    else problems.push(`${at}: item #${i + 1} must be a non-empty string, got ${show(x)}`);
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
