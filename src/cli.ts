#!/usr/bin/env node
// The techdemand binary: a thin commander layer over the programmatic API in src/app.ts.
// This is the only module that reads argv and the environment and sets exit codes (one error boundary).
import { Command, CommanderError, Option } from 'commander';
import { TechdemandError, UsageError } from './errors.js';
import { VERSION } from './version.js';
import * as app from './app.js';

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('techdemand')
    .description('Mine job ads for the technologies they ask for: scrape, tag, store, rank, trend and plan what to learn next.')
    .version(VERSION)
    .addOption(new Option('--db <path>', 'SQLite database file').env('TECHDEMAND_DB').default(app.DEFAULT_DB_FILE))
    .option('--json', 'machine-readable output: JSON lines / JSON documents, no progress bars')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const globals = (cmd: Command) => {
    const o = cmd.optsWithGlobals<{ db: string; json?: boolean }>();
    return { db: o.db, json: o.json === true, tty: process.stderr.isTTY === true, stdout: process.stdout };
  };

  program
    .command('scrape')
    .description('scrape a source into the database (HN "Who is hiring?" threads by default), tagging every ad')
    .option('--source <name>', 'source to scrape', 'hn')
    .option('--months <n>', 'number of most recent monthly threads (HN)', '3')
    .option('--since <YYYY-MM>', 'only threads/postings from this month on')
    .option('--base-url <url>', 'override the source API base URL (tests, replay server)', env('TECHDEMAND_HN_BASE_URL'))
    .option('--contact <text>', 'contact for the User-Agent header (e-mail or URL)', env('TECHDEMAND_CONTACT'))
    .addHelpText('after', '\nExample:\n  techdemand scrape --source hn --months 3\n')
    .action(async (opts, cmd: Command) => {
      await app.scrapeCommand({ ...globals(cmd), source: opts.source, months: opts.months, since: opts.since, baseUrl: opts.baseUrl, contact: opts.contact });
    });

  program
    .command('tag')
    .description('tag JSONL ads: {"id","text"|"html"} per line in, {"id","tags","mentions"} per line out')
    .option('--input <file>', 'input JSONL file (default: standard input)')
    .addHelpText('after', '\nExample:\n  techdemand tag --input postings.jsonl > tags.jsonl\n')
    .action(async (opts, cmd: Command) => {
      await app.tagCommand({ ...globals(cmd), input: opts.input });
    });

  program
    .command('top')
    .description('rank technologies by the share of postings that ask for them')
    .option('--category <id>', 'only this category (e.g. database, language, backend-framework)')
    .option('--since <YYYY-MM>', 'from this month (inclusive)')
    .option('--until <YYYY-MM>', 'to this month (inclusive)')
    .option('--source <names>', 'only these sources (comma-separated)')
    .option('--required', 'count only mentions classified as required')
    .option('--limit <n>', 'number of rows', '20')
    .option('--format <fmt>', 'table | json | csv | md', 'table')
    .addHelpText('after', '\nExample:\n  techdemand top --category database --since 2016-01 --format table\n')
    .action(async (opts, cmd: Command) => {
      await app.topCommand({ ...globals(cmd), ...opts });
    });

  program
    .command('report')
    .description('write the self-contained HTML trend report')
    .option('--out <file>', 'output HTML file', app.DEFAULT_REPORT_FILE)
    .option('--since <YYYY-MM>', 'from this month (inclusive)')
    .option('--until <YYYY-MM>', 'to this month (inclusive)')
    .addHelpText('after', '\nExample:\n  techdemand report --out reports/out/index.html\n')
    .action(async (opts, cmd: Command) => {
      await app.reportCommand({ ...globals(cmd), out: opts.out, since: opts.since, until: opts.until });
    });

  program
    .command('demo')
    .description('offline demo: replay the bundled HN snapshot through the real scraper, store, and write the report')
    .option('--out <file>', 'output HTML file', app.DEFAULT_REPORT_FILE)
    .addHelpText('after', '\nThe demo database defaults to .techdemand/demo.db unless --db is given.\n')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      const dbGiven = cmd.parent?.getOptionValueSource('db') !== 'default';
      await app.demoCommand({ ...g, db: dbGiven ? g.db : app.DEMO_DB_FILE, out: opts.out });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; every usage error with 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof TechdemandError) {
      process.stderr.write(`techdemand: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`techdemand: internal error: ${message}\n`);
    return 1;
  }
}

// Exported for tests; run when executed as the binary.
const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])(cli\.js|techdemand)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`techdemand: internal error: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

export { UsageError };
