// renderReportIndex(entries) → an HTML page listing past reports, newest first. Same safety rules as the report:
// escaped text, a CSP with no script at all, and links only to plain relative file names beside the index
// (anything with a scheme, a slash, ".." or a leading dot is listed as text, not linked).

import { html } from './html.js';
import { fmtInt, fmtTime } from './format.js';
import { renderPage } from './page.js';
import { REPORT_CSS } from './styles.js';

export interface ReportIndexEntry {
  /** File name of the report, relative to the index, e.g. "2026-05-05.html". */
  file: string;
  title: string;
  generatedAt: string;
  /** Unique postings in the report. */
  postings: number;
}

const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9._ -]{0,200}\.html?$/;

/** The href for a report file, or null when it is not a plain file name in the same folder. */
export function indexHref(file: string): string | null {
  if (typeof file !== 'string' || !SAFE_FILE.test(file) || file.includes('..')) return null;
  return `./${encodeURIComponent(file)}`;
}

const INDEX_CSS = `${REPORT_CSS}
.idx{list-style:none;padding:0;margin:1.5rem 0;max-width:52rem}
.idx li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.2rem 1rem;padding:.8rem 0;border-bottom:1px solid var(--rule)}
.idx a{font:700 1.1rem/1.3 var(--serif)}
.idx .meta{grid-column:1/-1;font-size:.82rem;color:var(--muted)}
.idx .n{font-size:.9rem;white-space:nowrap}
`;

export function renderReportIndex(entries: readonly ReportIndexEntry[]): string {
  const sorted = [...(Array.isArray(entries) ? entries : [])].sort((a, b) => {
    const ta = Date.parse(String(a?.generatedAt));
    const tb = Date.parse(String(b?.generatedAt));
    return (Number.isNaN(tb) ? 0 : tb) - (Number.isNaN(ta) ? 0 : ta);
  });
  const body = html`<div class="wrap">
<header class="masthead"><p class="kicker">techdemand</p><h1>Reports<span class="h1-period">${fmtInt(sorted.length)} ${sorted.length === 1 ? 'report' : 'reports'}, newest first</span></h1></header>
${sorted.length
    ? html`<ol class="idx">${sorted.map((e) => {
        const href = indexHref(e.file);
        const title = String(e.title ?? '') || String(e.file ?? '');
        return html`<li>${href ? html`<a href="${href}">${title}</a>` : html`<span>${title} <small>(file name not linkable: ${String(e.file ?? '')})</small></span>`}<span class="n">${fmtInt(e.postings)} ads</span><span class="meta">Generated ${fmtTime(e.generatedAt)} \u00B7 ${String(e.file ?? '')}</span></li>`;
      })}</ol>`
    : html`<p class="empty">No reports yet.</p>`}
</div>`;
  return renderPage({ title: 'techdemand reports', css: INDEX_CSS, body });
}
