// The archive of past reports, kept beside the report file, and the "What changed since the previous run" section.
//
// Whenever a report is written to <dir>/<name>.html, a small JSON summary of it is kept as
//   <dir>/archive/report-<UTC yyyymmdd-hhmmss>[-n].json
// (when, what scope, how many ads, which taxonomy, every technology's overall share and rank; the newest 24). With
// `--archive` (or `archive: true` in the run config) the report's HTML is kept beside it too (the newest 100) and
// <dir>/archive/index.html lists them. Before rendering, the newest readable summary of the same scope (filters and
// unit) becomes `data.changes`: reports made with other filters are never compared.
//
// Pure helpers first (naming, parsing, choosing the previous summary, computing the changes), then the I/O at the end.

import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ChangesSection, ReportData, TechChange } from './core/report-data.js';
import type { IsoTime } from './core/types.js';
import { renderReport } from '../reports/render.js';
import { renderReportIndex, type ReportIndexEntry } from '../reports/index.js';
import { writeReportAtomic } from '../reports/write.js';

/** The archive folder's name, inside the folder of the report file. */
export const ARCHIVE_DIR = 'archive';
/** Archived reports kept; older ones are deleted (each report with its summary). */
export const MAX_ARCHIVED = 100;
/** Technologies kept per summary: enough to rank the whole taxonomy's leaders, small enough to read fast. */
const MAX_SUMMARY_TECHS = 300;
/** Technologies listed in the changes section. */
export const MAX_CHANGED_TECHS = 10;
/** Only technologies ranked this high in either report take part in the changes: reshuffles in the tail are noise. */
const CHANGE_RANK_WINDOW = 40;
/** A summary is a few kilobytes; anything much bigger is not one of ours and is not read. */
const MAX_SUMMARY_BYTES = 1_000_000;

// ---------------------------------------------------------------- summary

export interface SummaryTech {
  tech: string;
  name: string;
  /** Overall share 0..1. */
  share: number;
  /** 1-based overall rank by share. */
  rank: number;
}

/** What a later run needs to know about an earlier report. */
export interface ReportSummary {
  summaryVersion: 1;
  generatedAt: IsoTime;
  /** ReportData.scope of the report (absent in summaries written before scopes existed). */
  scope?: string;
  title: string;
  period: { from: string; to: string };
  postings: number;
  taxonomyVersion: string;
  techs: SummaryTech[];
}

/**
 * Every technology's overall share and rank, from the demand section (every category's rows share one denominator).
 * Ties in share are broken by count, then id, so the ranking is stable.
 */
export function overallRanking(data: ReportData): SummaryTech[] {
  const best = new Map<string, { tech: string; name: string; share: number; count: number }>();
  const add = (r: { tech: string; name: string; share: number; count: number }) => {
    if (typeof r?.tech !== 'string' || !Number.isFinite(r.share)) return;
    const seen = best.get(r.tech);
    if (!seen || r.share > seen.share) best.set(r.tech, { tech: r.tech, name: String(r.name ?? r.tech), share: r.share, count: Number(r.count) || 0 });
  };
  for (const c of data.demand ?? []) for (const r of c.rows ?? []) add(r);
  // The headline may be scoped (e.g. backend roles only): it fills in only technologies the demand section lacks.
  for (const r of data.headline?.top ?? []) if (!best.has(r?.tech)) add(r);
  return [...best.values()]
    .sort((a, b) => b.share - a.share || b.count - a.count || (a.tech < b.tech ? -1 : a.tech > b.tech ? 1 : 0))
    .slice(0, MAX_SUMMARY_TECHS)
    .map((r, i) => ({ tech: r.tech, name: r.name, share: Math.round(r.share * 1e6) / 1e6, rank: i + 1 }));
}

export function summarize(data: ReportData): ReportSummary {
  return {
    summaryVersion: 1,
    generatedAt: data.generatedAt,
    title: data.title ?? 'Tech demand in job ads',
    period: { from: data.period.from, to: data.period.to },
    postings: data.totals.postings,
    taxonomyVersion: data.taxonomyVersion,
    techs: overallRanking(data),
    ...(data.scope !== undefined ? { scope: data.scope } : {}),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A summary read back from disk, or null when the text is not one (garbled, truncated, foreign). */
export function parseSummary(text: string): ReportSummary | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || v.summaryVersion !== 1) return null;
  const { generatedAt, postings, taxonomyVersion } = v;
  if (typeof generatedAt !== 'string' || Number.isNaN(Date.parse(generatedAt))) return null;
  if (typeof postings !== 'number' || !Number.isInteger(postings) || postings < 0) return null;
  if (typeof taxonomyVersion !== 'string' || !Array.isArray(v.techs)) return null;
  const period = isObject(v.period) && typeof v.period.from === 'string' && typeof v.period.to === 'string' ? { from: v.period.from, to: v.period.to } : { from: '', to: '' };
  // One bad technology entry does not spoil the others.
  const techs: SummaryTech[] = v.techs
    .filter(
      (t): t is SummaryTech =>
        isObject(t) && typeof t.tech === 'string' && typeof t.name === 'string' && typeof t.share === 'number' && t.share >= 0 && t.share <= 1 &&
        typeof t.rank === 'number' && Number.isInteger(t.rank) && t.rank >= 1,
    )
    .map((t) => ({ tech: t.tech, name: t.name, share: t.share, rank: t.rank }));
  return { summaryVersion: 1, generatedAt, title: typeof v.title === 'string' ? v.title : '', period, postings, taxonomyVersion, techs, ...(typeof v.scope === 'string' ? { scope: v.scope } : {}) };
}

// ---------------------------------------------------------------- changes

/**
 * The changes section from the previous report's summary and this report's data. New ads are the growth of the
 * unique-ad total (the report's unit), never negative; a caller that counted first-seen ads may pass them instead.
 */
export function computeChanges(previous: ReportSummary, data: ReportData, options: { newPostings?: number; limit?: number } = {}): ChangesSection {
  const now = overallRanking(data);
  const before = new Map(previous.techs.map((t) => [t.tech, t]));
  const after = new Map(now.map((t) => [t.tech, t]));
  const ids = new Set<string>();
  for (const t of previous.techs) if (t.rank <= CHANGE_RANK_WINDOW) ids.add(t.tech);
  for (const t of now) if (t.rank <= CHANGE_RANK_WINDOW) ids.add(t.tech);
  const scored = [...ids].map((id) => {
    const b = before.get(id);
    const a = after.get(id);
    const change: TechChange = {
      tech: id,
      name: a?.name ?? b?.name ?? id,
      shareBefore: b ? b.share : null,
      shareAfter: a ? a.share : null,
      rankBefore: b ? b.rank : null,
      rankAfter: a ? a.rank : null,
    };
    // A technology that appeared or vanished moved by its whole share; rank moves break ties between equal shifts.
    const shareMove = Math.abs((a?.share ?? 0) - (b?.share ?? 0));
    const rankMove = b && a ? Math.abs(a.rank - b.rank) : CHANGE_RANK_WINDOW;
    return { change, shareMove, rankMove };
  });
  const techs = scored
    .filter((s) => s.shareMove > 1e-9 || s.change.rankBefore !== s.change.rankAfter)
    .sort((x, y) => y.shareMove - x.shareMove || y.rankMove - x.rankMove || (x.change.tech < y.change.tech ? -1 : 1))
    .slice(0, options.limit ?? MAX_CHANGED_TECHS)
    .map((s) => s.change);
  const notes: string[] = [];
  if (options.newPostings === undefined) notes.push('New ads are counted as the growth of the unique-ad total since the previous report.');
  return {
    previousGeneratedAt: previous.generatedAt,
    previousPostings: previous.postings,
    newPostings: options.newPostings ?? Math.max(0, data.totals.postings - previous.postings),
    ...(previous.taxonomyVersion !== data.taxonomyVersion ? { previousTaxonomyVersion: previous.taxonomyVersion } : {}),
    techs,
    notes,
  };
}

// ---------------------------------------------------------------- naming

const NAME = /^report-(\d{8}-\d{6})(?:-(\d{1,6}))?\.(html|json)$/;

/** "report-20260505-120000" for 2026-05-05T12:00:00Z (UTC; the current time when the date is unusable). */
export function archiveStem(generatedAt: string, fallback: Date = new Date()): string {
  const t = Date.parse(generatedAt);
  const d = Number.isNaN(t) ? fallback : new Date(t);
  const iso = d.toISOString(); // 2026-05-05T12:00:00.000Z
  return `report-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** An archive file name taken apart, or null when it is not one of ours. */
export function parseArchiveName(file: string): { stem: string; stamp: string; seq: number; ext: 'html' | 'json' } | null {
  const m = NAME.exec(file);
  if (!m) return null;
  const seq = m[2] === undefined ? 1 : Number(m[2]);
  return { stem: file.slice(0, -(m[3]!.length + 1)), stamp: m[1]!, seq, ext: m[3] as 'html' | 'json' };
}

/** Archive stems found in a folder listing, newest first (by time stamp, then by the same-second sequence). */
export function archivedStems(files: readonly string[]): string[] {
  const stems = new Map<string, { stamp: string; seq: number }>();
  for (const f of files) {
    const p = parseArchiveName(f);
    if (p) stems.set(p.stem, { stamp: p.stamp, seq: p.seq });
  }
  return [...stems]
    .sort(([, a], [, b]) => (a.stamp === b.stamp ? b.seq - a.seq : a.stamp < b.stamp ? 1 : -1))
    .map(([stem]) => stem);
}

/** A stem not yet used in the folder: the time stamp, then "-2", "-3", … for reports within the same second. */
export function freshStem(stem: string, files: readonly string[]): string {
  const taken = new Set(files.map((f) => parseArchiveName(f)?.stem).filter((s): s is string => s !== undefined));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * The newest summary that parses and has the same scope, given (stem, text or null) pairs newest first. Like is
 * compared with like only: a report of backend ads is never "what changed" since a report of every ad (a summary
 * without a scope, written before scopes existed, matches nothing when a scope is asked for).
 */
export function choosePrevious(candidates: readonly { stem: string; text: string | null }[], scope?: string): ReportSummary | null {
  for (const c of candidates) {
    const s = c.text === null ? null : parseSummary(c.text);
    if (s && (scope === undefined || s.scope === scope)) return s;
  }
  return null;
}

/** The index's entries: one per archived HTML file, described by its summary when that is readable. */
export function indexEntries(stems: readonly string[], files: readonly string[], summaries: ReadonlyMap<string, ReportSummary | null>): ReportIndexEntry[] {
  const present = new Set(files);
  return stems
    .filter((stem) => present.has(`${stem}.html`))
    .map((stem) => {
      const s = summaries.get(stem) ?? null;
      const p = parseArchiveName(`${stem}.html`)!;
      const stampIso = `${p.stamp.slice(0, 4)}-${p.stamp.slice(4, 6)}-${p.stamp.slice(6, 8)}T${p.stamp.slice(9, 11)}:${p.stamp.slice(11, 13)}:${p.stamp.slice(13, 15)}Z`;
      return s
        ? { file: `${stem}.html`, title: s.period.from ? `${s.title}, ${s.period.from} to ${s.period.to}` : s.title || `${stem}.html`, generatedAt: s.generatedAt, postings: s.postings }
        : { file: `${stem}.html`, title: `${stem}.html (summary unreadable)`, generatedAt: stampIso, postings: 0 };
    });
}

// ---------------------------------------------------------------- I/O

/** The archive folder for a report file. */
export function archiveDirFor(outPath: string): string {
  return join(dirname(resolve(outPath)), ARCHIVE_DIR);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // no archive yet
  }
}

function readSummaryText(path: string): string | null {
  try {
    if (statSync(path).size > MAX_SUMMARY_BYTES) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The newest readable summary in the report's archive, or null (no archive, or nothing in it parses). */
export function loadPreviousSummary(outPath: string, scope?: string): ReportSummary | null {
  const dir = archiveDirFor(outPath);
  const files = listDir(dir);
  const present = new Set(files);
  const candidates = archivedStems(files)
    .filter((stem) => present.has(`${stem}.json`))
    .map((stem) => ({ stem, get text() { return readSummaryText(join(dir, `${stem}.json`)); } }));
  return choosePrevious(candidates, scope);
}

/** Summaries kept when reports themselves are not archived: enough history for "What changed", a few kB each. */
export const MAX_SUMMARIES = 24;

/**
 * Keeps the summary of `data` in the archive folder beside `outPath` (what "What changed" reads next time) and,
 * with `keepHtml`, the report itself plus the archive's index.html. Deletes all but the newest `keep` entries
 * (100 reports with HTML; 24 summaries without). Returns the archived HTML file's path, or null.
 */
export function archiveReport(outPath: string, html: string, data: ReportData, options: { keepHtml?: boolean; keep?: number } = {}): string | null {
  const keepHtml = options.keepHtml === true;
  const keep = options.keep ?? (keepHtml ? MAX_ARCHIVED : MAX_SUMMARIES);
  const dir = archiveDirFor(outPath);
  const stem = freshStem(archiveStem(data.generatedAt), listDir(dir));
  // The summary first: an archived report without one would be skipped as "previous" but still listed.
  writeReportAtomic(join(dir, `${stem}.json`), `${JSON.stringify(summarize(data))}\n`);
  if (keepHtml) writeReportAtomic(join(dir, `${stem}.html`), html);

  let files = listDir(dir);
  const stems = archivedStems(files);
  for (const old of stems.slice(Math.max(1, keep))) {
    rmSync(join(dir, `${old}.html`), { force: true });
    rmSync(join(dir, `${old}.json`), { force: true });
  }
  if (!keepHtml) return null;
  files = listDir(dir);
  const kept = archivedStems(files).filter((s) => files.includes(`${s}.html`));
  const summaries = new Map<string, ReportSummary | null>();
  for (const s of kept) {
    const text = files.includes(`${s}.json`) ? readSummaryText(join(dir, `${s}.json`)) : null;
    summaries.set(s, text === null ? null : parseSummary(text));
  }
  writeReportAtomic(join(dir, 'index.html'), renderReportIndex(indexEntries(kept, files, summaries)));
  return join(dir, `${stem}.html`);
}

export interface WrittenReport {
  /** The report file, resolved. */
  path: string;
  /** Its copy in the archive (only with `archive: true`). */
  archived: string | null;
  html: string;
  /** The data as rendered (with `changes` when there was a previous report). */
  data: ReportData;
}

/**
 * The one way the CLI writes a report: fills `changes` from the newest archived summary, renders, writes `outPath`
 * atomically, then archives the report and refreshes the archive's index.
 */
export function writeReportWithArchive(outPath: string, data: ReportData, options: { archive?: boolean } = {}): WrittenReport {
  const path = resolve(outPath);
  const previous = loadPreviousSummary(path, data.scope);
  const withChanges: ReportData = previous ? { ...data, changes: computeChanges(previous, data) } : data;
  const html = renderReport(withChanges);
  writeReportAtomic(path, html);
  const archived = archiveReport(path, html, withChanges, { keepHtml: options.archive === true });
  return { path, archived, html, data: withChanges };
}
