// Real HN "Who is hiring?" ads turned into Posting objects, plus a deliberately simple literal tagger, for the
// db tests. The tagger is not the product's: the store must work for any mentions, so the tests only need
// mentions that are real substrings of real ads.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import type { Mention, Posting, Strength } from '../../src/core/types.js';
import type { PostingToSave } from '../../db/store.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const corpusFile = resolve(repoRoot, '../shared/corpus/hn-whoishiring-2013-2018/postings.sample.jsonl');

interface CorpusLine {
  id: string;
  source: string;
  thread_month: string;
  posted_at: string;
  by: string | null;
  location: string | null;
  remote: boolean | null;
  url: string | null;
  html: string | null;
  text: string;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex');
}

/** HN ads usually open with "Company | Location | …"; take the first field when it looks like a name. */
function companyOf(text: string): string | null {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.includes('|')) return null;
  const name = first.split('|', 1)[0]!.trim();
  return name.length > 0 && name.length <= 60 ? name : null;
}

export function toPosting(line: CorpusLine): Posting {
  return {
    source: 'hn',
    externalId: line.id,
    url: line.url,
    company: companyOf(line.text),
    title: null,
    location: line.location,
    remote: line.remote,
    postedAt: line.posted_at,
    postedMonth: line.thread_month,
    html: line.html,
    text: line.text,
    contentHash: contentHash(line.text),
    meta: { by: line.by, thread: line.thread_month },
  };
}

let cachedLines: CorpusLine[] | undefined;

/** Every `step`-th ad of the sample (which is ordered by month), so a small set spans many months. */
export function corpusPostings(count: number, step = 97, offset = 0): Posting[] {
  cachedLines ??= readFileSync(corpusFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusLine);
  const out: Posting[] = [];
  for (let i = offset; i < cachedLines.length && out.length < count; i += step) out.push(toPosting(cachedLines[i]!));
  return out;
}

const LITERALS: [RegExp, string][] = [
  [/\bPython\b/gi, 'python'],
  [/\bJava\b(?!\s*script)/gi, 'java'],
  [/\bJavaScript\b/gi, 'javascript'],
  [/\bRuby\b/gi, 'ruby'],
  [/\bRails\b/gi, 'rails'],
  [/\bPostgres(?:QL)?\b/gi, 'postgresql'],
  [/\bMySQL\b/gi, 'mysql'],
  [/\bReact\b/g, 'react'],
  [/\bDocker\b/gi, 'docker'],
  [/\bAWS\b/g, 'aws'],
  [/\bScala\b/gi, 'scala'],
  [/\bHaskell\b/gi, 'haskell'],
  [/\bDjango\b/gi, 'django'],
  [/\bNode(?:\.js|JS)\b/gi, 'nodejs'],
];

/** Literal mentions; "required" when a requirement cue precedes the match closely, else "mentioned". */
export function literalMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const [re, tech] of LITERALS) {
    for (const m of text.matchAll(re)) {
      const before = text.slice(Math.max(0, m.index - 60), m.index).toLowerCase();
      const strength: Strength = /experience|required|must|proficien/.test(before)
        ? 'required'
        : /nice to have|bonus|plus/.test(before)
          ? 'preferred'
          : 'mentioned';
      mentions.push({ tech, text: m[0], offset: m.index, length: m[0].length, strength, rule: `literal:${tech}` });
    }
  }
  return mentions.sort((a, b) => a.offset - b.offset);
}

export function tagged(postings: Posting[], tagVersion = 'tax-v1'): PostingToSave[] {
  return postings.map((posting) => ({ posting, tagVersion, mentions: literalMentions(posting.text) }));
}

export const TAXONOMY = [
  { id: 'python', name: 'Python', category: 'language', relations: [] },
  { id: 'java', name: 'Java', category: 'language', relations: [] },
  { id: 'javascript', name: 'JavaScript', category: 'language', relations: [] },
  { id: 'ruby', name: 'Ruby', category: 'language', relations: [] },
  { id: 'scala', name: 'Scala', category: 'language', relations: [] },
  { id: 'haskell', name: 'Haskell', category: 'language', relations: [] },
  { id: 'rails', name: 'Ruby on Rails', category: 'framework', relations: [{ type: 'implies' as const, target: 'ruby' }] },
  { id: 'django', name: 'Django', category: 'framework', relations: [{ type: 'implies' as const, target: 'python' }] },
  { id: 'react', name: 'React', category: 'framework', relations: [{ type: 'implies' as const, target: 'javascript' }] },
  { id: 'nodejs', name: 'Node.js', category: 'runtime', relations: [{ type: 'implies' as const, target: 'javascript' }] },
  { id: 'postgresql', name: 'PostgreSQL', category: 'database', relations: [] },
  { id: 'mysql', name: 'MySQL', category: 'database', relations: [] },
  { id: 'docker', name: 'Docker', category: 'devops', relations: [] },
  { id: 'aws', name: 'Amazon Web Services', category: 'cloud', relations: [] },
];

/** A fresh temp folder; call the returned cleanup in afterEach/afterAll. */
export function tempDir(prefix = 'techdemand-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every row of every techdemand table, in a stable order; `ignore` drops columns that may legitimately move. */
export function snapshot(db: Database, ignore: string[] = []): Record<string, unknown[]> {
  const order: Record<string, string> = {
    postings: 'id',
    posting_tech: 'posting_id, tech',
    monthly_tech: 'month, source, tech',
    monthly_totals: 'month, source',
    technologies: 'id',
    tech_relations: 'tech, type, target',
    runs: 'id',
    run_sources: 'run_id, source',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, by] of Object.entries(order)) {
    out[table] = (db.prepare(`SELECT * FROM ${table} ORDER BY ${by}`).all() as Record<string, unknown>[]).map((row) => {
      const copy = { ...row };
      for (const column of ignore) delete copy[column];
      return copy;
    });
  }
  return out;
}

