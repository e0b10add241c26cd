// The sql tagged template binds every value and only ever splices fragments built from code.

import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Sql, execute, explainQueryPlan, prepareCached, queryAll, queryOne, queryValue, sql, sqlEmpty, sqlJoin, sqlList } from '../../db/sql.js';

describe('sql template', () => {
  it('turns every interpolated value into a parameter', () => {
    const hostile = "x'); DROP TABLE postings; --";
    const q = sql`SELECT * FROM postings WHERE source = ${hostile} AND id > ${3} AND remote = ${true}`;
    expect(q.text).toBe('SELECT * FROM postings WHERE source = ? AND id > ? AND remote = ?');
    expect(q.values).toEqual([hostile, 3, 1]);
    expect(q.text).not.toContain('DROP');
  });

  it('splices fragments with their values in order, and the empty fragment adds nothing', () => {
    const cond = sql`AND month >= ${'2015-01'}`;
    const q = sql`SELECT 1 WHERE a = ${'a'} ${cond} ${sqlEmpty} AND b = ${null}`;
    expect(q.text).toBe('SELECT 1 WHERE a = ? AND month >= ?  AND b = ?');
    expect(q.values).toEqual(['a', '2015-01', null]);
    const joined = sqlJoin([sql`x = ${1}`, sql`y = ${2}`, sql`z = ${3}`], sql` AND `);
    expect(joined.text).toBe('x = ? AND y = ? AND z = ?');
    expect(joined.values).toEqual([1, 2, 3]);
    expect(sqlJoin([]).text).toBe('');
  });

  it('refuses undefined and non-finite numbers instead of binding something else', () => {
    expect(() => sql`SELECT ${undefined as unknown as string}`).toThrow(/parameter 1 is undefined/);
    expect(() => sql`SELECT ${1}, ${Number.NaN}`).toThrow(/parameter 2 is not a finite number/);
  });

  it('binds a list as one JSON parameter, whatever its length or content', () => {
    const db = new Sqlite(':memory:');
    db.exec("CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('a'), ('b'), ('it''s'), ('\"q\"')");
    const names = (list: string[]): string[] =>
      queryAll<{ name: string }>(db, sql`SELECT name FROM t WHERE name IN ${sqlList(list)} ORDER BY name`).map((r) => r.name);
    expect(names(['a'])).toEqual(['a']);
    expect(names(["it's", '"q"', 'zzz'])).toEqual(['"q"', "it's"]);
    expect(names([])).toEqual([]);
    expect(sqlList(['a', 'b']).text).toBe(sqlList(['a', 'b', 'c', 'd']).text);
    db.close();
  });

  it('prepares each statement text once per connection and runs queries', () => {
    const db = new Sqlite(':memory:');
    execute(db, sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`);
    for (const v of ['a', 'b', 'c']) execute(db, sql`INSERT INTO t (v) VALUES (${v})`);
    expect(prepareCached(db, 'SELECT count(*) FROM t')).toBe(prepareCached(db, 'SELECT count(*) FROM t'));
    expect(queryValue<number>(db, sql`SELECT count(*) FROM t WHERE v <> ${'b'}`)).toBe(2);
    // pluck mode does not leak into the next use of the same statement.
    expect(queryOne(db, sql`SELECT count(*) FROM t WHERE v <> ${'b'}`)).toEqual({ 'count(*)': 2 });
    expect(queryOne(db, sql`SELECT v FROM t WHERE id = ${99}`)).toBeUndefined();
    expect(explainQueryPlan(db, sql`SELECT v FROM t WHERE id = ${1}`)).toEqual(['SEARCH t USING INTEGER PRIMARY KEY (rowid=?)']);
    expect(sql`x` instanceof Sql).toBe(true);
    db.close();
  });
});
