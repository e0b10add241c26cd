#!/usr/bin/env node
// In-process part of `npm run bench` (run as its own process so its peak RSS is its own):
// tagger core throughput on one core, and ingest rate into SQLite. Prints one JSON object.
// usage: node scripts/bench-core.mjs CORPUS.jsonl WORKDIR
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './shared.mjs';

const [input, workdir] = process.argv.slice(2);
const dist = (p) => join(ROOT, 'dist', p);
const { loadTaxonomy } = await import(dist('taxonomy/load.js'));
const { compileTagger } = await import(dist('taxonomy/tagger.js'));
const { normalizePosting } = await import(dist('src/normalize.js'));
const { openDatabase } = await import(dist('db/open.js'));
const { Store } = await import(dist('db/store.js'));
const { History } = await import(dist('db/history.js'));
const { historyCores } = await import(dist('src/history-cores.js'));
const { openCollectionStorage } = await import(dist('src/storage.js'));

const ads = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const bytes = ads.reduce((n, a) => n + Buffer.byteLength(a.text), 0);

let t0 = performance.now();
const taxonomy = loadTaxonomy();
const tagger = compileTagger(taxonomy);
const compileMs = performance.now() - t0;

/** Best of 3 passes of fn over every ad. */
function bestOf(fn) {
  let best = Infinity;
  let mentions = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    let m = 0;
    for (const a of ads) m += fn(a.text).mentions.length;
    best = Math.min(best, performance.now() - t);
    mentions = m;
  }
  return { seconds: best / 1000, mbPerSec: bytes / 1e6 / (best / 1000), postingsPerSec: ads.length / (best / 1000), mentions };
}
// Matching (what the naive baseline does: which technologies an ad names, here with offsets and rules) and the
// whole tagging, which also classifies each mention's requirement strength (the baseline has no such step).
const match = { compileMs, ...bestOf((text) => tagger.match(text)) };
const tag = { compileMs, ...bestOf((text) => tagger.tag(text)) };

// The naive baseline's method in-process (one case-insensitive regex per name and "common form" of
// ../shared/eval/labels.tsv, between delimiters, as described in ../shared/eval/naive-tagger.mjs), so the two
// taggers are compared on matching alone, without process start-up and JSON I/O.
const labelsPath = process.env.BENCH_LABELS;
let naive = null;
if (labelsPath) {
  const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matchers = [];
  for (const row of readFileSync(labelsPath, 'utf8').trim().split('\n').slice(1)) {
    const [id, name, , forms] = row.split('\t');
    const names = new Set([name]);
    for (const f of (forms ?? '').split(',')) {
      const a = f.replace(/\(.*?\)/g, '').trim();
      if (a && !a.includes(':') && a.length < 40) names.add(a);
    }
    for (const a of names) matchers.push([id, new RegExp(`(?:^|[\\s/(,])${escape(a)}(?=$|[\\s/,.):;!?])`, 'i')]);
  }
  let bestNaive = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (const a of ads) {
      const tags = new Set();
      for (const [id, re] of matchers) if (!tags.has(id) && re.test(a.text)) tags.add(id);
    }
    bestNaive = Math.min(bestNaive, performance.now() - t);
  }
  naive = { seconds: bestNaive / 1000, mbPerSec: bytes / 1e6 / (bestNaive / 1000), postingsPerSec: ads.length / (bestNaive / 1000) };
}

// Ingest: normalize + tag + store in batches of 500, one transaction per batch.
const dbPath = join(workdir, 'bench.db');
function ingest() {
  const db = openDatabase(dbPath);
  const store = new Store(db);
  store.syncTaxonomy(taxonomy.entries, taxonomy.version);
  const seen = new Date('2026-06-01T00:00:00Z');
  const start = performance.now();
  let batch = [];
  let stored = 0;
  for (const a of ads) {
    const posting = normalizePosting({ source: 'bench', externalId: a.id, text: a.text, postedAt: '2016-01-01' }, seen);
    batch.push({ posting, tagVersion: tagger.version, mentions: tagger.tag(posting.text).mentions });
    if (batch.length === 500) { stored += batch.length; store.savePostings(batch, seen.toISOString()); batch = []; }
  }
  if (batch.length) { stored += batch.length; store.savePostings(batch, seen.toISOString()); }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { postings: stored, seconds, postingsPerSec: stored / seconds };
}
const first = ingest();
const again = ingest();
const dbMb = statSync(dbPath).size / 1e6;

// What `run` stores per batch (save + roles + dedup in one transaction), two ways on the same tagged batches:
// directly on the synchronous store, as before the storage port, and through the async port (one await a batch).
// Four rounds, the order alternating, best of 4 each, into fresh databases: the ratio is the port's cost.
const runBatches = [];
{
  const seen = new Date('2026-06-01T00:00:00Z');
  let batch = [];
  for (const a of ads) {
    const posting = normalizePosting({ source: 'bench', externalId: a.id, text: a.text, postedAt: '2016-01-01' }, seen);
    batch.push({ posting, tagVersion: tagger.version, mentions: tagger.tag(posting.text).mentions });
    if (batch.length === 500) (runBatches.push(batch), (batch = []));
  }
  if (batch.length) runBatches.push(batch);
}
const seenIso = '2026-06-01T00:00:00.000Z';
function storeDirect(path) {
  const db = openDatabase(path);
  const store = new Store(db);
  const history = new History(db, historyCores);
  store.syncTaxonomy(taxonomy.entries, taxonomy.version);
  const tx = db.transaction((b) => (store.savePostings(b, seenIso), history.indexPending(b.length + 100)));
  const t = performance.now();
  for (const b of runBatches) tx.immediate(b);
  const ms = performance.now() - t;
  db.close();
  return ms;
}
async function storeThroughPort(path) {
  const storage = await openCollectionStorage(path);
  await storage.syncTaxonomy(taxonomy.entries, taxonomy.version);
  const t = performance.now();
  for (const b of runBatches) await storage.saveBatch(b, seenIso);
  const ms = performance.now() - t;
  await storage.close();
  return ms;
}
let direct = Infinity;
let port = Infinity;
for (let round = 0; round < 4; round++) {
  // Which goes first alternates, so neither gains from the other's warm caches.
  if (round % 2 === 0) direct = Math.min(direct, storeDirect(join(workdir, `direct-${round}.db`)));
  port = Math.min(port, await storeThroughPort(join(workdir, `port-${round}.db`)));
  if (round % 2 === 1) direct = Math.min(direct, storeDirect(join(workdir, `direct-${round}.db`)));
}
const storePort = { postings: ads.length, directPerSec: ads.length / (direct / 1000), portPerSec: ads.length / (port / 1000), ratio: port / direct };
process.stdout.write(JSON.stringify({ match,
  tag,
  naive,
  ingest: { ...first, mentions: tag.mentions, dbMb },
  reingest: again,
  storePort,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
}) + '\n');
