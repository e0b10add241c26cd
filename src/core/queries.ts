// The read side's data: what the query functions answer, whichever engine holds the postings (the storage port's
// QueryStorage in ./storage.ts). Plain data only.
import type { IsoTime, Mention, Month, Posting, QueryFilter, RunStatus, SourceRunStats, Strength } from './types.js';

/** What a count counts (QueryFilter.count, the CLI's --denominator): unique jobs (default), raw postings or companies. */
export type CountUnit = NonNullable<QueryFilter['count']>;

export interface StoredMention extends Mention {
  /** 1-based position in text order. */
  id: number;
}

/** A posting as stored: the normalised posting with what the store and history added. */
export interface StoredPosting extends Omit<Posting, 'meta'> {
  id: number;
  firstSeen: IsoTime;
  lastSeen: IsoTime;
  closedAt: IsoTime | null;
  jobKey: string;
  roles: string[];
  meta: Record<string, unknown> | null;
  taggedVersion: string | null;
  /** In text order. */
  mentions: StoredMention[];
  /** Best strength per technology, sorted by tech id. */
  techs: { tech: string; strength: Strength }[];
}

/** One ad that asks for a technology, with the text around its mention. */
export interface ExamplePosting extends Pick<StoredPosting, 'id' | 'source' | 'externalId' | 'url' | 'company' | 'title' | 'postedMonth'> {
  strength: Strength;
  /** Raw posting text around the mention (newlines made spaces); untrusted, escape before display. */
  snippet: string;
  /** Where the mention sits inside `snippet` (UTF-16 units). */
  highlightStart: number;
  highlightLength: number;
}

export interface RunRecord {
  id: number;
  startedAt: IsoTime;
  endedAt: IsoTime | null;
  status: RunStatus;
  taxonomyVersion: string | null;
  pid: number | null;
  command: string;
  sources: SourceRunStats[];
}

/** 'all' puts everything in one period labelled "all" (a window total, e.g. for movers). */
export type CountGrain = 'month' | 'quarter' | 'year' | 'all';

export interface PeriodTechCountRow {
  period: string;
  tech: string;
  count: number;
}

export interface PeriodTotalRow {
  period: string;
  total: number;
}

export interface CountRequest {
  filter?: QueryFilter;
  grain?: CountGrain;
  denominator?: CountUnit;
  /** Only these technologies' counts (a trend of a few series reads their index ranges only); totals are unaffected. */
  techs?: readonly string[];
}

export interface PeriodCounts {
  counts: PeriodTechCountRow[];
  totals: PeriodTotalRow[];
  /** Which tables answered, for the method notes. */
  source: 'aggregates' | 'postings';
}

export interface PostingStreamOptions {
  /** One posting per job_key (the first in the filter), default true. */
  uniqueJobs?: boolean;
}

export interface CoverageSpanRow {
  source: string;
  /** First month with postings ("YYYY-MM": whole month). */
  start: string;
  /** Day of the last successful run of the source ("YYYY-MM-DD"), else its last month with postings. */
  end: string;
  /** For listing sources: day of their first successful run (see CoverageSpan.collectedFrom). */
  collectedFrom?: string;
}
