// What every command shares: the global options, flag parsers, the query filter the flags build, the tagger loaded
// once. Each command has its own file in src/commands/ (flags → question → output); the CLI (src/cli.ts) only parses
// flags and maps errors to exit codes.
import { join } from 'node:path';
import { UsageError } from './core/errors.js';
import { DATA_DIR, DEFAULT_DB_FILE as DB_FILE } from './paths.js';
import type { QueryFilter } from './core/types.js';
import { loadProjectTaxonomy } from './taxonomy-source.js';
import { parseRoleList } from './role-filter.js';

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

// ---------------------------------------------------------------- filters shared by the query commands

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
