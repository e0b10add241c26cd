// Every source techdemand can run, declared once: a descriptor per source (name, options with their validation,
// units and their hosts' politeness, lifecycle, the starter config's entry, the factory). Adding a source is its
// module, its mock, its tests and one line here (see scrapers/README.md); config validation, `run`, `scrape` and
// `init` read this list.

import type { Source } from '../src/core/types.js';
import type { SourceDescriptor } from '../src/core/sources.js';
import { UsageError } from '../src/core/errors.js';
import { hnDescriptor } from './hn.js';
import { atsDescriptor } from './ats/index.js';
import { boardDescriptor } from './boards/index.js';
import { careersDescriptor } from './jsonld.js';
import { renderedDescriptor } from './browser.js';

/** In the order a starter config lists them. */
export const descriptors: readonly SourceDescriptor[] = [
  hnDescriptor,
  atsDescriptor('greenhouse'),
  atsDescriptor('lever'),
  atsDescriptor('ashby'),
  atsDescriptor('smartrecruiters'),
  atsDescriptor('recruitee'),
  atsDescriptor('workable'),
  boardDescriptor('remotive'),
  boardDescriptor('remoteok'),
  boardDescriptor('arbeitnow'),
  boardDescriptor('weworkremotely'),
  boardDescriptor('himalayas'),
  boardDescriptor('jobicy'),
  careersDescriptor,
  renderedDescriptor,
];

const byName = new Map(descriptors.map((d) => [d.name, d]));

/** Options every factory understands; a source ignores what does not apply to it. */
export interface SourceOptions {
  /** API origin override (tests, the demo's replay server). */
  baseUrl?: string | undefined;
  months?: number | undefined;
  sinceMonth?: string | undefined;
  [key: string]: unknown;
}

export function sourceNames(): string[] {
  return [...byName.keys()].sort();
}

/** The descriptor of a registered source; an unknown name is a UsageError listing the known ones. */
export function sourceDescriptor(name: string): SourceDescriptor {
  const d = byName.get(name);
  if (!d) throw new UsageError(`unknown source "${name}" (known: ${sourceNames().join(', ')})`);
  return d;
}

/** Builds a registered source; unknown names and invalid options are UsageErrors. */
export function createSource(name: string, options: SourceOptions = {}): Source {
  return sourceDescriptor(name).create(options);
}
