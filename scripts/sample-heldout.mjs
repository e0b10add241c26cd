#!/usr/bin/env node
// Draws the self-labelled held-out sample (tests/fixtures/heldout/postings.jsonl) from ../shared/corpus:
// ads that are in none of the shared dev sets, chosen by a seeded hash so the draw is reproducible. Two draws:
// "techdemand-heldout-v1" (60 HN 2026, 60 HN 2013-18, 30 SkillSpan: labelled for technologies, roles and
// strength), "techdemand-heldout-v2" (50 / 50 / 20 more, outside the first: roles and strength) and
// "techdemand-heldout-v3" (45 / 45 / 20 more: roles and strength, scored once before any rule was fitted to them).
//   node scripts/sample-heldout.mjs
// The labels themselves (roles, tags, strength) were made by reading these ads against the shared guidelines;
// see tests/fixtures/heldout/README.md.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const shared = requireShared('sample-heldout');
const DRAWS = [
  { seed: 'techdemand-heldout-v1', hn2026: 60, hn2013: 60, skillspan: 30 },
  { seed: 'techdemand-heldout-v2', hn2026: 50, hn2013: 50, skillspan: 20 },
  { seed: 'techdemand-heldout-v3', hn2026: 45, hn2013: 45, skillspan: 20 },
];

const readJsonl = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const devIds = new Set();
for (const f of ['dev.postings.jsonl', 'roles.dev.postings.jsonl']) for (const p of readJsonl(join(shared, 'eval', f))) devIds.add(String(p.id));
for (const g of readJsonl(join(shared, 'eval', 'strength.dev.gold.jsonl'))) devIds.add(String(g.id));

function draw(seed, ads, n, source) {
  const rank = (id) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return ads
    .filter((a) => !devIds.has(String(a.id)) && typeof a.text === 'string' && a.text.trim().length >= 80)
    .sort((a, b) => (rank(a.id) < rank(b.id) ? -1 : 1))
    .slice(0, n)
    .map((a) => ({ id: String(a.id), source, posted_at: a.posted_at ?? null, ...(a.title ? { title: a.title } : {}), text: a.text }));
}
const corpus = join(shared, 'corpus');
const sources = {
  hn2026: [readJsonl(join(corpus, 'hn-whoishiring-2026/postings.jsonl')), 'hn-2026'],
  hn2013: [readJsonl(join(corpus, 'hn-whoishiring-2013-2018/postings.sample.jsonl')), 'hn-2013-2018'],
  skillspan: [readJsonl(join(corpus, 'skillspan/postings.jsonl')), 'skillspan'],
};
const out = [];
for (const d of DRAWS) {
  for (const key of ['hn2026', 'hn2013', 'skillspan']) {
    const [ads, source] = sources[key];
    const drawn = draw(d.seed, ads, d[key], source);
    for (const a of drawn) devIds.add(a.id); // the next draw stays outside this one
    out.push(...drawn);
  }
}
const dir = join(ROOT, 'tests/fixtures/heldout');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'postings.jsonl'), out.map((p) => JSON.stringify(p)).join('\n') + '\n');
process.stderr.write(`sample-heldout: ${out.length} ads → tests/fixtures/heldout/postings.jsonl\n`);
