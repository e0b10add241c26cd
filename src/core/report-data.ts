// The plain data the HTML report is rendered from (reports/render.ts: renderReport(data) → string).
//
// The pipeline (src/report-builder.ts) queries the store and the analytics and fills one ReportData; the renderer
// does no statistics of its own beyond formatting, so every number shown in the report is in this object.
// Everything here is JSON-able (no Dates, Maps or functions), so a ReportData can be dumped, diffed and re-rendered.
//
// Conventions used throughout:
// - A "share" is a fraction 0..1 (0.314 = 31.4 %), never a percentage.
// - `low`/`high` are the bounds of the 95 % Wilson score interval of `count / total`, also fractions 0..1.
// - Differences between shares are given in percentage points ("pp"): +3.2 means 0.314 → 0.346.
// - Every string may come from a job ad or a remote server (company names, snippets, URLs, even source names):
//   the renderer escapes all of them; producers must not pre-escape (that would show "&amp;" to readers).
// - Every section except `headline` and `demand` is optional: absent sections are simply not rendered.

import type { IsoTime, Month } from './types.js';

/** A technology by taxonomy id and display name, e.g. { tech: "postgresql", name: "PostgreSQL" }. */
export interface TechRef {
  tech: string;
  name: string;
}

/** A proportion with its 95 % Wilson score interval. */
export interface ShareEstimate {
  /** Postings that ask for the thing. */
  count: number;
  /** Postings in the denominator (usually every unique posting in scope). */
  total: number;
  /** count / total, 0..1 (0 when total is 0). */
  share: number;
  /** Lower bound of the 95 % Wilson interval, 0..1. */
  low: number;
  /** Upper bound of the 95 % Wilson interval, 0..1. */
  high: number;
}

/** A technology's demand: a TechRef plus its ShareEstimate. */
export interface TechShare extends TechRef, ShareEstimate {}

/** An inclusive range of months, e.g. { from: "2026-01", to: "2026-05" }. */
export interface MonthRange {
  from: Month;
  to: Month;
}

// ---------------------------------------------------------------- 1. headline

export interface ReportTotals {
  /** Unique job ads in the period after de-duplication: the denominator of every headline share. */
  postings: number;
  /** Ads fetched before de-duplication (shown next to `postings` when given). */
  rawPostings?: number;
  /** Names of the sources that contributed postings to the period, e.g. ["hn", "greenhouse"]. */
  sources: string[];
  /** Distinct companies, when known. */
  companies?: number;
}

export interface Headline {
  /** Plain words for the population of `top`, e.g. "backend roles". Shown as "Top technologies in backend roles". */
  scope: string;
  /** The most demanded technologies in that scope, best first (the renderer shows up to 10). */
  top: TechShare[];
  /** Biggest risers for the headline, best first; when absent, the first three of `movers.rising` are used. */
  rising?: Mover[];
  /** Biggest fallers for the headline, most negative first; when absent, the first three of `movers.falling`. */
  falling?: Mover[];
  /** One optional sentence of caveat shown under the headline (plain text). */
  note?: string;
}

// ---------------------------------------------------------------- 2. demand by category

export interface DemandRow extends TechShare {
  /** True when the estimate should be read with care (tiny count, or a tagging rule known to be noisy). */
  flagged: boolean;
  /** Why it is flagged, shown as a footnote, e.g. "fewer than 10 postings". */
  flagReason?: string;
}

export interface DemandCategory {
  /** Taxonomy category id, e.g. "databases". */
  id: string;
  /** Display name, e.g. "Databases". */
  name: string;
  /** Rows in display order (normally by share, descending). The renderer shows at most 25 per category. */
  rows: DemandRow[];
}

// ---------------------------------------------------------------- 3. trends

export interface TrendPoint extends ShareEstimate {
  month: Month;
  /** True when the month is not fully covered by the data (e.g. the current month): drawn dashed. */
  partial: boolean;
}

export interface TrendSeries extends TechRef {
  /** Category id, used to group the chooser's checkboxes. */
  category?: string;
  /** One point per month in ascending order; months with total 0 may be omitted or have total 0 (drawn as a gap). */
  points: TrendPoint[];
}

// ---------------------------------------------------------------- 4. movers

export interface Mover extends TechRef {
  /** The technology's share in the earlier window (`MoversSection.before`). */
  before: ShareEstimate;
  /** The technology's share in the later window (`MoversSection.after`). */
  after: ShareEstimate;
  /** Effect size: (after.share − before.share) × 100, in percentage points. */
  deltaPp: number;
  /** 95 % interval of the difference, in percentage points (e.g. Newcombe's hybrid score interval). */
  deltaLowPp: number;
  deltaHighPp: number;
  /** Two-sided p-value of the difference, when computed. */
  pValue?: number;
  /** Whether the change is significant at the level named in `MoversSection.test` (after any correction). */
  significant: boolean;
}

export interface MoversSection {
  /** The earlier window, e.g. the same months one year before `after`. */
  before: MonthRange;
  /** The later window, normally the report's period. */
  after: MonthRange;
  /** Rising technologies, largest deltaPp first. */
  rising: Mover[];
  /** Falling technologies, most negative deltaPp first. */
  falling: Mover[];
  /** How significance was decided, plain text, e.g. "two-proportion z-test, Holm-corrected, α = 0.05". */
  test?: string;
}

// ---------------------------------------------------------------- 5. stacks and co-occurrence

/** A combination of technologies often asked for together. */
export interface StackRow {
  /** The technologies of the combination (2 or more), in display order. */
  techs: TechRef[];
  /** Postings that ask for all of them. */
  count: number;
  /** Postings in scope. */
  total: number;
  /** count / total. */
  share: number;
  /** How much more often than by chance they appear together (observed / expected under independence). */
  lift?: number;
}

export interface CooccurrenceSection {
  /** The technologies of the matrix, in display order, with how many postings mention each. */
  techs: (TechRef & { count: number })[];
  /** Unordered pairs (a, b) of ids from `techs`, each listed once, with the postings mentioning both. */
  pairs: { a: string; b: string; count: number; lift?: number }[];
  /** Postings in scope (for the lift explanation). */
  total: number;
}

// ---------------------------------------------------------------- 6. learner

export interface LearnerGap extends TechShare {
  /** 1 = the most valuable gap. */
  rank: number;
  /** Why it ranks where it does, plain text, e.g. "asked for in 41 % of ads you nearly match". */
  reason?: string;
}

export interface LearnerStep extends TechRef {
  /** Coverage (0..1) the learner would have after learning this (alone for nextSteps, cumulatively for learningOrder). */
  coverageAfter: number;
  /** Why this step comes here, plain text (e.g. "builds on Python"). */
  reason?: string;
}

export interface LearnerSection {
  /** Display name of the learner profile, e.g. "my-skills.yaml". */
  profile: string;
  /** Technologies the learner knows. */
  known: TechRef[];
  /** Share (0..1) of postings in scope the learner covers today. */
  coverage: number;
  /** Postings in scope for coverage. */
  total: number;
  /** One sentence defining coverage, e.g. "an ad counts as covered when you know all the technologies it requires". */
  coverageRule: string;
  /** Technologies missing from the profile, most valuable first. */
  gaps: LearnerGap[];
  /** Single next steps: what learning just this one technology would bring coverage to. Best first. */
  nextSteps: LearnerStep[];
  /** A suggested order; each step's coverageAfter is cumulative (all steps up to and including it). */
  learningOrder: LearnerStep[];
}

// ---------------------------------------------------------------- 7. evidence

export interface EvidenceHighlight {
  /** UTF-16 offset into `snippet` (JavaScript string index). */
  start: number;
  /** UTF-16 length of the highlighted text. */
  length: number;
}

export interface EvidenceExample {
  /** The posting's id (source-specific), shown small for traceability. */
  postingId: string;
  /** Source name, e.g. "hn". */
  source?: string;
  /** Link to the original ad. Only http(s) URLs become links; anything else is shown as plain text. */
  url: string | null;
  company: string | null;
  title?: string | null;
  /** Month the ad was posted. */
  month: Month;
  /** Plain-text excerpt of the ad around the matches (the renderer cuts it at 1,200 characters). */
  snippet: string;
  /** Matched words to highlight within `snippet`; out-of-range or overlapping spans are clipped, not trusted. */
  highlights: EvidenceHighlight[];
}

// ---------------------------------------------------------------- 8. changes and quality

export interface TechChange extends TechRef {
  /** Share in the previous run's report (null: not present then). */
  shareBefore: number | null;
  shareAfter: number | null;
  /** 1-based overall rank (null: not ranked). */
  rankBefore: number | null;
  rankAfter: number | null;
}

export interface ChangesSection {
  /** When the previous report was generated. */
  previousGeneratedAt: IsoTime;
  /** Unique postings in the previous report. */
  previousPostings: number;
  /** Postings first seen since the previous run. */
  newPostings: number;
  /** Postings marked closed/removed since the previous run, when known. */
  closedPostings?: number;
  /** The previous report's taxonomy version, when it differs from this one (numbers then are not strictly comparable). */
  previousTaxonomyVersion?: string;
  /** Technologies whose share or rank changed most, in display order. */
  techs: TechChange[];
  /** Extra plain-text remarks. */
  notes?: string[];
}

export type SourceStatus = 'ok' | 'partial' | 'failed' | 'stale' | 'disabled';

export interface SourceHealth {
  /** Source name, e.g. "hn". */
  source: string;
  status: SourceStatus;
  /** Start of the last run of this source (null: never ran). */
  lastRunAt: IsoTime | null;
  /** Last run that finished without error, when known. */
  lastSuccessAt?: IsoTime | null;
  /** Postings from this source in the report's period (reposts included). */
  postings: number;
  /** From the last run: ads seen, new ads, and errors (all kinds summed). */
  seen?: number;
  new?: number;
  errors?: number;
  /** Last error or remark, plain text (may be a remote server's message: escaped like everything else). */
  message?: string;
}

export interface DedupFigures {
  /** Ads fetched, before de-duplication. */
  raw: number;
  /** Unique ads kept. */
  unique: number;
  /** Ads dropped because their normalised text was identical to another's. */
  exactDuplicates?: number;
  /** Ads dropped as near-duplicates (reposts with small edits). */
  nearDuplicates?: number;
  /** Of the duplicates, how many were the same ad found on two different sources. */
  crossSource?: number;
  /** How duplicates are found, plain text. */
  method?: string;
}

export interface QualitySection {
  sources: SourceHealth[];
  dedup?: DedupFigures;
  /** Ads in which the tagger recognised no technology at all. */
  untagged?: ShareEstimate;
  /** Plain-text warnings, e.g. "Source greenhouse failed in the last run; its ads are from 2026-04-02". */
  warnings?: string[];
}

// ---------------------------------------------------------------- the whole report

export interface ReportData {
  /** Version of this shape; bump when a field changes meaning. */
  schemaVersion: 1;
  /** Page title; default "Tech demand in job ads". */
  title?: string;
  /** When the report was generated. */
  generatedAt: IsoTime;
  /**
   * What the report counts, in one canonical line (sources, roles, remote, company, unit, window): "What changed"
   * compares a report only with an earlier one of the same scope.
   */
  scope?: string;
  /** The months the report covers. */
  period: MonthRange;
  /**
   * The months of the headline, the demand panels, their examples and the quality figures: by default the latest
   * twelve months with data. `months` counts the months of it that hold data; `note` says how it was chosen.
   */
  window?: MonthRange & { months: number; note: string };
  /** Months of `period` not fully covered (e.g. the current month). */
  partialMonths?: Month[];
  totals: ReportTotals;
  /** Content hash of the taxonomy the postings were tagged with (Taxonomy.version). */
  taxonomyVersion: string;
  /** techdemand's version, for the footer. */
  toolVersion?: string;
  /** 1. Required. */
  headline: Headline;
  /** 2. Required: demand per taxonomy category, in display order. */
  demand: DemandCategory[];
  /** 3. Monthly series per technology, in display order (the first three are pre-selected in the comparison chart). */
  trends?: TrendSeries[];
  /** 4. */
  movers?: MoversSection;
  /** 5. Frequent combinations, most common first. */
  stacks?: StackRow[];
  /** 5. The months stacks and co-occurrence are counted over (the latest twelve with data in scope). */
  combinationsPeriod?: { from: Month; to: Month };
  /** 5. Pairwise co-occurrence of the top technologies. */
  cooccurrence?: CooccurrenceSection;
  /** 6. Present when a learner profile was given. */
  learner?: LearnerSection;
  /** 7. Example ads per taxonomy id (the renderer shows at most 5 per technology). */
  evidence?: Record<string, EvidenceExample[]>;
  /** 8. What changed since the previous report. */
  changes?: ChangesSection;
  /** 8. Sources, de-duplication and tagging coverage. */
  quality?: QualitySection;
  /** 8. How the numbers are made, one plain-text paragraph per entry. */
  methodNotes?: string[];
}
