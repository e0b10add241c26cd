// A source declared once: its descriptor names it, lists its options with their validation (as data, so the config
// reader can check them with file positions), says how one configured entry splits into units with their hosts'
// politeness, and builds the source. scrapers/registry.ts lists the descriptors; config validation, `run`,
// `scrape` and `init` all derive from that list.
import type { Source } from './types.js';

/** An option's validation, as data. */
export type OptionSpec =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'string'; pattern?: RegExp; what?: string; max?: number }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'url' }
  | { kind: 'list'; item: OptionSpec; nonEmpty?: boolean };

/** One host's budget: requests at once, and the least time between two request starts. */
export interface HostBudget {
  concurrency: number;
  minIntervalMs: number;
}

/** A configured source entry, as the config reader validated it. */
export interface SourceEntry {
  baseUrl?: string;
  /** Per-employer boards (sources whose descriptor has `boards`). */
  boards?: string[];
  /** The descriptor's options, validated. */
  options: Record<string, unknown>;
}

/** One thing a run scrapes: a source, or one board of it. */
export interface UnitPlan {
  /** "hn", "remotive", "greenhouse:vercel". */
  unit: string;
  /** Options for the descriptor's create(). */
  options: Record<string, unknown>;
  /** Which stored postings a complete scrape of this unit accounts for (closing, the drop check). */
  scope: { source: string; prefix?: string };
  /** Listing sources close what disappeared; a dated record (HN threads) never closes. */
  closes: boolean;
  /** Hosts this unit talks to, with the budget each one's terms or documentation ask for. */
  hosts: Record<string, HostBudget>;
  /** Minimum time between two syncs (the source's terms). */
  minRefetchMs?: number;
}

/** Sources of one family share their lifecycle and a comment in the starter config. */
export type SourceFamily = 'thread' | 'ats' | 'board' | 'pages';

export interface SourceDescriptor {
  name: string;
  family: SourceFamily;
  /** One line for people: what the source is. */
  summary: string;
  /** Options beyond enabled, baseUrl and rateLimit. */
  options: Record<string, OptionSpec>;
  /**
   * Per-employer boards: the config's `boards:` list is required, one unit per board. `caseSensitive` when the
   * source tells boards apart by case (Lever).
   */
  boards?: { caseSensitive: boolean };
  /** Options without which an enabled entry cannot run, with what to say when one is missing. */
  required?: { option: string; message: string }[];
  /** Why a baseUrl is refused (sources whose pages are full URLs); absent: a baseUrl (a mirror, a mock) is taken. */
  refusesBaseUrl?: string;
  /** The units one configured entry is scraped in, with their hosts' budgets. */
  units(entry: SourceEntry): UnitPlan[];
  /** Builds the source for one unit (options as units() gave them, or as `scrape` passes them). */
  create(options: Record<string, unknown>): Source;
  /**
   * The entry `init` writes into a starter config: YAML lines under `sources:` (two spaces in; comments included).
   * `boardLines` gives the example boards of a per-employer source, as list lines.
   */
  starter(examples: { boardLines: (source: string) => string }): string;
}

// ---------------------------------------------------------------- option specs used by several sources

export const MONTH_OPTION: OptionSpec = { kind: 'string', pattern: /^\d{4}-(0[1-9]|1[0-2])$/, what: 'a month YYYY-MM' };
export const PLAIN_STRING_OPTION: OptionSpec = { kind: 'string', max: 200 };
export const URL_LIST_OPTION: OptionSpec = { kind: 'list', item: { kind: 'url' }, nonEmpty: true };
export const BOARDS_OPTION: OptionSpec = {
  kind: 'list',
  item: { kind: 'string', pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, what: 'a board name (letters, digits, . _ -)' },
  nonEmpty: true,
};
export function intOption(min: number, max: number): OptionSpec {
  return { kind: 'int', min, max };
}

/** The lower-case host of a URL, or undefined when it is not one. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
