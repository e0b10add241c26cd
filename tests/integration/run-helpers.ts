// Shared plumbing for tests/integration/run-*.test.ts: every mock at once (HN replay with a small snapshot of real
// ads, the ATS mock, the boards mock with career pages), a config pointing every source at them, a fast HTTP
// client setting, and temp dirs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startHnReplayServer, type HnReplayOptions, type HnReplayServer, type HnSnapshot } from '../../scrapers/mock/hn-algolia-server.js';
import { startAtsMockServer, type AtsFaultRule, type AtsMockServer } from '../../scrapers/mock/ats/server.js';
import { startBoardsMockServer, type BoardsFaultRule, type BoardsMockServer } from '../../scrapers/mock/boards/server.js';
import { loadAtsFixtures } from '../fixtures/ats/index.js';
import { loadBoardsFixtures } from '../fixtures/boards/index.js';
import type { AtsFixtures } from '../../scrapers/mock/ats/routes.js';
import type { BoardsFixtures } from '../../scrapers/mock/boards/routes.js';
import type { HttpClientOptions } from '../../scrapers/http.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function tempDir(prefix = 'techdemand-run-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The newest thread of the bundled snapshot (real May 2026 ads) with its first `ads` top-level comments: a small
 * snapshot, so a run stays quick. Read with zlib + JSON only.
 */
export function smallHnSnapshot(ads = 12): HnSnapshot {
  const full = JSON.parse(gunzipSync(readFileSync(resolve(REPO_ROOT, 'data/hn-snapshot.json.gz'))).toString('utf8')) as HnSnapshot;
  const story = [...full.stories].filter((s) => /who is hiring/i.test(s.title)).sort((a, b) => b.created_at_i - a.created_at_i)[0]!;
  const comments = full.comments
    .filter((c) => c.parent_id === story.id && c.author && c.text && !c.dead && !c.deleted)
    .sort((a, b) => a.id - b.id)
    .slice(0, ads);
  return { format: 'techdemand-hn-snapshot', version: 1, stories: [{ ...story, num_comments: comments.length }], comments };
}

export interface Mocks {
  hn: HnReplayServer;
  ats: AtsMockServer;
  boards: BoardsMockServer;
  snapshot: HnSnapshot;
  atsFixtures: AtsFixtures;
  boardsFixtures: BoardsFixtures;
  close(): Promise<void>;
}

export async function startMocks(
  opts: { atsFaults?: AtsFaultRule[]; boardsFaults?: BoardsFaultRule[]; hn?: Partial<HnReplayOptions>; atsFixtures?: AtsFixtures; boardsFixtures?: BoardsFixtures } = {},
): Promise<Mocks> {
  const snapshot = smallHnSnapshot();
  const atsFixtures = opts.atsFixtures ?? loadAtsFixtures();
  const boardsFixtures = opts.boardsFixtures ?? loadBoardsFixtures();
  const hn = await startHnReplayServer({ snapshot, ...opts.hn });
  const ats = await startAtsMockServer({ fixtures: atsFixtures, ...(opts.atsFaults ? { faults: opts.atsFaults } : {}) });
  const boards = await startBoardsMockServer({ fixtures: boardsFixtures, ...(opts.boardsFaults ? { faults: opts.boardsFaults } : {}) });
  return {
    hn,
    ats,
    boards,
    snapshot,
    atsFixtures,
    boardsFixtures,
    async close() {
      await Promise.all([hn.close(), ats.close(), boards.close()]);
    },
  };
}

export interface ConfigParts {
  db: string;
  /** Sources to leave out. */
  without?: string[];
  /** Extra YAML lines appended under `sources:` (already indented by two spaces). */
  extraSources?: string;
  timeoutSeconds?: number;
  retries?: number;
  report?: string;
}

/** A config with every source pointed at the mocks (real board names of the recorded fixtures). */
export function mockConfigYaml(m: Mocks, parts: ConfigParts): string {
  const skip = new Set(parts.without ?? []);
  const sources: Record<string, string> = {
    hn: `  hn:\n    baseUrl: ${m.hn.url}\n    months: 1\n`,
    greenhouse: `  greenhouse:\n    baseUrl: ${m.ats.url}\n    boards: [vercel, vaulttec]\n`,
    lever: `  lever:\n    baseUrl: ${m.ats.url}\n    boards: [spotify]\n`,
    ashby: `  ashby:\n    baseUrl: ${m.ats.url}\n    boards: [linear]\n`,
    smartrecruiters: `  smartrecruiters:\n    baseUrl: ${m.ats.url}\n    boards: [Ubisoft2]\n`,
    recruitee: `  recruitee:\n    baseUrl: "${m.ats.recruiteeBaseUrl}"\n    boards: [channable]\n`,
    workable: `  workable:\n    baseUrl: ${m.ats.url}\n    boards: [example-robotics]\n`,
    remotive: `  remotive:\n    baseUrl: ${m.boards.url}\n`,
    remoteok: `  remoteok:\n    baseUrl: ${m.boards.url}\n`,
    arbeitnow: `  arbeitnow:\n    baseUrl: ${m.boards.url}\n`,
    weworkremotely: `  weworkremotely:\n    baseUrl: ${m.boards.url}\n`,
    himalayas: `  himalayas:\n    baseUrl: ${m.boards.url}\n`,
    jobicy: `  jobicy:\n    baseUrl: ${m.boards.url}\n`,
    careers: `  careers:\n    urls: [${m.boards.url}/careers/multi-block.html, ${m.boards.url}/careers/graph.html]\n`,
  };
  return [
    `database: ${parts.db}`,
    ...(parts.report !== undefined ? [`report: ${parts.report}`] : []),
    'contact: "run-tests@example.invalid"',
    'http:',
    `  timeoutSeconds: ${parts.timeoutSeconds ?? 2}`,
    `  retries: ${parts.retries ?? 1}`,
    // The mocks are ours: no politeness gap owed to them (the per-source defaults would make a run take minutes).
    'rateLimits:',
    '  127.0.0.1: { concurrency: 8, minIntervalMs: 0 }',
    'sources:',
    ...Object.entries(sources)
      .filter(([name]) => !skip.has(name))
      .map(([, yaml]) => yaml.trimEnd()),
    ...(parts.extraSources ? [parts.extraSources.trimEnd()] : []),
    '',
  ].join('\n');
}

export function writeConfig(dir: string, yaml: string, name = 'techdemand.config.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Retries and Retry-After in milliseconds, so injected 429s and 500s do not slow the tests down. */
export const FAST_HTTP: Partial<HttpClientOptions> = { backoffBaseMs: 1, backoffMaxMs: 5, retryAfterMaxMs: 5 };
