// Horizontal bar charts of shares with their 95 % intervals, one HTML grid row per technology.
//
// Each row's bar is a small <svg> without a viewBox whose x coordinates are percentages of its width. Text stays in
// HTML at its native size, so the chart reflows from a 320 px phone to a wide screen without shrinking labels,
// and needs no inline style attributes (which the CSP forbids). The x scale is d3-scale's, shared by all rows of
// a chart so bars are comparable.

import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtRange, fmtTick, num } from '../format.js';

export interface BarDatum {
  /** The label cell, already built (a tech link or a span). */
  label: SafeHtml;
  share: number;
  low?: number;
  high?: number;
  count?: number;
  total?: number;
  /** Drawn lighter and marked † (the caller prints the footnote). */
  flagged?: boolean;
  /** Extra class on the row, e.g. "is-known". */
  rowClass?: string;
  /** Replaces the default "count of total" detail line. */
  detail?: string;
}

/** Tick count asked of d3 for bar axes: 3 keeps labels apart on a phone. */
export const TICKS = 3;

/** A shared x scale for a set of bars: 0 → 0 %, a "nice" maximum → 100 % of the bar's width. */
export function shareScale(maxValue: number): ScaleLinear<number, number> {
  const max = Math.max(0.01, Math.min(1, maxValue));
  return scaleLinear().domain([0, max]).range([0, 100]).nice(TICKS).clamp(true);
}

/** Percent coordinate for an SVG attribute, rounded to keep the file small. */
export function pc(value: number): string {
  return `${Math.round(value * 100) / 100}%`;
}

/** Gridlines (vertical) at the scale's ticks, drawn in each row so they join into continuous lines. */
function gridLines(x: ScaleLinear<number, number>, height: number): SafeHtml {
  return html`${x.ticks(TICKS).map((t) => html`<line class="grid" x1="${pc(x(t))}" x2="${pc(x(t))}" y1="0" y2="${height}"/>`)}`;
}

/** The axis row above a bar chart: tick labels at percentage positions. */
export function barAxis(x: ScaleLinear<number, number>, caption = 'share of ads'): SafeHtml {
  const ticks = x.ticks(TICKS);
  return html`<div class="bar-axis" aria-hidden="true"><span class="bar-axis-cap">${caption}</span><svg class="bar-axis-svg" focusable="false">${ticks.map((t, i) => {
    const anchor = i === 0 ? 'start' : i === ticks.length - 1 && x(t) > 92 ? 'end' : 'middle';
    return html`<text x="${pc(x(t))}" y="12" text-anchor="${anchor}">${fmtTick(t)}</text>`;
  })}</svg><span></span></div>`;
}

const ROW_H = 22;

/** One bar with its interval whisker. */
export function barSvg(x: ScaleLinear<number, number>, d: { share: number; low?: number; high?: number; flagged?: boolean }): SafeHtml {
  const share = num(d.share) ?? 0;
  const low = num(d.low);
  const high = num(d.high);
  const mid = ROW_H / 2;
  const whisker =
    low !== null && high !== null
      ? html`<line class="ci" x1="${pc(x(low))}" x2="${pc(x(high))}" y1="${mid}" y2="${mid}"/><line class="ci" x1="${pc(x(low))}" x2="${pc(x(low))}" y1="${mid - 4}" y2="${mid + 4}"/><line class="ci" x1="${pc(x(high))}" x2="${pc(x(high))}" y1="${mid - 4}" y2="${mid + 4}"/>`
      : html``;
  return html`<svg class="bar-svg" focusable="false" aria-hidden="true">${gridLines(x, ROW_H)}<rect class="${d.flagged ? 'bar bar-flagged' : 'bar'}" x="0" y="${mid - 6}" width="${pc(x(share))}" height="12"/>${whisker}</svg>`;
}

/** A full bar chart: axis, one row per datum, each row "label | bar | value". */
export function shareBars(rows: readonly BarDatum[], x: ScaleLinear<number, number>, options: { caption?: string; wideLabels?: boolean } = {}): SafeHtml {
  return html`<div class="${options.wideLabels ? 'bars bars-wide' : 'bars'}">${barAxis(x, options.caption)}${rows.map((d) => {
    const detail =
      d.detail ??
      (num(d.low) !== null && num(d.high) !== null
        ? `${fmtRange(d.low, d.high)}${d.count !== undefined ? ` \u00B7 ${fmtInt(d.count)} ads` : ''}`
        : d.count !== undefined
          ? `${fmtInt(d.count)} ads`
          : '');
    return html`<div class="${['bar-row', d.flagged ? 'is-flagged' : '', d.rowClass ?? ''].filter(Boolean).join(' ')}"><div class="bar-label">${d.label}${d.flagged ? html`<sup class="flag" title="read with care">\u2020</sup>` : ''}</div>${barSvg(x, d)}<div class="bar-value"><b>${fmtPct(d.share)}</b>${detail ? html`<small>${detail}</small>` : ''}</div></div>`;
  })}</div>`;
}
