// One tagging thread of src/tag-pool.ts: compiles the taxonomy once, then normalizes and tags batches of raw
// postings sent by the pool. Plain data in, plain data out; it never touches the database.
import { parentPort, workerData } from 'node:worker_threads';
import { loadTaxonomy } from '../taxonomy/load.js';
import { compileTagger } from '../taxonomy/tagger.js';
import { prepareMentions } from '../db/mentions-codec.js';
import { normalizePosting } from './normalize.js';
import type { RawPosting } from './core/types.js';

export interface TagWorkerData {
  taxonomyDir?: string;
  cacheDir?: string;
}

export type TagWorkerRequest = { id: number; raws: RawPosting[]; seenAt: string };

const port = parentPort;
if (!port) throw new Error('tag-worker.js runs as a worker thread of src/tag-pool.ts');
const data = workerData as TagWorkerData;
try {
  const taxonomy = loadTaxonomy(data.taxonomyDir, data.cacheDir !== undefined ? { cacheDir: data.cacheDir } : {});
  const tagger = compileTagger(taxonomy);
  port.postMessage({ ready: true, version: tagger.version });
  port.on('message', (req: TagWorkerRequest) => {
    try {
      const seenAt = new Date(req.seenAt);
      const items = req.raws.map((raw) => {
        const posting = normalizePosting(raw, seenAt);
        // The store does not keep the HTML (db/store.ts); not copying it back saves the main thread its clone.
        posting.html = null;
        // Encoded here, not on the main thread, which only writes SQLite; fewer objects to clone back, too.
        const prepared = prepareMentions(`posting ${posting.source}:${posting.externalId}`, tagger.tag(posting.text).mentions);
        return { posting, tagVersion: tagger.version, prepared };
      });
      port.postMessage({ id: req.id, items });
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) });
}
