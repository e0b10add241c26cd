import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodePostings, type PostingTechSet } from '../../src/analytics/encode.js';
import { analyzeGap, type TrendInfo } from '../../src/analytics/gap.js';
import { effectiveKnowledge } from '../../src/analytics/knowledge.js';
import type { RelationRow } from '../../src/analytics/rollups.js';
import type { Strength } from '../../src/core/types.js';

const ad = (id: number, req: string[], mentioned: string[] = []): PostingTechSet => ({
  id,
  month: '2026-01',
  techs: [...req.map((tech) => ({ tech, strength: 'required' as Strength })), ...mentioned.map((tech) => ({ tech, strength: 'mentioned' as Strength }))],
});

const entries = [
  { id: 'python', name: 'Python', category: 'language' },
  { id: 'java', name: 'Java', category: 'language' },
  { id: 'django', name: 'Django', category: 'backend-framework' },
  { id: 'spring', name: 'Spring', category: 'backend-framework' },
  { id: 'relational-database', name: 'relational database', category: 'concept' },
  { id: 'postgresql', name: 'PostgreSQL', category: 'database' },
  { id: 'redis', name: 'Redis', category: 'database' },
  { id: 'docker', name: 'Docker', category: 'containers' },
  { id: 'kubernetes', name: 'Kubernetes', category: 'containers' },
];
const relations: RelationRow[] = [
  { from: 'django', type: 'implies', to: 'python' },
  { from: 'spring', type: 'implies', to: 'java' },
  { from: 'postgresql', type: 'is_a', to: 'relational-database' },
  { from: 'aws-lambda', type: 'part_of', to: 'aws' },
];

// Same toy market as analytics-coverage.test.ts.
const market = encodePostings([
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
]);

describe('effectiveKnowledge', () => {
  it('derives implied and is_a parents, never part_of, and lets listed values win', () => {
    const k = effectiveKnowledge(
      [
        { tech: 'django', confidence: 4 },
        { tech: 'postgresql', confidence: 2 },
        { tech: 'aws-lambda', confidence: 5 },
        { tech: 'spring', confidence: 5 },
        { tech: 'java', confidence: 1 },
      ],
      relations,
    );
    expect(k.get('python')).toEqual({ tech: 'python', confidence: 4, via: 'django' });
    expect(k.get('relational-database')).toEqual({ tech: 'relational-database', confidence: 2, via: 'postgresql' });
    expect(k.has('aws')).toBe(false);
    expect(k.get('java')).toEqual({ tech: 'java', confidence: 1, via: null });
  });
});

describe('analyzeGap on the toy market', () => {
  // Knows django at 4 (so python at 4), postgres at 2 (not yet "known"), ignores redis.
  // Requirement sets now missing: A2 A3 A4 A6 A10 A14 [pg]; A5 [docker]; A7 [java, spring]; A8 A12 A13 [redis];
  // A11 [docker, kubernetes]. Covered: A1 → 1 of 13 considered, 1 unknown (A9).
  const trends: TrendInfo[] = [{ tech: 'docker', deltaPp: 5, relChange: 2, significant: true, q: 0.001 }];
  const report = analyzeGap({
    market,
    known: new Map([
      ['django', 4],
      ['postgresql', 2],
    ]),
    ignore: ['redis'],
    entries,
    relations,
    trends,
    today: '2026-06',
    goals: { role: 'backend', by: '2026-11' },
    options: { minCount: 1 },
  });

  it('reports coverage today with unknown ads apart', () => {
    expect(report.coverage).toMatchObject({ covered: 1, considered: 13, unknown: 1, ads: 14 });
    expect(report.coverage.share).toBeCloseTo(1 / 13, 12);
  });

  it('shows what is known, listed and inferred', () => {
    expect(report.known.map((k) => [k.tech, k.confidence, k.via])).toEqual([
      ['django', 4, null],
      ['python', 4, 'django'],
      ['postgresql', 2, null],
      ['relational-database', 2, 'postgresql'],
    ]);
  });

  it('picks greedy next steps by hand: postgresql (6), docker (1), kubernetes (1, fewer to learn than spring+java)', () => {
    expect(report.nextSteps.map((s) => [s.tech, s.unlocks, s.coveredAfter])).toEqual([
      ['postgresql', 6, 7],
      ['docker', 1, 8],
      ['kubernetes', 1, 9],
    ]);
    expect(report.nextSteps.map((s) => s.tech)).not.toContain('redis');
  });

  it('lists the best single steps, each alone from today', () => {
    expect(report.singleSteps.map((s) => [s.tech, s.unlocks, s.coveredAfter])).toEqual([
      ['postgresql', 6, 7],
      ['docker', 1, 2],
      ['spring', 1, 2],
    ]);
    expect(report.singleSteps[2]!.learns.sort()).toEqual(['java', 'spring']);
  });

  it('ranks gaps by the documented score with reasons', () => {
    // pg:     (½·6/14 + ½·4/8) · 1   · 3/5 = 0.278571
    // docker: (½·3/14 + ½·1/8) · 1.3 · 1   = 0.220536  (significant trend, relative change capped at +30%)
    // java, kubernetes, spring: (½·1/14 + ½·0) = 0.035714, tie broken by name
    expect(report.gaps.map((g) => g.tech)).toEqual(['postgresql', 'docker', 'java', 'kubernetes', 'spring']);
    const [pg, docker] = report.gaps;
    expect(pg!.score).toBeCloseTo(0.278571, 6);
    expect(docker!.score).toBeCloseTo(0.220536, 6);
    expect(pg!.confidence).toBe(2);
    expect(pg!.withKnownShare).toBe(0.5);
    expect(pg!.unlocks).toBe(6);
    expect(pg!.reasons).toEqual([
      'in 43% of ads (required in 43%)',
      'in 50% of the ads that ask for something you know',
      'your confidence: 2/5',
      'alone it completes 6 more ads',
    ]);
    expect(docker!.reasons).toContain('rising +5.0 pp year over year (q=0.0010)');
    expect(report.gaps.map((g) => g.tech)).not.toContain('redis');
  });

  it('orders learning with prerequisites first and cumulative coverage, paced to the goal', () => {
    expect(report.learningOrder.map((i) => [i.tech, i.coveredAfter])).toEqual([
      ['postgresql', 7],
      ['docker', 8],
      ['kubernetes', 9],
      ['java', 9],
      ['spring', 10],
    ]);
    expect(report.learningOrder[4]!.reasons).toEqual(['gap #5']);
    expect(report.learningOrder[3]!.prerequisiteFor).toEqual(['spring']);
    expect(report.learningOrder.map((i) => i.targetMonth)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it('places the learner on the backend path', () => {
    const stage = (id: string) => report.path.find((s) => s.id === id)!;
    expect(report.path.map((s) => s.id)).toEqual([
      'language',
      'database',
      'apis',
      'auth',
      'caching',
      'testing',
      'containers',
      'ci-cd',
      'messaging',
      'cloud',
      'observability',
    ]);
    expect(stage('language').status).toBe('known');
    expect(stage('database')).toMatchObject({ status: 'started', suggestion: 'postgresql' });
    expect(stage('caching')).toMatchObject({ status: 'todo', suggestion: null }); // redis is ignored
    expect(stage('containers').suggestion).toBe('docker');
    expect(stage('containers').top.map((t) => t.tech)).toEqual(['docker', 'kubernetes']);
  });
});

describe('analyzeGap for a beginner', () => {
  it('covers nothing, still proposes steps, and puts python before django', () => {
    // Nothing known. Step 1: postgresql finishes A6 A14 (2) > python, redis, django+python (1 each).
    // Step 2: django teaches django+python and finishes A1 A2 A3 A4 A10 (5) > python alone (A1 A2 A3: 3).
    const r = analyzeGap({ market, known: [], entries, relations, options: { minCount: 1, steps: 2 } });
    expect(r.coverage.covered).toBe(0);
    expect(r.nextSteps.map((s) => [s.tech, s.learns.join('+'), s.unlocks, s.coveredAfter])).toEqual([
      ['postgresql', 'postgresql', 2, 2],
      ['django', 'django+python', 5, 7],
    ]);
    const order = r.learningOrder.map((i) => i.tech);
    expect(order.indexOf('python')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('python')).toBeLessThan(order.indexOf('django'));
    expect(r.learningOrder.find((i) => i.tech === 'python')!.reasons).toContain('needed first for django');
  });
});

describe('analyzeGap on real gold-labelled HN ads (../shared/eval/dev.gold.jsonl)', () => {
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
  const goldFile = resolve(repoRoot, '../shared/eval/dev.gold.jsonl');
  const gold = readFileSync(goldFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; labels: string[] });

  it('agrees with brute force on coverage and on the first greedy step', () => {
    expect(gold.length).toBe(100);
    // Gold labels carry no strength: every ad is judged on everything it mentions.
    const enc = encodePostings(gold.map((g) => ({ id: g.id, month: '2016-01', techs: g.labels.map((tech) => ({ tech, strength: 'mentioned' as Strength })) })));
    const knows = new Map([
      ['python', 4],
      ['javascript', 3],
      ['postgresql', 3],
      ['react', 2],
    ]);
    const r = analyzeGap({ market: enc, known: knows, entries: [], relations: [], options: { steps: 1, minCount: 1 } });
    const known = new Set([...knows].filter(([, c]) => c >= 3).map(([t]) => t));
    const covered = (k: Set<string>) => gold.filter((g) => g.labels.length > 0 && g.labels.every((t) => k.has(t))).length;
    expect(r.coverage.covered).toBe(covered(known));
    expect(r.coverage.unknown).toBe(gold.filter((g) => g.labels.length === 0).length);
    const candidates = [...new Set(gold.flatMap((g) => g.labels))].filter((t) => !known.has(t));
    const best = Math.max(...candidates.map((t) => covered(new Set([...known, t]))));
    expect(r.nextSteps[0]!.coveredAfter).toBe(best);
    expect(r.gaps.length).toBeGreaterThan(5);
    expect(r.gaps.every((g) => !known.has(g.tech))).toBe(true);
  });
});

describe('analyzeGap edge cases', () => {
  it('handles an empty market', () => {
    const r = analyzeGap({ market: encodePostings([]), known: new Map([['python', 4]]), entries, relations });
    expect(r.coverage).toMatchObject({ covered: 0, considered: 0, unknown: 0, ads: 0, share: 0 });
    expect(r.gaps).toEqual([]);
    expect(r.nextSteps).toEqual([]);
    expect(r.learningOrder).toEqual([]);
  });
  it('handles a market of untagged ads only: all unknown, nothing covered', () => {
    const r = analyzeGap({ market: encodePostings([ad(1, []), ad(2, [])]), known: [], entries, relations });
    expect(r.coverage).toMatchObject({ covered: 0, considered: 0, unknown: 2, ads: 2 });
  });
});
