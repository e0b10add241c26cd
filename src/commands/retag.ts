// `techdemand retag`: tag stored postings again with the current taxonomy, and decide again the roles an older
// classifier decided. It writes through the storage port as the store's one writer (a run in progress makes it
// wait its turn or stop), one batch of 500 postings per transaction, so an interrupted retag resumes where it was.
import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { Mention } from '../core/types.js';
import { createProgress } from '../progress.js';
import { ROLES_VERSION } from '../roles.js';
import { isServerLocation, openCollectionStorage } from '../storage.js';
import { loadTaggerOnce, writeOut, type GlobalOptions } from '../app.js';

export interface RetagResult {
  postings: number;
  changed: number;
  taxonomyVersion: string;
  roles: { classified: number; changed: number; version: string };
}

export async function retagCommand(o: GlobalOptions & { all?: boolean }): Promise<RetagResult> {
  const { taxonomy, tagger } = await loadTaggerOnce();
  if (!isServerLocation(o.db) && !existsSync(o.db)) throw new InputError(`no database at ${o.db}: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
  const storage = await openCollectionStorage(o.db);
  const progress = createProgress({ tty: o.tty, json: o.json });
  try {
    const lease = await storage.acquireWriter({ command: 'retag', busyHint: 'try again when it has finished' });
    try {
      if ((await storage.countPostingsToRetag()) === 0) {
        throw new InputError(`${storage.location} holds no postings yet: run "techdemand scrape" or "techdemand demo" first, or pass --db`);
      }
      await storage.syncTaxonomy(taxonomy.entries, taxonomy.version);
      const runId = await storage.startRun('retag', taxonomy.version);
      // Raw postings (every stored row is re-tagged), not unique jobs: progress and --json count the same thing.
      const total = await storage.countPostingsToRetag(o.all ? undefined : taxonomy.version);
      let done = 0;
      let changed = 0;
      try {
        // Iterating stale postings only makes an interrupted retag resumable; --all redoes every posting.
        for await (const page of storage.postingPages(o.all ? {} : { notTaggedWith: taxonomy.version })) {
          const batch: { postingId: number; mentions: Mention[] }[] = [];
          for (const p of page) {
            batch.push({ postingId: p.id, mentions: tagger.tag(p.text).mentions });
            if (p.taggedVersion !== taxonomy.version) changed++;
          }
          await storage.replaceMentionsBatch(batch, taxonomy.version);
          done += page.length;
          progress.update('re-tagging', done, Math.max(total, done));
          progress.event({ event: 'retag', done, total: Math.max(total, done) });
        }
      } catch (err) {
        await storage.finishRun(runId, 'failed', []);
        throw err;
      } finally {
        progress.done();
      }
      // Roles are read from the mentions: re-tagged postings have their roles decided again, and so does every
      // posting whose roles an older classifier decided.
      const roles = await storage.reclassifyRoles({ force: done > 0, onProgress: (n) => progress.update('deciding roles', n, total) });
      progress.done();
      await storage.finishRun(runId, 'ok', []);
      const result: RetagResult = {
        postings: done,
        changed,
        taxonomyVersion: taxonomy.version,
        roles: { classified: roles.classified, changed: roles.changed, version: ROLES_VERSION },
      };
      writeOut(
        o,
        o.json
          ? JSON.stringify(result) + '\n'
          : `Re-tagged ${done} postings with taxonomy ${taxonomy.version} (${changed} had an older version).\n` +
              (roles.classified > 0 ? `Decided the roles of ${roles.classified} postings again with role classifier ${ROLES_VERSION} (${roles.changed} changed).\n` : ''),
      );
      return result;
    } finally {
      await lease.release();
    }
  } finally {
    await storage.close();
  }
}
