// The pipeline: source → normalize → tag → store, in batches, one transaction per batch.
// It knows the parts only through small structural interfaces, so each part stays independent.
import { normalizePosting } from './normalize.js';
import { SourceError, TechdemandError } from './core/errors.js';
import { SeenKeys } from './seen-keys.js';
import type { Mention, Posting, RawPosting, Source, SourceContext, SourceRunStats, TagResult } from './core/types.js';
import type { TagPool, TaggedPosting } from './tag-pool.js';

export interface PipelineTagger {
  version: string;
  tag(text: string): TagResult;
}

export interface PipelineStore {
  savePostings(batch: TaggedPosting[], seenAt: string): SaveCounts | Promise<SaveCounts>;
}

interface SaveCounts {
  new: number;
  updated: number;
  unchanged: number;
}

/**
 * The store failed (disk full, a lost server, a read-only file): not the source's fault, so ingestSource does not
 * count it as the source's error but throws it, and the caller stops (a run stops every unit).
 */
export class StoreFailure extends TechdemandError {
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original), { cause: original });
  }
}

export interface IngestOptions {
  source: Source;
  ctx: SourceContext;
  /** Tags in-line; optional when a tagPool tags instead (then, if given, its version must be the pool's). */
  tagger?: PipelineTagger;
  store: PipelineStore;
  batchSize?: number;
  seenAt?: Date;
  /** Called after each stored batch. */
  onBatch?: (stats: SourceRunStats) => void;
  /** Requests made so far for this source (from the HTTP client's counters). */
  requestCount?: () => number;
  /**
   * Normalize and tag on these worker threads instead of in-line (bulk loads): one batch per worker is tagged
   * while the main thread stores the one before, in source order. Its version must be the tagger's.
   */
  tagPool?: TagPool;
}

/** Tags one posting's text (mention offsets refer to it; sources that keep the title apart leave it untagged). */
export function tagPosting(tagger: PipelineTagger, posting: Posting): Mention[] {
  return tagger.tag(posting.text).mentions;
}

/**
 * Ads per transaction of a bulk load on worker threads. An index whose keys scatter (company, technology) has each of
 * its pages written to the WAL once per transaction, so at a million postings batches of 8,000 stored about 1.5x
 * faster than batches of 2,000. 6,000 ingests 0–7% slower than 8,000 but peaks about 60 MB lower (400 against
 * 460 MB at a million, where the limit is 500 MB); 5,000 peaked no lower (397 MB). More batches
 * in flight than one per worker only cost memory: the main thread is the slower side.
 */
export const BULK_BATCH_SIZE = 6000;

export async function ingestSource(opts: IngestOptions): Promise<SourceRunStats> {
  const started = Date.now();
  const seenAt = opts.seenAt ?? new Date();
  const seenIso = seenAt.toISOString();
  // In-line, 500 a batch keeps a crash's loss and a reader's wait small; a bulk load uses BULK_BATCH_SIZE.
  const batchSize = opts.batchSize ?? (opts.tagPool ? BULK_BATCH_SIZE : 500);
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
  const pool = opts.tagPool;
  if (pool && opts.tagger && pool.version !== opts.tagger.version) {
    throw new TechdemandError(`tag pool uses taxonomy ${pool.version}, the tagger ${opts.tagger.version}`);
  }
  const tagger = opts.tagger;
  if (!pool && !tagger) throw new TechdemandError('ingestSource needs a tagger or a tag pool');
  let batch: TaggedPosting[] = [];
  let raws: RawPosting[] = [];
  // Batches out on the pool, oldest first: stored in this order, so a re-run sees what a single thread would.
  const inFlight: Promise<TaggedPosting[]>[] = [];
  const seenIds = new SeenKeys();
  const store = async (items: TaggedPosting[]) => {
    if (items.length === 0) return;
    let r: SaveCounts;
    try {
      r = await opts.store.savePostings(items, seenIso);
    } catch (err) {
      throw new StoreFailure(err);
    }
    stats.new += r.new;
    stats.updated += r.updated;
    stats.unchanged += r.unchanged;
    stats.requests = opts.requestCount?.() ?? stats.requests;
    stats.durationMs = Date.now() - started;
    opts.onBatch?.(stats);
  };
  const flush = async () => {
    const items = batch;
    batch = [];
    await store(items);
  };
  const send = async (maxInFlight: number) => {
    if (pool && raws.length > 0) {
      const tagged = pool.tag(raws, seenAt);
      // A worker that dies rejects every batch it holds at once; the ones not awaited yet must not count as
      // unhandled rejections (which end the process). Awaiting them below still throws.
      tagged.catch(() => undefined);
      inFlight.push(tagged);
      raws = [];
    }
    while (inFlight.length > maxInFlight) await store(await inFlight.shift()!);
  };
  try {
    for await (const raw of opts.source.fetch(opts.ctx)) {
      // A source that repeats an ad within one run (pagination overlap) must not count it twice.
      if (!seenIds.add(String(raw.externalId))) continue;
      stats.seen++;
      if (pool) {
        raws.push(raw);
        if (raws.length >= batchSize) await send(pool.workers);
        continue;
      }
      const posting = normalizePosting(raw, seenAt);
      batch.push({ posting, tagVersion: tagger!.version, mentions: tagPosting(tagger!, posting) });
      if (batch.length >= batchSize) await flush();
    }
    await send(0);
    await flush();
  } catch (err) {
    if (err instanceof StoreFailure) {
      // Nothing more can be stored: the batches still on the pool are dropped, and the caller stops.
      for (const p of inFlight) p.catch(() => undefined);
      throw err.original;
    }
    // Keep what was stored (and what the pool already tagged); report the failure for this source only.
    try {
      await flush();
      await send(0);
    } catch (storeErr) {
      if (storeErr instanceof StoreFailure) throw storeErr.original;
      // the pool itself failed: what it held is lost with the run, nothing stored is
    }
    const kind = err instanceof SourceError ? err.kind : 'other';
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
    stats.status = 'failed';
    stats.message = (err as Error).message.split('\n')[0];
  }
  stats.requests = opts.requestCount?.() ?? stats.requests;
  stats.durationMs = Date.now() - started;
  return stats;
}
