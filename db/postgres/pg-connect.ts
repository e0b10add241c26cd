// Connecting to a PostgreSQL store: URLs, clients whose numbers come back as numbers, the versioned migrations of
// db/postgres/migrations (run in one transaction under an advisory lock, so collectors starting together migrate
// once), and one-line errors that name the server (never its password).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pgLib from 'pg';
import { DatabaseError, InputError } from '../../src/core/errors.js';
import { PgSql } from './pg-sql.js';

const { Client, types } = pgLib;

import { displayUrl } from '../../src/core/locations.js';
export { displayUrl, isPostgresUrl } from '../../src/core/locations.js';

function toNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new DatabaseError(`PostgreSQL returned ${text}, beyond a safe integer`);
  return n;
}

// bigint (count, sum of integers, identity ids) and numeric (sum of bigints) come back as JavaScript numbers, as
// SQLite's integers do; every count techdemand stores is far below 2^53.
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return toNumber;
    return types.getTypeParser(oid, format);
  },
};

export type PgClient = InstanceType<typeof Client>;

/** A connected client; `application_name` lets an operator see techdemand's sessions in pg_stat_activity. */
export async function connect(url: string, purpose: string): Promise<PgClient> {
  const client = new Client({ connectionString: url, types: pgTypes, application_name: `techdemand ${purpose}`.slice(0, 63) });
  // A server that goes away mid-run must fail the call in progress, not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw pgError(err, url, 'connecting');
  }
  return client;
}

/** The DatabaseError for a failure while `doing` something with the server at `url` (one line, no password). */
export function pgError(err: unknown, url: string, doing: string): unknown {
  if (err instanceof DatabaseError || err instanceof InputError) return err;
  const e = err as { code?: string; message?: string };
  const where = displayUrl(url);
  const detail = String(e?.message ?? err).replace(/\s+/g, ' ').trim();
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'ETIMEDOUT' || e?.code === 'EHOSTUNREACH') {
    return new DatabaseError(`cannot reach PostgreSQL at ${where} while ${doing}: ${detail}`, { cause: err });
  }
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    const cls = e.code.slice(0, 2);
    if (e.code === '3D000' || cls === '28') return new DatabaseError(`cannot use PostgreSQL at ${where} while ${doing}: ${detail}`, { cause: err });
    if (cls === '42' && e.code === '42501') return new DatabaseError(`PostgreSQL at ${where}: permission denied while ${doing} (${detail}); see the README's roles and grants`, { cause: err });
    if (cls === '53') return new DatabaseError(`PostgreSQL at ${where} is out of resources while ${doing} (${detail})`, { cause: err });
    if (cls === '57' || cls === '08') return new DatabaseError(`PostgreSQL at ${where} went away while ${doing} (${detail})`, { cause: err });
    if (cls === '40') return new DatabaseError(`PostgreSQL at ${where}: transaction aborted while ${doing} (${detail}); retry`, { cause: err });
  }
  if (/Connection terminated|connection error|Client was closed|not queryable/i.test(detail)) {
    return new DatabaseError(`PostgreSQL at ${where} went away while ${doing} (${detail})`, { cause: err });
  }
  return err;
}

export async function query<T>(client: PgClient, q: PgSql): Promise<T[]> {
  const r = await client.query(q.text, q.values as unknown[]);
  return r.rows as T[];
}

export async function queryOne<T>(client: PgClient, q: PgSql): Promise<T | undefined> {
  return (await query<T>(client, q))[0];
}

export async function execute(client: PgClient, q: PgSql): Promise<number> {
  const r = await client.query(q.text, q.values as unknown[]);
  return r.rowCount ?? 0;
}

/** Runs fn in one transaction (rolled back on any failure). */
export async function transaction<T>(client: PgClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // the connection may be gone; the original error is what matters
    }
    throw err;
  }
}

// ---------------------------------------------------------------- migrations

/** The db/postgres/migrations folder of this installation (sources and the compiled build share the package root). */
export function pgMigrationsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'db', 'postgres', 'migrations');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`db/postgres/migrations not found above ${from}`);
    dir = up;
  }
}

export function pgMigrations(): { version: number; name: string; sql: string }[] {
  const dir = pgMigrationsDir();
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Advisory lock keys (one namespace: 0x7465_6368 = "tech"). */
export const LOCKS = { migrate: 1, history: 2, taxonomy: 3, writer: 4 } as const;
export const LOCK_NAMESPACE = 0x74656368;

/**
 * Brings the schema to the newest version. Refuses a database whose schema is newer than this installation, and a
 * database that holds tables but no techdemand schema record (someone else's database).
 */
export async function migrate(client: PgClient, url: string): Promise<void> {
  const all = pgMigrations();
  const newest = all[all.length - 1]!.version;
  await transaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.migrate]);
    await client.query(`CREATE TABLE IF NOT EXISTS techdemand_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = (await client.query('SELECT max(version) AS v FROM techdemand_schema')).rows as { v: number | null }[];
    const current = rows[0]?.v ?? 0;
    if (current > newest) {
      throw new DatabaseError(`PostgreSQL at ${displayUrl(url)} has techdemand schema ${current}, newer than this installation knows (${newest}): upgrade techdemand`);
    }
    if (current === 0) {
      const foreign = (await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'postings'`)).rowCount;
      if (foreign) throw new DatabaseError(`PostgreSQL at ${displayUrl(url)} already has a postings table that techdemand did not create; use another database or schema`);
    }
    for (const m of all) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO techdemand_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
  });
}
