// `techdemand scrape` and `techdemand demo`: one source into the database, and the offline demo. The modules of
// sources, HTTP and the replay server load only for these commands (src/cli.ts imports this file on demand).
import { existsSync } from 'node:fs';
import { canonicalLocation, shownLocation } from '../storage.js';
import { UsageError, InputError, SourcesFailedError } from '../core/errors.js';
import { oneLine } from '../terminal-text.js';
import { requireWritableTarget } from '../user-files.js';
import { renderRows, type Column } from '../output.js';
import { createProgress } from '../progress.js';
import type { SourceRunStats } from '../core/types.js';
import { taxonomyCacheDir } from '../taxonomy-source.js';
import { TagPool } from '../tag-pool.js';
import { sourceDescriptor, sourceNames } from '../../scrapers/registry.js';
import type { RunConfig } from '../config.js';
import { startHnReplayServer } from '../../scrapers/mock/hn-algolia-server.js';
import { DEMO_SNAPSHOT, loadTaggerOnce, parseMonth, parsePositiveInt, writeOut, type GlobalOptions } from '../app.js';

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
  // What the source's descriptor requires, asked for in this command's flags.
  const descriptor = sourceDescriptor(o.source);
  if (descriptor.boards && !o.board?.trim()) throw new UsageError(`source "${o.source}" needs a board (the employer's ${o.source} board name), e.g. --board acme`);
  if (descriptor.required?.some((q) => q.option === 'urls') && !(o.urls && o.urls.length > 0)) throw new UsageError(`source "${o.source}" needs the pages to read: --url <page> …`);
  if (descriptor.refusesBaseUrl !== undefined && o.baseUrl !== undefined) throw new UsageError(`--base-url does not apply to ${o.source}: give each page with --url`);
  const stats = await runScrape({ ...o, months, since, workers });
  printScrapeStats(o, [stats]);
  // What the source delivered is stored; the exit code still says the source failed (3), as `run` does.
  if (stats.status !== 'ok') throw new SourcesFailedError(`source ${stats.source} ${stats.status}${stats.message ? `: ${oneLine(stats.message)}` : ''}`);
  return stats;
}

/**
 * One source into the database: a `run` of one unit (src/run.ts), so it takes the writer's place, records its run,
 * closes what a complete listing no longer holds and stops when the store fails, exactly as a scheduled run does.
 * Two differences, because a person asked for it now: the source's minimum interval between syncs is not checked,
 * and no report is written.
 */
export async function runScrape(
  o: GlobalOptions & { source: string; months: number; since?: string; baseUrl?: string; contact?: string; board?: string; region?: string; urls?: string[]; workers?: number },
): Promise<SourceRunStats> {
  const tagging = await loadTaggerOnce();
  const { runAll } = await import('../run.js');
  let tagPool: TagPool | undefined;
  const progress = createProgress({ tty: o.tty, json: o.json });
  try {
    // Started before the run is recorded: workers that cannot load the taxonomy leave no run behind.
    const cacheDir = taxonomyCacheDir();
    if (o.workers) tagPool = await TagPool.start({ workers: o.workers, ...(cacheDir !== undefined ? { cacheDir } : {}) });
    // A loopback base URL is our own replay/mock server: no politeness delay is owed to it.
    const loopback = o.baseUrl !== undefined && /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(o.baseUrl);
    const config: RunConfig = {
      file: '<scrape>',
      ...(o.contact !== undefined ? { contact: o.contact } : {}),
      http: {},
      rateLimits: loopback ? { [new URL(o.baseUrl!).host.toLowerCase()]: { concurrency: 2, minIntervalMs: 0 } } : {},
      sources: [
        {
          name: o.source,
          enabled: true,
          line: 0,
          ...(o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {}),
          ...(o.board !== undefined ? { boards: [o.board] } : {}),
          options: {
            months: o.months,
            // The config's key for HN; the option other sources take (planUnits passes both on as sinceMonth).
            ...(o.since !== undefined ? (o.source === 'hn' ? { since: o.since } : { sinceMonth: o.since }) : {}),
            ...(o.region !== undefined ? { region: o.region } : {}),
            ...(o.urls !== undefined ? { urls: o.urls } : {}),
          },
        },
      ],
    };
    const result = await runAll({
      config,
      dbPath: o.db,
      command: `scrape ${o.source}`,
      dueCheck: false,
      report: null,
      concurrency: 1,
      tagging,
      ...(tagPool ? { tagPool, bulk: true } : {}),
      onEvent: (e) => {
        if (e.event === 'progress') progress.update(`${e.unit}: ${e.message}`, e.done, e.total);
        else if (e.event === 'batch') progress.event({ event: 'batch', source: o.source, seen: e.seen, new: e.new });
      },
    });
    const unit = result.units[0];
    if (!unit) throw new UsageError(`source ${o.source} has nothing to scrape: give it a board (--board) or pages (--url)`);
    const { unit: _unit, status, notModified: _nm, openBefore: _ob, duplicates: _d, message, ...counts } = unit;
    return { ...counts, status: status === 'ok' ? 'ok' : 'failed', ...(message !== undefined ? { message: status === 'flagged' ? `flagged: ${message}` : message } : {}) };
  } finally {
    progress.done();
    await tagPool?.close();
  }
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
  // The report as `techdemand report --out` writes it: one command, one implementation.
  const { reportCommand } = await import('./report.js');
  const out = await reportCommand({ ...quiet, out: o.out });
  if (o.json) {
    writeOut(o, JSON.stringify({ db: shownLocation(canonicalLocation(o.db)), report: out, seen: stats.seen, new: stats.new, unchanged: stats.unchanged }) + '\n');
  } else {
    writeOut(o, `Stored ${stats.seen} ads (${stats.new} new, ${stats.unchanged} unchanged) in ${shownLocation(canonicalLocation(o.db))}\n`);
    writeOut(o, `Try: npx techdemand --db ${shownLocation(o.db)} top --category database\n`);
    writeOut(o, `Report: ${out}\n`);
  }
  return out;
}

