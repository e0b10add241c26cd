// Monthly share line charts: one small multiple per technology, and the comparison chart whose series the
// reader switches on and off.
//
// Geometry: the lines and 95 % bands are d3-shape paths in a 1000×1000 viewBox stretched to the chart's box
// (preserveAspectRatio="none", strokes with vector-effect="non-scaling-stroke" so they stay crisp). Month and value
// labels sit in a second, viewBox-less <svg> over it at percentage positions, so text keeps its size on any screen.
// Dots are zero-length round-capped strokes, which stay round under the stretch.

import { scaleLinear, scalePoint, type ScaleLinear, type ScalePoint } from 'd3-scale';
import { area, line } from 'd3-shape';
import { html, type SafeHtml } from '../html.js';
import { fmtMonth, fmtMonthAxis, fmtPct, fmtRange, fmtTick, num } from '../format.js';
import type { TrendPoint, TrendSeries } from '../../src/core/report-data.js';

/** The side of the square drawing space of the plot layer. */
export const PLOT = 1000;

interface Pt {
  month: string;
  share: number;
  low: number;
  high: number;
  partial: boolean;
}

/** A series' points aligned to `months` (undefined where the month has no usable data). */
export function alignPoints(points: readonly TrendPoint[], months: readonly string[]): (Pt | undefined)[] {
  const byMonth = new Map<string, Pt>();
  for (const p of points ?? []) {
    const share = num(p.share);
    const total = num(p.total);
    if (share === null || total === null || total <= 0) continue;
    const low = num(p.low) ?? share;
    const high = num(p.high) ?? share;
    byMonth.set(String(p.month), { month: String(p.month), share, low: Math.min(low, share), high: Math.max(high, share), partial: p.partial === true });
  }
  return months.map((m) => byMonth.get(m));
}

export function monthScale(months: readonly string[]): ScalePoint<string> {
  return scalePoint<string>().domain(months).range([0, PLOT]).padding(months.length === 1 ? 0.5 : 0);
}

/** Highest upper bound of a series (0 when empty). */
export function seriesMax(points: readonly (Pt | undefined)[]): number {
  let max = 0;
  for (const p of points) if (p && p.high > max) max = p.high;
  return max;
}

export interface SeriesPaths {
  band: string;
  dashed: string;
  solid: string;
  /** Zero-length subpaths, one per partial point: drawn as hollow dots. */
  partialDots: string;
  /** The last complete point, drawn as a filled dot. */
  lastDot: string;
}

/** Paths of one series for the given scales. */
export function seriesPaths(pts: readonly (Pt | undefined)[], x: ScalePoint<string>, y: ScaleLinear<number, number>): SeriesPaths {
  const X = (p: Pt) => x(p.month) ?? 0;
  const bandGen = area<Pt | undefined>()
    .defined((p) => p !== undefined)
    .x((p) => X(p!))
    .y0((p) => y(p!.low))
    .y1((p) => y(p!.high))
    .digits(1);
  const all = line<Pt | undefined>()
    .defined((p) => p !== undefined)
    .x((p) => X(p!))
    .y((p) => y(p!.share))
    .digits(1);
  const complete = line<Pt | undefined>()
    .defined((p) => p !== undefined && !p.partial)
    .x((p) => X(p!))
    .y((p) => y(p!.share))
    .digits(1);
  const dot = (p: Pt) => `M${X(p).toFixed(1)},${y(p.share).toFixed(1)}h0`;
  const partialDots = pts.filter((p): p is Pt => p !== undefined && p.partial).map(dot).join('');
  const lastComplete = [...pts].reverse().find((p): p is Pt => p !== undefined && !p.partial);
  return {
    band: bandGen(pts as (Pt | undefined)[]) ?? '',
    dashed: all(pts as (Pt | undefined)[]) ?? '',
    solid: complete(pts as (Pt | undefined)[]) ?? '',
    partialDots,
    lastDot: lastComplete ? dot(lastComplete) : '',
  };
}

/** The drawing of one series inside the plot layer (the colour comes from the enclosing element's class). */
export function seriesMarkup(p: SeriesPaths): SafeHtml {
  return html`${p.band ? html`<path class="band" d="${p.band}"/>` : ''}${p.dashed ? html`<path class="line line-partial" d="${p.dashed}" vector-effect="non-scaling-stroke"/>` : ''}${p.solid ? html`<path class="line" d="${p.solid}" vector-effect="non-scaling-stroke"/>` : ''}${p.partialDots ? html`<path class="dot dot-partial" d="${p.partialDots}" vector-effect="non-scaling-stroke"/><path class="dot dot-hole" d="${p.partialDots}" vector-effect="non-scaling-stroke"/>` : ''}${p.lastDot ? html`<path class="dot dot-last" d="${p.lastDot}" vector-effect="non-scaling-stroke"/>` : ''}`;
}

/** Horizontal gridlines at the y ticks, in plot coordinates. */
export function yGrid(ticks: readonly number[], y: ScaleLinear<number, number>): SafeHtml {
  return html`<g class="grid">${ticks.map((t) => html`<line x1="0" x2="${PLOT}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" vector-effect="non-scaling-stroke"/>`)}</g>`;
}

/** Runs of at least `minMonths` consecutive months in which no series has data: drawn and labelled as gaps. */
export function dataGaps(months: readonly string[], hasData: (month: string) => boolean, minMonths = 6): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = [];
  let start = -1;
  for (let i = 0; i <= months.length; i++) {
    const empty = i < months.length && !hasData(months[i]!);
    if (empty && start < 0) start = i;
    if (!empty && start >= 0) {
      if (i - start >= minMonths) gaps.push({ from: start, to: i - 1 });
      start = -1;
    }
  }
  return gaps;
}

/**
 * The gaps of a chart: a shaded band in the plot layer and a "no data" label (with its months in a tooltip) in the
 * text layer, so a long stretch without data reads as missing data, not as an unlabelled blank.
 */
export function gapMarks(months: readonly string[], x: ScalePoint<string>, gaps: readonly { from: number; to: number }[]): { plot: SafeHtml; overlay: SafeHtml } {
  const spans = gaps.map((g) => ({ x0: x(months[g.from]!) ?? 0, x1: x(months[g.to]!) ?? 0, label: `no data ${fmtMonth(months[g.from]!)}\u2013${fmtMonth(months[g.to]!)}` }));
  return {
    plot: html`${spans.map((g) => html`<rect class="gap" x="${g.x0.toFixed(1)}" y="0" width="${Math.max(1, g.x1 - g.x0).toFixed(1)}" height="${PLOT}"/>`)}`,
    overlay: html`${spans.map((g) => html`<text class="gap-label" x="${`${(((g.x0 + g.x1) / 2 / PLOT) * 100).toFixed(2)}%`}" y="50%" text-anchor="middle"><title>${g.label}</title>no data</text>`)}`,
  };
}

/** Which months get an axis label: all when few, else evenly spaced ones including the last. */
export function labelledMonths(months: readonly string[], maxLabels: number): string[] {
  if (months.length <= maxLabels) return [...months];
  const step = Math.ceil((months.length - 1) / (maxLabels - 1));
  const out: string[] = [];
  for (let i = months.length - 1; i >= 0; i -= step) out.unshift(months[i]!);
  return out;
}

export function isMultiYear(months: readonly string[]): boolean {
  return months.length > 0 && months[0]!.slice(0, 4) !== months[months.length - 1]!.slice(0, 4);
}

/** The text layer: y tick labels on the left, month labels below. */
export function axisOverlay(
  months: readonly string[],
  x: ScalePoint<string>,
  yTicks: readonly { frac: number; label: string }[],
  maxMonthLabels: number,
  extra: SafeHtml = html``,
  yLabelAttrs = false,
): SafeHtml {
  const multi = isMultiYear(months);
  // Two label sets: the full one, and on narrow screens (CSS) a sparser one of at most four, so labels never overlap.
  const wide = labelledMonths(months, maxMonthLabels);
  const narrow = new Set(labelledMonths(months, Math.min(4, maxMonthLabels)));
  const all = [...new Set([...wide, ...narrow])].sort();
  const wideSet = new Set(wide);
  return html`<svg class="lc-over" focusable="false" aria-hidden="true">${yTicks.map(
    (t) =>
      html`<text class="ytick" x="0" dx="-6" y="${`${((1 - t.frac) * 100).toFixed(2)}%`}" dy="4" text-anchor="end"${yLabelAttrs ? html` data-frac="${t.frac}"` : ''}>${t.label}</text>`,
  )}${all.map((m, i) => {
    const pos = (x(m) ?? 0) / PLOT;
    const anchor = all.length > 1 && i === 0 && pos < 0.05 ? 'start' : all.length > 1 && i === all.length - 1 && pos > 0.95 ? 'end' : 'middle';
    const cls = wideSet.has(m) && narrow.has(m) ? 'xtick' : wideSet.has(m) ? 'xtick xtick-wide' : 'xtick xtick-narrow';
    return html`<text class="${cls}" x="${`${(pos * 100).toFixed(2)}%`}" y="100%" dy="16" text-anchor="${anchor}">${fmtMonthAxis(m, multi)}</text>`;
  })}${extra}</svg>`;
}

/** d3's nice y scale for one small multiple, with 2–3 ticks. */
export function smallMultipleScale(max: number): ScaleLinear<number, number> {
  const y = scaleLinear().domain([0, Math.max(max, 0.01)]).range([PLOT, 0]).nice(3);
  // End the axis on a labelled tick, so the top of every band is under a gridline the reader can read.
  const ticks = y.ticks(3);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : y.domain()[1]!;
  const top = Math.ceil(Math.max(max, 0.01) / step - 1e-9) * step;
  return y.domain([0, Math.min(1, top)]);
}

/** One small multiple: title row with the latest complete value, chart, nothing else. */
export function smallMultiple(
  s: TrendSeries,
  months: readonly string[],
  title: SafeHtml,
  gaps: readonly { from: number; to: number }[] = [],
): SafeHtml {
  const pts = alignPoints(s.points, months);
  const x = monthScale(months);
  const y = smallMultipleScale(seriesMax(pts));
  const top = y.domain()[1]!;
  const ticks = y.ticks(3).filter((t) => t <= top + 1e-9);
  const paths = seriesPaths(pts, x, y);
  const marks = gapMarks(months, x, gaps);
  const complete = pts.filter((p): p is Pt => p !== undefined && !p.partial);
  const last = complete[complete.length - 1];
  const first = complete[0];
  const summary = last
    ? `${s.name}: ${first && first !== last ? `${fmtPct(first.share)} of ads in ${fmtMonth(first.month)}, ` : ''}${fmtPct(last.share)} in ${fmtMonth(last.month)} (95% interval ${fmtRange(last.low, last.high)})`
    : `${s.name}: no complete month`;
  return html`<figure class="sm"><figcaption class="sm-head"><span class="sm-name">${title}</span>${last ? html`<span class="sm-val"><b>${fmtPct(last.share)}</b> <small>${fmtMonth(last.month)}</small></span>` : ''}</figcaption><div class="lc lc-small" role="img" aria-label="${summary}"><svg class="lc-plot" viewBox="0 0 ${PLOT} ${PLOT}" preserveAspectRatio="none" focusable="false" aria-hidden="true">${marks.plot}${yGrid(ticks, y)}<g class="series">${seriesMarkup(paths)}</g></svg>${axisOverlay(months, x, ticks.map((t) => ({ frac: t / top, label: fmtTick(t) })), 3, marks.overlay)}</div></figure>`;
}
