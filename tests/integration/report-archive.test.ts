// The report archive and the "since the previous report" section: pure helpers on hand-made summaries, then two real
// reports (from the real-ads fixture) written through writeReportWithArchive into a temporary folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveReport,
  archiveStem,
  archivedStems,
  choosePrevious,
  computeChanges,
  freshStem,
  loadPreviousSummary,
  overallRanking,
  parseArchiveName,
  parseSummary,
  summarize,
  writeReportWithArchive,
  type ReportSummary,
  type WrittenReport,
} from '../../src/report-archive.js';
import type { ReportData } from '../../src/core/report-data.js';
import { fmtInt, fmtPct } from '../../reports/format.js';
import { buildFixture, PWNED_PAYLOADS } from '../fixtures/report-fixture.js';

/** A minimal ReportData whose demand section holds the given shares (count = share × total). */
function dataWith(shares: Record<string, number>, opts: { postings?: number; generatedAt?: string; taxonomyVersion?: string } = {}): ReportData {
  const total = opts.postings ?? 1000;
  const rows = Object.entries(shares).map(([tech, share]) => ({ tech, name: tech.toUpperCase(), count: Math.round(share * total), total, share, low: share, high: share, flagged: false }));
  return {
    schemaVersion: 1,
    generatedAt: opts.generatedAt ?? '2026-05-05T12:00:00Z',
    period: { from: '2026-01', to: '2026-05' },
    totals: { postings: total, sources: ['hn'] },
    taxonomyVersion: opts.taxonomyVersion ?? 'tax-1',
    headline: { scope: 'all ads', top: [] },
    demand: [{ id: 'language', name: 'Languages', rows }],
  };
}

describe('naming', () => {
  it('stamps archive files with the UTC time of the report', () => {
    expect(archiveStem('2026-05-05T12:03:09Z')).toBe('report-20260505-120309');
    expect(archiveStem('2026-05-05T23:30:00-02:00')).toBe('report-20260506-013000');
    expect(archiveStem('not a date', new Date('2027-01-02T03:04:05Z'))).toBe('report-20270102-030405');
  });

  it('recognises only its own file names', () => {
    expect(parseArchiveName('report-20260505-120309.json')).toEqual({ stem: 'report-20260505-120309', stamp: '20260505-120309', seq: 1, ext: 'json' });
    expect(parseArchiveName('report-20260505-120309-3.html')?.seq).toBe(3);
    for (const bad of ['index.html', 'report-2026-05-05.html', '.report-20260505-120309.html.123.tmp', 'report-20260505-120309.html.bak', '../report-20260505-120309.html']) {
      expect(parseArchiveName(bad)).toBeNull();
    }
  });

  it('orders stems newest first, same-second reports by sequence', () => {
    const files = ['index.html', 'report-20260101-000000.html', 'report-20260101-000000.json', 'report-20260505-120000-2.html', 'report-20260505-120000.json', 'report-20260505-120000-10.json', 'x.json'];
    expect(archivedStems(files)).toEqual(['report-20260505-120000-10', 'report-20260505-120000-2', 'report-20260505-120000', 'report-20260101-000000']);
  });

  it('never reuses a stem within the same second', () => {
    expect(freshStem('report-20260505-120000', [])).toBe('report-20260505-120000');
    expect(freshStem('report-20260505-120000', ['report-20260505-120000.json'])).toBe('report-20260505-120000-2');
    expect(freshStem('report-20260505-120000', ['report-20260505-120000.html', 'report-20260505-120000-2.json'])).toBe('report-20260505-120000-3');
  });
});

describe('summaries and the previous report', () => {
  const good = summarize(dataWith({ python: 0.4, go: 0.2 }, { generatedAt: '2026-04-01T00:00:00Z' }));

  it('ranks every technology by overall share and round-trips through JSON', () => {
    expect(good.techs).toEqual([
      { tech: 'python', name: 'PYTHON', share: 0.4, rank: 1 },
      { tech: 'go', name: 'GO', share: 0.2, rank: 2 },
    ]);
    expect(parseSummary(JSON.stringify(good))).toEqual(good);
  });

  it('rejects garbled, truncated or foreign JSON without throwing', () => {
    const text = JSON.stringify(good);
    for (const bad of ['', '{', text.slice(0, text.length / 2), 'null', '[]', '"x"', JSON.stringify({ ...good, summaryVersion: 2 }), JSON.stringify({ ...good, postings: -1 }), JSON.stringify({ ...good, generatedAt: 'yesterday' }), JSON.stringify({ ...good, techs: 'many' })]) {
      expect(parseSummary(bad)).toBeNull();
    }
    // A single broken technology entry is dropped, the rest kept.
    const partly = parseSummary(JSON.stringify({ ...good, techs: [...good.techs, { tech: 'x', name: 'X', share: 7, rank: 3 }, null] }));
    expect(partly?.techs.map((t) => t.tech)).toEqual(['python', 'go']);
  });

  it('takes the newest summary that parses, skipping unreadable ones', () => {
    const older = { ...good, generatedAt: '2026-03-01T00:00:00Z' };
    expect(choosePrevious([{ stem: 'b', text: '{garbage' }, { stem: 'a', text: null }, { stem: 'c', text: JSON.stringify(good) }, { stem: 'd', text: JSON.stringify(older) }])).toEqual(good);
    expect(choosePrevious([{ stem: 'b', text: '{garbage' }])).toBeNull();
    expect(choosePrevious([])).toBeNull();
  });
});

describe('computeChanges', () => {
  const previous: ReportSummary = summarize(dataWith({ python: 0.4, go: 0.3, rust: 0.1, java: 0.2 }, { postings: 800, generatedAt: '2026-04-01T06:00:00Z' }));

  it('reports the counts and the technologies that moved most, biggest shift first', () => {
    const now = dataWith({ python: 0.41, go: 0.15, rust: 0.25, java: 0.2, kotlin: 0.05 }, { postings: 1000 });
    const c = computeChanges(previous, now);
    expect(c.previousGeneratedAt).toBe('2026-04-01T06:00:00Z');
    expect(c.previousPostings).toBe(800);
    expect(c.newPostings).toBe(200);
    expect(c.previousTaxonomyVersion).toBeUndefined();
    // go −15 pp (#2 → #4), rust +15 pp (#4 → #2), kotlin new at +5 pp, python +1 pp (rank unchanged); java unchanged.
    expect(c.techs.map((t) => t.tech)).toEqual(['go', 'rust', 'kotlin', 'python']);
    expect(c.techs[0]).toEqual({ tech: 'go', name: 'GO', shareBefore: 0.3, shareAfter: 0.15, rankBefore: 2, rankAfter: 4 });
    expect(c.techs[2]).toMatchObject({ tech: 'kotlin', shareBefore: null, rankBefore: null, rankAfter: 5 });
  });

  it('lists a technology that disappeared, flags a new taxonomy, never counts negative new ads, and caps the list', () => {
    const now = dataWith({ python: 0.4, go: 0.3, java: 0.2 }, { postings: 700, taxonomyVersion: 'tax-2' });
    const c = computeChanges(previous, now, { limit: 1 });
    expect(c.previousTaxonomyVersion).toBe('tax-1');
    expect(c.newPostings).toBe(0);
    expect(c.techs).toEqual([{ tech: 'rust', name: 'RUST', shareBefore: 0.1, shareAfter: null, rankBefore: 4, rankAfter: null }]);
    expect(computeChanges(previous, now, { newPostings: 42 }).newPostings).toBe(42);
  });

  it('is empty when nothing moved', () => {
    const same = dataWith({ python: 0.4, go: 0.3, rust: 0.1, java: 0.2 }, { postings: 800 });
    expect(computeChanges(previous, same).techs).toEqual([]);
  });
});

describe('writeReportWithArchive with two real reports', () => {
  let dir: string;
  let out: string;
  let first: WrittenReport;
  let second: WrittenReport;
  let previousData: ReportData;
  let currentData: ReportData;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'techdemand-archive-'));
    out = join(dir, 'out', 'index.html');
    // The current report: the real-ads fixture (with hostile strings), without its hand-made changes section.
    const fixture = buildFixture({ hostile: true });
    currentData = { ...fixture.data, title: `Demand ${PWNED_PAYLOADS.script}`, generatedAt: '2026-05-05T12:00:00Z' };
    delete currentData.changes;
    // The previous report: fewer ads, an older taxonomy, and the two leaders' shares swapped.
    const ranking = overallRanking(currentData);
    const [a, b] = [ranking[0]!, ranking[1]!];
    previousData = structuredClone(currentData);
    previousData.generatedAt = '2026-04-01T06:00:00Z';
    previousData.taxonomyVersion = 'older-taxonomy';
    previousData.totals = { ...previousData.totals, postings: currentData.totals.postings - 123 };
    for (const c of previousData.demand) for (const r of c.rows) {
      if (r.tech === a.tech) r.share = b.share;
      else if (r.tech === b.tech) r.share = a.share;
    }
    previousData.headline = { ...previousData.headline, top: [] };

    // Leftovers a crash or a stranger could leave in the archive must not break anything.
    mkdirSync(join(dir, 'out', 'archive'), { recursive: true });
    writeFileSync(join(dir, 'out', 'archive', 'report-20200101-000000.json'), '{"summaryVersion":1,"generatedAt":');
    writeFileSync(join(dir, 'out', 'archive', 'notes.txt'), 'not a report');

    first = writeReportWithArchive(out, previousData, { archive: true });
    second = writeReportWithArchive(out, currentData, { archive: true });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the report and keeps the same HTML and a small summary in the archive', () => {
    expect(readFileSync(out, 'utf8')).toBe(second.html);
    const files = readdirSync(join(dir, 'out', 'archive')).sort();
    expect(files).toEqual(['index.html', 'notes.txt', 'report-20200101-000000.json', 'report-20260401-060000.html', 'report-20260401-060000.json', 'report-20260505-120000.html', 'report-20260505-120000.json']);
    expect(first.archived).toBe(join(dir, 'out', 'archive', 'report-20260401-060000.html'));
    expect(readFileSync(first.archived!, 'utf8')).toBe(first.html);
    expect(readFileSync(second.archived!, 'utf8')).toBe(second.html);
    const summary = parseSummary(readFileSync(join(dir, 'out', 'archive', 'report-20260505-120000.json'), 'utf8'))!;
    expect(summary).toEqual(summarize(second.data));
    expect(summary.postings).toBe(currentData.totals.postings);
    expect(readFileSync(join(dir, 'out', 'archive', 'report-20260505-120000.json')).length).toBeLessThan(20_000);
  });

  it('gives the first report no changes section (the only older summary is garbled)', () => {
    expect(first.data.changes).toBeUndefined();
    expect(cheerio.load(first.html)('#changes').length).toBe(0);
  });

  it('shows what changed since the first report in the second, with the right numbers', () => {
    const c = second.data.changes!;
    expect(c.previousGeneratedAt).toBe('2026-04-01T06:00:00Z');
    expect(c.previousPostings).toBe(currentData.totals.postings - 123);
    expect(c.newPostings).toBe(123);
    expect(c.previousTaxonomyVersion).toBe('older-taxonomy');
    const ranking = overallRanking(currentData);
    const [a, b] = [ranking[0]!, ranking[1]!];
    const moved = c.techs.filter((t) => t.tech === a.tech || t.tech === b.tech);
    expect(moved).toHaveLength(2);
    expect(c.techs.slice(0, 2).map((t) => t.tech).sort()).toEqual([a.tech, b.tech].sort());
    expect(moved.find((t) => t.tech === a.tech)).toMatchObject({ rankBefore: 2, rankAfter: 1, shareBefore: b.share, shareAfter: a.share });

    const $ = cheerio.load(second.html);
    const section = $('#changes');
    expect(section.length).toBe(1);
    expect(section.find('h3').text()).toBe('Since the previous report');
    const text = section.text().replace(/\s+/g, ' ');
    expect(text).toContain(`from ${fmtInt(currentData.totals.postings - 123)} unique ads`);
    expect(text).toContain(`${fmtInt(123)} new ads`);
    expect(text).toContain('older-taxonomy');
    const row = section.find('tbody tr').filter((_, tr) => $(tr).find('th').text() === a.name);
    expect(row.find('td').eq(0).text()).toBe(fmtPct(b.share));
    expect(row.find('td').eq(1).text()).toBe(fmtPct(a.share));
    expect(row.find('td').eq(2).text()).toBe('#2 \u2192 #1');
  });

  it('lists every archived report in index.html, newest first, linking plain file names only and escaping titles', () => {
    const indexHtml = readFileSync(join(dir, 'out', 'archive', 'index.html'), 'utf8');
    expect(indexHtml).not.toContain(PWNED_PAYLOADS.script);
    const $ = cheerio.load(indexHtml);
    const links = $('ol.idx a').map((_, a) => $(a).attr('href')).get();
    expect(links).toEqual(['./report-20260505-120000.html', './report-20260401-060000.html']);
    expect($('ol.idx a').first().text()).toContain(`Demand ${PWNED_PAYLOADS.script}`);
    expect($('script').length).toBe(0);
  });

  it('loads the newest summary as the previous one', () => {
    expect(loadPreviousSummary(out)?.generatedAt).toBe('2026-05-05T12:00:00Z');
  });

  it('keeps only the newest reports and never reuses a name within one second', () => {
    const d = mkdtempSync(join(tmpdir(), 'techdemand-archive-keep-'));
    try {
      const o = join(d, 'r.html');
      const data = dataWith({ python: 0.5 }, { generatedAt: '2026-05-05T12:00:00Z' });
      for (let i = 0; i < 4; i++) archiveReport(o, `<p>${i}</p>`, data, { keepHtml: true, keep: 3 });
      const files = readdirSync(join(d, 'archive')).sort();
      expect(files).toEqual(['index.html', 'report-20260505-120000-2.html', 'report-20260505-120000-2.json', 'report-20260505-120000-3.html', 'report-20260505-120000-3.json', 'report-20260505-120000-4.html', 'report-20260505-120000-4.json']);
      expect(readFileSync(join(d, 'archive', 'report-20260505-120000-4.html'), 'utf8')).toBe('<p>3</p>');
      expect(cheerio.load(readFileSync(join(d, 'archive', 'index.html'), 'utf8'))('ol.idx li').length).toBe(3);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('archives nobody asked for are not written (issue 16)', () => {
  it('by default only a small summary is kept, the newest 24, and no HTML copy or index', () => {
    const d = mkdtempSync(join(tmpdir(), 'techdemand-archive-default-'));
    try {
      const o = join(d, 'report.txt');
      for (let i = 0; i < 30; i++) {
        writeReportWithArchive(o, dataWith({ python: 0.5 }, { generatedAt: `2026-05-05T12:${String(i).padStart(2, '0')}:00Z` }));
      }
      const files = readdirSync(join(d, 'archive'));
      expect(files.every((f) => f.endsWith('.json'))).toBe(true);
      expect(files).toHaveLength(24);
      expect(readdirSync(d).sort()).toEqual(['archive', 'report.txt']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('"What changed" compares only reports of the same filters and unit', () => {
    const d = mkdtempSync(join(tmpdir(), 'techdemand-archive-scope-'));
    try {
      const o = join(d, 'index.html');
      const all = dataWith({ python: 0.4, go: 0.3 }, { postings: 3000, generatedAt: '2026-05-01T00:00:00Z' });
      all.scope = 'unit=jobs window=latest-12 sources=all roles=all remote=any company=any category=all required=false';
      const backend = dataWith({ python: 0.5, go: 0.2 }, { postings: 700, generatedAt: '2026-05-02T00:00:00Z' });
      backend.scope = 'unit=jobs window=latest-12 sources=all roles=backend,full-stack remote=any company=any category=all required=false';
      writeReportWithArchive(o, all);
      // A backend report after an all-roles one has no earlier report of its scope: no invented "new ads".
      expect(writeReportWithArchive(o, backend).data.changes).toBeUndefined();
      // The next all-roles report compares with the first one, not with the backend report in between.
      const again = dataWith({ python: 0.45, go: 0.3 }, { postings: 3100, generatedAt: '2026-05-03T00:00:00Z' });
      again.scope = all.scope;
      const changes = writeReportWithArchive(o, again).data.changes!;
      expect(changes.previousGeneratedAt).toBe('2026-05-01T00:00:00Z');
      expect(changes.newPostings).toBe(100);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
