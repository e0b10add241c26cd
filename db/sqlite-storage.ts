// The embedded engine behind the storage port (src/core/storage.ts): one SQLite file, written by one process at a
// time. It wraps the synchronous Store and History: each port call does its work synchronously and resolves once,
// so a batch costs one await, not one per row, and the embedded path keeps its speed.
//
// What "one machine, one file" means here, and only here:
// - the writer lock is `<db>.lock` beside the file (db/file-lock.ts), taken over when its pid is gone;
// - the HTTP validator cache is the file `<db>.http-cache.json` (the composition root passes the file store in);
// - a run is alive while the pid it recorded is (markAbortedRuns).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type {
  CollectionStorage,
  QueryStorage,
  HistoryCores,
  IterateOptions,
  HostBudgets,
  PostingText,
  UnitLeases,
  PostingToSave,
  ValidatorStore,
  WriterLease,
  WriterOptions,
} from '../src/core/storage.js';
import type { IsoTime, Mention, QueryFilter, RunStatus, SourceRunStats } from '../src/core/types.js';
import type { CountRequest, PostingStreamOptions } from '../src/core/queries.js';
import { countPostings, examplePostings, hasPostings, monthsWithPostings, postingById, runsList, topTechnologies } from './queries.js';
import {
  countTaggedPostings,
  coverageSpans,
  duplicateJobTechs,
  forEachPostingTech,
  periodTechCounts,
  postingSources,
  rollupPeriodCounts,
  rolesState,
  windowTechCounts,
} from './analytics-queries.js';
import { openDatabase, BULK_LOAD_CACHE_MB } from './open.js';
import { Store } from './store.js';
import { History } from './history.js';
import { acquireLock, lockPathFor } from './file-lock.js';
import { guardDatabase } from './db-error.js';

export interface SqliteStorageOptions {
  /** Roles and dedup, decided while storing. */
  cores: HistoryCores;
  /** Where HTTP validators persist (a file beside the database: validatorCachePathFor). */
  validators: ValidatorStore;
  /** A bulk load: the larger page cache of db/open.ts. */
  bulk?: boolean;
  /**
   * Sources whose ads are a complete, dated record (descriptor family "thread"): counted in their posted month, never
   * closed. Recorded in dated_sources (migration 006) when the file opens, before anything is stored.
   */
  datedSources?: readonly string[];
}

/** The validator cache file beside a database. */
export function validatorCachePathFor(dbPath: string): string {
  return `${dbPath}.http-cache.json`;
}

/**
 * Leases of a store one process writes at a time (the writer lock keeps every other collector out): each unit is
 * handed out once per storage, in order, and nobody else is ever busy with one.
 */
export class SingleWriterLeases implements UnitLeases {
  private readonly claimed = new Set<string>();

  async claimNext(units: readonly string[]): Promise<{ unit: string | null; busy: number }> {
    const unit = units.find((u) => !this.claimed.has(u)) ?? null;
    if (unit !== null) this.claimed.add(unit);
    return { unit, busy: 0 };
  }

  async release(unit: string, finished: boolean): Promise<void> {
    if (!finished) this.claimed.delete(unit);
  }
}

export class SqliteStorage implements CollectionStorage {
  readonly location: string;
  readonly validators: ValidatorStore;
  readonly leases: UnitLeases = new SingleWriterLeases();
  /** One process writes the file: its own per-host limiter is the whole budget. */
  readonly hostBudgets: HostBudgets | null = null;
  private opened:
    | {
        db: Database;
        store: Store;
        history: History;
        saveAndIndex: (batch: readonly PostingToSave[], seenAt: IsoTime) => { saved: ReturnType<Store['savePostings']>; merged: number };
      }
    | undefined;
  private closed = false;

  /**
   * The file is opened (created, migrated) on first use, not here: a second writer refused by acquireWriter() must
   * not have touched the database at all.
   */
  constructor(
    path: string,
    private readonly options: SqliteStorageOptions,
  ) {
    this.location = path;
    this.validators = options.validators;
  }

  private get parts() {
    if (this.opened) return this.opened;
    if (this.closed) throw new Error(`storage ${this.location} is closed`);
    mkdirSync(dirname(this.location), { recursive: true });
    const db = openDatabase(this.location, this.options.bulk ? { cacheMb: BULK_LOAD_CACHE_MB } : {});
    if (this.options.datedSources?.length) {
      const add = db.prepare('INSERT OR IGNORE INTO dated_sources (source) VALUES (?)');
      guardDatabase(this.location, 'recording dated sources', () => db.transaction(() => this.options.datedSources!.forEach((s) => add.run(s))).immediate());
    }
    const store = new Store(db);
    const history = new History(db, this.options.cores);
    // The pending postings indexed here are exactly the batch's new and changed ones (indexPendingAll at the start
    // of a collection took any others), so the merges belong to the batch.
    const tx = db.transaction((batch: readonly PostingToSave[], seenAt: IsoTime) => {
      const saved = store.savePostings(batch, seenAt);
      return { saved, merged: history.indexPending(batch.length + 100).merged };
    });
    this.opened = { db, store, history, saveAndIndex: (batch, seenAt) => tx.immediate(batch, seenAt) };
    return this.opened;
  }

  private get store(): Store {
    return this.parts.store;
  }

  private get history(): History {
    return this.parts.history;
  }

  async acquireWriter(options: WriterOptions): Promise<WriterLease> {
    mkdirSync(dirname(this.location), { recursive: true });
    const lock = await acquireLock(lockPathFor(this.location), {
      wait: options.wait ?? false,
      ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
      command: options.command,
      ...(options.busyHint !== undefined ? { busyHint: options.busyHint } : {}),
      onStale: (info, reason) => options.onStale?.(`took over a stale lock (${reason}${info ? `, left by pid ${info.pid}` : ''})`),
    });
    return { release: async () => lock.release() };
  }

  async syncTaxonomy(entries: Parameters<Store['syncTaxonomy']>[0], version: string): Promise<void> {
    this.store.syncTaxonomy(entries, version);
  }

  async markAbortedRuns(): Promise<number> {
    return this.store.markAbortedRuns();
  }

  async startRun(command: string, taxonomyVersion: string | null, startedAt?: IsoTime): Promise<number> {
    return this.store.startRun(command, taxonomyVersion, startedAt);
  }

  async recordRunSources(runId: number, stats: readonly SourceRunStats[]): Promise<void> {
    this.store.recordRunSources(runId, stats);
  }

  async finishRun(runId: number, status: Exclude<RunStatus, 'running'>, stats: readonly SourceRunStats[], endedAt?: IsoTime): Promise<void> {
    this.store.finishRun(runId, status, stats, endedAt);
  }

  async lastSuccessfulRun(source: string): Promise<IsoTime | null> {
    return this.history.lastSuccessfulRun(source);
  }

  async saveBatch(batch: readonly PostingToSave[], seenAt: IsoTime) {
    return this.parts.saveAndIndex(batch, seenAt);
  }

  async indexPendingAll() {
    return this.history.indexPendingAll();
  }

  async reclassifyRoles(options: { force?: boolean; onProgress?: (done: number) => void } = {}) {
    return this.history.reclassifyRoles(options);
  }

  async openCount(scope: { source: string; prefix?: string | undefined }): Promise<number> {
    return this.history.openCount(scope);
  }

  async closeUnseen(scope: { source: string; prefix?: string | undefined }, notSeenSince: IsoTime, closedAt?: IsoTime): Promise<number> {
    return this.history.closeUnseen(scope, notSeenSince, closedAt);
  }

  async countPostingsToRetag(notTaggedWith?: string): Promise<number> {
    return this.store.countPostingsToRetag(notTaggedWith);
  }

  async *postingPages(options: IterateOptions = {}): AsyncIterable<PostingText[]> {
    yield* pagesOf(this.store, options);
  }

  async replaceMentionsBatch(items: readonly { postingId: number; mentions: readonly Mention[] }[], tagVersion: string): Promise<void> {
    this.store.replaceMentionsBatch(items, tagVersion);
  }

  /** Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.opened?.db.close();
    this.opened = undefined;
  }
}

/** A SQLite file (created with its folder on first use when missing) as a CollectionStorage. */
export function openSqliteStorage(path: string, options: SqliteStorageOptions): SqliteStorage {
  return new SqliteStorage(resolve(path), options);
}

// ---------------------------------------------------------------- the read side

/** A SQLite file opened read-only as a QueryStorage: each question runs synchronously and resolves once. */
export class SqliteQueryStorage implements QueryStorage {
  private readonly store: Store;

  constructor(
    private readonly db: Database,
    readonly location: string,
  ) {
    this.store = new Store(db);
  }

  async hasPostings() {
    return hasPostings(this.db);
  }
  async countPostings(filter: QueryFilter = {}) {
    return countPostings(this.db, filter);
  }
  async monthsWithPostings(filter: QueryFilter = {}) {
    return monthsWithPostings(this.db, filter);
  }
  async topTechnologies(filter: QueryFilter, limit: number) {
    return topTechnologies(this.db, filter, limit);
  }
  async postingById(ref: number | string) {
    return postingById(this.db, ref);
  }
  async examplePostings(tech: string, limit: number, filter: QueryFilter) {
    return examplePostings(this.db, tech, limit, filter);
  }
  async runsList(limit: number) {
    return runsList(this.db, limit);
  }
  async periodTechCounts(req: CountRequest) {
    return periodTechCounts(this.db, req);
  }
  async rollupPeriodCounts(members: readonly string[], label: string, req: CountRequest) {
    return rollupPeriodCounts(this.db, members, label, req);
  }
  async windowTechCounts(req: Omit<CountRequest, 'grain'>) {
    return windowTechCounts(this.db, req);
  }
  async forEachPostingTech(filter: QueryFilter, onRow: Parameters<QueryStorage['forEachPostingTech']>[1], options: PostingStreamOptions = {}) {
    return forEachPostingTech(this.db, filter, onRow, options);
  }
  async duplicateJobTechs(filter: QueryFilter) {
    return duplicateJobTechs(this.db, filter);
  }
  async coverageSpans(options: { sources?: readonly string[] }) {
    return coverageSpans(this.db, options);
  }
  async rolesState() {
    return rolesState(this.db);
  }
  async countTaggedPostings(filter: QueryFilter) {
    return countTaggedPostings(this.db, filter);
  }
  async postingSources(filter: QueryFilter) {
    return postingSources(this.db, filter);
  }
  async *postingPages(options: IterateOptions = {}): AsyncIterable<PostingText[]> {
    yield* pagesOf(this.store, options);
  }
  async close(): Promise<void> {
    this.db.close();
  }
}

/** Store.iteratePostings regrouped into pages of `pageSize`: one awaited batch each. */
async function* pagesOf(store: Store, options: IterateOptions): AsyncIterable<PostingText[]> {
  const size = options.pageSize ?? 500;
  let page: PostingText[] = [];
  // Store.iteratePostings keeps no statement open between its pages, so the caller may write between ours.
  for (const p of store.iteratePostings({ ...options, pageSize: size })) {
    page.push(p);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Opens an existing SQLite file read-only for questions. */
export function openSqliteQueryStorage(path: string): SqliteQueryStorage {
  const file = resolve(path);
  return new SqliteQueryStorage(openDatabase(file, { readonly: true }), path);
}
