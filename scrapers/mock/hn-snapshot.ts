// The HN snapshot the replay server serves: its format, loading and validation.
//
// File format (data/hn-snapshot.json.gz): ONE gzip-compressed JSON object
//   { "format": "techdemand-hn-snapshot", "version": 1, "description": "...",
//     "stories":  [{ "id", "title", "author", "created_at_i", "points", "num_comments", "text"?, "url"? }],
//     "comments": [{ "id", "parent_id", "story_id", "author", "created_at_i", "text", "points"?, "dead"?, "deleted"? }] }
// Only the facts are stored; the server derives every Algolia field (created_at, _tags, story_title, …).
// A comment with "deleted": true is served with author and text null; "dead": true with text null.

import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/errors.js';

export const SNAPSHOT_FORMAT = 'techdemand-hn-snapshot';
export const SNAPSHOT_VERSION = 1;
export const BUNDLED_SNAPSHOT_FILE = 'hn-snapshot.json.gz';

export interface SnapshotStory {
  id: number;
  title: string;
  author: string;
  created_at_i: number;
  points: number | null;
  num_comments: number | null;
  /** Story body HTML (Ask HN text), when known. */
  text?: string | null;
  url?: string | null;
}

export interface SnapshotComment {
  id: number;
  /** The story id for a top-level comment (an ad), another comment's id for a reply. */
  parent_id: number;
  story_id: number;
  author: string | null;
  created_at_i: number;
  /** Comment HTML exactly as HN serves it. */
  text: string | null;
  points?: number | null;
  dead?: boolean;
  deleted?: boolean;
}

export interface HnSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  description?: string;
  stories: SnapshotStory[];
  comments: SnapshotComment[];
}

/** Reads and validates a snapshot file (gzip JSON; plain JSON is accepted too). */
export function loadHnSnapshot(path: string): HnSnapshot {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read HN snapshot ${path}: ${(err as Error).message}`, { cause: err });
  }
  let text: string;
  try {
    text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  } catch (err) {
    throw new InputError(`HN snapshot ${path} is not valid gzip: ${(err as Error).message}`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`HN snapshot ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return validateHnSnapshot(data, path);
}

/** Checks the shape; the message names the file and the first bad entry. */
export function validateHnSnapshot(data: unknown, where = 'snapshot'): HnSnapshot {
  const o = data as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw new InputError(`${where}: not a JSON object`);
  if (o['format'] !== SNAPSHOT_FORMAT) throw new InputError(`${where}: format is not "${SNAPSHOT_FORMAT}"`);
  if (o['version'] !== SNAPSHOT_VERSION) throw new InputError(`${where}: unsupported version ${String(o['version'])}`);
  if (!Array.isArray(o['stories']) || !Array.isArray(o['comments'])) throw new InputError(`${where}: stories and comments must be arrays`);
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const nullableInt = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));
  const ids = new Set<number>();
  (o['stories'] as unknown[]).forEach((s, i) => {
    const e = s as Record<string, unknown>;
    if (!e || typeof e !== 'object' || !isInt(e['id']) || typeof e['title'] !== 'string' || typeof e['author'] !== 'string' || !isInt(e['created_at_i']) ||
      !nullableInt(e['points']) || !nullableInt(e['num_comments'])) {
      throw new InputError(`${where}: stories[${i}] is malformed (${JSON.stringify(s).slice(0, 100)})`);
    }
    if (ids.has(e['id'] as number)) throw new InputError(`${where}: stories[${i}] repeats id ${String(e['id'])}`);
    ids.add(e['id'] as number);
  });
  (o['comments'] as unknown[]).forEach((c, i) => {
    const e = c as Record<string, unknown>;
    if (!e || typeof e !== 'object' || !isInt(e['id']) || !isInt(e['parent_id']) || !isInt(e['story_id']) || !isInt(e['created_at_i']) ||
      !(e['author'] === null || typeof e['author'] === 'string') || !(e['text'] === null || typeof e['text'] === 'string')) {
      throw new InputError(`${where}: comments[${i}] is malformed (${JSON.stringify(c).slice(0, 100)})`);
    }
    if (ids.has(e['id'] as number)) throw new InputError(`${where}: comments[${i}] repeats id ${String(e['id'])}`);
    ids.add(e['id'] as number);
  });
  return data as HnSnapshot;
}

/**
 * Path of the bundled data/hn-snapshot.json.gz, found by walking up from this module
 * (it sits at scrapers/mock/ in the sources and at dist/scrapers/mock/ once compiled).
 */
export function bundledSnapshotPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', BUNDLED_SNAPSHOT_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new InputError(`bundled HN snapshot data/${BUNDLED_SNAPSHOT_FILE} not found above ${fileURLToPath(import.meta.url)}`);
}
