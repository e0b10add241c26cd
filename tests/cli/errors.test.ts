// Every command of the built CLI against bad input: an unknown flag, bad dates, unknown technologies, missing
// files, an empty database and a corrupt one. Each must answer with exit code 2 and ONE error line on stderr
// (commander may add hint lines in parentheses: "(Did you mean --role?)", "(run with --help for usage)"),
// no stack trace, and must leave a corrupt database file byte-for-byte unchanged.
//
// Commands and their options are read from `--help`, so a new command is covered without editing this file.
// By default a command is assumed to read stored postings (the strictest expectations); commands that need no
// database or that fill it are listed below.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { runCli, type CliResult } from './helpers.js';

/** Commands that never open the database. */
const NO_DATABASE = new Set(['init', 'tag', 'help']);
/** Commands that fill the database: an empty one is their normal start, and a missing one is created. */
const FILLS_DATABASE = new Set(['scrape', 'run', 'demo']);
/** Options a command cannot run without (so that the check under test is the one that fails). */
const REQUIRED_OPTIONS: Record<string, (files: Files) => string[]> = {
  gap: (f) => ['--profile', f.profile],
  run: (f) => ['--config', f.config],
  scrape: () => ['--base-url', 'http://127.0.0.1:9'], // a closed port: never the network
};
/** Output files: a path that does not exist yet is fine for them. */
const OUTPUT_OPTIONS = /output|where to write|write it/i;

interface Files {
  dir: string;
  profile: string;
  config: string;
}

interface Option {
  flag: string;
  placeholder: string | null;
  description: string;
}

interface CommandInfo {
  name: string;
  /** Required positional arguments, with whether they name technologies. */
  args: { name: string; tech: boolean; variadic: boolean }[];
  options: Option[];
}

function parseOptions(help: string): Option[] {
  const out: Option[] = [];
  const section = help.split(/\n(?=Options:)/)[1] ?? '';
  for (const line of section.split('\n').slice(1)) {
    const m = /^ {2}(?:-\w, )?(--[\w-]+)(?: <([^>]+)>| \[([^\]]+)\])?\s{2,}(.*)$/.exec(line);
    if (m) out.push({ flag: m[1]!, placeholder: m[2] ?? m[3] ?? null, description: m[4]! });
    else if (/^ {10,}\S/.test(line) && out.length > 0) out[out.length - 1]!.description += ' ' + line.trim();
  }
  return out;
}

function parseCommand(name: string, help: string): CommandInfo {
  const usage = /^Usage: techdemand \S+ (.*)$/m.exec(help)?.[1] ?? '';
  const argHelp = help.split(/\n(?=Arguments:)/)[1]?.split(/\n(?=Options:)/)[0] ?? '';
  const args = [...usage.matchAll(/<([\w-]+)(\.\.\.)?>/g)].map((m) => {
    const line = argHelp.split('\n').find((l) => l.trim().startsWith(m[1]!)) ?? '';
    return { name: m[1]!, tech: /technolog/i.test(line), variadic: m[2] !== undefined };
  });
  return { name, args, options: parseOptions(help) };
}

/** Valid placeholders for a command's required arguments: real technologies, or a posting id. */
function argsFor(c: CommandInfo): string[] {
  const techs = ['python', 'go'];
  let t = 0;
  return c.args.map((a) => (a.tech ? techs[t++ % techs.length]! : '1'));
}

function hasOption(c: CommandInfo, flag: string): boolean {
  return c.options.some((o) => o.flag === flag);
}

/** The error contract: exit 2, one error line (plus commander's parenthesised hints), no stack trace. */
function expectOneLineError(r: CliResult, label: string, mention?: string | RegExp): void {
  expect(r.code, `${label}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 300)}`).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length, `${label}: no error message`).toBeGreaterThan(0);
  const [first, ...rest] = lines;
  expect(first, label).toMatch(/^(techdemand|error): \S/);
  for (const l of rest) expect(l, `${label}: a second error line: ${r.stderr}`).toMatch(/^\(.*\)$/);
  expect(r.stderr, label).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr, label).not.toMatch(/internal error/i);
  if (typeof mention === 'string') expect(first, label).toContain(mention);
  else if (mention) expect(first, label).toMatch(mention);
}

// ------------------------------------------------------------------ setup

const dir = mkdtempSync(join(tmpdir(), 'techdemand-cli-errors-'));
const files: Files = { dir, profile: join(dir, 'me.yaml'), config: join(dir, 'techdemand.config.yaml') };
const demoDb = join(dir, 'demo.db');
const emptyFileDb = join(dir, 'empty-file.db');
const migratedEmptyDb = join(dir, 'migrated-empty.db');
/** Deterministic garbage: no SQLite header at all, and a valid header over garbage pages. */
const garbage = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 0xff));
const CORRUPT: [string, Buffer][] = [
  ['garbage bytes', garbage],
  ['an SQLite header over garbage pages', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.from([0x10, 0x00, 0x01, 0x01]), garbage])],
];

let commands: CommandInfo[] = [];

async function cli(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, { cwd: dir, ...(input !== undefined ? { input } : {}) });
}

/** Arguments that get a command past argument parsing, with a database. */
function baseArgs(c: CommandInfo, db: string): string[] {
  return ['--db', db, c.name, ...argsFor(c), ...(REQUIRED_OPTIONS[c.name]?.(files) ?? [])];
}

beforeAll(async () => {
  writeFileSync(files.profile, 'knows: {python: 4, postgres: 3}\n');
  writeFileSync(files.config, 'sources:\n  hn: { months: 1, baseUrl: "http://127.0.0.1:9" }\n');
  writeFileSync(emptyFileDb, '');
  openDatabase(migratedEmptyDb).close(); // what any writing command leaves before the first ad arrives
  const demo = await cli(['--db', demoDb, 'demo', '--out', join(dir, 'demo.html')]);
  expect(demo.code, demo.stderr).toBe(0);

  const help = await cli(['--help']);
  expect(help.code).toBe(0);
  const names = [...(help.stdout.split(/\n(?=Commands:)/)[1] ?? '').matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) {
    const h = await cli([name, '--help']);
    expect(h.code, `${name} --help`).toBe(0);
    commands.push(parseCommand(name, h.stdout));
  }
});

/** Commands from --help that match a predicate; evaluated inside tests (after beforeAll). */
function each(pred: (c: CommandInfo) => boolean = () => true): CommandInfo[] {
  const list = commands.filter(pred);
  expect(list.length).toBeGreaterThan(0);
  return list;
}

const usesDatabase = (c: CommandInfo) => !NO_DATABASE.has(c.name);
const readsPostings = (c: CommandInfo) => usesDatabase(c) && !FILLS_DATABASE.has(c.name);

// ------------------------------------------------------------------ the cases

describe('every command answers bad input with exit 2 and one line', () => {
  it('knows the commands from --help, including the analytics commands', () => {
    const names = commands.map((c) => c.name);
    for (const n of ['scrape', 'tag', 'top', 'report', 'explain', 'retag']) expect(names).toContain(n);
    for (const n of ['trend', 'compare', 'cooccur']) if (names.includes(n)) expect(commands.find((c) => c.name === n)!.args.some((a) => a.tech)).toBe(true);
  });

  it('an unknown flag', async () => {
    for (const c of each()) {
      const args = [...(usesDatabase(c) ? baseArgs(c, demoDb) : [c.name, ...argsFor(c)]), '--no-such-flag'];
      expectOneLineError(await cli(args), args.join(' '), '--no-such-flag');
    }
  });

  it('a missing required argument', async () => {
    for (const c of each((x) => x.args.length > 0)) {
      const args = ['--db', demoDb, c.name, ...argsFor(c).slice(0, -1)];
      expectOneLineError(await cli(args), args.join(' '), c.args[c.args.length - 1]!.name);
    }
  });

  it('bad dates for every --since and --until', async () => {
    for (const c of each((x) => hasOption(x, '--since') || hasOption(x, '--until'))) {
      for (const flag of ['--since', '--until'].filter((f) => hasOption(c, f))) {
        for (const bad of ['2016-13', 'March 2016', '']) {
          const db = readsPostings(c) ? demoDb : join(dir, `fresh-${c.name}.db`);
          const args = [...baseArgs(c, db), flag, bad];
          expectOneLineError(await cli(args), args.join(' '), flag);
        }
      }
      if (hasOption(c, '--since') && hasOption(c, '--until') && readsPostings(c)) {
        const args = [...baseArgs(c, demoDb), '--since', '2017-06', '--until', '2016-01'];
        expectOneLineError(await cli(args), args.join(' '), /--since|--until/);
      }
    }
  });

  it('bad period ranges (--before/--after FROM..TO)', async () => {
    for (const c of each((x) => hasOption(x, '--before') && hasOption(x, '--after'))) {
      for (const [before, after] of [['x..y', '2017-01..2017-12'], ['2016-01..2016-12', '2017-13..2017-14'], ['2016-12..2016-01', '2017-01..2017-12']]) {
        const args = [...baseArgs(c, demoDb), '--before', before!, '--after', after!];
        expectOneLineError(await cli(args), args.join(' '), /--before|--after/);
      }
    }
  });

  it('unknown technologies, with a suggestion', async () => {
    for (const c of each((x) => x.args.some((a) => a.tech))) {
      const args = ['--db', demoDb, c.name, ...argsFor(c)];
      const i = args.indexOf(argsFor(c)[0]!, 3);
      args[i] = 'javscript';
      const r = await cli(args);
      expectOneLineError(r, args.join(' '), 'javscript');
      expect(r.stderr, args.join(' ')).toMatch(/did you mean[^\n]*javascript/i);
    }
  });

  it('a missing input file (every <file> option that is read, and --db for readers)', async () => {
    const missing = join(dir, 'no-such-dir', 'missing.file');
    let checked = 0;
    for (const c of each()) {
      for (const o of c.options.filter((x) => x.placeholder === 'file' && !OUTPUT_OPTIONS.test(x.description))) {
        const base = usesDatabase(c) ? baseArgs(c, demoDb) : [c.name, ...argsFor(c)];
        // Replace a required option of the same name rather than passing it twice.
        const at = base.indexOf(o.flag);
        const args = at >= 0 ? [...base.slice(0, at), ...base.slice(at + 2)] : base;
        args.push(o.flag, missing);
        expectOneLineError(await cli(args), args.join(' '), 'missing.file');
        checked++;
      }
      if (readsPostings(c)) {
        const args = baseArgs(c, missing);
        expectOneLineError(await cli(args), args.join(' '), 'missing.file');
        expect(existsSync(missing), `${c.name} created the missing database`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('an empty database: a 0-byte file, and a migrated database without postings', async () => {
    for (const c of each(readsPostings)) {
      for (const db of [emptyFileDb, migratedEmptyDb]) {
        const args = baseArgs(c, db);
        expectOneLineError(await cli(args), args.join(' '), /empty|no postings|schema version 0|scrape/);
      }
    }
  });

  it('a corrupt database file, which is left byte-for-byte unchanged', async () => {
    for (const [kind, bytes] of CORRUPT) {
      const sub = join(dir, `corrupt-${kind.replace(/\W+/g, '-')}`);
      mkdirSync(sub, { recursive: true });
      const db = join(sub, 'corrupt.db');
      writeFileSync(db, bytes);
      const config = join(sub, 'run.yaml');
      writeFileSync(config, `database: ${db}\nsources:\n  hn: { months: 1, baseUrl: "http://127.0.0.1:9" }\n`);
      for (const c of each(usesDatabase)) {
        const args = [...baseArgs(c, db), ...(c.name === 'run' ? ['--config', config] : [])];
        expectOneLineError(await cli(args), `${kind}: ${args.join(' ')}`, /corrupt|not a techdemand database|damaged|malformed|not a database/i);
        expect(readFileSync(db).equals(bytes), `${kind}: ${c.name} changed the corrupt file`).toBe(true);
      }
    }
  });
});
