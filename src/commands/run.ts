// `techdemand run`: the CLI face of src/run.ts — config and database path, progress (one line on a TTY, JSON lines
// with --json), Ctrl-C / SIGTERM handling, the health table, and the exit code (via SourcesFailedError → 3).

import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { SourcesFailedError } from '../core/errors.js';
import { renderHealthTable, problemUnits } from '../health.js';
import { createProgress } from '../progress.js';
import { runAll, type RunEvent, type RunOptions, type RunResult } from '../run.js';
import { parsePositiveInt } from '../app.js';

export { DEFAULT_CONFIG_FILE };

export interface RunCommandOptions {
  /** Config file path. */
  config: string;
  /** --db / TECHDEMAND_DB, when given explicitly (it wins over the config's database). */
  db?: string;
  /** The database when neither --db nor the config names one. */
  defaultDb: string;
  json: boolean;
  tty: boolean;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
  wait?: boolean;
  force?: boolean;
  /** false: skip the report (--no-report). */
  report?: boolean;
  /** --lease-ttl in seconds, as given (server engine). */
  leaseTtl?: string;
  /** Extra options for the run core (tests). */
  run?: Partial<RunOptions>;
}

function progressLine(e: RunEvent): string | null {
  switch (e.event) {
    case 'unit-start':
      return `${e.unit}: starting`;
    case 'progress':
      return `${e.unit}: ${e.message}${e.done !== undefined ? ` ${e.done}${e.total !== undefined ? `/${e.total}` : ''}` : ''}`;
    case 'source':
      return `${e.unit}: ${e.status}, ${e.seen} seen`;
    case 'backfill':
      return `classified ${e.indexed} stored postings`;
    case 'roles':
      return `roles of ${e.classified} stored postings decided again by classifier ${e.version} (${e.changed} changed)`;
    default:
      return null;
  }
}

export async function runCommand(o: RunCommandOptions): Promise<RunResult> {
  if (o.leaseTtl !== undefined) parsePositiveInt(o.leaseTtl, '--lease-ttl', 60, 86_400);
  const config = loadConfig(o.config);
  const dbPath = o.db ?? config.database ?? o.defaultDb;
  const progress = createProgress({ tty: o.tty && !o.json, json: false, ...(o.stderr ? { stream: o.stderr } : {}) });
  const onEvent = (e: RunEvent) => {
    if (o.json) {
      o.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n');
      return;
    }
    if (e.event === 'warning') {
      progress.done();
      (o.stderr ?? process.stderr).write(`techdemand: warning: ${e.message}\n`);
      return;
    }
    const line = progressLine(e);
    if (line !== null) progress.update(line);
  };

  // First Ctrl-C / SIGTERM: stop requests, record the run as aborted, release the lock. The handlers are removed at
  // once, so a second signal gets the default behaviour and kills the process.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    (o.stderr ?? process.stderr).write(`\ntechdemand: ${signal}: stopping the run (again to kill)\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: RunResult;
  try {
    result = await runAll({
      config,
      dbPath,
      force: o.force === true,
      wait: o.wait === true,
      ...(o.report === false ? { report: null } : {}),
      ...(o.leaseTtl !== undefined ? { leaseTtlMs: parsePositiveInt(o.leaseTtl, '--lease-ttl', 60, 86_400) * 1000 } : {}),
      signal: controller.signal,
      onEvent,
      ...o.run,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.done();
  }

  if (!o.json) {
    o.stdout.write(renderHealthTable(result.units, result.status));
    if (result.report !== undefined) o.stdout.write(`Report: ${result.report}\n`);
  }
  const problems = problemUnits(result.units);
  if (result.status === 'aborted') throw new SourcesFailedError(`run ${result.runId} was interrupted; what was collected so far is stored`);
  if (problems.length > 0) {
    const list = problems.map((u) => `${u.unit} (${u.status === 'flagged' ? 'flagged' : Object.keys(u.errors).join('/') || 'failed'})`).join(', ');
    throw new SourcesFailedError(`${problems.length} of ${result.units.filter((u) => u.status !== 'skipped').length} sources need attention: ${list}`);
  }
  return result;
}
