// Plain data types shared by every part of techdemand.
//
// scrapers/, taxonomy/, db/ and reports/ never import each other: they all speak these types,
// and src/pipeline.ts wires them together. Keep this file free of runtime code and imports.

/** ISO 8601 timestamp in UTC, e.g. "2016-03-01T15:00:25Z", or a plain date "2016-03-01". */
export type IsoTime = string;
/** A calendar month "YYYY-MM". */
export type Month = string;

// ---------------------------------------------------------------- sources

/** One job ad as a source serves it, before normalisation. */
export interface RawPosting {
  /** Source name as registered, e.g. "hn", "greenhouse". */
  source: string;
  /** Id unique within the source (HN comment id, ATS job id, …). */
  externalId: string;
  url?: string | null;
  company?: string | null;
  title?: string | null;
  location?: string | null;
  remote?: boolean | null;
  /** When the ad was published, as precise as the source knows it. */
  postedAt?: IsoTime | null;
  /** Body as HTML, when the source serves HTML (HN comments, ATS descriptions). */
  html?: string | null;
  /** Body as plain text, when the source serves text or already converted it. */
  text?: string | null;
  /** Source-specific extras worth keeping (thread id, board token, …). Must be JSON-serialisable. */
  meta?: Record<string, unknown>;
}

/** A response from the shared polite HTTP client. */
export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when a conditional request was answered 304 (body then is the cached body, if any). */
  notModified: boolean;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Send If-None-Match / If-Modified-Since from the client's validator cache. */
  conditional?: boolean;
  /** "page" requests honour robots.txt; "api" requests go to documented APIs. */
  kind?: 'api' | 'page';
  timeoutMs?: number;
  /** Aborts the request (and its retries). */
  signal?: AbortSignal;
}

/** What sources use to reach the network (implemented in scrapers/http). */
export interface HttpRequester {
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface SourceProgress {
  source: string;
  message: string;
  done?: number;
  total?: number;
}

/** The one context object a source receives (crawlee style). */
export interface SourceContext {
  http: HttpRequester;
  signal?: AbortSignal;
  /** Only postings published on or after this month, when the source can filter. */
  sinceMonth?: Month;
  /** For HN: how many most recent monthly threads to take. */
  months?: number;
  onProgress?: (progress: SourceProgress) => void;
}

/** Every source, HN or ATS or board, is one of these: an async stream of raw postings. */
export interface Source {
  readonly name: string;
  fetch(ctx: SourceContext): AsyncIterable<RawPosting>;
}

// ---------------------------------------------------------------- postings

/** A posting after normalisation: clean text, a stable hash, a month. */
export interface Posting {
  source: string;
  externalId: string;
  url: string | null;
  company: string | null;
  title: string | null;
  location: string | null;
  remote: boolean | null;
  postedAt: IsoTime;
  /** "YYYY-MM" of postedAt, the unit of every trend. */
  postedMonth: Month;
  html: string | null;
  text: string;
  /** sha256 hex of the normalised text (whitespace collapsed, lower-cased). */
  contentHash: string;
  meta?: Record<string, unknown>;
}

// ---------------------------------------------------------------- tagging

/** How strongly an ad asks for a technology. */
export type Strength = 'required' | 'preferred' | 'mentioned';

export interface Mention {
  /** Taxonomy id, e.g. "postgresql". */
  tech: string;
  /** The matched text exactly as it appears in the posting text. */
  text: string;
  /** UTF-16 offset of the match in the posting text. */
  offset: number;
  length: number;
  strength: Strength;
  /** Which rule made this a mention, e.g. "alias:strong", "alias:weak+list", "alias:weak+cue:written in". */
  rule: string;
}

/**
 * A posting's mentions in the form the store writes (db/mentions-codec.ts prepareMentions): checked, the JSON of
 * postings.mentions, and the best strength per technology (posting_tech). Bulk loads prepare it on the tagging
 * threads, so the one thread that writes SQLite does only SQLite work.
 */
export interface PreparedMentions {
  json: string;
  techs: [tech: string, strength: Strength][];
}

export interface TagResult {
  /** Distinct taxonomy ids, sorted. */
  tags: string[];
  mentions: Mention[];
}

// ---------------------------------------------------------------- taxonomy

export interface TaxonomyAlias {
  form: string;
  /** Weak aliases count only with corroboration (Go, C, R, React, Spring, …). */
  weak: boolean;
  caseSensitive: boolean;
}

export type RelationType = 'implies' | 'part_of' | 'is_a';

export interface TaxonomyRelation {
  type: RelationType;
  target: string;
}

export interface TaxonomyEntry {
  id: string;
  name: string;
  category: string;
  aliases: TaxonomyAlias[];
  /** Words/phrases near a weak alias that corroborate it. */
  cues: string[];
  /** Taxonomy ids whose presence anywhere in the ad corroborates a weak alias. */
  corroborators: string[];
  /**
   * Ids this entry's aliases also name when they begin with one of their strong names: a family named after a
   * technology ("JavaScript framework" names JavaScript, "LLM agents" names LLMs). Products built on another
   * ("React Native", "Spring Boot") do not list it: their name yields their own id only.
   */
  alsoNames?: string[];
  /** Regular expressions (source text, case-insensitive) that veto a match they overlap. */
  reject: string[];
  relations: TaxonomyRelation[];
  examples: { positive: string[]; negative: string[] };
  /** Which file the entry came from, for error messages. */
  file: string;
}

export interface Category {
  id: string;
  name: string;
}

export interface Taxonomy {
  /** Content hash of all data files: stored with every run and every tagging. */
  version: string;
  categories: Category[];
  entries: TaxonomyEntry[];
}

// ---------------------------------------------------------------- runs and queries

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'aborted';

export interface SourceRunStats {
  source: string;
  requests: number;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  closed: number;
  errors: Record<string, number>;
  durationMs: number;
  status: 'ok' | 'failed';
  message?: string;
}

export interface QueryFilter {
  /** Inclusive "YYYY-MM". */
  since?: Month;
  /** Inclusive "YYYY-MM". */
  until?: Month;
  sources?: string[];
  category?: string;
  requiredOnly?: boolean;
  /** Ads with at least one of these roles (src/roles.ts ROLES); absent = every ad. */
  roles?: string[];
  remote?: boolean;
  company?: string;
  /**
   * What a count counts: unique jobs (postings dedup gave one job_key count once; the default), raw postings, or
   * companies (distinct company names; postings without one do not count).
   */
  count?: 'jobs' | 'postings' | 'companies';
}

/** One row of a ranking: technology, how many postings ask for it, and the share. */
export interface TechCount {
  tech: string;
  name: string;
  category: string;
  count: number;
  total: number;
  share: number;
}

export interface MonthlyCount {
  month: Month;
  tech: string;
  count: number;
  /** Postings in that month (the denominator). */
  total: number;
}
