#!/usr/bin/env node
// npm run eval: runs `techdemand tag` (the real CLI) on the shared dev sets and on the self-labelled held-out set,
// and scores technologies, roles and requirement strength with the shared scorers:
//   tags      ../shared/eval/dev.postings.jsonl        ../shared/eval/score.mjs
//   strength  the same tag output                      ../shared/eval/score-strength.mjs
//   roles     ../shared/eval/roles.dev.postings.jsonl  ../shared/eval/score-roles.mjs
// and the same three on tests/fixtures/heldout (ads outside every dev set, labelled by the same guidelines; see
// its README): dev figures flatter rules written while reading dev, the held-out ones show by how much.
//   npm run eval [-- --json] [-- --dev-only]
//   npm run eval -- --review [--n 300] [--seed S] | --score FILE | --keep FILE   (ids outside labels.tsv; see review-sample.mjs)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

// `npm run eval -- --review …`: the sample of mentions of ids outside labels.tsv (scripts/review-sample.mjs).
if (process.argv.includes('--review')) {
  const { spawnSync: run } = await import('node:child_process');
  const r = run(process.execPath, [join(ROOT, 'scripts', 'review-sample.mjs'), ...process.argv.slice(2).filter((a) => a !== '--review')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const shared = requireShared('npm run eval');
const evalDir = join(shared, 'eval');
const heldout = join(ROOT, 'tests', 'fixtures', 'heldout');
const asJson = process.argv.includes('--json');
const devOnly = process.argv.includes('--dev-only');
const tmp = mkdtempSync(join(tmpdir(), 'techdemand-eval-'));

function need(f) {
  if (!existsSync(f)) { process.stderr.write(`npm run eval: missing ${f}\n`); process.exit(2); }
  return f;
}

/** `techdemand tag` over one JSONL file; returns the output file. */
function tag(input, name) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'tag', '--input', need(input)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(r.status ?? 1); }
  const out = join(tmp, `${name}.jsonl`);
  writeFileSync(out, r.stdout);
  return out;
}

/** One shared scorer, as a table or as JSON. */
function score(scorer, gold, predictions) {
  const args = [need(join(evalDir, scorer)), need(gold), predictions, ...(asJson ? ['--json'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(r.status ?? 1); }
  return asJson ? JSON.parse(r.stdout) : r.stdout.trimEnd();
}

const devTags = tag(join(evalDir, 'dev.postings.jsonl'), 'dev');
const devRoles = tag(join(evalDir, 'roles.dev.postings.jsonl'), 'roles-dev');
const sections = [
  ['technologies, dev (../shared/eval/dev.gold.jsonl)', score('score.mjs', join(evalDir, 'dev.gold.jsonl'), devTags)],
  ['requirement strength, dev (../shared/eval/strength.dev.gold.jsonl)', score('score-strength.mjs', join(evalDir, 'strength.dev.gold.jsonl'), devTags)],
  ['roles, dev (../shared/eval/roles.dev.gold.jsonl)', score('score-roles.mjs', join(evalDir, 'roles.dev.gold.jsonl'), devRoles)],
];
if (!devOnly) {
  const held = tag(join(heldout, 'postings.jsonl'), 'heldout');
  sections.push(
    ['technologies, self-labelled held-out (tests/fixtures/heldout/tags.gold.jsonl)', score('score.mjs', join(heldout, 'tags.gold.jsonl'), held)],
    ['requirement strength, self-labelled held-out (tests/fixtures/heldout/strength.gold.jsonl)', score('score-strength.mjs', join(heldout, 'strength.gold.jsonl'), held)],
    ['roles, self-labelled held-out (tests/fixtures/heldout/roles.gold.jsonl)', score('score-roles.mjs', join(heldout, 'roles.gold.jsonl'), held)],
  );
}

if (asJson) {
  process.stdout.write(JSON.stringify(Object.fromEntries(sections.map(([title, result]) => [title, result])), null, 2) + '\n');
} else {
  for (const [title, result] of sections) process.stdout.write(`\n== ${title}\n${result}\n`);
  process.stdout.write(`\npredictions: ${tmp}\n`);
}
