// `techdemand gap`: what to learn next, from the learner's profile and the market (./gap-analysis.ts asks the questions).
import { UsageError } from '../core/errors.js';
import { renderRows, type Column, type Format } from '../output.js';
import { parsePositiveInt, type GlobalOptions } from '../app.js';
import type { Taxonomy } from '../core/types.js';
import { parseRoleList, rolesLabel } from '../role-filter.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { openQueryStorage } from '../storage.js';
import { COVERAGE_RULE, loadProfile, runGap, type GapRun } from './gap-analysis.js';
import { type AnalyticsFlags, analyticsFilter, formatOf, human, parseDenominator, pct, pp, range } from './analytics-shared.js';

export type GapSection = 'resolution' | 'coverage' | 'gaps' | 'steps' | 'order' | 'path';
const GAP_SECTIONS: readonly GapSection[] = ['resolution', 'coverage', 'gaps', 'steps', 'order', 'path'];

export interface GapOptions extends GlobalOptions, AnalyticsFlags {
  profile?: string;
  steps?: string;
  section?: string;
  now?: Date;
}

export async function gapCommand(o: GapOptions): Promise<GapRun> {
  const format = formatOf(o);
  if (o.profile === undefined) throw new UsageError('gap needs --profile <file.yaml> (see examples/profile.yaml)');
  let section: GapSection = 'gaps';
  if (o.section !== undefined) {
    if (!(GAP_SECTIONS as readonly string[]).includes(o.section)) throw new UsageError(`--section must be one of ${GAP_SECTIONS.join(', ')} (got "${o.section}")`);
    section = o.section as GapSection;
  }
  const taxonomy = loadProjectTaxonomy();
  const profile = loadProfile(o.profile, taxonomy);
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count, ['jobs', 'postings']);
  const minSupport = parsePositiveInt(o.minSupport, '--min-support', 5, 1_000_000);
  const maxGaps = parsePositiveInt(o.limit, '--limit', 15, 1000);
  const steps = parsePositiveInt(o.steps, '--steps', 3, 10);
  const q = await openQueryStorage(o.db);
  let run: GapRun;
  try {
    run = await runGap(q, taxonomy, profile, filter, {
      ...(o.role !== undefined ? { roles: parseRoleList(o.role)! } : {}),
      denominator,
      now: o.now ?? new Date(),
      minSupport,
      maxGaps,
      steps,
    });
  } finally {
    await q.close();
  }
  renderGap(o, format, section, run, taxonomy);
  return run;
}

function renderGap(o: GlobalOptions, format: Format, section: GapSection, run: GapRun, taxonomy: Taxonomy): void {
  const names = new Map(taxonomy.entries.map((e) => [e.id, e.name]));
  const name = (id: string) => (human(format) ? (names.get(id) ?? id) : id);
  const r = run.report;
  const cov = r.coverage;
  const scope = `${rolesLabel(run.roles)} ${run.market.since}..${run.market.until}`;
  const inferred = r.known.filter((k) => k.via !== null);

  const resolutionCols: Column<GapRun['profile']['resolutions'][number]>[] = [
    { header: 'you wrote', key: 'input', value: (x) => x.input },
    { header: 'line', key: 'line', value: (x) => x.line, align: 'right' },
    { header: 'resolved to', key: 'tech', value: (x) => x.tech },
    { header: 'how', key: 'via', value: (x) => (x.via === 'id' ? 'id' : `${x.via} "${x.form}"`) },
    { header: 'confidence', key: 'confidence', value: (x) => (x.confidence === null ? (human(format) ? 'ignored' : null) : x.confidence), align: 'right' },
  ];
  const coverageRows = [
    { measure: 'ads in the market', value: cov.ads },
    { measure: 'ads with a recognised technology', value: cov.considered },
    { measure: 'ads with no recognised technology (unknown, not judged)', value: cov.unknown },
    { measure: 'ads you cover today', value: cov.covered },
    { measure: 'coverage today', value: human(format) ? `${pct(cov.share)} (95% CI ${range(cov.low, cov.high)})` : cov.share },
  ];
  const coverageCols: Column<(typeof coverageRows)[number]>[] = [
    { header: 'measure', key: 'measure', value: (x) => x.measure },
    { header: 'value', key: 'value', value: (x) => x.value, align: 'right' },
  ];
  const gapCols: Column<(typeof r.gaps)[number]>[] = [
    { header: '#', key: 'rank', value: (g) => r.gaps.indexOf(g) + 1, align: 'right' },
    { header: 'technology', key: 'tech', value: (g) => name(g.tech) },
    { header: 'category', key: 'category', value: (g) => g.category },
    { header: 'ads', key: 'ads', value: (g) => (human(format) ? pct(g.adShare) : g.adShare), align: 'right' },
    { header: 'required', key: 'required', value: (g) => (human(format) ? pct(g.requiredShare) : g.requiredShare), align: 'right' },
    { header: 'with yours', key: 'with_known', value: (g) => (human(format) ? pct(g.withKnownShare) : g.withKnownShare), align: 'right' },
    {
      header: 'trend',
      key: 'trend_pp',
      value: (g) => (g.trend === null ? null : human(format) ? `${pp(g.trend.deltaPp)}${g.trend.significant ? '' : ' (n.s.)'}` : g.trend.deltaPp),
      align: 'right',
    },
    { header: 'you', key: 'confidence', value: (g) => (human(format) ? `${g.confidence}/5` : g.confidence), align: 'right' },
    { header: 'unlocks', key: 'unlocks', value: (g) => g.unlocks, align: 'right' },
  ];
  if (format !== 'table') gapCols.push({ header: 'why', key: 'reasons', value: (g) => g.reasons.join('; ') });
  if (!human(format)) gapCols.push({ header: 'score', key: 'score', value: (g) => g.score });
  const stepCols: Column<(typeof r.nextSteps)[number]>[] = [
    { header: 'step', key: 'step', value: (s) => r.nextSteps.indexOf(s) + 1, align: 'right' },
    { header: 'learn', key: 'tech', value: (s) => name(s.tech) },
    { header: 'also learns', key: 'learns', value: (s) => s.learns.filter((t) => t !== s.tech).map(name).join(human(format) ? ', ' : '+') },
    { header: 'ads unlocked', key: 'unlocks', value: (s) => s.unlocks, align: 'right' },
    { header: 'covered after', key: 'covered_after', value: (s) => s.coveredAfter, align: 'right' },
    { header: 'coverage after', key: 'share_after', value: (s) => (human(format) ? pct(s.shareAfter) : s.shareAfter), align: 'right' },
  ];
  const orderCols: Column<(typeof r.learningOrder)[number]>[] = [
    { header: '#', key: 'position', value: (x) => r.learningOrder.indexOf(x) + 1, align: 'right' },
    { header: 'learn', key: 'tech', value: (x) => name(x.tech) },
    { header: 'why', key: 'reasons', value: (x) => x.reasons.join('; ') },
    { header: 'before', key: 'prerequisite_for', value: (x) => x.prerequisiteFor.map(name).join(human(format) ? ', ' : '+') },
    { header: 'coverage after', key: 'share_after', value: (x) => (human(format) ? pct(x.shareAfter) : x.shareAfter), align: 'right' },
    { header: 'by', key: 'target_month', value: (x) => x.targetMonth ?? (human(format) ? '' : null) },
  ];
  const pathCols: Column<(typeof r.path)[number]>[] = [
    { header: 'stage', key: 'stage', value: (s) => (human(format) ? `${r.path.indexOf(s) + 1}. ${s.title}` : s.id) },
    { header: 'status', key: 'status', value: (s) => s.status },
    { header: 'you have', key: 'known', value: (s) => s.known.map((k) => (human(format) ? `${name(k.tech)} ${k.confidence}/5` : `${k.tech}:${k.confidence}`)).join(human(format) ? ', ' : '+') },
    { header: 'most asked for', key: 'top', value: (s) => s.top.slice(0, 3).map((t) => (human(format) ? `${name(t.tech)} ${pct(t.share)}` : t.tech)).join(human(format) ? ', ' : '+') },
    { header: 'next', key: 'suggestion', value: (s) => (s.suggestion === null ? (human(format) ? '' : null) : name(s.suggestion)) },
  ];

  if (format === 'json') {
    const doc = {
      profile: run.profile.file,
      resolutions: run.profile.resolutions,
      inferred: inferred.map((k) => ({ tech: k.tech, confidence: k.confidence, from: k.via })),
      market: { roles: run.roles ?? null, since: run.market.since, until: run.market.until, months: run.marketMonths, ads: run.ads },
      coverage: { ...cov, rule: COVERAGE_RULE },
      gaps: r.gaps,
      singleSteps: r.singleSteps,
      nextSteps: r.nextSteps,
      learningOrder: r.learningOrder,
      path: r.path,
      notes: run.notes,
    };
    o.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    return;
  }
  if (format === 'csv') {
    const table = {
      resolution: () => renderRows(run.profile.resolutions, resolutionCols, 'csv'),
      coverage: () => renderRows(coverageRows, coverageCols, 'csv'),
      gaps: () => renderRows(r.gaps, gapCols, 'csv'),
      steps: () => renderRows(r.nextSteps, stepCols, 'csv'),
      order: () => renderRows(r.learningOrder, orderCols, 'csv'),
      path: () => renderRows(r.path, pathCols, 'csv'),
    }[section];
    o.stdout.write(table());
    return;
  }
  const md = format === 'md';
  const heading = (text: string) => (md ? `\n### ${text}\n\n` : `\n${text}\n`);
  const out: string[] = [];
  out.push(md ? `## Gap analysis for ${run.profile.file}\n` : `Gap analysis for ${run.profile.file}\n`);
  out.push(heading('How your profile was read'), renderRows(run.profile.resolutions, resolutionCols, format));
  if (inferred.length > 0) {
    out.push(`${md ? '\n' : ''}Also counted as known: ${inferred.map((k) => `${name(k.tech)} (${k.confidence}/5, from ${name(k.via!)})`).join(', ')}\n`);
  }
  out.push(heading(`The market: ${scope}`));
  const marketLines = [
    ...run.notes,
    `${cov.ads} ads; ${cov.unknown} (${pct(cov.ads > 0 ? cov.unknown / cov.ads : 0)}) name no recognised technology: counted as unknown, not as covered and not as gaps.`,
    `You cover ${cov.covered} of the ${cov.considered} ads with recognised technologies today: ${pct(cov.share)} (95% CI ${range(cov.low, cov.high)}).`,
    COVERAGE_RULE,
  ];
  out.push(marketLines.map((l) => (md ? `- ${l}` : l)).join('\n') + '\n');
  out.push(heading('Ranked gaps (share of ads, required share, share among ads that ask for something you know, year-over-year trend, your confidence, ads it alone would complete)'));
  out.push(r.gaps.length ? renderRows(r.gaps, gapCols, format) : 'no gaps above the minimum support\n');
  if (!md && r.gaps.length) out.push('\nWhy:\n' + r.gaps.map((g, i) => `${String(i + 1).padStart(3)}. ${name(g.tech)}: ${g.reasons.join('; ')}`).join('\n') + '\n');
  out.push(heading('Next steps that raise coverage most (greedy: each step adds to the ones before)'));
  out.push(r.nextSteps.length ? renderRows(r.nextSteps, stepCols, format) : 'no single technology completes more ads\n');
  out.push(heading('Learning order (prerequisites first; coverage is cumulative)'));
  out.push(r.learningOrder.length ? renderRows(r.learningOrder, orderCols, format) : 'nothing to add\n');
  out.push(heading('Backend path'));
  out.push(renderRows(r.path, pathCols, format));
  o.stdout.write(out.join(''));
}

