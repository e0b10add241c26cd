// Read queries against a database of real ads, checked against counts computed in plain TypeScript from the same
// ads (not from SQL), for every filter and for both the aggregate path and the postings ⨝ posting_tech path.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/open.js';
import { Store, bestStrengths } from '../../db/store.js';
import {
  aggregatesCover,
  countPostings,
  monthsWithPostings,
  examplePostings,
  monthlyCounts,
  monthlyTotals,
  postingById,
  topTechnologies,
} from '../../db/queries.js';
import { UsageError } from '../../src/core/errors.js';
import type { Posting, QueryFilter, Strength, TechCount } from '../../src/core/types.js';
import { TAXONOMY, corpusPostings, literalMentions, tagged, tempDir } from './db-fixtures.js';

interface Known {
  posting: Posting;
  best: Map<string, Strength>;
  roles: string[];
}

const categoryOf = new Map(TAXONOMY.map((t) => [t.id, t.category]));
const nameOf = new Map(TAXONOMY.map((t) => [t.id, t.name]));

function matches(k: Known, f: QueryFilter): boolean {
  const p = k.posting;
  return (
    (f.since === undefined || p.postedMonth >= f.since) &&
    (f.until === undefined || p.postedMonth <= f.until) &&
    (f.sources === undefined || f.sources.includes(p.source)) &&
    (f.remote === undefined || p.remote === f.remote) &&
    (f.company === undefined || (p.company ?? '').toLowerCase() === f.company.toLowerCase()) &&
    (f.roles === undefined || f.roles.some((r) => k.roles.includes(r)))
  );
}

function expectedTop(known: Known[], f: QueryFilter, limit: number): { total: number; rows: TechCount[] } {
  const inFilter = known.filter((k) => matches(k, f));
  const counts = new Map<string, number>();
  for (const k of inFilter) {
    for (const [tech, strength] of k.best) {
      if (f.requiredOnly && strength !== 'required') continue;
      if (f.category !== undefined && categoryOf.get(tech) !== f.category) continue;
      counts.set(tech, (counts.get(tech) ?? 0) + 1);
    }
  }
  const total = inFilter.length;
  const rows = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([tech, count]) => ({
      tech,
      name: nameOf.get(tech) ?? tech,
      category: categoryOf.get(tech) ?? '',
      count,
      total,
      share: count / total,
    }));
  return { total, rows };
}

describe('db queries', () => {
  const tmp = tempDir();
  let db: Database;
  const known: Known[] = [];

  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'q.db'));
    const store = new Store(db);
    // Taxonomy without 'aws', to show that unknown ids still rank (named by their id).
    store.syncTaxonomy(TAXONOMY.filter((t) => t.id !== 'aws'), 'tax-v1');
    nameOf.delete('aws');
    categoryOf.delete('aws');
    const hn = corpusPostings(160, 43);
    // Other real ads, filed under a second source so source filters have something to separate.
    const lever = corpusPostings(80, 89, 11).map((p) => ({ ...p, source: 'lever', externalId: `acme:${p.externalId}` }));
    const all = [...hn, ...lever];
    store.savePostings(tagged(all.slice(0, 120)), '2024-01-01T00:00:00.000Z');
    store.savePostings(tagged(all.slice(120)), '2024-01-01T00:00:00.000Z');
    // Roles come from a later classifier; give every third posting "backend" and every fifth "data" directly.
    all.forEach((p, i) => {
      const roles = [i % 3 === 0 ? 'backend' : null, i % 5 === 0 ? 'data' : null].filter((r): r is string => r !== null);
      if (roles.length > 0) {
        db.prepare('UPDATE postings SET roles = ? WHERE source = ? AND external_id = ?').run(roles.join(','), p.source, p.externalId);
      }
      known.push({ posting: p, best: bestStrengths(literalMentions(p.text)), roles });
    });
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  const filters: [string, QueryFilter][] = [
    ['no filter', {}],
    ['a month range', { since: '2014-06', until: '2016-12' }],
    ['one source', { sources: ['lever'] }],
    ['both sources since a month', { sources: ['hn', 'lever'], since: '2015-01' }],
    ['required only', { requiredOnly: true }],
    ['one category', { category: 'language' }],
    ['remote ads (postings path)', { remote: true }],
    ['non-remote hn ads in a range, required only (postings path)', { remote: false, sources: ['hn'], since: '2014-01', until: '2017-06', requiredOnly: true }],
    ['a role (postings path)', { roles: ['backend'] }],
    ['a role and a category (postings path)', { roles: ['data'], category: 'database' }],
    ['two roles, either one (postings path)', { roles: ['backend', 'data'] }],
  ];

  it.each(filters)('topTechnologies with %s equals a recount of the ads', (_label, filter) => {
    const expected = expectedTop(known, filter, 8);
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.rows.length).toBeGreaterThan(0);
    const actual = topTechnologies(db, filter, 8);
    expect(actual.total).toBe(expected.total);
    expect(actual.rows).toEqual(expected.rows.map((r) => ({ ...r, share: expect.closeTo(r.share, 12) })));
    expect(countPostings(db, filter)).toBe(expected.total);
  });

  it('both query paths agree when the filter is the same set of postings', () => {
    expect(aggregatesCover({ since: '2015-01' })).toBe(true);
    expect(aggregatesCover({ remote: false })).toBe(false);
    // Every posting has remote true or false, so remote=true ∪ remote=false is everything.
    const yes = topTechnologies(db, { remote: true }, 50);
    const no = topTechnologies(db, { remote: false }, 50);
    const all = topTechnologies(db, {}, 50);
    expect(yes.total + no.total).toBe(all.total);
    const sum = new Map<string, number>();
    for (const r of [...yes.rows, ...no.rows]) sum.set(r.tech, (sum.get(r.tech) ?? 0) + r.count);
    expect(Object.fromEntries(all.rows.map((r) => [r.tech, r.count]))).toEqual(Object.fromEntries(sum));
  });

  it.each(filters)('monthsWithPostings with %s lists exactly the months of the matching ads', (_label, filter) => {
    const matching = known.filter(({ posting: p, roles }) =>
      (filter.since === undefined || p.postedMonth >= filter.since) &&
      (filter.until === undefined || p.postedMonth <= filter.until) &&
      (filter.sources === undefined || filter.sources.includes(p.source)) &&
      (filter.remote === undefined || p.remote === filter.remote) &&
      (filter.roles === undefined || filter.roles.some((r) => roles.includes(r))));
    const expected = [...new Set(matching.map((k) => k.posting.postedMonth))].sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(monthsWithPostings(db, filter)).toEqual(expected);
  });

  it('monthsWithPostings of a company, and of a role nobody has', () => {
    const company = known.find((k) => k.posting.company)!.posting;
    const months = [...new Set(known.filter((k) => k.posting.company?.toLowerCase() === company.company!.toLowerCase()).map((k) => k.posting.postedMonth))].sort();
    expect(monthsWithPostings(db, { company: company.company!.toUpperCase() })).toEqual(months);
    expect(monthsWithPostings(db, { roles: ['astronaut'] })).toEqual([]);
  });

  it('a company filter matches case-insensitively', () => {
    // SQLite's NOCASE folds ASCII only, which is what company names on job boards mostly are.
    const withCompany = known.find((k) => k.posting.company !== null && /^[\x20-\x7e]+$/.test(k.posting.company))!;
    const company = withCompany.posting.company!;
    const result = topTechnologies(db, { company: company.toUpperCase() }, 5);
    expect(result.total).toBeGreaterThan(0);
    expect(result.total).toBe(known.filter((k) => k.posting.company?.toLowerCase() === company.toLowerCase()).length);
  });

  it('monthlyCounts gives every month of the filter for every tech, zero-filled, with the month totals', () => {
    const filter: QueryFilter = { since: '2014-01', until: '2015-12', sources: ['hn'] };
    const techs = ['python', 'haskell', 'no-such-tech'];
    const rows = monthlyCounts(db, techs, filter);
    const inFilter = known.filter((k) => matches(k, filter));
    const months = [...new Set(inFilter.map((k) => k.posting.postedMonth))].sort();
    expect(months.length).toBeGreaterThan(6);
    expect(rows).toEqual(
      months.flatMap((month) =>
        techs.map((tech) => ({
          month,
          tech,
          count: inFilter.filter((k) => k.posting.postedMonth === month && k.best.has(tech)).length,
          total: inFilter.filter((k) => k.posting.postedMonth === month).length,
        })),
      ),
    );
    expect(rows.some((r) => r.tech === 'python' && r.count > 0)).toBe(true);
    expect(rows.filter((r) => r.tech === 'no-such-tech').every((r) => r.count === 0)).toBe(true);
    const required = monthlyCounts(db, ['python'], { ...filter, requiredOnly: true, remote: true });
    for (const r of required) {
      const month = inFilter.filter((k) => k.posting.postedMonth === r.month && k.posting.remote === true);
      expect(r).toEqual({ month: r.month, tech: 'python', total: month.length, count: month.filter((k) => k.best.get('python') === 'required').length });
    }
    expect(monthlyTotals(db, filter)).toEqual(months.map((month) => ({ month, total: inFilter.filter((k) => k.posting.postedMonth === month).length })));
    expect(monthlyCounts(db, [], filter)).toEqual([]);
  });

  it('rejects malformed months and limits as usage errors', () => {
    expect(() => topTechnologies(db, { since: '2015-13' }, 5)).toThrow(UsageError);
    expect(() => monthlyTotals(db, { until: "2015-01' OR 1=1" })).toThrow(/until must be a month/);
    expect(() => topTechnologies(db, {}, 0)).toThrow(UsageError);
  });

  it('postingById finds a posting by id or by source:externalId, with its mentions in text order', () => {
    const k = known.find((x) => x.posting.source === 'lever' && x.best.size >= 2)!;
    const byKey = postingById(db, `lever:${k.posting.externalId}`)!;
    expect(byKey).toBeDefined();
    expect(byKey.externalId).toBe(k.posting.externalId);
    expect(byKey.externalId).toContain(':');
    expect(byKey.text).toBe(k.posting.text);
    expect(byKey.meta).toEqual(k.posting.meta);
    expect(byKey.remote).toBe(k.posting.remote);
    expect(byKey.mentions.map(({ id: _id, ...m }) => m)).toEqual(literalMentions(k.posting.text));
    expect(byKey.techs).toEqual([...k.best].map(([tech, strength]) => ({ tech, strength })).sort((a, b) => (a.tech < b.tech ? -1 : 1)));
    expect(byKey.roles).toEqual(k.roles);
    expect(postingById(db, byKey.id)).toEqual(byKey);
    expect(postingById(db, String(byKey.id))).toEqual(byKey);
    expect(postingById(db, 'lever:nope')).toBeUndefined();
    expect(postingById(db, 987654)).toBeUndefined();
    expect(() => postingById(db, 'no-colon')).toThrow(UsageError);
  });

  it('examplePostings shows recent ads with a snippet around the mention', () => {
    const examples = examplePostings(db, 'haskell', 3);
    const withHaskell = known.filter((k) => k.best.has('haskell'));
    expect(examples).toHaveLength(Math.min(3, withHaskell.length));
    const latest = withHaskell.map((k) => k.posting.postedMonth).sort().reverse();
    expect(examples.map((e) => e.postedMonth)).toEqual(latest.slice(0, examples.length));
    for (const e of examples) {
      expect(e.snippet.slice(e.highlightStart, e.highlightStart + e.highlightLength).toLowerCase()).toBe('haskell');
      expect(e.snippet.length).toBeLessThanOrEqual(2 * 100 + 'haskell'.length + 2);
      expect(e.url).toMatch(/^https:\/\/news\.ycombinator\.com\/item\?id=\d+$/);
    }
    expect(examplePostings(db, 'haskell', 5, { sources: ['lever'] }).every((e) => e.source === 'lever')).toBe(true);
    expect(examplePostings(db, 'no-such-tech', 5)).toEqual([]);
  });
});
