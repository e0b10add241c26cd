// 6. The learner: how much of the market a profile covers today, what is missing (ranked), the single next
// steps with the coverage each would unlock, and a learning order with cumulative coverage.

import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtPp, fmtRange, num } from '../format.js';
import { TICKS, barAxis, pc, shareBars, shareScale } from '../charts/share-bars.js';
import { techLabel, type RenderContext } from '../context.js';
import { dataTable, sectionHead } from './common.js';
import type { LearnerStep } from '../../src/core/report-data.js';

const MAX_ITEMS = 12;

/** A bar from 0 to `base` (what you have) plus a highlighted segment from base to `after` (what a step adds). */
function gainSvg(x: ScaleLinear<number, number>, base: number, after: number): SafeHtml {
  const H = 22;
  const lo = Math.min(base, after);
  return html`<svg class="bar-svg" focusable="false" aria-hidden="true">${x.ticks(TICKS).map((t) => html`<line class="grid" x1="${pc(x(t))}" x2="${pc(x(t))}" y1="0" y2="${H}"/>`)}<rect class="bar bar-base" x="0" y="5" width="${pc(x(lo))}" height="12"/><rect class="bar bar-gain" x="${pc(x(lo))}" y="5" width="${pc(Math.max(0, x(after) - x(lo)))}" height="12"/></svg>`;
}

function stepRows(ctx: RenderContext, steps: readonly LearnerStep[], x: ScaleLinear<number, number>, start: number, cumulative: boolean): SafeHtml {
  let prev = start;
  return html`<div class="bars">${barAxis(x, 'coverage')}${steps.map((s, i) => {
    const after = num(s.coverageAfter) ?? prev;
    const base = cumulative ? prev : start;
    prev = cumulative ? after : prev;
    return html`<div class="bar-row"><div class="bar-label">${cumulative ? html`<span class="step-no">${i + 1}</span>` : ''}${techLabel(ctx, s)}${s.reason ? html`<small class="reason">${s.reason}</small>` : ''}</div>${gainSvg(x, base, after)}<div class="bar-value"><b>${fmtPct(after)}</b><small>${fmtPp((after - base) * 100)}</small></div></div>`;
  })}</div>`;
}

export function renderLearner(ctx: RenderContext): SafeHtml {
  const L = ctx.data.learner;
  if (!L) return html``;
  const coverage = num(L.coverage) ?? 0;
  const next = (L.nextSteps ?? []).slice(0, MAX_ITEMS);
  const order = (L.learningOrder ?? []).slice(0, MAX_ITEMS);
  const gaps = (L.gaps ?? []).slice(0, MAX_ITEMS);
  const maxCov = Math.max(coverage, ...next.map((s) => num(s.coverageAfter) ?? 0), ...order.map((s) => num(s.coverageAfter) ?? 0));
  // Coverage bars share one 0–100 % scale: the whole market is the honest denominator for "how much can I apply to".
  const x = scaleLinear().domain([0, maxCov > 0.5 ? 1 : Math.max(0.1, maxCov)]).nice(TICKS).range([0, 100]);
  const gx = shareScale(Math.max(0, ...gaps.map((g) => num(g.high) ?? num(g.share) ?? 0)));
  const best = next[0];

  return html`<section class="section" id="learner" aria-labelledby="learner-h">
${sectionHead('learner-h', 'Your profile', 'What you cover, and what to learn next')}
<div class="learner-top">
<div class="cov-big"><p class="cov-figure">${fmtPct(coverage)}</p><p class="cov-label">of ${fmtInt(L.total)} ads covered today</p></div>
<div class="cov-text">
<p>Profile <b>${L.profile}</b>. You know ${L.known.length ? html`<span class="chips">${L.known.map((k) => html`<span class="chip-static">${k.name}</span>`)}</span>` : 'no recognised technology yet'}.</p>
<p class="chart-note">${L.coverageRule}</p>
${best ? html`<p class="callout">Learning <b>${best.name}</b> next would take you to <b>${fmtPct(best.coverageAfter)}</b> of ads (${fmtPp(((num(best.coverageAfter) ?? coverage) - coverage) * 100)}).</p>` : ''}
</div>
</div>
<div class="panels panels-2">
${next.length ? html`<section class="panel" aria-labelledby="next-h"><h3 class="panel-h" id="next-h">Next steps, one at a time</h3><p class="chart-note">Coverage if you learned only this one: grey is today, colour is the gain.</p>${stepRows(ctx, next, x, coverage, false)}</section>` : ''}
${order.length ? html`<section class="panel" aria-labelledby="order-h"><h3 class="panel-h" id="order-h">A learning order</h3><p class="chart-note">Each step adds to the ones before it; the coverage is cumulative.</p>${stepRows(ctx, order, x, coverage, true)}</section>` : ''}
</div>
${gaps.length ? html`<section class="panel panel-narrow" aria-labelledby="gaps-h"><h3 class="panel-h" id="gaps-h">Your biggest gaps</h3>${shareBars(
    gaps.map((g) => ({ label: html`<span class="step-no">${g.rank}</span>${techLabel(ctx, g)}${g.reason ? html`<small class="reason">${g.reason}</small>` : ''}`, share: g.share, low: g.low, high: g.high, count: g.count })),
    gx,
  )}<p class="chart-note">Ranked by value to you; bars show each technology's share of all ads.</p></section>` : ''}
${dataTable(
  'Table: gaps and next steps',
  ['Technology', 'Gap rank', 'Demand', 'Coverage if learned next', 'Position in learning order', 'Coverage after that step'],
  [...new Set([...gaps.map((g) => g.tech), ...next.map((s) => s.tech), ...order.map((s) => s.tech)])].map((tech) => {
    const g = gaps.find((e) => e.tech === tech);
    const n = next.find((e) => e.tech === tech);
    const oi = order.findIndex((e) => e.tech === tech);
    const name = g?.name ?? n?.name ?? order[oi]?.name ?? tech;
    return [
      name,
      { num: g ? fmtInt(g.rank) : '\u2013' },
      { num: g ? `${fmtPct(g.share)} (${fmtRange(g.low, g.high)})` : '\u2013' },
      { num: n ? fmtPct(n.coverageAfter) : '\u2013' },
      { num: oi >= 0 ? fmtInt(oi + 1) : '\u2013' },
      { num: oi >= 0 ? fmtPct(order[oi]!.coverageAfter) : '\u2013' },
    ];
  }),
)}
</section>`;
}
