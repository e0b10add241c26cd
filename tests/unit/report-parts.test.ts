// The report's smaller parts: number formatting, evidence highlighting, chart helpers, the index page and the
// atomic writer.

import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as cheerio from 'cheerio';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtInt, fmtMonth, fmtP, fmtPct, fmtPeriod, fmtPp, fmtPpRange, fmtRange, fmtTick, fmtTime } from '../../reports/format.js';
import { cleanHighlights, cutText, highlightSnippet } from '../../reports/sections/evidence.js';
import { niceMax, monthsOf } from '../../reports/sections/trends.js';
import { alignPoints, labelledMonths, monthScale, seriesPaths, smallMultipleScale } from '../../reports/charts/line-chart.js';
import { shareScale } from '../../reports/charts/share-bars.js';
import { renderReportIndex, indexHref } from '../../reports/index.js';
import { writeReportAtomic } from '../../reports/write.js';
import { TechdemandError } from '../../src/core/errors.js';
import { scaleLinear } from 'd3-scale';

describe('format', () => {
  it('prints shares with one decimal below 10 % and none above, never "10.0%"', () => {
    expect(fmtPct(0.3142)).toBe('31%');
    expect(fmtPct(0.0431)).toBe('4.3%');
    expect(fmtPct(0.0999)).toBe('10%');
    expect(fmtPct(0.09949)).toBe('9.9%');
    expect(fmtPct(0)).toBe('0.0%');
    expect(fmtPct(-0.00001)).toBe('0.0%');
    expect(fmtPct(NaN)).toBe('–');
    expect(fmtPct('0.5' as unknown as number)).toBe('–');
  });

  it('prints intervals, percentage points and p-values the way readers expect', () => {
    expect(fmtRange(0.2912, 0.3341)).toBe('29–33%');
    expect(fmtRange(0.055, 0.082)).toBe('5.5–8.2%');
    expect(fmtPp(3.21)).toBe('+3.2 pp');
    expect(fmtPp(-1.25)).toBe('−1.3 pp');
    expect(fmtPp(-0.01)).toBe('0.0 pp');
    expect(fmtPpRange(-6.31, -0.12)).toBe('−6.3 to −0.1 pp');
    expect(fmtP(0.0004)).toBe('p < 0.001');
    expect(fmtP(0.0312)).toBe('p = 0.03');
    expect(fmtP(0.0051)).toBe('p = 0.005');
    expect(fmtTick(0.025)).toBe('2.5%');
    expect(fmtTick(0.3)).toBe('30%');
  });

  it('prints counts, months, periods and times in fixed en-US style', () => {
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtMonth('2026-03')).toBe('Mar 2026');
    expect(fmtMonth('<b>')).toBe('<b>');
    expect(fmtPeriod('2026-01', '2026-05')).toBe('January–May 2026');
    expect(fmtPeriod('2025-11', '2026-02')).toBe('Nov 2025–Feb 2026');
    expect(fmtPeriod('2026-04', '2026-04')).toBe('April 2026');
    expect(fmtTime('2026-05-05T14:03:09Z')).toBe('5 May 2026, 14:03 UTC');
    expect(fmtTime('2026-05-05')).toBe('5 May 2026');
    expect(fmtTime(null)).toBe('–');
  });
});

describe('evidence highlighting', () => {
  it('marks exactly the given spans and escapes everything', () => {
    const out = highlightSnippet('We use <Postgres> & Go', [{ start: 8, length: 8 }, { start: 20, length: 2 }]).html;
    expect(out).toBe('We use &lt;<mark>Postgres</mark>&gt; &amp; <mark>Go</mark>');
  });

  it('merges overlaps, drops out-of-range and malformed spans, never splits a surrogate pair', () => {
    expect(cleanHighlights('abcdefghij', [{ start: 2, length: 3 }, { start: 4, length: 3 }, { start: -1, length: 2 }, { start: 50, length: 1 }, { start: 1.5, length: 2 }, { start: 0, length: 0 }])).toEqual([[2, 7]]);
    expect(cleanHighlights('ab', [{ start: 1, length: 99 }])).toEqual([[1, 2]]);
    const emoji = 'x\uD83D\uDE00y';
    expect(cleanHighlights(emoji, [{ start: 2, length: 1 }])).toEqual([[1, 3]]);
    expect(cutText(emoji, 2)).toBe('x');
  });

  it('always reproduces the snippet text exactly (cut at 1,200 characters)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.record({ start: fc.integer({ min: -5, max: 320 }), length: fc.integer({ min: -2, max: 40 }) }), { maxLength: 8 }),
        (text, hs) => {
          const $ = cheerio.load(`<p id="t">${highlightSnippet(text, hs).html}</p>`);
          expect($('#t').text()).toBe(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD').replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/\r\n?/g, '\n'));
          expect($('#t mark mark').length).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
    const long = 'a'.repeat(2000);
    expect(highlightSnippet(long, []).html).toBe(`${'a'.repeat(1200)}\u2026`);
  });
});

describe('chart helpers (d3-scale / d3-shape)', () => {
  it('share scales are nice, start at zero and clamp', () => {
    const x = shareScale(0.27);
    expect(x.domain()).toEqual([0, 0.3]);
    expect(x(0.15)).toBeCloseTo(50);
    expect(x(2)).toBe(100);
  });

  it('small-multiple y scales end on a labelled tick above the data', () => {
    for (const max of [0.013, 0.045, 0.27, 0.61, 0.999]) {
      const y = smallMultipleScale(max);
      const top = y.domain()[1]!;
      expect(top).toBeGreaterThanOrEqual(max);
      expect(y.ticks(3).some((t) => Math.abs(t - top) < 1e-9)).toBe(true);
    }
  });

  it('niceMax picks readable maxima', () => {
    expect([0.004, 0.013, 0.033, 0.05, 0.27, 0.61, 0.95].map(niceMax)).toEqual([0.004, 0.02, 0.04, 0.06, 0.4, 0.8, 1]);
    expect(niceMax(0)).toBe(0.01);
  });

  it('paths: gaps for missing months, a dashed path through partial months, a solid one without them', () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
    const p = (month: string, share: number, partial = false) => ({ month, share, low: share - 0.01, high: share + 0.01, count: 1, total: 10, partial });
    const pts = alignPoints([p('2026-01', 0.1), p('2026-02', 0.2), p('2026-04', 0.3, true)], months);
    expect(pts[2]).toBeUndefined();
    const paths = seriesPaths(pts, monthScale(months), scaleLinear().domain([0, 0.5]).range([1000, 0]));
    expect(paths.solid).toBe('M0,800L333.3,600');
    expect(paths.dashed).toBe('M0,800L333.3,600M1000,400Z');
    expect(paths.partialDots).toBe('M1000.0,400.0h0');
    expect(paths.lastDot).toBe('M333.3,600.0h0');
    expect(paths.band.startsWith('M0,780')).toBe(true);
  });

  it('labels evenly spaced months, always the last one', () => {
    const months = monthsOf('2025-01', '2026-05', []);
    expect(months.length).toBe(17);
    const shown = labelledMonths(months, 7);
    expect(shown.length).toBeLessThanOrEqual(7);
    expect(shown[shown.length - 1]).toBe('2026-05');
    expect(monthsOf('bad', 'worse', [{ tech: 't', name: 'T', points: [{ month: '2026-02', count: 1, total: 1, share: 1, low: 0, high: 1, partial: false }] }])).toEqual(['2026-02']);
  });
});

describe('renderReportIndex', () => {
  it('lists reports newest first with escaped titles and counts', () => {
    const out = renderReportIndex([
      { file: '2026-04-01.html', title: 'April <b>report</b>', generatedAt: '2026-04-01T06:00:00Z', postings: 967 },
      { file: '2026-05-05.html', title: 'May report', generatedAt: '2026-05-05T12:00:00Z', postings: 1570 },
    ]);
    const $ = cheerio.load(out);
    expect($('.idx a').map((_, e) => $(e).attr('href')).get()).toEqual(['./2026-05-05.html', './2026-04-01.html']);
    expect($('.idx a').eq(1).text()).toBe('April <b>report</b>');
    expect($('.idx b').length).toBe(0);
    expect($('.idx').text()).toContain('1,570 ads');
  });

  it('links only plain file names beside the index, and allows no script at all', () => {
    for (const bad of ['javascript:alert(1)', '../secret.html', '/etc/passwd.html', 'sub/x.html', '.hidden.html', 'x.html?a', 'https://evil.example/x.html']) {
      expect(indexHref(bad), bad).toBeNull();
    }
    expect(indexHref('report 2026.html')).toBe('./report%202026.html');
    const out = renderReportIndex([{ file: 'javascript:alert(1)', title: '<script>x</script>', generatedAt: 'x', postings: 1 }]);
    const $ = cheerio.load(out);
    expect($('a').length).toBe(0);
    expect($('script').length).toBe(0);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content')!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update($('style').text(), 'utf8').digest('base64')}'`);
    expect(renderReportIndex([])).toContain('No reports yet.');
  });
});

describe('writeReportAtomic', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the folder, writes the file and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'techdemand-write-'));
    dirs.push(dir);
    const target = join(dir, 'a', 'b', 'report.html');
    writeReportAtomic(target, '<p>one ✓</p>');
    expect(readFileSync(target, 'utf8')).toBe('<p>one ✓</p>');
    writeReportAtomic(target, '<p>two</p>');
    expect(readFileSync(target, 'utf8')).toBe('<p>two</p>');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['report.html']);
  });

  it('fails with one TechdemandError naming the path, keeping the old file and no temp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'techdemand-write-'));
    dirs.push(dir);
    const target = join(dir, 'report.html');
    mkdirSync(target); // a folder where the file should go: rename must fail
    expect(() => writeReportAtomic(target, 'x')).toThrow(TechdemandError);
    expect(() => writeReportAtomic(target, 'x')).toThrow(/cannot write report .*report\.html/);
    expect(readdirSync(dir)).toEqual(['report.html']);
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'keep');
    expect(() => writeReportAtomic(join(blocked, 'r.html'), 'x')).toThrow(TechdemandError);
    expect(readFileSync(blocked, 'utf8')).toBe('keep');
  });
});
