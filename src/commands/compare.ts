// `techdemand compare`: two technologies side by side per period, with a paired test of the overall difference.
import { UsageError } from '../core/errors.js';
import { renderRows, type Column } from '../output.js';
import { type GlobalOptions } from '../app.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { twoSidedP, Z95 } from '../analytics/stats.js';
import type { Grain } from '../analytics/months.js';
import { loadMarket, partialPeriodSet } from './analytics-inputs.js';
import { type AnalyticsFlags, type SeriesSpec, analyticsFilter, filterWords, formatOf, human, parseDenominator, parseGrain, parseRollup, pct, pp, resolveTechArgs, seriesCounts, unitNoun, withStore, writeNotes } from './analytics-shared.js';

/**
 * Difference of two shares measured on the same ads (paired): only the ads asking for exactly one of the two
 * carry information. McNemar's z = (onlyA − onlyB) / √(onlyA + onlyB); the difference (onlyA − onlyB) / n with a
 * Wald interval for paired proportions. Positive: A is asked for more often.
 */
export function pairedDifference(onlyA: number, onlyB: number, n: number, z = Z95): { diff: number; low: number; high: number; z: number; p: number } {
  if (!(n > 0)) return { diff: 0, low: 0, high: 0, z: 0, p: 1 };
  const d = (onlyA - onlyB) / n;
  const discordant = onlyA + onlyB;
  const zStat = discordant > 0 ? (onlyA - onlyB) / Math.sqrt(discordant) : 0;
  const se = Math.sqrt(Math.max(0, discordant - (onlyA - onlyB) ** 2 / n)) / n;
  return { diff: d, low: d - z * se, high: d + z * se, z: zStat, p: discordant > 0 ? twoSidedP(zStat) : 1 };
}

export interface CompareRow {
  period: string;
  total: number;
  a: number;
  b: number;
  aShare: number;
  bShare: number;
  diffPp: number;
  partial: boolean;
}

export interface CompareResult {
  a: SeriesSpec;
  b: SeriesSpec;
  rows: CompareRow[];
  overall: CompareRow | null;
  test: { onlyA: number; onlyB: number; both: number; ads: number; diffPp: number; lowPp: number; highPp: number; z: number; p: number } | null;
  notes: string[];
}

export interface CompareOptions extends GlobalOptions, AnalyticsFlags {
  a: string;
  b: string;
  rollup?: string;
  now?: Date;
}

export async function compareCommand(o: CompareOptions): Promise<CompareResult> {
  const format = formatOf(o);
  const taxonomy = loadProjectTaxonomy();
  const specs = resolveTechArgs([o.a, o.b], taxonomy, parseRollup(o.rollup));
  if (specs.length < 2) throw new UsageError(`compare needs two different technologies ("${o.a}" and "${o.b}" are the same)`);
  const [A, B] = specs as [SeriesSpec, SeriesSpec];
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const grain = parseGrain(o.grain);
  const now = o.now ?? new Date();
  const { rows, overall, test } = await withStore(o, filter, async (q) => {
    const partial = await partialPeriodSet(q, filter, grain, now);
    const toRows = async (g: Grain | 'all'): Promise<CompareRow[]> => {
      const { counts, totals } = await seriesCounts(q, specs, filter, g, denominator);
      const of = new Map(counts.map((c) => [`${c.period}\u0000${c.tech}`, c.count]));
      return totals
        .map((t) => {
          const a = of.get(`${t.period}\u0000${A.key}`) ?? 0;
          const b = of.get(`${t.period}\u0000${B.key}`) ?? 0;
          return { period: t.period, total: t.total, a, b, aShare: a / t.total, bShare: b / t.total, diffPp: ((a - b) / t.total) * 100, partial: partial.has(t.period) };
        })
        .sort((x, y) => (x.period < y.period ? -1 : 1));
    };
    const perPeriod = await toRows(grain);
    const all = (await toRows('all'))[0] ?? null;
    if (all) all.partial = perPeriod.some((r) => r.partial);
    let paired: CompareResult['test'] = null;
    if (denominator !== 'companies') {
      // The paired test needs, per ad, whether it asks for A, B or both: one pass over the encoded ads.
      const enc = await loadMarket(q, filter, { uniqueJobs: denominator === 'jobs' });
      const code = (ids: string[]) => new Set(ids.map((id) => enc.techCode.get(id)).filter((c): c is number => c !== undefined));
      const ca = code(A.members);
      const cb = code(B.members);
      let onlyA = 0;
      let onlyB = 0;
      let both = 0;
      for (let i = 0; i < enc.size; i++) {
        let hasA = false;
        let hasB = false;
        for (let j = enc.start[i]!; j < enc.start[i + 1]!; j++) {
          const t = enc.tech[j]!;
          if (filter.requiredOnly && enc.strength[j] !== 0) continue;
          if (ca.has(t)) hasA = true;
          if (cb.has(t)) hasB = true;
        }
        if (hasA && hasB) both++;
        else if (hasA) onlyA++;
        else if (hasB) onlyB++;
      }
      const d = pairedDifference(onlyA, onlyB, enc.size);
      paired = { onlyA, onlyB, both, ads: enc.size, diffPp: d.diff * 100, lowPp: d.low * 100, highPp: d.high * 100, z: d.z, p: d.p };
    }
    return { rows: perPeriod, overall: all, test: paired };
  });
  const notes: string[] = [...specs.filter((s) => s.kind !== 'tech' || s.resolution !== s.key).map((s) => s.resolution)];
  if (overall && test) {
    const verdict = test.p < 0.05 ? `${test.diffPp >= 0 ? A.label : B.label} is asked for more often` : 'no significant difference';
    notes.push(
      `overall: ${A.label} ${pct(overall.aShare)} vs ${B.label} ${pct(overall.bShare)} of ${overall.total} ads; difference ${pp(test.diffPp)} (95% CI ${pp(test.lowPp)} to ${pp(test.highPp)}), McNemar z = ${test.z.toFixed(2)}, p = ${test.p.toPrecision(2)}: ${verdict}`,
      `${test.both} ads ask for both, ${test.onlyA} only for ${A.label}, ${test.onlyB} only for ${B.label}`,
    );
  } else if (overall) {
    notes.push(`overall: ${A.label} ${pct(overall.aShare)} vs ${B.label} ${pct(overall.bShare)} of ${overall.total} companies (no paired test for company counts)`);
  }
  if (rows.length === 0) notes.unshift(`no ${unitNoun(denominator)} in this selection: widen the months, sources or filters`);
  notes.push(`${filterWords(filter, denominator)}; "partial" = the ${grain} is not fully covered by the data`);
  const all = overall ? [...rows, { ...overall, period: 'all' }] : rows;
  const columns: Column<CompareRow>[] = [
    { header: grain, key: 'period', value: (r) => r.period },
    { header: unitNoun(denominator), key: 'total', value: (r) => r.total, align: 'right' },
    { header: human(format) ? A.label : 'a_count', key: 'a_count', value: (r) => r.a, align: 'right' },
    { header: human(format) ? 'share' : 'a_share', key: 'a_share', value: (r) => (human(format) ? pct(r.aShare) : r.aShare), align: 'right' },
    { header: human(format) ? B.label : 'b_count', key: 'b_count', value: (r) => r.b, align: 'right' },
    { header: human(format) ? 'share' : 'b_share', key: 'b_share', value: (r) => (human(format) ? pct(r.bShare) : r.bShare), align: 'right' },
    { header: human(format) ? 'A − B' : 'diff_pp', key: 'diff_pp', value: (r) => (human(format) ? pp(r.diffPp) : r.diffPp), align: 'right' },
    { header: 'partial', key: 'partial', value: (r) => (human(format) ? (r.partial ? 'partial' : '') : r.partial) },
  ];
  o.stdout.write(renderRows(all, columns, format, format === 'json' ? { a: A, b: B, denominator, grain, filter, overall, test, notes } : undefined));
  writeNotes(o, format, notes);
  return { a: A, b: B, rows, overall, test, notes };
}

