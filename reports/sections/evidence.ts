// 7. Evidence: example ads behind each technology's number, with the matched words highlighted and a link to the
// original. Everything here is text written by strangers: it is escaped segment by segment, highlight offsets are
// clipped to the snippet, and only http(s) URLs become links. Works without script (a <details> per technology);
// the client script opens the same content in a dialog when a technology name is clicked anywhere in the report.

import { html, type SafeHtml } from '../html.js';
import { safeHttpUrl } from '../escape.js';
import { fmtMonth, plural } from '../format.js';
import { domId } from '../ids.js';
import { techName, type RenderContext } from '../context.js';
import { sectionHead } from './common.js';
import type { EvidenceExample, EvidenceHighlight } from '../../src/core/report-data.js';

export const MAX_EXAMPLES = 5;
export const MAX_SNIPPET = 1200;
const MAX_HIGHLIGHTS = 50;
const MAX_FIELD = 200;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  if (isHigh(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Valid, sorted, non-overlapping [start, end) ranges inside a text of length `len`, never splitting a pair. */
export function cleanHighlights(text: string, highlights: readonly EvidenceHighlight[] | undefined): [number, number][] {
  const len = text.length;
  const spans: [number, number][] = [];
  for (const h of Array.isArray(highlights) ? highlights.slice(0, MAX_HIGHLIGHTS * 4) : []) {
    const s = Number(h?.start);
    const l = Number(h?.length);
    if (!Number.isInteger(s) || !Number.isInteger(l) || l <= 0 || s < 0 || s >= len) continue;
    let a = s;
    let b = Math.min(len, s + l);
    if (a > 0 && isHigh(text.charCodeAt(a - 1))) a--;
    if (b < len && b > 0 && isHigh(text.charCodeAt(b - 1))) b++;
    spans.push([a, b]);
  }
  spans.sort((p, q) => p[0] - q[0] || q[1] - p[1]);
  const out: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a < last[1]) {
      if (b > last[1]) last[1] = b; // overlapping matches become one mark
      continue;
    }
    out.push([a, b]);
    if (out.length >= MAX_HIGHLIGHTS) break;
  }
  return out;
}

/** The snippet as escaped text with <mark> around each highlight. */
export function highlightSnippet(snippet: string, highlights: readonly EvidenceHighlight[] | undefined): SafeHtml {
  const full = typeof snippet === 'string' ? snippet : String(snippet ?? '');
  const text = cutText(full, MAX_SNIPPET);
  const spans = cleanHighlights(text, highlights);
  const parts: (string | SafeHtml)[] = [];
  let pos = 0;
  for (const [a, b] of spans) {
    if (a > pos) parts.push(text.slice(pos, a));
    parts.push(html`<mark>${text.slice(a, b)}</mark>`);
    pos = b;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  if (text.length < full.length) parts.push('\u2026');
  return html`${parts}`;
}

function field(v: unknown): string {
  return typeof v === 'string' ? cutText(v, MAX_FIELD) : '';
}

/** "hn:47976903": what `techdemand explain` accepts. */
function postingRef(ex: EvidenceExample): string {
  const source = field(ex.source);
  const id = field(String(ex.postingId ?? ''));
  return source ? `${source}:${id}` : id;
}

function example(ex: EvidenceExample): SafeHtml {
  const href = safeHttpUrl(ex.url);
  const rawUrl = field(ex.url);
  const company = field(ex.company);
  const title = field(ex.title);
  const meta: SafeHtml[] = [];
  meta.push(html`<bdi class="ev-company">${company || 'Unknown company'}</bdi>`);
  if (title) meta.push(html`<bdi class="ev-title">${title}</bdi>`);
  meta.push(html`<span>${fmtMonth(field(ex.month))}</span>`);
  // The id as `techdemand explain` takes it: source:externalId (hn:47976903).
  meta.push(html`<span class="ev-id" title="techdemand explain ${postingRef(ex)}">${postingRef(ex)}</span>`);
  const link = href
    ? html`<a class="ev-orig" href="${href}" rel="noopener noreferrer nofollow ugc" target="_blank">Original ad<span aria-hidden="true"> \u2197</span></a>`
    : rawUrl
      ? html`<span class="ev-badurl" title="Not an http(s) link, shown as text">${rawUrl}</span>`
      : html``;
  return html`<li class="ev-item"><p class="ev-meta">${meta.map((m, i) => html`${i ? html`<span class="sep" aria-hidden="true"> \u00B7 </span>` : ''}${m}`)}</p><blockquote class="ev-snippet" dir="auto">${highlightSnippet(ex.snippet, ex.highlights)}</blockquote>${link ? html`<p class="ev-link">${link}</p>` : ''}</li>`;
}

export function renderEvidence(ctx: RenderContext): SafeHtml {
  const ev = ctx.data.evidence;
  if (!ev || ctx.withEvidence.size === 0) return html``;
  // Technologies in the order the report first names them, then any others alphabetically.
  const order = [...ctx.techNames.keys()].filter((t) => ctx.withEvidence.has(t));
  const rest = [...ctx.withEvidence].filter((t) => !ctx.techNames.has(t)).sort();
  const techs = [...order, ...rest];
  return html`<section class="section" id="evidence" aria-labelledby="evidence-h">
${sectionHead('evidence-h', 'Evidence', 'The ads behind the numbers')}
<p class="lede">Example ads for each technology, with the words the tagger matched highlighted. Click any technology name in the report to open its examples, or open the list below (kept closed so that keyboard users need not step through every example). Ads are quoted as their authors wrote them.</p>
<details class="ev-group"><summary>All example ads, by technology (${plural(techs.length, 'technology', 'technologies')})</summary><div class="ev-all">${techs.map((tech) => {
    const list = (Object.prototype.hasOwnProperty.call(ev, tech) ? ev[tech]! : []).slice(0, MAX_EXAMPLES);
    return html`<details class="ev" id="${domId('ev', tech)}"><summary><span class="ev-name">${techName(ctx, tech)}</span> <small>${plural(list.length, 'example')}</small></summary><ol class="ev-list">${list.map(example)}</ol></details>`;
  })}</div></details>
</section>
<dialog id="ev-dialog" class="ev-dialog" aria-labelledby="ev-dialog-title"><div class="dlg-head"><h2 id="ev-dialog-title">Example ads</h2><button type="button" class="dlg-close" id="ev-dialog-close" aria-label="Close">\u00D7</button></div><div class="dlg-body" id="ev-dialog-body"></div></dialog>`;
}
