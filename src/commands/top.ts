// `techdemand top`: technologies ranked by the share of ads that ask for them, in the latest twelve months by default.
import { UsageError } from '../core/errors.js';
import { parseFormat, percent, renderRows, type Column } from '../output.js';
import type { TechCount } from '../core/types.js';
import { projectCategories } from '../taxonomy-source.js';
import { openQueryStorage } from '../storage.js';
import { requireCurrentRoles } from '../role-filter.js';
import { NOW_MONTHS, nowWindow } from './analytics-inputs.js';
import { buildFilter, parsePositiveInt, writeOut, type GlobalOptions } from '../app.js';

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
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, q.location);
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

