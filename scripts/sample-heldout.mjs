#!/usr/bin/env node
// Draws the self-labelled held-out sample (tests/fixtures/heldout/postings.jsonl) from ../shared/corpus:
// ads that are in none of the shared dev sets, chosen by a seeded hash so the draw is reproducible.
//   node scripts/sample-heldout.mjs [--seed S] [--hn2026 N] [--hn2013 N] [--skillspan N]
// The labels themselves (roles, tags, strength) were made by reading these ads against the shared guidelines;
// see tests/fixtures/heldout/README.md.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const shared = requireShared('sample-heldout');
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
const seed = opt('seed', 'techdemand-heldout-v1');
const counts = { hn2026: Number(opt('hn2026', 60)), hn2013: Number(opt('hn2013', 60)), skillspan: Number(opt('skillspan', 30)) };

const readJsonl = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const devIds = new Set();
for (const f of ['dev.postings.jsonl', 'roles.dev.postings.jsonl']) for (const p of readJsonl(join(shared, 'eval', f))) devIds.add(String(p.id));
for (const g of readJsonl(join(shared, 'eval', 'strength.dev.gold.jsonl'))) devIds.add(String(g.id));

const rank = (id) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
function draw(ads, n, source) {
  return ads
    .filter((a) => !devIds.has(String(a.id)) && typeof a.text === 'string' && a.text.trim().length >= 80)
    .sort((a, b) => (rank(a.id) < rank(b.id) ? -1 : 1))
    .slice(0, n)
    .map((a) => ({ id: String(a.id), source, posted_at: a.posted_at ?? null, ...(a.title ? { title: a.title } : {}), text: a.text }));
}
const corpus = join(shared, 'corpus');
const out = [
  ...draw(readJsonl(join(corpus, 'hn-whoishiring-2026/postings.jsonl')), counts.hn2026, 'hn-2026'),
  ...draw(readJsonl(join(corpus, 'hn-whoishiring-2013-2018/postings.sample.jsonl')), counts.hn2013, 'hn-2013-2018'),
  ...draw(readJsonl(join(corpus, 'skillspan/postings.jsonl')), counts.skillspan, 'skillspan'),
];
const dir = join(ROOT, 'tests/fixtures/heldout');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'postings.jsonl'), out.map((p) => JSON.stringify(p)).join('\n') + '\n');
process.stderr.write(`sample-heldout: ${out.length} ads → tests/fixtures/heldout/postings.jsonl\n`);
