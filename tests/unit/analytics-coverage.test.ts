import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CoverageModel, greedyNextSteps, singleStepGains } from '../../src/analytics/coverage.js';
import { encodePostings, type PostingTechSet } from '../../src/analytics/encode.js';
import type { Strength } from '../../src/core/types.js';

const ad = (id: number, req: string[], mentioned: string[] = []): PostingTechSet => ({
  id,
  month: '2026-01',
  techs: [...req.map((tech) => ({ tech, strength: 'required' as Strength })), ...mentioned.map((tech) => ({ tech, strength: 'mentioned' as Strength }))],
});

// The toy market. The learner knows python. Requirement sets (missing parts in brackets):
//  A1 python                         covered
//  A2, A3 python+postgresql          [pg]
//  A4 python+django+postgresql       [django, pg]
//  A5 python+docker                  [docker]
//  A6 postgresql (docker mentioned)  [pg]
//  A7 java+spring                    [java, spring]
//  A8 nothing required; mentions python, redis → judged on both: [redis]
//  A9 no technologies                unknown
//  A10 django+postgresql             [django, pg]
//  A11 docker+kubernetes             [docker, kubernetes]
//  A12 redis                         [redis]
//  A13 redis+python                  [redis]
//  A14 postgresql                    [pg]
// considered 13, unknown 1, covered 1.
// Step 1: pg finishes A2 A3 A6 A14 (4) > redis (3) > docker (1)            → 5/13
// Step 2: redis finishes A8 A12 A13 (3) > django (A4 A10: 2) > docker (1)   → 8/13
// Step 3: django (2) > docker (1)                                           → 10/13
const market = [
  ad(1, ['python']),
  ad(2, ['python', 'postgresql']),
  ad(3, ['python', 'postgresql']),
  ad(4, ['python', 'django', 'postgresql']),
  ad(5, ['python', 'docker']),
  ad(6, ['postgresql'], ['docker']),
  ad(7, ['java', 'spring']),
  ad(8, [], ['python', 'redis']),
  ad(9, []),
  ad(10, ['django', 'postgresql']),
  ad(11, ['docker', 'kubernetes']),
  ad(12, ['redis']),
  ad(13, ['redis', 'python']),
  ad(14, ['postgresql']),
];

function knownFlags(enc: ReturnType<typeof encodePostings>, ids: string[]): Uint8Array {
  const k = new Uint8Array(enc.techIds.length);
  for (const id of ids) {
    const c = enc.techCode.get(id);
    if (c !== undefined) k[c] = 1;
  }
  return k;
}

describe('coverage on the toy market', () => {
  const enc = encodePostings(market);
  const model = new CoverageModel(enc);

  it('counts covered, considered and unknown ads', () => {
    model.start(knownFlags(enc, ['python']));
    const s = model.summary();
    expect([s.covered, s.considered, s.unknown, s.ads]).toEqual([1, 13, 1, 14]);
    expect(s.share).toBeCloseTo(1 / 13, 12);
  });

  it('never counts an ad without technologies as covered, whatever is known', () => {
    model.start(knownFlags(enc, enc.techIds));
    expect(model.summary().covered).toBe(13);
  });

  it('gives the hand-computed single-step gains', () => {
    model.start(knownFlags(enc, ['python']));
    const g = singleStepGains(model);
    const gain = (t: string) => g[enc.techCode.get(t)!];
    expect([gain('postgresql'), gain('redis'), gain('docker'), gain('django'), gain('java'), gain('python')]).toEqual([4, 3, 1, 0, 0, 0]);
  });

  it('picks the hand-computed greedy steps with cumulative coverage', () => {
    model.start(knownFlags(enc, ['python']));
    const steps = greedyNextSteps(model, { steps: 3 });
    expect(steps.map((s) => [s.tech, s.unlocks, s.coveredAfter])).toEqual([
      ['postgresql', 4, 5],
      ['redis', 3, 8],
      ['django', 2, 10],
    ]);
    expect(steps[2]!.shareAfter).toBeCloseTo(10 / 13, 12);
  });

  it('counts what a step teaches: django brings python along', () => {
    const enc2 = encodePostings([ad(1, ['python']), ad(2, ['python', 'django']), ad(3, ['django']), ad(4, ['java']), ad(5, ['java', 'spring'])]);
    const m2 = new CoverageModel(enc2);
    m2.start(new Uint8Array(enc2.techIds.length));
    const py = enc2.techCode.get('python')!;
    const dj = enc2.techCode.get('django')!;
    const teaches = (c: number) => (c === dj ? [py] : []);
    expect(m2.gainOf([dj, py])).toBe(3);
    const steps = greedyNextSteps(m2, { steps: 2, teaches });
    expect(steps.map((s) => [s.tech, s.learns.sort().join('+'), s.unlocks])).toEqual([
      ['django', 'django+python', 3],
      ['java', 'java', 1],
    ]);
  });

  it('still gives a useful first step when no single technology finishes an ad', () => {
    // Every ad needs two unknown techs; go appears in the most two-missing ads.
    const enc3 = encodePostings([ad(1, ['go', 'docker']), ad(2, ['go', 'redis']), ad(3, ['go', 'kafka']), ad(4, ['java', 'spring'])]);
    const m3 = new CoverageModel(enc3);
    m3.start(new Uint8Array(enc3.techIds.length));
    const steps = greedyNextSteps(m3, { steps: 2 });
    expect(steps[0]).toMatchObject({ tech: 'go', unlocks: 0 });
    expect(steps[1]!.unlocks).toBe(1);
  });

  it('never suggests excluded technologies', () => {
    model.start(knownFlags(enc, ['python']));
    const excluded = new Uint8Array(enc.techIds.length);
    excluded[enc.techCode.get('postgresql')!] = 1;
    expect(greedyNextSteps(model, { steps: 1, excluded })[0]!.tech).toBe('redis');
  });
});

describe('coverage agrees with brute force', () => {
  const techs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const strength = fc.constantFrom<Strength>('required', 'preferred', 'mentioned');
  const adArb = fc.array(fc.record({ tech: fc.constantFrom(...techs), strength }), { maxLength: 6 });
  it('for coverage, gains of small sets, and applied steps', () => {
    fc.assert(
      fc.property(
        fc.array(adArb, { minLength: 1, maxLength: 40 }),
        fc.subarray(techs),
        fc.array(fc.subarray(techs, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (ads, known, plans) => {
          const enc = encodePostings(ads.map((t, i) => ({ id: i, month: '2026-01', techs: t })));
          const reqSets = ads.map((t) => {
            const req = t.filter((x) => x.strength === 'required').map((x) => x.tech);
            return new Set(req.length > 0 ? req : t.map((x) => x.tech));
          });
          const brute = (k: Set<string>) => reqSets.filter((r) => r.size > 0 && [...r].every((t) => k.has(t))).length;
          const model = new CoverageModel(enc);
          model.start(knownFlags(enc, known));
          const k = new Set(known);
          expect(model.covered).toBe(brute(k));
          for (const plan of plans) {
            const codes = plan.map((t) => enc.techCode.get(t)).filter((c): c is number => c !== undefined);
            const expected = brute(new Set([...k, ...plan])) - brute(k);
            expect(model.gainOf(codes)).toBe(expected);
            expect(model.apply(codes)).toBe(expected);
            plan.forEach((t) => k.add(t));
            expect(model.covered).toBe(brute(k));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
