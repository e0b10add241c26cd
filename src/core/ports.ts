// The ports: the interfaces the parts implement and the application calls. src/core imports nothing outside itself;
// scrapers/, taxonomy/, db/ and reports/ import only src/core/, and src/app (the composition root and commands) wires
// implementations to these ports.
import type { Mention, Source, TagResult } from './types.js';
import type { ReportData } from './report-data.js';

/** The technology tagger (taxonomy/tagger.ts compiles one from the taxonomy data). */
export interface Tagger {
  /** The taxonomy version this tagger was compiled from. */
  version: string;
  /** The technologies a text names, each mention with its requirement strength. */
  tag(text: string): TagResult;
  /**
   * The same technologies and mentions without requirement strength: for callers that only need what an ad names
   * (and for measuring the matcher alone against a matcher that classifies nothing).
   */
  match(text: string): MatchResult;
}

export interface MatchResult {
  tags: string[];
  mentions: Omit<Mention, 'strength'>[];
}

/** Renders the report's plain data to one self-contained HTML document (reports/render.ts). */
export type ReportRenderer = (data: ReportData) => string;

/** The storage port (./storage.ts): CollectionStorage for writing, QueryStorage for every question asked of the data. */
export type { CollectionStorage, QueryStorage, ValidatorStore, WriterLease } from './storage.js';
/** A source declared once (./sources.ts); scrapers/registry.ts lists the descriptors. */
export type { SourceDescriptor } from './sources.js';

/** Builds a source by name from its options (scrapers/registry.ts). */
export type SourceFactory = (options: Record<string, unknown>) => Source;
