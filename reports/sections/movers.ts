// 4. Movers: rising and falling technologies between two windows (normally year over year), each drawn as a
// dumbbell from the earlier share (hollow dot) to the later one (filled dot), with the effect size in percentage
// points, its 95 % interval and whether it is significant. Non-significant changes are shown in grey.

import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtP, fmtPct, fmtPeriod, fmtPp, fmtPpRange, fmtRange, num } from '../format.js';
import { TICKS, barAxis, pc, shareScale } from '../charts/share-bars.js';
import type { ScaleLinear } from 'd3-scale';
import { techLabel, type RenderContext } from '../context.js';
import { dataTable, sectionHead } from './common.js';
import type { Mover } from '../../src/core/report-data.js';

const MAX_MOVERS = 15;

function dumbbell(x: ScaleLinear<number, number>, m: Mover): SafeHtml {
  const a = num(m.before?.share) ?? 0;
  const b = num(m.after?.share) ?? 0;
  const H = 22;
  const mid = H / 2;
  return html`<svg class="bar-svg" focusable="false" aria-hidden="true">${x.ticks(TICKS).map((t) => html`<line class="grid" x1="${pc(x(t))}" x2="${pc(x(t))}" y1="0" y2="${H}"/>`)}<line class="db-line" x1="${pc(x(a))}" x2="${pc(x(b))}" y1="${mid}" y2="${mid}"/><circle class="db-before" cx="${pc(x(a))}" cy="${mid}" r="4.5"/><circle class="db-after" cx="${pc(x(b))}" cy="${mid}" r="5"/></svg>`;
}

function moverRows(ctx: RenderContext, list: readonly Mover[], x: ScaleLinear<number, number>, dir: 'up' | 'down'): SafeHtml {
  return html`<div class="bars">${barAxis(x)}${list.map(
    (m) =>
      html`<div class="${`bar-row mv-${dir}${m.significant ? '' : ' is-ns'}`}"><div class="bar-label">${techLabel(ctx, m)}</div>${dumbbell(x, m)}<div class="bar-value"><b>${fmtPp(m.deltaPp)}</b><small>${m.significant ? fmtPpRange(m.deltaLowPp, m.deltaHighPp) : 'not significant'}</small></div></div>`,
  )}</div>`;
}

export function renderMovers(ctx: RenderContext): SafeHtml {
  const mv = ctx.data.movers;
  if (!mv) return html``;
  const rising = (mv.rising ?? []).slice(0, MAX_MOVERS);
  const falling = (mv.falling ?? []).slice(0, MAX_MOVERS);
  const all = [...rising, ...falling];
  const x = shareScale(Math.max(0, ...all.flatMap((m) => [num(m.before?.share) ?? 0, num(m.after?.share) ?? 0])));
  const after = fmtPeriod(mv.after.from, mv.after.to);
  const before = fmtPeriod(mv.before.from, mv.before.to);
  const table = dataTable(
    'Table: movers',
    ['Technology', 'Direction', `Share ${before}`, `Share ${after}`, 'Change', '95% interval of change', 'p', 'Significant'],
    all.map((m) => [
      m.name,
      (num(m.deltaPp) ?? 0) >= 0 ? 'rising' : 'falling',
      { num: `${fmtPct(m.before?.share)} (${fmtRange(m.before?.low, m.before?.high)}; ${fmtInt(m.before?.count)}/${fmtInt(m.before?.total)})` },
      { num: `${fmtPct(m.after?.share)} (${fmtRange(m.after?.low, m.after?.high)}; ${fmtInt(m.after?.count)}/${fmtInt(m.after?.total)})` },
      { num: fmtPp(m.deltaPp) },
      { num: fmtPpRange(m.deltaLowPp, m.deltaHighPp) },
      { num: fmtP(m.pValue) },
      m.significant ? 'yes' : 'no',
    ]),
  );
  const panel = (title: string, list: readonly Mover[], dir: 'up' | 'down') =>
    html`<section class="panel" aria-label="${title}"><h3 class="${`panel-h mv-h-${dir}`}">${title}</h3>${list.length ? moverRows(ctx, list, x, dir) : html`<p class="empty">None.</p>`}</section>`;
  return html`<section class="section" id="movers" aria-labelledby="movers-h">
${sectionHead('movers-h', 'Movers', `What rose and what fell: ${after} against ${before}`)}
<p class="lede">Each line runs from the share in ${before} (hollow dot) to the share in ${after} (filled dot). The number is the change in percentage points, with its 95% interval below; grey rows are changes that could be chance${mv.test ? ` (${mv.test})` : ''}.</p>
<div class="panels panels-2">${panel('Rising', rising, 'up')}${panel('Falling', falling, 'down')}</div>
${table}
</section>`;
}
