#!/usr/bin/env node
// npm run bench: speed and memory, measured against a baseline in the same run.
//   1. tagging throughput (MB/s, postings/s) of `techdemand tag` vs ../shared/eval/naive-tagger.mjs on the whole
//      shared HN corpus, both as processes over the same JSONL file, with wall time and peak RSS of each;
//   2. the tagger core in-process on one core (no I/O), best of 3;
//   3. ingest rate into SQLite (normalize + tag + store, batches of 500) on the same corpus.
// Options: --json (machine-readable), --quick (a tenth of the corpus), --scale N (the million-posting benchmark of
// scripts/bench-scale.mjs instead: ingest, history, query latencies, report, database size, peak RSS per step).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const args = process.argv.slice(2);
if (args.includes('--scale')) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench-scale.mjs'), ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const asJson = args.includes('--json');
const quick = args.includes('--quick');
const shared = requireShared('npm run bench');
const say = (s) => { if (!asJson) process.stdout.write(s + '\n'); };

// ---- corpus: every ad of the shared HN corpus (2013-2018 sample + 2026)
const corpusFiles = [
  join(shared, 'corpus', 'hn-whoishiring-2013-2018', 'postings.sample.jsonl'),
  join(shared, 'corpus', 'hn-whoishiring-2026', 'postings.jsonl'),
];
const ads = [];
for (const f of corpusFiles) {
  if (!existsSync(f)) { process.stderr.write(`npm run bench: missing ${f}\n`); process.exit(2); }
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line);
    if (typeof o.text === 'string' && o.text) ads.push({ id: String(o.id), text: o.text, html: o.html ?? null, posted_at: o.posted_at });
  }
}
const sample = quick ? ads.filter((_, i) => i % 10 === 0) : ads;
const bytes = sample.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
const mb = bytes / 1e6;
const dir = mkdtempSync(join(tmpdir(), 'techdemand-bench-'));
const input = join(dir, 'corpus.jsonl');
writeFileSync(input, sample.map((a) => JSON.stringify({ id: a.id, text: a.text })).join('\n') + '\n');
say(`corpus: ${sample.length} ads, ${mb.toFixed(1)} MB of text (${corpusFiles.map((f) => f.split('/').slice(-2).join('/')).join(' + ')})`);

function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split('\n').pop();
  const [secs, kb] = last.split(' ').map(Number);
  return { seconds: secs, peakRssMb: kb / 1024, stdout: r.stdout };
}

// ---- 1. processes over the same file
const naive = (() => {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(shared, 'eval', 'naive-tagger.mjs')], { input: readFileSync(input), encoding: 'utf8', maxBuffer: 1 << 30 });
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds: secs, peakRssMb: kb / 1024 };
})();
const ours = timed(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'tag', '--input', input]);
const processes = {
  naive: { ...naive, mbPerSec: mb / naive.seconds, postingsPerSec: sample.length / naive.seconds },
  techdemand: { seconds: ours.seconds, peakRssMb: ours.peakRssMb, mbPerSec: mb / ours.seconds, postingsPerSec: sample.length / ours.seconds },
};
processes.speedup = naive.seconds / ours.seconds;
say(`\ntagging, whole process over the same JSONL (startup, JSON and output included):`);
say(`  naive baseline : ${naive.seconds.toFixed(2)} s  ${processes.naive.mbPerSec.toFixed(2)} MB/s  ${processes.naive.postingsPerSec.toFixed(0)} ads/s  peak RSS ${naive.peakRssMb.toFixed(0)} MB`);
say(`  techdemand tag : ${ours.seconds.toFixed(2)} s  ${processes.techdemand.mbPerSec.toFixed(2)} MB/s  ${processes.techdemand.postingsPerSec.toFixed(0)} ads/s  peak RSS ${ours.peakRssMb.toFixed(0)} MB`);
say(`  speed-up       : ${processes.speedup.toFixed(1)}x`);

// ---- 2 and 3 run in a child so their peak RSS is their own
process.env.BENCH_LABELS = join(shared, 'eval', 'labels.tsv');
const core = JSON.parse(timed(process.execPath, [join(ROOT, 'scripts', 'bench-core.mjs'), input, dir]).stdout);
say(`\nin-process, one core, best of 3 (no start-up, no JSON; taxonomy load + compile ${core.tag.compileMs.toFixed(0)} ms):`);
say(`  naive method                 : ${core.naive.mbPerSec.toFixed(1)} MB/s, ${core.naive.postingsPerSec.toFixed(0)} ads/s`);
say(`  techdemand matching          : ${core.match.mbPerSec.toFixed(1)} MB/s, ${core.match.postingsPerSec.toFixed(0)} ads/s  (${(core.match.mbPerSec / core.naive.mbPerSec).toFixed(1)}x the naive method; target ≥ 10x)`);
say(`  techdemand tag (+ strength)  : ${core.tag.mbPerSec.toFixed(1)} MB/s, ${core.tag.postingsPerSec.toFixed(0)} ads/s  (${(core.tag.mbPerSec / core.naive.mbPerSec).toFixed(1)}x; the baseline classifies no requirement strength)`);
say(`ingest into SQLite (normalize + tag + store, batches of 500): ${core.ingest.postingsPerSec.toFixed(0)} postings/s, ${core.ingest.mentions} mentions, db ${core.ingest.dbMb.toFixed(1)} MB; re-ingest of the same ads ${core.reingest.postingsPerSec.toFixed(0)} postings/s`);
say(`store as run does (save + roles + dedup per batch of 500, best of 4): directly ${core.storePort.directPerSec.toFixed(0)} postings/s, through the async storage port ${core.storePort.portPerSec.toFixed(0)} postings/s (${((core.storePort.ratio - 1) * 100).toFixed(1)}% time; target within 5%)`);
say(`peak RSS of the in-process run: ${core.peakRssMb.toFixed(0)} MB`);

// ---- 4. start-up: a query as a whole process against a bare `node -e 0`, median of 7 each, interleaved
function wall(cmd, argv) {
  const t = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, TECHDEMAND_DB: '' } });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-300)}`);
  return performance.now() - t;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = [], query = [];
for (let i = 0; i < 7; i++) {
  bare.push(wall(process.execPath, ['-e', '0']));
  query.push(wall(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), '--db', join(dir, 'bench.db'), 'top', '--limit', '10']));
}
const startup = { bareNodeMs: median(bare), queryMs: median(query) };
startup.ratio = startup.queryMs / startup.bareNodeMs;
say(`\nstart-up: \`techdemand top\` on the ingested database ${startup.queryMs.toFixed(0)} ms, bare \`node -e 0\` ${startup.bareNodeMs.toFixed(0)} ms: ${startup.ratio.toFixed(1)}x (target ≤ 2.5x; median of 7)`);

const result = { corpus: { ads: sample.length, mb }, processes, core, startup };
if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
rmSync(dir, { recursive: true, force: true });
