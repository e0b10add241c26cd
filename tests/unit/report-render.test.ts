// renderReport on a ReportData built from real HN ads (January–May 2026): sections, numbers, self-containment,
// the CSP and its hashes, and that hostile input (ads, names, URLs, messages) ends up as text only.

import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { renderReport, checkReportData } from '../../reports/render.js';
import { fmtInt, fmtPct, fmtPp } from '../../reports/format.js';
import { leadSentence } from '../../reports/sections/headline.js';
import { InputError } from '../../src/core/errors.js';
import { buildFixture, PWNED_PAYLOADS, type Fixture } from '../fixtures/report-fixture.js';
import type { ReportData } from '../../src/core/report-data.js';

let real: Fixture;
let hostile: Fixture;
let realHtml: string;
let hostileHtml: string;

beforeAll(() => {
  real = buildFixture();
  hostile = buildFixture({ hostile: true });
  realHtml = renderReport(real.data);
  hostileHtml = renderReport(hostile.data);
}, 120_000);

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('renderReport: content from real ads', () => {
  it('has every section, in order, with a navigation entry each', () => {
    const $ = cheerio.load(realHtml);
    const ids = $('main > section.section').map((_, e) => $(e).attr('id')).get();
    expect(ids).toEqual(['demand', 'trends', 'movers', 'stacks', 'learner', 'evidence', 'about']);
    expect($('nav.toc a').map((_, e) => $(e).attr('href')).get()).toEqual(ids.map((id) => `#${id}`));
    expect($('#headline').length).toBe(1);
    expect($('h1').text()).toContain('January–May 2026');
  });

  it('shows the headline figures computed from the corpus', () => {
    const $ = cheerio.load(realHtml);
    const d = real.data;
    const kpis = $('.kpis').text();
    expect(kpis).toContain(fmtInt(d.totals.postings));
    expect(kpis).toContain(`of ${fmtInt(d.totals.rawPostings)} fetched`);
    expect(kpis).toContain('hn-whoishiring, hn-jobstory');
    const top = d.headline.top[0]!;
    // In this corpus the top three are statistically tied: the sentence must say so rather than crown one.
    expect($('.dek').text()).toContain(`In ads for backend roles, ${top.name} (${fmtPct(top.share)}), `);
    expect($('.dek').text()).toContain('their 95% intervals overlap');
    const firstBar = $('#headline .bar-row').first();
    expect(firstBar.find('.bar-label').text()).toBe(top.name);
    expect(firstBar.find('.bar-value b').text()).toBe(fmtPct(top.share));
    // The corpus really has these: sanity that the fixture is not degenerate.
    expect(d.totals.postings).toBeGreaterThan(1000);
    expect(top.count).toBeGreaterThan(100);
  });

  it('draws one bar per demand row with its interval and count, bar widths in proportion', () => {
    const $ = cheerio.load(realHtml);
    for (const c of real.data.demand) {
      const panel = $(`#demand .panel[aria-label="${c.name}"]`);
      expect(panel.length, c.name).toBe(1);
      const rows = panel.find('.bar-row');
      expect(rows.length).toBe(c.rows.length);
      c.rows.forEach((r, i) => {
        const row = rows.eq(i);
        expect(row.find('.bar-label').text()).toContain(r.name);
        expect(row.find('.bar-value b').text()).toBe(fmtPct(r.share));
        expect(row.find('.bar-value small').text()).toContain(`${fmtInt(r.count)} ads`);
        expect(row.find('line.ci').length).toBe(3);
      });
    }
    // Python's bar is longer than Kafka's, in the same units (all panels share one scale).
    const width = (name: string) => parseFloat($('#demand .bar-row').filter((_, e) => $(e).find('.bar-label').text() === name).find('rect.bar').attr('width')!);
    const py = real.data.demand[0]!.rows.find((r) => r.tech === 'python')!;
    const kafka = real.data.demand.find((c) => c.id === 'messaging')!.rows.find((r) => r.tech === 'kafka')!;
    expect(width('Python') / width('Kafka')).toBeCloseTo(py.share / kafka.share, 1);
  });

  it('flags small counts with a footnote', () => {
    const $ = cheerio.load(realHtml);
    const flagged = real.data.demand.flatMap((c) => c.rows.filter((r) => r.flagged));
    expect(flagged.length).toBeGreaterThan(0);
    expect($('#demand .bar-row.is-flagged').length).toBe(flagged.length);
    expect($('#demand .footnotes').text()).toContain(`${flagged[0]!.name}: fewer than 10 ads`);
  });

  it('draws the trends: every series in the comparison chart, three shown, partial months dashed', () => {
    const $ = cheerio.load(realHtml);
    const series = real.data.trends!;
    expect($('#cmp-scale > g.series').length).toBe(series.length);
    expect($('#cmp-scale > g.series:not(.is-off)').map((_, e) => $(e).attr('data-tech')).get()).toEqual(series.slice(0, 3).map((s) => s.tech));
    expect($('#cmp-chooser input[type=checkbox]').length).toBe(series.length);
    expect($('#cmp-chooser input:checked').length).toBe(3);
    expect($('.sm').length).toBe(Math.min(16, series.length)); // the leaders only; the chooser holds the rest
    expect($('.sm .line-partial').length).toBe(Math.min(16, series.length));
    expect($('.sm .dot-partial').length).toBe(Math.min(16, series.length));
    expect($('#trends .lede').text()).toContain('May 2026 is not complete yet');
    // The small multiple states the latest complete month's share.
    const py = series.find((s) => s.tech === 'python')!;
    const apr = py.points.find((p) => p.month === '2026-04')!;
    const sm = $('.sm').filter((_, e) => $(e).find('.sm-name').text() === 'Python');
    expect(sm.find('.sm-val b').text()).toBe(fmtPct(apr.share));
    // Every value is in the table behind the charts.
    const table = $('#trends details.table-wrap table');
    expect(table.find('tbody tr').length).toBe(series.length);
    expect(table.find('thead').text()).toContain('May 2026 (partial)');
  });

  it('embeds the comparison data as JSON the client can parse', () => {
    const $ = cheerio.load(realHtml);
    const data = JSON.parse($('script#report-data').text());
    expect(data.compare.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(data.compare.series.length).toBe(real.data.trends!.length);
    const s0 = data.compare.series[0];
    expect(s0.values[0][0]).toBeCloseTo(real.data.trends![0]!.points[0]!.share, 4);
    expect(s0.values[4][3]).toBe(1);
  });

  it('shows movers with effect sizes, intervals and significance', () => {
    const $ = cheerio.load(realHtml);
    const mv = real.data.movers!;
    const text = $('#movers').text();
    for (const m of [...mv.rising, ...mv.falling]) expect(text).toContain(fmtPp(m.deltaPp));
    expect($('#movers .bar-row').length).toBe(mv.rising.length + mv.falling.length);
    expect($('#movers .bar-row.is-ns').length).toBe([...mv.rising, ...mv.falling].filter((m) => !m.significant).length);
    expect($('#movers h2').text()).toContain('April–May 2026 against January–February 2026');
  });

  it('shows stacks, companions and the co-occurrence matrix', () => {
    const $ = cheerio.load(realHtml);
    const co = real.data.cooccurrence!;
    expect($('.matrix tbody tr').length).toBe(co.techs.length);
    expect($('.matrix td').length).toBe(co.techs.length ** 2);
    // One cell checked by hand: P(b | a) for the first pair.
    const p = co.pairs[0]!;
    const a = co.techs.findIndex((t) => t.tech === p.a);
    const b = co.techs.findIndex((t) => t.tech === p.b);
    const cell = $('.matrix tbody tr').eq(a).find('td').eq(b).text();
    expect(cell).toBe(String(Math.round((p.count / co.techs[a]!.count) * 100)));
    expect($('#stacks .bar-row').first().text()).toContain(fmtInt(real.data.stacks![0]!.count));
  });

  it('shows the learner: coverage, next steps with the coverage each unlocks, the order', () => {
    const $ = cheerio.load(realHtml);
    const L = real.data.learner!;
    expect($('.cov-figure').text()).toBe(fmtPct(L.coverage));
    expect($('#next-h').parent().find('.bar-row').length).toBe(L.nextSteps.length);
    expect($('#next-h').parent().find('.bar-value b').first().text()).toBe(fmtPct(L.nextSteps[0]!.coverageAfter));
    expect($('#order-h').parent().find('.step-no').map((_, e) => $(e).text()).get()).toEqual(L.learningOrder.map((_, i) => String(i + 1)));
    expect($('.callout').text()).toContain(`Learning ${L.nextSteps[0]!.name} next`);
  });

  it('lists evidence with highlighted matches and http(s) links to the originals', () => {
    const $ = cheerio.load(realHtml);
    const ev = real.data.evidence!;
    expect($('details.ev').length).toBe(Object.keys(ev).length);
    const first = ev.postgresql![0]!;
    const item = $('#ev-postgresql .ev-item').first();
    expect(item.find('mark').length).toBe(first.highlights.length);
    for (const [i, h] of first.highlights.entries()) {
      expect(item.find('mark').eq(i).text()).toBe(first.snippet.slice(h.start, h.start + h.length));
    }
    expect(item.find('.ev-snippet').text()).toBe(first.snippet);
    expect(item.find('a.ev-orig').attr('href')).toBe(first.url);
    expect(item.find('a.ev-orig').attr('rel')).toContain('noreferrer');
    // Technology names elsewhere link to their evidence.
    expect($('#demand a.tech-link[data-ev="ev-postgresql"]').attr('href')).toBe('#ev-postgresql');
  });

  it('reports changes and data quality', () => {
    const $ = cheerio.load(realHtml);
    const q = real.data.quality!;
    const text = $('#about').text();
    expect(text).toContain(`${fmtInt(q.dedup!.raw)} ads fetched, ${fmtInt(q.dedup!.unique)} unique`);
    expect(text).toContain(fmtPct(q.untagged!.share));
    expect(text).toContain(real.data.taxonomyVersion);
    expect(text).toContain(`${fmtInt(real.data.changes!.newPostings)} new ads`);
    expect($('table.sources tbody tr').length).toBe(q.sources.length);
    for (const n of real.data.methodNotes!) expect(text).toContain(n);
  });
});

describe('leadSentence', () => {
  const t = (name: string, share: number, low: number, high: number) => ({ tech: name.toLowerCase(), name, count: 1, total: 1, share, low, high });
  it('crowns a leader only when its interval clears the others', () => {
    expect(leadSentence([t('Python', 0.4, 0.37, 0.43), t('Go', 0.2, 0.18, 0.22), t('Rust', 0.1, 0.08, 0.12)], 1000, 'backend roles')).toBe(
      'In ads for backend roles, Python was the most requested technology: 40% of them asked for it (95% interval 37–43%), ahead of Go (20%) and Rust (10%).',
    );
    expect(leadSentence([t('Python', 0.4, 0.37, 0.43), t('Go', 0.38, 0.35, 0.41), t('Rust', 0.1, 0.08, 0.12)], 1000, 'backend roles')).toBe(
      'In ads for backend roles, Python (40%) and Go (38%) were the most requested technologies; their 95% intervals overlap, so their order is not certain.',
    );
    expect(leadSentence([], 12, 'x')).toBe('No technology was recognised in the 12 ads of this period.');
  });
});

describe('renderReport: self-contained and locked down', () => {
  it('loads nothing: no src attributes, no external links or stylesheets, no url() or @import in CSS', () => {
    const $ = cheerio.load(realHtml);
    expect($('[src]').length).toBe(0);
    expect($('link').map((_, e) => $(e).attr('href')).get()).toEqual(['data:,']);
    const css = $('style').text();
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    expect($('[style]').length).toBe(0);
    // Only anchors point anywhere: in-page fragments or evidence links to the originals.
    for (const href of $('a[href]').map((_, e) => $(e).attr('href')).get()) expect(href).toMatch(/^(#|https?:\/\/)/);
    expect($('a[href^="http"]').length).toBe($('a.ev-orig').length);
  });

  it('has a strict CSP whose hashes match the one style and the one script', () => {
    const $ = cheerio.load(realHtml);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['img-src']).toEqual(['data:']);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe');
    const styles = $('style');
    expect(styles.length).toBe(1);
    expect(directives['style-src']).toEqual([sha(styles.text())]);
    const scripts = $('script:not([type="application/json"])');
    expect(scripts.length).toBe(1);
    expect(directives['script-src']).toEqual([sha(scripts.text())]);
    // The CSP is the first thing after the charset, before any style or script.
    expect(realHtml.indexOf('Content-Security-Policy')).toBeLessThan(realHtml.indexOf('<style>'));
  });

  it('is deterministic, and a typical report stays small', () => {
    expect(renderReport(real.data)).toBe(realHtml);
    const bytes = Buffer.byteLength(realHtml);
    expect(bytes).toBeLessThan(600_000);
    expect(bytes).toBeGreaterThan(50_000);
  });
});

describe('renderReport: hostile input', () => {
  // Attribute payloads ("onerror=" inside a quoted, escaped value) are harmless text; the parser-based test below
  // proves no element carries an on* attribute.
  it('never emits an attacker payload as markup', () => {
    for (const [name, p] of Object.entries(PWNED_PAYLOADS)) {
      if (!/[<>"']/.test(p)) continue;
      expect(hostileHtml.includes(p), name).toBe(false);
    }
    const found = /<script>window|<img|<iframe|<svg onload|<meta http-equiv="refresh|href="(javascript:|vbscript:|data:text)/i.exec(hostileHtml);
    expect(found && hostileHtml.slice(Math.max(0, found.index - 80), found.index + 80)).toBeNull();
  });

  it('parses to exactly our elements: two scripts, one style, no handlers, no foreign tags, safe links', () => {
    const $ = cheerio.load(hostileHtml);
    expect($('script').length).toBe(2);
    expect($('style').length).toBe(1);
    expect($('img, iframe, object, embed, base, form').length).toBe(0);
    expect($('meta').map((_, e) => $(e).attr('name') ?? $(e).attr('http-equiv') ?? 'charset').get().sort()).toEqual(
      ['Content-Security-Policy', 'charset', 'color-scheme', 'description', 'referrer', 'viewport'],
    );
    $('*').each((_, e) => {
      for (const a of Object.keys((e as { attribs?: Record<string, string> }).attribs ?? {})) expect(a).not.toMatch(/^on/i);
    });
    for (const href of $('a[href]').map((_, e) => $(e).attr('href')).get()) expect(href).toMatch(/^(#|https?:\/\/)/);
  });

  it('shows hostile text as text, and non-http links as text', () => {
    const $ = cheerio.load(hostileHtml);
    const item = $('#ev-python .ev-item').first();
    const snippet = hostile.data.evidence!.python![0]!.snippet;
    expect(item.find('.ev-snippet').text()).toBe(snippet.replace(/\u202E/g, ''));
    expect(item.find('a').length).toBe(0);
    expect(item.find('.ev-badurl').text()).toBe(PWNED_PAYLOADS.js);
    // Overlapping and out-of-range highlights were clipped, not trusted.
    expect(item.find('mark').map((_, e) => $(e).text()).get()).toEqual(['Python', 'Postgres']);
    // data:, vbscript: and protocol-relative URLs are text too.
    const evil = $('details.ev').last();
    expect(evil.find('a').length).toBe(0);
    expect(evil.find('.ev-badurl').map((_, e) => $(e).text()).get()).toEqual([
      'data:text/html,<script>parent.__pwned=1</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
    ]);
    expect($('title').text()).toContain(PWNED_PAYLOADS.script);
    expect($('#quality .msg').last().text()).toContain(PWNED_PAYLOADS.closeScript);
  });

  it('keeps the JSON block intact and exact despite </script> in names', () => {
    const $ = cheerio.load(hostileHtml);
    const data = JSON.parse($('script#report-data').text());
    const evil = data.compare.series.find((s: { tech: string }) => s.tech.includes('__pwned'));
    expect(evil.tech).toBe(`x"><script>window.__pwned="id"</script>`);
    expect(evil.name).toContain(PWNED_PAYLOADS.script);
    const script = $('script:not([type])').text();
    expect(script).toContain("'use strict'");
  });

  it('hostile ids become safe DOM ids that still link to their evidence', () => {
    const $ = cheerio.load(hostileHtml);
    const link = $('#demand a.tech-link').filter((_, e) => $(e).text().includes('Evil')).first();
    const id = link.attr('data-ev')!;
    expect(id).toMatch(/^ev-[a-z0-9_-]+$/);
    expect($(`#${id}`).is('details.ev')).toBe(true);
  });
});

describe('renderReport: optional sections and bad input', () => {
  it('renders headline and demand alone, with no trends data for the client', () => {
    const minimal = buildFixture({ minimal: true }).data;
    const out = renderReport(minimal);
    const $ = cheerio.load(out);
    expect($('main > section.section').map((_, e) => $(e).attr('id')).get()).toEqual(['demand', 'about']);
    expect($('#cmp').length).toBe(0);
    expect($('#ev-dialog').length).toBe(0);
    expect(JSON.parse($('script#report-data').text()).compare).toBeNull();
    expect($('.tech-link').length).toBe(0);
  });

  it('survives empty lists, NaN numbers, and bad months without throwing or printing NaN', () => {
    const d: ReportData = {
      schemaVersion: 1,
      generatedAt: 'not a date',
      period: { from: 'junk', to: '2026-13' },
      totals: { postings: 0, sources: [] },
      taxonomyVersion: 'v',
      headline: { scope: 'backend roles', top: [] },
      demand: [{ id: 'x', name: 'X', rows: [{ tech: 't', name: 'T', count: NaN, total: 0, share: NaN, low: NaN, high: NaN, flagged: false }] }],
      trends: [{ tech: 't', name: 'T', points: [{ month: '2026-01', count: 0, total: 0, share: 0, low: 0, high: 0, partial: false }] }],
      evidence: { t: [{ postingId: '1', url: null, company: null, month: 'x', snippet: '', highlights: [{ start: 0, length: 5 }] }] },
    };
    const out = renderReport(d);
    expect(out).not.toMatch(/NaN|undefined|Infinity/);
    expect(out).toContain('No technology was recognised');
  });

  it('rejects data without its required parts with a one-line InputError', () => {
    const good = buildFixture({ minimal: true }).data;
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...good, generatedAt: undefined }, /generatedAt/],
      [{ ...good, period: { from: '2026-01' } }, /period/],
      [{ ...good, totals: { sources: [] } }, /totals.postings/],
      [{ ...good, headline: {} }, /headline.top/],
      [{ ...good, demand: [{ id: 'x' }] }, /demand\[0\].rows/],
      [{ ...good, evidence: [] }, /evidence/],
    ];
    for (const [data, re] of cases) {
      expect(() => checkReportData(data)).toThrow(InputError);
      expect(() => renderReport(data as ReportData)).toThrow(re);
    }
  });
});
