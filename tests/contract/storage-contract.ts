// The storage contract: what every engine behind the storage port (src/core/storage.ts) must do, as one suite an
// engine's test file calls with a way to create a fresh, empty store. The same real ads are written through the
// port; then every query command answers through the CLI, and its output must equal the recorded answer byte for
// byte, whichever engine holds the data (tests/contract/answers/, recorded from the SQLite engine; re-record with
// UPDATE_CONTRACT_ANSWERS=1 after a deliberate change of a command's output, and review the diff).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionStorage, PostingToSave } from '../../src/core/storage.js';
import type { Posting, SourceRunStats } from '../../src/core/types.js';
import { LockedError } from '../../src/core/errors.js';
import { normalizePosting } from '../../src/normalize.js';
import { loadProjectTaxonomy } from '../../src/taxonomy-source.js';
import { compileTagger } from '../../taxonomy/tagger.js';
import { corpusPostings } from '../integration/db-fixtures.js';
import { ROOT, SHARED, runCli } from '../cli/helpers.js';

export interface EngineUnderTest {
  name: string;
  /** A fresh, empty store, and its location as --db takes it. */
  create(): Promise<{ storage: CollectionStorage; location: string }>;
  /** Whether collectors (shared writers) may work on the store together (a server engine), or one at a time. */
  concurrentCollectors: boolean;
}

const ANSWERS = join(ROOT, 'tests', 'contract', 'answers');
const NOW = '2026-12-05';
const SEEN_AT = '2026-11-20T00:00:00.000Z';

/** The fixed data set: 150 real HN ads of 2013-2018 and 150 of 2026 (every 11th), in a fixed order. */
export function contractPostings(): Posting[] {
  const old = corpusPostings(150, 29);
  const lines = readFileSync(resolve(SHARED, 'corpus/hn-whoishiring-2026/postings.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const recent: Posting[] = [];
  for (let i = 0; i < lines.length && recent.length < 150; i += 11) {
    const d = JSON.parse(lines[i]!) as { id: string; posted_at: string; html: string | null; text: string; url: string | null; location: string | null };
    recent.push(
      normalizePosting(
        { source: 'hn', externalId: d.id, url: d.url, location: d.location, postedAt: d.posted_at, html: d.html, text: d.text, meta: { thread: d.posted_at.slice(0, 7) } },
        new Date(SEEN_AT),
      ),
    );
  }
  return [...old, ...recent];
}

function statsOf(source: string, seen: number): SourceRunStats {
  return { source, requests: 1, seen, new: seen, updated: 0, unchanged: 0, closed: 0, errors: {}, durationMs: 5, status: 'ok' };
}

/** The query commands and the flags whose answers every engine must give identically. */
const QUESTIONS: { name: string; args: string[] }[] = [
  { name: 'top', args: ['top', '--json'] },
  { name: 'top-all-time-databases', args: ['top', '--all-time', '--category', 'database', '--role', 'all', '--json'] },
  { name: 'top-postings-required', args: ['top', '--all-time', '--denominator', 'postings', '--required', '--format', 'csv'] },
  { name: 'top-companies', args: ['top', '--all-time', '--denominator', 'companies', '--limit', '8'] },
  { name: 'trend', args: ['trend', 'python', 'go', 'rust', '--grain', 'year', '--json'] },
  { name: 'trend-rollup', args: ['trend', 'javascript', '--rollup', 'is_a', '--grain', 'year', '--role', 'all', '--json'] },
  { name: 'compare', args: ['compare', 'postgresql', 'mysql', '--grain', 'year', '--json'] },
  { name: 'movers', args: ['movers', '--json'] },
  { name: 'cooccur', args: ['cooccur', 'python', '--json'] },
  { name: 'stacks', args: ['stacks', '--json'] },
  { name: 'gap', args: ['gap', '--profile', 'examples/profile.yaml', '--json'] },
  { name: 'gap-all-roles', args: ['gap', '--profile', 'examples/profile.yaml', '--role', 'all', '--since', '2026-01', '--format', 'md'] },
];

export function storageContract(engine: EngineUnderTest): void {
  describe(`storage contract: ${engine.name}`, () => {
    const tagger = compileTagger(loadProjectTaxonomy());
    const taxonomy = loadProjectTaxonomy();
    const postings = contractPostings();
    const batch = (items: readonly Posting[]): PostingToSave[] => items.map((posting) => ({ posting, tagVersion: tagger.version, mentions: tagger.tag(posting.text).mentions }));
    let storage: CollectionStorage;
    let location: string;

    beforeAll(async () => {
      ({ storage, location } = await engine.create());
      await storage.syncTaxonomy(taxonomy.entries, taxonomy.version);
    }, 120_000);
    afterAll(async () => {
      await storage?.close();
    });

    it('is one writer at a time: a second writer is refused until the first releases', async () => {
      const first = await storage.acquireWriter({ command: 'contract' });
      await expect(storage.acquireWriter({ command: 'contract-2' })).rejects.toBeInstanceOf(LockedError);
      await first.release();
      const again = await storage.acquireWriter({ command: 'contract-3' });
      await again.release();
    });

    it(engine.concurrentCollectors ? 'lets collectors work together, and keeps an exclusive writer apart from them' : 'gives collectors the store one at a time', async () => {
      const collector = await storage.acquireWriter({ command: 'run', shared: true });
      if (engine.concurrentCollectors) {
        const second = await storage.acquireWriter({ command: 'run', shared: true });
        await expect(storage.acquireWriter({ command: 'retag' })).rejects.toThrow(/at work on .*still running/);
        await second.release();
      } else {
        await expect(storage.acquireWriter({ command: 'run', shared: true })).rejects.toBeInstanceOf(LockedError);
      }
      await collector.release();
      const exclusive = await storage.acquireWriter({ command: 'retag' });
      await expect(storage.acquireWriter({ command: 'run', shared: true })).rejects.toBeInstanceOf(LockedError);
      await exclusive.release();
    });

    it('hands every unit to one collector at a time: claimed in order, released for good when finished', async () => {
      const units = ['contract:a', 'contract:b'];
      expect(await storage.leases.claimNext(units)).toEqual({ unit: 'contract:a', busy: 0 });
      expect(await storage.leases.claimNext(units)).toEqual({ unit: 'contract:b', busy: 0 });
      expect((await storage.leases.claimNext(units)).unit).toBeNull();
      await storage.leases.release('contract:b', false);
      expect((await storage.leases.claimNext(units)).unit).toBe('contract:b');
      await storage.leases.release('contract:a', true);
      await storage.leases.release('contract:b', true);
      expect(await storage.leases.claimNext(units)).toEqual({ unit: null, busy: 0 });
    });

    it('writes a batch in one call: every posting new, with roles and job keys decided in the same transaction', async () => {
      const runId = await storage.startRun('contract', taxonomy.version, '2026-11-20T00:00:00.000Z');
      let saved = { new: 0, updated: 0, unchanged: 0, retagged: 0 };
      for (let i = 0; i < postings.length; i += 100) {
        const r = await storage.saveBatch(batch(postings.slice(i, i + 100)), SEEN_AT);
        saved = { new: saved.new + r.saved.new, updated: saved.updated + r.saved.updated, unchanged: saved.unchanged + r.saved.unchanged, retagged: saved.retagged + r.saved.retagged };
        expect(r.merged).toBeGreaterThanOrEqual(0);
      }
      expect(saved).toEqual({ new: postings.length, updated: 0, unchanged: 0, retagged: 0 });
      // Nothing was left pending: the batches decided their own roles and job keys.
      expect(await storage.indexPendingAll()).toEqual({ indexed: 0, merged: 0 });
      await storage.finishRun(runId, 'ok', [statsOf('hn', postings.length)], '2026-11-20T00:05:00.000Z');
      expect(await storage.lastSuccessfulRun('hn')).toBe('2026-11-20T00:00:00.000Z');
      expect(await storage.lastSuccessfulRun('remotive')).toBeNull();
    });

    it('is idempotent: the same postings again are unchanged, a changed text is an update', async () => {
      const again = await storage.saveBatch(batch(postings.slice(0, 50)), SEEN_AT);
      expect(again.saved).toMatchObject({ new: 0, updated: 0, unchanged: 50 });
      const first = postings[0]!;
      const changed: Posting = { ...first, text: `${first.text}\nWe also use Kafka.`, contentHash: `${first.contentHash}-changed` };
      const upd = await storage.saveBatch(batch([changed]), SEEN_AT);
      expect(upd.saved).toMatchObject({ new: 0, updated: 1, unchanged: 0 });
      // Back to the recorded text, so the answers below are the fixed data set's.
      const back = await storage.saveBatch(batch([first]), SEEN_AT);
      expect(back.saved).toMatchObject({ updated: 1 });
    });

    it('counts, closes and reopens within a unit scope', async () => {
      const open = await storage.openCount({ source: 'hn' });
      expect(open).toBe(postings.length);
      // HN is never closed by runs, but the store closes whatever scope it is asked to.
      const ids = postings.slice(0, 3).map((p) => p.externalId);
      const scoped = { source: 'hn', prefix: ids[0]!.slice(0, 2) };
      const inScope = postings.filter((p) => p.externalId.startsWith(scoped.prefix)).length;
      expect(await storage.openCount(scoped)).toBe(inScope);
      expect(await storage.closeUnseen({ source: 'remotive' }, '2026-11-21T00:00:00.000Z')).toBe(0);
      // Seeing them again reopens them: the store keeps one row per posting.
      const closed = await storage.closeUnseen(scoped, '2026-11-21T00:00:00.000Z');
      expect(closed).toBe(inScope);
      expect(await storage.openCount({ source: 'hn' })).toBe(postings.length - inScope);
      await storage.saveBatch(batch(postings.filter((p) => p.externalId.startsWith(scoped.prefix))), SEEN_AT);
      expect(await storage.openCount({ source: 'hn' })).toBe(postings.length);
    });

    it('streams stored postings in pages, and re-tags in batches', async () => {
      expect(await storage.countPostingsToRetag()).toBe(postings.length);
      expect(await storage.countPostingsToRetag(tagger.version)).toBe(0);
      let n = 0;
      let pages = 0;
      let lastId = 0;
      for await (const page of storage.postingPages({ pageSize: 64 })) {
        pages++;
        for (const p of page) {
          expect(p.id).toBeGreaterThan(lastId);
          lastId = p.id;
          n++;
        }
        // Writing between pages is allowed.
        await storage.replaceMentionsBatch(page.map((p) => ({ postingId: p.id, mentions: tagger.tag(p.text).mentions })), tagger.version);
      }
      expect(n).toBe(postings.length);
      expect(pages).toBe(Math.ceil(postings.length / 64));
      const y2026: string[] = [];
      for await (const page of storage.postingPages({ sinceMonth: '2026-01', untilMonth: '2026-12' })) y2026.push(...page.map((p) => p.externalId));
      expect(y2026.length).toBe(150);
    });

    it('keeps the roles of the current classifier: nothing to decide again', async () => {
      expect(await storage.reclassifyRoles()).toEqual({ classified: 0, changed: 0 });
    });

    it('marks runs a dead process left running as aborted, and records per-source statistics', async () => {
      const runId = await storage.startRun('contract-live', taxonomy.version);
      // This process is alive: its run stays running.
      expect(await storage.markAbortedRuns()).toBe(0);
      await storage.recordRunSources(runId, [statsOf('hn', 3)]);
      await storage.finishRun(runId, 'failed', [statsOf('hn', 3)]);
      await expect(storage.finishRun(999_999, 'ok', [statsOf('hn', 1)])).rejects.toThrow(/run 999999 does not exist/);
    });

    it('keeps the HTTP validators it is given, and hands them back', async () => {
      expect(await storage.validators.load()).toBeNull();
      await storage.validators.save('{"version":1,"entries":{}}');
      expect(await storage.validators.load()).toBe('{"version":1,"entries":{}}');
    });

    describe('every query command gives the recorded answer', () => {
      for (const q of QUESTIONS) {
        it(q.name, async () => {
          const r = await runCli(['--db', location, ...q.args], { env: { TECHDEMAND_NOW: NOW, NO_COLOR: '1' } });
          expect(r.code, r.stderr).toBe(0);
          const file = join(ANSWERS, `${q.name}.txt`);
          if (process.env['UPDATE_CONTRACT_ANSWERS'] === '1') {
            mkdirSync(ANSWERS, { recursive: true });
            writeFileSync(file, r.stdout);
          }
          expect(existsSync(file), `${file} is missing: record it with UPDATE_CONTRACT_ANSWERS=1`).toBe(true);
          expect(r.stdout).toBe(readFileSync(file, 'utf8'));
        }, 60_000);
      }

      it('explain shows one stored posting with its evidence', async () => {
        const id = `hn:${postings[160]!.externalId}`;
        const r = await runCli(['--db', location, 'explain', id, '--json'], { env: { TECHDEMAND_NOW: NOW } });
        expect(r.code, r.stderr).toBe(0);
        const shown = JSON.parse(r.stdout) as { externalId: string; text: string; mentions: unknown[] };
        expect(shown.externalId).toBe(postings[160]!.externalId);
        expect(shown.text).toBe(postings[160]!.text);
        expect(shown.mentions.length).toBe(tagger.tag(postings[160]!.text).mentions.length);
      }, 60_000);
    });

    it('closes: later calls fail, closing again does not', async () => {
      const s = (await engine.create()).storage;
      await s.close();
      await s.close();
      await expect(s.openCount({ source: 'hn' })).rejects.toThrow(/closed/);
    });
  });
}
