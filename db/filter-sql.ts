// The one translation of a QueryFilter into SQL conditions, for every read query of the embedded engine
// (queries.ts, analytics-queries.ts, history.ts). Every value is bound.
import type { Month, QueryFilter } from '../src/core/types.js';
import { UsageError } from '../src/core/errors.js';
import { sql, sqlEmpty, sqlList, rolesCondition, type Sql } from './sql.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The filter's month range, checked. Sentinels that sort before / after every real month keep one statement shape
 * for bounded and unbounded ranges.
 */
export function monthBounds(filter: QueryFilter): { since: Month; until: Month } {
  for (const key of ['since', 'until'] as const) {
    const value = filter[key];
    if (value !== undefined && (typeof value !== 'string' || !MONTH.test(value))) {
      throw new UsageError(`${key} must be a month "YYYY-MM", got ${JSON.stringify(value)}`);
    }
  }
  return { since: filter.since ?? '0000-00', until: filter.until ?? '9999-99' };
}

/** True when the aggregate tables (months, sources, category, requiredOnly are their columns) can answer the filter. */
export function aggregatesCover(filter: QueryFilter): boolean {
  return filter.roles === undefined && filter.remote === undefined && filter.company === undefined;
}

/**
 * Conditions on postings aliased `p` (months, sources, remote, company, role). `months` names other columns for the
 * month and the source when a query counts postings by another table's months (history's posting_months).
 */
export function postingConditions(p: Sql, filter: QueryFilter, months?: { month: Sql; source: Sql }): Sql {
  const { since, until } = monthBounds(filter);
  const month = months?.month ?? sql`${p}.posted_month`;
  const source = months?.source ?? sql`${p}.source`;
  return sql`${month} >= ${since} AND ${month} <= ${until}
    ${filter.sources ? sql`AND ${source} IN ${sqlList(filter.sources)}` : sqlEmpty}
    ${filter.remote !== undefined ? sql`AND ${p}.remote = ${filter.remote}` : sqlEmpty}
    ${filter.company !== undefined ? sql`AND ${p}.company = ${filter.company} COLLATE NOCASE` : sqlEmpty}
    ${rolesCondition(p, filter.roles)}`;
}

/**
 * Conditions on an aggregate table aliased `alias` (its month and source columns). `openRange: 'omit'` states no
 * month bounds when the filter has neither since nor until (queries.ts topTechnologiesSql says why).
 */
export function aggregateConditions(filter: QueryFilter, alias: Sql, openRange: 'bound' | 'omit' = 'bound'): Sql {
  const { since, until } = monthBounds(filter);
  const open = filter.since === undefined && filter.until === undefined;
  const months = open && openRange === 'omit' ? sql`1` : sql`${alias}.month >= ${since} AND ${alias}.month <= ${until}`;
  return sql`${months}
    ${filter.sources ? sql`AND ${alias}.source IN ${sqlList(filter.sources)}` : sqlEmpty}`;
}

/** Conditions on a posting_tech row aliased `pt` (strength, category). */
export function techConditions(filter: QueryFilter): Sql {
  return sql`${filter.requiredOnly ? sql`AND pt.strength = 'required'` : sqlEmpty}
    ${filter.category !== undefined ? sql`AND pt.tech IN (SELECT id FROM technologies WHERE category = ${filter.category})` : sqlEmpty}`;
}
