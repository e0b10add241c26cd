// Files techdemand must refuse or survive: newer schema, garbage, corruption, foreign databases, read-only files,
// a full disk. Each gives a one-line DatabaseError naming the file, and the stored data stays exactly as it was.

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { latestSchemaVersion, migrate } from '../../db/migrate.js';
import { Store } from '../../db/store.js';
import { postingById, topTechnologies } from '../../db/queries.js';
import { DatabaseError } from '../../src/core/errors.js';
import { corpusPostings, snapshot, tagged, tempDir } from './db-fixtures.js';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, got none');
}

function expectDatabaseError(fn: () => unknown, pattern: RegExp, file: string): DatabaseError {
  const err = catchError(fn);
  expect(err).toBeInstanceOf(DatabaseError);
  const message = (err as DatabaseError).message;
  expect(message).toMatch(pattern);
  expect(message).toContain(file);
  expect(message).not.toContain('\n');
  return err as DatabaseError;
}

/** Deterministic garbage. */
function garbage(length: number, seed: string): Buffer {
  const chunks: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  while (chunks.length * block.length < length) {
    chunks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

function overwrite(file: string, position: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}

/** Runs fn as an unprivileged user when we are root (root ignores file permissions), else as ourselves. */
function asUnprivileged<T>(fn: () => T): T {
  if (process.getuid?.() !== 0) return fn();
  // Only the effective ids change, so we can switch back; forks pool = this test file has its own process.
  process.setegid!(65534);
  process.seteuid!(65534);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

describe('db failures', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;

  /** A closed database holding 30 real ads (closing checkpoints the WAL into the main file). */
  function populated(): void {
    const db = openDatabase(path);
    new Store(db).savePostings(tagged(corpusPostings(30)), '2024-01-01T00:00:00.000Z');
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  }

  function countWithPlainSqlite(): number {
    const raw = new Sqlite(path, { readonly: true });
    try {
      return raw.prepare('SELECT count(*) FROM postings').pluck().get() as number;
    } finally {
      raw.close();
    }
  }

  beforeEach(() => {
    tmp = tempDir();
    path = join(tmp.dir, 'td.db');
  });
  afterEach(() => {
    chmodSync(tmp.dir, 0o700);
    tmp.cleanup();
  });

  it('refuses a database written by a newer techdemand and leaves it untouched', () => {
    populated();
    const raw = new Sqlite(path);
    raw.pragma('user_version = 99');
    raw.close();
    const bytes = readFileSync(path);
    expectDatabaseError(
      () => openDatabase(path),
      new RegExp(`written by a newer techdemand \\(schema version 99, this build knows up to ${latestSchemaVersion()}\\); upgrade techdemand`),
      path,
    );
    expectDatabaseError(() => openDatabase(path, { readonly: true }), /newer techdemand/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(countWithPlainSqlite()).toBe(30);
  });

  it('refuses a file that is not a database', () => {
    writeFileSync(path, 'company,title\nAcme,Backend engineer\n'.repeat(200));
    const bytes = readFileSync(path);
    expectDatabaseError(() => openDatabase(path), /is not a techdemand database/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a database whose header was overwritten with garbage, leaving its pages as they were', () => {
    populated();
    overwrite(path, 0, garbage(100, 'header'));
    const bytes = readFileSync(path);
    expectDatabaseError(() => openDatabase(path), /is not a techdemand database/, path);
    expectDatabaseError(() => openDatabase(path, { readonly: true }), /is not a techdemand database/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  /** Overwrites the root page of `table` with garbage; returns the damaged file's bytes. */
  function damageTable(table: string): Buffer {
    const raw = new Sqlite(path, { readonly: true });
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const root = raw.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(table) as number;
    raw.close();
    overwrite(path, (root - 1) * pageSize, garbage(pageSize, `${table} root page`));
    return readFileSync(path);
  }

  it('the default check finds garbage in monthly_totals, which every share divides by', () => {
    populated();
    const bytes = damageTable('monthly_totals');
    expectDatabaseError(() => openDatabase(path), /is corrupt \(.+\).*; restore it from a backup/, path);
    expectDatabaseError(() => openDatabase(path, { readonly: true }), /is corrupt/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('garbage in monthly_tech (too big at scale for the default check) fails the query or save that meets it', () => {
    populated();
    const bytes = damageTable('monthly_tech');
    const db = openDatabase(path);
    try {
      // A bounded ranking reads the table by its month key (an all-time one reads the per-tech index, below).
      expectDatabaseError(() => topTechnologies(db, { since: '2000-01' }, 10), /is corrupt/, path);
      // Saving postings adds to it: the batch fails whole and nothing is written (the file is unchanged below).
      expectDatabaseError(() => new Store(db).savePostings(tagged(corpusPostings(40).slice(30)), '2024-02-01T00:00:00.000Z'), /is corrupt/, path);
      expect(db.prepare('SELECT count(*) FROM postings').pluck().get()).toBe(30);
    } finally {
      db.close();
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('garbage in the per-tech index of monthly_tech fails the all-time ranking that reads it', () => {
    populated();
    const bytes = damageTable('monthly_tech_by_tech_month');
    const db = openDatabase(path, { readonly: true });
    try {
      expectDatabaseError(() => topTechnologies(db, {}, 10), /is corrupt/, path);
    } finally {
      db.close();
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a full check finds garbage inside postings, and a query that meets it fails with a DatabaseError', () => {
    populated();
    const bytes = damageTable('postings');
    expectDatabaseError(() => openDatabase(path, { check: 'full' }), /is corrupt \(quick_check: .+\)/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    // The default check stays cheap at any size, so it does not read postings; the damaged page then fails the
    // first query that reads it, as a DatabaseError rather than a raw SQLite error.
    const db = openDatabase(path, { readonly: true });
    try {
      expectDatabaseError(() => postingById(db, 'hn:6139936'), /is corrupt/, path);
    } finally {
      db.close();
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses an SQLite database of another application', () => {
    const raw = new Sqlite(path);
    raw.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    raw.close();
    const bytes = readFileSync(path);
    expectDatabaseError(() => openDatabase(path), /SQLite database of another application/, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const other = new Sqlite(path);
    other.pragma('application_id = 42');
    other.close();
    expectDatabaseError(() => openDatabase(path), /another application \(application_id 42\)/, path);
  });

  it('refuses a read-only file when it needs to write, and read-only opens cannot write', () => {
    populated();
    const bytes = readFileSync(path);
    chmodSync(path, 0o444);
    chmodSync(tmp.dir, 0o555);
    expectDatabaseError(() => asUnprivileged(() => openDatabase(path)), /is read-only but techdemand needs to write to it/, path);
    chmodSync(tmp.dir, 0o755);
    chmodSync(path, 0o644);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const db = openDatabase(path, { readonly: true });
    try {
      const store = new Store(db);
      const before = snapshot(db);
      expectDatabaseError(
        () => store.savePostings(tagged(corpusPostings(5, 31)), '2024-02-01T00:00:00.000Z'),
        /is read-only but saving postings needs to write to it/,
        path,
      );
      expect(snapshot(db)).toEqual(before);
      expect(topTechnologies(db, {}, 3).total).toBe(30);
    } finally {
      db.close();
    }
  });

  it('reports a full disk, keeps everything saved before, and recovers once there is room', () => {
    const db = openDatabase(path);
    try {
      const store = new Store(db);
      store.savePostings(tagged(corpusPostings(20)), '2024-01-01T00:00:00.000Z');
      const before = snapshot(db);
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      const more = tagged(corpusPostings(200, 31, 5));
      expectDatabaseError(() => store.savePostings(more, '2024-01-02T00:00:00.000Z'), /disk full while saving postings \(SQLITE_FULL\)/, path);
      expect(snapshot(db)).toEqual(before);
      db.pragma('max_page_count = 1073741823');
      const saved = store.savePostings(more, '2024-01-02T00:00:00.000Z');
      expect(saved.new + saved.unchanged).toBe(200);
      expect(db.prepare('SELECT count(*) FROM postings').pluck().get()).toBe(20 + saved.new);
    } finally {
      db.close();
    }
  });

  it('a migration that runs out of space applies nothing', () => {
    const raw = new Sqlite(path);
    try {
      raw.pragma('max_page_count = 2');
      expectDatabaseError(() => migrate(raw), /disk full while upgrading the database schema/, path);
      expect(raw.pragma('user_version', { simple: true })).toBe(0);
      expect(raw.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('read-only opens need an existing, up-to-date file', () => {
    expectDatabaseError(() => openDatabase(path, { readonly: true }), /does not exist/, path);
    writeFileSync(path, '');
    // An empty file holds nothing to read: the message says so rather than asking for an upgrade.
    expectDatabaseError(() => openDatabase(path, { readonly: true }), /holds no postings yet/, path);
    // A writable open of the same empty file simply creates the schema.
    openDatabase(path).close();
  });
});
