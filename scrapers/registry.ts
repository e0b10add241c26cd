// Every source techdemand can run, by name. A source is a drop-in module exporting a factory
// `(options) => Source`; adding one is one import and one line here (see scrapers/README.md).

import type { Source } from '../src/core/types.js';
import { UsageError } from '../src/core/errors.js';
import { createHnSource } from './hn.js';
import { atsOptionsFrom, createAtsSource } from './ats/index.js';
import { createBoardSource } from './boards/index.js';
import { createCareerPageSource, urlsOption } from './jsonld.js';
import { createRenderedPageSource } from './browser.js';

/** Options every factory understands; a source ignores what does not apply to it. */
export interface SourceOptions {
  /** API origin override (tests, the demo's replay server). */
  baseUrl?: string | undefined;
  months?: number | undefined;
  sinceMonth?: string | undefined;
  [key: string]: unknown;
}

export type SourceFactory = (options: SourceOptions) => Source;

export const sources: Record<string, SourceFactory> = {
  hn: (o) =>
    createHnSource({
      ...(o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {}),
      ...(o.months !== undefined ? { months: o.months } : {}),
      ...(o.sinceMonth !== undefined ? { sinceMonth: o.sinceMonth } : {}),
    }),
  // ATS job boards: options `board` (required: the employer's board on that ATS), `baseUrl`, lever `region`.
  greenhouse: (o) => createAtsSource('greenhouse', atsOptionsFrom(o)),
  lever: (o) => createAtsSource('lever', atsOptionsFrom(o)),
  ashby: (o) => createAtsSource('ashby', atsOptionsFrom(o)),
  smartrecruiters: (o) => createAtsSource('smartrecruiters', atsOptionsFrom(o)),
  recruitee: (o) => createAtsSource('recruitee', atsOptionsFrom(o)),
  workable: (o) => createAtsSource('workable', atsOptionsFrom(o)),
  // Remote job boards (scrapers/boards/): option `baseUrl`, plus per-board options (see createBoardSource).
  remotive: (o) => createBoardSource('remotive', o),
  remoteok: (o) => createBoardSource('remoteok', o),
  arbeitnow: (o) => createBoardSource('arbeitnow', o),
  weworkremotely: (o) => createBoardSource('weworkremotely', o),
  himalayas: (o) => createBoardSource('himalayas', o),
  jobicy: (o) => createBoardSource('jobicy', o),
  // Career pages with schema.org JobPosting JSON-LD; `rendered` runs them through Chromium first. Option `urls` (required).
  careers: (o) => createCareerPageSource({ urls: urlsOption('careers', o) }),
  rendered: (o) => createRenderedPageSource({ urls: urlsOption('rendered', o) }),
};

export function sourceNames(): string[] {
  return Object.keys(sources).sort();
}

/** Builds a registered source; unknown names and invalid options are UsageErrors. */
export function createSource(name: string, options: SourceOptions = {}): Source {
  const factory = Object.prototype.hasOwnProperty.call(sources, name) ? sources[name] : undefined;
  if (!factory) throw new UsageError(`unknown source "${name}" (known: ${sourceNames().join(', ')})`);
  return factory(options);
}
