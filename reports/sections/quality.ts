// 8. What changed since the previous report, the health of each source, de-duplication, tagging coverage,
// taxonomy version and method notes: everything a reader needs to judge how far to trust the numbers above.

import { html, type SafeHtml } from '../html.js';
import { fmtInt, fmtPct, fmtRange, fmtTime, num, plural } from '../format.js';
import { sectionHead } from './common.js';
import type { RenderContext } from '../context.js';
import type { SourceStatus } from '../../src/core/report-data.js';

const STATUS_TEXT: Record<SourceStatus, string> = {
  ok: 'OK',
  partial: 'Partial',
  failed: 'Failed',
  stale: 'Stale',
  disabled: 'Disabled',
};

function rankText(before: number | null, after: number | null): string {
  if (before === null && after === null) return '\u2013';
  if (before === null) return `new at #${after}`;
  if (after === null) return `was #${before}, gone`;
  if (before === after) return `#${after}, unchanged`;
  return `#${before} \u2192 #${after}`;
}

function renderChanges(ctx: RenderContext): SafeHtml {
  const c = ctx.data.changes;
  if (!c) return html``;
  const techs = (c.techs ?? []).slice(0, 20);
  const diff = (num(ctx.data.totals.postings) ?? 0) - (num(c.previousPostings) ?? 0);
  return html`<section class="panel panel-wide" id="changes" aria-labelledby="changes-h"><h3 class="panel-h" id="changes-h">Since the previous report</h3>
<p>The previous report was generated ${fmtTime(c.previousGeneratedAt)} from ${plural(c.previousPostings, 'unique ad')}. Since then ${plural(c.newPostings, 'new ad')} came in${num(c.closedPostings) !== null ? html` and ${plural(c.closedPostings!, 'ad')} closed` : ''}; the total moved by ${diff >= 0 ? '+' : '\u2212'}${fmtInt(Math.abs(diff))}.</p>
${c.previousTaxonomyVersion && c.previousTaxonomyVersion !== ctx.data.taxonomyVersion ? html`<p class="warn">The taxonomy changed (${c.previousTaxonomyVersion} \u2192 ${ctx.data.taxonomyVersion}): some differences come from tagging, not from the market.</p>` : ''}
${techs.length ? html`<div class="scroll-x" tabindex="0" role="region" aria-label="Technologies that moved since the previous report"><table class="compact"><thead><tr><th scope="col">Technology</th><th scope="col">Share before</th><th scope="col">Share now</th><th scope="col">Rank</th></tr></thead><tbody>${techs.map(
    (t) => html`<tr><th scope="row">${t.name}</th><td class="num">${t.shareBefore === null ? '\u2013' : fmtPct(t.shareBefore)}</td><td class="num">${t.shareAfter === null ? '\u2013' : fmtPct(t.shareAfter)}</td><td class="num">${rankText(num(t.rankBefore), num(t.rankAfter))}</td></tr>`,
  )}</tbody></table></div>` : ''}
${c.notes?.length ? html`<ul class="notes">${c.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
</section>`;
}

function renderQualityPanel(ctx: RenderContext): SafeHtml {
  const q = ctx.data.quality;
  if (!q) return html``;
  const d = q.dedup;
  const u = q.untagged;
  const sources = Array.isArray(q.sources) ? q.sources : [];
  const statusClass = (s: string) => (s in STATUS_TEXT ? `status status-${s}` : 'status');
  return html`<section class="panel panel-wide" id="quality" aria-labelledby="quality-h"><h3 class="panel-h" id="quality-h">Data quality</h3>
${q.warnings?.length ? html`<ul class="warnings">${q.warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul>` : ''}
${sources.length ? html`<h4 class="h-tiny">Sources</h4><div class="scroll-x" tabindex="0" role="region" aria-label="Sources"><table class="sources"><thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Postings in period</th><th scope="col">Last run</th><th scope="col">Seen / new / errors</th><th scope="col">Message</th></tr></thead><tbody>${sources.map(
    (s) =>
      html`<tr><th scope="row">${s.source}</th><td><span class="${statusClass(String(s.status))}">${STATUS_TEXT[s.status] ?? String(s.status)}</span></td><td class="num">${fmtInt(s.postings)}</td><td>${fmtTime(s.lastRunAt)}${s.lastSuccessAt && s.lastSuccessAt !== s.lastRunAt ? html`<br><small>last success ${fmtTime(s.lastSuccessAt)}</small>` : ''}</td><td class="num">${fmtInt(s.seen)} / ${fmtInt(s.new)} / ${fmtInt(s.errors)}</td><td class="msg">${s.message ?? ''}</td></tr>`,
  )}</tbody></table></div>` : ''}
<dl class="facts">
${d ? html`<div><dt>De-duplication</dt><dd>${fmtInt(d.raw)} ads fetched, ${fmtInt(d.unique)} unique${num(d.exactDuplicates) !== null ? html`; ${fmtInt(d.exactDuplicates)} exact duplicates` : ''}${num(d.nearDuplicates) !== null ? html`; ${fmtInt(d.nearDuplicates)} near-duplicates` : ''}${num(d.crossSource) !== null ? html`; ${fmtInt(d.crossSource)} found on two sources` : ''}.${d.method ? html` <small>${d.method}</small>` : ''}</dd></div>` : ''}
${u ? html`<div><dt>No technology recognised</dt><dd>${fmtPct(u.share)} of ads (${fmtInt(u.count)} of ${fmtInt(u.total)}; 95% interval ${fmtRange(u.low, u.high)}). These ads still count in every denominator.</dd></div>` : ''}
<div><dt>Taxonomy version</dt><dd><code>${ctx.data.taxonomyVersion}</code></dd></div>
</dl>
</section>`;
}

export function renderQuality(ctx: RenderContext): SafeHtml {
  const d = ctx.data;
  const notes = (d.methodNotes ?? []).filter((n) => typeof n === 'string' && n.trim() !== '');
  return html`<section class="section" id="about" aria-labelledby="about-h">
${sectionHead('about-h', 'About the data', 'What changed, where the ads come from, how the numbers are made')}
<div class="panels panels-stack">
${renderChanges(ctx)}
${renderQualityPanel(ctx)}
<section class="panel panel-wide" id="method" aria-labelledby="method-h"><h3 class="panel-h" id="method-h">Method</h3>
${notes.length ? notes.map((n) => html`<p>${n}</p>`) : ''}
<p>Shares are the number of unique ads that mention a technology divided by all unique ads in the same months; intervals are 95% Wilson score intervals. Taxonomy version <code>${d.taxonomyVersion}</code>.${d.toolVersion ? html` Made with techdemand ${d.toolVersion}.` : ''}</p>
</section>
</div>
</section>`;
}
