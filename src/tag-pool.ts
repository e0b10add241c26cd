// Normalize + tag on worker threads, so a bulk load keeps the main thread for SQLite (the one writer) while the
// other cores tag. Used by ingestSource when given a pool (`scrape --workers`, `npm run bench -- --scale`).
// A batch goes to the least busy worker; results come back as plain Posting data with the mentions
// already checked and encoded for the store (prepareMentions).
import { Worker } from 'node:worker_threads';
import { TechdemandError } from './core/errors.js';
import type { Mention, Posting, PreparedMentions, RawPosting } from './core/types.js';
import type { TagWorkerData } from './tag-worker.js';
import { withoutUnusedHtml } from './normalize.js';

/** A normalized, tagged posting as the store takes it: with the tagger's mentions, or (from the pool) prepared ones. */
export interface TaggedPosting {
  posting: Posting;
  tagVersion: string;
  mentions?: Mention[];
  prepared?: PreparedMentions;
}

export interface TagPoolOptions extends TagWorkerData {
  /** Worker threads (at least 1). */
  workers: number;
}

interface Slot {
  worker: Worker;
  busy: number;
  waiting: Map<number, { resolve: (items: TaggedPosting[]) => void; reject: (err: Error) => void }>;
}

export class TagPool {
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    /** Taxonomy version every worker tags with. */
    readonly version: string,
  ) {}

  static async start(opts: TagPoolOptions): Promise<TagPool> {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new TechdemandError(`tag pool: workers must be a positive integer, got ${opts.workers}`);
    const data: TagWorkerData = {
      ...(opts.taxonomyDir !== undefined ? { taxonomyDir: opts.taxonomyDir } : {}),
      ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
    };
    const slots: Slot[] = [];
    const versions = await Promise.all(
      Array.from({ length: opts.workers }, () => {
        // A bounded heap makes the worker collect its garbage (finished batches) early instead of growing: each
        // worker holds the compiled taxonomy (~60 MB) and one or two batches of ads (src/pipeline.ts BULK_BATCH_SIZE).
        const worker = new Worker(new URL('./tag-worker.js', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } });
        const slot: Slot = { worker, busy: 0, waiting: new Map() };
        slots.push(slot);
        return new Promise<string>((resolve, reject) => {
          const onReady = (msg: { ready?: boolean; version?: string; error?: string }) => {
            if (msg.ready === undefined) return;
            worker.off('message', onReady);
            if (msg.ready) resolve(msg.version!);
            else reject(new TechdemandError(`tag worker could not load the taxonomy: ${msg.error}`));
          };
          worker.on('message', onReady);
          worker.once('error', reject);
        });
      }),
    ).catch(async (err: unknown) => {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw err;
    });
    const pool = new TagPool(slots, versions[0]!);
    for (const slot of slots) pool.listen(slot);
    return pool;
  }

  private listen(slot: Slot): void {
    slot.worker.on('message', (msg: { id?: number; items?: TaggedPosting[]; error?: string }) => {
      if (msg.id === undefined) return;
      const waiter = slot.waiting.get(msg.id);
      if (!waiter) return;
      slot.waiting.delete(msg.id);
      slot.busy--;
      if (msg.error !== undefined) waiter.reject(new TechdemandError(`tagging failed: ${msg.error}`));
      else waiter.resolve(msg.items!);
    });
    // A worker that dies fails what it held; the pool is unusable after that (the caller stops the ingest).
    const fail = (err: Error) => {
      for (const w of slot.waiting.values()) w.reject(new TechdemandError(`tag worker stopped: ${err.message}`, { cause: err }));
      slot.waiting.clear();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exit code ${code}`));
    });
  }

  /** Normalizes and tags a batch on the least busy worker. */
  tag(raws: RawPosting[], seenAt: Date): Promise<TaggedPosting[]> {
    if (this.closed) return Promise.reject(new TechdemandError('tag pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, raws: raws.map(withoutUnusedHtml), seenAt: seenAt.toISOString() });
    });
  }

  get workers(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
