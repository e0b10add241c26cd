import { describe, expect, it } from 'vitest';
import { computeMovers, moverWindows } from '../../src/analytics/movers.js';

describe('moverWindows', () => {
  it('compares the last 12 full months with the 12 before (year over year)', () => {
    expect(moverWindows('2026-04')).toEqual({
      before: { since: '2024-05', until: '2025-04' },
      after: { since: '2025-05', until: '2026-04' },
    });
    expect(moverWindows('2016-03', 3)).toEqual({
      before: { since: '2015-10', until: '2015-12' },
      after: { since: '2016-01', until: '2016-03' },
    });
  });
});

describe('computeMovers', () => {
  const before = [
    { tech: 'python', count: 30 },
    { tech: 'go', count: 10 },
    { tech: 'rust', count: 2 },
    { tech: 'java', count: 50 },
  ];
  const after = [
    { tech: 'python', count: 50 },
    { tech: 'go', count: 10 },
    { tech: 'rust', count: 3 },
    { tech: 'java', count: 30 },
    { tech: 'zig', count: 1 },
  ];
  const res = computeMovers(before, 100, after, 100);

  it('tests each technology with a two-proportion z-test and reports the effect in pp', () => {
    const py = res.all.find((r) => r.tech === 'python')!;
    expect(py.deltaPp).toBeCloseTo(20, 10);
    expect(py.z).toBeCloseTo(5 / Math.sqrt(3), 9);
    expect(py.p).toBeCloseTo(0.0038924, 6);
    // BH over 3 tests: p = 0.00389, 0.00389, 1 → q = min(0.00389·3/1, 0.00389·3/2) = 0.005839
    expect(py.q).toBeCloseTo(0.0058386, 6);
    expect(py.before.share).toBe(0.3);
    expect(py.after.low).toBeCloseTo(0.403832, 5);
    expect(py.deltaLowPp).toBeLessThan(20);
    expect(py.deltaHighPp).toBeGreaterThan(20);
    expect(py.deltaLowPp).toBeGreaterThan(0);
  });

  it('lists significant risers and fallers separately, strongest first', () => {
    expect(res.rising.map((r) => r.tech)).toEqual(['python']);
    expect(res.falling.map((r) => r.tech)).toEqual(['java']);
    const go = res.all.find((r) => r.tech === 'go')!;
    expect(go.direction).toBe('flat');
    expect(go.p).toBe(1);
  });

  it('excludes too-small counts instead of ranking them', () => {
    expect(res.excluded.map((e) => e.tech).sort()).toEqual(['rust', 'zig']);
    expect(res.all.map((r) => r.tech)).not.toContain('rust');
  });

  it('checks interval separation', () => {
    // 30/100 → [0.2189, 0.3958]; 50/100 → [0.4038, 0.5962]: separated
    expect(res.all.find((r) => r.tech === 'python')!.separated).toBe(true);
    const small = computeMovers([{ tech: 'x', count: 12 }], 100, [{ tech: 'x', count: 20 }], 100);
    expect(small.all[0]!.separated).toBe(false);
    expect(small.all[0]!.significant).toBe(false);
  });

  it('ranks a large-sample small effect above a small-sample larger one when its evidence is stronger', () => {
    const r = computeMovers(
      [
        { tech: 'big', count: 10000 },
        { tech: 'small', count: 10 },
      ],
      100000,
      [
        { tech: 'big', count: 11000 },
        { tech: 'small', count: 16 },
      ],
      100000,
      { minCount: 5, correction: 'none' },
    );
    expect(r.all[0]!.tech).toBe('big');
    expect(r.rising.map((x) => x.tech)).toEqual(['big']);
  });
});
