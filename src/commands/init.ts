// `techdemand init`: writes a commented starter techdemand.config.yaml.
//
// The companies listed per ATS are real employers seen using that ATS, each with where it was seen:
//   * "recording": a recorded API response in ../shared/source-samples (see its PROVENANCE.md), or a board
//     SOURCES-REPORT.md names;
//   * "HN <id>": an "Ask HN: Who is hiring?" ad of 2026 (../shared/corpus/hn-whoishiring-2026) whose apply link
//     points at that ATS board (https://news.ycombinator.com/item?id=<id>).
// Boards come and go; a board that no longer exists shows up as a failed source in the run's health table.

import { existsSync, mkdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { fsProblem, requireWritableTarget } from '../user-files.js';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseConfig } from '../config.js';
import { descriptors } from '../../scrapers/registry.js';
import type { SourceFamily } from '../core/sources.js';

interface Board {
  token: string;
  company: string;
  /** Where the board was seen, in words a user reads in the starter config. */
  seen: string;
  /** The recorded API response in ../shared/source-samples it was seen in (for maintainers; not written out). */
  recording?: string;
}

/** Real boards per ATS (see the header comment for what "seen" means). */
export const STARTER_BOARDS: Record<'greenhouse' | 'lever' | 'ashby' | 'smartrecruiters' | 'recruitee' | 'workable', Board[]> = {
  greenhouse: [
    { token: 'vercel', company: 'Vercel', seen: 'its public board, seen in a recorded API response', recording: 'greenhouse/jobs_content_true_vercel_hunt.json' },
    { token: 'stripe', company: 'Stripe', seen: 'SOURCES-REPORT §2 (board size and updated_at observations)' },
    { token: 'cloudflare', company: 'Cloudflare', seen: 'HN 46467948 (Jan 2026)' },
    { token: 'redpandadata', company: 'Redpanda Data', seen: 'HN 46469625 (Jan 2026)' },
    { token: 'novacredit', company: 'Nova Credit', seen: 'HN 46478887 (Jan 2026)' },
    { token: 'brave', company: 'Brave Software', seen: 'HN 46468629 (Jan 2026)' },
  ],
  lever: [
    { token: 'spotify', company: 'Spotify', seen: 'its public board, seen in a recorded API response', recording: 'lever/postings_spotify_hunt.json' },
    { token: 'metabase', company: 'Metabase', seen: 'HN 46498756 (Jan 2026)' },
    { token: 'findigs', company: 'Findigs', seen: 'HN 46499752 (Jan 2026)' },
    { token: 'zoox', company: 'Zoox', seen: 'HN 46858393 (Feb 2026)' },
  ],
  ashby: [
    { token: 'linear', company: 'Linear', seen: 'its public board, seen in a recorded API response', recording: 'ashby/job_board_linear_hunt.json' },
    { token: 'duck-duck-go', company: 'DuckDuckGo', seen: 'HN 46504003 (Jan 2026)' },
    { token: 'livekit', company: 'LiveKit', seen: 'HN 46640681 (Jan 2026)' },
    { token: 'baseten', company: 'Baseten', seen: 'HN 46857991 (Feb 2026)' },
    { token: 'checkly', company: 'Checkly', seen: 'HN 46468671 (Jan 2026)' },
  ],
  smartrecruiters: [
    { token: 'Ubisoft2', company: 'Ubisoft', seen: 'its public board, seen in a recorded API response', recording: 'smartrecruiters/postings_list_ubisoft_hunt.json' },
    { token: 'Sectigo', company: 'Sectigo', seen: 'HN 47976670 (May 2026)' },
  ],
  recruitee: [
    { token: 'channable', company: 'Channable', seen: 'its public board, seen in a recorded API response', recording: 'recruitee/offers_channable_hunt_first_offer.json' },
    { token: 'crazygames', company: 'CrazyGames', seen: 'HN 46473138 (Jan 2026)' },
    { token: 'bigcartel', company: 'Big Cartel', seen: 'HN 46593336 (Jan 2026)' },
  ],
  workable: [
    { token: 'modash', company: 'Modash', seen: 'HN 46858137 (Feb 2026)' },
    { token: 'justpark', company: 'JustPark', seen: 'HN 46858181 (Feb 2026)' },
    { token: 'trailofbits', company: 'Trail of Bits', seen: 'HN 46528371 (Jan 2026)' },
  ],
};

function boardLines(boards: Board[]): string {
  const width = Math.max(...boards.map((b) => b.token.length));
  return boards.map((b) => `      - ${b.token.padEnd(width)}   # ${b.company}: ${b.seen}`).join('\n');
}

/** A comment before the first source of each family, in the starter config. */
const FAMILY_COMMENTS: Record<SourceFamily, string> = {
  thread:
    '  # Hacker News "Ask HN: Who is hiring?": the newest monthly threads (each run re-reads them; unchanged\n' +
    "  # pages cost a 304). Every ad counts in its thread's month.\n",
  ats: '  # Applicant tracking systems: one scrape per employer board. A board no longer listing a job closes it.\n',
  board:
    '  # Remote job boards. Their terms limit how often to sync; a run skips a board until it is due\n' +
    '  # (Remotive: every 6 h; the others: hourly), so an hourly timer is fine. Attribution: every stored\n' +
    "  # posting keeps the board's URL; the report names the source.\n",
  pages:
    '  # Career pages with schema.org JobPosting markup; "rendered" loads them in Chromium first (for pages\n' +
    '  # that build their listings with JavaScript). robots.txt is obeyed.\n',
};

/** Every registered source's starter entry, in registry order, each family under its comment. */
function sourceEntries(): string {
  let out = '';
  let family: SourceFamily | undefined;
  for (const d of descriptors) {
    if (d.family !== family) {
      out += (family !== undefined ? '\n' : '') + FAMILY_COMMENTS[d.family];
      family = d.family;
    }
    out += d.starter({ boardLines: (source) => boardLines(STARTER_BOARDS[source as keyof typeof STARTER_BOARDS] ?? []) });
  }
  return out;
}

/** The starter config text (valid as written; every line explained). */
export function starterConfig(): string {
  return `# techdemand.config.yaml — what "techdemand run" collects. Check it with: techdemand run --config <this file>
# Relative paths are relative to this file's folder. Reference: docs/run.md.

# The SQLite database (created on the first run). "--db" overrides it.
database: techdemand.db

# The HTML report, rewritten after every run ("techdemand run --no-report" skips it).
report: reports/out/index.html

# Who to contact about this crawler: goes into the User-Agent of every request
# ("techdemand/<version> (+<contact>)"). Please set it to your URL or e-mail before scheduling runs.
# contact: "https://example.org/about; ops@example.org"

# Per request: give up after this many seconds, retry 429/5xx/timeouts this many times (with backoff).
http:
  timeoutSeconds: 30
  retries: 4

# Politeness per host. Each source already applies its documented budget (e.g. Greenhouse 2 requests/s,
# Workable 1 per 20 s, Remotive 1 per 30 s); a line here replaces it for that host, so stay within its terms.
# rateLimits:
#   boards-api.greenhouse.io: { concurrency: 1, minIntervalMs: 1000 }

sources:
${sourceEntries()}`;
}

export interface InitOptions {
  config: string;
  force?: boolean;
  json: boolean;
  stdout: NodeJS.WritableStream;
}

/** Writes the starter config; refuses to overwrite an existing file unless `force`. Returns its absolute path. */
export function initCommand(o: InitOptions): string {
  const path = resolve(o.config);
  if (existsSync(path) && !o.force) throw new InputError(`${o.config} already exists; edit it, or pass --force to replace it with the starter`);
  const text = starterConfig();
  // The starter must always be a valid config: check before writing, so a broken template never reaches a user.
  parseConfig(text, o.config, dirname(path));
  requireWritableTarget(o.config, '--config');
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true }); // never leave the temporary file behind
    throw new InputError(`--config ${o.config}: ${fsProblem(err)}`, { cause: err });
  }
  if (o.json) o.stdout.write(JSON.stringify({ config: path }) + '\n');
  else o.stdout.write(`Wrote ${path}\nNext: set "contact:", then try: techdemand run --config ${o.config}\n`);
  return path;
}
