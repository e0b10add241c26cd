// The ATS job-board sources behind one uniform factory, for the source registry and the CLI:
// every ATS is addressed as (source name, board), where "board" is that ATS's own word for an
// employer (Greenhouse board token, Lever site, Ashby job board, SmartRecruiters company identifier,
// Recruitee subdomain, Workable account).
import { UsageError } from '../../src/core/errors.js';
import type { Source } from '../../src/core/types.js';
import { BOARDS_OPTION, type SourceDescriptor } from '../../src/core/sources.js';
import type { AtsPoliteness } from './common.js';
import { createAshbySource, defaultPoliteness as ashbyPoliteness } from './ashby.js';
import { createGreenhouseSource, defaultPoliteness as greenhousePoliteness } from './greenhouse.js';
import { createLeverSource, defaultPoliteness as leverPoliteness, LEVER_EU_BASE_URL } from './lever.js';
import { createRecruiteeSource, defaultPoliteness as recruiteePoliteness } from './recruitee.js';
import { createSmartRecruitersSource, defaultPoliteness as smartRecruitersPoliteness } from './smartrecruiters.js';
import { createWorkableSource, defaultPoliteness as workablePoliteness } from './workable.js';

export type { AtsPoliteness } from './common.js';
export { createAshbySource } from './ashby.js';
export { createGreenhouseSource } from './greenhouse.js';
export { createLeverSource } from './lever.js';
export { createRecruiteeSource } from './recruitee.js';
export { createSmartRecruitersSource } from './smartrecruiters.js';
export { createWorkableSource } from './workable.js';

export const ATS_SOURCE_NAMES = ['greenhouse', 'lever', 'ashby', 'smartrecruiters', 'recruitee', 'workable'] as const;
export type AtsSourceName = (typeof ATS_SOURCE_NAMES)[number];

export function isAtsSourceName(name: string): name is AtsSourceName {
  return (ATS_SOURCE_NAMES as readonly string[]).includes(name);
}

/** Per-source politeness the pipeline feeds into the shared HTTP client (keyed by source name). */
export const ATS_POLITENESS: Record<AtsSourceName, AtsPoliteness> = {
  greenhouse: greenhousePoliteness,
  lever: leverPoliteness,
  ashby: ashbyPoliteness,
  smartrecruiters: smartRecruitersPoliteness,
  recruitee: recruiteePoliteness,
  workable: workablePoliteness,
};

export interface AtsSourceOptions {
  /** The employer's board on that ATS (see the header comment). */
  board?: string;
  /** API base URL; for recruitee a template containing "{slug}". */
  baseUrl?: string;
  /** Lever only: 'eu' for api.eu.lever.co. */
  region?: 'us' | 'eu';
}

/**
 * Reads the ATS options out of the registry's loosely typed options (`board`, `baseUrl`, `region`);
 * a wrong type is a UsageError naming the option.
 */
export function atsOptionsFrom(o: Record<string, unknown>): AtsSourceOptions {
  const out: AtsSourceOptions = {};
  for (const key of ['board', 'baseUrl'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new UsageError(`option "${key}" must be a string`);
    out[key] = v;
  }
  if (o.region !== undefined) {
    if (o.region !== 'us' && o.region !== 'eu') throw new UsageError(`option "region" must be "us" or "eu" (got ${JSON.stringify(o.region)})`);
    out.region = o.region;
  }
  return out;
}

/** The host a configured ATS source talks to, with the politeness to apply there, for the HTTP client's hostPolicies. */
export interface AtsHostPolicy {
  host: string;
  concurrency: number;
  minIntervalMs: number;
  timeoutMs: number;
}

export function atsHostPolicy(name: AtsSourceName, opts: AtsSourceOptions): AtsHostPolicy {
  const p = ATS_POLITENESS[name];
  const board = (opts.board ?? '').trim().toLowerCase();
  let host = p.host;
  if (opts.baseUrl !== undefined) {
    host = new URL(opts.baseUrl.replace('{slug}', encodeURIComponent(board) || 'x')).host;
  } else if (name === 'lever' && opts.region === 'eu') {
    host = new URL(LEVER_EU_BASE_URL).host;
  } else if (name === 'recruitee') {
    host = `${board}.recruitee.com`;
  }
  return { host, concurrency: p.concurrency, minIntervalMs: p.minIntervalMs, timeoutMs: p.timeoutMs };
}

export function createAtsSource(name: AtsSourceName, opts: AtsSourceOptions): Source {
  const board = opts.board?.trim();
  if (!board) throw new UsageError(`source "${name}" needs a board (the employer's ${name} board name), e.g. --board acme`);
  const baseUrl = opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {};
  switch (name) {
    case 'greenhouse':
      return createGreenhouseSource({ board, ...baseUrl });
    case 'lever':
      return createLeverSource({ site: board, ...baseUrl, ...(opts.region ? { region: opts.region } : {}) });
    case 'ashby':
      return createAshbySource({ board, ...baseUrl });
    case 'smartrecruiters':
      return createSmartRecruitersSource({ company: board, ...baseUrl });
    case 'recruitee':
      return createRecruiteeSource({ company: board, ...baseUrl });
    case 'workable':
      return createWorkableSource({ account: board, ...baseUrl });
  }
}

/** An ATS source, declared once (scrapers/registry.ts): one unit per employer board. */
export function atsDescriptor(name: AtsSourceName): SourceDescriptor {
  return {
    name,
    family: 'ats',
    summary: `${name} job boards of employers, through the ATS's public API`,
    options: { boards: BOARDS_OPTION, ...(name === 'lever' ? { region: { kind: 'oneOf', values: ['us', 'eu'] } as const } : {}) },
    // Lever tells sites apart by case; the others' board names are case-insensitive.
    boards: { caseSensitive: name === 'lever' },
    required: [{ option: 'boards', message: `needs "boards:", the ${name} board names of the employers to collect (e.g. boards: [acme])` }],
    units: (entry) =>
      (entry.boards ?? []).map((board) => {
        const region = entry.options['region'] as 'us' | 'eu' | undefined;
        const base = entry.baseUrl !== undefined ? { baseUrl: entry.baseUrl } : {};
        const policy = atsHostPolicy(name, { board, ...base, ...(region ? { region } : {}) });
        return {
          unit: `${name}:${board}`,
          options: { ...base, board, ...(region ? { region } : {}) },
          // ATS sources key their postings "<board>:<id>".
          scope: { source: name, prefix: `${board}:` },
          closes: true,
          hosts: { [policy.host.toLowerCase()]: { concurrency: policy.concurrency, minIntervalMs: policy.minIntervalMs } },
        };
      }),
    create: (o) => createAtsSource(name, atsOptionsFrom(o)),
    starter: ({ boardLines }) => `  ${name}:\n${name === 'lever' ? '    region: us            # "eu" for companies on api.eu.lever.co\n' : ''}    boards:\n${boardLines(name)}\n`,
  };
}
