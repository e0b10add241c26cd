// Loading and validating taxonomy data files: the fixture, the real data, and one broken file per rule.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TaxonomyError } from '../../src/core/errors.js';
import { defaultTaxonomyDir, loadTaxonomy } from '../../taxonomy/load.js';

const here = dirname(fileURLToPath(import.meta.url));
const miniDir = resolve(here, '../fixtures/taxonomy-mini');
const temps: string[] = [];
afterEach(() => { for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A temporary taxonomy folder holding the given files. */
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'techdemand-tax-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function errorOf(files: Record<string, string>): TaxonomyError {
  try {
    loadTaxonomy(dirWith(files));
  } catch (err) {
    expect(err).toBeInstanceOf(TaxonomyError);
    return err as TaxonomyError;
  }
  throw new Error('expected a TaxonomyError');
}

const file = (entries: string, category = 'language'): string => `category: ${category}\nname: Things\nentries:\n${entries}`;

describe('loadTaxonomy on the fixture', () => {
  const tax = loadTaxonomy(miniDir);

  it('reads every file, its category and its entries', () => {
    expect(tax.categories.map((c) => c.id).sort()).toEqual(['backend-framework', 'cloud', 'cloud-service', 'concept', 'language']);
    expect(tax.entries.find((e) => e.id === 'python')).toMatchObject({ name: 'Python', category: 'language', file: 'language.yaml' });
    expect(tax.entries.length).toBeGreaterThan(30);
  });

  it('normalises aliases: a plain string is strong and case-insensitive', () => {
    const go = tax.entries.find((e) => e.id === 'go')!;
    expect(go.aliases).toEqual([
      { form: 'Golang', weak: false, caseSensitive: false },
      { form: 'Go', weak: true, caseSensitive: true },
    ]);
    expect(go.cues).toEqual(['goroutines']);
    expect(go.corroborators).toEqual(['grpc']);
    expect(go.reject).toHaveLength(1);
  });

  it('keeps examples', () => {
    expect(tax.entries.find((e) => e.id === 'postgresql')!.examples).toEqual({ positive: ['We run Postgres 16.'], negative: ['Rated PG-13.'] });
  });

  it('versions the content: 16 hex characters, stable, changed by any edit', () => {
    expect(tax.version).toMatch(/^[0-9a-f]{16}$/);
    const copy = mkdtempSync(join(tmpdir(), 'techdemand-tax-'));
    temps.push(copy);
    cpSync(miniDir, copy, { recursive: true });
    expect(loadTaxonomy(copy).version).toBe(tax.version);
    const f = join(copy, 'cloud.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('AWS, Amazon Web Services', 'AWS, Amazon Web Services, Amazon AWS'));
    const changed = loadTaxonomy(copy);
    expect(changed.version).not.toBe(tax.version);
    expect(changed.entries.find((e) => e.id === 'aws')!.aliases.map((a) => a.form)).toContain('Amazon AWS');
  });
});

describe('loadTaxonomy on the repository data', () => {
  it('finds taxonomy/data from its own location and loads the label space', () => {
    expect(defaultTaxonomyDir()).toBe(resolve(here, '../../taxonomy/data'));
    const tax = loadTaxonomy();
    const ids = new Set(tax.entries.map((e) => e.id));
    const labels = readFileSync(resolve(here, '../../../shared/eval/labels.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]!);
    expect(labels.length).toBe(304);
    expect(labels.filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('validation errors name the file and the entry', () => {
  it('invalid YAML, with its line', () => {
    const err = errorOf({ 'a.yaml': 'category: language\nname: X\nentries:\n  - id: [unclosed\n' });
    expect(err.message).toMatch(/a\.yaml:\d+: invalid YAML/);
  });

  it('a file that is not a mapping, or without entries', () => {
    expect(errorOf({ 'a.yaml': '- just a list\n' }).message).toMatch(/a\.yaml: must be a mapping/);
    expect(errorOf({ 'a.yaml': 'category: language\nname: X\n' }).message).toMatch(/a\.yaml: "entries" must be a list/);
  });

  it('bad ids, missing names and aliases, unknown keys', () => {
    expect(errorOf({ 'a.yaml': file('  - id: Bad_Id\n    name: X\n    aliases: [X]\n') }).message).toMatch(/a\.yaml: entry #1: "id" must match/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    aliases: [X]\n') }).message).toMatch(/a\.yaml: entry "x": "name" is missing/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: []\n') }).message).toMatch(/entry "x": "aliases" must be a non-empty list/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [X]\n    week: true\n') }).message).toMatch(/entry "x": unknown key "week"/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [{ form: X, weak: yes please }]\n') }).message)
      .toMatch(/entry "x": alias #1: "weak" must be true or false/);
  });

  it('duplicate ids across files', () => {
    const err = errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [Xa]\n'), 'b.yaml': file('  - id: x\n    name: X\n    aliases: [Xb]\n') });
    expect(err.message).toMatch(/b\.yaml: entry "x": duplicate id \(also in a\.yaml\)/);
  });

  it('an alias claimed twice (case-insensitively, unless both are case-sensitive spellings)', () => {
    const err = errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [Shared]\n  - id: y\n    name: Y\n    aliases: [shared]\n') });
    expect(err.message).toMatch(/entry "y": alias "shared" is already claimed by "x"/);
    expect(() => loadTaxonomy(dirWith({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [{ form: Go, cs: true }]\n  - id: y\n    name: Y\n    aliases: [{ form: GO, cs: true }]\n') }))).not.toThrow();
  });

  it('unknown with and relation targets', () => {
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [X]\n    with: [nope]\n') }).message).toMatch(/entry "x": "with" names unknown id "nope"/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [X]\n    relations: { implies: [nope] }\n') }).message)
      .toMatch(/entry "x": relations\.implies names unknown id "nope"/);
    expect(errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [X]\n    relations: { likes: [x] }\n') }).message).toMatch(/unknown relation type "likes"/);
  });

  it('reject patterns that do not compile or can backtrack catastrophically', () => {
    expect(errorOf({ 'a.yaml': file("  - id: x\n    name: X\n    aliases: [X]\n    reject: ['(unclosed']\n") }).message).toMatch(/entry "x": reject pattern .* does not compile/);
    expect(errorOf({ 'a.yaml': file("  - id: x\n    name: X\n    aliases: [X]\n    reject: ['(a+)+b']\n") }).message).toMatch(/entry "x": reject pattern .* catastrophically/);
    expect(errorOf({ 'a.yaml': file("  - id: x\n    name: X\n    aliases: [X]\n    reject: ['(x|xy)*z']\n") }).message).toMatch(/catastrophically/);
    expect(errorOf({ 'a.yaml': file("  - id: x\n    name: X\n    aliases: [X]\n    reject: ['a*']\n") }).message).toMatch(/matches the empty string/);
  });

  it('reports every problem at once, one per line', () => {
    const err = errorOf({ 'a.yaml': file('  - id: x\n    name: X\n    aliases: [X]\n    with: [nope]\n  - id: y\n    aliases: [Y]\n') });
    expect(err.message).toMatch(/2 problems/);
    expect(err.message.split('\n')).toHaveLength(3);
  });

  it('an empty or missing folder', () => {
    expect(errorOf({}).message).toMatch(/no \.yaml data files/);
    expect(() => loadTaxonomy(join(tmpdir(), 'no-such-techdemand-dir'))).toThrow(/cannot read folder/);
  });
});

describe('the on-disk cache', () => {
  it('writes a JSON copy keyed by version and serves later loads from it', () => {
    const data = mkdtempSync(join(tmpdir(), 'techdemand-tax-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'techdemand-cache-'));
    temps.push(data, cacheDir);
    cpSync(miniDir, data, { recursive: true });
    // A change no other test makes, so the in-process memo cannot answer.
    const f = join(data, 'concept.yaml');
    writeFileSync(f, readFileSync(f, 'utf8') + '  - id: cache-probe\n    name: Cache probe\n    aliases: [cache probe]\n');
    const first = loadTaxonomy(data, { cacheDir });
    const cacheFile = join(cacheDir, `taxonomy-v1-${first.version}.json`);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'));
    expect(stored).toEqual(JSON.parse(JSON.stringify(first)));
    expect(loadTaxonomy(data, { cacheDir })).toEqual(first);
  });

  it('ignores a corrupt cache file and an unwritable cache folder', () => {
    const data = mkdtempSync(join(tmpdir(), 'techdemand-tax-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'techdemand-cache-'));
    temps.push(data, cacheDir);
    cpSync(miniDir, data, { recursive: true });
    const f = join(data, 'concept.yaml');
    writeFileSync(f, readFileSync(f, 'utf8') + '  - id: cache-probe-two\n    name: Cache probe two\n    aliases: [cache probe two]\n');
    const expected = loadTaxonomy(data);
    const cacheFile = join(cacheDir, `taxonomy-v1-${expected.version}.json`);
    writeFileSync(cacheFile, '{ not json');
    expect(loadTaxonomy(data, { cacheDir, fresh: true })).toEqual(expected);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).version).toBe(expected.version); // rewritten
    writeFileSync(join(cacheDir, 'a-file'), '');
    expect(loadTaxonomy(data, { cacheDir: join(cacheDir, 'a-file', 'sub'), fresh: true })).toEqual(expected);
  });
});
