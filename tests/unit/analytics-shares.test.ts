import { describe, expect, it } from 'vitest';
import { encodePostings, selectMonths, type PostingTechSet } from '../../src/analytics/encode.js';
import { ancestors, descendants, expandRollup, relationRows, type RelationRow } from '../../src/analytics/rollups.js';
import { computeShares, countPeriods, countRollupPeriods } from '../../src/analytics/shares.js';
import { UsageError } from '../../src/core/errors.js';

const entries = [
  { id: 'python', category: 'language' },
  { id: 'django', category: 'backend-framework' },
  { id: 'flask', category: 'backend-framework' },
  { id: 'relational-database', category: 'concept' },
  { id: 'postgresql', category: 'database' },
  { id: 'mysql', category: 'database' },
  { id: 'mariadb', category: 'database' },
  { id: 'mongodb', category: 'database' },
];
const relations: RelationRow[] = [
  { from: 'django', type: 'implies', to: 'python' },
  { from: 'flask', type: 'implies', to: 'python' },
  { from: 'postgresql', type: 'is_a', to: 'relational-database' },
  { from: 'mysql', type: 'is_a', to: 'relational-database' },
  { from: 'mariadb', type: 'is_a', to: 'mysql' },
];

const r = (tech: string) => ({ tech, strength: 'required' as const });
const m = (tech: string) => ({ tech, strength: 'mentioned' as const });
const postings: PostingTechSet[] = [
  { id: 1, month: '2016-01', techs: [r('python'), m('postgresql')], company: 'Acme' },
  { id: 2, month: '2016-01', techs: [r('django')], company: 'Acme' },
  { id: 3, month: '2016-01', techs: [m('mariadb'), r('mongodb')], company: 'Beta' },
  { id: 4, month: '2016-02', techs: [], company: 'Beta' },
  { id: 5, month: '2016-02', techs: [r('python'), r('django'), m('mysql')], company: null },
  { id: 6, month: '2016-04', techs: [m('flask'), m('mongodb')], company: 'Gamma' },
];

describe('computeShares', () => {
  it('computes shares, Wilson intervals, support flags, ranks and partial marks', () => {
    const rows = computeShares(
      [
        { period: '2016-01', tech: 'python', count: 40 },
        { period: '2016-01', tech: 'go', count: 12 },
        { period: '2016-01', tech: 'rust', count: 3 },
        { period: '2016-01', tech: 'java', count: 12 },
        { period: '2016-02', tech: 'python', count: 5 },
      ],
      [
        { period: '2016-01', total: 200 },
        { period: '2016-02', total: 10 },
      ],
      { minSupport: 10, partial: new Set(['2016-02']) },
    );
    expect(rows.map((x) => [x.period, x.tech, x.rank])).toEqual([
      ['2016-01', 'python', 1],
      ['2016-01', 'go', 2],
      ['2016-01', 'java', 2],
      ['2016-01', 'rust', null],
      ['2016-02', 'python', null],
    ]);
    const py = rows[0]!;
    expect(py.share).toBe(0.2);
    expect(py.low).toBeCloseTo(0.150452, 6);
    expect(py.high).toBeCloseTo(0.260855, 6);
    expect(py.partial).toBe(false);
    expect(rows[3]!.belowSupport).toBe(true);
    expect(rows[4]!.partial).toBe(true);
    expect(rows[4]!.low).toBeCloseTo(0.236593, 6);
  });
  it('drops counts whose period has no total', () => {
    expect(computeShares([{ period: '2016-03', tech: 'go', count: 3 }], [])).toEqual([]);
  });
});

describe('countPeriods (in memory)', () => {
  const enc = encodePostings(postings);
  it('counts postings per tech and period with totals including untagged postings', () => {
    const { counts, totals } = countPeriods(enc, 'month');
    expect(totals.sort((a, b) => (a.period < b.period ? -1 : 1))).toEqual([
      { period: '2016-01', total: 3 },
      { period: '2016-02', total: 2 },
      { period: '2016-04', total: 1 },
    ]);
    const get = (p: string, t: string) => counts.find((c) => c.period === p && c.tech === t)?.count ?? 0;
    expect(get('2016-01', 'python')).toBe(1);
    expect(get('2016-02', 'django')).toBe(1);
  });
  it('counts required-only and by quarter', () => {
    const { counts } = countPeriods(enc, 'quarter', { requiredOnly: true });
    const get = (t: string) => counts.find((c) => c.period === '2016-Q1' && c.tech === t)?.count ?? 0;
    expect(get('python')).toBe(2);
    expect(get('postgresql')).toBe(0);
    expect(get('mongodb')).toBe(1);
  });
  it('counts distinct companies (unknown company not countable)', () => {
    const { counts, totals } = countPeriods(enc, 'quarter', { unit: 'companies' });
    expect(totals.find((t) => t.period === '2016-Q1')!.total).toBe(2); // Acme, Beta
    expect(counts.find((c) => c.period === '2016-Q1' && c.tech === 'python')!.count).toBe(1); // Acme once; id 5 has no company
  });
  it('selects a month window', () => {
    expect(selectMonths(enc, '2016-02', '2016-04').size).toBe(3);
    expect(selectMonths(enc, undefined, '2016-01').size).toBe(3);
  });
});

describe('roll-ups', () => {
  it('flattens entry relations', () => {
    expect(relationRows([{ id: 'django', relations: [{ type: 'implies', target: 'python' }] }])).toEqual([
      { from: 'django', type: 'implies', to: 'python' },
    ]);
  });
  it('walks relations transitively', () => {
    expect(ancestors('mariadb', relations, ['is_a']).sort()).toEqual(['mysql', 'relational-database']);
    expect(descendants('relational-database', relations, ['is_a']).sort()).toEqual(['mariadb', 'mysql', 'postgresql']);
  });
  it('expands category, is_a and implies roll-ups', () => {
    expect(expandRollup('category', 'database', entries, relations).members).toEqual(['mariadb', 'mongodb', 'mysql', 'postgresql']);
    expect(expandRollup('is_a', 'relational-database', entries, relations).members).toEqual([
      'mariadb',
      'mysql',
      'postgresql',
      'relational-database',
    ]);
    expect(expandRollup('implies', 'python', entries, relations).members).toEqual(['django', 'flask', 'python']);
    expect(() => expandRollup('is_a', 'cobol', entries, relations)).toThrow(UsageError);
    expect(() => expandRollup('category', 'nope', entries, relations)).toThrow(UsageError);
  });
  it('counts a posting once if it mentions any member', () => {
    const enc = encodePostings(postings);
    const py = expandRollup('implies', 'python', entries, relations);
    const rows = countRollupPeriods(enc, py.members, py.label, 'month');
    // Jan: postings 1 (python) and 2 (django) → 2; Feb: posting 5 has python AND django → still 1; Apr: flask → 1.
    expect(rows.sort((a, b) => (a.period < b.period ? -1 : 1)).map((x) => [x.period, x.count])).toEqual([
      ['2016-01', 2],
      ['2016-02', 1],
      ['2016-04', 1],
    ]);
    const rdb = expandRollup('is_a', 'relational-database', entries, relations);
    const rdbRows = countRollupPeriods(enc, rdb.members, rdb.label, 'year');
    expect(rdbRows).toEqual([{ period: '2016', tech: rdb.label, count: 3 }]); // postings 1, 3, 5
    const reqOnly = countRollupPeriods(enc, rdb.members, rdb.label, 'year', { requiredOnly: true });
    expect(reqOnly).toEqual([]);
  });
});
