// The PostgreSQL engine behind the storage port's write side (src/core/storage.ts): one database shared by
// collectors on several hosts and by readers.
//
// A batch is one transaction in two phases:
//   1. Set-based writes that run in parallel with other collectors: the batch's existing rows are locked in
//      (source, external_id) order, new postings go in by COPY into a staging table and one
//      INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING, changed and re-seen ones by UPDATE … FROM unnest(…), their
//      technologies by one DELETE and one INSERT. Every lock is taken in key order, so two collectors never deadlock.
//   2. Roles and dedup features (each posting's own) are decided next, still in parallel. Then, under one
//      transaction-scoped advisory lock taken last before COMMIT: the job match (dedup must see every other
//      collector's committed postings of the same job, so it runs one collector at a time, exactly as the embedded
//      engine runs it), the job repeats of the jobs touched, and the batch's counter changes (monthly totals and
//      per-technology counts), summed and applied in key order. The commit releases the lock.
// Coordination the embedded engine keeps in files lives in tables here (migration 001): unit leases, host budgets,
// HTTP validators; run liveness is the session of the process that started the run (pg_stat_activity).
import { hostname } from 'node:os';
import pgLib from 'pg';
import copyStreams from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  CollectionStorage,
  HistoryCores,
  HistoryCandidate,
  HistoryDoc,
  HostBudgets,
  IndexStats,
  IterateOptions,
  PostingText,
  PostingToSave,
  ReclassifyStats,
  SaveResult,
  TaxonomySyncEntry,
  UnitLeases,
  UnitScope,
  ValidatorStore,
  WriterLease,
  WriterOptions,
} from '../../src/core/storage.js';
import type { IsoTime, Mention, PreparedMentions, RunStatus, SourceRunStats } from '../../src/core/types.js';
import { InputError, LockedError, UsageError } from '../../src/core/errors.js';
import { canonicalTime, checkPosting, mentionsOf, metaJson, monthOfOpenness } from '../store.js';
import { prepareMentions } from '../mentions-codec.js';
import type { PendingRow } from '../history.js';
import { LOCKS, LOCK_NAMESPACE, pgTypes, connect, displayUrl, execute, migrate, pgError, query, queryOne, transaction, type PgClient } from './pg-connect.js';
import { pg } from './pg-sql.js';

const { Pool } = pgLib;
type PgPool = InstanceType<typeof Pool>;

const ROLE_LIST = /^[a-z][a-z-]*(,[a-z][a-z-]*)*$/;
const MAX_CANDIDATES = 200;
/** How long a unit lease lasts without a heartbeat (a killed collector's units are free again after it). */
export const DEFAULT_LEASE_TTL_MS = 60_000;

export interface PostgresStorageOptions {
  cores: HistoryCores;
  /** Sources whose ads are a complete, dated record (descriptor family "thread"), recorded on first use. */
  datedSources?: readonly string[];
  /** Unit lease length; heartbeats extend it every third of it. */
  leaseTtlMs?: number;
  /** Connections this process opens for work (default 4: the units a run scrapes at once). */
  poolSize?: number;
}

/** Every month from `from` to `to` inclusive ("YYYY-MM"). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let guard = 0; guard < 2000; guard++) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    out.push(month);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** A value of the text COPY format: \N for NULL, backslash escapes for what would end a field or a row. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

interface Checked {
  where: string;
  item: PostingToSave;
  encoded: () => PreparedMentions;
}

interface ExistingRow {
  id: number;
  source: string;
  external_id: string;
  content_hash: string;
  tagged_version: string | null;
  posted_month: string;
  job_key: string;
  last_seen: string;
  closed_at: string | null;
}


/**
 * Counter changes of one transaction, summed per key and applied last, under the history lock, in key order: two
 * collectors never wait on each other's counter rows in opposite orders.
 */
class AggregateDelta {
  readonly totals = new Map<string, number>();
  readonly techs = new Map<string, [number, number]>();

  posting(month: string, source: string, sign: 1 | -1): void {
    const key = `${month}\u0000${source}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + sign);
  }

  tech(month: string, source: string, tech: string, strength: string, sign: 1 | -1): void {
    const key = `${month}\u0000${source}\u0000${tech}`;
    const t = this.techs.get(key) ?? [0, 0];
    t[0] += sign;
    if (strength === 'required') t[1] += sign;
    this.techs.set(key, t);
  }

  async apply(c: PgClient): Promise<void> {
    const totals = [...this.totals].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (totals.length > 0) {
      const k = totals.map(([key]) => key.split('\u0000'));
      await execute(
        c,
        pg`INSERT INTO monthly_totals (month, source, postings)
           SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[], ${totals.map(([, n]) => n)}::int[])
           ON CONFLICT (month, source) DO UPDATE SET postings = monthly_totals.postings + excluded.postings`,
      );
      await execute(c, pg`DELETE FROM monthly_totals WHERE postings <= 0 AND (month, source) IN (SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[]))`);
    }
    const techs = [...this.techs].filter(([, [n, r]]) => n !== 0 || r !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (techs.length > 0) {
      const k = techs.map(([key]) => key.split('\u0000'));
      await execute(
        c,
        pg`INSERT INTO monthly_tech (month, source, tech, postings, required)
           SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[], ${k.map((x) => x[2]!)}::text[],
                                ${techs.map(([, t]) => t[0])}::int[], ${techs.map(([, t]) => t[1])}::int[])
           ON CONFLICT (month, source, tech) DO UPDATE
             SET postings = monthly_tech.postings + excluded.postings, required = monthly_tech.required + excluded.required`,
      );
      await execute(
        c,
        pg`DELETE FROM monthly_tech WHERE postings <= 0
             AND (month, source, tech) IN (SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[], ${k.map((x) => x[2]!)}::text[]))`,
      );
    }
  }
}

/**
 * Recomputes the job repeats of every posting of the jobs `keys` (SQLite's migration 003 does it by triggers) and
 * applies the change to job_repeat_counts in key order. Call under the history lock.
 */
async function refreshJobRepeats(c: PgClient, keys: ReadonlySet<string>): Promise<void> {
  if (keys.size === 0) return;
  const list = [...keys];
  const net = new Map<string, number>();
  const add = (rows: { tech: string; month: string; prev: string; n: number }[], sign: 1 | -1) => {
    for (const r of rows) {
      const key = `${r.tech}\u0000${r.month}\u0000${r.prev}`;
      net.set(key, (net.get(key) ?? 0) + sign * r.n);
    }
  };
  add(
    await query(
      c,
      pg`WITH d AS (DELETE FROM job_repeats WHERE posting_id IN (SELECT id FROM postings WHERE job_key = ANY(${list}::text[])) RETURNING tech, month, prev_month)
         SELECT tech, month, prev_month AS prev, count(*)::int AS n FROM d GROUP BY 1, 2, 3`,
    ),
    -1,
  );
  add(
    await query(
      c,
      pg`WITH r AS (
           SELECT p.id AS posting_id, ''::text AS tech, p.posted_month AS month,
                  lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
             FROM postings p WHERE p.job_key = ANY(${list}::text[])
           UNION ALL
           SELECT p.id, pt.tech, p.posted_month,
                  lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
             FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key = ANY(${list}::text[])),
         i AS (INSERT INTO job_repeats (posting_id, tech, month, prev_month)
               SELECT posting_id, tech, month, prev_month FROM r WHERE prev_month IS NOT NULL RETURNING tech, month, prev_month)
         SELECT tech, month, prev_month AS prev, count(*)::int AS n FROM i GROUP BY 1, 2, 3`,
    ),
    1,
  );
  const changes = [...net].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changes.length === 0) return;
  const k = changes.map(([key]) => key.split('\u0000'));
  await execute(
    c,
    pg`INSERT INTO job_repeat_counts (tech, month, prev_month, repeats)
       SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[], ${k.map((x) => x[2]!)}::text[], ${changes.map(([, n]) => n)}::int[])
       ON CONFLICT (tech, month, prev_month) DO UPDATE SET repeats = job_repeat_counts.repeats + excluded.repeats`,
  );
  await execute(
    c,
    pg`DELETE FROM job_repeat_counts WHERE repeats <= 0
         AND (tech, month, prev_month) IN (SELECT * FROM unnest(${k.map((x) => x[0]!)}::text[], ${k.map((x) => x[1]!)}::text[], ${k.map((x) => x[2]!)}::text[]))`,
  );
}

/** Rows of a batch, collected per table and written with one statement each. */
class BatchWrites {
  constructor(private readonly delta: AggregateDelta) {}

  techIds: number[] = [];
  techs: string[] = [];
  strengths: string[] = [];
  techMonths: string[] = [];
  techSources: string[] = [];
  replaceTechsOf: number[] = [];
  monthIds: number[] = [];
  months: string[] = [];
  monthSources: string[] = [];
  resetMonthsOf: number[] = [];

  addTechs(id: number, month: string, source: string, prepared: PreparedMentions): void {
    for (const [tech, strength] of prepared.techs) {
      this.delta.tech(month, source, tech, strength, 1);
      this.techIds.push(id);
      this.techs.push(tech);
      this.strengths.push(strength);
      this.techMonths.push(month);
      this.techSources.push(source);
    }
  }

  addMonths(id: number, source: string, months: readonly string[]): void {
    for (const month of months) {
      this.monthIds.push(id);
      this.months.push(month);
      this.monthSources.push(source);
    }
  }

  async apply(c: PgClient): Promise<void> {
    if (this.replaceTechsOf.length > 0) {
      const gone = await query<{ tech: string; strength: string; month: string; source: string }>(
        c,
        pg`DELETE FROM posting_tech WHERE posting_id = ANY(${this.replaceTechsOf}::bigint[]) RETURNING tech, strength, posted_month AS month, source`,
      );
      for (const g of gone) this.delta.tech(g.month, g.source, g.tech, g.strength, -1);
    }
    if (this.techIds.length > 0) {
      await execute(
        c,
        pg`INSERT INTO posting_tech (posting_id, tech, strength, posted_month, source)
           SELECT * FROM unnest(${this.techIds}::bigint[], ${this.techs}::text[], ${this.strengths}::text[], ${this.techMonths}::text[], ${this.techSources}::text[])`,
      );
    }
    if (this.resetMonthsOf.length > 0) await execute(c, pg`DELETE FROM posting_months WHERE posting_id = ANY(${this.resetMonthsOf}::bigint[])`);
    if (this.monthIds.length > 0) {
      await execute(
        c,
        pg`INSERT INTO posting_months (posting_id, month, source)
           SELECT * FROM unnest(${this.monthIds}::bigint[], ${this.months}::text[], ${this.monthSources}::text[])
           ON CONFLICT DO NOTHING`,
      );
    }
  }
}

export class PostgresStorage implements CollectionStorage {
  readonly location: string;
  readonly validators: ValidatorStore;
  readonly leases: UnitLeases;
  readonly hostBudgets: HostBudgets;
  private pool: PgPool | undefined;
  private ready: Promise<void> | undefined;
  private session: Promise<{ client: PgClient; id: string }> | undefined;
  private closed = false;
  private categoryOf: Map<string, string> | null = null;
  private datedSources: Set<string> | null = null;
  private readonly leaseTtlMs: number;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly held = new Set<string>();
  private roundStart: string | undefined;

  constructor(
    private readonly url: string,
    private readonly options: PostgresStorageOptions,
  ) {
    this.location = displayUrl(url);
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.validators = new PgValidatorStore(this);
    this.leases = { claimNext: (units) => this.claimNext(units), release: (unit, finished) => this.releaseUnit(unit, finished) };
    this.hostBudgets = {
      reserve: (host, intervalMs) => this.reserveHost(host, intervalMs),
      pause: (host, ms) => this.pauseHost(host, ms),
    };
  }

  // ---------------------------------------------------------------- connections

  /** Runs fn on a pooled connection of a migrated database, translating server failures into DatabaseErrors. */
  async withClient<T>(doing: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`storage ${this.location} is closed`);
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.url, max: this.options.poolSize ?? 4, application_name: 'techdemand', types: pgTypes });
      this.pool.on('error', () => {});
    }
    this.ready ??= this.prepare();
    try {
      await this.ready;
    } catch (err) {
      this.ready = undefined;
      throw pgError(err, this.url, 'opening the database');
    }
    let client: PgClient;
    try {
      client = (await this.pool.connect()) as unknown as PgClient;
    } catch (err) {
      throw pgError(err, this.url, doing);
    }
    try {
      return await fn(client);
    } catch (err) {
      throw pgError(err, this.url, doing);
    } finally {
      (client as unknown as { release(): void }).release();
    }
  }

  private async prepare(): Promise<void> {
    const c = await connect(this.url, 'migrate');
    try {
      await migrate(c, this.url);
      if (this.options.datedSources?.length) {
        await execute(c, pg`INSERT INTO dated_sources (source) SELECT unnest(${[...this.options.datedSources]}::text[]) ON CONFLICT DO NOTHING`);
      }
      this.datedSources = new Set((await query<{ source: string }>(c, pg`SELECT source FROM dated_sources`)).map((r) => r.source));
    } finally {
      await c.end().catch(() => {});
    }
  }

  /** This process's own session: it holds the writer lock, and its liveness is its runs' and leases' liveness. */
  private async sessionClient(): Promise<{ client: PgClient; id: string }> {
    if (this.closed) throw new Error(`storage ${this.location} is closed`);
    this.session ??= (async () => {
      await this.withClient('opening the database', async () => undefined);
      const client = await connect(this.url, 'session');
      const row = await queryOne<{ id: string }>(
        client,
        pg`SELECT pg_backend_pid()::text || '@' || backend_start::text AS id FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      );
      return { client, id: row!.id };
    })();
    try {
      return await this.session;
    } catch (err) {
      this.session = undefined;
      throw pgError(err, this.url, 'opening a session');
    }
  }

  // ---------------------------------------------------------------- the writer

  /**
   * The writer's right is an advisory lock held by a connection of its own (shared by collectors, exclusive for a
   * command that rewrites every posting): it is released with the lease, or by the server when the process dies.
   */
  async acquireWriter(options: WriterOptions): Promise<WriterLease> {
    await this.withClient('opening the database', async () => undefined);
    const client = await connect(this.url, `${options.command} on ${hostname()}`);
    const shared = options.shared === true;
    const started = Date.now();
    for (;;) {
      const got = await queryOne<{ ok: boolean }>(
        client,
        shared
          ? pg`SELECT pg_try_advisory_lock_shared(${LOCK_NAMESPACE}, ${LOCKS.writer}) AS ok`
          : pg`SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, ${LOCKS.writer}) AS ok`,
      ).catch(async (err: unknown) => {
        await client.end().catch(() => {});
        throw pgError(err, this.url, 'taking the writer lock');
      });
      if (got?.ok) break;
      const holders = await query<{ name: string; addr: string | null; since: string }>(
        client,
        pg`SELECT a.application_name AS name, a.client_addr::text AS addr, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = ${LOCK_NAMESPACE} AND l.objid = ${LOCKS.writer} AND l.granted
              AND a.pid <> pg_backend_pid()
            ORDER BY a.backend_start`,
      );
      const who = holders.length > 0 ? holders.map((h) => `"${h.name}" (since ${h.since})`).join(', ') : 'another techdemand process';
      const what = shared ? 'an exclusive writer' : 'another writer';
      if (!options.wait) await client.end().catch(() => {});
      if (!options.wait) throw new LockedError(`${what} is at work on ${this.location}: ${who}; it is still running (${options.busyHint ?? 'use --wait to wait for it'})`);
      if (options.waitTimeoutMs !== undefined && Date.now() - started > options.waitTimeoutMs) {
        await client.end().catch(() => {});
        throw new LockedError(`${what} is at work on ${this.location}: ${who}; gave up waiting after ${Math.round(options.waitTimeoutMs / 1000)} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await client.end().catch(() => {});
      },
    };
  }

  // ---------------------------------------------------------------- taxonomy and runs

  async syncTaxonomy(entries: readonly TaxonomySyncEntry[], version: string): Promise<void> {
    this.categoryOf = null;
    await this.withClient('saving the taxonomy', (c) =>
      transaction(c, async () => {
        await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.taxonomy]);
        await execute(
          c,
          pg`INSERT INTO technologies (id, name, category, taxonomy_version)
             SELECT i, n, k, ${version} FROM unnest(${entries.map((e) => e.id)}::text[], ${entries.map((e) => e.name)}::text[], ${entries.map((e) => e.category)}::text[]) AS v(i, n, k)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, taxonomy_version = excluded.taxonomy_version`,
        );
        await execute(c, pg`DELETE FROM technologies WHERE taxonomy_version IS DISTINCT FROM ${version}`);
        await execute(c, pg`DELETE FROM tech_relations`);
        const rel = entries.flatMap((e) => e.relations.map((r) => [e.id, r.type, r.target] as const));
        if (rel.length > 0) {
          await execute(
            c,
            pg`INSERT INTO tech_relations (tech, type, target)
               SELECT * FROM unnest(${rel.map((r) => r[0])}::text[], ${rel.map((r) => r[1])}::text[], ${rel.map((r) => r[2])}::text[])
               ON CONFLICT DO NOTHING`,
          );
        }
      }),
    );
  }

  async markAbortedRuns(): Promise<number> {
    return this.withClient('checking interrupted runs', (c) =>
      execute(
        c,
        pg`UPDATE runs SET status = 'aborted', ended_at = ${new Date().toISOString()}
            WHERE status = 'running'
              AND (holder IS NULL OR holder NOT IN (SELECT a.pid::text || '@' || a.backend_start::text FROM pg_stat_activity a WHERE a.backend_start IS NOT NULL))`,
      ),
    );
  }

  async startRun(command: string, taxonomyVersion: string | null, startedAt: IsoTime = new Date().toISOString()): Promise<number> {
    const { id: holder } = await this.sessionClient();
    return this.withClient('recording the run', async (c) => {
      const row = await queryOne<{ id: number }>(
        c,
        pg`INSERT INTO runs (started_at, status, taxonomy_version, pid, holder, command)
           VALUES (${startedAt}, 'running', ${taxonomyVersion}, ${process.pid}, ${holder}, ${command}) RETURNING id`,
      );
      return row!.id;
    });
  }

  private async writeRunSources(c: PgClient, runId: number, stats: readonly SourceRunStats[]): Promise<void> {
    const exists = await queryOne(c, pg`SELECT 1 FROM runs WHERE id = ${runId} FOR UPDATE`);
    if (!exists) throw new InputError(`run ${runId} does not exist in ${this.location}`);
    await execute(c, pg`DELETE FROM run_sources WHERE run_id = ${runId}`);
    for (const st of stats) {
      await execute(
        c,
        pg`INSERT INTO run_sources (run_id, source, requests, seen, new, updated, unchanged, closed, errors, duration_ms, status, message)
           VALUES (${runId}, ${st.source}, ${st.requests}, ${st.seen}, ${st.new}, ${st.updated}, ${st.unchanged}, ${st.closed},
                   ${JSON.stringify(st.errors ?? {})}, ${Math.round(st.durationMs)}, ${st.status}, ${st.message ?? null})`,
      );
    }
  }

  async recordRunSources(runId: number, stats: readonly SourceRunStats[]): Promise<void> {
    await this.withClient('recording the run', (c) => transaction(c, () => this.writeRunSources(c, runId, stats)));
  }

  async finishRun(runId: number, status: Exclude<RunStatus, 'running'>, stats: readonly SourceRunStats[], endedAt: IsoTime = new Date().toISOString()): Promise<void> {
    await this.withClient('recording the run', (c) =>
      transaction(c, async () => {
        await this.writeRunSources(c, runId, stats);
        await execute(c, pg`UPDATE runs SET status = ${status}, ended_at = ${endedAt} WHERE id = ${runId}`);
      }),
    );
  }

  async lastSuccessfulRun(source: string): Promise<IsoTime | null> {
    return this.withClient('reading past runs', async (c) => {
      const row = await queryOne<{ t: string | null }>(
        c,
        pg`SELECT max(r.started_at) AS t FROM run_sources rs JOIN runs r ON r.id = rs.run_id WHERE rs.source = ${source} AND rs.status = 'ok'`,
      );
      return row?.t ?? null;
    });
  }

  // ---------------------------------------------------------------- postings

  async saveBatch(batch: readonly PostingToSave[], seenAt: IsoTime): Promise<{ saved: SaveResult; merged: number }> {
    const seen = canonicalTime(seenAt, 'savePostings: seenAt');
    const checked: Checked[] = batch.map((item) => {
      const where = checkPosting(item.posting);
      const encoded = mentionsOf(where, item);
      if (typeof item.tagVersion !== 'string' || item.tagVersion === '') throw new InputError(`${where}: tagVersion is missing`);
      for (const v of [item.posting.text, item.posting.title, item.posting.company, item.posting.location, item.posting.url]) {
        if (typeof v === 'string' && v.includes('\u0000')) throw new InputError(`${where}: contains a NUL character, which PostgreSQL text cannot hold`);
      }
      return { where, item, encoded };
    });
    // A key twice in one batch: the later copy is written after the earlier, as the embedded engine does one by one.
    const groups: Checked[][] = [];
    const seenKeys = new Map<string, number>();
    for (const ch of checked) {
      const key = `${ch.item.posting.source}\u0000${ch.item.posting.externalId}`;
      const g = seenKeys.get(key) ?? 0;
      seenKeys.set(key, g + 1);
      (groups[g] ??= []).push(ch);
    }
    return this.withClient('saving postings', (c) =>
      transaction(c, async () => {
        const saved: SaveResult = { new: 0, updated: 0, unchanged: 0, retagged: 0 };
        const delta = new AggregateDelta();
        const jobs = new Set<string>();
        for (const group of groups) await this.saveGroup(c, group, seen, saved, delta, jobs);
        // Roles and dedup features depend on each posting alone: decided before the lock, in parallel with other
        // collectors. What depends on the others' postings (the job match) and the counters come last, one
        // collector at a time.
        const limit = batch.length + 100;
        const ready = await this.historyWork(c, await this.pendingRows(c, limit));
        await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.history]);
        const indexed = await this.indexPending(c, limit, ready);
        for (const k of indexed.keys) jobs.add(k);
        await refreshJobRepeats(c, jobs);
        await delta.apply(c);
        return { saved, merged: indexed.merged };
      }),
    );
  }

  private async lockExisting(c: PgClient, items: readonly Checked[]): Promise<Map<string, ExistingRow>> {
    const rows = await query<ExistingRow>(
      c,
      pg`SELECT p.id, p.source, p.external_id, p.content_hash, p.tagged_version, p.posted_month, p.job_key, p.last_seen, p.closed_at
           FROM postings p
           JOIN unnest(${items.map((i) => i.item.posting.source)}::text[], ${items.map((i) => i.item.posting.externalId)}::text[]) AS k(s, e)
             ON p.source = k.s AND p.external_id = k.e
          ORDER BY p.source, p.external_id
          FOR UPDATE OF p`,
    );
    return new Map(rows.map((r) => [`${r.source}\u0000${r.external_id}`, r]));
  }

  private async saveGroup(c: PgClient, group: readonly Checked[], seen: string, result: SaveResult, delta: AggregateDelta, jobs: Set<string>): Promise<void> {
    const keyOf = (ch: Checked) => `${ch.item.posting.source}\u0000${ch.item.posting.externalId}`;
    let existing = await this.lockExisting(c, group);
    const writes = new BatchWrites(delta);
    const fresh = group.filter((ch) => !existing.has(keyOf(ch)));
    if (fresh.length > 0) {
      const inserted = await this.insertNew(c, fresh, seen);
      for (const ch of fresh) {
        const id = inserted.get(keyOf(ch));
        if (id === undefined) continue;
        const p = ch.item.posting;
        const prepared = ch.encoded();
        result.new++;
        delta.posting(p.postedMonth, p.source, 1);
        writes.addTechs(id, p.postedMonth, p.source, prepared);
        writes.addMonths(id, p.source, [monthOfOpenness(this.isDated(p.source), p.postedMonth, seen)]);
      }
      // Another collector inserted some of them after we looked: they are existing postings now.
      const raced = fresh.filter((ch) => !inserted.has(keyOf(ch)));
      if (raced.length > 0) existing = new Map([...existing, ...(await this.lockExisting(c, raced))]);
    }
    const touch: number[] = [];
    const retag: { id: number; json: string; version: string }[] = [];
    const changed: { id: number; ch: Checked; prepared: PreparedMentions }[] = [];
    for (const ch of group) {
      const old = existing.get(keyOf(ch));
      if (!old) continue;
      const p = ch.item.posting;
      const lastMonth = (old.last_seen > seen ? old.last_seen : seen).slice(0, 7);
      const oldMonth = old.last_seen.slice(0, 7);
      const dated = this.isDated(p.source);
      // posting_months follows later sightings (SQLite's posting_months_extend trigger): the months since the last
      // sighting, or only the new month after a closure.
      if (!dated && lastMonth > oldMonth) writes.addMonths(old.id, p.source, monthsBetween(old.closed_at === null ? oldMonth : lastMonth, lastMonth));
      if (old.content_hash === p.contentHash) {
        touch.push(old.id);
        result.unchanged++;
        if (old.tagged_version !== ch.item.tagVersion) {
          const prepared = ch.encoded();
          retag.push({ id: old.id, json: prepared.json, version: ch.item.tagVersion });
          writes.replaceTechsOf.push(old.id);
          writes.addTechs(old.id, old.posted_month, p.source, prepared);
          jobs.add(old.job_key);
          result.retagged++;
        }
        continue;
      }
      const prepared = ch.encoded();
      changed.push({ id: old.id, ch, prepared });
      result.updated++;
      jobs.add(old.job_key);
      delta.posting(old.posted_month, p.source, -1);
      delta.posting(p.postedMonth, p.source, 1);
      writes.replaceTechsOf.push(old.id);
      writes.addTechs(old.id, p.postedMonth, p.source, prepared);
      if (dated && p.postedMonth !== old.posted_month) {
        writes.resetMonthsOf.push(old.id);
        writes.addMonths(old.id, p.source, [p.postedMonth]);
      }
    }
    if (touch.length > 0) {
      await execute(c, pg`UPDATE postings SET last_seen = greatest(last_seen, ${seen}), closed_at = NULL WHERE id = ANY(${touch}::bigint[])`);
    }
    if (retag.length > 0) {
      await execute(
        c,
        pg`UPDATE postings p SET mentions = v.m, tagged_version = v.t
             FROM unnest(${retag.map((r) => r.id)}::bigint[], ${retag.map((r) => r.json)}::text[], ${retag.map((r) => r.version)}::text[]) AS v(id, m, t)
            WHERE p.id = v.id`,
      );
    }
    if (changed.length > 0) {
      const col = <T extends string | number | null>(f: (x: (typeof changed)[number]) => T) => changed.map(f) as unknown as string[];
      await execute(
        c,
        pg`UPDATE postings p
              SET posted_month = v.posted_month, posted_at = v.posted_at, last_seen = greatest(p.last_seen, ${seen}), closed_at = NULL,
                  remote = v.remote, company = v.company, title = v.title, location = v.location, url = v.url,
                  content_hash = v.content_hash, roles = NULL, text = v.text, html = NULL, meta = v.meta, mentions = v.mentions,
                  tagged_version = v.tagged_version
             FROM unnest(${col((x) => x.id)}::bigint[], ${col((x) => x.ch.item.posting.postedMonth)}::text[], ${col((x) => x.ch.item.posting.postedAt)}::text[],
                         ${col((x) => remoteOf(x.ch.item.posting.remote))}::smallint[], ${col((x) => x.ch.item.posting.company ?? null)}::text[],
                         ${col((x) => x.ch.item.posting.title ?? null)}::text[], ${col((x) => x.ch.item.posting.location ?? null)}::text[],
                         ${col((x) => x.ch.item.posting.url ?? null)}::text[], ${col((x) => x.ch.item.posting.contentHash)}::text[],
                         ${col((x) => x.ch.item.posting.text)}::text[], ${col((x) => metaJson(x.ch.where, x.ch.item.posting.meta))}::text[],
                         ${col((x) => x.prepared.json)}::text[], ${col((x) => x.ch.item.tagVersion)}::text[])
               AS v(id, posted_month, posted_at, remote, company, title, location, url, content_hash, text, meta, mentions, tagged_version)
            WHERE p.id = v.id`,
      );
    }
    await writes.apply(c);
  }

  /** COPY into a staging table, then one INSERT … ON CONFLICT DO NOTHING RETURNING: the ids of the rows inserted. */
  private async insertNew(c: PgClient, fresh: readonly Checked[], seen: string): Promise<Map<string, number>> {
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS td_stage (
        ord integer, source text COLLATE "C", external_id text COLLATE "C", posted_month text COLLATE "C", posted_at text COLLATE "C",
        remote smallint, company text COLLATE "C", title text COLLATE "C", location text COLLATE "C", url text COLLATE "C",
        content_hash text COLLATE "C", text text COLLATE "C", meta text COLLATE "C", mentions text COLLATE "C", tagged_version text COLLATE "C"
      ) ON COMMIT DELETE ROWS`);
    await c.query('TRUNCATE td_stage');
    const lines = fresh.map((ch, ord) => {
      const p = ch.item.posting;
      const fields: (string | number | null)[] = [
        ord, p.source, p.externalId, p.postedMonth, p.postedAt, remoteOf(p.remote), p.company ?? null, p.title ?? null, p.location ?? null,
        p.url ?? null, p.contentHash, p.text, metaJson(ch.where, p.meta), ch.encoded().json, ch.item.tagVersion,
      ];
      return `${fields.map(copyField).join('\t')}\n`;
    });
    const stream = c.query(copyStreams.from('COPY td_stage FROM STDIN'));
    await pipeline(Readable.from(lines), stream);
    const rows = await query<{ id: number; source: string; external_id: string }>(
      c,
      pg`INSERT INTO postings (source, external_id, posted_month, posted_at, first_seen, last_seen, closed_at, remote, company, title,
                               location, url, content_hash, job_key, roles, tagged_version, text, html, meta, mentions)
         SELECT source, external_id, posted_month, posted_at, ${seen}, ${seen}, NULL, remote, company, title,
                location, url, content_hash, source || ':' || external_id, NULL, tagged_version, text, NULL, meta, mentions
           FROM td_stage ORDER BY ord
         ON CONFLICT (source, external_id) DO NOTHING
         RETURNING id, source, external_id`,
    );
    return new Map(rows.map((r) => [`${r.source}\u0000${r.external_id}`, r.id]));
  }

  private isDated(source: string): boolean {
    return this.datedSources?.has(source) ?? source === 'hn';
  }

  // ---------------------------------------------------------------- roles and job keys

  private async categories(c: PgClient): Promise<Map<string, string>> {
    this.categoryOf ??= new Map((await query<{ id: string; category: string }>(c, pg`SELECT id, category FROM technologies`)).map((r) => [r.id, r.category]));
    return this.categoryOf;
  }

  private async doc(c: PgClient, row: PendingRow): Promise<HistoryDoc> {
    const categoryOf = await this.categories(c);
    const mentions: NonNullable<HistoryDoc['mentions']> = [];
    if (row.mentions) {
      for (const m of JSON.parse(row.mentions) as [string, number][]) mentions.push({ tech: m[0], offset: m[1], category: categoryOf.get(m[0]) ?? null });
    }
    return { company: row.company, title: row.title, location: row.location, text: row.text, mentions };
  }

  private rolesOf(row: PendingRow, doc: HistoryDoc): string {
    const roles = this.options.cores.classifyRoles(doc).join(',');
    if (!ROLE_LIST.test(roles)) throw new UsageError(`posting ${row.source}:${row.externalId}: classifier returned roles "${roles.slice(0, 60)}"`);
    return roles;
  }

  /**
   * Classifies and deduplicates up to `limit` pending postings, oldest first (inside the caller's transaction,
   * holding the history lock), in a handful of round trips for the whole batch instead of a few per posting. The
   * decisions are the embedded engine's, which indexes one posting after the other: each posting sees the index as
   * it stands just before its turn. So the index is read once — the fingerprints and bucket candidates the batch
   * can meet, including the old entries of pending postings not yet re-indexed — and replayed in memory, in id
   * order: a posting's old entries disappear at its turn and its new ones count for the postings after it.
   */
  /** Postings whose roles and job key are not decided yet, oldest first. */
  private pendingRows(c: PgClient, limit: number) {
    return query<PendingRow & { jobKey: string }>(
      c,
      pg`SELECT id, source, external_id AS "externalId", company, title, location, text, mentions, job_key AS "jobKey"
           FROM postings WHERE roles IS NULL ORDER BY id LIMIT ${limit}`,
    );
  }

  /** What indexing needs of each posting that depends on it alone: its document, roles and dedup features. */
  private async historyWork(c: PgClient, rows: readonly (PendingRow & { jobKey: string })[]) {
    const out = new Map<number, { row: PendingRow & { jobKey: string }; doc: HistoryDoc; roles: string; features: ReturnType<HistoryCores['features']> }>();
    for (const row of rows) {
      const doc = await this.doc(c, row);
      out.set(row.id, { row, doc, roles: this.rolesOf(row, doc), features: this.options.cores.features(doc) });
    }
    return out;
  }

  private async indexPending(
    c: PgClient,
    limit: number,
    ready: Awaited<ReturnType<PostgresStorage['historyWork']>> = new Map(),
  ): Promise<IndexStats & { keys: Set<string> }> {
    const stats = { indexed: 0, merged: 0, keys: new Set<string>() };
    const rows = await this.pendingRows(c, limit);
    if (rows.length === 0) return stats;
    // A posting's job before and after: both jobs' repeats change when it moves.
    for (const r of rows) stats.keys.add(r.jobKey);
    // Prepared before the lock when this transaction wrote the row (its content cannot have changed since).
    const missing = await this.historyWork(c, rows.filter((r) => ready.get(r.id)?.row.text !== r.text));
    const work = rows.map((r) => (ready.get(r.id)?.row.text === r.text ? ready.get(r.id)! : missing.get(r.id)!));
    const pendingIds = rows.map((r) => r.id);
    const pending = new Set(pendingIds);
    // The stored index the batch can meet. Fingerprints: every posting with one of the batch's. Buckets: per bucket
    // the newest postings (candidates are read newest first, MAX_CANDIDATES at most), with room for pending ones
    // whose old entries drop out before a later posting's turn.
    const fps = [...new Set(work.map((w) => w.features.fingerprint))];
    const byFp = new Map<string, { id: number; jobKey: string }[]>();
    for (const r of await query<{ fp: string; id: number; jobKey: string }>(
      c,
      pg`SELECT x.fingerprint AS fp, x.posting_id AS id, p.job_key AS "jobKey"
           FROM posting_fingerprints x JOIN postings p ON p.id = x.posting_id
          WHERE x.fingerprint = ANY(${fps}::text[])
          ORDER BY x.posting_id`,
    )) {
      const list = byFp.get(r.fp) ?? [];
      list.push({ id: r.id, jobKey: r.jobKey });
      byFp.set(r.fp, list);
    }
    const buckets = [...new Set(work.flatMap((w) => w.features.buckets))];
    const byBucket = new Map<number, number[]>();
    const stored = new Map<number, HistoryCandidate>();
    if (buckets.length > 0) {
      const perBucket = MAX_CANDIDATES + pendingIds.length + 1;
      for (const r of await query<{ bucket: number; id: number; jobKey: string; company: string | null; title: string | null; location: string | null; text: string }>(
        c,
        pg`SELECT b.bucket, p.id, p.job_key AS "jobKey", p.company, p.title, p.location, p.text
             FROM unnest(${buckets}::bigint[]) AS b(bucket)
             CROSS JOIN LATERAL (SELECT l.posting_id FROM posting_lsh l WHERE l.bucket = b.bucket ORDER BY l.posting_id DESC LIMIT ${perBucket}) l
             JOIN postings p ON p.id = l.posting_id`,
      )) {
        const list = byBucket.get(r.bucket) ?? [];
        list.push(r.id);
        byBucket.set(r.bucket, list);
        if (!stored.has(r.id)) stored.set(r.id, { id: r.id, jobKey: r.jobKey, doc: { company: r.company, title: r.title, location: r.location, text: r.text } });
      }
    }
    // Replay: entries of pending postings already re-indexed are gone; those indexed in this batch are new.
    const done = new Set<number>();
    const newFp = new Map<string, { id: number; jobKey: string }[]>();
    const newBucket = new Map<number, HistoryCandidate[]>();
    const out = { ids: [] as number[], jobKeys: [] as string[], roles: [] as string[], fpIds: [] as number[], fps: [] as string[], lshIds: [] as number[], lshBuckets: [] as number[] };
    for (const w of work) {
      const self = w.row.id;
      const live = (id: number) => id !== self && !(pending.has(id) && done.has(id));
      // The stored entries still in the index, and this batch's new ones: the lowest posting id wins.
      let exact: { id: number; jobKey: string } | undefined;
      for (const e of [...(byFp.get(w.features.fingerprint) ?? []).filter((x) => live(x.id)), ...(newFp.get(w.features.fingerprint) ?? [])]) {
        if (e.id !== self && (exact === undefined || e.id < exact.id)) exact = e;
      }
      const candidates = (): HistoryCandidate[] => {
        const seen = new Map<number, HistoryCandidate>();
        for (const b of w.features.buckets) {
          for (const id of byBucket.get(b) ?? []) if (live(id) && !seen.has(id)) seen.set(id, stored.get(id)!);
          for (const cnd of newBucket.get(b) ?? []) if (cnd.id !== self) seen.set(cnd.id, cnd);
        }
        return [...seen.values()].sort((x, y) => y.id - x.id).slice(0, MAX_CANDIDATES);
      };
      const match = this.options.cores.match(
        w.doc,
        w.features,
        { jobKeyByFingerprint: (fp) => (fp === w.features.fingerprint ? exact?.jobKey : undefined), candidates },
        self,
      );
      const jobKey = match?.jobKey ?? `${w.row.source}:${w.row.externalId}`;
      done.add(self);
      // Its old entries are gone from the stored index's view; its new ones join the batch's.
      const entry = { id: self, jobKey };
      newFp.set(w.features.fingerprint, [...(newFp.get(w.features.fingerprint) ?? []), entry]);
      const asCandidate: HistoryCandidate = { id: self, jobKey, doc: { company: w.row.company, title: w.row.title, location: w.row.location, text: w.row.text } };
      for (const b of new Set(w.features.buckets)) {
        newBucket.set(b, [...(newBucket.get(b) ?? []), asCandidate]);
        out.lshIds.push(self);
        out.lshBuckets.push(b);
      }
      // A stored posting that is pending later in the batch keeps its current job key until its turn; one indexed
      // now changes its key for the postings after it.
      const old = stored.get(self);
      if (old) stored.set(self, { ...old, jobKey });
      out.ids.push(self);
      out.jobKeys.push(jobKey);
      stats.keys.add(jobKey);
      out.roles.push(w.roles);
      out.fpIds.push(self);
      out.fps.push(w.features.fingerprint);
      if (match !== null) stats.merged++;
      stats.indexed++;
    }
    await execute(c, pg`DELETE FROM posting_fingerprints WHERE posting_id = ANY(${pendingIds}::bigint[])`);
    await execute(c, pg`DELETE FROM posting_lsh WHERE posting_id = ANY(${pendingIds}::bigint[])`);
    await execute(
      c,
      pg`UPDATE postings p SET job_key = v.k, roles = v.r FROM unnest(${out.ids}::bigint[], ${out.jobKeys}::text[], ${out.roles}::text[]) AS v(id, k, r) WHERE p.id = v.id`,
    );
    await execute(c, pg`INSERT INTO posting_fingerprints (posting_id, fingerprint) SELECT * FROM unnest(${out.fpIds}::bigint[], ${out.fps}::text[])`);
    if (out.lshIds.length > 0) {
      await execute(c, pg`INSERT INTO posting_lsh (bucket, posting_id) SELECT b, i FROM unnest(${out.lshBuckets}::bigint[], ${out.lshIds}::bigint[]) AS v(b, i) ON CONFLICT DO NOTHING`);
    }
    return stats;
  }

  async indexPendingAll(): Promise<IndexStats> {
    await this.reclassifyRoles();
    const total: IndexStats = { indexed: 0, merged: 0 };
    const chunk = 500;
    for (;;) {
      const s = await this.withClient('classifying postings', (c) =>
        transaction(c, async () => {
          await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.history]);
          const s = await this.indexPending(c, chunk);
          await refreshJobRepeats(c, s.keys);
          return s;
        }),
      );
      total.indexed += s.indexed;
      total.merged += s.merged;
      if (s.indexed < chunk) return total;
    }
  }

  private async setting(c: PgClient, key: string): Promise<string | null> {
    return (await queryOne<{ value: string }>(c, pg`SELECT value FROM settings WHERE key = ${key}`))?.value ?? null;
  }

  private async setSetting(c: PgClient, key: string, value: string): Promise<void> {
    await execute(c, pg`INSERT INTO settings (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }

  async reclassifyRoles(options: { force?: boolean; chunk?: number; onProgress?: (done: number) => void } = {}): Promise<ReclassifyStats> {
    const stats: ReclassifyStats = { classified: 0, changed: 0 };
    const target = this.options.cores.rolesVersion;
    if (options.force) {
      await this.withClient('writing settings', (c) => execute(c, pg`DELETE FROM settings WHERE key = 'roles_version' OR key LIKE 'roles_cursor:%'`));
    }
    const start = await this.withClient('reading settings', async (c) => ({
      current: await this.setting(c, 'roles_version'),
      any: (await queryOne(c, pg`SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1`)) !== undefined,
    }));
    if (start.current === target) return stats;
    if (start.current === null && !start.any) {
      await this.withClient('writing settings', (c) => this.setSetting(c, 'roles_version', target));
      return stats;
    }
    const chunk = options.chunk ?? 1000;
    const cursorKey = `roles_cursor:${target}`;
    for (;;) {
      const n = await this.withClient('classifying roles', (c) =>
        transaction(c, async () => {
          // One collector at a time; the cursor is read under the lock, so two collectors share one pass.
          await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.history]);
          if ((await this.setting(c, 'roles_version')) === target) return 0;
          const after = Number((await this.setting(c, cursorKey)) ?? 0);
          const rows = await query<PendingRow & { roles: string }>(
            c,
            pg`SELECT id, source, external_id AS "externalId", company, title, location, text, mentions, roles
                 FROM postings WHERE id > ${after} AND roles IS NOT NULL ORDER BY id LIMIT ${chunk}`,
          );
          const ids: number[] = [];
          const roles: string[] = [];
          for (const row of rows) {
            const r = this.rolesOf(row, await this.doc(c, row));
            if (r !== row.roles) {
              ids.push(row.id);
              roles.push(r);
              stats.changed++;
            }
            stats.classified++;
          }
          if (ids.length > 0) {
            await execute(c, pg`UPDATE postings p SET roles = v.r FROM unnest(${ids}::bigint[], ${roles}::text[]) AS v(id, r) WHERE p.id = v.id`);
          }
          if (rows.length < chunk) {
            await this.setSetting(c, 'roles_version', target);
            await execute(c, pg`DELETE FROM settings WHERE key LIKE 'roles_cursor:%'`);
          } else await this.setSetting(c, cursorKey, String(rows[rows.length - 1]!.id));
          return rows.length;
        }),
      );
      options.onProgress?.(stats.classified);
      if (n < chunk) return stats;
    }
  }

  // ---------------------------------------------------------------- closing

  async openCount(scope: UnitScope): Promise<number> {
    return this.withClient('counting open postings', async (c) => {
      const row = await queryOne<{ n: number }>(
        c,
        scope.prefix !== undefined
          ? pg`SELECT count(*) AS n FROM postings WHERE source = ${scope.source} AND closed_at IS NULL
                AND lower(substr(external_id, 1, length(${scope.prefix}))) = lower(${scope.prefix}::text COLLATE "C")`
          : pg`SELECT count(*) AS n FROM postings WHERE source = ${scope.source} AND closed_at IS NULL`,
      );
      return row?.n ?? 0;
    });
  }

  async closeUnseen(scope: UnitScope, notSeenSince: IsoTime, closedAt: IsoTime = notSeenSince): Promise<number> {
    return this.withClient('closing unseen postings', (c) =>
      execute(
        c,
        scope.prefix !== undefined
          ? pg`UPDATE postings SET closed_at = ${closedAt}
                WHERE source = ${scope.source} AND closed_at IS NULL AND last_seen < ${notSeenSince}
                  AND lower(substr(external_id, 1, length(${scope.prefix}))) = lower(${scope.prefix}::text COLLATE "C")`
          : pg`UPDATE postings SET closed_at = ${closedAt} WHERE source = ${scope.source} AND closed_at IS NULL AND last_seen < ${notSeenSince}`,
      ),
    );
  }

  // ---------------------------------------------------------------- re-tagging

  async countPostingsToRetag(notTaggedWith?: string): Promise<number> {
    return this.withClient('counting postings', async (c) => {
      const row = await queryOne<{ n: number }>(
        c,
        notTaggedWith === undefined
          ? pg`SELECT count(*) AS n FROM postings`
          : pg`SELECT count(*) AS n FROM postings WHERE tagged_version IS DISTINCT FROM ${notTaggedWith}`,
      );
      return row?.n ?? 0;
    });
  }

  postingPages(options: IterateOptions = {}): AsyncIterable<PostingText[]> {
    return postingPagesOf(this, options);
  }

  async replaceMentionsBatch(items: readonly { postingId: number; mentions: readonly Mention[] }[], tagVersion: string): Promise<void> {
    if (typeof tagVersion !== 'string' || tagVersion === '') throw new InputError('replaceMentions: tagVersion is missing');
    const prepared = items.map(({ postingId, mentions }) => ({ id: postingId, ...prepareMentions(`posting ${postingId}`, mentions) }));
    await this.withClient('re-tagging postings', (c) =>
      transaction(c, async () => {
        const ids = prepared.map((p) => p.id);
        const places = new Map(
          (await query<{ id: number; month: string; source: string; jobKey: string }>(
            c,
            pg`SELECT id, posted_month AS month, source, job_key AS "jobKey" FROM postings WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE`,
          )).map((r) => [r.id, r]),
        );
        const delta = new AggregateDelta();
        const writes = new BatchWrites(delta);
        for (const p of prepared) {
          const place = places.get(p.id);
          if (!place) throw new InputError(`posting ${p.id} does not exist in ${this.location}`);
          writes.replaceTechsOf.push(p.id);
          writes.addTechs(p.id, place.month, place.source, p);
        }
        await execute(
          c,
          pg`UPDATE postings p SET mentions = v.m, tagged_version = ${tagVersion}
               FROM unnest(${ids}::bigint[], ${prepared.map((p) => p.json)}::text[]) AS v(id, m) WHERE p.id = v.id`,
        );
        await writes.apply(c);
        await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.history]);
        await refreshJobRepeats(c, new Set([...places.values()].map((p) => p.jobKey)));
        await delta.apply(c);
      }),
    );
  }

  // ---------------------------------------------------------------- leases and host budgets

  private async claimNext(units: readonly string[]): Promise<{ unit: string | null; busy: number }> {
    const { id: me } = await this.sessionClient();
    return this.withClient('claiming a unit', async (c) => {
      await execute(c, pg`INSERT INTO unit_leases (unit) SELECT unnest(${[...units]}::text[]) ON CONFLICT DO NOTHING`);
      // This collector's round began with the earliest run still alive when it first claims: collectors started
      // together (cron on several hosts) share one pass over the units, and a unit one of them finished is not
      // scraped again by another that started a little later. A run whose process died does not hold a round open.
      if (this.roundStart === undefined) {
        this.roundStart = (
          await queryOne<{ t: string }>(
            c,
            pg`SELECT least(now(), (SELECT min(r.server_started) FROM runs r
                                     WHERE r.status = 'running'
                                       AND r.holder IN (SELECT a.pid::text || '@' || a.backend_start::text FROM pg_stat_activity a WHERE a.backend_start IS NOT NULL)))::text AS t`,
          )
        )!.t;
      }
      const claimed = await transaction(c, async () => {
        const row = await queryOne<{ unit: string }>(
          c,
          pg`SELECT unit FROM unit_leases
              WHERE unit = ANY(${[...units]}::text[]) AND expires_at < now()
                AND (finished_at IS NULL OR finished_at < ${this.roundStart!}::timestamptz)
              ORDER BY array_position(${[...units]}::text[], unit::text)
              LIMIT 1
              FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return null;
        await execute(
          c,
          pg`UPDATE unit_leases SET holder = ${me}, expires_at = now() + ${this.leaseTtlMs} * interval '1 millisecond' WHERE unit = ${row.unit}`,
        );
        return row.unit;
      });
      if (claimed !== null) {
        this.held.add(claimed);
        this.startHeartbeat();
      }
      const busy = await queryOne<{ n: number }>(
        c,
        pg`SELECT count(*) AS n FROM unit_leases
            WHERE unit = ANY(${[...units]}::text[]) AND expires_at >= now() AND holder IS DISTINCT FROM ${me}
              AND (finished_at IS NULL OR finished_at < ${this.roundStart!}::timestamptz)`,
      );
      return { unit: claimed, busy: busy?.n ?? 0 };
    });
  }

  private async releaseUnit(unit: string, finished: boolean): Promise<void> {
    const { id: me } = await this.sessionClient();
    this.held.delete(unit);
    if (this.held.size === 0) this.stopHeartbeat();
    await this.withClient('releasing a unit', (c) =>
      execute(
        c,
        finished
          ? pg`UPDATE unit_leases SET expires_at = '-infinity', finished_at = now(), holder = NULL WHERE unit = ${unit} AND holder = ${me}`
          : pg`UPDATE unit_leases SET expires_at = '-infinity', holder = NULL WHERE unit = ${unit} AND holder = ${me}`,
      ),
    );
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      void this.sessionClient()
        .then(({ id }) =>
          this.withClient('extending unit leases', (c) =>
            execute(c, pg`UPDATE unit_leases SET expires_at = now() + ${this.leaseTtlMs} * interval '1 millisecond' WHERE holder = ${id} AND unit = ANY(${[...this.held]}::text[])`),
          ),
        )
        .catch(() => {});
    }, Math.max(100, Math.floor(this.leaseTtlMs / 3)));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /**
   * Takes the host's slot when it is due (the next one then starts `intervalMs` from now), or says how long until
   * it is: a slot is taken at the moment its request goes out, so a collector that was late to send (a busy event
   * loop) pushes the next one back instead of letting it follow too closely.
   */
  private async reserveHost(host: string, intervalMs: number): Promise<number> {
    return this.withClient('reserving a request slot', async (c) => {
      const taken = await queryOne(
        c,
        pg`INSERT INTO host_budgets (host, next_at) VALUES (${host}, clock_timestamp() + ${intervalMs} * interval '1 millisecond')
           ON CONFLICT (host) DO UPDATE SET next_at = clock_timestamp() + ${intervalMs} * interval '1 millisecond'
            WHERE host_budgets.next_at <= clock_timestamp()
           RETURNING 1`,
      );
      if (taken) return 0;
      const row = await queryOne<{ wait: number }>(
        c,
        pg`SELECT greatest(1, ceil(extract(epoch FROM (next_at - clock_timestamp())) * 1000))::float8 AS wait FROM host_budgets WHERE host = ${host}`,
      );
      return row?.wait ?? 1;
    });
  }

  private async pauseHost(host: string, ms: number): Promise<void> {
    await this.withClient('pausing a host', (c) =>
      execute(
        c,
        pg`INSERT INTO host_budgets (host, next_at) VALUES (${host}, clock_timestamp() + ${ms} * interval '1 millisecond')
           ON CONFLICT (host) DO UPDATE SET next_at = greatest(host_budgets.next_at, clock_timestamp() + ${ms} * interval '1 millisecond')`,
      ),
    );
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    const session = this.session;
    this.session = undefined;
    if (session) await session.then((s) => s.client.end()).catch(() => {});
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => {});
  }
}

function remoteOf(remote: boolean | null | undefined): number | null {
  return remote === null || remote === undefined ? null : remote ? 1 : 0;
}

/** Stored postings in id order, one page per awaited query, without holding anything open between pages. */
export async function* postingPagesOf(
  store: { withClient<T>(doing: string, fn: (c: PgClient) => Promise<T>): Promise<T> },
  options: IterateOptions,
): AsyncIterable<PostingText[]> {
  const size = options.pageSize ?? 500;
  let after = 0;
  for (;;) {
    const page = await store.withClient('reading postings', (c) =>
      query<PostingText>(
        c,
        pg`SELECT id, source, external_id AS "externalId", text, tagged_version AS "taggedVersion"
             FROM postings
            WHERE id > ${after}
              AND (${options.source ?? null}::text IS NULL OR source = ${options.source ?? null})
              AND (${options.notTaggedWith ?? null}::text IS NULL OR tagged_version IS DISTINCT FROM ${options.notTaggedWith ?? null})
              AND (${options.sinceMonth ?? null}::text IS NULL OR posted_month >= ${options.sinceMonth ?? null})
              AND (${options.untilMonth ?? null}::text IS NULL OR posted_month <= ${options.untilMonth ?? null})
            ORDER BY id
            LIMIT ${size}`,
      ),
    );
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = page[page.length - 1]!.id;
  }
}

/**
 * HTTP validators in the database, one row per URL: what a collector saves is merged with what the others saved
 * (the file engine's one document would let the last collector to finish drop the others' entries).
 */
class PgValidatorStore implements ValidatorStore {
  constructor(private readonly storage: PostgresStorage) {}

  get where(): string {
    return `the http_validators table of ${this.storage.location}`;
  }

  async load(): Promise<string | null> {
    return this.storage.withClient('reading HTTP validators', async (c) => {
      const saved = await queryOne(c, pg`SELECT 1 FROM settings WHERE key = 'validators_saved'`);
      if (!saved) return null;
      const rows = await query<{ key: string; entry: string }>(c, pg`SELECT key, entry FROM http_validators ORDER BY key`);
      const entries: Record<string, unknown> = {};
      for (const r of rows) entries[r.key] = JSON.parse(r.entry) as unknown;
      return JSON.stringify({ version: 1, entries });
    });
  }

  async save(text: string): Promise<void> {
    const doc = JSON.parse(text) as { version?: unknown; entries?: Record<string, unknown> };
    if (doc.version !== 1 || typeof doc.entries !== 'object' || doc.entries === null) throw new InputError(`${this.where}: not a validator document`);
    const keys = Object.keys(doc.entries);
    await this.storage.withClient('saving HTTP validators', (c) =>
      transaction(c, async () => {
        if (keys.length > 0) {
          await execute(
            c,
            pg`INSERT INTO http_validators (key, entry)
               SELECT * FROM unnest(${keys}::text[], ${keys.map((k) => JSON.stringify(doc.entries![k]))}::text[])
               ON CONFLICT (key) DO UPDATE SET entry = excluded.entry`,
          );
        }
        await execute(c, pg`INSERT INTO settings (key, value) VALUES ('validators_saved', '1') ON CONFLICT (key) DO NOTHING`);
      }),
    );
  }
}

/** A PostgreSQL database (migrated on first use) as a CollectionStorage. */
export function openPostgresStorage(url: string, options: PostgresStorageOptions): PostgresStorage {
  return new PostgresStorage(url, options);
}
