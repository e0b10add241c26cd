// The pure parts of the analytics commands: the paired comparison, the choice of movers' windows, and how
// command-line technology arguments resolve (aliases, roll-ups, suggestions).
import { describe, expect, it } from 'vitest';
import { pairedDifference, resolveTechArgs } from '../../src/commands/analytics.js';
import { chooseMoverPeriods } from '../../src/commands/analytics-inputs.js';
import { monthRange } from '../../src/analytics/months.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { UsageError } from '../../src/core/errors.js';

describe('pairedDifference (McNemar)', () => {
  it('matches a hand computation', () => {
    // 200 ads: 30 ask only for A, 10 only for B. d = 20/200 = 0.1; z = 20/√40 = 3.16228;
    // se = √(40 − 20²/200)/200 = √38/200 = 0.0308221; CI = 0.1 ± 1.959964 · 0.0308221 = [0.039589, 0.160411];
    // p = 2·(1 − Φ(3.16228)) = 0.0015654.
    const d = pairedDifference(30, 10, 200);
    expect(d.diff).toBeCloseTo(0.1, 12);
    expect(d.z).toBeCloseTo(3.16228, 5);
    expect(d.low).toBeCloseTo(0.039589, 5);
    expect(d.high).toBeCloseTo(0.160411, 5);
    expect(d.p).toBeCloseTo(0.0015654, 6);
  });

  it('is symmetric and has no evidence without discordant ads', () => {
    const ab = pairedDifference(12, 4, 100);
    const ba = pairedDifference(4, 12, 100);
    expect(ba.diff).toBeCloseTo(-ab.diff, 12);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
    expect(pairedDifference(0, 0, 50)).toMatchObject({ diff: 0, z: 0, p: 1 });
    expect(pairedDifference(0, 0, 0)).toMatchObject({ diff: 0, p: 1 });
  });
});

describe('chooseMoverPeriods', () => {
  const full = monthRange('2015-01', '2017-12');

  it('compares the last twelve full months with the year before', () => {
    const p = chooseMoverPeriods(full, new Set())!;
    expect(p.after).toEqual({ since: '2017-01', until: '2017-12' });
    expect(p.before).toEqual({ since: '2016-01', until: '2016-12' });
    expect(p.notes).toEqual([]);
  });

  it('leaves a partial current month out', () => {
    const p = chooseMoverPeriods([...full, '2018-01'], new Set(['2018-01']))!;
    expect(p.after).toEqual({ since: '2017-01', until: '2017-12' });
    expect(p.notes[0]).toContain('partial month after 2017-12 left out');
  });

  it('falls back to the data-bearing months before when the year before has none', () => {
    const months = [...monthRange('2017-01', '2018-04'), ...monthRange('2026-01', '2026-05')];
    const p = chooseMoverPeriods(months, new Set())!;
    expect(p.after).toEqual({ since: '2025-06', until: '2026-05' });
    expect(p.afterMonths).toEqual(monthRange('2026-01', '2026-05'));
    expect(p.before).toEqual({ since: '2017-05', until: '2018-04' });
    expect(p.notes.join()).toContain('no data in 2024-06..2025-05');
  });

  it('takes explicit windows, and refuses overlapping ones', () => {
    const p = chooseMoverPeriods(full, new Set(), { before: { since: '2015-01', until: '2015-06' }, after: { since: '2017-01', until: '2017-06' } })!;
    expect(p.beforeMonths).toHaveLength(6);
    expect(() => chooseMoverPeriods(full, new Set(), { before: { since: '2015-01', until: '2016-06' }, after: { since: '2016-01', until: '2016-12' } })).toThrow(UsageError);
    expect(chooseMoverPeriods([], new Set())).toBeNull();
    expect(chooseMoverPeriods(['2017-01'], new Set())).toBeNull();
  });
});

describe('resolveTechArgs', () => {
  const taxonomy = loadTaxonomy();

  it('resolves ids, names and aliases, and keeps Java apart from JavaScript', () => {
    const specs = resolveTechArgs(['postgres', 'k8s', 'Java', 'javascript'], taxonomy);
    expect(specs.map((s) => s.key)).toEqual(['postgresql', 'kubernetes', 'java', 'javascript']);
    expect(specs[0]!.resolution).toBe('postgres → postgresql (alias "Postgres")');
    expect(specs.every((s) => s.kind === 'tech' && s.members.length === 1)).toBe(true);
  });

  it('expands roll-ups by category, is_a and implies', () => {
    const [cat, rel, py] = resolveTechArgs(['category:database', 'is_a:relational-database', 'implies:python'], taxonomy);
    expect(cat!.members).toEqual(expect.arrayContaining(['postgresql', 'mongodb', 'redis']));
    expect(rel!.members).toEqual(expect.arrayContaining(['relational-database', 'postgresql', 'mysql']));
    expect(rel!.members).not.toContain('mongodb');
    expect(py!.members).toEqual(expect.arrayContaining(['python', 'django', 'flask']));
    expect(py!.label).toBe('Python incl. what implies it');
    const [rolled] = resolveTechArgs(['python'], taxonomy, 'implies');
    expect(rolled!.key).toBe('implies:python');
  });

  it('names unknown technologies with a suggestion', () => {
    expect(() => resolveTechArgs(['javscript'], taxonomy)).toThrow(/^unknown technology "javscript" — did you mean javascript/);
    expect(() => resolveTechArgs(['category:databse'], taxonomy)).toThrow(/unknown category "databse"/);
    expect(() => resolveTechArgs(['implies:pythn'], taxonomy)).toThrow(/did you mean python/);
  });
});
