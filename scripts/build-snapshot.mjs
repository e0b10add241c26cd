#!/usr/bin/env node
// Builds data/hn-snapshot.json.gz, the HN snapshot the replay server serves for tests and the demo,
// from the real ads in ../shared (read-only; the product never needs ../shared at run time).
//
//   node scripts/build-snapshot.mjs [--shared ../shared] [--out data/hn-snapshot.json.gz] [--per-month 64]
//
// Deterministic: the same inputs give a byte-identical file (seeded hash sampling, gzip without a
// timestamp). What is sampled and what is reconstructed is documented in data/PROVENANCE.md.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const args = { shared: resolve(ROOT, '../shared'), out: resolve(ROOT, 'data/hn-snapshot.json.gz'), perMonth: 64 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--shared' && value) args.shared = resolve(value);
    else if (flag === '--out' && value) args.out = resolve(value);
    else if (flag === '--per-month' && /^[1-9]\d*$/.test(value ?? '')) args.perMonth = Number(value);
    else {
      console.error(`build-snapshot: unknown or incomplete argument "${flag}" (flags: --shared DIR, --out FILE, --per-month N)`);
      process.exit(2);
    }
    i++; // every flag takes one value
  }
  return args;
}

const SEED = 'techdemand-hn-snapshot-v1';
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const args = parseArgs(process.argv.slice(2));
const paths = {
  stories: resolve(args.shared, 'source-samples/hn-algolia/whoishiring_stories_2011-03_to_2023-09_derived.json'),
  storiesPage0: resolve(args.shared, 'source-samples/hn-algolia/search_by_date_whoishiring_page0.json'),
  hn2011: resolve(args.shared, 'corpus/hn-hiringtrends-ryanwi/postings-2011-04.jsonl'),
  hn2013: resolve(args.shared, 'corpus/hn-whoishiring-2013-2018/postings.sample.jsonl'),
  hn2026: resolve(args.shared, 'corpus/hn-whoishiring-2026/postings.jsonl'),
};

for (const path of Object.values(paths)) {
  if (!existsSync(path)) {
    console.error(`build-snapshot: missing input ${path} (pass --shared DIR pointing at the shared data folder)`);
    process.exit(2);
  }
}

function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (err) {
        throw new Error(`${path}:${i + 1}: ${err.message}`);
      }
    });
}

function rank(id) {
  return createHash('sha256').update(`${SEED}:${id}`).digest('hex');
}

/** Deterministic sample of `n` ads (all when fewer), returned in id order. */
function sample(ads, n) {
  return [...ads]
    .sort((a, b) => (rank(a.id) < rank(b.id) ? -1 : 1))
    .slice(0, n)
    .sort((a, b) => Number(a.id) - Number(b.id));
}

function monthOfTitle(title) {
  const m = /\((\w+) (\d{4})\)/.exec(title);
  if (!m) return null;
  const index = MONTH_NAMES.findIndex((name) => name.toLowerCase() === m[1].toLowerCase());
  return index < 0 ? null : `${m[2]}-${String(index + 1).padStart(2, '0')}`;
}

function nextMonthStart(month) {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) / 1000;
}

function byMonth(ads, monthOf) {
  const map = new Map();
  for (const ad of ads) {
    const month = monthOf(ad);
    if (!map.has(month)) map.set(month, []);
    map.get(month).push(ad);
  }
  return map;
}

// ---------------------------------------------------------------- stories

const derived = JSON.parse(readFileSync(paths.stories, 'utf8'));
const page0 = JSON.parse(readFileSync(paths.storiesPage0, 'utf8'));
const storyText = new Map(page0.hits.map((h) => [h.objectID, h.story_text]));
const stories = derived.map((s) => ({
  id: Number(s.objectID),
  title: s.title,
  author: s.author,
  created_at_i: s.created_at_i,
  points: s.points,
  num_comments: s.num_comments,
  ...(storyText.get(s.objectID) ? { text: storyText.get(s.objectID) } : {}),
}));

// September 2023's companion threads: ids and titles are named in that month's real story_text
// ("Who wants to be hired?" 37351665, "Freelancer? Seeking freelancer?" 37351666); their times are
// reconstructed (posted together with the hiring thread, 37351667). They make the title filter face
// the real mix whoishiring posts every month.
const sept2023 = derived.find((s) => s.objectID === '37351667');
stories.push(
  { id: 37351665, title: 'Ask HN: Who wants to be hired? (September 2023)', author: 'whoishiring', created_at_i: sept2023.created_at_i - 2, points: null, num_comments: null },
  { id: 37351666, title: 'Ask HN: Freelancer? Seeking freelancer? (September 2023)', author: 'whoishiring', created_at_i: sept2023.created_at_i - 1, points: null, num_comments: null },
);

const hiringStoryByMonth = new Map();
for (const s of derived) {
  if (!/^ask hn: who is hiring\? \(/i.test(s.title)) continue;
  hiringStoryByMonth.set(monthOfTitle(s.title), s);
}

// ---------------------------------------------------------------- comments

const comments = [];
const perMonthCounts = [];

function addComment(ad, storyId, createdAtI) {
  comments.push({ id: Number(ad.id), parent_id: storyId, story_id: storyId, author: ad.by, created_at_i: createdAtI, text: ad.html });
}

// April 2011 (hiringtrends, exact times): the oldest thread, title "Who is Hiring?".
{
  const ads = readJsonl(paths.hn2011).filter((a) => a.thread_id === '2396027' && a.by && a.html);
  const chosen = sample(ads, args.perMonth);
  for (const ad of chosen) addComment(ad, 2396027, Math.floor(Date.parse(ad.posted_at) / 1000));
  perMonthCounts.push(['2011-04', '2396027', 'hn-hiringtrends-ryanwi', ads.length, chosen.length, 'exact']);
}

// 2013-08 … 2018-04 (hn-hiring-mapped sample, month precision): times synthesised inside the month.
{
  const ads = readJsonl(paths.hn2013);
  for (const [month, monthAds] of [...byMonth(ads, (a) => a.thread_month)].sort()) {
    const story = hiringStoryByMonth.get(month);
    if (!story) throw new Error(`no whoishiring thread for ${month} in ${paths.stories}`);
    const chosen = sample(monthAds, args.perMonth);
    // Spread the ads over the thread's first days in id order (HN ids grow with time), with a
    // hash-derived jitter, never past the end of the month: month-level trends stay exact.
    const start = story.created_at_i + 30;
    const span = Math.min(9 * 86400, nextMonthStart(month) - 60 - start);
    chosen.forEach((ad, r) => {
      const jitter = parseInt(rank(ad.id).slice(0, 8), 16) / 0x100000000;
      addComment(ad, Number(story.objectID), start + Math.floor(((r + jitter) * span) / chosen.length));
    });
    perMonthCounts.push([month, story.objectID, 'hn-whoishiring-2013-2018', monthAds.length, chosen.length, 'synthesised in month']);
  }
}

// 2026-01 … 2026-05 (hn-jobs-data, exact times); thread ids and titles from the corpus. Every 2026 ad is kept, not
// a per-month sample: the demo's "now" (its latest 12 months) is 2026, and the learner's market there needs
// hundreds of backend and full-stack ads for its shares to mean anything.
{
  const ads = readJsonl(paths.hn2026).filter((a) => a.source === 'hn-whoishiring' && a.by && a.html);
  for (const [threadId, threadAds] of [...byMonth(ads, (a) => a.thread_id)].sort()) {
    const title = threadAds[0].thread_title;
    const month = monthOfTitle(title);
    const times = threadAds.map((a) => Math.floor(Date.parse(a.posted_at) / 1000));
    // Story time is not in the corpus: reconstructed as one minute before the thread's first ad.
    stories.push({ id: Number(threadId), title, author: 'whoishiring', created_at_i: Math.min(...times) - 60, points: null, num_comments: null });
    const chosen = sample(threadAds, threadAds.length);
    for (const ad of chosen) addComment(ad, Number(threadId), Math.floor(Date.parse(ad.posted_at) / 1000));
    perMonthCounts.push([month, threadId, 'hn-whoishiring-2026', threadAds.length, chosen.length, 'exact']);
  }
}

// ---------------------------------------------------------------- checks and output

const ids = new Set();
for (const item of [...stories, ...comments]) {
  if (ids.has(item.id)) throw new Error(`duplicate id ${item.id}`);
  ids.add(item.id);
}
const storyById = new Map(stories.map((s) => [s.id, s]));
for (const c of comments) {
  const story = storyById.get(c.story_id);
  const month = monthOfTitle(story.title);
  const at = new Date(c.created_at_i * 1000).toISOString().slice(0, 7);
  // Holds for the real timestamps too (no sampled ad was posted after its thread's month); the
  // integration tests rely on "posted month = thread month" for this snapshot.
  if (at !== month) {
    throw new Error(`comment ${c.id} at ${at} outside its thread month ${month}`);
  }
}
stories.sort((a, b) => b.created_at_i - a.created_at_i || b.id - a.id);
comments.sort((a, b) => a.story_id - b.story_id || a.created_at_i - b.created_at_i || a.id - b.id);

const snapshot = {
  format: 'techdemand-hn-snapshot',
  version: 1,
  description:
    'Real HN "Ask HN: Who is hiring?" ads (top-level comments) and whoishiring thread stories, ' +
    `${args.perMonth} ads per month at most before 2026, every ad of 2026. Sources, licences and what was reconstructed: data/PROVENANCE.md.`,
  stories,
  comments,
};
const gz = gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'), { level: 9 });
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, gz);

console.log('month\tthread\tcorpus\tavailable\tsampled\ttimes');
for (const row of perMonthCounts) console.log(row.join('\t'));
console.log(`stories ${stories.length}, comments ${comments.length}, months ${perMonthCounts.length}, ${gz.length} bytes → ${args.out}`);
