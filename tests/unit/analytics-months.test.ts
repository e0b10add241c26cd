import { describe, expect, it } from 'vitest';
import {
  addMonths,
  coveredMonths,
  daysInMonth,
  lastFullMonth,
  monthFromIndex,
  monthIndex,
  monthOf,
  monthRange,
  monthsOfPeriod,
  partialMonths,
  partialPeriods,
  periodOf,
} from '../../src/analytics/months.js';
import { UsageError } from '../../src/core/errors.js';

describe('month arithmetic', () => {
  it('round-trips indexes and crosses year ends', () => {
    expect(monthFromIndex(monthIndex('2016-03'))).toBe('2016-03');
    expect(addMonths('2016-11', 3)).toBe('2017-02');
    expect(addMonths('2017-01', -1)).toBe('2016-12');
    expect(monthRange('2015-11', '2016-02')).toEqual(['2015-11', '2015-12', '2016-01', '2016-02']);
    expect(monthRange('2016-02', '2016-01')).toEqual([]);
  });
  it('rejects bad months with a UsageError', () => {
    expect(() => monthIndex('2016-13')).toThrow(UsageError);
    expect(() => monthIndex('2016-3')).toThrow(/expected YYYY-MM/);
    expect(() => monthOf('yesterday')).toThrow(UsageError);
  });
  it('knows month lengths', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2023-02')).toBe(28);
    expect(daysInMonth('2016-04')).toBe(30);
    expect(monthOf('2016-03-01T15:00:25Z')).toBe('2016-03');
  });
  it('labels quarters and years and lists their months', () => {
    expect(periodOf('2016-03', 'quarter')).toBe('2016-Q1');
    expect(periodOf('2016-04', 'quarter')).toBe('2016-Q2');
    expect(periodOf('2016-12', 'quarter')).toBe('2016-Q4');
    expect(periodOf('2016-12', 'year')).toBe('2016');
    expect(monthsOfPeriod('2016-Q4', 'quarter')).toEqual(['2016-10', '2016-11', '2016-12']);
    expect(monthsOfPeriod('2016', 'year')).toHaveLength(12);
  });
});

describe('partial months', () => {
  it('marks a day-precise start after the 1st and an end before the last day', () => {
    const p = partialMonths([{ source: 'greenhouse', start: '2026-01-15', end: '2026-03-31' }]);
    expect([...p].sort()).toEqual(['2026-01']);
    const q = partialMonths([{ source: 'greenhouse', start: '2026-01-01', end: '2026-03-30' }]);
    expect([...q].sort()).toEqual(['2026-03']);
  });
  it('treats month-precise spans (HN monthly threads) as whole months', () => {
    expect(partialMonths([{ source: 'hn', start: '2013-01', end: '2018-12' }]).size).toBe(0);
  });
  it('marks months before a listing source started collecting (only survivors were seen)', () => {
    const p = partialMonths([{ source: 'greenhouse', start: '2025-11', end: '2026-04-30', collectedFrom: '2026-02-10' }]);
    expect([...p].sort()).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    const q = partialMonths([{ source: 'lever', start: '2025-12', end: '2026-03', collectedFrom: '2026-02-01' }]);
    expect([...q].sort()).toEqual(['2025-12', '2026-01']);
  });
  it('marks the current month and anything after it', () => {
    const p = partialMonths([{ source: 'hn', start: '2026-01', end: '2026-05' }], '2026-05-12');
    expect([...p]).toEqual(['2026-05']);
  });
  it('marks quarters that are partly covered or contain a partial month', () => {
    const spans = [{ source: 'hn', start: '2016-02', end: '2016-09' }];
    expect([...coveredMonths(spans)]).toHaveLength(8);
    // Q1 lacks January; Q3 is complete; Q2 complete.
    expect([...partialPeriods(spans, 'quarter')].sort()).toEqual(['2016-Q1']);
    expect([...partialPeriods(spans, 'year')]).toEqual(['2016']);
  });
  it('rejects a span that ends before it starts', () => {
    expect(() => partialMonths([{ source: 'x', start: '2016-05', end: '2016-01' }])).toThrow(/starts/);
  });
  it('finds the last full month', () => {
    expect(lastFullMonth('2026-05', new Set(['2026-05']))).toBe('2026-04');
    expect(lastFullMonth('2026-05', new Set())).toBe('2026-05');
  });
});
