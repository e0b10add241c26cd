// 1. The masthead: title, period, the key figures, the top technologies and the biggest movers, written as a
// sentence first (what a reader takes away) and then as a ranked chart.

import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtPeriod, fmtPp, fmtRange, fmtTime, monthCount, num, plural } from '../format.js';
import { shareBars, shareScale } from '../charts/share-bars.js';
import { techLabel, type RenderContext } from '../context.js';
import { dataTable } from './common.js';
import type { Mover, TechShare } from '../../src/core/report-data.js';

const MAX_TOP = 10;

/** "A, B and C". */
function listNames(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The headline sentence. A leader is only called the leader when its interval clears the runner-up's; otherwise
 * the sentence names the statistically tied group, as a careful reporter would.
 */
export function leadSentence(top: readonly TechShare[], postings: number, scope: string): string {
  if (top.length === 0) return `No technology was recognised in the ${fmtInt(postings)} ads of this period.`;
  const a = top[0]!;
  const aLow = num(a.low) ?? num(a.share) ?? 0;
  const tied = top.slice(0, 3).filter((t, i) => i === 0 || (num(t.high) ?? num(t.share) ?? 0) >= aLow);
  if (tied.length >= 2) {
    return `In ads for ${scope}, ${listNames(tied.map((t) => `${t.name} (${fmtPct(t.share)})`))} were the most requested technologies; their 95% intervals overlap, so their order is not certain.`;
  }
  const next = top.slice(1, 3).map((t) => `${t.name} (${fmtPct(t.share)})`);
  return `In ads for ${scope}, ${a.name} was the most requested technology: ${fmtPct(a.share)} of them asked for it (95% interval ${fmtRange(a.low, a.high)})${next.length ? `, ahead of ${listNames(next)}` : ''}.`;
}

function moverItem(ctx: RenderContext, m: Mover): SafeHtml {
  const dir = (num(m.deltaPp) ?? 0) >= 0 ? 'up' : 'down';
  return html`<li class="${`mv-${dir}${m.significant ? '' : ' is-ns'}`}"><span class="mv-arrow" aria-hidden="true">${dir === 'up' ? '\u25B2' : '\u25BC'}</span> ${techLabel(ctx, m)} <b>${fmtPp(m.deltaPp)}</b> <small>${fmtPct(m.before?.share)} \u2192 ${fmtPct(m.after?.share)}${m.significant ? '' : ' \u00B7 not significant'}</small></li>`;
}

export function renderHeadline(ctx: RenderContext): SafeHtml {
  const d = ctx.data;
  const h = d.headline;
  // The headline describes its window (by default the latest twelve months with data), not every month stored.
  const span = d.window ?? { ...d.period, months: monthCount(d.period.from, d.period.to), note: '' };
  const period = fmtPeriod(span.from, span.to);
  const months = num(span.months) ?? monthCount(span.from, span.to);
  const sources = Array.isArray(d.totals.sources) ? d.totals.sources.map(String) : [];
  const top = (h.top ?? []).slice(0, MAX_TOP);
  const rising = (h.rising ?? d.movers?.rising ?? []).slice(0, 3);
  const falling = (h.falling ?? d.movers?.falling ?? []).slice(0, 3);
  const untagged = d.quality?.untagged;
  const scope = h.scope || 'job';

  const kpis: SafeHtml[] = [
    html`<div class="kpi"><dt>Unique job ads</dt><dd>${fmtInt(d.totals.postings)}${num(d.totals.rawPostings) !== null ? html` <small>of ${fmtInt(d.totals.rawPostings)} fetched</small>` : ''}</dd></div>`,
    html`<div class="kpi"><dt>Sources</dt><dd>${fmtInt(sources.length)} <small>${sources.join(', ')}</small></dd></div>`,
    html`<div class="kpi"><dt>Months with data</dt><dd>${fmtInt(months)} <small>${period}${d.partialMonths?.length ? ` (${d.partialMonths.length} partial)` : ''}</small></dd></div>`,
  ];
  if (num(d.totals.companies) !== null) kpis.push(html`<div class="kpi"><dt>Companies</dt><dd>${fmtInt(d.totals.companies)}</dd></div>`);
  if (untagged && num(untagged.share) !== null) {
    kpis.push(html`<div class="kpi"><dt>No technology recognised</dt><dd>${fmtPct(untagged.share)} <small>${plural(untagged.count, 'ad')}</small></dd></div>`);
  }

  const x = shareScale(Math.max(0, ...top.map((t) => num(t.high) ?? num(t.share) ?? 0)));
  return html`<header class="masthead" id="top">
<p class="kicker">techdemand \u00B7 job-ad report</p>
<h1>${d.title || 'Tech demand in job ads'}<span class="h1-period">${period}</span></h1>
<p class="dek">${leadSentence(top, d.totals.postings, scope)} Based on ${plural(d.totals.postings, 'unique job ad')} from ${plural(sources.length, 'source')}.</p>
${span.note ? html`<p class="note">Headline and demand panels: ${span.note}.</p>` : ''}
${h.note ? html`<p class="note">${h.note}</p>` : ''}
<dl class="kpis">${kpis}</dl>
<p class="generated">Generated ${fmtTime(d.generatedAt)}</p>
</header>
<section class="headline-grid" id="headline" aria-labelledby="headline-top-h">
<div class="hl-top">
<h2 id="headline-top-h" class="h-small">Top technologies in ${scope}, ${period}</h2>
${top.length ? shareBars(top.map((t) => ({ label: techLabel(ctx, t), share: t.share, low: t.low, high: t.high, count: t.count })), x) : html`<p class="empty">No technologies recognised.</p>`}
<p class="chart-note">Share of ${fmtInt(top[0]?.total ?? d.totals.postings)} ads; whiskers show the 95% interval. Click a name to read example ads.</p>
${top.length ? dataTable(`Table: top technologies in ${scope}`, ['Technology', 'Ads', 'Share', '95% interval'], top.map((t) => [t.name, { num: `${fmtInt(t.count)} of ${fmtInt(t.total)}` }, { num: fmtPct(t.share) }, { num: fmtRange(t.low, t.high) }])) : ''}
</div>
${rising.length || falling.length ? html`<div class="hl-movers">
<h2 class="h-small">Biggest movers</h2>
${d.movers ? html`<p class="chart-note">${fmtPeriod(d.movers.after.from, d.movers.after.to)} against ${fmtPeriod(d.movers.before.from, d.movers.before.to)}, in percentage points.</p>` : ''}
${rising.length ? html`<h3 class="h-tiny">Rising</h3><ul class="mv-list">${rising.map((m) => moverItem(ctx, m))}</ul>` : ''}
${falling.length ? html`<h3 class="h-tiny">Falling</h3><ul class="mv-list">${falling.map((m) => moverItem(ctx, m))}</ul>` : ''}
</div>` : ''}
</section>`;
}
