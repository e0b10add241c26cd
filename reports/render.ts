// renderReport(data) → one self-contained HTML document: inline CSS, inline SVG charts, one inline script, no
// request of any kind (the CSP says default-src 'none'). Pure: the same data gives the same bytes.

import { InputError } from '../src/core/errors.js';
import { html, type SafeHtml } from './html.js';
import { fmtPeriod, fmtTime } from './format.js';
import { buildContext } from './context.js';
import { renderPage } from './page.js';
import { REPORT_CSS } from './styles.js';
import { CLIENT_SCRIPT } from './client.js';
import { renderHeadline } from './sections/headline.js';
import { renderDemand } from './sections/demand.js';
import { renderTrends } from './sections/trends.js';
import { renderMovers } from './sections/movers.js';
import { renderStacks } from './sections/stacks.js';
import { renderLearner } from './sections/learner.js';
import { renderEvidence } from './sections/evidence.js';
import { renderQuality } from './sections/quality.js';
import type { ReportData } from '../src/core/report-data.js';

/** Throws InputError naming the first missing required field: the renderer's input may come from a JSON file. */
export function checkReportData(data: unknown): asserts data is ReportData {
  const fail = (what: string): never => {
    throw new InputError(`report data: ${what}`);
  };
  if (typeof data !== 'object' || data === null) fail('not an object');
  const d = data as Record<string, any>;
  if (typeof d.generatedAt !== 'string') fail('generatedAt must be an ISO timestamp string');
  if (typeof d.period !== 'object' || d.period === null) fail('period {from, to} is missing');
  if (typeof d.period.from !== 'string' || typeof d.period.to !== 'string') fail('period.from and period.to must be "YYYY-MM" strings');
  if (typeof d.totals !== 'object' || d.totals === null || typeof d.totals.postings !== 'number') fail('totals.postings must be a number');
  if (!Array.isArray(d.totals.sources)) fail('totals.sources must be an array of source names');
  if (typeof d.taxonomyVersion !== 'string') fail('taxonomyVersion must be a string');
  if (typeof d.headline !== 'object' || d.headline === null || !Array.isArray(d.headline.top)) fail('headline.top must be an array');
  if (!Array.isArray(d.demand)) fail('demand must be an array of categories');
  d.demand.forEach((c: any, i: number) => {
    if (typeof c !== 'object' || c === null || !Array.isArray(c.rows)) fail(`demand[${i}].rows must be an array`);
  });
  if (d.trends !== undefined && !Array.isArray(d.trends)) fail('trends must be an array when present');
  if (d.evidence !== undefined && (typeof d.evidence !== 'object' || d.evidence === null || Array.isArray(d.evidence))) {
    fail('evidence must be an object keyed by technology id when present');
  }
}

function nav(links: readonly [string, string][]): SafeHtml {
  return html`<nav class="toc" aria-label="Sections">${links.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>`;
}

export function renderReport(data: ReportData): string {
  checkReportData(data);
  const ctx = buildContext(data);
  const trends = renderTrends(ctx);
  const sections: [string, string, SafeHtml][] = [
    ['demand', 'Demand', renderDemand(ctx)],
    ['trends', 'Trends', trends.markup],
    ['movers', 'Movers', renderMovers(ctx)],
    ['stacks', 'Stacks', renderStacks(ctx)],
    ['learner', 'Your profile', renderLearner(ctx)],
    ['evidence', 'Evidence', renderEvidence(ctx)],
    ['about', 'About the data', renderQuality(ctx)],
  ];
  const present = sections.filter(([, , m]) => m.html.trim() !== '');
  const period = fmtPeriod(data.period.from, data.period.to);
  const title = `${data.title || 'Tech demand in job ads'}, ${period}`;
  const body = html`<a class="skip-link" href="#main">Skip to the report</a>
<div class="wrap">
${renderHeadline(ctx)}
${nav(present.map(([id, label]) => [id, label]))}
<main id="main" tabindex="-1">
${present.map(([, , m]) => m)}
</main>
<footer class="foot"><p>Generated ${fmtTime(data.generatedAt)} by techdemand${data.toolVersion ? ` ${data.toolVersion}` : ''}. This file is self-contained: it loads nothing from the network.</p></footer>
</div>`;
  return renderPage({
    title,
    description: `Which technologies job ads asked for, ${period}.`,
    css: REPORT_CSS,
    body,
    data: { schemaVersion: 1, period: data.period, compare: trends.client },
    script: CLIENT_SCRIPT,
  });
}
