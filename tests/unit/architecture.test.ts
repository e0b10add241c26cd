// The layout's rules, read from the code's own imports (issue 17):
//   - src/core/ (types, errors, ports, report data) imports nothing outside itself;
//   - scrapers/, taxonomy/, db/ and reports/ import only their own folder and src/core/ (never each other, never the
//     application in src/);
//   - no module imports itself back through others (no runtime import cycles; type-only imports do not count);
//   - only the CLI (src/cli.ts) reads the command line, the environment and sets the exit code.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PARTS = ['scrapers', 'taxonomy', 'db', 'reports'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(ROOT, dir))) {
    const p = join(dir, f);
    if (statSync(join(ROOT, p)).isDirectory()) { if (f !== 'out') out.push(...sources(p)); }
    else if (f.endsWith('.ts') && !f.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
const FILES = ['src', ...PARTS].flatMap(sources);

interface Import { spec: string; target: string | null; typeOnly: boolean }

/** Static and dynamic imports of a file, with their repository-relative target for relative specifiers. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts') : null;
    out.push({ spec, target, typeOnly });
  };
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) add(m[3]!, m[2] !== undefined);
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) add(m[1]!, false);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(m[1]!, false);
  return out;
}
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

describe('architecture', () => {
  it('src/core imports nothing outside itself', () => {
    const bad: string[] = [];
    for (const [file, imports] of GRAPH) {
      if (!file.startsWith('src/core/')) continue;
      for (const i of imports) if (i.target !== null && !i.target.startsWith('src/core/')) bad.push(`${file} → ${i.spec}`);
      for (const i of imports) if (i.target === null && !i.spec.startsWith('node:')) bad.push(`${file} → package ${i.spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('scrapers, taxonomy, db and reports import only their own folder and src/core', () => {
    const bad: string[] = [];
    for (const [file, imports] of GRAPH) {
      const part = PARTS.find((p) => file.startsWith(`${p}/`));
      if (!part) continue;
      for (const i of imports) {
        if (i.target === null) continue;
        if (!i.target.startsWith(`${part}/`) && !i.target.startsWith('src/core/')) bad.push(`${file} → ${i.spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no runtime import cycles', () => {
    const runtime = new Map([...GRAPH].map(([f, is]) => [f, is.filter((i) => !i.typeOnly && i.target !== null && GRAPH.has(i.target)).map((i) => i.target!)]));
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 1);
      stack.push(f);
      for (const t of runtime.get(f) ?? []) {
        if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of runtime.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('only the CLI reads argv and the environment and sets the exit code', () => {
    const bad: string[] = [];
    for (const file of FILES) {
      if (file === 'src/cli.ts') continue;
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/process\.(argv|env|exitCode|exit\()/g)) bad.push(`${file}: process.${m[1]}`);
    }
    expect(bad).toEqual([]);
  });

  it('the application reaches the storage engine only through src/storage.ts (the composition root of storage)', () => {
    // The tag worker encodes mentions in the embedded engine's format off the main thread (a bulk-load speed-up of
    // that engine); nothing else in src/ may reach an engine but src/storage.ts.
    const ENGINE_HELPERS = new Set(['src/tag-worker.ts']);
    const bad: string[] = [];
    for (const [file, imports] of GRAPH) {
      if (!file.startsWith('src/') || file.startsWith('src/core/') || file === 'src/storage.ts' || ENGINE_HELPERS.has(file)) continue;
      for (const i of imports) {
        if (i.target?.startsWith('db/') || i.spec === 'better-sqlite3') bad.push(`${file} → ${i.spec}`);
      }
    }
    expect(bad).toEqual([]);
    for (const f of ['src/run.ts', 'src/pipeline.ts', 'src/app.ts', 'src/report-builder.ts', 'src/commands/analytics.ts', 'src/commands/retag.ts']) expect(GRAPH.has(f), f).toBe(true);
  });

  it('the test sees every part (the rules are not vacuous)', () => {
    for (const p of ['src/core', ...PARTS]) expect(FILES.some((f) => f.startsWith(`${p}/`)), p).toBe(true);
    expect([...GRAPH.values()].flat().some((i) => i.target?.startsWith('src/core/'))).toBe(true);
  });
});
