// 2. Demand by category: one panel of bars per taxonomy category, all on the same x scale so panels can be
// compared, each bar with its 95 % interval, plus the full table behind the charts.

import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtPeriod, fmtRange, num } from '../format.js';
import { shareBars, shareScale } from '../charts/share-bars.js';
import { techLabel, type RenderContext } from '../context.js';
import { domId } from '../ids.js';
import { dataTable, sectionHead } from './common.js';

const MAX_ROWS = 25;

/** One footnote per reason, naming its technologies ("† NSQ, Pulsar: fewer than 10 ads"), not one per row. */
function footnotes(rows: readonly { name: string; flagReason?: string | undefined }[]): SafeHtml[] {
  const byReason = new Map<string, string[]>();
  for (const r of rows) {
    const reason = r.flagReason || 'read with care';
    byReason.set(reason, [...(byReason.get(reason) ?? []), r.name]);
  }
  return [...byReason].map(([reason, names]) => html`<li>\u2020 ${names.join(', ')}: ${reason}</li>`);
}

export function renderDemand(ctx: RenderContext): SafeHtml {
  const cats = (ctx.data.demand ?? []).filter((c) => Array.isArray(c.rows) && c.rows.length > 0);
  const max = Math.max(0, ...cats.flatMap((c) => c.rows.slice(0, MAX_ROWS).map((r) => num(r.high) ?? num(r.share) ?? 0)));
  const x = shareScale(max);
  const total = cats[0]?.rows[0]?.total ?? ctx.data.totals.postings;

  const panels = cats.map((c) => {
    const rows = c.rows.slice(0, MAX_ROWS);
    const flagged = rows.filter((r) => r.flagged);
    return html`<section class="panel" id="${domId('cat', c.id)}" aria-label="${c.name}"><h3 class="panel-h">${c.name}</h3>${shareBars(
      rows.map((r) => ({ label: techLabel(ctx, r), share: r.share, low: r.low, high: r.high, count: r.count, flagged: r.flagged })),
      x,
    )}${c.rows.length > MAX_ROWS ? html`<p class="chart-note">${fmtInt(c.rows.length - MAX_ROWS)} more in the table below.</p>` : ''}${flagged.length ? html`<ul class="footnotes">${footnotes(flagged)}</ul>` : ''}</section>`;
  });

  const table = dataTable(
    'Table: demand by category',
    ['Category', 'Technology', 'Ads', 'Share', '95% interval', 'Note'],
    cats.flatMap((c) =>
      c.rows.map((r) => [c.name, r.name, { num: fmtInt(r.count) }, { num: fmtPct(r.share) }, { num: fmtRange(r.low, r.high) }, r.flagged ? r.flagReason || 'read with care' : '']),
    ),
  );

  return html`<section class="section" id="demand" aria-labelledby="demand-h">
${sectionHead('demand-h', 'Demand', 'Which technologies ads ask for, by category')}
<p class="lede">Each bar is the share of the ${fmtInt(total)} unique ads${ctx.data.window ? ` of ${fmtPeriod(ctx.data.window.from, ctx.data.window.to)}` : ''} that mention the technology at least once; the thin line across its end is the 95% interval, the range the true share most plausibly lies in given how many ads we saw. All panels share one scale.</p>
${panels.length ? html`<div class="panels">${panels}</div>` : html`<p class="empty">No technologies were recognised in this period.</p>`}
${table}
</section>`;
}
