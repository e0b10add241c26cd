// The storage port: what the application asks of a database, asynchronously, so an engine on another machine
// (a server database) can stand where the embedded SQLite file stands today (db/sqlite-storage.ts).
//
// The rules every engine keeps (tests/contract/storage-contract.ts checks them):
// - Each write method is one transaction: a failure leaves the store as it was before the call.
// - A batch is awaited once, not per row: the embedded engine does its work synchronously inside the call, a server
//   engine in one round trip per batch.
// - Postings are identified by (source, externalId); saving the same posting again is idempotent.
// - Coordination that used to assume one machine and one file (the writer lock, the HTTP validator cache, whether a
//   run's process is still alive) is the engine's business, behind acquireWriter(), validators and
//   markAbortedRuns().
import type { IsoTime, Mention, Month, Posting, PreparedMentions, QueryFilter, RunStatus, SourceRunStats, Strength, TaxonomyRelation, TechCount } from './types.js';
import type {
  CountRequest,
  CoverageSpanRow,
  ExamplePosting,
  PeriodCounts,
  PeriodTechCountRow,
  PostingStreamOptions,
  RunRecord,
  StoredPosting,
} from './queries.js';

// ---------------------------------------------------------------- written data

export interface PostingToSave {
  posting: Posting;
  /** Taxonomy version the mentions were produced with. */
  tagVersion: string;
  /** The tagger's mentions; or, instead, `prepared`. */
  mentions?: readonly Mention[];
  /** The mentions already checked and encoded (db/mentions-codec.ts prepareMentions), e.g. on a tagging thread. */
  prepared?: PreparedMentions;
}

export interface SaveResult {
  /** Postings not stored before. */
  new: number;
  /** Postings whose content hash changed: content and mentions replaced. */
  updated: number;
  /** Postings with the same content hash: only last_seen moved (and a closed posting reopened). */
  unchanged: number;
  /** Of the unchanged ones, those whose mentions were replaced because they came from another taxonomy version. */
  retagged: number;
}

/** What syncTaxonomy needs of a taxonomy entry (a TaxonomyEntry fits). */
export interface TaxonomySyncEntry {
  id: string;
  name: string;
  category: string;
  relations: TaxonomyRelation[];
}

/** A stored posting's text, streamed for re-tagging and suggestions. */
export interface PostingText {
  id: number;
  source: string;
  externalId: string;
  text: string;
  taggedVersion: string | null;
}

export interface IterateOptions {
  /** Only postings not tagged with this taxonomy version (stale or never tagged). */
  notTaggedWith?: string;
  source?: string;
  /** Only postings of these months (inclusive, YYYY-MM). */
  sinceMonth?: string;
  untilMonth?: string;
  /** Rows fetched per query (one page = one awaited batch). Default 500. */
  pageSize?: number;
}

export interface IndexStats {
  indexed: number;
  /** Postings that joined another posting's job (by fingerprint or near-duplicate). */
  merged: number;
}

export interface ReclassifyStats {
  /** Postings whose roles were decided again. */
  classified: number;
  /** Of those, postings whose roles changed. */
  changed: number;
}

/** Which stored postings a complete scrape of one unit accounts for: a source, or one board of it. */
export interface UnitScope {
  source: string;
  /** External ids of the unit start with this (ATS boards: "<board>:"). */
  prefix?: string | undefined;
}

// ---------------------------------------------------------------- the pure cores an engine calls

/** An ad as dedup and the role classifier see it. */
export interface HistoryDoc {
  company: string | null;
  title: string | null;
  location: string | null;
  text: string;
  /** The tagger's mentions with their taxonomy category: the role classifier places generic titles by them. */
  mentions?: { tech: string; offset: number; category: string | null }[];
}

export interface HistoryFeatures {
  fingerprint: string;
  buckets: number[];
}

export interface HistoryCandidate {
  id: number;
  jobKey: string;
  doc: HistoryDoc;
}

/**
 * The pure functions an engine runs while it stores (roles, dedup): src/history-cores.ts wires src/roles.ts and
 * src/dedup.ts in, so every engine decides the same roles and job keys.
 */
export interface HistoryCores {
  classifyRoles(doc: HistoryDoc): string[];
  /** The version of classifyRoles' decisions (src/roles.ts ROLES_VERSION). */
  rolesVersion: string;
  features(doc: HistoryDoc): HistoryFeatures;
  /** The job key among the index's ads, or null for a new job (src/dedup.ts matchJob). */
  match(
    doc: HistoryDoc,
    features: HistoryFeatures,
    index: { jobKeyByFingerprint(fp: string): string | undefined; candidates(buckets: readonly number[]): HistoryCandidate[] },
    selfId: number,
  ): { jobKey: string; how: string } | null;
}

// ---------------------------------------------------------------- coordination

export interface WriterOptions {
  /** Wait for the current writer to finish instead of failing with LockedError. */
  wait?: boolean;
  /** Give up waiting after this long (default: wait forever). */
  waitTimeoutMs?: number;
  /** The command holding the right (shown to a second writer). */
  command: string;
  /** Told when a writer that died was replaced (for the run's log). */
  onStale?: (message: string) => void;
  /** What a refused command can do about it, for its message (default: its --wait flag). */
  busyHint?: string;
  /**
   * A collector (`run`, `scrape`) that divides its units with other collectors through leases (UnitLeases). An
   * engine that allows several collectors (PostgreSQL) lets shared writers in together and keeps exclusive ones
   * (`retag`) apart from them; the embedded engine gives every writer the whole store.
   */
  shared?: boolean;
}

/** The right to write one store; released when the run ends. */
export interface WriterLease {
  release(): Promise<void>;
}

/**
 * Where the polite HTTP client keeps ETag/Last-Modified validators between runs: one serialized document, read once
 * at the start and written at the end. A missing or unreadable document means "start empty".
 */
export interface ValidatorStore {
  /** Names the place in messages. */
  readonly where: string;
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
}

/**
 * How collectors working on one store at once divide a run's units (a source, or one board of it): a unit is
 * claimed before it is scraped and released after, so no two collectors scrape it together and a unit whose
 * collector died is taken over once its lease expires.
 */
export interface UnitLeases {
  /**
   * Claims the first of `units`, in order, that no live collector holds and no collector finished during this
   * collector's round (collectors running at the same time share one round: it began with the earliest of them). `busy`: how many of `units` other live collectors hold now (a caller
   * with nothing to claim but busy units waits for them to finish or their leases to expire).
   */
  claimNext(units: readonly string[]): Promise<{ unit: string | null; busy: number }>;
  /** Gives the unit back: finished (done for this round) or not (free for another collector at once). */
  release(unit: string, finished: boolean): Promise<void>;
}

/**
 * Per-host politeness shared by every collector of a store, when they may run on several hosts: the next moment a
 * request may start to a host. Null where one process holds the store (its own limiter is the whole budget).
 */
export interface HostBudgets {
  /**
   * Takes the host's request slot if it is due (0: send now; the next slot is `intervalMs` later), or resolves
   * with the ms until it is (ask again then).
   */
  reserve(host: string, intervalMs: number): Promise<number>;
  /** No collector starts a request to `host` for the next `ms` (a 429 or 503 with Retry-After). */
  pause(host: string, ms: number): Promise<void>;
}

// ---------------------------------------------------------------- the port

/** The write side of a store: collecting, re-tagging and run records. */
export interface CollectionStorage {
  /** The store as messages name it (a file path, a server URL without its password). */
  readonly location: string;
  acquireWriter(options: WriterOptions): Promise<WriterLease>;
  /** Where HTTP validators persist for this store. */
  readonly validators: ValidatorStore;
  /** How this collector divides units with others working on the same store. */
  readonly leases: UnitLeases;
  /** The per-host request budget all collectors share, or null when this process's own limiter is enough. */
  readonly hostBudgets: HostBudgets | null;

  /** Makes the stored technologies mirror this taxonomy version. */
  syncTaxonomy(entries: readonly TaxonomySyncEntry[], version: string): Promise<void>;
  /** Runs left 'running' by a process that no longer exists are marked 'aborted'; returns how many. */
  markAbortedRuns(): Promise<number>;
  /** Records a run as 'running'; returns its id. */
  startRun(command: string, taxonomyVersion: string | null, startedAt?: IsoTime): Promise<number>;
  /** Records (replaces) a run's per-source statistics; the run keeps its status. */
  recordRunSources(runId: number, stats: readonly SourceRunStats[]): Promise<void>;
  finishRun(runId: number, status: Exclude<RunStatus, 'running'>, stats: readonly SourceRunStats[], endedAt?: IsoTime): Promise<void>;
  /** Start time of the last run in which `source` finished ok, or null. */
  lastSuccessfulRun(source: string): Promise<IsoTime | null>;

  /**
   * Saves one batch and decides its roles and job keys in the same transaction, so a posting is never stored without
   * its job key. `merged`: how many of the batch joined another posting's job.
   */
  saveBatch(batch: readonly PostingToSave[], seenAt: IsoTime): Promise<{ saved: SaveResult; merged: number }>;
  /** Decides roles and job keys of every posting stored without them (after an upgrade); roles of an older classifier first. */
  indexPendingAll(): Promise<IndexStats>;
  /** Decides roles again where an older classifier (or, with force, any) decided them. Resumable. */
  reclassifyRoles(options?: { force?: boolean; onProgress?: (done: number) => void }): Promise<ReclassifyStats>;
  /** Open postings of a unit (before a scrape: to notice a source that suddenly lists nothing). */
  openCount(scope: UnitScope): Promise<number>;
  /** Closes a unit's open postings not seen since the start of its complete scrape; returns how many. */
  closeUnseen(scope: UnitScope, notSeenSince: IsoTime, closedAt?: IsoTime): Promise<number>;

  /** Stored postings iteratePostings({ notTaggedWith }) yields (every posting without it). */
  countPostingsToRetag(notTaggedWith?: string): Promise<number>;
  /** Stored postings in id order, one page per awaited batch; the caller may write between pages. */
  postingPages(options?: IterateOptions): AsyncIterable<PostingText[]>;
  replaceMentionsBatch(items: readonly { postingId: number; mentions: readonly Mention[] }[], tagVersion: string): Promise<void>;

  close(): Promise<void>;
}

// ---------------------------------------------------------------- the read side


/**
 * The questions the query commands and the report ask of a store. Every answer is plain data and must be the same,
 * to the byte once rendered, whichever engine holds the postings (tests/contract/storage-contract.ts).
 */
export interface QueryStorage {
  readonly location: string;
  hasPostings(): Promise<boolean>;
  countPostings(filter?: QueryFilter): Promise<number>;
  monthsWithPostings(filter?: QueryFilter): Promise<Month[]>;
  topTechnologies(filter: QueryFilter, limit: number): Promise<{ total: number; rows: TechCount[] }>;
  /** A numeric id, or "source:externalId". */
  postingById(ref: number | string): Promise<StoredPosting | undefined>;
  examplePostings(tech: string, limit: number, filter: QueryFilter): Promise<ExamplePosting[]>;
  runsList(limit: number): Promise<RunRecord[]>;
  /** Numerators and denominators for shares per period, from one snapshot. */
  periodTechCounts(req: CountRequest): Promise<PeriodCounts>;
  /** A roll-up's members counted as one series (an ad naming two members counts once). */
  rollupPeriodCounts(members: readonly string[], label: string, req: CountRequest): Promise<PeriodTechCountRow[]>;
  windowTechCounts(req: Omit<CountRequest, 'grain'>): Promise<{ total: number; counts: { tech: string; count: number }[]; source: 'aggregates' | 'postings' }>;
  /**
   * Every posting in the filter with its technologies, row by row into `onRow` (a posting without any is one row
   * with tech null), one job's first posting only unless `uniqueJobs` is false. Resolves with the row count.
   */
  forEachPostingTech(
    filter: QueryFilter,
    onRow: (postingId: number, month: Month, tech: string | null, strength: Strength | null, company: string | null) => void,
    options?: PostingStreamOptions,
  ): Promise<number>;
  /** Technologies of the job repeats the unique-jobs stream left out (a job's later postings). */
  duplicateJobTechs(filter: QueryFilter): Promise<{ rep: number; tech: string; strength: Strength }[]>;
  coverageSpans(options: { sources?: readonly string[] }): Promise<CoverageSpanRow[]>;
  rolesState(): Promise<{ classified: boolean; version: string | null }>;
  countTaggedPostings(filter: QueryFilter): Promise<{ total: number; tagged: number }>;
  postingSources(filter: QueryFilter): Promise<string[]>;
  /** Stored postings' texts in id order, one page per awaited batch (suggestions). */
  postingPages(options?: IterateOptions): AsyncIterable<PostingText[]>;
  close(): Promise<void>;
}
