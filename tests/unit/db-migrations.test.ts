// Migration files: found from the sources and from the compiled build, numbered without gaps, applied atomically.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, migrationsDir, schemaVersion } from '../../db/migrate.js';
import { DatabaseError } from '../../src/core/errors.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dirs: string[] = [];
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'techdemand-mig-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('db migrations', () => {
  it('finds db/migrations from the sources and from dist/db', () => {
    const expected = join(repoRoot, 'db', 'migrations');
    expect(migrationsDir()).toBe(expected);
    expect(migrationsDir(join(repoRoot, 'dist', 'db'))).toBe(expected);
    expect(loadMigrations()[0]).toMatchObject({ version: 1, name: '001_init.sql' });
    expect(loadMigrations()[0]!.sql).toBe(readFileSync(join(expected, '001_init.sql'), 'utf8'));
  });

  it('fails clearly when no migrations folder exists above a place', () => {
    const dir = scratch({});
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    expect(() => migrationsDir(join(dir, 'a', 'b'))).toThrow(DatabaseError);
  });

  it('refuses gaps and misnamed files', () => {
    expect(() => loadMigrations(scratch({ '001_a.sql': 'SELECT 1;', '003_c.sql': 'SELECT 1;' }))).toThrow(
      /003_c\.sql: expected migration number 002/,
    );
    expect(() => loadMigrations(scratch({ '001_a.sql': 'SELECT 1;', '2_b.sql': 'SELECT 1;' }))).toThrow(/NNN_lower_snake\.sql/);
    expect(() => loadMigrations(scratch({}))).toThrow(/no migrations found/);
  });

  it('applies pending migrations in one transaction: a failing later one undoes the earlier ones', () => {
    const dir = scratch({
      '001_one.sql': 'CREATE TABLE a (x INTEGER);',
      '002_two.sql': 'CREATE TABLE b (y INTEGER);',
      '003_three.sql': 'CREATE TABLE b (z INTEGER);',
    });
    const db = new Sqlite(':memory:');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/table b already exists/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBe(0);

    const good = loadMigrations(scratch({ '001_one.sql': 'CREATE TABLE a (x INTEGER);', '002_two.sql': 'CREATE TABLE b (y INTEGER);' }));
    expect(migrate(db, good.slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(migrate(db, good)).toEqual({ from: 1, to: 2 });
    expect(migrate(db, good)).toEqual({ from: 2, to: 2 });
    expect(() => migrate(db, good.slice(0, 1))).toThrow(/written by a newer techdemand \(schema version 2, this build knows up to 1\)/);
    db.close();
  });
});
