#!/usr/bin/env node
// npm run eval: tags ../shared/eval/dev.postings.jsonl with `techdemand tag` (the real CLI) and scores it
// with ../shared/eval/score.mjs. Pass --json for the scorer's machine-readable output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireShared } from './shared.mjs';

const shared = requireShared('npm run eval');
const evalDir = join(shared, 'eval');
const postings = process.env.EVAL_POSTINGS ?? join(evalDir, 'dev.postings.jsonl');
const gold = process.env.EVAL_GOLD ?? join(evalDir, 'dev.gold.jsonl');
for (const f of [postings, gold, join(evalDir, 'score.mjs')]) {
  if (!existsSync(f)) { process.stderr.write(`npm run eval: missing ${f}\n`); process.exit(2); }
}
const out = join(mkdtempSync(join(tmpdir(), 'techdemand-eval-')), 'predictions.jsonl');
const tag = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'tag', '--input', postings], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (tag.status !== 0) { process.stderr.write(tag.stderr); process.exit(tag.status ?? 1); }
writeFileSync(out, tag.stdout);
const args = [join(evalDir, 'score.mjs'), gold, out, ...process.argv.slice(2)];
const score = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (!process.argv.includes('--json')) process.stdout.write(`\npredictions: ${out}\n`);
process.exit(score.status ?? 1);
