// Commander definitions of the analytics commands (trend, compare, movers, cooccur, stacks, gap). src/cli.ts calls
// registerAnalyticsCommands; the actions only hand the parsed flags to src/commands/analytics.ts.
import { Option, type Command } from 'commander';
import type { GlobalOptions } from '../app.js';
// The analytics module (statistics, the report builder) loads when one of these commands runs, not at start-up.
const load = () => import('./analytics.js');
import { ROLE_FLAG_HELP } from '../role-list.js';

type Globals = (cmd: Command) => GlobalOptions;

const ROLLUP_HELP = `
Technologies are taxonomy ids, names or aliases ("postgres", "k8s", "node"). Roll-ups count an ad once if it
mentions any member:
  category:database          any technology of a category
  is_a:relational-database   PostgreSQL, MySQL, … (everything that is a relational database)
  implies:python             Python incl. Django, Flask, … (everything that implies Python)
--rollup is_a|implies applies the same to every plain name.`;

/** The filter flags every reading command shares (analytics commands and `top`): one table, one parser. */
export function filterFlags(cmd: Command, opts: { denominator?: boolean; denominators?: string; grain?: boolean; minSupport?: string | false; format?: boolean } = {}): Command {
  cmd
    .option('--since <YYYY-MM>', 'from this month (inclusive)')
    .option('--until <YYYY-MM>', 'to this month (inclusive)')
    .option('--source <names>', 'only these sources (comma-separated, e.g. hn,greenhouse)')
    .option('--role <roles>', ROLE_FLAG_HELP)
    .option('--category <id>', 'only technologies of this category (e.g. database, language)')
    .option('--required', 'count only mentions classified as required')
    .option('--remote', 'only remote ads')
    .option('--no-remote', 'only ads that are not remote')
    .option('--company <name>', 'only ads of this company (case-insensitive)');
  if (opts.denominator !== false) cmd.option('--denominator <unit>', `what a share counts: ${opts.denominators ?? 'jobs (unique ads, default) | postings | companies'}`);
  // `top` calls the same choice --count: accepted here too, so one habit works everywhere.
  if (opts.denominator !== false) cmd.addOption(new Option('--count <unit>', 'same as --denominator').hideHelp());
  if (opts.grain) cmd.option('--grain <grain>', 'month (default) | quarter | year');
  if (opts.minSupport !== false) cmd.option('--min-support <n>', opts.minSupport ?? 'counts below n are flagged and not ranked (default 10)');
  if (opts.format !== false) cmd.option('--format <fmt>', 'table | json | csv | md (default table; json with --json)');
  return cmd;
}

export function registerAnalyticsCommands(program: Command, globals: Globals): void {
  filterFlags(
    program
      .command('trend')
      .description('share of ads asking for each technology per month, quarter or year, with 95% intervals')
      .argument('<tech...>', 'technologies or roll-ups')
      .option('--rollup <relation>', 'roll every plain name up: is_a | implies'),
    { grain: true },
  )
    .addHelpText('after', `${ROLLUP_HELP}\n\nExamples:\n  techdemand trend postgres mysql --grain year\n  techdemand trend is_a:relational-database implies:python --grain quarter --format csv\n`)
    .action(async (techs: string[], opts, cmd: Command) => {
      await (await load()).trendCommand({ ...globals(cmd), ...opts, techs });
    });

  filterFlags(
    program
      .command('compare')
      .description('two technologies side by side per period, with a paired test of the overall difference')
      .argument('<a>', 'first technology or roll-up')
      .argument('<b>', 'second technology or roll-up')
      .option('--rollup <relation>', 'roll both names up: is_a | implies'),
    { grain: true },
  )
    .addHelpText('after', `${ROLLUP_HELP}\n\nExample:\n  techdemand compare react angular --grain year\n`)
    .action(async (a: string, b: string, opts, cmd: Command) => {
      await (await load()).compareCommand({ ...globals(cmd), ...opts, a, b });
    });

  filterFlags(
    program
      .command('movers')
      .description('technologies rising and falling between two periods (year over year by default), significance-ranked')
      .option('--window <months>', 'length of each period in months (default 12)')
      .option('--before <FROM..TO>', 'the earlier period, e.g. 2016-01..2016-12 (with --after)')
      .option('--after <FROM..TO>', 'the later period, e.g. 2017-01..2017-12 (with --before)')
      .option('--limit <n>', 'rows per direction (default 15)')
      .option('--all', 'list every tested technology, significant or not'),
    { minSupport: 'technologies with fewer than 2n ads over both periods are not ranked (default 10)' },
  )
    .addHelpText('after', '\nExamples:\n  techdemand movers\n  techdemand movers --before 2015-01..2015-12 --after 2017-01..2017-12 --category database\n')
    .action(async (opts, cmd: Command) => {
      await (await load()).moversCommand({ ...globals(cmd), ...opts });
    });

  filterFlags(
    program
      .command('cooccur')
      .description('what is asked for together with a technology: conditional share and lift')
      .argument('<tech>', 'technology or roll-up')
      .option('--rank-by <what>', 'conditional (default) | lift')
      .option('--rollup <relation>', 'roll the name up: is_a | implies')
      .option('--limit <n>', 'rows (default 20)'),
    { denominators: 'jobs (default) | postings', minSupport: 'partners seen together fewer than n times are left out (default 10)' },
  )
    .addHelpText('after', `${ROLLUP_HELP}\n\nExample:\n  techdemand cooccur postgres --limit 10\n`)
    .action(async (tech: string, opts, cmd: Command) => {
      await (await load()).cooccurCommand({ ...globals(cmd), ...opts, tech });
    });

  filterFlags(
    program
      .command('stacks')
      .description('common stacks: sets of 2-4 technologies asked for together (by default ads with a backend or full-stack opening)')
      .option('--min-size <n>', 'smallest stack (default 2)')
      .option('--max-size <n>', 'largest stack, at most 4 (default 4)')
      .option('--min-share <percent>', 'minimum share of ads, in percent (default 1)')
      .option('--rank-by <what>', 'support (default: most common first) | lift (most characteristic first)')
      .option('--all-categories', 'keep generic concepts and practices (relational database, agile, …)')
      .option('--limit <n>', 'rows (default 20)'),
    { denominators: 'jobs (default) | postings', minSupport: 'minimum number of ads of a stack (default 10)' },
  )
    .addHelpText('after', '\nExample:\n  techdemand stacks --min-size 3 --limit 10\n')
    .action(async (opts, cmd: Command) => {
      await (await load()).stacksCommand({ ...globals(cmd), ...opts });
    });

  filterFlags(
    program
      .command('gap')
      .description('what to learn next: coverage of the market, ranked gaps, next steps, learning order, backend path')
      .requiredOption('--profile <file>', 'your profile YAML (see examples/profile.yaml)')
      .option('--steps <n>', 'greedy next steps (default 3)')
      .option('--limit <n>', 'ranked gaps (default 15)')
      .option('--section <name>', 'with --format csv: resolution | coverage | gaps (default) | steps | order | path'),
    { denominators: 'jobs (default) | postings', minSupport: 'technologies in fewer than n ads are not ranked as gaps (default 5)' },
  )
    .addHelpText(
      'after',
      '\nThe market is the last twelve full months with data (or --since/--until), ads with a backend or full-stack\nopening, the jobs a backend developer can apply to (--role backend,full-stack,software or --role all to change it).\n\nExample:\n  techdemand gap --profile examples/profile.yaml\n',
    )
    .action(async (opts, cmd: Command) => {
      await (await load()).gapCommand({ ...globals(cmd), ...opts });
    });
}
