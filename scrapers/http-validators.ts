// ETag / Last-Modified validators per URL, with the body they validate, so a 304 can hand the
// cached body back. In memory, optionally persisted to one JSON file (written on flush()).
// It is a cache: a missing or unreadable file means "start empty", never a failed run.

import { mkdir, open, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ValidatorEntry {
  etag?: string;
  lastModified?: string;
  status: number;
  body: string;
  /** Clock time (ms) when stored. */
  storedAt: number;
}

export interface ValidatorCacheOptions {
  path?: string;
  /** Oldest entries are dropped past this many (default 5,000). */
  maxEntries?: number;
  /** Oldest entries are dropped past this many body characters in total (default 64 Mi). */
  maxChars?: number;
  onWarning?: (message: string) => void;
}

const FILE_VERSION = 1;

export class ValidatorCache {
  private readonly entries = new Map<string, ValidatorEntry>();
  private loaded = false;
  private dirty = false;
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  constructor(private readonly options: ValidatorCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    this.maxChars = options.maxChars ?? 64 * 1024 * 1024;
  }

  get size(): number {
    this.load();
    return this.entries.size;
  }

  get(url: string): ValidatorEntry | undefined {
    this.load();
    return this.entries.get(url);
  }

  set(url: string, entry: ValidatorEntry): void {
    this.load();
    this.remove(url);
    this.entries.set(url, entry);
    this.chars += entry.body.length;
    this.dirty = true;
    this.evict();
  }

  /** Writes the file (atomically: temp file + rename) when there is a path and something changed. */
  async flush(): Promise<void> {
    const path = this.options.path;
    if (!path || !this.dirty) return;
    this.dirty = false;
    const data = { version: FILE_VERSION, entries: Object.fromEntries(this.entries) };
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      // Flushed before the rename: after a power cut the file is the old cache or the new one, not an empty file
      // that would make the next run refetch every board in full.
      const file = await open(tmp, 'w');
      try {
        await file.writeFile(JSON.stringify(data));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, path);
    } catch (err) {
      // A full disk must not leave a half-written temp file beside the cache on every run.
      await rm(tmp, { force: true });
      this.dirty = true;
      throw err;
    }
  }

  private remove(url: string): void {
    const old = this.entries.get(url);
    if (old) {
      this.chars -= old.body.length;
      this.entries.delete(url);
    }
  }

  private evict(): void {
    // Map iteration order is insertion order, and set() re-inserts, so the first key is the oldest.
    while (this.entries.size > this.maxEntries || (this.chars > this.maxChars && this.entries.size > 1)) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const path = this.options.path;
    if (!path) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.onWarning?.(`validator cache ${path} unreadable, starting empty: ${(err as Error).message}`);
      }
      return;
    }
    try {
      const data = JSON.parse(text) as { version?: unknown; entries?: unknown };
      if (data.version !== FILE_VERSION || typeof data.entries !== 'object' || data.entries === null) {
        throw new Error('unexpected layout');
      }
      for (const [url, raw] of Object.entries(data.entries as Record<string, unknown>)) {
        const e = raw as Partial<ValidatorEntry>;
        if (typeof e !== 'object' || e === null || typeof e.body !== 'string' || typeof e.status !== 'number') continue;
        if (typeof e.etag !== 'string' && typeof e.lastModified !== 'string') continue;
        const entry: ValidatorEntry = { status: e.status, body: e.body, storedAt: typeof e.storedAt === 'number' ? e.storedAt : 0 };
        if (typeof e.etag === 'string') entry.etag = e.etag;
        if (typeof e.lastModified === 'string') entry.lastModified = e.lastModified;
        this.entries.set(url, entry);
        this.chars += entry.body.length;
      }
      this.evict();
    } catch (err) {
      this.options.onWarning?.(`validator cache ${path} is not a techdemand cache file, starting empty: ${(err as Error).message}`);
    }
  }
}
