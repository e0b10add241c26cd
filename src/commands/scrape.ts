// `techdemand scrape` and `techdemand demo`: one source into the database, and the offline demo. The modules of
// sources, HTTP and the replay server load only for these commands (src/cli.ts imports this file on demand).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, InputError, SourcesFailedError } from '../core/errors.js';
import { oneLine } from '../terminal-text.js';
import { requireWritableTarget } from '../user-files.js';
import { renderRows, type Column } from '../output.js';
import { createProgress } from '../progress.js';
import { ingestSource } from '../pipeline.js';
import type { SourceRunStats } from '../core/types.js';
import { taxonomyCacheDir } from '../taxonomy-source.js';
import { TagPool } from '../tag-pool.js';
import { BULK_LOAD_CACHE_MB } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { History } from '../../db/history.js';
import { historyCores } from '../history-cores.js';
import { createHttpClient } from '../../scrapers/http.js';
import { createSource, sourceNames } from '../../scrapers/registry.js';
import { atsHostPolicy, isAtsSourceName } from '../../scrapers/ats/index.js';
import { boardHostPolicy, isBoardSourceName } from '../../scrapers/boards/index.js';
import { HN_HOST_POLICY } from '../../scrapers/hn.js';
import { startHnReplayServer } from '../../scrapers/mock/hn-algolia-server.js';
import { VERSION } from '../version.js';
import { DEMO_SNAPSHOT, loadTaggerOnce, openStore, parseMonth, parsePositiveInt, reportCommand, writeOut, type GlobalOptions } from '../app.js';

// ---------------------------------------------------------------- scrape

export interface ScrapeOptions extends GlobalOptions {
  source: string;
  months?: string;
  /** Tag worker threads ("0" or absent: tag in-line). */
  workers?: string;
  since?: string;
  baseUrl?: string;
  contact?: string;
  board?: string;
  region?: string;
  urls?: string[];
}

export async function scrapeCommand(o: ScrapeOptions): Promise<SourceRunStats> {
  if (!sourceNames().includes(o.source)) {
    throw new UsageError(`unknown source "${o.source}" (known: ${sourceNames().join(', ')})`);
  }
  const months = parsePositiveInt(o.months, '--months', 3, 1000);
  const since = parseMonth(o.since, '--since');
  if (o.baseUrl !== undefined && !/^https?:\/\//.test(o.baseUrl)) throw new UsageError(`--base-url must be an http(s) URL (got "${o.baseUrl}")`);
  const workers = o.workers === '0' ? 0 : parsePositiveInt(o.workers, '--workers', 0, 64);
  const stats = await runScrape({ ...o, months, since, workers });
  printScrapeStats(o, [stats]);
  // What the source delivered is stored; the exit code still says the source failed (3), as `run` does.
  if (stats.status !== 'ok') throw new SourcesFailedError(`source ${stats.source} ${stats.status}${stats.message ? `: ${oneLine(stats.message)}` : ''}`);
  return stats;
}

export async function runScrape(
  o: GlobalOptions & { source: string; months: number; since?: string; baseUrl?: string; contact?: string; board?: string; region?: string; urls?: string[]; workers?: number },
): Promise<SourceRunStats> {
  const { taxonomy, tagger } = await loadTaggerOnce();
  const db = openStore(o.db, o.workers ? { cacheMb: BULK_LOAD_CACHE_MB } : {});
  let tagPool: TagPool | undefined;
  try {
    // Started before the run is recorded: workers that cannot load the taxonomy leave no run behind.
    const cacheDir = taxonomyCacheDir();
    if (o.workers) tagPool = await TagPool.start({ workers: o.workers, ...(cacheDir !== undefined ? { cacheDir } : {}) });
    const store = new Store(db);
    store.syncTaxonomy(taxonomy.entries, taxonomy.version);
    const history = new History(db, historyCores);
    // Roles decided by an older classifier are decided again first, so the database never mixes two versions.
    history.reclassifyRoles();
    const runId = store.startRun(`scrape ${o.source}`, taxonomy.version);
    // A loopback base URL is our own replay/mock server: no politeness delay is owed to it.
    const loopback = o.baseUrl !== undefined && /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(o.baseUrl);
    const http = createHttpClient({
      userAgentVersion: VERSION,
      ...(o.contact !== undefined ? { contact: o.contact } : {}),
      hostPolicies: loopback ? { [new URL(o.baseUrl!).host]: { concurrency: 2, minIntervalMs: 0 } } : sourceHostPolicy(o),
    });
    const source = createSource(o.source, {
      baseUrl: o.baseUrl,
      months: o.months,
      sinceMonth: o.since,
      ...(o.board !== undefined ? { board: o.board } : {}),
      ...(o.region !== undefined ? { region: o.region } : {}),
      ...(o.urls !== undefined ? { urls: o.urls } : {}),
    });
    const progress = createProgress({ tty: o.tty, json: o.json });
    let stats: SourceRunStats;
    try {
      stats = await ingestSource({
        source,
        ctx: {
          http,
          months: o.months,
          ...(o.since !== undefined ? { sinceMonth: o.since } : {}),
          onProgress: (p) => progress.update(`${p.source}: ${p.message}`, p.done, p.total),
        },
        tagger,
        store,
        requestCount: () => http.stats().requests,
        onBatch: (s) => progress.event({ event: 'batch', source: s.source, seen: s.seen, new: s.new }),
        ...(tagPool ? { tagPool } : {}),
      });
    } catch (err) {
      store.finishRun(runId, 'failed', []);
      throw err;
    } finally {
      progress.done();
      await http.close();
    }
    // Roles and job keys (dedup) for what this scrape stored, as `run` does per batch.
    history.indexPendingAll();
    store.finishRun(runId, stats.status === 'ok' ? 'ok' : 'failed', [stats]);
    return stats;
  } finally {
    await tagPool?.close();
    db.close();
  }
}

/** The documented budget of the one host a source calls (see each source module's defaultPoliteness). */
function sourceHostPolicy(o: { source: string; board?: string; region?: string; baseUrl?: string }): Record<string, { concurrency: number; minIntervalMs: number }> {
  if (isAtsSourceName(o.source)) {
    const p = atsHostPolicy(o.source, { board: o.board ?? '', ...(o.region !== undefined ? { region: o.region as 'us' | 'eu' } : {}), ...(o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {}) });
    return { [p.host]: { concurrency: p.concurrency, minIntervalMs: p.minIntervalMs } };
  }
  if (isBoardSourceName(o.source)) {
    const p = boardHostPolicy(o.source, o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {});
    return { [p.host]: { concurrency: p.concurrency, minIntervalMs: p.minIntervalMs } };
  }
  if (o.source === 'hn') return { [HN_HOST_POLICY.host]: { concurrency: HN_HOST_POLICY.concurrency, minIntervalMs: HN_HOST_POLICY.minIntervalMs } };
  return {};
}

function printScrapeStats(g: GlobalOptions, stats: SourceRunStats[]): void {
  const columns: Column<SourceRunStats>[] = [
    { header: 'source', key: 'source', value: (s) => s.source },
    { header: 'status', key: 'status', value: (s) => s.status },
    { header: 'requests', key: 'requests', value: (s) => s.requests, align: 'right' },
    { header: 'seen', key: 'seen', value: (s) => s.seen, align: 'right' },
    { header: 'new', key: 'new', value: (s) => s.new, align: 'right' },
    { header: 'updated', key: 'updated', value: (s) => s.updated, align: 'right' },
    { header: 'unchanged', key: 'unchanged', value: (s) => s.unchanged, align: 'right' },
    { header: 'errors', key: 'errors', value: (s) => Object.entries(s.errors).map(([k, v]) => `${k}:${v}`).join(' ') },
    { header: 'seconds', key: 'seconds', value: (s) => Math.round(s.durationMs / 100) / 10, align: 'right' },
    { header: 'message', key: 'message', value: (s) => s.message ?? '' },
  ];
  writeOut(g, renderRows(stats, columns, g.json ? 'json' : 'table'));
}

// ---------------------------------------------------------------- demo

export async function demoCommand(o: GlobalOptions & { out: string }): Promise<string> {
  requireWritableTarget(o.out, '--out');
  if (!existsSync(DEMO_SNAPSHOT)) throw new InputError(`bundled snapshot missing: ${DEMO_SNAPSHOT}`);
  const server = await startHnReplayServer({ snapshotPath: DEMO_SNAPSHOT, port: 0 });
  let stats: SourceRunStats;
  try {
    if (!o.json) o.stdout.write(`Replaying the bundled HN snapshot on ${server.url} …\n`);
    stats = await runScrape({ ...o, source: 'hn', months: 1000, baseUrl: server.url });
  } finally {
    await server.close();
  }
  if (stats.status !== 'ok') throw new InputError(`demo scrape failed: ${stats.message ?? 'unknown error'}`);
  const quiet: GlobalOptions = { ...o, stdout: { write: () => true } as unknown as NodeJS.WritableStream };
  const out = await reportCommand({ ...quiet, out: o.out });
  if (o.json) {
    writeOut(o, JSON.stringify({ db: resolve(o.db), report: out, seen: stats.seen, new: stats.new, unchanged: stats.unchanged }) + '\n');
  } else {
    writeOut(o, `Stored ${stats.seen} ads (${stats.new} new, ${stats.unchanged} unchanged) in ${resolve(o.db)}\n`);
    writeOut(o, `Try: npx techdemand --db ${o.db} top --category database\n`);
    writeOut(o, `Report: ${out}\n`);
  }
  return out;
}

