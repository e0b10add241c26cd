// What a count counts (QueryFilter.count, the CLI's --denominator): unique jobs by default, raw postings, or
// companies. One name for the concept (CountUnit, src/core/queries.ts), one SQL helper.
// Its own module so that queries.ts and analytics-queries.ts both use it without importing each other.
import type { QueryFilter } from '../src/core/types.js';
import { UsageError } from '../src/core/errors.js';
import { Sql, sql } from './sql.js';

import type { CountUnit } from '../src/core/queries.js';
export type { CountUnit };

/** What counts count (QueryFilter.count): unique jobs by default, raw postings, or companies. */
export function countUnit(filter: QueryFilter): CountUnit {
  const unit = filter.count ?? 'jobs';
  if (unit !== 'jobs' && unit !== 'postings' && unit !== 'companies') {
    throw new UsageError(`count must be jobs, postings or companies, got ${JSON.stringify(unit)}`);
  }
  return unit;
}

/**
 * The SQL aggregate that counts `unit` among postings `p`. `rows: 'one'` when the query has one row per posting
 * (or per posting and technology, grouped by technology); `'many'` when a join can repeat a posting.
 */
export function unitCountSql(unit: CountUnit, rows: 'one' | 'many' = 'one'): Sql {
  switch (unit) {
    case 'postings':
      return rows === 'one' ? sql`count(*)` : sql`count(DISTINCT p.id)`;
    case 'jobs':
      return sql`count(DISTINCT p.job_key)`;
    case 'companies':
      return sql`count(DISTINCT lower(p.company))`;
  }
}

