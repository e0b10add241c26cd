// The remote-board sources behind one factory, for the source registry and the CLI: name → factory,
// the loosely typed registry options read with one-line UsageErrors, and the politeness each board asks
// of the shared HTTP client for its host.
import { UsageError } from '../../src/core/errors.js';
import type { Source } from '../../src/core/types.js';
import { PLAIN_STRING_OPTION, intOption, type OptionSpec, type SourceDescriptor } from '../../src/core/sources.js';
import type { BoardPoliteness } from './common.js';
import { createArbeitnowSource, defaultPoliteness as arbeitnowPoliteness } from './arbeitnow.js';
import { createHimalayasSource, defaultPoliteness as himalayasPoliteness } from './himalayas.js';
import { createJobicySource, defaultPoliteness as jobicyPoliteness } from './jobicy.js';
import { createRemoteOkSource, defaultPoliteness as remoteOkPoliteness } from './remoteok.js';
import { createRemotiveSource, defaultPoliteness as remotivePoliteness } from './remotive.js';
import { createWeWorkRemotelySource, defaultPoliteness as wwrPoliteness } from './weworkremotely.js';

export type { BoardPoliteness } from './common.js';
export { createArbeitnowSource } from './arbeitnow.js';
export { createHimalayasSource } from './himalayas.js';
export { createJobicySource } from './jobicy.js';
export { createRemoteOkSource } from './remoteok.js';
export { createRemotiveSource } from './remotive.js';
export { createWeWorkRemotelySource } from './weworkremotely.js';

export const BOARD_SOURCE_NAMES = ['remotive', 'remoteok', 'arbeitnow', 'weworkremotely', 'himalayas', 'jobicy'] as const;
export type BoardSourceName = (typeof BOARD_SOURCE_NAMES)[number];

export function isBoardSourceName(name: string): name is BoardSourceName {
  return (BOARD_SOURCE_NAMES as readonly string[]).includes(name);
}

export const BOARD_POLITENESS: Record<BoardSourceName, BoardPoliteness> = {
  remotive: remotivePoliteness,
  remoteok: remoteOkPoliteness,
  arbeitnow: arbeitnowPoliteness,
  weworkremotely: wwrPoliteness,
  himalayas: himalayasPoliteness,
  jobicy: jobicyPoliteness,
};

function stringOption(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`option "${key}" must be a string`);
  return v;
}

function positiveIntOption(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new UsageError(`option "${key}" must be a whole number ≥ 1`);
  return n;
}

/** "a,b" or ["a","b"] → ["a","b"]. */
function listOption(o: Record<string, unknown>, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new UsageError(`option "${key}" must be a list of strings`);
  const items = (list as string[]).map((x) => x.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`option "${key}" must not be empty`);
  return items;
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Builds a board source from the registry's loosely typed options. Every board takes `baseUrl`;
 * remotive `category`; remoteok `tag`; arbeitnow and himalayas `maxPages`; weworkremotely `categories`;
 * jobicy `tag`, `industry`, `geo`, `count`, `maxPages`. A wrong type is a UsageError naming the option.
 */
export function createBoardSource(name: BoardSourceName, o: Record<string, unknown> = {}): Source {
  const baseUrl = stringOption(o, 'baseUrl');
  switch (name) {
    case 'remotive':
      return createRemotiveSource(defined({ baseUrl, category: stringOption(o, 'category') }));
    case 'remoteok':
      return createRemoteOkSource(defined({ baseUrl, tag: stringOption(o, 'tag') }));
    case 'arbeitnow':
      return createArbeitnowSource(defined({ baseUrl, maxPages: positiveIntOption(o, 'maxPages') }));
    case 'weworkremotely':
      return createWeWorkRemotelySource(defined({ baseUrl, categories: listOption(o, 'categories') }));
    case 'himalayas':
      return createHimalayasSource(defined({ baseUrl, maxPages: positiveIntOption(o, 'maxPages') }));
    case 'jobicy':
      return createJobicySource(
        defined({
          baseUrl,
          tag: stringOption(o, 'tag'),
          industry: stringOption(o, 'industry'),
          geo: stringOption(o, 'geo'),
          count: positiveIntOption(o, 'count'),
          maxPages: positiveIntOption(o, 'maxPages'),
        }),
      );
  }
}

/** The host a board source talks to, with the politeness to apply there, for the HTTP client's hostPolicies. */
export interface BoardHostPolicy {
  host: string;
  concurrency: number;
  minIntervalMs: number;
  timeoutMs: number;
  /** Minimum time between two syncs of the source (terms of use), for whoever schedules runs. */
  minRefetchMs?: number;
}

export function boardHostPolicy(name: BoardSourceName, opts: { baseUrl?: string } = {}): BoardHostPolicy {
  const p = BOARD_POLITENESS[name];
  let host = p.host;
  if (opts.baseUrl !== undefined) {
    try {
      host = new URL(opts.baseUrl).host;
    } catch {
      // The source itself will fail on a bad base URL with a clearer message.
    }
  }
  return {
    host,
    concurrency: p.concurrency,
    minIntervalMs: p.minIntervalMs,
    timeoutMs: p.timeoutMs,
    ...(p.minRefetchMs !== undefined ? { minRefetchMs: p.minRefetchMs } : {}),
  };
}

/** hostPolicies for createHttpClient covering every board's real host. */
export function boardHostPolicies(): Record<string, { concurrency: number; minIntervalMs: number }> {
  const out: Record<string, { concurrency: number; minIntervalMs: number }> = {};
  for (const name of BOARD_SOURCE_NAMES) {
    const p = BOARD_POLITENESS[name];
    out[p.host] = { concurrency: p.concurrency, minIntervalMs: p.minIntervalMs };
  }
  return out;
}

/** Kept for callers that want factory + politeness in one table. */
export interface BoardSourceEntry {
  create(opts: Record<string, unknown>): Source;
  politeness: BoardPoliteness;
}

export const boardSources: Readonly<Record<BoardSourceName, BoardSourceEntry>> = Object.fromEntries(
  BOARD_SOURCE_NAMES.map((name) => [name, { create: (o: Record<string, unknown>) => createBoardSource(name, o), politeness: BOARD_POLITENESS[name] }]),
) as Record<BoardSourceName, BoardSourceEntry>;

/** Options each remote board takes beyond baseUrl (createBoardSource reads them). */
const BOARD_OPTIONS: Record<BoardSourceName, Record<string, OptionSpec>> = {
  remotive: { category: PLAIN_STRING_OPTION },
  remoteok: { tag: PLAIN_STRING_OPTION },
  arbeitnow: { maxPages: intOption(1, 1000) },
  weworkremotely: { categories: { kind: 'list', item: { kind: 'string', pattern: /^[a-z0-9-]{1,100}$/, what: 'a category slug' }, nonEmpty: true } },
  himalayas: { maxPages: intOption(1, 1000) },
  jobicy: { tag: PLAIN_STRING_OPTION, industry: PLAIN_STRING_OPTION, geo: PLAIN_STRING_OPTION, count: intOption(1, 200), maxPages: intOption(1, 1000) },
};

/** The starter config's line for each board (init). */
const BOARD_STARTERS: Record<BoardSourceName, string> = {
  remotive: '  remotive:\n    category: software-dev\n',
  remoteok: '  remoteok: {}\n',
  arbeitnow: '  arbeitnow: {}\n',
  weworkremotely: '  weworkremotely: {}      # default feed: remote-back-end-programming-jobs\n',
  himalayas: '  himalayas: {}\n',
  jobicy: '  jobicy: {}              # default industry: engineering\n',
};

/** A remote job board, declared once (scrapers/registry.ts): one unit, synced no more often than its terms allow. */
export function boardDescriptor(name: BoardSourceName): SourceDescriptor {
  return {
    name,
    family: 'board',
    summary: `the ${name} remote job board, through its public API or feed`,
    options: BOARD_OPTIONS[name],
    units: (entry) => {
      const base = entry.baseUrl !== undefined ? { baseUrl: entry.baseUrl } : {};
      const policy = boardHostPolicy(name, base);
      return [
        {
          unit: name,
          options: { ...base, ...entry.options },
          scope: { source: name },
          closes: true,
          hosts: { [policy.host.toLowerCase()]: { concurrency: policy.concurrency, minIntervalMs: policy.minIntervalMs } },
          ...(policy.minRefetchMs !== undefined ? { minRefetchMs: policy.minRefetchMs } : {}),
        },
      ];
    },
    create: (o) => createBoardSource(name, o),
    starter: () => BOARD_STARTERS[name],
  };
}
