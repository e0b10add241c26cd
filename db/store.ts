// The write side of the database: postings with their mentions, the taxonomy snapshot, runs.
//
// Every statement is prepared once, in the constructor. Each public method is one transaction, so a failure
// (bad posting, disk full, read-only file) leaves the database exactly as before the call. The aggregate tables
// (monthly_tech, monthly_totals) follow deletes and moves by triggers in the schema; inserts, which only this
// store makes, are summed per (month, source, technology) in an AggregateDelta and added in one upsert per key
// at the end of the same transaction (migration 003 says why). The store also keeps posting_tech equal to
// "best strength per technology" of each posting's mentions (insertPostingTechs), and each merged job's
// job_repeats (refreshJobRepeats; triggers cover merges, moves and deletes).

import type { Database, Statement } from 'better-sqlite3';
import type { IsoTime, Mention, Posting, PreparedMentions, RunStatus, SourceRunStats, Strength } from '../src/core/types.js';
import type { PostingToSave, SaveResult, TaxonomySyncEntry, PostingText, IterateOptions } from '../src/core/storage.js';
import { InputError } from '../src/core/errors.js';
import { isAlivePid } from '../src/core/process-alive.js';
import { guardDatabase } from './db-error.js';
import { checkMentions, encodeMentions, prepareMentions } from './mentions-codec.js';

export { bestStrengths, mentionsJson, prepareMentions } from './mentions-codec.js';

// The written data's shapes belong to the storage port (src/core/storage.ts); re-exported for this module's callers.
export type { PostingToSave, SaveResult, TaxonomySyncEntry, PostingText, IterateOptions } from '../src/core/storage.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * first_seen / last_seen / closed_at are compared as text (max(), <), which is only right if they all share one
 * format: every such timestamp is stored as Date#toISOString() ("2024-01-01T00:00:00.000Z").
 */
export function canonicalTime(value: unknown, what: string): string {
  const ms = typeof value === 'string' && value !== '' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InputError(`${what} must be an ISO timestamp, got ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

export function checkPosting(p: Posting): string {
  if (typeof p.source !== 'string' || p.source === '' || typeof p.externalId !== 'string' || p.externalId === '') {
    throw new InputError(`posting ${JSON.stringify(p.source)}:${JSON.stringify(p.externalId)}: source and externalId must be non-empty strings`);
  }
  const where = `posting ${p.source}:${p.externalId}`;
  if (typeof p.postedMonth !== 'string' || !MONTH.test(p.postedMonth)) {
    throw new InputError(`${where}: postedMonth must be "YYYY-MM", got ${JSON.stringify(p.postedMonth)}`);
  }
  if (typeof p.postedAt !== 'string' || p.postedAt === '') throw new InputError(`${where}: postedAt is missing`);
  if (typeof p.text !== 'string') throw new InputError(`${where}: text must be a string`);
  if (typeof p.contentHash !== 'string' || p.contentHash === '') throw new InputError(`${where}: contentHash is missing`);
  return where;
}

export function metaJson(where: string, meta: Posting['meta']): string | null {
  if (meta === undefined || meta === null) return null;
  try {
    return JSON.stringify(meta);
  } catch (err) {
    throw new InputError(`${where}: meta is not JSON-serialisable (${(err as Error).message})`, { cause: err });
  }
}

/**
 * Checks an item's mentions now and returns how to get them encoded later: an unchanged ad (most of a re-scrape)
 * never needs the encoding. Prepared mentions come from prepareMentions, which checked them where it ran (a
 * tagging thread); the store trusts their content and only checks their shape.
 */
export function mentionsOf(where: string, item: PostingToSave): () => PreparedMentions {
  if (item.prepared !== undefined) {
    if (item.mentions !== undefined) throw new InputError(`${where}: give mentions or prepared mentions, not both`);
    const prepared = item.prepared;
    if (typeof prepared?.json !== 'string' || !Array.isArray(prepared.techs)) throw new InputError(`${where}: prepared mentions must have json and techs`);
    return () => prepared;
  }
  const mentions = item.mentions;
  if (mentions === undefined) throw new InputError(`${where}: mentions are missing`);
  checkMentions(where, mentions);
  return () => encodeMentions(mentions);
}

/**
 * The month a NEW posting counts in by openness (posting_months, migration 002): an ad of a dated-record source
 * (006: a "Who is hiring?" thread) counts in its thread's month; a listing counts from the month it was first seen,
 * which is now. The posting_months_extend / _move triggers follow later sightings and moves with the same rule.
 */
export function monthOfOpenness(dated: boolean, postedMonth: string, firstSeen: IsoTime): string {
  return dated ? postedMonth : firstSeen.slice(0, 7);
}

/**
 * Aggregate increments of one transaction's inserts. A batch of one source's ads mostly falls in one month, so a
 * few dozen upserts replace thousands of per-row trigger upserts.
 */
class AggregateDelta {
  readonly totals = new Map<string, { month: string; source: string; postings: number }>();
  readonly techs = new Map<string, { month: string; source: string; tech: string; postings: number; required: number }>();

  posting(month: string, source: string): void {
    const key = `${month}\u0000${source}`;
    const t = this.totals.get(key);
    if (t) t.postings++;
    else this.totals.set(key, { month, source, postings: 1 });
  }

  postingTech(month: string, source: string, tech: string, strength: Strength): void {
    const key = `${month}\u0000${source}\u0000${tech}`;
    const required = strength === 'required' ? 1 : 0;
    const t = this.techs.get(key);
    if (t) {
      t.postings++;
      t.required += required;
    } else this.techs.set(key, { month, source, tech, postings: 1, required });
  }
}

/** Where a posting counts: its month and source as stored, and its job. */
interface Place {
  month: string;
  source: string;
  jobKey: string;
}

interface ExistingRow {
  id: number;
  content_hash: string;
  tagged_version: string | null;
  posted_month: string;
  job_key: string;
}

export class Store {
  private readonly file: string;
  private readonly s: Record<
    | 'findPosting'
    | 'countToRetag'
    | 'insertPosting'
    | 'touchPosting'
    | 'updatePosting'
    | 'deletePostingTech'
    | 'insertPostingTech'
    | 'insertPostingMonth'
    | 'setMentions'
    | 'postingPlace'
    | 'forgetJobRepeats'
    | 'rebuildJobRepeats'
    | 'addTotals'
    | 'addTechCounts'
    | 'closeUnseen'
    | 'pagePostings'
    | 'upsertTechnology'
    | 'deleteStaleTechnologies'
    | 'deleteRelations'
    | 'insertRelation'
    | 'insertRun'
    | 'runExists'
    | 'deleteRunSources'
    | 'insertRunSource'
    | 'endRun'
    | 'runningRuns'
    | 'abortRun',
    Statement
  >;
  private readonly saveTx: (batch: readonly PostingToSave[], seenAt: IsoTime) => SaveResult;
  /** Sources whose ads count in their posted month (migration 006), read once: the engine declares them on open. */
  private readonly datedSources: ReadonlySet<string>;

  constructor(readonly db: Database) {
    this.file = db.name;
    this.datedSources = new Set(
      guardDatabase(this.file, 'reading dated sources', () => db.prepare('SELECT source FROM dated_sources').pluck().all() as string[]),
    );
    const p = (text: string): Statement => guardDatabase(this.file, 'preparing statements', () => db.prepare(text));
    this.s = {
      findPosting: p(
        'SELECT id, content_hash, tagged_version, posted_month, job_key FROM postings WHERE source = ? AND external_id = ?',
      ),
      // job_repeats (migration 003) of one job, recomputed after its postings' technologies changed.
      forgetJobRepeats: p('DELETE FROM job_repeats WHERE posting_id IN (SELECT id FROM postings WHERE job_key = @jobKey)'),
      rebuildJobRepeats: p(`
        INSERT INTO job_repeats (posting_id, tech, month, prev_month)
        SELECT posting_id, tech, month, prev_month FROM (
            SELECT p.id AS posting_id, '' AS tech, p.posted_month AS month,
                   lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
              FROM postings p WHERE p.job_key = @jobKey
            UNION ALL
            SELECT p.id, pt.tech, p.posted_month,
                   lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
              FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key = @jobKey
          ) WHERE prev_month IS NOT NULL`),
      insertPosting: p(`
        INSERT INTO postings (source, external_id, posted_month, posted_at, first_seen, last_seen, closed_at, remote,
                              company, title, location, url, content_hash, job_key, roles, tagged_version,
                              text, html, meta, mentions)
        VALUES (@source, @externalId, @postedMonth, @postedAt, @seenAt, @seenAt, NULL, @remote,
                @company, @title, @location, @url, @contentHash, @jobKey, NULL, @tagVersion,
                @text, @html, @meta, @mentions)`),
      // Seeing an ad again reopens it if a previous full scrape had closed it.
      touchPosting: p(
        'UPDATE postings SET last_seen = max(last_seen, @seenAt), closed_at = NULL WHERE id = @id',
      ),
      // roles are derived from the text, so changed text makes them unknown again.
      updatePosting: p(`
        UPDATE postings
           SET posted_month = @postedMonth, posted_at = @postedAt, last_seen = max(last_seen, @seenAt), closed_at = NULL,
               remote = @remote, company = @company, title = @title, location = @location, url = @url,
               content_hash = @contentHash, roles = NULL, text = @text, html = @html, meta = @meta,
               mentions = @mentions, tagged_version = @tagVersion
         WHERE id = @id`),
      deletePostingTech: p('DELETE FROM posting_tech WHERE posting_id = ?'),
      // Month and source are read from (or were just written to) the posting row in the same transaction.
      insertPostingTech: p('INSERT INTO posting_tech (posting_id, tech, strength, posted_month, source) VALUES (?, ?, ?, ?, ?)'),
      // posting_months (migration 002) of a new posting: one month (monthOfOpenness); 004 says why not a trigger.
      insertPostingMonth: p('INSERT OR IGNORE INTO posting_months (posting_id, month, source) VALUES (?, ?, ?)'),
      setMentions: p('UPDATE postings SET mentions = ?, tagged_version = ? WHERE id = ?'),
      postingPlace: p('SELECT posted_month AS month, source, job_key AS jobKey FROM postings WHERE id = ?'),
      addTotals: p(`
        INSERT INTO monthly_totals (month, source, postings) VALUES (?, ?, ?)
        ON CONFLICT (month, source) DO UPDATE SET postings = postings + excluded.postings`),
      addTechCounts: p(`
        INSERT INTO monthly_tech (month, source, tech, postings, required) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (month, source, tech) DO UPDATE
          SET postings = postings + excluded.postings, required = required + excluded.required`),
      closeUnseen: p(`
        UPDATE postings SET closed_at = @closedAt
         WHERE source = @source AND closed_at IS NULL AND last_seen < @notSeenSince`),
      countToRetag: p(`SELECT count(*) FROM postings WHERE (@notTaggedWith IS NULL OR tagged_version IS NOT @notTaggedWith)`),
      pagePostings: p(`
        SELECT id, source, external_id AS externalId, text, tagged_version AS taggedVersion
          FROM postings
         WHERE id > @afterId
           AND (@source IS NULL OR source = @source)
           AND (@notTaggedWith IS NULL OR tagged_version IS NOT @notTaggedWith)
           AND (@sinceMonth IS NULL OR posted_month >= @sinceMonth)
           AND (@untilMonth IS NULL OR posted_month <= @untilMonth)
         ORDER BY id
         LIMIT @limit`),
      upsertTechnology: p(`
        INSERT INTO technologies (id, name, category, taxonomy_version) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE
          SET name = excluded.name, category = excluded.category, taxonomy_version = excluded.taxonomy_version`),
      deleteStaleTechnologies: p('DELETE FROM technologies WHERE taxonomy_version IS NOT ?'),
      deleteRelations: p('DELETE FROM tech_relations'),
      insertRelation: p('INSERT OR IGNORE INTO tech_relations (tech, type, target) VALUES (?, ?, ?)'),
      insertRun: p(`
        INSERT INTO runs (started_at, status, taxonomy_version, pid, command)
        VALUES (?, 'running', ?, ?, ?)`),
      runExists: p('SELECT 1 FROM runs WHERE id = ?'),
      deleteRunSources: p('DELETE FROM run_sources WHERE run_id = ?'),
      insertRunSource: p(`
        INSERT INTO run_sources (run_id, source, requests, seen, new, updated, unchanged, closed, errors,
                                 duration_ms, status, message)
        VALUES (@runId, @source, @requests, @seen, @new, @updated, @unchanged, @closed, @errors,
                @durationMs, @status, @message)`),
      endRun: p('UPDATE runs SET status = ?, ended_at = ? WHERE id = ?'),
      runningRuns: p("SELECT id, pid FROM runs WHERE status = 'running'"),
      abortRun: p("UPDATE runs SET status = 'aborted', ended_at = ? WHERE id = ? AND status = 'running'"),
    };
    // IMMEDIATE: take the write lock up front; a deferred transaction that reads first can fail half-way
    // with SQLITE_BUSY when another connection writes in between.
    const tx = db.transaction((batch: readonly PostingToSave[], seenAt: IsoTime) => this.saveBatch(batch, seenAt));
    this.saveTx = (batch, seenAt) => tx.immediate(batch, seenAt);
  }

  // ---------------------------------------------------------------- postings

  /**
   * Upserts a batch of tagged postings by (source, externalId) in ONE transaction:
   * new → inserted with its mentions; same content hash → only last_seen moves (re-saving a batch changes no
   * counts); changed content → content and mentions replaced. Aggregates follow. If anything in the batch fails,
   * none of it is stored. seenAt may be any ISO timestamp; it is stored as Date#toISOString().
   */
  savePostings(batch: readonly PostingToSave[], seenAt: IsoTime): SaveResult {
    const seen = canonicalTime(seenAt, 'savePostings: seenAt');
    return guardDatabase(this.file, 'saving postings', () => this.saveTx(batch, seen));
  }

  private saveBatch(batch: readonly PostingToSave[], seenAt: IsoTime): SaveResult {
    const result: SaveResult = { new: 0, updated: 0, unchanged: 0, retagged: 0 };
    const delta = new AggregateDelta();
    for (const item of batch) {
      const p = item.posting;
      const where = checkPosting(p);
      const encoded = mentionsOf(where, item);
      if (typeof item.tagVersion !== 'string' || item.tagVersion === '') throw new InputError(`${where}: tagVersion is missing`);
      const existing = this.s.findPosting.get(p.source, p.externalId) as ExistingRow | undefined;
      if (existing && existing.content_hash === p.contentHash) {
        this.s.touchPosting.run({ id: existing.id, seenAt });
        result.unchanged++;
        if (existing.tagged_version !== item.tagVersion) {
          const place: Place = { month: existing.posted_month, source: p.source, jobKey: existing.job_key };
          this.replaceTagging(existing.id, place, encoded(), item.tagVersion, delta);
          result.retagged++;
        }
        continue;
      }
      const prepared = encoded();
      const row = {
        source: p.source,
        externalId: p.externalId,
        postedMonth: p.postedMonth,
        postedAt: p.postedAt,
        seenAt,
        remote: p.remote === null || p.remote === undefined ? null : p.remote ? 1 : 0,
        company: p.company ?? null,
        title: p.title ?? null,
        location: p.location ?? null,
        url: p.url ?? null,
        contentHash: p.contentHash,
        text: p.text,
        // The page's HTML is not kept (the column stays, and rows written before keep theirs until the ad changes):
        // nothing reads it back — mentions, offsets and re-tagging all work on the text — and it was a third of every
        // row, of the database's size and of the write time of a bulk load. The url says where the original is.
        html: null,
        meta: metaJson(where, p.meta),
        mentions: prepared.json,
        tagVersion: item.tagVersion,
      };
      if (existing) {
        this.s.updatePosting.run({ ...row, id: existing.id });
        result.updated++;
        this.s.deletePostingTech.run(existing.id);
        this.insertPostingTechs(existing.id, { month: p.postedMonth, source: p.source, jobKey: existing.job_key }, prepared, delta);
        this.refreshJobRepeats(existing.job_key);
      } else {
        // Mentions and tagged_version go in with the row. A new posting has no posting_tech rows to replace and is
        // its own job (dedup may merge it later; job_repeats follows by trigger then).
        const jobKey = `${p.source}:${p.externalId}`;
        const id = Number(this.s.insertPosting.run({ ...row, jobKey }).lastInsertRowid);
        this.s.insertPostingMonth.run(id, monthOfOpenness(this.datedSources.has(p.source), p.postedMonth, seenAt), p.source);
        result.new++;
        delta.posting(p.postedMonth, p.source);
        this.insertPostingTechs(id, { month: p.postedMonth, source: p.source, jobKey }, prepared, delta);
      }
    }
    this.applyDelta(delta);
    return result;
  }

  /** Adds a transaction's summed inserts to the aggregate tables (call last, inside the same transaction). */
  private applyDelta(delta: AggregateDelta): void {
    for (const t of delta.totals.values()) this.s.addTotals.run(t.month, t.source, t.postings);
    for (const t of delta.techs.values()) this.s.addTechCounts.run(t.month, t.source, t.tech, t.postings, t.required);
  }

  /**
   * Replaces a stored posting's mentions and posting_tech rows (not transactional by itself). `place` is the
   * posting's month and source as stored now; the new rows' counts go to `delta`, the deleted rows' leave by trigger.
   */
  private replaceTagging(postingId: number, place: Place, mentions: PreparedMentions, tagVersion: string, delta: AggregateDelta): void {
    this.s.setMentions.run(mentions.json, tagVersion, postingId);
    this.s.deletePostingTech.run(postingId);
    this.insertPostingTechs(postingId, place, mentions, delta);
    this.refreshJobRepeats(place.jobKey);
  }

  /** Recomputes one job's repeats (a handful of rows; nothing for a job of one posting). */
  private refreshJobRepeats(jobKey: string): void {
    this.s.forgetJobRepeats.run({ jobKey });
    this.s.rebuildJobRepeats.run({ jobKey });
  }

  /** Inserts the posting_tech rows (best strength per technology) of a posting that has none. */
  private insertPostingTechs(postingId: number, place: Place, mentions: PreparedMentions, delta: AggregateDelta): void {
    for (const [tech, strength] of mentions.techs) {
      this.s.insertPostingTech.run(postingId, tech, strength, place.month, place.source);
      delta.postingTech(place.month, place.source, tech, strength);
    }
  }

  /** Re-tagging: replaces one posting's mentions with those of taxonomy `tagVersion`. */
  replaceMentions(postingId: number, mentions: readonly Mention[], tagVersion: string): void {
    this.replaceMentionsBatch([{ postingId, mentions }], tagVersion);
  }

  /** Re-tagging many postings in ONE transaction (all or nothing); far faster than one call per posting. */
  replaceMentionsBatch(items: readonly { postingId: number; mentions: readonly Mention[] }[], tagVersion: string): void {
    if (typeof tagVersion !== 'string' || tagVersion === '') throw new InputError('replaceMentions: tagVersion is missing');
    guardDatabase(this.file, 're-tagging postings', () =>
      this.db
        .transaction(() => {
          const delta = new AggregateDelta();
          for (const { postingId, mentions } of items) {
            const where = `posting ${postingId}`;
            const prepared = prepareMentions(where, mentions);
            const place = this.s.postingPlace.get(postingId) as Place | undefined;
            if (!place) throw new InputError(`${where} does not exist in ${this.file}`);
            this.replaceTagging(postingId, place, prepared, tagVersion, delta);
          }
          this.applyDelta(delta);
        })
        .immediate(),
    );
  }

  /**
   * Closes the open postings of `source` not seen since `notSeenSince` (the start of a FULL scrape of that source,
   * whose savePostings calls all used a seenAt at or after it). Timestamps are stored as Date#toISOString(). Returns how many were closed. Only call it after a
   * complete, successful scrape of the source, or ads that were merely not fetched would be closed.
   */
  markClosed(source: string, notSeenSince: IsoTime, closedAt: IsoTime = notSeenSince): number {
    const since = canonicalTime(notSeenSince, 'markClosed: notSeenSince');
    const closed = canonicalTime(closedAt, 'markClosed: closedAt');
    return guardDatabase(this.file, 'closing unseen postings', () =>
      this.s.closeUnseen.run({ source, notSeenSince: since, closedAt: closed }).changes,
    );
  }

  /**
   * Streams postings (id order) in pages; no statement stays open between pages, so the caller may write
   * (replaceMentions) while iterating.
   */
  /** How many stored postings iteratePostings({ notTaggedWith }) will yield (every posting without the option). */
  countPostingsToRetag(notTaggedWith?: string): number {
    return this.s.countToRetag.pluck().get({ notTaggedWith: notTaggedWith ?? null }) as number;
  }

  *iteratePostings(opts: IterateOptions = {}): Generator<PostingText> {
    const limit = opts.pageSize ?? 500;
    let afterId = 0;
    for (;;) {
      const page = guardDatabase(this.file, 'reading postings', () =>
        this.s.pagePostings.all({
          afterId,
          source: opts.source ?? null,
          notTaggedWith: opts.notTaggedWith ?? null,
          sinceMonth: opts.sinceMonth ?? null,
          untilMonth: opts.untilMonth ?? null,
          limit,
        }),
      ) as PostingText[];
      yield* page;
      if (page.length < limit) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  // ---------------------------------------------------------------- taxonomy

  /**
   * Makes the technologies and tech_relations tables mirror the taxonomy `version`: entries are upserted,
   * technologies no longer in it are removed (their past mentions stay and are shown by id).
   */
  syncTaxonomy(entries: readonly TaxonomySyncEntry[], version: string): void {
    guardDatabase(this.file, 'saving the taxonomy', () =>
      this.db.transaction(() => {
        for (const e of entries) this.s.upsertTechnology.run(e.id, e.name, e.category, version);
        this.s.deleteStaleTechnologies.run(version);
        this.s.deleteRelations.run();
        for (const e of entries) {
          for (const r of e.relations) this.s.insertRelation.run(e.id, r.type, r.target);
        }
      }).immediate(),
    );
  }

  // ---------------------------------------------------------------- runs

  /** Records a run as 'running' with this process's pid; returns its id. */
  startRun(command: string, taxonomyVersion: string | null, startedAt: IsoTime = new Date().toISOString()): number {
    return guardDatabase(this.file, 'recording the run', () =>
      Number(this.s.insertRun.run(startedAt, taxonomyVersion, process.pid, command).lastInsertRowid),
    );
  }

  /** Records (replaces) a run's per-source statistics; the run keeps its status. */
  recordRunSources(runId: number, sourceStats: readonly SourceRunStats[]): void {
    guardDatabase(this.file, 'recording the run', () =>
      this.db.transaction(() => this.writeRunSources(runId, sourceStats)).immediate(),
    );
  }

  private writeRunSources(runId: number, sourceStats: readonly SourceRunStats[]): void {
    if (!this.s.runExists.get(runId)) throw new InputError(`run ${runId} does not exist in ${this.file}`);
    this.s.deleteRunSources.run(runId);
    for (const st of sourceStats) {
      this.s.insertRunSource.run({
        runId,
        source: st.source,
        requests: st.requests,
        seen: st.seen,
        new: st.new,
        updated: st.updated,
        unchanged: st.unchanged,
        closed: st.closed,
        errors: JSON.stringify(st.errors ?? {}),
        durationMs: Math.round(st.durationMs),
        status: st.status,
        message: st.message ?? null,
      });
    }
  }

  /** Ends a run with its status and per-source statistics (replacing any recorded before). */
  finishRun(
    runId: number,
    status: Exclude<RunStatus, 'running'>,
    sourceStats: readonly SourceRunStats[],
    endedAt: IsoTime = new Date().toISOString(),
  ): void {
    guardDatabase(this.file, 'recording the run', () =>
      this.db.transaction(() => {
        this.writeRunSources(runId, sourceStats);
        this.s.endRun.run(status, endedAt, runId);
      }).immediate(),
    );
  }

  /**
   * Marks runs left 'running' by a process that no longer exists (killed, crashed, power loss) as 'aborted'.
   * Returns how many. `isAlive` is the liveness test (default: signal 0 to the pid).
   */
  markAbortedRuns(isAlive: (pid: number) => boolean = isAlivePid, now: IsoTime = new Date().toISOString()): number {
    return guardDatabase(this.file, 'checking interrupted runs', () =>
      this.db.transaction(() => {
        let aborted = 0;
        for (const run of this.s.runningRuns.all() as { id: number; pid: number | null }[]) {
          if (run.pid === null || !isAlive(run.pid)) aborted += this.s.abortRun.run(now, run.id).changes;
        }
        return aborted;
      }).immediate(),
    );
  }
}
