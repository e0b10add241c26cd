// 5. Stacks and co-occurrence: the combinations ads ask for together, each technology's strongest companions,
// and a heat-map table of "of the ads that mention the row, the share that also mention the column".

import { html, join, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtRatio, num } from '../format.js';
import { shareBars, shareScale } from '../charts/share-bars.js';
import { techLabel, type RenderContext } from '../context.js';
import { dataTable, sectionHead } from './common.js';

const MAX_STACKS = 15;
const MAX_MATRIX = 15;
const MAX_COMPANION_ROWS = 8;

/** Heat class for a conditional share: 6 steps, so colour never carries the value alone (the number is printed). */
function heat(p: number): string {
  const bins = [0.05, 0.15, 0.3, 0.45, 0.6];
  let i = 0;
  while (i < bins.length && p >= bins[i]!) i++;
  return `heat h${i}`;
}

export function renderStacks(ctx: RenderContext): SafeHtml {
  const stacks = (ctx.data.stacks ?? []).filter((s) => Array.isArray(s.techs) && s.techs.length > 0).slice(0, MAX_STACKS);
  const co = ctx.data.cooccurrence;
  const coTechs = (co?.techs ?? []).slice(0, MAX_MATRIX);
  if (stacks.length === 0 && coTechs.length === 0) return html``;

  // Counted over the latest months only (src/report-builder.ts): say which.
  const cp = ctx.data.combinationsPeriod;
  const period = cp && typeof cp.from === 'string' && typeof cp.to === 'string' ? ` from ${cp.from} to ${cp.to}` : '';
  let stacksPart = html``;
  if (stacks.length) {
    const x = shareScale(Math.max(0, ...stacks.map((s) => num(s.share) ?? 0)));
    stacksPart = html`<section class="panel" aria-labelledby="stacks-h"><h3 class="panel-h" id="stacks-h">Common combinations</h3>${shareBars(
      stacks.map((s) => ({
        label: join(s.techs.map((t) => techLabel(ctx, t)), html`<span class="plus"> + </span>`),
        share: s.share,
        count: s.count,
        detail: `${fmtInt(s.count)} ads${num(s.lift) !== null ? ` \u00B7 ${fmtRatio(s.lift)}` : ''}`,
      })),
      x,
      { wideLabels: true },
    )}<p class="chart-note">Share of all ads${period} that ask for every technology of the combination${stacks.some((s) => num(s.lift) !== null) ? '; "3.0×" means three times as often as if ads picked each technology independently' : ''}.</p>${dataTable(
      'Table: common combinations',
      ['Combination', 'Ads', 'Share', 'Lift'],
      stacks.map((s) => [s.techs.map((t) => t.name).join(' + '), { num: fmtInt(s.count) }, { num: fmtPct(s.share) }, { num: num(s.lift) !== null ? fmtRatio(s.lift) : '\u2013' }]),
    )}</section>`;
  }

  let coPart = html``;
  let matrixPart = html``;
  if (co && coTechs.length > 1) {
    const ids = new Set(coTechs.map((t) => t.tech));
    const counts = new Map(coTechs.map((t) => [t.tech, num(t.count) ?? 0]));
    const both = new Map<string, number>();
    const key = (a: string, b: string) => `${a}\u0000${b}`;
    for (const p of co.pairs ?? []) {
      if (!ids.has(p.a) || !ids.has(p.b) || p.a === p.b) continue;
      const c = num(p.count) ?? 0;
      both.set(key(p.a, p.b), c);
      both.set(key(p.b, p.a), c);
    }
    /** P(col | row): of the ads mentioning row, the share also mentioning col. */
    const cond = (row: string, col: string): number | null => {
      const n = counts.get(row) ?? 0;
      if (n <= 0) return null;
      return (both.get(key(row, col)) ?? 0) / n;
    };
    const companions = coTechs.slice(0, MAX_COMPANION_ROWS).map((t) => {
      const top = coTechs
        .filter((o) => o.tech !== t.tech)
        .map((o) => ({ o, p: cond(t.tech, o.tech) ?? 0 }))
        .filter((e) => e.p > 0)
        .sort((a, b) => b.p - a.p)
        .slice(0, 3);
      return html`<li><span class="comp-head">${techLabel(ctx, t)} <small>${fmtInt(t.count)} ads</small></span><span class="comp-list">${top.length ? join(top.map((e) => html`<span class="comp">${e.o.name} <b>${fmtPct(e.p)}</b></span>`), html`<span class="sep">, </span>`) : html`<span class="muted">nothing in particular</span>`}</span></li>`;
    });
    const matrix = html`<div class="scroll-x matrix-wrap" tabindex="0" role="region" aria-label="Co-occurrence table"><table class="matrix"><caption>Of the ads that mention the row's technology, the share that also mention the column's</caption><thead><tr><th scope="col"><span class="sr-only">Technology</span></th>${coTechs.map((t) => html`<th scope="col" class="col-h"><span>${t.name}</span></th>`)}</tr></thead><tbody>${coTechs.map(
      (r) =>
        html`<tr><th scope="row">${r.name} <small>${fmtInt(r.count)}</small></th>${coTechs.map((c) => {
          if (c.tech === r.tech) return html`<td class="heat diag">\u2013</td>`;
          const p = cond(r.tech, c.tech);
          return p === null ? html`<td class="heat h0">\u2013</td>` : html`<td class="${heat(p)}" title="${`${r.name} \u2192 ${c.name}: ${fmtPct(p)}`}">${Math.round(p * 100)}</td>`;
        })}</tr>`,
    )}</tbody></table></div>`;
    coPart = html`<section class="panel" aria-labelledby="co-h"><h3 class="panel-h" id="co-h">What comes with what</h3><p class="chart-note">For each technology, the three it is most often asked for with: "Java 62%" means 62% of its ads also mention Java.</p><ul class="companions">${companions}</ul></section>`;
    matrixPart = html`<section class="panel" aria-labelledby="matrix-h"><h3 class="panel-h" id="matrix-h">All pairs, in percent</h3>${matrix}</section>`;
  }

  return html`<section class="section" id="stacks" aria-labelledby="stacks-sec-h">
${sectionHead('stacks-sec-h', 'Stacks', 'What is asked for together')}
<div class="panels panels-2">${stacksPart}${coPart}</div>
${matrixPart}
</section>`;
}
