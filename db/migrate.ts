// Versioned schema migrations.
//
// The numbered files in db/migrations (001_init.sql, 002_….sql, …) are the source of truth. They are read at run
// time from the db/migrations folder found by walking up from this module, which works both for the TypeScript
// sources (db/migrate.ts) and the compiled build (dist/db/migrate.js, whose package root also holds db/migrations).
// PRAGMA user_version records how many have been applied; all pending ones run in ONE transaction, so a database
// is always at some exact version, never half-way.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from '../src/core/errors.js';
import { toDatabaseError } from './db-error.js';

export interface Migration {
  /** 1-based; the database's user_version after this migration. */
  version: number;
  /** File name, e.g. "001_init.sql". */
  name: string;
  sql: string;
}

/** Written by 001_init.sql into the header, so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 1950641508;

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** The db/migrations folder of this installation: the nearest one above `from` (default: this module's folder). */
export function migrationsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, '001_init.sql'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new DatabaseError(
    `cannot find the db/migrations folder above ${from} (broken installation)`,
  );
}

const cache = new Map<string, Migration[]>();

/** The migrations in `dir`, numbered 1..n without gaps (checked, so a misnamed file cannot be skipped). */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const migrations = files.map((name, i): Migration => {
    const match = MIGRATION_FILE.exec(name);
    if (!match) {
      throw new DatabaseError(`${join(dir, name)}: migration files must be named NNN_lower_snake.sql`);
    }
    const version = Number(match[1]);
    if (version !== i + 1) {
      throw new DatabaseError(`${join(dir, name)}: expected migration number ${String(i + 1).padStart(3, '0')}`);
    }
    return { version, name, sql: readFileSync(join(dir, name), 'utf8') };
  });
  if (migrations.length === 0) throw new DatabaseError(`${dir}: no migrations found`);
  cache.set(dir, migrations);
  return migrations;
}

/** The newest schema version this build knows. */
export function latestSchemaVersion(): number {
  return loadMigrations().length;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one IMMEDIATE transaction (the write lock is taken before user_version is
 * read, so two processes opening a fresh file cannot both migrate it). Returns the versions before and after.
 * On any failure nothing is applied and a DatabaseError (disk full, read-only, …) or the original error is thrown.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations()): { from: number; to: number } {
  const latest = migrations.length;
  const apply = db.transaction(() => {
    const from = schemaVersion(db);
    if (from > latest) {
      throw new DatabaseError(
        `${db.name} was written by a newer techdemand (schema version ${from}, this build knows up to ${latest}); upgrade techdemand`,
      );
    }
    for (const migration of migrations.slice(from)) {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is our own integer, not data.
      db.pragma(`user_version = ${migration.version}`);
    }
    return { from, to: latest };
  });
  try {
    return apply.immediate();
  } catch (err) {
    throw toDatabaseError(err, db.name, 'upgrading the database schema');
  }
}
