// The source health table a run ends with: per source (per board for ATS sources) requests, postings seen / new /
// updated / closed, errors by kind, duration, and a status that never hides a problem. Pure: data in, text out.

import type { RunStatus, SourceRunStats } from './core/types.js';
import { renderRows, type Column } from './output.js';

/**
 * ok        — scraped completely; disappeared postings were closed;
 * failed    — the scrape broke off (network, HTTP, parse errors after retries); nothing was closed;
 * flagged   — completed, but returned (almost) nothing where many postings were open before: treated as suspect,
 *             nothing was closed (rerun with --force to accept the drop);
 * skipped   — not due yet: the source's terms ask for fewer syncs (Remotive 4 a day, Jobicy 1 an hour); --force runs it.
 */
export type UnitStatus = 'ok' | 'failed' | 'flagged' | 'skipped';

export interface UnitHealth {
  /** Registered source name ("greenhouse"). */
  source: string;
  /** What was scraped: the source, or "source:board" for an ATS board. */
  unit: string;
  status: UnitStatus;
  requests: number;
  /** 304 answers among the requests (nothing changed since the last run). */
  notModified: number;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  closed: number;
  /** Postings open before the run in this unit's scope (for the drop check). */
  openBefore: number;
  /** Of the new postings, those dedup gave another posting's job (cross-posted, reposted, copied per city). */
  duplicates: number;
  errors: Record<string, number>;
  durationMs: number;
  message?: string;
}

/** "Returned (almost) nothing where it had many before": zero of ≥ 5 open, or under a tenth of ≥ 20 open. */
export function isSuspiciousDrop(openBefore: number, seen: number): boolean {
  if (openBefore >= 5 && seen === 0) return true;
  return openBefore >= 20 && seen < openBefore / 10;
}

/** The run's status from its units: skipped units neither help nor hurt. */
export function runStatus(units: readonly UnitHealth[]): Exclude<RunStatus, 'running' | 'aborted'> {
  const done = units.filter((u) => u.status !== 'skipped');
  const bad = done.filter((u) => u.status === 'failed' || u.status === 'flagged').length;
  if (bad === 0) return 'ok';
  return bad === done.length ? 'failed' : 'partial';
}

/** Units that make the run exit with code 3. */
export function problemUnits(units: readonly UnitHealth[]): UnitHealth[] {
  return units.filter((u) => u.status === 'failed' || u.status === 'flagged');
}

/**
 * Per-source statistics for the runs table (run_sources has one row per source): boards of one ATS are summed; the
 * source counts as ok only if every board was. Skipped sources are left out, so a skip never looks like a sync.
 */
export function sourceStats(units: readonly UnitHealth[]): SourceRunStats[] {
  const bySource = new Map<string, SourceRunStats>();
  const messages = new Map<string, string[]>();
  for (const u of units) {
    if (u.status === 'skipped') continue;
    let s = bySource.get(u.source);
    if (!s) {
      s = { source: u.source, requests: 0, seen: 0, new: 0, updated: 0, unchanged: 0, closed: 0, errors: {}, durationMs: 0, status: 'ok' };
      bySource.set(u.source, s);
      messages.set(u.source, []);
    }
    s.requests += u.requests;
    s.seen += u.seen;
    s.new += u.new;
    s.updated += u.updated;
    s.unchanged += u.unchanged;
    s.closed += u.closed;
    s.durationMs = Math.max(s.durationMs, u.durationMs);
    for (const [k, v] of Object.entries(u.errors)) s.errors[k] = (s.errors[k] ?? 0) + v;
    if (u.status === 'failed') s.status = 'failed';
    if (u.status !== 'ok' && u.message) messages.get(u.source)!.push(`${u.unit}: ${u.status}: ${u.message}`);
  }
  for (const [source, s] of bySource) {
    const m = messages.get(source)!;
    if (m.length > 0) s.message = m.join('; ').slice(0, 1000);
  }
  return [...bySource.values()];
}

function errorsText(errors: Record<string, number>): string {
  return Object.entries(errors)
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
}

const COLUMNS: Column<UnitHealth>[] = [
  { header: 'source', key: 'unit', value: (u) => u.unit },
  { header: 'status', key: 'status', value: (u) => (u.status === 'ok' ? 'ok' : u.status.toUpperCase()) },
  { header: 'requests', key: 'requests', value: (u) => u.requests, align: 'right' },
  { header: '304', key: 'notModified', value: (u) => u.notModified, align: 'right' },
  { header: 'seen', key: 'seen', value: (u) => u.seen, align: 'right' },
  { header: 'new', key: 'new', value: (u) => u.new, align: 'right' },
  { header: 'updated', key: 'updated', value: (u) => u.updated, align: 'right' },
  { header: 'closed', key: 'closed', value: (u) => u.closed, align: 'right' },
  { header: 'dups', key: 'duplicates', value: (u) => u.duplicates, align: 'right' },
  { header: 'errors', key: 'errors', value: (u) => errorsText(u.errors) },
  { header: 'seconds', key: 'seconds', value: (u) => Math.round(u.durationMs / 100) / 10, align: 'right' },
  // Untrusted text (error bodies quoted by sources) is made one line here; the table has no markup to escape.
  { header: 'note', key: 'message', value: (u) => (u.message ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 160) },
];

/** The health table for a terminal, one line per unit, then a one-line verdict. */
export function renderHealthTable(units: readonly UnitHealth[], status: RunStatus): string {
  const problems = problemUnits(units);
  const skipped = units.filter((u) => u.status === 'skipped').length;
  const verdict =
    problems.length === 0
      ? `run ${status}: ${units.length - skipped} source(s) collected${skipped > 0 ? `, ${skipped} not due yet` : ''}`
      : `run ${status}: ${problems.length} of ${units.length - skipped} source(s) need attention: ${problems.map((u) => u.unit).join(', ')}`;
  return renderRows([...units], COLUMNS, 'table') + `\n${verdict}\n`;
}

/** One JSON object per unit, for --json output (JSON lines). */
export function healthRecord(u: UnitHealth): Record<string, unknown> {
  return { event: 'source', ...u };
}
