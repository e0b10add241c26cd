// `techdemand run`: one scheduled command that collects every configured source → tags → stores → reports.
//
// The run, in order:
//   1. become the store's one writer (the SQLite engine: `<db>.lock`, db/file-lock.ts): two runs never overlap; a
//      writer that died is replaced;
//   2. open the database, mark runs a killed process left 'running' as 'aborted', record this run;
//   3. classify and deduplicate postings other commands stored without it (scrape, demo, an upgrade);
//   4. scrape every unit — a source, or one board of an ATS — at most `concurrency` at a time, through ONE polite
//      HTTP client: each source's documented host budget (scrapers/ats, scrapers/boards, hn) under the config's
//      overrides, and an ETag/Last-Modified cache in `<db>.http-cache.json`, so an unchanged board costs one 304;
//      a unit whose terms ask for fewer syncs than we are asked to do (Remotive, Jobicy, …) is skipped until due;
//   5. every batch is saved, classified (roles) and deduplicated (job keys) in one transaction;
//   6. a unit that completed closes what it no longer lists — unless it suddenly lists (almost) nothing, which is
//      flagged instead of believed; a failed unit closes nothing;
//   7. the run ends with per-source statistics in runs/run_sources, the health table, and the report.
// One unit failing never stops the others; the result's exitCode is 3 when any unit failed or was flagged.

import { resolve } from 'node:path';
import { SourceError } from './core/errors.js';
import { ingestSource, type PipelineStore, type PipelineTagger } from './pipeline.js';
import type { TagPool } from './tag-pool.js';
import { isSuspiciousDrop, problemUnits, runStatus, sourceStats, type UnitHealth } from './health.js';
import type { RateLimit, RunConfig, SourceConfig } from './config.js';
import type { RunStatus, Source, SourceContext, SourceRunStats, Taxonomy } from './core/types.js';
import { VERSION } from './version.js';
import type { CollectionStorage, IndexStats, UnitLeases, WriterLease } from './core/storage.js';
import { canonicalLocation, openCollectionStorage, shownLocation } from './storage.js';
import { createHttpClient, type HttpClientOptions, type PoliteHttpClient } from '../scrapers/http.js';
import { createSource, descriptors, sourceDescriptor } from '../scrapers/registry.js';
import type { UnitPlan } from './core/sources.js';

// ---------------------------------------------------------------- plan

/** One thing to scrape: a source, or one board of an ATS source (its descriptor's UnitPlan, with the source). */
export interface RunUnit extends UnitPlan {
  source: string;
}

/** The units of a config, in file order, boards in listed order: each source's descriptor plans its own. */
export function planUnits(config: RunConfig): RunUnit[] {
  const units: RunUnit[] = [];
  for (const s of config.sources) {
    if (!s.enabled) continue;
    const entry = { ...(s.baseUrl !== undefined ? { baseUrl: s.baseUrl } : {}), ...(s.boards !== undefined ? { boards: s.boards } : {}), options: s.options };
    for (const u of sourceDescriptor(s.name).units(entry)) units.push({ source: s.name, ...u });
  }
  return units;
}

/**
 * hostPolicies for the HTTP client: each host gets the strictest budget any source asks for it (several ATS boards
 * share one API host), then the config's rateLimits (by host or host:port), then a source's own rateLimit.
 */
export function hostPolicies(units: readonly RunUnit[], config: RunConfig): Record<string, Partial<Required<RateLimit>>> {
  const out: Record<string, Partial<Required<RateLimit>>> = {};
  for (const u of units) {
    for (const [host, p] of Object.entries(u.hosts)) {
      const cur = out[host];
      out[host] = cur
        ? { concurrency: Math.min(cur.concurrency ?? p.concurrency, p.concurrency), minIntervalMs: Math.max(cur.minIntervalMs ?? 0, p.minIntervalMs) }
        : { ...p };
    }
  }
  const hostname = (h: string) => h.replace(/:\d+$/, '');
  for (const [key, limit] of Object.entries(config.rateLimits)) {
    const matching = Object.keys(out).filter((h) => h === key || hostname(h) === key);
    for (const h of matching) out[h] = { ...out[h], ...limit };
    if (matching.length === 0) out[key] = { ...limit };
  }
  const bySource = new Map<string, SourceConfig>(config.sources.map((s) => [s.name, s]));
  for (const u of units) {
    const own = bySource.get(u.source)?.rateLimit;
    if (!own) continue;
    for (const h of Object.keys(u.hosts)) out[h] = { ...out[h], ...own };
  }
  return out;
}

// ---------------------------------------------------------------- run

export type RunEvent =
  | { event: 'start'; runId: number; db: string; units: number; abortedRuns: number; time: string }
  | { event: 'backfill'; indexed: number; merged: number }
  | { event: 'roles'; classified: number; changed: number; version: string }
  | { event: 'unit-start'; unit: string }
  | { event: 'progress'; unit: string; message: string; done?: number; total?: number }
  | { event: 'batch'; unit: string; seen: number; new: number }
  | ({ event: 'source' } & UnitHealth)
  | { event: 'report'; path: string }
  | { event: 'warning'; message: string }
  | { event: 'done'; runId: number; status: RunStatus; exitCode: number; durationMs: number };

export interface RunOptions {
  config: RunConfig;
  /** Database path (the CLI resolves --db, the config's database and the default). */
  dbPath: string;
  /** Run sources that are not due yet, and accept a suspicious drop (close what disappeared). */
  force?: boolean;
  /** Wait for another run's lock instead of failing. */
  wait?: boolean;
  /** Report file to write after the run; null for none; default: the config's `report`. */
  report?: string | null;
  /** Units scraped at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  now?: () => Date;
  onEvent?: (event: RunEvent) => void;
  /** Extra HTTP client options (tests: fast retries, a recording sleep). */
  http?: Partial<HttpClientOptions>;
  /** The taxonomy and tagger (default: the bundled taxonomy, compiled). */
  tagging?: { taxonomy: Taxonomy; tagger: PipelineTagger };
  /** The run's record names this command (default "run"; `scrape` is a run of one unit: "scrape <source>"). */
  command?: string;
  /** Skip units whose source asks for fewer syncs than this (default true; `scrape` is a person asking now). */
  dueCheck?: boolean;
  /** Normalize and tag on these worker threads (bulk loads: `scrape --workers`). */
  tagPool?: TagPool;
  /** Opens the store (default: the engine the path selects, src/storage.ts); a test wraps it to inject faults. */
  openStorage?: (location: string) => CollectionStorage | Promise<CollectionStorage>;
  /** How long this collector's unit leases last without a heartbeat (server engine; default 60 s). */
  leaseTtlMs?: number;
  /** A bulk load: the embedded engine uses a larger page cache. */
  bulk?: boolean;
  /** Builds the report HTML from the database at this path (default: the project's report builder). */
  renderReport?: (dbPath: string, taxonomy: Taxonomy) => string | Promise<string>;
}

export interface RunResult {
  runId: number;
  status: RunStatus;
  /** 0 when every due source is healthy, 3 when some failed or were flagged. */
  exitCode: 0 | 3;
  units: UnitHealth[];
  backfill: IndexStats;
  abortedRuns: number;
  report?: string;
  durationMs: number;
}

/** Minutes a timer may fire early and still count as "due" (an hourly cron line is a few seconds off its slot). */
const DUE_TOLERANCE_MS = 60_000;

// The real cores history uses (role classifier, dedup matcher) live in history-cores.ts, re-exported for callers.
export { historyCores } from './history-cores.js';
import { historyCores } from './history-cores.js';

async function defaultTagging(): Promise<{ taxonomy: Taxonomy; tagger: PipelineTagger }> {
  const { loadProjectTaxonomy } = await import('./taxonomy-source.js');
  const { compileTagger } = await import('../taxonomy/tagger.js');
  const taxonomy = loadProjectTaxonomy();
  return { taxonomy, tagger: compileTagger(taxonomy) };
}

/** Builds, writes and archives the report the way `techdemand report` does (with the "what changed" section). */
async function defaultWriteReport(dbPath: string, taxonomy: Taxonomy, path: string, archive: boolean): Promise<void> {
  const { readReportData } = await import('./report-builder.js');
  const { writeReportWithArchive } = await import('./report-archive.js');
  writeReportWithArchive(path, await readReportData(dbPath, taxonomy, {}), { archive });
}

function agoText(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 90 ? `${min} min` : `${Math.round(min / 6) / 10} h`;
}

/**
 * Runs `fn` over the units this collector claims (storage.leases), at most `limit` at a time; results in input
 * order. A unit another live collector holds is waited for (it may die: its lease then expires and the unit is
 * taken over); a unit another collector finished in this round is reported as collected elsewhere. With one
 * writer per store (the embedded engine) every unit is claimed, in order: a plain pool.
 */
async function claimPool(
  units: readonly RunUnit[],
  limit: number,
  leases: UnitLeases,
  fn: (u: RunUnit) => Promise<UnitHealth>,
  signal: AbortSignal,
  pollMs: number,
): Promise<UnitHealth[]> {
  const out: (UnitHealth | undefined)[] = new Array(units.length);
  const names = units.map((u) => u.unit);
  const pending = new Set(names);
  const worker = async () => {
    // An aborted run still hands its units to fn, which fails them at once (as a plain pool did).
    while (pending.size > 0) {
      const { unit, busy } = await leases.claimNext([...pending]);
      if (unit === null) {
        if (busy === 0) return;
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      pending.delete(unit);
      const i = names.indexOf(unit);
      let handled = false;
      try {
        out[i] = await fn(units[i]!);
        handled = true;
      } finally {
        // A unit whose source failed was handled (another collector must not hammer it again this round); only a
        // unit cut short by the store or a crash is given back at once.
        await leases.release(unit, handled);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, units.length)) }, worker));
  return units.map((u, i) => out[i] ?? { ...emptyHealth(u), status: 'skipped', message: 'collected by another collector during this run' });
}

/** What scraping one unit needs from the run. */
interface UnitEnv {
  options: RunOptions;
  now: () => Date;
  emit: (e: RunEvent) => void;
  storage: CollectionStorage;
  /** Aborts the units: the run's signal, or the store failing. */
  signal: AbortSignal;
  client: PoliteHttpClient;
  tagger: PipelineTagger;
  /** A store for one unit; `onMerged` learns how many of its postings dedup gave another posting's job. */
  storeFor: (onMerged: (n: number) => void) => PipelineStore;
}

function emptyHealth(u: RunUnit): UnitHealth {
  return {
    source: u.source,
    unit: u.unit,
    status: 'ok',
    requests: 0,
    notModified: 0,
    seen: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    closed: 0,
    openBefore: 0,
    duplicates: 0,
    errors: {},
    durationMs: 0,
  };
}

/** Scrapes one unit completely; never throws (a failure is the unit's status). */
async function scrapeUnit(u: RunUnit, env: UnitEnv): Promise<UnitHealth> {
  const health = emptyHealth(u);
  const unitStart = env.now();
  const done = (): UnitHealth => {
    health.durationMs = env.now().getTime() - unitStart.getTime();
    env.emit({ event: 'source', ...health });
    return health;
  };
  if (u.minRefetchMs !== undefined && !env.options.force && env.options.dueCheck !== false) {
    const last = await env.storage.lastSuccessfulRun(u.source);
    const elapsed = last !== null ? unitStart.getTime() - Date.parse(last) : Infinity;
    if (elapsed < u.minRefetchMs - DUE_TOLERANCE_MS) {
      health.status = 'skipped';
      health.message = `not due: last synced ${agoText(elapsed)} ago, and ${u.source} asks for at most one sync every ${agoText(u.minRefetchMs)} (--force runs it anyway)`;
      return done();
    }
  }
  env.emit({ event: 'unit-start', unit: u.unit });
  const fail = (err: unknown): UnitHealth => {
    const kind = err instanceof SourceError ? err.kind : 'other';
    health.status = 'failed';
    health.errors = { ...health.errors, [kind]: (health.errors[kind] ?? 0) + 1 };
    health.message = ((err as Error).message ?? String(err)).split('\n')[0]!;
    return done();
  };
  // Storage calls are outside the unit's error handling: a failing store is not the source's fault, it stops the
  // run (runAll), where a failing source fails only its unit.
  health.openBefore = await env.storage.openCount(u.scope);
  let source: Source;
  try {
    source = createSource(u.source, u.options);
  } catch (err) {
    return fail(err);
  }
  const ctx: SourceContext = {
    http: env.client.forSource(u.unit),
    signal: env.signal,
    ...(typeof u.options['months'] === 'number' ? { months: u.options['months'] as number } : {}),
    ...(typeof u.options['sinceMonth'] === 'string' ? { sinceMonth: u.options['sinceMonth'] as string } : {}),
    onProgress: (p) =>
      env.emit({ event: 'progress', unit: u.unit, message: p.message, ...(p.done !== undefined ? { done: p.done } : {}), ...(p.total !== undefined ? { total: p.total } : {}) }),
  };
  // ingestSource reports the source's failures in its stats and throws only what the store threw.
  const stats = await ingestSource({
    source,
    ctx,
    tagger: env.tagger,
    store: env.storeFor((n) => (health.duplicates += n)),
    seenAt: unitStart,
    requestCount: () => env.client.sourceStats(u.unit).requests,
    ...(env.options.tagPool ? { tagPool: env.options.tagPool } : {}),
    onBatch: (b) => env.emit({ event: 'batch', unit: u.unit, seen: b.seen, new: b.new }),
  });
  const net = env.client.sourceStats(u.unit);
  Object.assign(health, {
    requests: net.requests,
    notModified: net.notModified,
    seen: stats.seen,
    new: stats.new,
    updated: stats.updated,
    unchanged: stats.unchanged,
    errors: stats.errors,
  });
  if (stats.status !== 'ok') {
    health.status = 'failed';
    health.message = stats.message ?? 'failed';
  } else if (u.closes && isSuspiciousDrop(health.openBefore, stats.seen) && !env.options.force) {
    health.status = 'flagged';
    health.message = `listed ${stats.seen} postings where ${health.openBefore} were open before; nothing closed (check the source, or --force to accept)`;
  } else if (u.closes) {
    // Every posting this complete scrape listed now has last_seen >= unitStart; the rest are gone.
    health.closed = await env.storage.closeUnseen(u.scope, unitStart.toISOString(), unitStart.toISOString());
  }
  return done();
}

/**
 * Collects every configured source into the database. Throws LockedError when another run holds the lock (and
 * `wait` is off), DatabaseError / InputError when the database cannot be used; a failing source never throws,
 * it is reported in `units` and makes exitCode 3.
 */
export async function runAll(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const emit = (e: RunEvent) => options.onEvent?.(e);
  const dbPath = canonicalLocation(options.dbPath);
  // Which sources are dated records comes from their descriptors, declared once (scrapers/registry.ts).
  const datedSources = descriptors.filter((d) => d.family === 'thread').map((d) => d.name);
  const storage = options.openStorage
    ? await options.openStorage(dbPath)
    : await openCollectionStorage(dbPath, { datedSources, ...(options.bulk ? { bulk: true } : {}), ...(options.leaseTtlMs !== undefined ? { leaseTtlMs: options.leaseTtlMs } : {}) });
  const command = options.command ?? 'run';
  let lease: WriterLease | undefined;
  let client: PoliteHttpClient | undefined;
  try {
    // Only `run` has --wait; a one-off command that finds a writer at work is told to come back.
    const busyHint = command === 'run' ? undefined : 'try again when it has finished';
    lease = await storage.acquireWriter({ wait: options.wait ?? false, command, shared: true, ...(busyHint ? { busyHint } : {}), onStale: (message) => emit({ event: 'warning', message }) });
    const tagging = options.tagging ?? (await defaultTagging());
    // Runs a killed process left 'running': only the writer may call them aborted.
    const abortedRuns = await storage.markAbortedRuns();
    await storage.syncTaxonomy(tagging.taxonomy.entries, tagging.taxonomy.version);
    const runId = await storage.startRun(command, tagging.taxonomy.version, now().toISOString());
    let finished = false;
    let stats: SourceRunStats[] = [];
    try {
      const units = planUnits(options.config);
      emit({ event: 'start', runId, db: shownLocation(dbPath), units: units.length, abortedRuns, time: now().toISOString() });
      // Roles decided by an older classifier are decided again first, so this run never mixes two versions.
      const reclassified = await storage.reclassifyRoles();
      if (reclassified.classified > 0) emit({ event: 'roles', ...reclassified, version: historyCores.rolesVersion });
      const backfill = await storage.indexPendingAll();
      if (backfill.indexed > 0) emit({ event: 'backfill', ...backfill });

      client = createHttpClient({
        userAgentVersion: VERSION,
        ...(options.config.contact !== undefined ? { contact: options.config.contact } : {}),
        ...(options.config.userAgent !== undefined ? { userAgent: options.config.userAgent } : {}),
        ...(options.config.http.timeoutMs !== undefined ? { timeoutMs: options.config.http.timeoutMs } : {}),
        ...(options.config.http.retries !== undefined ? { maxRetries: options.config.http.retries } : {}),
        hostPolicies: hostPolicies(units, options.config),
        validatorStore: storage.validators,
        hostBudgets: storage.hostBudgets,
        ...(options.signal ? { signal: options.signal } : {}),
        onWarning: (message) => emit({ event: 'warning', message }),
        ...options.http,
      });

      // Save + classify + dedup of one batch in one transaction (saveBatch): a posting is never stored without its
      // job key, and the merges belong to the unit that saved the batch.
      const stopUnits = new AbortController();
      const env: UnitEnv = {
        options,
        signal: options.signal ? AbortSignal.any([options.signal, stopUnits.signal]) : stopUnits.signal,
        now,
        emit,
        storage,
        client,
        tagger: tagging.tagger,
        storeFor: (onMerged) => ({
          savePostings: async (batch, seenAt) => {
            const r = await storage.saveBatch(batch, seenAt);
            onMerged(r.merged);
            return r.saved;
          },
        }),
      };
      // A failing store stops every unit: the first storage error is the run's, the units still going are aborted.
      let storageError: { error: unknown } | undefined;
      const scrapeOne = async (u: RunUnit): Promise<UnitHealth> => {
        if (storageError) return { ...emptyHealth(u), status: 'failed', message: 'not run: the store failed' } satisfies UnitHealth;
        try {
          return await scrapeUnit(u, env);
        } catch (error) {
          storageError ??= { error };
          stopUnits.abort();
          return { ...emptyHealth(u), status: 'failed', message: `the store failed: ${String((error as Error)?.message ?? error).split('\n')[0]}` } satisfies UnitHealth;
        }
      };
      const pollMs = Math.min(1000, Math.max(50, Math.floor((options.leaseTtlMs ?? 60_000) / 4)));
      const results = await claimPool(units, options.concurrency ?? 4, storage.leases, scrapeOne, env.signal, pollMs);
      if (storageError) throw storageError.error;
      await client.close();

      const aborted = options.signal?.aborted === true;
      const status: Exclude<RunStatus, 'running'> = aborted ? 'aborted' : runStatus(results);
      // The sources' statistics are recorded now (minimum refetch intervals count what was fetched), but the run
      // stays 'running' until its report is in place: a run killed while writing the report is 'aborted' on the
      // next start, not 'ok' without a report.
      stats = sourceStats(results);
      await storage.recordRunSources(runId, stats);

      let report: string | undefined;
      const reportPath = options.report === undefined ? options.config.report : (options.report ?? undefined);
      if (reportPath !== undefined && !aborted) {
        report = resolve(reportPath);
        if (options.renderReport) {
          const { writeReportAtomic } = await import('../reports/write.js');
          writeReportAtomic(report, await options.renderReport(dbPath, tagging.taxonomy));
        } else {
          await defaultWriteReport(dbPath, tagging.taxonomy, report, options.config.archiveReports === true);
        }
        emit({ event: 'report', path: report });
      }
      await storage.finishRun(runId, status, stats, now().toISOString());
      finished = true;
      const exitCode = problemUnits(results).length > 0 || aborted ? 3 : 0;
      const durationMs = Date.now() - started;
      emit({ event: 'done', runId, status, exitCode, durationMs });
      return { runId, status, exitCode, units: results, backfill, abortedRuns, durationMs, ...(report !== undefined ? { report } : {}) };
    } catch (err) {
      // Whatever broke the run as a whole (the database, the report), its record must not stay 'running'.
      if (!finished) {
        try {
          await storage.finishRun(runId, 'failed', stats, now().toISOString());
        } catch {
          // the original error is the one worth reporting
        }
      }
      throw err;
    }
  } finally {
    try {
      await client?.close();
    } finally {
      await storage.close();
      await lease?.release();
    }
  }
}
