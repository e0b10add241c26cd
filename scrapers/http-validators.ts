// ETag / Last-Modified validators per URL, with the body they validate, so a 304 can hand the
// cached body back. In memory, optionally persisted as one JSON document: a file (FileValidatorStore), or wherever
// the storage engine keeps it (the storage port's ValidatorStore). It is a cache: a missing or unreadable document
// means "start empty", never a failed run.

import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ValidatorStore } from '../src/core/storage.js';

export interface ValidatorEntry {
  etag?: string;
  lastModified?: string;
  status: number;
  body: string;
  /** Clock time (ms) when stored. */
  storedAt: number;
}

export interface ValidatorCacheOptions {
  /** Persist to this JSON file (read on first use, written by flush()). */
  path?: string;
  /** Or persist through a validator store (loaded by ready(), saved by flush()). */
  store?: ValidatorStore;
  /** Oldest entries are dropped past this many (default 5,000). */
  maxEntries?: number;
  /** Oldest entries are dropped past this many body characters in total (default 64 Mi). */
  maxChars?: number;
  onWarning?: (message: string) => void;
}

const FILE_VERSION = 1;

/** The validator document as one file, replaced atomically. */
export class FileValidatorStore implements ValidatorStore {
  constructor(readonly where: string) {}

  /** The file's text, or null when there is none (synchronous: a file cache is read on first use). */
  loadSync(): string | null {
    try {
      return readFileSync(this.where, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async load(): Promise<string | null> {
    try {
      return await readFile(this.where, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async save(text: string): Promise<void> {
    await mkdir(dirname(this.where), { recursive: true });
    const tmp = `${this.where}.${process.pid}.tmp`;
    try {
      // Flushed before the rename: after a power cut the file is the old cache or the new one, not an empty file
      // that would make the next run refetch every board in full.
      const file = await open(tmp, 'w');
      try {
        await file.writeFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.where);
    } catch (err) {
      // A full disk must not leave a half-written temp file beside the cache on every run.
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

export class ValidatorCache {
  private readonly entries = new Map<string, ValidatorEntry>();
  private readonly store: ValidatorStore | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private dirty = false;
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  constructor(private readonly options: ValidatorCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    this.maxChars = options.maxChars ?? 64 * 1024 * 1024;
    this.store = options.store ?? (options.path !== undefined ? new FileValidatorStore(options.path) : undefined);
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

  /** Loads the persisted validators before first use (a file can also be read on first use, synchronously). */
  ready(): Promise<void> {
    const store = this.store;
    if (this.loaded || !store || store instanceof FileValidatorStore) {
      this.load();
      return Promise.resolve();
    }
    this.loading ??= (async () => {
      let text: string | null = null;
      try {
        text = await store.load();
      } catch (err) {
        this.options.onWarning?.(`validator cache ${store.where} unreadable, starting empty: ${(err as Error).message}`);
      }
      this.loaded = true;
      if (text !== null) this.parse(text, store.where);
    })();
    return this.loading;
  }

  /** Saves the cache when it persists somewhere and something changed. */
  async flush(): Promise<void> {
    if (!this.store || !this.dirty) return;
    this.dirty = false;
    const data = { version: FILE_VERSION, entries: Object.fromEntries(this.entries) };
    try {
      await this.store.save(JSON.stringify(data));
    } catch (err) {
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
    // Only a file is read synchronously; any other store is loaded by ready(), and until then nothing is cached.
    if (this.loaded || !(this.store instanceof FileValidatorStore || this.store === undefined)) return;
    this.loaded = true;
    if (!this.store) return;
    let text: string | null;
    try {
      text = this.store.loadSync();
    } catch (err) {
      this.options.onWarning?.(`validator cache ${this.store.where} unreadable, starting empty: ${(err as Error).message}`);
      return;
    }
    if (text !== null) this.parse(text, this.store.where);
  }

  private parse(text: string, where: string): void {
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
      this.options.onWarning?.(`validator cache ${where} is not a techdemand cache file, starting empty: ${(err as Error).message}`);
    }
  }
}
