#!/usr/bin/env node
// npm run bench -- --scale 1e6: a database of N postings built from the real shared corpus, then every step timed
// in its own process (so each peak RSS is that step's own):
//   ingest   normalize + tag (worker threads) + store, in bulk batches (src/pipeline.ts BULK_BATCH_SIZE), as `scrape --workers` does;
//   ceiling  each side of ingest alone on one thread: storing the same N replicas (tagged beforehand) into a fresh
//            database, and normalize + tag of 100,000 of them; from both, the most two cores could ingest;
//   history  roles + duplicate detection of every stored posting (what `run` does per batch, `scrape` after);
//   queries  top, top --category database, trend, movers, gap: the command cores as the CLI calls them (output to
//            a sink), after process start-up and taxonomy load; first call (cold page cache of this process) and
//            median of the next five;
//   report   the HTML report of the whole database, with the learner section of examples/profile.yaml.
// Replicas: the corpus ads (HN 2013-2018 sample + 2026) are cycled over 120 months ending 2026-11, month by month
// as a backfill would arrive; each copy gets its own id (increasing, like HN's) and company ("<company> #<copy>"), so
// copies are distinct jobs to duplicate detection (which still merges the corpus's own reposts within a copy), and
// the text itself is untouched real ad text (tagged anew for every copy: nothing is cached by content).
// With --engine postgres, the same steps run against PostgreSQL after SQLite's, in the same run: a throwaway server
// of Debian's package with PostgreSQL's default durability (fsync and synchronous commit on), or the server of
// TECHDEMAND_BENCH_PG (a database the benchmark may fill; use an empty one). Ingest there is what `run` does per
// batch (store + roles + duplicate detection in one transaction), by one collector and by two collector processes
// splitting the ads; then the queries and the report through the same commands, and the database's size.
// usage: node scripts/bench-scale.mjs --scale 1e6 [--workers 2] [--engine postgres [--skip-sqlite]] [--keep DIR] [--json] [--skip-ingest DB]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const dist = (p) => join(ROOT, 'dist', p);
const MONTHS = 120;
/** Ids of the copies, counting up like HN item ids (2026 comments are in the 46 millions). */
const FIRST_ID = 50_000_000;
const LAST_MONTH = { year: 2026, month: 11 };

function monthName(i) {
  // i = 0 .. MONTHS-1, oldest first, ending at LAST_MONTH
  const total = LAST_MONTH.year * 12 + (LAST_MONTH.month - 1) - (MONTHS - 1 - i);
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

function loadCorpus(shared) {
  const files = [
    join(shared, 'corpus', 'hn-whoishiring-2013-2018', 'postings.sample.jsonl'),
    join(shared, 'corpus', 'hn-whoishiring-2026', 'postings.jsonl'),
  ];
  const ads = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line) continue;
      const o = JSON.parse(line);
      if (typeof o.text === 'string' && o.text.trim()) ads.push({ id: String(o.id), text: o.text, html: o.html ?? null });
    }
  }
  return ads;
}

// ---------------------------------------------------------------- steps (child processes)

/** The corpus ads with the header fields the HN source parses once per ad (the source's work, not ingest's). */
async function loadAds(shared) {
  const { firstLine, parseHeaderLine } = await import(dist('scrapers/hn-header.js'));
  return loadCorpus(shared).map((a) => ({ ...a, header: parseHeaderLine(firstLine(a.text)) }));
}

/** The raw postings of a scale run, as the HN source would hand them over: copy k of the corpus, oldest month first. */
function* replicas(ads, scale) {
  const perMonth = Math.ceil(scale / MONTHS);
  let k = 0;
  for (let m = 0; m < MONTHS && k < scale; m++) {
    const month = monthName(m);
    for (let j = 0; j < perMonth && k < scale; j++, k++) {
      const index = (k * 7919) % ads.length;
      const ad = ads[index];
      const copy = Math.floor(k / ads.length);
      yield {
        source: 'hn',
        // HN item ids grow with time; so do these (the source ad is in the url).
        externalId: String(FIRST_ID + k),
        url: `https://news.ycombinator.com/item?id=${ad.id}`,
        // An ad whose header names no company is still some employer's: one placeholder per ad, or duplicate
        // detection would see thousands of near-identical ads from one "company" and merge them.
        company: `${ad.header.company ?? `Employer ${ad.id}`} #${copy}`,
        title: ad.header.title,
        location: ad.header.location,
        remote: ad.header.remote,
        postedAt: `${month}-${String(1 + (j % 28)).padStart(2, '0')}T12:00:00Z`,
        html: ad.html,
        text: ad.text,
      };
    }
  }
}

async function stepIngest(db, scale, workers) {
  const shared = requireShared('npm run bench -- --scale');
  const { loadTaxonomy } = await import(dist('taxonomy/load.js'));
  const { BULK_LOAD_CACHE_MB, openDatabase } = await import(dist('db/open.js'));
  const { Store } = await import(dist('db/store.js'));
  const { ingestSource } = await import(dist('src/pipeline.js'));
  const { TagPool } = await import(dist('src/tag-pool.js'));
  const ads = await loadAds(shared);
  // The main thread only stores: the taxonomy for the technologies table, the compiled tagger lives in the workers.
  const taxonomy = loadTaxonomy();
  if (workers < 1) throw new Error('--workers must be at least 1 for the scale benchmark');
  const database = openDatabase(db, { cacheMb: BULK_LOAD_CACHE_MB });
  const store = new Store(database);
  store.syncTaxonomy(taxonomy.entries, taxonomy.version);
  const pool = await TagPool.start({ workers });
  if (pool.version !== taxonomy.version) throw new Error('tag workers loaded another taxonomy');
  const source = {
    name: 'hn',
    async *fetch() {
      for (const raw of replicas(ads, scale)) yield raw;
    },
  };
  const started = performance.now();
  // CPU of the whole process (every thread) while ingesting, without start-up and taxonomy compilation.
  const cpu0 = process.cpuUsage();
  const stats = await ingestSource({ source, ctx: {}, store, tagPool: pool, seenAt: new Date('2026-11-20T00:00:00Z') });
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - started) / 1000;
  const mainMemory = process.memoryUsage();
  await pool.close();
  const techRows = postingTechRows(database);
  database.close();
  if (stats.status !== 'ok') throw new Error(`ingest failed: ${stats.message}`);
  const mb = (n) => Math.round(n / 1e6);
  return { postings: stats.new, seconds, postingsPerSec: stats.new / seconds, workers, techRows, cpuUsPerAd: { user: cpu.user / stats.new, system: cpu.system / stats.new }, mainAtEnd: { rssMb: mb(mainMemory.rss), heapUsedMb: mb(mainMemory.heapUsed), heapTotalMb: mb(mainMemory.heapTotal), externalMb: mb(mainMemory.external) } };
}

/** posting_tech rows: the store-alone step must have written what ingest wrote. */
function postingTechRows(database) {
  return database.prepare('SELECT count(*) AS n FROM posting_tech').get().n;
}

// ---- ceilings: each side of ingest alone on one thread, on the same replicas, so a run can say what two cores allow.

/**
 * The storing thread alone: Store#savePostings of the same N replicas, in the bulk batches of ingest, into a fresh database. The
 * tagging is done before the clock runs (each corpus ad is tagged once and its mentions reused by every copy; the
 * copies are normalized outside the timed calls), so the figure is SQLite plus the store's own checks: the most one
 * writer can take in, however fast tagging were.
 */
async function stepStoreAlone(db, scale) {
  const shared = requireShared('npm run bench -- --scale');
  const { loadTaxonomy } = await import(dist('taxonomy/load.js'));
  const { compileTagger } = await import(dist('taxonomy/tagger.js'));
  const { normalizePosting } = await import(dist('src/normalize.js'));
  const { prepareMentions } = await import(dist('db/mentions-codec.js'));
  const { BULK_LOAD_CACHE_MB, openDatabase } = await import(dist('db/open.js'));
  const { Store } = await import(dist('db/store.js'));
  const { BULK_BATCH_SIZE } = await import(dist('src/pipeline.js'));
  if (!Number.isInteger(BULK_BATCH_SIZE) || BULK_BATCH_SIZE < 1) throw new Error('dist/src/pipeline.js has no BULK_BATCH_SIZE: rebuild (npm run build)');
  const ads = await loadAds(shared);
  const taxonomy = loadTaxonomy();
  const tagger = compileTagger(taxonomy);
  const prepared = new Map(ads.map((a) => [a.text, prepareMentions(`ad ${a.id}`, tagger.tag(normalizePosting({ source: 'hn', externalId: a.id, text: a.text }).text).mentions)]));
  const database = openDatabase(db, { cacheMb: BULK_LOAD_CACHE_MB });
  const store = new Store(database);
  store.syncTaxonomy(taxonomy.entries, taxonomy.version);
  const seenAt = new Date('2026-11-20T00:00:00Z');
  let stored = 0;
  let storing = 0;
  let batch = [];
  const save = () => {
    const t = performance.now();
    stored += store.savePostings(batch, seenAt.toISOString()).new;
    storing += performance.now() - t;
    batch = [];
  };
  for (const raw of replicas(ads, scale)) {
    const posting = normalizePosting(raw, seenAt);
    posting.html = null;
    batch.push({ posting, tagVersion: tagger.version, prepared: prepared.get(raw.text) });
    if (batch.length === BULK_BATCH_SIZE) save();
  }
  if (batch.length > 0) save();
  const techRows = postingTechRows(database);
  database.close();
  return { postings: stored, techRows, seconds: storing / 1000, usPerAd: (storing * 1000) / stored, postingsPerSec: stored / (storing / 1000) };
}

/** The tagging side alone on this thread: what one tag worker does per ad (normalize, tag, encode the mentions). */
async function stepTagAlone(scale) {
  const shared = requireShared('npm run bench -- --scale');
  const { loadTaxonomy } = await import(dist('taxonomy/load.js'));
  const { compileTagger } = await import(dist('taxonomy/tagger.js'));
  const { normalizePosting } = await import(dist('src/normalize.js'));
  const { prepareMentions } = await import(dist('db/mentions-codec.js'));
  const ads = await loadAds(shared);
  const tagger = compileTagger(loadTaxonomy());
  const seenAt = new Date('2026-11-20T00:00:00Z');
  const tagOne = (raw) => {
    const posting = normalizePosting(raw, seenAt);
    return prepareMentions(`posting ${posting.source}:${posting.externalId}`, tagger.tag(posting.text).mentions);
  };
  // One pass over the corpus first, so the figure is of optimised code, as in a long ingest.
  for (const raw of replicas(ads, ads.length)) tagOne(raw);
  let n = 0;
  const t = performance.now();
  for (const raw of replicas(ads, scale)) {
    tagOne(raw);
    n++;
  }
  const ms = performance.now() - t;
  return { postings: n, seconds: ms / 1000, usPerAd: (ms * 1000) / n, postingsPerSec: n / (ms / 1000) };
}

async function stepHistory(db) {
  const { openDatabase } = await import(dist('db/open.js'));
  const { History } = await import(dist('db/history.js'));
  const { historyCores } = await import(dist('src/run.js'));
  const database = openDatabase(db);
  const started = performance.now();
  const r = new History(database, historyCores).indexPendingAll();
  const seconds = (performance.now() - started) / 1000;
  database.close();
  return { postings: r.indexed, merged: r.merged, seconds, postingsPerSec: r.indexed / seconds };
}

/**
 * One collector's share of the replicas (every `parts`-th, from `part`) through the pipeline into PostgreSQL: tagging
 * on worker threads, then saveBatch as `run` stores (rows, roles and duplicate detection in one transaction).
 */
async function stepPgIngest(url, scale, workers, part, parts) {
  const shared = requireShared('npm run bench -- --scale');
  const { loadTaxonomy } = await import(dist('taxonomy/load.js'));
  const { openCollectionStorage } = await import(dist('src/storage.js'));
  const { ingestSource } = await import(dist('src/pipeline.js'));
  const { TagPool } = await import(dist('src/tag-pool.js'));
  const ads = await loadAds(shared);
  const taxonomy = loadTaxonomy();
  const storage = await openCollectionStorage(url, { datedSources: ['hn'] });
  await storage.syncTaxonomy(taxonomy.entries, taxonomy.version);
  // As `run` starts: roles of an older classifier are decided again first (on a fresh database: recorded as current).
  await storage.reclassifyRoles();
  const pool = await TagPool.start({ workers });
  let merged = 0;
  const source = {
    name: 'hn',
    async *fetch() {
      let k = 0;
      for (const raw of replicas(ads, scale)) if (k++ % parts === part) yield raw;
    },
  };
  const store = {
    savePostings: async (batch, seenAt) => {
      const r = await storage.saveBatch(batch, seenAt);
      merged += r.merged;
      return r.saved;
    },
  };
  const started = performance.now();
  const stats = await ingestSource({ source, ctx: {}, store, tagPool: pool, seenAt: new Date('2026-11-20T00:00:00Z'), batchSize: 1000 });
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  await storage.close();
  if (stats.status !== 'ok') throw new Error(`ingest failed: ${stats.message}`);
  return { postings: stats.new, merged, seconds, postingsPerSec: stats.new / seconds, workers, part, parts };
}

async function pgSizeMb(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query('SELECT pg_database_size(current_database())::float8 AS b, (SELECT count(*) FROM postings)::int AS n');
    return { mb: r.rows[0].b / 1e6, postings: r.rows[0].n };
  } finally {
    await c.end();
  }
}

async function pgCreateDatabase(serverUrl, name) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const sink = { write: () => true };

/** Where a step keeps the taxonomy cache: beside a database file, or in the run's folder for a server database. */
function cacheBase(db) {
  return /^postgres(ql)?:\/\//i.test(db) ? process.env.TD_BENCH_DIR ?? tmpdir() : dirname(db);
}

async function stepQuery(db, name) {
  // As the CLI does by default (~/.cache/techdemand): the parsed taxonomy is read from a JSON cache, not YAML.
  const { configureTaxonomyCache } = await import(dist('src/taxonomy-source.js'));
  configureTaxonomyCache(join(cacheBase(db), 'taxonomy-cache'));
  const { topCommand } = await import(dist('src/commands/top.js'));
  const { trendCommand, moversCommand, gapCommand } = await import(dist('src/commands/analytics.js'));
  const g = { db, json: true, tty: false, stdout: sink, stderr: sink, now: new Date('2026-11-21T00:00:00Z') };
  const profile = join(ROOT, 'examples', 'profile.yaml');
  const calls = {
    top: () => topCommand({ ...g, limit: '20' }),
    'top-databases': () => topCommand({ ...g, category: 'database', limit: '20' }),
    trend: () => trendCommand({ ...g, techs: ['rust', 'go'] }),
    movers: () => moversCommand({ ...g }),
    gap: () => gapCommand({ ...g, profile }),
  };
  const call = calls[name];
  if (!call) throw new Error(`unknown query ${name}`);
  const times = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { firstMs: times[0], medianMs: rest[Math.floor(rest.length / 2)] };
}

/** Fills the taxonomy cache the query steps read (a CLI user's first command does the same once). */
async function stepWarm(db) {
  const { configureTaxonomyCache, loadProjectTaxonomy } = await import(dist('src/taxonomy-source.js'));
  configureTaxonomyCache(join(cacheBase(db), 'taxonomy-cache'));
  return { version: loadProjectTaxonomy().version };
}

async function stepReport(db, out) {
  const { configureTaxonomyCache } = await import(dist('src/taxonomy-source.js'));
  configureTaxonomyCache(join(cacheBase(db), 'taxonomy-cache'));
  const { reportCommand } = await import(dist('src/commands/analytics.js'));
  const started = performance.now();
  // As `techdemand report --profile examples/profile.yaml`: every section, the learner's included.
  await reportCommand({ db, json: true, tty: false, stdout: sink, out, profile: join(ROOT, 'examples', 'profile.yaml'), now: new Date('2026-11-21T00:00:00Z') });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bytes: statSync(out).size };
}

// ---------------------------------------------------------------- orchestration

// The ingest step runs as `NODE_OPTIONS=--max-old-space-size=256 techdemand scrape --workers 1` would (docs/benchmarks.md):
// Node's default heap sizing on a machine with many GiB lets garbage pile up to several hundred MB before it
// collects; live data stays under 100 MB. Other steps run with Node's defaults.
const STEP_FLAGS = { ingest: ['--max-old-space-size=256'], 'pg-ingest': ['--max-old-space-size=256'] };

/** Runs several steps at once (collectors side by side); resolves when all are done. */
function runStepsTogether(list) {
  return Promise.all(
    list.map(
      (args) =>
        new Promise((resolvePromise, reject) => {
          const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, ...(STEP_FLAGS[args[0]] ?? []), join(ROOT, 'scripts', 'bench-scale.mjs'), '--step', ...args], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          let err = '';
          child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
          child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
          child.on('close', (code) => {
            const lines = err.trim().split('\n');
            const [wall, kb] = lines.pop().split(' ').map(Number);
            if (code !== 0) reject(new Error(`step ${args.join(' ')} failed:\n${lines.slice(-20).join('\n')}`));
            else resolvePromise({ ...JSON.parse(out.trim().split('\n').pop()), wallSeconds: wall, peakRssMb: kb / 1024 });
          });
        }),
    ),
  );
}

function runStep(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, ...(STEP_FLAGS[args[0]] ?? []), join(ROOT, 'scripts', 'bench-scale.mjs'), '--step', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = r.stderr.trim().split('\n');
  const [wall, kb, user, system] = lines.pop().split(' ').map(Number);
  if (r.status !== 0) throw new Error(`step ${args.join(' ')} failed:\n${lines.slice(-20).join('\n')}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wallSeconds: wall, peakRssMb: kb / 1024, cpuSeconds: { user, system } };
}

function dbSizeMb(db) {
  let bytes = 0;
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes / 1e6;
}

async function main() {
  const args = process.argv.slice(2);
  const value = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (args[0] === '--step') {
    const [, step, db, extra] = args;
    const result =
      step === 'ingest' ? await stepIngest(db, Number(extra), Number(args[4]))
      : step === 'store-alone' ? await stepStoreAlone(db, Number(extra))
      : step === 'tag-alone' ? await stepTagAlone(Number(extra))
      : step === 'history' ? await stepHistory(db)
      : step === 'query' ? await stepQuery(db, extra)
      : step === 'warm' ? await stepWarm(db)
      : step === 'report' ? await stepReport(db, extra)
      : step === 'pg-ingest' ? await stepPgIngest(db, Number(extra), Number(args[4]), Number(args[5]), Number(args[6]))
      : null;
    if (!result) throw new Error(`unknown step ${step}`);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const scale = Number(value('--scale'));
  if (!Number.isFinite(scale) || scale < 1000 || scale > 1e7) {
    process.stderr.write('npm run bench -- --scale N: N between 1e3 and 1e7 (e.g. --scale 1e6)\n');
    process.exit(2);
  }
  // One thread stores (SQLite has one writer); the other cores tag.
  const workers = value('--workers') !== undefined ? Number(value('--workers')) : Math.max(1, availableParallelism() - 1);
  const asJson = args.includes('--json');
  const say = (s) => { if (!asJson) process.stdout.write(s + '\n'); };
  const keep = value('--keep');
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'techdemand-scale-'));
  mkdirSync(dir, { recursive: true });
  process.env.TD_BENCH_DIR = dir;
  const db = join(dir, 'scale.db');
  const reused = args.includes('--reuse') && existsSync(db);
  const result = { scale, workers, db };
  if (args.includes('--skip-sqlite')) {
    // Only the PostgreSQL half (--engine postgres), e.g. to re-measure it against the SQLite figures of an earlier run.
    if (value('--engine') !== 'postgres') {
      process.stderr.write('--skip-sqlite goes with --engine postgres\n');
      process.exit(2);
    }
    result.postgres = await benchPostgres(scale, workers, dir, say);
    if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    if (!keep) rmSync(dir, { recursive: true, force: true });
    return;
  }
  say(`scale benchmark: ${scale.toLocaleString('en-US')} postings over ${MONTHS} months (${monthName(0)}..${monthName(MONTHS - 1)}), database ${db}`);
  if (!reused) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    result.ingest = runStep(['ingest', db, String(scale), String(workers)]);
    say(`ingest   ${result.ingest.postings} postings in ${result.ingest.seconds.toFixed(1)} s = ${Math.round(result.ingest.postingsPerSec).toLocaleString('en-US')} postings/s (normalize + tag on ${workers} worker thread${workers === 1 ? "" : "s"} + store), peak RSS ${result.ingest.peakRssMb.toFixed(0)} MB`);
    // What two cores allow: each side of ingest alone on one thread (the store's timing includes its commits' WAL
    // writes and checkpoints). Storing has one thread (SQLite has one writer); the tagging side may use the rest, so
    // per ad two cores need at least max(store, (store + tag) / 2) µs. The real ingest pays on top for copying
    // batches between threads and for two busy cores slowing each other down.
    const storeDb = join(dir, 'store-alone.db');
    result.storeAlone = runStep(['store-alone', storeDb, String(scale)]);
    for (const f of [storeDb, `${storeDb}-wal`, `${storeDb}-shm`]) rmSync(f, { force: true });
    result.tagAlone = runStep(['tag-alone', '-', String(Math.min(scale, 100_000))]);
    const s = result.storeAlone.usPerAd;
    const t = result.tagAlone.usPerAd;
    result.twoCoreCeiling = 1e6 / Math.max(s, (s + t) / 2);
    const cpu = result.ingest.cpuUsPerAd;
    say(`         CPU ${(cpu.user + cpu.system).toFixed(0)} µs per ad (${cpu.system.toFixed(0)} µs in the kernel) over all threads, start-up excluded`);
    say(`ceiling  storing alone ${Math.round(result.storeAlone.postingsPerSec).toLocaleString('en-US')} postings/s (${s.toFixed(1)} µs per ad, one writer); normalize + tag alone ${Math.round(result.tagAlone.postingsPerSec).toLocaleString('en-US')}/s per core (${t.toFixed(1)} µs per ad); two cores at most ${Math.round(result.twoCoreCeiling).toLocaleString('en-US')}/s, before the hand-off between threads`);
    result.history = runStep(['history', db]);
    say(`history  ${result.history.postings} postings in ${result.history.seconds.toFixed(1)} s = ${Math.round(result.history.postingsPerSec).toLocaleString('en-US')} postings/s (roles + duplicate detection, ${result.history.merged} merged), peak RSS ${result.history.peakRssMb.toFixed(0)} MB`);
  } else say('reusing the database built by an earlier run (--reuse)');
  result.dbMb = dbSizeMb(db);
  say(`database ${(result.dbMb / 1000).toFixed(2)} GB (${(result.dbMb * 1e3 / scale).toFixed(1)} kB per posting)`);
  runStep(['warm', db]);
  result.queries = {};
  for (const q of ['top', 'top-databases', 'trend', 'movers', 'gap']) {
    const r = (result.queries[q] = runStep(['query', db, q]));
    say(`${q.padEnd(14)} first ${r.firstMs.toFixed(0).padStart(6)} ms, median of 5 ${r.medianMs.toFixed(0).padStart(6)} ms, whole process ${r.wallSeconds.toFixed(2)} s for 6 calls, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  }
  result.report = runStep(['report', db, join(dir, 'report', 'index.html')]);
  say(`report   ${result.report.seconds.toFixed(1)} s, ${(result.report.bytes / 1e6).toFixed(1)} MB, peak RSS ${result.report.peakRssMb.toFixed(0)} MB`);
  if (value('--engine') === 'postgres') result.postgres = await benchPostgres(scale, workers, dir, say);
  else if (value('--engine') !== undefined && value('--engine') !== 'sqlite') {
    process.stderr.write(`--engine must be sqlite or postgres, got ${value('--engine')}\n`);
    process.exit(2);
  }
  if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

/** The PostgreSQL half of `--engine postgres`: the same ads, queries and report against a server. */
async function benchPostgres(scale, workers, dir, say) {
  const given = process.env.TECHDEMAND_BENCH_PG;
  const { startServer, stopServer } = await import('./pg.mjs');
  const server = given ? null : await startServer({ durable: true });
  const serverUrl = given ?? server.url;
  const out = { server: given ? 'TECHDEMAND_BENCH_PG' : 'throwaway PostgreSQL 15 on loopback, default durability (fsync on)' };
  try {
    say(`\nPostgreSQL (${out.server})`);
    const one = await pgCreateDatabase(serverUrl, 'td_bench_one');
    out.ingestOne = runStep(['pg-ingest', one, String(scale), String(workers), '0', '1']);
    say(`ingest, one collector    ${out.ingestOne.postings} postings in ${out.ingestOne.seconds.toFixed(1)} s = ${Math.round(out.ingestOne.postingsPerSec).toLocaleString('en-US')} postings/s (normalize + tag on ${workers} worker thread${workers === 1 ? '' : 's'} + store + roles + dedup, ${out.ingestOne.merged} merged), peak RSS ${out.ingestOne.peakRssMb.toFixed(0)} MB`);
    const size = await pgSizeMb(one);
    out.dbMb = size.mb;
    say(`database ${(size.mb / 1000).toFixed(2)} GB (${((size.mb * 1e3) / size.postings).toFixed(1)} kB per posting)`);
    runStep(['warm', join(dir, 'pg-warm.db')]);
    out.queries = {};
    for (const q of ['top', 'top-databases', 'trend', 'movers', 'gap']) {
      const r = (out.queries[q] = runStep(['query', one, q]));
      say(`${q.padEnd(14)} first ${r.firstMs.toFixed(0).padStart(6)} ms, median of 5 ${r.medianMs.toFixed(0).padStart(6)} ms, whole process ${r.wallSeconds.toFixed(2)} s for 6 calls, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
    }
    out.report = runStep(['report', one, join(dir, 'report-pg', 'index.html')]);
    say(`report   ${out.report.seconds.toFixed(1)} s, ${(out.report.bytes / 1e6).toFixed(1)} MB, peak RSS ${out.report.peakRssMb.toFixed(0)} MB`);
    const two = await pgCreateDatabase(serverUrl, 'td_bench_two');
    const t = performance.now();
    const halves = await runStepsTogether([
      ['pg-ingest', two, String(scale), String(workers), '0', '2'],
      ['pg-ingest', two, String(scale), String(workers), '1', '2'],
    ]);
    const seconds = (performance.now() - t) / 1000;
    const postings = halves.reduce((n, h) => n + h.postings, 0);
    out.ingestTwo = { postings, seconds, postingsPerSec: postings / seconds, merged: halves.reduce((n, h) => n + h.merged, 0), peakRssMb: Math.max(...halves.map((h) => h.peakRssMb)) };
    say(`ingest, two collectors   ${postings} postings in ${seconds.toFixed(1)} s = ${Math.round(out.ingestTwo.postingsPerSec).toLocaleString('en-US')} postings/s (two processes, each ${workers} tag worker${workers === 1 ? '' : 's'}, ${out.ingestTwo.merged} merged)`);
  } finally {
    if (server) stopServer(server.dir);
  }
  return out;
}

await main();
