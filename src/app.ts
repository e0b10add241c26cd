// The programmatic API behind every CLI command: each function gathers its inputs, calls pure cores, and writes
// its result. The CLI (src/cli.ts) only parses flags and maps errors to exit codes.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { UsageError, InputError } from './core/errors.js';
import { oneLine, visibleControls } from './terminal-text.js';
import { requireReadableFile, requireWritableTarget } from './user-files.js';
import { DATA_DIR, DEFAULT_DB_FILE as DB_FILE } from './paths.js';
import { parseFormat, percent, renderRows, type Column } from './output.js';
import { tagStream } from './commands/tag.js';
import type { TechCount, QueryFilter } from './core/types.js';
import { loadProjectTaxonomy, projectCategories } from './taxonomy-source.js';
import { openQueryStorage } from './storage.js';
import type { ReportData } from './core/report-data.js';
import { parseRoleList, requireCurrentRoles } from './role-filter.js';
import { NOW_MONTHS, nowWindow } from './commands/analytics-inputs.js';
import { explainRoles, ROLES_VERSION } from './roles.js';

export const DEFAULT_DB_FILE = DB_FILE;
export { DEFAULT_REPORT_FILE, DEMO_DB_FILE } from './paths.js';
export const DEMO_SNAPSHOT = join(DATA_DIR, 'hn-snapshot.json.gz');

export interface GlobalOptions {
  db: string;
  json: boolean;
  tty: boolean;
  stdout: NodeJS.WritableStream;
  /** false when NO_COLOR is set: no ANSI styling even on a terminal. */
  color?: boolean;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!MONTH_RE.test(value)) throw new UsageError(`${flag} must be a month as YYYY-MM (got "${value}")`);
  return value;
}

export function parsePositiveInt(value: string | undefined, flag: string, fallback: number, max = 1_000_000): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return Number(value);
}

/** The taxonomy and its compiled tagger (the tagger's modules load only for the commands that tag). */
export async function loadTaggerOnce() {
  const { compileTagger } = await import('../taxonomy/tagger.js');
  const taxonomy = loadProjectTaxonomy();
  return { taxonomy, tagger: compileTagger(taxonomy) };
}

export function writeOut(g: GlobalOptions, text: string): void {
  g.stdout.write(text);
}

// ---------------------------------------------------------------- tag

export async function tagCommand(o: GlobalOptions & { input?: string }): Promise<void> {
  if (o.input !== undefined) requireReadableFile(o.input, '--input');
  const { taxonomy, tagger } = await loadTaggerOnce();
  const categories = new Map(taxonomy.entries.map((e) => [e.id, e.category]));
  const input = o.input !== undefined ? createReadStream(o.input, { encoding: 'utf8' }) : process.stdin;
  await tagStream(input, o.stdout as NodeJS.WritableStream & import('node:stream').Writable, tagger, o.input ?? '<stdin>', (id) => categories.get(id));
}

// ---------------------------------------------------------------- top

export interface TopOptions extends GlobalOptions {
  category?: string;
  since?: string;
  until?: string;
  source?: string;
  required?: boolean;
  role?: string;
  count?: string;
  /** The shared name of --count (every reading command takes it). */
  denominator?: string;
  remote?: boolean;
  company?: string;
  limit?: string;
  format?: string;
  /** Rank over every month instead of the latest twelve with data. */
  allTime?: boolean;
}

export const COUNT_UNITS = ['jobs', 'postings', 'companies'] as const;

export function buildFilter(o: {
  since?: string;
  until?: string;
  source?: string;
  category?: string;
  required?: boolean;
  role?: string;
  count?: string;
  remote?: boolean;
  company?: string;
}): QueryFilter {
  const filter: QueryFilter = {};
  const since = parseMonth(o.since, '--since');
  const until = parseMonth(o.until, '--until');
  if (since && until && since > until) throw new UsageError(`--since ${since} is after --until ${until}`);
  if (since) filter.since = since;
  if (until) filter.until = until;
  if (o.source) filter.sources = o.source.split(',').map((s) => s.trim()).filter(Boolean);
  if (o.category) filter.category = o.category;
  if (o.required) filter.requiredOnly = true;
  const roles = parseRoleList(o.role);
  if (roles !== undefined && roles !== 'all') filter.roles = roles;
  if (o.count !== undefined) {
    if (!(COUNT_UNITS as readonly string[]).includes(o.count)) throw new UsageError(`--count must be one of ${COUNT_UNITS.join(', ')} (got "${o.count}")`);
    filter.count = o.count as QueryFilter['count'];
  }
  if (o.remote) filter.remote = true;
  if (o.company !== undefined && o.company.trim() !== '') filter.company = o.company.trim();
  return filter;
}

export async function topCommand(o: TopOptions): Promise<void> {
  const format = parseFormat(o.format ?? (o.json ? 'json' : undefined));
  const limit = parsePositiveInt(o.limit, '--limit', 20, 10_000);
  if (o.count !== undefined && o.denominator !== undefined && o.count !== o.denominator) {
    throw new UsageError(`--count ${o.count} and --denominator ${o.denominator} disagree (they are the same option)`);
  }
  const filter = buildFilter({ ...o, count: o.denominator ?? o.count, remote: o.remote === true });
  if (o.remote === false) filter.remote = false;
  if (o.company !== undefined && o.company.trim() === '') throw new UsageError('--company needs a company name');
  // Only the categories are needed: not even the taxonomy's entries on the way to a ranking.
  const categories = projectCategories();
  if (filter.category !== undefined && !categories.some((c) => c.id === filter.category)) {
    throw new UsageError(`unknown category "${filter.category}" (known: ${categories.map((c) => c.id).join(', ')})`);
  }
  const q = await openQueryStorage(o.db);
  try {
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, o.db);
    // "What is most demanded" means now: the latest twelve months with data unless the user chose the months.
    const window = await nowWindow(q, filter, o.allTime === true);
    if (window) Object.assign(filter, window);
    const windowNote = window
      ? `${window.since}..${window.until}: the latest ${NOW_MONTHS} months with data (--all-time or --since/--until for other months)`
      : filter.since || filter.until ? `${filter.since ?? 'start'}..${filter.until ?? 'latest'}` : 'every month with data (--all-time)';
    const result = await q.topTechnologies(filter, limit);
    const columns: Column<TechCount>[] = [
      { header: '#', key: 'rank', value: (r) => result.rows.indexOf(r) + 1, align: 'right' },
      { header: 'technology', key: 'tech', value: (r) => (format === 'table' || format === 'md' ? r.name : r.tech) },
      { header: 'category', key: 'category', value: (r) => r.category },
      { header: filter.count ?? 'jobs', key: 'count', value: (r) => r.count, align: 'right' },
      { header: 'share', key: 'share', value: (r) => (format === 'json' || format === 'csv' ? r.share : percent(r.share)), align: 'right' },
    ];
    if (format === 'json') {
      writeOut(o, renderRows(result.rows, columns, format, { total: result.total, filter, window: window ?? null }));
    } else {
      writeOut(o, renderRows(result.rows, columns, format));
      const unitWord = filter.count === 'postings' ? 'postings' : filter.count === 'companies' ? 'companies' : 'unique jobs';
      if (format === 'table') writeOut(o, `\n${result.total} ${unitWord} in the selection; months ${windowNote}\n`);
      // An empty ranking says why it is empty instead of printing bare headers.
      if (result.rows.length === 0 && format !== 'csv') writeOut(o, `no ${unitWord} match these filters: widen the months (--all-time), sources, role, company or category\n`);
      else if (format === 'md') writeOut(o, `\n- ${result.total} ${unitWord}; months ${windowNote}\n`);
    }
  } finally {
    await q.close();
  }
}

// ---------------------------------------------------------------- report

export async function reportCommand(o: GlobalOptions & { out: string; since?: string; until?: string }): Promise<string> {
  requireWritableTarget(o.out, '--out');
  const filter = buildFilter(o);
  const { taxonomy } = await loadTaggerOnce();
  const q = await openQueryStorage(o.db);
  // The report's modules (rendering, charts) load only for this command.
  const { buildReportData } = await import('./report-builder.js');
  const { writeReportWithArchive } = await import('./report-archive.js');
  let data: ReportData;
  try {
    data = await buildReportData(q, taxonomy, filter);
  } finally {
    await q.close();
  }
  // Keeps a summary beside --out and fills "what changed" from the previous one of the same filters.
  const { path: out, html } = writeReportWithArchive(o.out, data);
  if (o.json) writeOut(o, JSON.stringify({ report: out, bytes: Buffer.byteLength(html) }) + '\n');
  else writeOut(o, `${out}\n`);
  return out;
}

// ---------------------------------------------------------------- explain

/** Marks every mention in the text: ANSI reverse video on a TTY, «…»[id:strength] otherwise. */
export function highlightMentions(text: string, mentions: { tech: string; offset: number; length: number; strength: string }[], ansi: boolean): string {
  const sorted = [...mentions].sort((a, b) => a.offset - b.offset || b.length - a.length);
  let out = '';
  let at = 0;
  for (const m of sorted) {
    if (m.offset < at || m.offset + m.length > text.length) continue; // overlapping or stale evidence
    out += visibleControls(text.slice(at, m.offset));
    const word = visibleControls(text.slice(m.offset, m.offset + m.length));
    out += ansi ? `\x1b[7m${word}\x1b[27m\x1b[2m[${m.tech}:${m.strength}]\x1b[22m` : `«${word}»[${m.tech}:${m.strength}]`;
    at = m.offset + m.length;
  }
  return out + visibleControls(text.slice(at));
}

export async function explainCommand(o: GlobalOptions & { posting: string }): Promise<void> {
  const q = await openQueryStorage(o.db);
  try {
    const posting = await q.postingById(o.posting);
    if (!posting) throw new InputError(`no posting "${o.posting}" in ${o.db} (use a numeric id or source:externalId, e.g. hn:12345)`);
    // The role decision with its evidence, decided again from the stored text and mentions (the stored roles are
    // what queries filter on; they agree unless the classifier changed since, which `retag` resolves).
    const categories = new Map(loadProjectTaxonomy().entries.map((e) => [e.id, e.category]));
    const decision = explainRoles({
      title: posting.title,
      text: posting.text,
      mentions: posting.mentions.map((m) => ({ tech: m.tech, offset: m.offset, category: categories.get(m.tech) ?? null })),
    });
    if (o.json) {
      const { html: _html, ...rest } = posting;
      writeOut(o, JSON.stringify({ ...rest, roleEvidence: decision.evidence, rolesVersion: ROLES_VERSION }, null, 2) + '\n');
      return;
    }
    // Highlighting only for a terminal, and never when NO_COLOR asks for none (https://no-color.org).
    const ansi = (o.stdout as NodeJS.WriteStream).isTTY === true && o.color !== false;
    const head = [
      `posting ${posting.id}  ${posting.source}:${posting.externalId}  ${posting.postedMonth}`,
      posting.company ? `company: ${oneLine(posting.company)}` : null,
      posting.url ? `url: ${oneLine(posting.url)}` : null,
      `tagged with taxonomy ${posting.taggedVersion ?? '(never)'}`,
      `roles: ${posting.roles.length ? posting.roles.join(', ') : '(not classified yet)'}`,
      ...decision.evidence.map((e) => `  ${e.role}: ${e.because}`),
      ...(posting.roles.length && posting.roles.join(',') !== decision.roles.join(',')
        ? [`  (stored roles come from an older classifier; role classifier ${ROLES_VERSION} decides ${decision.roles.join(', ')}: run retag)`]
        : []),
      `technologies (${posting.techs.length}): ${posting.techs.map((t) => `${t.tech}${t.strength === 'required' ? '*' : t.strength === 'preferred' ? '+' : ''}`).join(', ') || 'none recognised'}`,
      '  (* required, + preferred, plain: mentioned)',
    ].filter((l): l is string => l !== null);
    writeOut(o, head.join('\n') + '\n\n');
    writeOut(o, highlightMentions(posting.text, posting.mentions, ansi) + '\n\n');
    const rules = posting.mentions.map((m) => `  ${m.offset}\t${m.tech}\t${m.strength}\t${m.rule}\t${JSON.stringify(m.text)}`); // JSON escapes controls
    writeOut(o, `evidence (offset, technology, strength, rule, matched text):\n${rules.join('\n')}\n`);
  } finally {
    await q.close();
  }
}

// ---------------------------------------------------------------- suggest

export async function suggestCommand(o: GlobalOptions & { limit?: string; minDocs?: string; since?: string; until?: string; source?: string; format?: string }): Promise<void> {
  const format = parseFormat(o.format ?? (o.json ? 'json' : undefined));
  const limit = parsePositiveInt(o.limit, '--limit', 40, 10_000);
  const minDocs = parsePositiveInt(o.minDocs, '--min-docs', 3, 1_000_000);
  const filter = buildFilter(o);
  const { taxonomy } = await loadTaggerOnce();
  const q = await openQueryStorage(o.db);
  try {
    const months = { ...(filter.since ? { sinceMonth: filter.since } : {}), ...(filter.until ? { untilMonth: filter.until } : {}) };
    const { termSuggester } = await import('../taxonomy/suggest.js');
    const suggester = termSuggester(taxonomy, { limit, minDocs });
    for (const source of filter.sources && filter.sources.length > 0 ? filter.sources : [undefined]) {
      for await (const page of q.postingPages({ ...(source !== undefined ? { source } : {}), ...months })) {
        for (const p of page) suggester.add({ id: `${p.source}:${p.externalId}`, text: p.text });
      }
    }
    const terms = suggester.finish();
    const columns: Column<(typeof terms)[number]>[] = [
      { header: 'term', key: 'term', value: (t) => t.term },
      { header: 'ads', key: 'docs', value: (t) => t.docs, align: 'right' },
      { header: 'count', key: 'count', value: (t) => t.count, align: 'right' },
      { header: 'score', key: 'score', value: (t) => Math.round(t.score * 10) / 10, align: 'right' },
      { header: 'example', key: 'examples', value: (t) => (format === 'json' ? t.examples.join('\n') : (t.examples[0] ?? '').slice(0, 90)) },
    ];
    if (format === 'json') writeOut(o, JSON.stringify(terms, null, 2) + '\n');
    else writeOut(o, renderRows(terms, columns, format));
  } finally {
    await q.close();
  }
}
