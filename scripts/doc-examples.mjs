#!/usr/bin/env node
// Keeps the examples in README.md and docs/*.md true: every block marked
//
//   <!-- example: top --category database --limit 8 -->
//   ```
//   $ npx techdemand --db .techdemand/demo.db top --category database --limit 8
//   …output…
//   ```
//
// is the real output of that command on the demo database. `npm run docs` rewrites the blocks; `--check` (what
// tests/cli/doc-examples.test.ts runs) exits 1 naming every block whose text differs from the command's output.
//
//   node scripts/doc-examples.mjs [--check] [--db FILE] [--file F.md …]     (default --db .techdemand/demo.db; run `npm run demo` first)
//
// Marker forms: `<!-- example: ARGS -->` runs `techdemand --db DB ARGS`; `<!-- example: ARGS < FILE -->` feeds FILE
// (relative to the repository) on stdin and shows it as `cat FILE | npx techdemand ARGS`; `<!-- example: npm run eval
// -- ARGS -->` runs scripts/eval.mjs (it needs ../shared; without it such blocks are left as they are).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT, SHARED } from './shared.mjs';

const argv = process.argv.slice(2);
const check = argv.includes('--check');
const dbAt = argv.indexOf('--db');
const db = resolve(dbAt >= 0 ? argv[dbAt + 1] : join(ROOT, '.techdemand', 'demo.db'));
const SHOWN_DB = '.techdemand/demo.db';
// Commands that depend on today's date (partial months, movers, learning-order months) run as on this day, so the
// examples do not drift with the calendar; the README says so.
const EXAMPLES_DATE = '2026-12-05';
if (!existsSync(db)) {
  process.stderr.write(`doc-examples: no database at ${db}: run "npm run demo" first (or pass --db)\n`);
  process.exit(2);
}

// --file F (repeatable) limits the run to those files (the test checks that a changed output is caught).
const onlyFiles = argv.flatMap((a, i) => (a === '--file' ? [resolve(argv[i + 1])] : []));
const files = onlyFiles.length > 0
  ? onlyFiles
  : [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
const BLOCK = /<!-- example: (.+?) -->\n```[a-z]*\n(?:[\s\S]*?\n)??```/g;

/** Splits a marker's argument string the way a shell would for these simple cases: spaces, '…' and "…" quotes. */
function splitArgs(s) {
  const out = [];
  for (const m of s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** `npm run eval [-- ARGS]`: the real eval script; null when ../shared (its data) is absent. */
function runEval(spec) {
  if (!existsSync(SHARED)) return null;
  const args = splitArgs(spec.replace(/^npm run eval\s*(--)?/, ''));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'eval.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(`doc-examples: "${spec}" failed: ${r.stderr}`);
    process.exit(1);
  }
  // The temporary folder of the predictions differs on every run.
  const output = r.stdout.split('\n').filter((l) => !l.startsWith('predictions:')).join('\n').trim();
  return `$ ${spec}\n${output}`;
}

function run(spec) {
  if (spec.startsWith('npm run eval')) return runEval(spec);
  const [argPart, stdinFile] = spec.split(/\s+<\s+/);
  const args = splitArgs(argPart.trim());
  const input = stdinFile ? readFileSync(join(ROOT, stdinFile.trim()), 'utf8') : undefined;
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), '--db', db, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1', TECHDEMAND_DB: '', TECHDEMAND_NOW: EXAMPLES_DATE },
    maxBuffer: 1 << 26,
  });
  const shownCmd = stdinFile ? `cat ${stdinFile.trim()} | npx techdemand ${argPart.trim()}` : `npx techdemand --db ${SHOWN_DB} ${argPart.trim()}`;
  // Paths on this machine become the repository-relative ones a reader sees.
  const output = `${r.stdout}${r.status !== 0 ? r.stderr : ''}`.split(ROOT + '/').join('').split(db).join(SHOWN_DB).trimEnd();
  const exit = r.status !== 0 ? `\n$ echo $?\n${r.status}` : '';
  return `$ ${shownCmd}\n${output}${exit}`;
}

let stale = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  let changed = false;
  const next = text.replace(BLOCK, (block, spec) => {
    const fence = /```([a-z]*)\n/.exec(block)[1];
    const output = run(spec);
    if (output === null) {
      process.stderr.write(`doc-examples: ${SHARED} is absent: "${spec}" left as it is\n`);
      return block;
    }
    const fresh = `<!-- example: ${spec} -->\n\`\`\`${fence}\n${output}\n\`\`\``;
    if (fresh !== block) {
      changed = true;
      stale++;
      if (check) process.stderr.write(`${relative(ROOT, file)}: the example "${spec}" differs from the command's output\n`);
    }
    return fresh;
  });
  if (changed && !check) writeFileSync(file, next);
}
if (check && stale > 0) {
  process.stderr.write(`doc-examples: ${stale} example(s) out of date: run "npm run docs" to refresh them\n`);
  process.exit(1);
}
if (!check) process.stderr.write(`doc-examples: ${stale} example(s) refreshed\n`);
