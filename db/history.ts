// What repeated runs add to stored postings: roles, job keys (dedup), closing what disappeared, the months each
// posting counts in, and the run bookkeeping a scheduler needs (last successful sync of a source).
//
// db/ may not import src/ beyond types and errors, so the pure cores (src/roles.ts classifier, src/dedup.ts
// features and matching) come in through the `HistoryCores` interface; src/run.ts passes the real ones.
//
// The marker of "not indexed yet" is postings.roles IS NULL (new postings, and those whose text changed: the store
// resets roles then), kept small by the partial index postings_pending_history of 002_history.sql. indexPending()
// classifies and deduplicates those, oldest first, so dedup is deterministic for a given insertion order.

import type { Database, Statement } from 'better-sqlite3';
import type { IsoTime, Month, QueryFilter } from '../src/core/types.js';
import type { HistoryCandidate, HistoryCores, HistoryDoc, IndexStats, ReclassifyStats } from '../src/core/storage.js';
import { UsageError } from '../src/core/errors.js';
import { guardDatabase } from './db-error.js';
import { postingConditions } from './filter-sql.js';
import { queryAll, sql, sqlEmpty, sqlList, type Sql } from './sql.js';
import { countUnit, unitCountSql } from './count-units.js';

// The shapes history works with belong to the storage port (src/core/storage.ts); re-exported for callers.
export type { HistoryDoc, HistoryFeatures, HistoryCandidate, HistoryCores, IndexStats, ReclassifyStats } from '../src/core/storage.js';

const ROLE_LIST = /^[a-z][a-z-]*(,[a-z][a-z-]*)*$/;
/** Candidates read per posting at most: bounds the work for a company with thousands of near-identical ads. */
const MAX_CANDIDATES = 200;

/** A posting waiting for its roles and job key, as indexing reads it (both engines). */
export interface PendingRow {
  id: number;
  source: string;
  externalId: string;
  company: string | null;
  title: string | null;
  location: string | null;
  text: string;
  /** postings.mentions: [[tech, offset, length, strength, rule, text], …] (db/mentions-codec.ts). */
  mentions: string | null;
}

export class History {
  private readonly file: string;
  private readonly s: Record<
    | 'pending'
    | 'setRoles'
    | 'setJobKey'
    | 'deleteFingerprint'
    | 'deleteLsh'
    | 'insertFingerprint'
    | 'insertLsh'
    | 'byFingerprint'
    | 'closeScoped'
    | 'closeSource'
    | 'openScoped'
    | 'openSource'
    | 'lastOkRun'
    | 'reclassifyChunk'
    | 'getSetting'
    | 'setSetting'
    | 'categories'
    | 'anyClassified',
    Statement
  >;
  private categoryOf: Map<string, string> | null = null;

  constructor(
    readonly db: Database,
    private readonly cores: HistoryCores,
  ) {
    this.file = db.name;
    const p = (text: string): Statement => guardDatabase(this.file, 'preparing statements', () => db.prepare(text));
    // Case-insensitive prefix of external_id: ATS ids are "<board>:<id>", and boards are matched like the APIs do.
    const scope = 'lower(substr(external_id, 1, length(@prefix))) = lower(@prefix)';
    this.s = {
      pending: p(`
        SELECT id, source, external_id AS externalId, company, title, location, text, mentions
          FROM postings WHERE roles IS NULL AND id > @afterId ORDER BY id LIMIT @limit`),
      reclassifyChunk: p(`
        SELECT id, source, external_id AS externalId, company, title, location, text, mentions, roles
          FROM postings WHERE id > @afterId AND roles IS NOT NULL ORDER BY id LIMIT @limit`),
      getSetting: p('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      categories: p('SELECT id, category FROM technologies'),
      anyClassified: p('SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1').pluck(),
      setRoles: p('UPDATE postings SET roles = ? WHERE id = ?'),
      setJobKey: p('UPDATE postings SET job_key = @jobKey WHERE id = @id AND job_key IS NOT @jobKey'),
      deleteFingerprint: p('DELETE FROM posting_fingerprints WHERE posting_id = ?'),
      deleteLsh: p('DELETE FROM posting_lsh WHERE posting_id = ?'),
      insertFingerprint: p('INSERT INTO posting_fingerprints (posting_id, fingerprint) VALUES (?, ?)'),
      insertLsh: p('INSERT OR IGNORE INTO posting_lsh (bucket, posting_id) VALUES (?, ?)'),
      byFingerprint: p(`
        SELECT p.job_key AS jobKey FROM posting_fingerprints f JOIN postings p ON p.id = f.posting_id
         WHERE f.fingerprint = ? ORDER BY f.posting_id LIMIT 1`),
      closeScoped: p(`
        UPDATE postings SET closed_at = @closedAt
         WHERE source = @source AND closed_at IS NULL AND last_seen < @notSeenSince AND ${scope}`),
      closeSource: p(`
        UPDATE postings SET closed_at = @closedAt
         WHERE source = @source AND closed_at IS NULL AND last_seen < @notSeenSince`),
      openScoped: p(`SELECT count(*) FROM postings WHERE source = @source AND closed_at IS NULL AND ${scope}`).pluck(),
      openSource: p('SELECT count(*) FROM postings WHERE source = @source AND closed_at IS NULL').pluck(),
      lastOkRun: p(`
        SELECT max(r.started_at) FROM run_sources rs JOIN runs r ON r.id = rs.run_id
         WHERE rs.source = ? AND rs.status = 'ok'`).pluck(),
    };
  }

  // ---------------------------------------------------------------- roles and job keys

  /**
   * Classifies and deduplicates up to `limit` pending postings (roles IS NULL), oldest first. Not a transaction by
   * itself: call it inside the one that saved the postings (src/run.ts does), or use indexPendingAll().
   */
  indexPending(limit = 1000): IndexStats {
    const stats: IndexStats = { indexed: 0, merged: 0 };
    const rows = this.s.pending.all({ afterId: 0, limit }) as PendingRow[];
    for (const row of rows) {
      if (this.indexOne(row)) stats.merged++;
      stats.indexed++;
    }
    return stats;
  }

  /**
   * Indexes every pending posting, `chunk` per transaction (a backfill after `scrape`, `demo` or an upgrade). Roles
   * an older classifier decided are decided again first (nothing to do when they are current), so the database
   * never holds two versions' decisions once this returns.
   */
  indexPendingAll(chunk = 500): IndexStats {
    this.reclassifyRoles();
    const total: IndexStats = { indexed: 0, merged: 0 };
    const tx = this.db.transaction(() => this.indexPending(chunk));
    for (;;) {
      const s = guardDatabase(this.file, 'classifying postings', () => tx.immediate());
      total.indexed += s.indexed;
      total.merged += s.merged;
      if (s.indexed < chunk) return total;
    }
  }

  /** The posting as the cores see it: text fields and its mentions with their categories. */
  private doc(row: PendingRow): HistoryDoc {
    this.categoryOf ??= new Map((this.s.categories.all() as { id: string; category: string }[]).map((r) => [r.id, r.category]));
    const mentions: NonNullable<HistoryDoc['mentions']> = [];
    if (row.mentions) {
      for (const m of JSON.parse(row.mentions) as [string, number][]) mentions.push({ tech: m[0], offset: m[1], category: this.categoryOf.get(m[0]) ?? null });
    }
    return { company: row.company, title: row.title, location: row.location, text: row.text, mentions };
  }

  private rolesOf(row: PendingRow, doc: HistoryDoc): string {
    const roles = this.cores.classifyRoles(doc).join(',');
    if (!ROLE_LIST.test(roles)) throw new UsageError(`posting ${row.source}:${row.externalId}: classifier returned roles "${roles.slice(0, 60)}"`);
    return roles;
  }

  /** Returns true when the posting joined another one's job. */
  private indexOne(row: PendingRow): boolean {
    const doc = this.doc(row);
    const roles = this.rolesOf(row, doc);
    // Its own old entries go first: a changed ad must not match its previous self.
    this.s.deleteFingerprint.run(row.id);
    this.s.deleteLsh.run(row.id);
    const features = this.cores.features(doc);
    const match = this.cores.match(doc, features, this.index(row.id), row.id);
    const jobKey = match?.jobKey ?? `${row.source}:${row.externalId}`;
    this.s.setJobKey.run({ jobKey, id: row.id });
    this.s.insertFingerprint.run(row.id, features.fingerprint);
    for (const b of features.buckets) this.s.insertLsh.run(b, row.id);
    this.s.setRoles.run(roles, row.id);
    return match !== null;
  }

  private index(selfId: number) {
    return {
      jobKeyByFingerprint: (fp: string): string | undefined => (this.s.byFingerprint.get(fp) as { jobKey: string } | undefined)?.jobKey,
      candidates: (buckets: readonly number[]): HistoryCandidate[] => {
        if (buckets.length === 0) return [];
        return queryAll<{ id: number; jobKey: string; company: string | null; title: string | null; location: string | null; text: string }>(
          this.db,
          sql`SELECT p.id AS id, p.job_key AS jobKey, p.company AS company, p.title AS title, p.location AS location, p.text AS text
                FROM postings p
               WHERE p.id IN (SELECT l.posting_id FROM posting_lsh l WHERE l.bucket IN ${sqlList(buckets)})
                 AND p.id <> ${selfId}
               ORDER BY p.id DESC
               LIMIT ${MAX_CANDIDATES}`,
        ).map((r) => ({ id: r.id, jobKey: r.jobKey, doc: { company: r.company, title: r.title, location: r.location, text: r.text } }));
      },
    };
  }

  // ---------------------------------------------------------------- roles of a newer classifier

  /** The classifier version whose decisions postings.roles holds (null: from before versions were recorded). */
  rolesVersion(): string | null {
    return guardDatabase(this.file, 'reading settings', () => (this.s.getSetting.get('roles_version') as string | undefined) ?? null);
  }

  /**
   * Classifies the roles of every stored posting again when they were decided by another classifier version (or
   * always with `force`), `chunk` postings per transaction. Resumable: an interrupted pass keeps its cursor and
   * goes on from there; the version is written only when every posting is done, so role filters can tell a
   * finished database from one that mixes two versions. Dedup keys are left alone: they do not depend on roles.
   */
  reclassifyRoles(options: { force?: boolean; chunk?: number; onProgress?: (done: number) => void } = {}): ReclassifyStats {
    const stats: ReclassifyStats = { classified: 0, changed: 0 };
    const target = this.cores.rolesVersion;
    if (options.force) {
      // Forget the version first: an interrupted forced pass must not leave "current" over mixed decisions.
      guardDatabase(this.file, 'writing settings', () => this.db.transaction(() => {
        this.db.prepare("DELETE FROM settings WHERE key = 'roles_version' OR key LIKE 'roles_cursor:%'").run();
      }).immediate());
    }
    const current = this.rolesVersion();
    if (current === target) return stats;
    // A database without classified postings has nothing older to redo (a fresh one, before its first scrape).
    if (current === null && this.s.anyClassified.get() === undefined) {
      this.markRolesCurrent();
      return stats;
    }
    const chunk = options.chunk ?? 1000;
    const cursorKey = `roles_cursor:${target}`;
    let after = Number(guardDatabase(this.file, 'reading settings', () => this.s.getSetting.get(cursorKey) as string | undefined) ?? 0);
    const step = this.db.transaction(() => {
      const rows = this.s.reclassifyChunk.all({ afterId: after, limit: chunk }) as (PendingRow & { roles: string })[];
      for (const row of rows) {
        const roles = this.rolesOf(row, this.doc(row));
        if (roles !== row.roles) { this.s.setRoles.run(roles, row.id); stats.changed++; }
        stats.classified++;
        after = row.id;
      }
      if (rows.length < chunk) {
        this.s.setSetting.run('roles_version', target);
        this.db.prepare('DELETE FROM settings WHERE key LIKE \'roles_cursor:%\'').run();
      } else this.s.setSetting.run(cursorKey, String(after));
      return rows.length;
    });
    for (;;) {
      const n = guardDatabase(this.file, 'classifying roles', () => step.immediate());
      options.onProgress?.(stats.classified);
      if (n < chunk) return stats;
    }
  }

  /**
   * Marks the roles of a database where every posting was just classified by the current classifier (a fresh
   * database: nothing older to redo).
   */
  markRolesCurrent(): void {
    guardDatabase(this.file, 'writing settings', () => this.s.setSetting.run('roles_version', this.cores.rolesVersion));
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the open postings of `source` (only those whose external id starts with `prefix`, e.g. "vercel:" for one
   * Greenhouse board, when given) that were not seen since `notSeenSince` — the start of a COMPLETE, successful
   * scrape of exactly that scope. Returns how many were closed. Never call it after a failed or partial scrape.
   */
  closeUnseen(scope: { source: string; prefix?: string | undefined }, notSeenSince: IsoTime, closedAt: IsoTime = notSeenSince): number {
    return guardDatabase(this.file, 'closing unseen postings', () =>
      scope.prefix !== undefined
        ? this.s.closeScoped.run({ source: scope.source, prefix: scope.prefix, notSeenSince, closedAt }).changes
        : this.s.closeSource.run({ source: scope.source, notSeenSince, closedAt }).changes,
    );
  }

  /** Open (not closed) postings in a scope, e.g. before a scrape, to notice a source that suddenly returns nothing. */
  openCount(scope: { source: string; prefix?: string | undefined }): number {
    return guardDatabase(this.file, 'counting open postings', () =>
      scope.prefix !== undefined
        ? (this.s.openScoped.get({ source: scope.source, prefix: scope.prefix }) as number)
        : (this.s.openSource.get({ source: scope.source }) as number),
    );
  }

  // ---------------------------------------------------------------- runs

  /** Start time of the last run in which `source` finished ok, or null. */
  lastSuccessfulRun(source: string): IsoTime | null {
    return guardDatabase(this.file, 'reading past runs', () => (this.s.lastOkRun.get(source) as IsoTime | null) ?? null);
  }
}

// ---------------------------------------------------------------- counting by months of openness

export type { CountUnit } from './count-units.js';

/** Conditions on a posting `p` counted in the months of posting_months `pm`. */
function openConditions(filter: QueryFilter): Sql {
  return postingConditions(sql`p`, filter, { month: sql`pm.month`, source: sql`pm.source` });
}


export function openMonthTotalsSql(filter: QueryFilter): Sql {
  return sql`
    SELECT pm.month AS month, ${unitCountSql(countUnit(filter), 'many')} AS total
      FROM posting_months pm JOIN postings p ON p.id = pm.posting_id
     WHERE ${openConditions(filter)}
     GROUP BY pm.month ORDER BY pm.month`;
}

/**
 * Units (jobs by default, postings or companies) open in each month of the filter: an HN ad in its thread month, a
 * listing ad in every month runs saw it open. Months without any are absent.
 */
export function openMonthTotals(db: Database, filter: QueryFilter = {}): { month: Month; total: number }[] {
  return guardDatabase(db.name, 'querying', () => queryAll<{ month: Month; total: number }>(db, openMonthTotalsSql(filter)));
}

export function openMonthTechCountsSql(techs: readonly string[], filter: QueryFilter): Sql {
  return sql`
    SELECT pm.month AS month, pt.tech AS tech, ${unitCountSql(countUnit(filter), 'many')} AS count
      FROM posting_months pm
      JOIN postings p ON p.id = pm.posting_id
      JOIN posting_tech pt ON pt.posting_id = pm.posting_id
     WHERE pt.tech IN ${sqlList(techs)} AND ${openConditions(filter)}
       ${filter.requiredOnly ? sql`AND pt.strength = 'required'` : sqlEmpty}
     GROUP BY pm.month, pt.tech ORDER BY pm.month, pt.tech`;
}

/** Per month and technology: units open that month that mention it (zero counts are absent). */
export function openMonthTechCounts(db: Database, techs: readonly string[], filter: QueryFilter = {}): { month: Month; tech: string; count: number }[] {
  if (techs.length === 0) return [];
  return guardDatabase(db.name, 'querying', () => queryAll<{ month: Month; tech: string; count: number }>(db, openMonthTechCountsSql(techs, filter)));
}
