// The hot queries must be answered through the intended indexes: EXPLAIN QUERY PLAN shows a SEARCH with the named
// index and never a full SCAN of postings, mentions, posting_tech or the aggregates. The planner has no statistics
// here (no ANALYZE), exactly like a user's database, so the plans do not depend on how many rows the test loads.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import {
  countPostingsSql,
  examplePostingsSql,
  monthlyCountsSql,
  monthlyTotalsSql,
  monthsWithPostingsSql,
  postingLookupSql,
  topTechnologiesSql,
} from '../../db/queries.js';
import { explainQueryPlan, type Sql } from '../../db/sql.js';
import { TAXONOMY, corpusPostings, tagged, tempDir } from './db-fixtures.js';

describe('db query plans', () => {
  const tmp = tempDir();
  let db: Database;

  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'plans.db'));
    const store = new Store(db);
    store.syncTaxonomy(TAXONOMY, 'tax-v1');
    store.savePostings(tagged(corpusPostings(80)), '2024-01-01T00:00:00.000Z');
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  /**
   * The plan, after checking that nothing is scanned in full but a bound JSON list (json_each) or `g`, the few
   * hundred per-technology totals a ranking computes before naming them.
   */
  function plan(query: Sql): string {
    const lines = explainQueryPlan(db, query);
    for (const line of lines) {
      if (line.startsWith('SCAN ')) expect(line).toMatch(/^SCAN (json_each VIRTUAL TABLE|g$)/);
    }
    return lines.join('\n');
  }

  it('top sums monthly_tech per technology before naming it, never reading postings or mentions', () => {
    // A bounded range searches the month primary key.
    const bounded = topTechnologiesSql({ since: '2015-01', until: '2016-06' }, 20);
    expect(plan(bounded.rows)).toMatch(/SEARCH mt USING PRIMARY KEY \(month>\? AND month<\?\)/);
    // An open range needs every aggregate row: one walk of the per-tech covering index, already in GROUP BY order.
    for (const filter of [{}, { sources: ['hn'], requiredOnly: true }]) {
      const rows = explainQueryPlan(db, topTechnologiesSql(filter, 20).rows);
      const scans = rows.filter((l) => l.startsWith('SCAN '));
      expect(scans.filter((l) => !/^SCAN (g|json_each VIRTUAL TABLE.*)$/.test(l))).toEqual(['SCAN mt USING COVERING INDEX monthly_tech_by_tech_month']);
      expect(rows.join('\n')).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
    }
    for (const filter of [{}, { since: '2015-01', until: '2016-06' }, { sources: ['hn'], requiredOnly: true }]) {
      const q = topTechnologiesSql(filter, 20);
      const rows = explainQueryPlan(db, q.rows).join('\n');
      // Named after grouping: one technologies lookup per ranked technology, not per aggregate row.
      expect(rows).toMatch(/CO-ROUTINE g\n[\s\S]*SCAN g\nSEARCH t USING PRIMARY KEY \(id=\?\) LEFT-JOIN/);
      expect(rows).not.toMatch(/postings|mentions|posting_tech|\bp\b|\bpt\b/);
      expect(plan(q.total)).toMatch(/^SEARCH mt USING PRIMARY KEY \(month>\? AND month<\?\)$/m);
      expect(plan(q.total)).not.toMatch(/\bp\b|postings/);
    }
  });

  it('top in one category starts from the category index and the per-tech aggregate index', () => {
    const rows = explainQueryPlan(db, topTechnologiesSql({ category: 'language' }, 20).rows).join('\n');
    expect(rows).toMatch(/SEARCH technologies USING COVERING INDEX technologies_by_category \(category=\?\)/);
    expect(rows).toMatch(/SEARCH mt USING COVERING INDEX monthly_tech_by_tech_month \(tech=\?\)/);
    expect(plan(topTechnologiesSql({ category: 'language', since: '2015-01' }, 20).rows)).toMatch(
      /SEARCH mt USING COVERING INDEX monthly_tech_by_tech_month \(tech=\? AND month>\? AND month<\?\)/,
    );
  });

  it('monthly counts and totals read the aggregates by tech and month', () => {
    expect(plan(monthlyCountsSql(['python', 'postgresql'], { sources: ['hn'] }))).toMatch(
      /^SEARCH mt USING COVERING INDEX monthly_tech_by_tech_month \(tech=\? AND month>\? AND month<\?\)/,
    );
    expect(plan(monthlyTotalsSql({ since: '2014-01' }))).toBe('SEARCH mt USING PRIMARY KEY (month>? AND month<?)');
    expect(plan(countPostingsSql({}))).toBe('SEARCH mt USING PRIMARY KEY (month>? AND month<?)');
  });

  it('months with postings of a role probe the filter index once per month; of a company, the company index', () => {
    const role = explainQueryPlan(db, monthsWithPostingsSql({ roles: ['backend', 'full-stack'], since: '2014-01' })).join('\n');
    expect(role).toMatch(/SEARCH mt USING PRIMARY KEY \(month>\? AND month<\?\)/);
    expect(role).toMatch(/SEARCH p EXISTS USING COVERING INDEX postings_by_month_source \(posted_month=\?\)/);
    // The only scan is of the derived list of months, never of postings.
    expect(role.split('\n').filter((l) => l.startsWith('SCAN '))).toEqual(['SCAN m']);
    expect(plan(monthsWithPostingsSql({ company: 'Stripe' }))).toMatch(/SEARCH p USING INDEX postings_by_company \(company=\?\)/);
    expect(plan(monthsWithPostingsSql({ sources: ['hn'] }))).toMatch(/^SEARCH mt USING PRIMARY KEY \(month>\? AND month<\?\)/);
  });

  it('filters on posting attributes go through postings indexes and posting_tech by key', () => {
    const top = plan(topTechnologiesSql({ remote: true, since: '2015-01', count: 'postings' }, 10).rows);
    // Covering: the filter columns live in the index, so the wide rows (text, html) are never read.
    expect(top).toMatch(/SEARCH p USING COVERING INDEX postings_by_month_source \(posted_month>\? AND posted_month<\?\)/);
    expect(top).toMatch(/SEARCH pt USING PRIMARY KEY \(posting_id=\?\)/);
    expect(plan(countPostingsSql({ company: 'Stripe' }))).toMatch(/SEARCH p USING INDEX postings_by_company \(company=\?\)/);
    const trend = plan(monthlyCountsSql(['python', 'java'], { remote: false, roles: ['backend'] }));
    expect(trend).toMatch(/^SEARCH p USING COVERING INDEX postings_by_month_source \(posted_month>\? AND posted_month<\?\)/);
    expect(trend).toMatch(/SEARCH pt USING PRIMARY KEY \(posting_id=\? AND tech=\?\)/);
    expect(trend).not.toMatch(/INTEGER PRIMARY KEY/);
  });

  it('a posting (with its mentions, which are in its row) is found by id or by (source, external_id)', () => {
    expect(plan(postingLookupSql('hn:6139936'))).toBe(
      'SEARCH postings USING INDEX postings_by_source_external (source=? AND external_id=?)',
    );
    expect(plan(postingLookupSql(42))).toBe('SEARCH postings USING INTEGER PRIMARY KEY (rowid=?)');
  });

  it('examples come newest first straight from the posting_tech index, without sorting', () => {
    const examples = plan(examplePostingsSql('python', 5, {}));
    expect(examples).toBe('SEARCH pt USING INDEX posting_tech_by_tech_month (tech=? AND posted_month>? AND posted_month<?)');
    expect(examples).not.toMatch(/TEMP B-TREE/);
  });
});
