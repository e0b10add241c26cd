#!/usr/bin/env node
// The techdemand binary: a thin commander layer over the programmatic API in src/app.ts.
// This is the only module that reads argv and the environment and sets exit codes (one error boundary).
import { Command, CommanderError, Option } from 'commander';
import { TechdemandError, UsageError } from './core/errors.js';
import { VERSION } from './version.js';
import { visibleControls } from './terminal-text.js';
import { configureTaxonomyCache } from './taxonomy-source.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
// Only commander and these light modules load at start-up: each command imports what it runs when it runs, so a
// query does not pay for the sources, HTTP, the report renderer or the browser (issue 16: start-up).
import { DEFAULT_CONFIG_FILE, DEFAULT_DB_FILE, DEFAULT_REPORT_FILE, DEMO_DB_FILE } from './paths.js';
import { SOURCE_NAMES } from '../scrapers/source-names.js';
import { configureChromium } from '../scrapers/browser-config.js';
import { filterFlags, registerAnalyticsCommands } from './commands/analytics-cli.js';
import { ROLE_FLAG_HELP } from './role-list.js';

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/**
 * TECHDEMAND_NOW=YYYY-MM-DD makes the commands that depend on today's date (partial months, movers, learning-order
 * months) answer as on that day: reproducible output for the README's examples and for comparing runs.
 */
function fixedNow(): Date | undefined {
  const v = env('TECHDEMAND_NOW');
  if (v === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== v) throw new UsageError(`TECHDEMAND_NOW must be a date YYYY-MM-DD, got "${v}"`);
  return d;
}

/** Whether the user chose the database (--db or a non-empty TECHDEMAND_DB); an empty one counts as not given. */
function dbGiven(cmd: Command): boolean {
  const root = cmd.parent ?? cmd;
  return root.getOptionValueSource('db') !== 'default' && root.opts<{ db: string }>().db !== '';
}

/** Commands that create or fill a database: they never fall back to the demo database. */
const WRITERS = new Set(['run', 'init', 'scrape', 'demo', 'tag']);

/**
 * The database a reading command opens. A newcomer runs `npm run demo` and then `npx techdemand top`: with no --db,
 * no TECHDEMAND_DB and no ./techdemand.db, the demo database is what they mean, so readers fall back to it and say
 * so on stderr (stdout stays clean for --json and pipes). Writers keep ./techdemand.db so a scrape never lands in
 * the demo's database by accident.
 */
function readerDb(cmd: Command, given: string): string {
  const db = given === '' ? DEFAULT_DB_FILE : given;
  if (WRITERS.has(cmd.name()) || dbGiven(cmd)) return db;
  if (existsSync(db) || !existsSync(DEMO_DB_FILE)) return db;
  process.stderr.write(`techdemand: no ${db} here, reading the demo database ${DEMO_DB_FILE} (pass --db to choose another)\n`);
  return DEMO_DB_FILE;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('techdemand')
    .description('Mine job ads for the technologies they ask for: scrape, tag, store, rank, trend and plan what to learn next.')
    .version(VERSION)
    .addOption(new Option('--db <path>', 'SQLite database file, or a postgres:// URL of a shared server').env('TECHDEMAND_DB').default(DEFAULT_DB_FILE))
    .option('--json', 'machine-readable output: JSON lines / JSON documents, no progress bars')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const globals = (cmd: Command) => {
    const o = cmd.optsWithGlobals<{ db: string; json?: boolean }>();
    const now = fixedNow();
    return { db: readerDb(cmd, o.db), json: o.json === true, tty: process.stderr.isTTY === true, stdout: process.stdout, color: env('NO_COLOR') === undefined, ...(now ? { now } : {}) };
  };

  program
    .command('run')
    .description('collect every source in the config: scrape, tag, store, report; for cron and systemd timers')
    .option('--config <file>', 'config file (write one with "techdemand init")', env('TECHDEMAND_CONFIG') ?? DEFAULT_CONFIG_FILE)
    .option('--wait', 'if another run holds the lock, wait for it instead of exiting')
    .option('--force', 'also run sources not due yet (terms-limited boards) and accept sources that suddenly list nothing')
    .option('--no-report', 'do not write the report after the run')
    .option('--lease-ttl <seconds>', 'PostgreSQL: how long a unit stays claimed by a collector that stopped answering (default 60)')
    .addHelpText('after', '\nExit codes: 0 all sources ok, 3 some failed or were flagged, 1 another run holds the lock, 2 bad config.\nExample (crontab):\n  17 * * * * cd /srv/techdemand && techdemand run --config techdemand.config.yaml --json >> run.log 2>&1\n')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      // An explicit --db (or TECHDEMAND_DB) wins over the config's database; an empty one counts as not given.
      const { runCommand } = await import('./commands/run.js');
      await runCommand({
        config: opts.config,
        ...(dbGiven(cmd) ? { db: g.db } : {}),
        defaultDb: DEFAULT_DB_FILE,
        json: g.json,
        tty: g.tty,
        stdout: g.stdout,
        wait: opts.wait === true,
        force: opts.force === true,
        report: opts.report !== false,
        ...(opts.leaseTtl !== undefined ? { leaseTtl: String(opts.leaseTtl) } : {}),
      });
    });

  program
    .command('init')
    .description('write a commented starter config with real companies on each ATS')
    .option('--config <file>', 'where to write it', env('TECHDEMAND_CONFIG') ?? DEFAULT_CONFIG_FILE)
    .option('--force', 'overwrite an existing file')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      const { initCommand } = await import('./commands/init.js');
      initCommand({ config: opts.config, force: opts.force === true, json: g.json, stdout: g.stdout });
    });

  program
    .command('scrape')
    .description('scrape a source into the database (HN "Who is hiring?" threads by default), tagging every ad')
    .option('--source <name>', `source to scrape: ${SOURCE_NAMES.join(', ')}`, 'hn')
    .option('--months <n>', 'number of most recent monthly threads (HN)', '3')
    .option('--since <YYYY-MM>', 'only threads/postings from this month on')
    .option('--board <token>', 'the employer\'s board for ATS sources (greenhouse, lever, ashby, smartrecruiters, recruitee, workable)')
    .option('--region <region>', 'lever only: us or eu')
    .option('--url <url...>', 'page URLs for the careers and rendered sources')
    .option('--base-url <url>', 'override the source API base URL (tests, replay server)', env('TECHDEMAND_HN_BASE_URL'))
    .option('--contact <text>', 'contact for the User-Agent header (e-mail or URL)', env('TECHDEMAND_CONTACT'))
    .option('--workers <n>', 'tag on n worker threads while the main thread stores (bulk backfills; default 0: in-line)')
    .addHelpText('after', '\nExamples:\n  techdemand scrape --source hn --months 3\n  techdemand scrape --source hn --months 120 --workers 2\n  techdemand scrape --source greenhouse --board vercel\n')
    .action(async (opts, cmd: Command) => {
      const { scrapeCommand } = await import('./commands/scrape.js');
      await scrapeCommand({
        ...globals(cmd),
        source: opts.source,
        months: opts.months,
        since: opts.since,
        baseUrl: opts.baseUrl,
        contact: opts.contact,
        board: opts.board,
        region: opts.region,
        urls: opts.url,
        workers: opts.workers,
      });
    });

  program
    .command('tag')
    .description('tag JSONL ads: {"id","text"|"html"} per line in, {"id","tags","mentions"} per line out')
    .option('--input <file>', 'input JSONL file (default: standard input)')
    .addHelpText('after', '\nExample:\n  techdemand tag --input postings.jsonl > tags.jsonl\n')
    .action(async (opts, cmd: Command) => {
      await (await import('./commands/tag.js')).tagCommand({ ...globals(cmd), input: opts.input });
    });

  filterFlags(
    program
      .command('top')
      .description('rank technologies by the share of postings that ask for them'),
    { denominators: 'jobs (unique ads, default) | postings | companies; --count is the same', minSupport: false },
  )
    .option('--all-time', 'rank over every month instead of the latest 12 months with data')
    .option('--limit <n>', 'number of rows', '20')
    .addHelpText('after', '\nBy default the ranking covers the latest 12 months with data (said under the table); --since/--until or\n--all-time choose another window.\n\nExample:\n  techdemand top --category database --format table\n')
    .action(async (opts, cmd: Command) => {
      await (await import('./commands/top.js')).topCommand({ ...globals(cmd), ...opts });
    });

  // trend, compare, movers, cooccur, stacks, gap (src/commands/analytics-cli.ts).
  registerAnalyticsCommands(program, globals);

  program
    .command('explain')
    .description('print one stored posting with its technology mentions highlighted, and the rule behind each')
    .argument('<posting>', 'numeric posting id or source:externalId (e.g. hn:12345)')
    .addHelpText('after', '\nExample (a posting of the demo database):\n  techdemand explain hn:47976903\n')
    .action(async (posting: string, _opts, cmd: Command) => {
      await (await import('./commands/explain.js')).explainCommand({ ...globals(cmd), posting });
    });

  program
    .command('retag')
    .description('re-tag stored postings with the current taxonomy, without scraping again')
    .option('--all', 're-tag every posting, not only those tagged with another taxonomy version')
    .action(async (opts, cmd: Command) => {
      await (await import('./commands/retag.js')).retagCommand({ ...globals(cmd), all: opts.all === true });
    });

  program
    .command('suggest')
    .description('list frequent technology-looking terms in stored ads that the taxonomy does not know yet')
    .option('--source <names>', 'only ads of these sources (comma-separated)')
    .option('--since <YYYY-MM>', 'only ads from this month (inclusive)')
    .option('--until <YYYY-MM>', 'only ads up to this month (inclusive)')
    .option('--min-docs <n>', 'ignore terms found in fewer ads', '3')
    .option('--limit <n>', 'number of terms', '40')
    .option('--format <fmt>', 'table | json | csv | md (default table; json with --json)')
    .addHelpText('after', '\nExample:\n  techdemand suggest --limit 20\n')
    .action(async (opts, cmd: Command) => {
      await (await import('./commands/suggest.js')).suggestCommand({ ...globals(cmd), limit: opts.limit, minDocs: opts.minDocs, source: opts.source, since: opts.since, until: opts.until, format: opts.format });
    });

  program
    .command('report')
    .description('write the self-contained HTML trend report')
    .option('--out <file>', 'output HTML file', DEFAULT_REPORT_FILE)
    .option('--since <YYYY-MM>', 'from this month (inclusive)')
    .option('--until <YYYY-MM>', 'to this month (inclusive)')
    .option('--source <names>', 'only these sources (comma-separated)')
    .option('--role <roles>', ROLE_FLAG_HELP)
    .option('--remote', 'only remote ads')
    .option('--no-remote', 'only ads that are not remote')
    .option('--company <name>', 'only ads of this company')
    .option('--denominator <unit>', 'what a share counts: jobs (unique ads, default) | postings | companies')
    .option('--profile <file>', 'add the learner section for this profile YAML (see examples/profile.yaml)')
    .option('--all-time', 'headline and demand panels over every month instead of the latest 12 months with data')
    .option('--archive', 'also keep this report in the archive folder beside --out (the newest 100 are kept)')
    .addHelpText('after', '\nA small summary of every report is kept in <folder of --out>/archive (the newest 24): the next report of the\nsame filters shows what changed since.\n\nExamples:\n  techdemand report --out reports/out/index.html\n  techdemand report --profile examples/profile.yaml --role backend\n')
    .action(async (opts, cmd: Command) => {
      const { reportCommand } = await import('./commands/analytics.js');
      await reportCommand({ ...globals(cmd), ...opts });
    });

  program
    .command('demo')
    .description('offline demo: replay the bundled HN snapshot through the real scraper, store, and write the report')
    .option('--out <file>', 'output HTML file', DEFAULT_REPORT_FILE)
    .addHelpText('after', '\nThe demo database defaults to .techdemand/demo.db unless --db is given.\n')
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      const { demoCommand } = await import('./commands/scrape.js');
      await demoCommand({ ...g, db: dbGiven(cmd) ? g.db : DEMO_DB_FILE, out: opts.out });
    });

  return program;
}

/** Where parsed taxonomies are cached: $TECHDEMAND_CACHE_DIR, else $XDG_CACHE_HOME/techdemand, else ~/.cache/techdemand. */
function taxonomyCacheDir(): string | undefined {
  const explicit = env('TECHDEMAND_CACHE_DIR');
  if (explicit !== undefined) return explicit === 'off' ? undefined : explicit;
  const xdg = env('XDG_CACHE_HOME');
  if (xdg !== undefined) return join(xdg, 'techdemand');
  const home = homedir();
  return home ? join(home, '.cache', 'techdemand') : undefined;
}

/** `techdemand top | head`: when the reader of stdout goes away, stop quietly (exit 0) instead of crashing. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  configureTaxonomyCache(taxonomyCacheDir());
  configureChromium(env('CHROMIUM_PATH'));
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
      process.stderr.write(`techdemand: ${visibleControls(err.message)}\n`);
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
