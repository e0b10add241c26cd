import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cooccurrence, frequentStacks, pairMatrix } from '../../src/analytics/cooccur.js';
import { encodePostings, type PostingTechSet } from '../../src/analytics/encode.js';

const set = (id: number, ...techs: string[]): PostingTechSet => ({
  id,
  month: '2016-01',
  techs: techs.map((tech) => ({ tech, strength: 'required' as const })),
});

// The 10-posting toy market; counts below are by hand.
//   singles: postgresql 6, python 5, django 4, redis 3, java 3, spring 3, docker 3, mysql 2, go 2, flask 1, kubernetes 1
const toy = [
  set(1, 'python', 'django', 'postgresql'),
  set(2, 'python', 'django', 'postgresql', 'redis'),
  set(3, 'python', 'flask', 'postgresql'),
  set(4, 'python', 'django', 'redis'),
  set(5, 'java', 'spring', 'mysql'),
  set(6, 'java', 'spring', 'mysql', 'redis'),
  set(7, 'java', 'spring', 'postgresql'),
  set(8, 'go', 'postgresql', 'docker'),
  set(9, 'go', 'docker', 'kubernetes'),
  set(10, 'python', 'django', 'postgresql', 'docker'),
];

describe('cooccurrence', () => {
  const enc = encodePostings(toy);
  it('gives P(B|A) and lift for what comes with python', () => {
    const res = cooccurrence(enc, 'python', { minTogether: 1 });
    expect(res.anchorCount).toBe(5);
    const row = (t: string) => res.rows.find((r) => r.tech === t)!;
    // django: together 4 of python's 5 → 0.8; lift = 4·10/(5·4) = 2
    expect(row('django').together).toBe(4);
    expect(row('django').conditional.share).toBe(0.8);
    expect(row('django').lift).toBe(2);
    // postgresql: 4 of 5; lift = 4·10/(5·6) = 4/3
    expect(row('postgresql').lift).toBeCloseTo(4 / 3, 12);
    // docker: 1 of 5; lift = 10/(5·3) = 2/3 (asked together less than chance)
    expect(row('docker').lift).toBeCloseTo(2 / 3, 12);
    expect(res.rows.map((r) => r.tech)).not.toContain('python');
    expect(res.rows.map((r) => r.tech)).not.toContain('java');
  });
  it('ranks by together count by default and by lift on request, and honours minTogether', () => {
    expect(cooccurrence(enc, 'python', { minTogether: 1 }).rows.slice(0, 2).map((r) => r.tech)).toEqual(['django', 'postgresql']);
    // django and flask both have lift 2; more together (4 vs 1) breaks the tie.
    expect(cooccurrence(enc, 'python', { minTogether: 1, rankBy: 'lift' }).rows.slice(0, 2).map((r) => r.tech)).toEqual(['django', 'flask']);
    expect(cooccurrence(enc, 'python', { minTogether: 3 }).rows.map((r) => r.tech)).toEqual(['django', 'postgresql']);
  });
  it('accepts a roll-up as anchor (any member)', () => {
    const res = cooccurrence(enc, ['django', 'flask'], { minTogether: 1 });
    expect(res.anchorCount).toBe(5);
    expect(res.rows.find((r) => r.tech === 'python')!.conditional.share).toBe(1);
  });
});

describe('pairMatrix', () => {
  it('counts pairs among chosen technologies with lift', () => {
    const m = pairMatrix(encodePostings(toy), ['python', 'django', 'postgresql', 'cobol']);
    expect(m.techs).toEqual([
      { tech: 'python', count: 5 },
      { tech: 'django', count: 4 },
      { tech: 'postgresql', count: 6 },
      { tech: 'cobol', count: 0 },
    ]);
    expect(m.pairs).toEqual([
      { a: 'python', b: 'django', count: 4, lift: 2 },
      { a: 'python', b: 'postgresql', count: 4, lift: 4 / 3 },
      { a: 'django', b: 'postgresql', count: 3, lift: 1.25 },
    ]);
    expect(m.total).toBe(10);
  });
});

describe('frequentStacks (Apriori)', () => {
  const enc = encodePostings(toy);
  it('finds the hand-computed frequent sets at support 0.3, ranked by support then lift', () => {
    const res = frequentStacks(enc, { minSupport: 0.3, minCount: 1 });
    expect(res.minCount).toBe(3);
    expect(res.stacks.map((s) => [s.techs.join('+'), s.count, Number(s.lift.toFixed(4))])).toEqual([
      ['django+python', 4, 2],
      ['postgresql+python', 4, 1.3333],
      ['java+spring', 3, 3.3333],
      ['django+postgresql+python', 3, 2.5],
      ['django+postgresql', 3, 1.25],
    ]);
    expect(res.stacks[0]!.support).toBe(0.4);
  });
  it('ranks by lift on request and filters by size', () => {
    const byLift = frequentStacks(enc, { minSupport: 0.3, minCount: 1, rankBy: 'lift' });
    expect(byLift.stacks.map((s) => s.techs.join('+'))).toEqual([
      'java+spring',
      'django+postgresql+python',
      'django+python',
      'postgresql+python',
      'django+postgresql',
    ]);
    const triples = frequentStacks(enc, { minSupport: 0.3, minCount: 1, minSize: 3 });
    expect(triples.stacks.map((s) => s.techs.join('+'))).toEqual(['django+postgresql+python']);
  });
  it('finds 4-sets at lower support and can exclude technologies', () => {
    const res = frequentStacks(enc, { minCount: 2, minSupport: 0 });
    expect(res.stacks.some((s) => s.techs.join('+') === 'django+postgresql+python+redis')).toBe(false); // only posting 2
    const four = frequentStacks(encodePostings([...toy, set(11, 'python', 'django', 'postgresql', 'redis')]), { minCount: 2, minSupport: 0 });
    expect(four.stacks.find((s) => s.techs.length === 4)?.techs).toEqual(['django', 'postgresql', 'python', 'redis']);
    const noPy = frequentStacks(enc, { minSupport: 0.3, minCount: 1, exclude: ['python'] });
    expect(noPy.stacks.map((s) => s.techs.join('+'))).toEqual(['java+spring', 'django+postgresql']);
  });
  it('agrees with brute-force counting on random markets', () => {
    const techs = ['a', 'b', 'c', 'd', 'e', 'f'];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(techs, { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (rows, minCount) => {
          const enc2 = encodePostings(rows.map((ts, i) => set(i, ...ts)));
          const got = frequentStacks(enc2, { minCount, minSupport: 0, minLift: -1, limit: 10000 }).stacks;
          const N = rows.length;
          const expected: string[] = [];
          const single = (t: string) => rows.filter((r) => r.includes(t)).length;
          for (let mask = 1; mask < 64; mask++) {
            const s = techs.filter((_, i) => mask & (1 << i));
            if (s.length < 2 || s.length > 4) continue;
            const c = rows.filter((r) => s.every((t) => r.includes(t))).length;
            if (c < minCount) continue;
            const liftValue = c / N / s.reduce((p, t) => p * (single(t) / N), 1);
            expected.push(`${s.join('+')}:${c}:${liftValue.toFixed(9)}`);
          }
          const actual = got.map((s) => `${s.techs.join('+')}:${s.count}:${s.lift.toFixed(9)}`);
          expect(actual.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
