// The `sql` tagged template: every interpolated value becomes a bound parameter, never text.
//
//   const q = sql`SELECT id FROM postings WHERE source = ${source} ${extra}`;   // q.text, q.values
//
// Interpolating another Sql fragment splices its text and values in, which is how optional clauses are built.
// Identifiers and keywords can only come from the literal parts of a template (i.e. from our own code), so
// untrusted job-ad data can never reach the SQL text. Statements are cached per connection by their text,
// so a query shape is prepared once however often it runs.

import type { Database, Statement } from 'better-sqlite3';

/** What SQLite can bind. Booleans are bound as 1/0. */
export type SqlValue = string | number | bigint | Buffer | boolean | null;
type BoundValue = string | number | bigint | Buffer | null;

export class Sql {
  /** @internal use the `sql` template or the helpers below */
  constructor(
    readonly text: string,
    readonly values: readonly BoundValue[],
  ) {}
}

function bindable(value: SqlValue | undefined, index: number): BoundValue {
  if (value === undefined) {
    // Almost always a forgotten optional field; binding NULL silently would hide the bug.
    throw new TypeError(`sql: parameter ${index + 1} is undefined`);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`sql: parameter ${index + 1} is not a finite number (${value})`);
  }
  return value;
}

/** Tagged template: literal parts become SQL text, `${values}` become `?` parameters, `${Sql}` is spliced. */
export function sql(strings: TemplateStringsArray, ...params: Array<SqlValue | Sql>): Sql {
  let text = strings[0] ?? '';
  const values: BoundValue[] = [];
  params.forEach((param, i) => {
    if (param instanceof Sql) {
      text += param.text;
      values.push(...param.values);
    } else {
      text += '?';
      values.push(bindable(param, i));
    }
    text += strings[i + 1] ?? '';
  });
  return new Sql(text, values);
}

/** The empty fragment, for optional clauses: `${cond ? sql`AND x = ${v}` : sqlEmpty}`. */
export const sqlEmpty: Sql = new Sql('', []);

/** Joins fragments with a separator that is itself a fragment (so it cannot carry data): sqlJoin(parts, sql` AND `). */
export function sqlJoin(parts: readonly Sql[], separator: Sql = sql`, `): Sql {
  let text = '';
  const values: BoundValue[] = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      text += separator.text;
      values.push(...separator.values);
    }
    text += part.text;
    values.push(...part.values);
  });
  return new Sql(text, values);
}

/**
 * A list of values usable after IN, bound as ONE JSON parameter: `x IN ${sqlList(ids)}`.
 * One statement text serves every list length, so the statement cache stays small.
 */
/**
 * Postings (aliased `alias`) with at least one of `roles` in their comma-separated roles column. The one place a
 * role filter becomes SQL; an empty or absent list is no condition.
 */
export function rolesCondition(alias: Sql, roles: readonly string[] | undefined): Sql {
  if (roles === undefined || roles.length === 0) return sqlEmpty;
  return sql`AND (${sqlJoin(roles.map((r) => sql`instr(',' || ${alias}.roles || ',', ${`,${r},`}) > 0`), sql` OR `)})`;
}

export function sqlList(values: readonly (string | number)[]): Sql {
  return sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

// ---------------------------------------------------------------- prepared-statement cache

const MAX_CACHED_STATEMENTS = 256;
const statementCache = new WeakMap<Database, Map<string, Statement>>();

/** The statement for this text on this connection, prepared on first use. */
export function prepareCached(db: Database, text: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let stmt = cache.get(text);
  if (stmt) {
    // Refresh recency so the eviction below drops the least recently used shape.
    cache.delete(text);
  } else {
    stmt = db.prepare(text);
    if (cache.size >= MAX_CACHED_STATEMENTS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }
  cache.set(text, stmt);
  return stmt;
}

export function queryAll<T>(db: Database, query: Sql): T[] {
  return prepareCached(db, query.text).all(...query.values) as T[];
}

export function queryOne<T>(db: Database, query: Sql): T | undefined {
  return prepareCached(db, query.text).get(...query.values) as T | undefined;
}

/** The single value of the first row (e.g. a COUNT), or undefined when there is no row. */
export function queryValue<T>(db: Database, query: Sql): T | undefined {
  const stmt = prepareCached(db, query.text);
  const row = stmt.pluck(true).get(...query.values) as T | undefined;
  stmt.pluck(false);
  return row;
}

export function execute(db: Database, query: Sql): { changes: number; lastInsertRowid: number | bigint } {
  return prepareCached(db, query.text).run(...query.values);
}

/** One line per step of SQLite's plan for the query, e.g. "SEARCH monthly_tech USING PRIMARY KEY (month>? AND month<?)". */
export function explainQueryPlan(db: Database, query: Sql): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.values) as { detail: string }[];
  return rows.map((row) => row.detail);
}
