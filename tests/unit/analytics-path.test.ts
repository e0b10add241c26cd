import { describe, expect, it } from 'vitest';
import { BACKEND_STAGES, learningOrder, stageOf } from '../../src/analytics/path.js';
import type { RelationRow } from '../../src/analytics/rollups.js';

const relations: RelationRow[] = [
  { from: 'django', type: 'implies', to: 'python' },
  { from: 'spring-boot', type: 'implies', to: 'spring' },
  { from: 'spring', type: 'implies', to: 'java' },
  { from: 'postgresql', type: 'is_a', to: 'relational-database' },
];

describe('learningOrder', () => {
  it('puts prerequisites (implies) first and adds missing ones', () => {
    const order = learningOrder(
      [
        { tech: 'django', reason: 'gap #1' },
        { tech: 'spring-boot', reason: 'gap #2' },
        { tech: 'postgresql', reason: 'gap #3' },
      ],
      relations,
      () => false,
    );
    expect(order.map((o) => o.tech)).toEqual(['python', 'django', 'java', 'spring', 'spring-boot', 'postgresql']);
    expect(order[0]!.reasons).toEqual(['needed first for django']);
    expect(order[2]!.prerequisiteFor.sort()).toEqual(['spring', 'spring-boot']);
    expect(order.map((o) => o.tech)).not.toContain('relational-database'); // is_a is not a prerequisite
  });
  it('skips what is known and merges duplicates', () => {
    const order = learningOrder(
      [
        { tech: 'django', reason: 'next step 1' },
        { tech: 'django', reason: 'gap #1' },
      ],
      relations,
      (t) => t === 'python',
    );
    expect(order).toEqual([{ tech: 'django', reasons: ['next step 1', 'gap #1'], prerequisiteFor: [] }]);
  });
  it('survives a cycle in the data', () => {
    const cyc: RelationRow[] = [
      { from: 'a', type: 'implies', to: 'b' },
      { from: 'b', type: 'implies', to: 'a' },
    ];
    expect(learningOrder([{ tech: 'a', reason: 'x' }], cyc, () => false).map((o) => o.tech).sort()).toEqual(['a', 'b']);
  });
  it('paces items evenly until the goal month', () => {
    const order = learningOrder(
      [
        { tech: 'x', reason: '1' },
        { tech: 'y', reason: '2' },
      ],
      [],
      () => false,
      { today: '2026-05', by: '2027-05' },
    );
    expect(order.map((o) => o.targetMonth)).toEqual(['2026-11', '2027-05']);
  });
});

describe('backend stages', () => {
  it('follow the issue order and have our own summaries', () => {
    expect(BACKEND_STAGES.map((s) => s.id)).toEqual([
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
    for (const s of BACKEND_STAGES) expect(s.summary.length).toBeGreaterThan(40);
  });
  it('assign technologies to stages (ids before categories)', () => {
    expect(stageOf({ id: 'redis', category: 'database' })).toBe('caching');
    expect(stageOf({ id: 'postgresql', category: 'database' })).toBe('database');
    expect(stageOf({ id: 'sql', category: 'language' })).toBe('database');
    expect(stageOf({ id: 'css', category: 'language' })).toBeNull();
    expect(stageOf({ id: 'go', category: 'language' })).toBe('language');
    expect(stageOf({ id: 'jwt', category: 'security' })).toBe('auth');
    expect(stageOf({ id: 'terraform', category: 'iac' })).toBe('cloud');
    expect(stageOf({ id: 'react', category: 'frontend' })).toBeNull();
  });
});
