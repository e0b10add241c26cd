// 3. Trends: a comparison chart whose technologies the reader picks (checkboxes; the client script shows and hides
// series that are all drawn here, server-side, and rescales the y axis), then one small multiple per technology,
// then the table of every monthly value.

import { scaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../html.js';
import { cleanText } from '../escape.js';
import { fmtMonth, fmtPct, fmtRange, fmtTick, num } from '../format.js';
import {
  dataGaps,
  gapMarks,
  PLOT,
  alignPoints,
  axisOverlay,
  monthScale,
  seriesMarkup,
  seriesMax,
  seriesPaths,
  smallMultiple,
} from '../charts/line-chart.js';
import { techLabel, type RenderContext } from '../context.js';
import { dataTable, sectionHead } from './common.js';
import type { TrendSeries } from '../../src/core/report-data.js';

/** Series pre-selected in the comparison chart. */
const DEFAULT_SELECTED = 3;
/** Colours available for simultaneous series (the palette in styles.ts has this many). */
export const SLOTS = 8;
/** Small multiples drawn; the rest are still in the chooser and the table. */
const MAX_SMALL_MULTIPLES = 16;
const MAX_SERIES = 200;
/** The y tick fractions of the comparison chart (its labels are rewritten by the client when it rescales). */
const CMP_FRACS = [0, 0.25, 0.5, 0.75, 1];

/** Smallest "round" maximum ≥ v whose quarters are readable: 1, 2, 4, 6, 8 × 10^k. Mirrored in client.ts. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 0.01;
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * e >= v - 1e-12) return Math.min(1, m * e);
  return 1;
}

/** Every month from→to inclusive, or the months found in the data when the period is unusable. */
export function monthsOf(from: string, to: string, series: readonly TrendSeries[]): string[] {
  const re = /^(\d{4})-(\d{2})$/;
  const a = re.exec(from);
  const b = re.exec(to);
  if (a && b) {
    const start = Number(a[1]) * 12 + Number(a[2]) - 1;
    const end = Number(b[1]) * 12 + Number(b[2]) - 1;
    if (end >= start && end - start < 600) {
      const out: string[] = [];
      for (let i = start; i <= end; i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
      return out;
    }
  }
  return [...new Set(series.flatMap((s) => (s.points ?? []).map((p) => String(p.month))))].sort();
}

const r4 = (v: number) => Math.round(v * 10000) / 10000;

/** The data the client script needs for the comparison chart (embedded as JSON, parsed with JSON.parse). */
export interface CompareClientData {
  months: string[];
  /** The y maximum the paths were drawn with. */
  drawnMax: number;
  fracs: number[];
  series: { tech: string; name: string; max: number; values: ([number, number, number, 0 | 1] | null)[] }[];
}

function chooser(ctx: RenderContext, series: readonly TrendSeries[], selected: ReadonlyMap<string, number>): SafeHtml {
  const groups = new Map<string, TrendSeries[]>();
  for (const s of series) {
    const key = s.category && ctx.categoryNames.has(s.category) ? ctx.categoryNames.get(s.category)! : s.category || 'Other';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(s);
  }
  return html`<fieldset class="chooser" id="cmp-chooser"><legend>Technologies to compare</legend><div class="chooser-tools"><input type="search" id="cmp-filter" placeholder="Filter\u2026" aria-label="Filter the list of technologies" autocomplete="off"><button type="button" id="cmp-clear">Clear all</button><button type="button" id="cmp-reset">Reset</button></div><p class="chooser-none" id="cmp-nomatch" role="status" hidden></p><div class="chooser-groups">${[...groups].map(
    ([name, list]) =>
      html`<div class="chooser-group"><p class="chooser-cat">${name}</p>${list.map((s) => {
        const slot = selected.get(s.tech);
        return html`<label class="chip"${slot !== undefined ? html` data-slot="${slot}"` : ''}><input type="checkbox" data-tech="${s.tech}"${slot !== undefined ? html` checked` : ''}><span class="swatch" aria-hidden="true"></span>${s.name}</label>`;
      })}</div>`,
  )}</div></fieldset>`;
}

/** The default readout: a legend of the selected series with their latest values (the client rebuilds it). */
function legend(series: readonly TrendSeries[], months: readonly string[], selected: ReadonlyMap<string, number>): SafeHtml {
  const items = series
    .filter((s) => selected.has(s.tech))
    .map((s) => {
      const pts = alignPoints(s.points, months);
      const last = [...pts].reverse().find((p) => p !== undefined && !p.partial);
      return html`<span class="ro-item"><span class="ro-swatch" data-slot="${selected.get(s.tech)!}"></span>${s.name} <b>${last ? fmtPct(last.share) : '\u2013'}</b>${last ? html` <small>${fmtMonth(last.month)}</small>` : ''}</span>`;
    });
  return html`${items}<span class="ro-hint">Point at the chart to read any month.</span>`;
}

function compareChart(series: readonly TrendSeries[], months: readonly string[], selected: ReadonlyMap<string, number>, gaps: readonly { from: number; to: number }[]): { markup: SafeHtml; client: CompareClientData } {
  const aligned = series.map((s) => ({ s, pts: alignPoints(s.points, months) }));
  const drawnMax = niceMax(Math.max(0, ...aligned.map((a) => seriesMax(a.pts))));
  const x = monthScale(months);
  const y = scaleLinear().domain([0, drawnMax]).range([PLOT, 0]);
  const selMax = niceMax(Math.max(0, ...aligned.filter((a) => selected.has(a.s.tech)).map((a) => seriesMax(a.pts))));
  const k = drawnMax / selMax;
  const transform = `translate(0 ${(PLOT * (1 - k)).toFixed(2)}) scale(1 ${k.toFixed(5)})`;

  const groups = aligned.map(({ s, pts }) => {
    const slot = selected.get(s.tech);
    return html`<g class="${slot === undefined ? 'series is-off' : 'series'}" data-tech="${s.tech}"${slot !== undefined ? html` data-slot="${slot}"` : ''}>${seriesMarkup(seriesPaths(pts, x, y))}</g>`;
  });
  // End labels: placed by the client (collision-free); the server's positions are the no-script fallback.
  const labels = aligned.map(({ s, pts }) => {
    const slot = selected.get(s.tech);
    const last = [...pts].reverse().find((p) => p !== undefined);
    const yPct = last ? (1 - last.share / selMax) * 100 : 100;
    return html`<text class="${slot === undefined ? 'end-label is-off' : 'end-label'}" data-tech="${s.tech}"${slot !== undefined ? html` data-slot="${slot}"` : ''} x="100%" dx="8" y="${`${yPct.toFixed(2)}%`}" dy="4">${s.name}</text>`;
  });
  const yTicks = CMP_FRACS.map((f) => ({ frac: f, label: fmtTick(f * selMax) }));
  const marks = gapMarks(months, x, gaps);
  const markup = html`<div class="lc lc-big" id="cmp-chart" role="img" aria-label="Monthly share of ads for the chosen technologies; the same values are in the table below."><svg class="lc-plot" viewBox="0 0 ${PLOT} ${PLOT}" preserveAspectRatio="none" focusable="false" aria-hidden="true">${marks.plot}<g class="grid">${CMP_FRACS.map((f) => html`<line x1="0" x2="${PLOT}" y1="${PLOT * (1 - f)}" y2="${PLOT * (1 - f)}" vector-effect="non-scaling-stroke"/>`)}</g><g id="cmp-scale" transform="${transform}">${groups}</g><line id="cmp-rule" class="rule is-off" x1="0" x2="0" y1="0" y2="${PLOT}" vector-effect="non-scaling-stroke"/></svg>${axisOverlay(months, x, yTicks, 7, html`${marks.overlay}<g id="cmp-labels">${labels}</g>`, true)}</div>`;
  const client: CompareClientData = {
    months: [...months],
    drawnMax,
    fracs: CMP_FRACS,
    series: aligned.map(({ s, pts }) => ({
      tech: s.tech,
      name: cleanText(String(s.name)),
      max: r4(seriesMax(pts)),
      values: pts.map((p) => (p ? [r4(p.share), r4(p.low), r4(p.high), p.partial ? 1 : 0] : null)),
    })),
  };
  return { markup, client };
}

export function renderTrends(ctx: RenderContext): { markup: SafeHtml; client: CompareClientData | null } {
  const series = (ctx.data.trends ?? []).filter((s) => s && typeof s.tech === 'string' && Array.isArray(s.points)).slice(0, MAX_SERIES);
  if (series.length === 0) return { markup: html``, client: null };
  const months = monthsOf(ctx.data.period.from, ctx.data.period.to, series);
  const selected = new Map<string, number>();
  series.slice(0, DEFAULT_SELECTED).forEach((s, i) => selected.set(s.tech, i));
  // Months with data in any series: long runs without are marked on the charts and left out of the table.
  const withData = new Set(series.flatMap((s) => s.points.filter((p) => (num(p.total) ?? 0) > 0).map((p) => String(p.month))));
  const gaps = dataGaps(months, (m) => withData.has(m));
  const cmp = compareChart(series, months, selected, gaps);
  const tableMonths = months.filter((m) => withData.has(m));
  const partial = new Set<string>([
    ...(ctx.data.partialMonths ?? []),
    ...series.flatMap((s) => s.points.filter((p) => p.partial).map((p) => String(p.month))),
  ]);
  const partialNote = partial.size
    ? `${[...partial].sort().map(fmtMonth).join(', ')} ${partial.size === 1 ? 'is' : 'are'} not complete yet: ${partial.size === 1 ? 'its' : 'their'} values are drawn dashed with a hollow dot and may still move.`
    : '';

  const table = dataTable(
    'Table: monthly share of ads per technology',
    ['Technology', ...tableMonths.map((m) => `${fmtMonth(m)}${partial.has(m) ? ' (partial)' : ''}`)],
    series.map((s) => {
      const pts = alignPoints(s.points, tableMonths);
      const raw = new Map(s.points.map((p) => [String(p.month), p]));
      return [
        s.name,
        ...pts.map((p, i) => {
          const rp = raw.get(tableMonths[i]!);
          return p ? html`${fmtPct(p.share)} <small>(${fmtRange(p.low, p.high)}; ${num(rp?.count) ?? '?'}/${num(rp?.total) ?? '?'})</small>` : '\u2013';
        }),
      ];
    }),
  );

  const smalls = series.slice(0, MAX_SMALL_MULTIPLES);
  const markup = html`<section class="section" id="trends" aria-labelledby="trends-h">
${sectionHead('trends-h', 'Trends', 'How demand moved month by month')}
<p class="lede">Share of each month's ads that mention the technology. Shaded bands are 95% intervals: where bands overlap, a difference between months may be noise. ${partialNote}</p>
<div class="cmp" id="cmp">
${chooser(ctx, series, selected)}
<div class="cmp-body">
<p class="readout" id="cmp-readout" aria-live="polite">${legend(series, months, selected)}</p>
${cmp.markup}
</div>
</div>
<h3 class="h-small">Each technology on its own scale</h3>
<p class="chart-note">Every panel has its own vertical scale, to show the shape of each trend; use the chart above to compare levels.${series.length > smalls.length ? ` The first ${smalls.length} of ${series.length} technologies are shown.` : ''}</p>
<div class="smalls">${smalls.map((s) => smallMultiple(s, months, techLabel(ctx, s), gaps))}</div>
${table}
</section>`;
  return { markup, client: cmp.client };
}
