#!/usr/bin/env node
// Measures every id, not only the 304 of labels.tsv (issue 15): draws a random sample of mentions of ids outside the
// label space from ads that are in no dev set, shows each in its context for review, and scores reviewed samples.
//
//   npm run eval -- --review [--n 300] [--seed S] [--out FILE]   draw a sample (JSONL, one mention per line, verdict
//                                                                 empty) and print it for reading
//   npm run eval -- --review --score FILE [FILE…]                 precision of reviewed samples, with the wrong ones
//   npm run eval -- --review --keep FILE                          add a reviewed sample's verdicts to the regression
//                                                                 fixtures (tests/fixtures/review/verdicts.jsonl)
//
// A verdict is "correct" (the ad names that technology in its technical sense, GUIDELINES.md applied to the id's
// own name) or "wrong" (another product, a generic word, company self-description, an inferred concept…), with a
// short reason. tests/unit/review-verdicts.test.ts keeps every kept verdict true of the current tagger; a wrong
// mention no rule fixes yet is kept with "open": true (it may still be tagged, and the list of open ones is visible).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const argv = process.argv.slice(2);
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const shared = requireShared('npm run eval -- --review');
const readJsonl = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'review', 'verdicts.jsonl');

/** The ads of the shared corpus that are in no dev set, keyed by id (the same sources the held-out sets draw from). */
export function heldOutAds() {
  const dev = new Set();
  for (const f of ['dev.postings.jsonl', 'roles.dev.postings.jsonl']) for (const p of readJsonl(join(shared, 'eval', f))) dev.add(String(p.id));
  for (const g of readJsonl(join(shared, 'eval', 'strength.dev.gold.jsonl'))) dev.add(String(g.id));
  const ads = new Map();
  for (const f of ['hn-whoishiring-2026/postings.jsonl', 'hn-whoishiring-2013-2018/postings.sample.jsonl', 'skillspan/postings.jsonl']) {
    for (const a of readJsonl(join(shared, 'corpus', f))) {
      if (!dev.has(String(a.id)) && typeof a.text === 'string') ads.set(String(a.id), { id: String(a.id), source: f.split('/')[0], text: a.text });
    }
  }
  return ads;
}

function labelSpace() {
  return new Set(readFileSync(join(shared, 'eval', 'labels.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean));
}

function context(text, offset, length) {
  const from = Math.max(0, offset - 160);
  const to = Math.min(text.length, offset + length + 160);
  return `${from > 0 ? '…' : ''}${text.slice(from, offset)}«${text.slice(offset, offset + length)}»${text.slice(offset + length, to)}${to < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

async function draw() {
  const n = Number(opt('--n', '300'));
  const seed = opt('--seed', 'review-1');
  const { loadTaxonomy } = await import(join(ROOT, 'dist', 'taxonomy', 'load.js'));
  const { compileTagger } = await import(join(ROOT, 'dist', 'taxonomy', 'tagger.js'));
  const tax = loadTaxonomy();
  const tagger = compileTagger(tax);
  const names = new Map(tax.entries.map((e) => [e.id, e.name]));
  const labels = labelSpace();
  // Mentions already reviewed (the regression fixtures) are not drawn again: each sample is a fresh one.
  const reviewed = new Set((existsSync(FIXTURES) ? readJsonl(FIXTURES) : []).map((r) => `${r.ad}\t${r.offset}\t${r.id}`));
  const all = [];
  for (const ad of heldOutAds().values()) {
    for (const m of tagger.match(ad.text).mentions) {
      if (!labels.has(m.tech) && !reviewed.has(`${ad.id}\t${m.offset}\t${m.tech}`)) all.push({ ad, m });
    }
  }
  // A seeded order of all mentions: each one equally likely, reproducible from the seed.
  const rank = (x) => createHash('sha256').update(`${seed}:${x.ad.id}:${x.m.offset}:${x.m.tech}`).digest('hex');
  const picked = all.map((x) => [rank(x), x]).sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([, x]) => x);
  const rows = picked.map(({ ad, m }) => ({
    ad: ad.id, source: ad.source, offset: m.offset, id: m.tech, name: names.get(m.tech), text: m.text, rule: m.rule,
    taxonomy: tax.version, context: context(ad.text, m.offset, m.length), verdict: '', why: '',
  }));
  const out = opt('--out', join(ROOT, 'test-artifacts', `review-${seed}.jsonl`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stdout.write(`${all.length} mentions of ${new Set(all.map((x) => x.m.tech)).size} ids outside labels.tsv in ${heldOutAds().size} held-out ads; ${rows.length} drawn (seed ${seed})\n`);
  for (const [i, r] of rows.entries()) process.stdout.write(`\n${i + 1}. ${r.id} (${r.name}) in ${r.ad}, rule ${r.rule}\n   ${r.context}\n`);
  process.stdout.write(`\nwritten to ${out}: fill "verdict" (correct | wrong) and "why", then --score it\n`);
}

function score(files) {
  const rows = files.flatMap((f) => readJsonl(f));
  const judged = rows.filter((r) => r.verdict === 'correct' || r.verdict === 'wrong');
  const right = judged.filter((r) => r.verdict === 'correct').length;
  const p = judged.length ? right / judged.length : 0;
  // Wilson 95% interval of the precision.
  const z = 1.96, nn = judged.length;
  const centre = (p + (z * z) / (2 * nn)) / (1 + (z * z) / nn);
  const half = (z * Math.sqrt((p * (1 - p)) / nn + (z * z) / (4 * nn * nn))) / (1 + (z * z) / nn);
  process.stdout.write(`${judged.length} reviewed mentions (${rows.length - judged.length} without a verdict): precision ${(100 * p).toFixed(1)}% (95% CI ${(100 * (centre - half)).toFixed(1)}–${(100 * (centre + half)).toFixed(1)}%)\n`);
  const wrong = judged.filter((r) => r.verdict === 'wrong');
  if (wrong.length) process.stdout.write('\nwrong:\n' + wrong.map((r) => `  ${r.id} "${r.text}" in ${r.ad}: ${r.why}`).join('\n') + '\n');
}

function keep(file) {
  const have = existsSync(FIXTURES) ? readJsonl(FIXTURES) : [];
  const key = (r) => `${r.ad}\t${r.offset}\t${r.id}`;
  const seen = new Set(have.map(key));
  const add = readJsonl(file).filter((r) => (r.verdict === 'correct' || r.verdict === 'wrong') && !seen.has(key(r)));
  const rows = [...have, ...add.map((r) => ({ ad: r.ad, source: r.source, offset: r.offset, id: r.id, text: r.text, verdict: r.verdict, why: r.why, ...(r.open ? { open: true } : {}) }))];
  mkdirSync(dirname(FIXTURES), { recursive: true });
  writeFileSync(FIXTURES, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stdout.write(`${add.length} verdicts added, ${rows.length} in ${FIXTURES.slice(ROOT.length + 1)}\n`);
}

if (argv.includes('--score')) score(argv.slice(argv.indexOf('--score') + 1).filter((a) => !a.startsWith('--')));
else if (argv.includes('--keep')) keep(opt('--keep'));
else await draw();
