// The pipeline: source → normalize → tag → store, in batches, one transaction per batch.
// It knows the parts only through small structural interfaces, so each part stays independent.
import { normalizePosting } from './normalize.js';
import { SourceError } from './errors.js';
import type { Mention, Posting, Source, SourceContext, SourceRunStats, TagResult } from './types.js';

export interface PipelineTagger {
  version: string;
  tag(text: string): TagResult;
}

export interface PipelineStore {
  savePostings(
    batch: { posting: Posting; tagVersion: string; mentions: Mention[] }[],
    seenAt: string,
  ): { new: number; updated: number; unchanged: number };
}

export interface IngestOptions {
  source: Source;
  ctx: SourceContext;
  tagger: PipelineTagger;
  store: PipelineStore;
  batchSize?: number;
  seenAt?: Date;
  /** Called after each stored batch. */
  onBatch?: (stats: SourceRunStats) => void;
  /** Requests made so far for this source (from the HTTP client's counters). */
  requestCount?: () => number;
}

/** Tags one posting's text (mention offsets refer to it; sources that keep the title apart leave it untagged). */
export function tagPosting(tagger: PipelineTagger, posting: Posting): Mention[] {
  return tagger.tag(posting.text).mentions;
}

export async function ingestSource(opts: IngestOptions): Promise<SourceRunStats> {
  const started = Date.now();
  const seenAt = opts.seenAt ?? new Date();
  const seenIso = seenAt.toISOString();
  const batchSize = opts.batchSize ?? 500;
  const stats: SourceRunStats = {
    source: opts.source.name,
    requests: 0,
    seen: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    closed: 0,
    errors: {},
    durationMs: 0,
    status: 'ok',
  };
  let batch: { posting: Posting; tagVersion: string; mentions: Mention[] }[] = [];
  const seenIds = new Set<string>();
  const flush = () => {
    if (batch.length === 0) return;
    const r = opts.store.savePostings(batch, seenIso);
    stats.new += r.new;
    stats.updated += r.updated;
    stats.unchanged += r.unchanged;
    batch = [];
    stats.requests = opts.requestCount?.() ?? stats.requests;
    stats.durationMs = Date.now() - started;
    opts.onBatch?.(stats);
  };
  try {
    for await (const raw of opts.source.fetch(opts.ctx)) {
      const posting = normalizePosting(raw, seenAt);
      // A source that repeats an ad within one run (pagination overlap) must not count it twice.
      const key = posting.externalId;
      if (seenIds.has(key)) continue;
      seenIds.add(key);
      stats.seen++;
      batch.push({ posting, tagVersion: opts.tagger.version, mentions: tagPosting(opts.tagger, posting) });
      if (batch.length >= batchSize) flush();
    }
    flush();
  } catch (err) {
    // Keep what was stored; report the failure for this source only.
    flush();
    const kind = err instanceof SourceError ? err.kind : 'other';
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
    stats.status = 'failed';
    stats.message = (err as Error).message.split('\n')[0];
  }
  stats.requests = opts.requestCount?.() ?? stats.requests;
  stats.durationMs = Date.now() - started;
  return stats;
}
