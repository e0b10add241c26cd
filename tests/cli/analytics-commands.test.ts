// The analytics commands as a user runs them, on the real demo database: every command in every format, numbers
// that agree with `top` and with each other, name resolution with suggestions, and the learner's gap plan.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'techdemand-analytics-'));
const db = join(dir, 'demo.db');
const PROFILE = join(ROOT, 'examples', 'profile.yaml');
const FORMATS = ['table', 'json', 'csv', 'md'] as const;

let rolesClassified = false;
/** `top` in its default unit (unique jobs) and in raw postings (which add up across periods). */
let top: Map<string, number>;
let topTotal = 0;
let topPostings: Map<string, number>;
let topPostingsTotal = 0;

async function cli(args: string[]): Promise<CliResult> {
  return runCli(['--db', db, ...args]);
}

async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

async function json<T>(args: string[]): Promise<T> {
  return JSON.parse(await ok([...args, '--format', 'json'])) as T;
}

/** RFC 4180 CSV: quoted cells may hold commas, quotes ("") and newlines. Throws on a malformed quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') {
      if (cell !== '') throw new Error(`stray quote in CSV at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('unterminated quote in CSV');
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function csvRecords(text: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text);
  expect(head, 'CSV has a header').toBeDefined();
  for (const r of rows) expect(r.length, `CSV row ${r.join(',')}`).toBe(head!.length);
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
}

/** A markdown table: header, a separator of --- / ---: cells, then rows with the same number of cells. */
function expectMdTable(text: string): void {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| '));
  expect(start, text).toBeGreaterThanOrEqual(0);
  const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
  expect(lines[start + 1]).toMatch(/^\| (-{3}:?|-{3}) (\| (-{3}:?|-{3}) )*\|$/);
  const width = cells(lines[start]!);
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) expect(cells(lines[i]!), lines[i]).toBe(width);
}

beforeAll(async () => {
  const demo = await runCli(['--db', db, '--json', 'demo', '--out', join(dir, 'report.html')]);
  expect(demo.code, demo.stderr).toBe(0);
  const conn = new Database(db, { readonly: true });
  rolesClassified = conn.prepare('SELECT 1 FROM postings WHERE roles IS NOT NULL LIMIT 1').get() !== undefined;
  conn.close();
  const t = JSON.parse((await runCli(['--db', db, 'top', '--all-time', '--limit', '1000', '--format', 'json'])).stdout) as { total: number; rows: { tech: string; count: number }[] };
  top = new Map(t.rows.map((r) => [r.tech, r.count]));
  topTotal = t.total;
  expect(topTotal).toBeGreaterThan(1000);
  const p = JSON.parse((await runCli(['--db', db, 'top', '--all-time', '--limit', '1000', '--count', 'postings', '--format', 'json'])).stdout) as typeof t;
  topPostings = new Map(p.rows.map((r) => [r.tech, r.count]));
  topPostingsTotal = p.total;
});

describe('analytics commands on the demo database', () => {
  it('has help with a real example for every command', async () => {
    for (const cmd of ['trend', 'compare', 'movers', 'cooccur', 'stacks', 'gap', 'report']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`Examples?:\\n  techdemand ${cmd}`));
      for (const flag of ['--since', '--until', '--source', '--role', '--remote', '--company']) expect(r.stdout, `${cmd} ${flag}`).toContain(flag);
    }
  });

  it('top means now: the latest 12 months with data by default, said under the table; --all-time and --since widen it', async () => {
    const now = JSON.parse(await ok(['top', '--limit', '1000', '--format', 'json'])) as { total: number; window: { since: string; until: string } | null; rows: { tech: string; count: number }[] };
    expect(now.window).toEqual({ since: '2025-06', until: '2026-05' });
    expect(now.total).toBeLessThan(topTotal);
    for (const r of now.rows) expect(r.count, r.tech).toBeLessThanOrEqual(top.get(r.tech) ?? 0);
    const since = JSON.parse(await ok(['top', '--since', '2025-06', '--until', '2026-05', '--limit', '1000', '--format', 'json'])) as typeof now;
    expect(since.window).toBeNull();
    expect(since.rows).toEqual(now.rows);
    expect(await ok(['top', '--limit', '3'])).toMatch(/months 2025-06\.\.2026-05: the latest 12 months with data/);
    expect(await ok(['top', '--limit', '3', '--all-time'])).toMatch(/months every month with data/);
  });

  it('trend: every format, counts equal to top, aliases and roll-ups', async () => {
    // Yearly counts of postings add up to top's count of postings (unique jobs need not: a job reposted in two
    // years counts in each).
    const t = await json<{ series: { key: string; resolution: string }[]; rows: { tech: string; period: string; count: number; total: number; share: number; low: number; high: number; partial: boolean; below_support: boolean }[] }>(
      ['trend', 'postgres', 'k8s', 'python', '--grain', 'year', '--denominator', 'postings'],
    );
    expect(t.series.map((s) => s.key)).toEqual(['postgresql', 'kubernetes', 'python']);
    expect(t.series[0]!.resolution).toBe('postgres → postgresql (alias "Postgres")');
    for (const tech of ['postgresql', 'kubernetes', 'python']) {
      const rows = t.rows.filter((r) => r.tech === tech);
      expect(rows.reduce((s, r) => s + r.count, 0), tech).toBe(topPostings.get(tech));
      expect(rows.reduce((s, r) => s + r.total, 0), tech).toBe(topPostingsTotal);
      for (const r of rows) {
        expect(r.share).toBeCloseTo(r.count / r.total, 10);
        expect(r.low).toBeLessThanOrEqual(r.share);
        expect(r.high).toBeGreaterThanOrEqual(r.share);
        expect(r.below_support).toBe(r.count < 10);
      }
    }
    // The demo holds one month of 2011 and the second half of 2013: those years are partial, 2015 is not.
    const py = new Map(t.rows.filter((r) => r.tech === 'python').map((r) => [r.period, r]));
    expect(py.get('2011')!.partial).toBe(true);
    expect(py.get('2013')!.partial).toBe(true);
    expect(py.get('2015')!.partial).toBe(false);

    const csv = csvRecords(await ok(['trend', 'postgres', '--grain', 'quarter', '--count', 'postings', '--format', 'csv']));
    expect(Object.keys(csv[0]!)).toEqual(['tech', 'period', 'count', 'total', 'share', 'low', 'high', 'partial', 'below_support']);
    expect(csv.every((r) => /^\d{4}-Q[1-4]$/.test(r.period!))).toBe(true);
    expect(csv.reduce((s, r) => s + Number(r.count), 0)).toBe(topPostings.get('postgresql'));
    // Over one period, unique jobs are what top counts.
    const whole = await json<{ rows: { count: number; total: number }[] }>(['trend', 'postgres', '--grain', 'year', '--since', '2015-01', '--until', '2015-12']);
    const top2015 = JSON.parse(await ok(['top', '--since', '2015-01', '--until', '2015-12', '--limit', '1000', '--format', 'json'])) as { total: number; rows: { tech: string; count: number }[] };
    expect(whole.rows[0]!.count).toBe(top2015.rows.find((r) => r.tech === 'postgresql')!.count);
    expect(whole.rows[0]!.total).toBe(top2015.total);
    expectMdTable(await ok(['trend', 'postgres', '--grain', 'year', '--format', 'md']));
    const table = await ok(['trend', 'postgres', '--grain', 'year']);
    expect(table).toMatch(/^technology\s+year\s+ads\s+of\s+share\s+95% CI\s+flags\n/);
    expect(table).toContain('postgres → postgresql');

    // is_a: a roll-up counts an ad once if it names any member, so it is at least PostgreSQL's count each year.
    const roll = await json<{ series: { key: string; members: string[] }[]; rows: { tech: string; period: string; count: number }[] }>(
      ['trend', 'is_a:relational-database', 'postgres', '--grain', 'year'],
    );
    expect(roll.series[0]!.members).toEqual(expect.arrayContaining(['postgresql', 'mysql']));
    const pg = new Map(roll.rows.filter((r) => r.tech === 'postgresql').map((r) => [r.period, r.count]));
    for (const r of roll.rows.filter((x) => x.tech === 'is_a:relational-database')) expect(r.count).toBeGreaterThanOrEqual(pg.get(r.period) ?? 0);
    const implied = await json<{ series: { key: string; members: string[] }[] }>(['trend', 'python', '--rollup', 'implies', '--grain', 'year']);
    expect(implied.series[0]!.key).toBe('implies:python');
    expect(implied.series[0]!.members).toEqual(expect.arrayContaining(['python', 'django', 'flask']));
  });

  it('trend: filters and denominators narrow the counts consistently', async () => {
    type T = { rows: { tech: string; count: number; total: number }[] };
    const sum = (t: T) => ({ count: t.rows.reduce((s, r) => s + r.count, 0), total: t.rows.reduce((s, r) => s + r.total, 0) });
    const all = sum(await json<T>(['trend', 'python', '--grain', 'year']));
    const remote = sum(await json<T>(['trend', 'python', '--grain', 'year', '--remote']));
    const onsite = sum(await json<T>(['trend', 'python', '--grain', 'year', '--no-remote']));
    expect(remote.total).toBeGreaterThan(0);
    expect(onsite.total).toBeGreaterThan(0);
    // Ads whose remoteness is unknown are in neither.
    expect(remote.total + onsite.total).toBeLessThanOrEqual(all.total);
    expect(remote.count + onsite.count).toBeLessThanOrEqual(all.count);
    const companies = sum(await json<T>(['trend', 'python', '--grain', 'year', '--denominator', 'companies']));
    expect(companies.total).toBeLessThan(all.total);
    const since = sum(await json<T>(['trend', 'python', '--grain', 'year', '--since', '2016-01', '--until', '2016-12']));
    expect(since.total).toBeLessThan(all.total);
    const conn = new Database(db, { readonly: true });
    const company = (conn.prepare('SELECT company FROM postings WHERE company IS NOT NULL GROUP BY company ORDER BY count(*) DESC, company LIMIT 1').get() as { company: string }).company;
    const n = (conn.prepare('SELECT count(*) AS n FROM postings WHERE company = ? COLLATE NOCASE').get(company) as { n: number }).n;
    conn.close();
    const one = sum(await json<T>(['trend', 'python', '--grain', 'year', '--denominator', 'postings', '--company', company.toUpperCase()]));
    expect(one.total).toBe(n);
  });

  it('answers unknown technologies with a suggestion and exit 2, and never turns Java into JavaScript', async () => {
    const r = await cli(['trend', 'javscript']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^techdemand: unknown technology "javscript" — did you mean javascript/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const c = await cli(['cooccur', 'postgrse']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('did you mean postgresql');
    const java = await json<{ series: { key: string }[] }>(['trend', 'java', '--grain', 'year']);
    expect(java.series.map((s) => s.key)).toEqual(['java']);
    for (const args of [['trend', 'category:nonsense'], ['trend', 'python', '--grain', 'week'], ['movers', '--before', '2016-01..2016-12'], ['stacks', '--denominator', 'companies'], ['trend', 'python', '--role', 'wizard']]) {
      const bad = await cli(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^techdemand: /);
    }
  });

  it('compare: per period and overall, equal to top, with a paired test', async () => {
    const postings = csvRecords(await ok(['compare', 'react', 'angular', '--grain', 'year', '--denominator', 'postings', '--format', 'csv']));
    expect(postings.filter((r) => r.period !== 'all').reduce((s, r) => s + Number(r.a_count), 0)).toBe(topPostings.get('react'));
    expect(Number(postings.find((r) => r.period === 'all')!.b_count)).toBe(topPostings.get('angular'));
    for (const format of FORMATS) {
      const out = await ok(['compare', 'react', 'angular', '--grain', 'year', '--format', format]);
      if (format === 'csv') {
        const rows = csvRecords(out);
        const all = rows.find((r) => r.period === 'all')!;
        expect(Number(all.a_count)).toBe(top.get('react'));
        expect(Number(all.b_count)).toBe(top.get('angular'));
        expect(Number(all.total)).toBe(topTotal);
      } else if (format === 'json') {
        const j = JSON.parse(out) as { test: { onlyA: number; onlyB: number; both: number; ads: number; p: number; diffPp: number } };
        expect(j.test.onlyA + j.test.both).toBe(top.get('react'));
        expect(j.test.onlyB + j.test.both).toBe(top.get('angular'));
        expect(j.test.ads).toBe(topTotal);
        expect(j.test.diffPp).toBeCloseTo(((top.get('react')! - top.get('angular')!) / topTotal) * 100, 8);
        expect(j.test.p).toBeLessThan(0.05);
      } else if (format === 'md') expectMdTable(out);
      else expect(out).toMatch(/McNemar z = [\d.]+, p = .*React is asked for more often/);
    }
  });

  it('movers: year over year with the no-data fallback, counts equal to the windows of trend', async () => {
    type M = { before: { since: string; until: string }; after: { since: string; until: string }; notes: string[]; rows: { tech: string; direction: string; before_count: number; after_count: number; delta_pp: number; q: number; significant: boolean }[] };
    const m = await json<M>(['movers']);
    // The demo's latest data is 2026-05 and nothing precedes 2026 until 2018-04: the fallback takes the 12 data-bearing months before.
    expect(m.after).toEqual({ since: '2025-06', until: '2026-05' });
    expect(m.before.until).toBe('2018-04');
    expect(m.notes.join('\n')).toContain('compared with the 12 data-bearing months before instead');
    expect(m.rows.length).toBeGreaterThan(0);
    for (const r of m.rows) {
      expect(r.significant).toBe(true);
      expect(r.q).toBeLessThan(0.05);
      expect(r.direction).toBe(r.delta_pp > 0 ? 'rising' : 'falling');
    }
    // Counted in postings, a window is the sum of its months in trend.
    const mp = await json<M>(['movers', '--denominator', 'postings']);
    const probe = mp.rows[0]!;
    type T = { rows: { count: number }[] };
    const within = async (w: { since: string; until: string }) =>
      (await json<T>(['trend', probe.tech, '--denominator', 'postings', '--since', w.since, '--until', w.until])).rows.reduce((s, r) => s + r.count, 0);
    expect(await within(mp.before)).toBe(probe.before_count);
    expect(await within(mp.after)).toBe(probe.after_count);

    const explicit = await json<M>(['movers', '--before', '2014-01..2014-12', '--after', '2017-01..2017-12', '--all']);
    expect(explicit.before).toEqual({ since: '2014-01', until: '2014-12' });
    expect(explicit.rows.some((r) => !r.significant)).toBe(true);
    expect(explicit.rows.find((r) => r.tech === 'react')?.direction).toBe('rising');
    const csv = csvRecords(await ok(['movers', '--format', 'csv']));
    expect(csv.map((r) => r.tech)).toEqual(m.rows.map((r) => r.tech));
    expectMdTable(await ok(['movers', '--format', 'md']));
    expect(await ok(['movers'])).toMatch(/^direction\s+technology\s+before\s+after\s+change/);
  });

  it('cooccur: conditional shares and lift that agree with top', async () => {
    type C = { anchorCount: number; total: number; rows: { tech: string; together: number; conditional: number; lift: number; count: number; low: number; high: number }[] };
    const c = await json<C>(['cooccur', 'postgres']);
    expect(c.anchorCount).toBe(top.get('postgresql'));
    expect(c.total).toBe(topTotal);
    expect(c.rows.length).toBeGreaterThan(5);
    for (const r of c.rows) {
      expect(r.count, r.tech).toBe(top.get(r.tech));
      expect(r.conditional).toBeCloseTo(r.together / c.anchorCount, 10);
      expect(r.lift).toBeCloseTo((r.together * c.total) / (c.anchorCount * r.count), 8);
      expect(r.together).toBeGreaterThanOrEqual(10);
    }
    const byLift = await json<C>(['cooccur', 'postgres', '--rank-by', 'lift', '--limit', '5']);
    expect(byLift.rows.map((r) => r.lift)).toEqual([...byLift.rows.map((r) => r.lift)].sort((a, b) => b - a));
    const csv = csvRecords(await ok(['cooccur', 'postgres', '--format', 'csv']));
    expect(csv.map((r) => r.tech)).toEqual(c.rows.map((r) => r.tech));
    expectMdTable(await ok(['cooccur', 'postgres', '--format', 'md']));
    expect(await ok(['cooccur', 'postgres'])).toContain(`PostgreSQL: ${top.get('postgresql')} of ${topTotal} ads`);
  });

  it('stacks: frequent sets of 2-4 whose counts agree with cooccur', async () => {
    type S = { total: number; minCount: number; market: { roles: string[] | null }; notes: string[]; rows: { techs: string; size: number; count: number; support: number; lift: number }[] };
    const s = await json<S>(['stacks', '--limit', '50']);
    expect(s.market.roles).toEqual(rolesClassified ? ['backend', 'full-stack'] : null);
    if (!rolesClassified) expect(s.notes[0]).toBe('roles are not classified in this database yet: using all ads instead of backend + full-stack ads');
    expect(s.rows.length).toBeGreaterThan(10);
    for (const r of s.rows) {
      const members = r.techs.split('+');
      expect(members.length).toBe(r.size);
      expect(r.size).toBeGreaterThanOrEqual(2);
      expect(r.size).toBeLessThanOrEqual(4);
      expect(r.count).toBeGreaterThanOrEqual(s.minCount);
      expect(r.lift).toBeGreaterThan(1);
    }
    // Over every ad, a pair's count is what cooccur reports as "together" for the same two technologies.
    const everyAd = await json<S>(['stacks', '--role', 'all', '--max-size', '2', '--limit', '3']);
    expect(everyAd.market.roles).toBeNull();
    for (const pair of everyAd.rows) {
      const [a, b] = pair.techs.split('+') as [string, string];
      const c = await json<{ rows: { tech: string; together: number }[] }>(['cooccur', a, '--limit', '500']);
      expect(c.rows.find((r) => r.tech === b)?.together, pair.techs).toBe(pair.count);
    }
    const three = await json<S>(['stacks', '--min-size', '3', '--limit', '5']);
    expect(three.rows.every((r) => r.size >= 3)).toBe(true);
    const csv = csvRecords(await ok(['stacks', '--format', 'csv']));
    expect(Object.keys(csv[0]!)).toEqual(['rank', 'techs', 'size', 'count', 'support', 'lift']);
    expectMdTable(await ok(['stacks', '--format', 'md']));
    expect(await ok(['stacks'])).toMatch(/^ #\s+stack\s+size\s+ads\s+share\s+lift\n/);
  });

  it('gap: every resolution shown, coverage with unknown ads, greedy steps, a learning order that respects prerequisites, the backend path', async () => {
    type G = {
      resolutions: { input: string; tech: string; via: string; text: string }[];
      market: { roles: string[] | null; since: string; until: string; ads: number };
      coverage: { ads: number; considered: number; unknown: number; covered: number; share: number; rule: string };
      gaps: { tech: string; reasons: string[]; adShare: number }[];
      nextSteps: { tech: string; unlocks: number; coveredAfter: number; shareAfter: number }[];
      learningOrder: { tech: string; prerequisiteFor: string[]; shareAfter: number }[];
      path: { id: string; status: string }[];
      notes: string[];
    };
    const g = await json<G>(['gap', '--profile', PROFILE]);
    const res = new Map(g.resolutions.map((r) => [r.input, r]));
    expect(res.get('k8s')).toMatchObject({ tech: 'kubernetes', via: 'alias' });
    expect(res.get('postgres')).toMatchObject({ tech: 'postgresql', via: 'alias' });
    expect(res.get('php')).toMatchObject({ tech: 'php' });
    expect(g.market.roles).toEqual(rolesClassified ? ['backend', 'full-stack'] : null);
    if (!rolesClassified) expect(g.notes).toContain('roles are not classified in this database yet: using all ads instead of backend + full-stack ads');
    // Zero tags is unknown, never "no gaps": counted apart from the ads judged.
    expect(g.coverage.unknown).toBeGreaterThan(0);
    expect(g.coverage.unknown + g.coverage.considered).toBe(g.coverage.ads);
    expect(g.coverage.ads).toBe(g.market.ads);
    expect(g.coverage.share).toBeCloseTo(g.coverage.covered / g.coverage.considered, 10);
    expect(g.gaps.length).toBeGreaterThan(5);
    const known = new Set(['python', 'django', 'postgresql', 'sql', 'git', 'linux', 'php']);
    for (const gap of g.gaps) expect(known.has(gap.tech), gap.tech).toBe(false);
    expect(g.nextSteps).toHaveLength(3);
    let covered = g.coverage.covered;
    for (const s of g.nextSteps) {
      expect(s.coveredAfter).toBe(covered + s.unlocks);
      covered = s.coveredAfter;
    }
    const position = new Map(g.learningOrder.map((x, i) => [x.tech, i]));
    for (const [i, item] of g.learningOrder.entries()) for (const later of item.prerequisiteFor) expect(position.get(later)!, `${item.tech} before ${later}`).toBeGreaterThan(i);
    for (let i = 1; i < g.learningOrder.length; i++) expect(g.learningOrder[i]!.shareAfter).toBeGreaterThanOrEqual(g.learningOrder[i - 1]!.shareAfter);
    expect(g.path.map((p) => p.id)).toEqual(['language', 'database', 'apis', 'auth', 'caching', 'testing', 'containers', 'ci-cd', 'messaging', 'cloud', 'observability']);
    expect(g.path.find((p) => p.id === 'language')!.status).toBe('known');

    const table = await ok(['gap', '--profile', PROFILE]);
    for (const heading of ['How your profile was read', 'The market:', 'Ranked gaps', 'Next steps that raise coverage most', 'Learning order', 'Backend path']) expect(table).toContain(heading);
    expect(table).toMatch(/k8s\s+\d+\s+kubernetes\s+alias "k8s"/);
    expect(table).toContain(`${g.coverage.unknown} (`);
    const md = await ok(['gap', '--profile', PROFILE, '--format', 'md']);
    expect(md).toContain('### Ranked gaps');
    expectMdTable(md.slice(md.indexOf('### Ranked gaps')));
    for (const section of ['resolution', 'coverage', 'gaps', 'steps', 'order', 'path']) {
      expect(csvRecords(await ok(['gap', '--profile', PROFILE, '--format', 'csv', '--section', section])).length, section).toBeGreaterThan(0);
    }
    const steps = csvRecords(await ok(['gap', '--profile', PROFILE, '--format', 'csv', '--section', 'steps']));
    expect(steps.map((s) => s.tech)).toEqual(g.nextSteps.map((s) => s.tech));
  });

  it('gap: a typo in the profile stops with the line and a suggestion; java stays java', async () => {
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'knows:\n  python: 4\n  javscript: 3\n');
    const r = await cli(['gap', '--profile', typo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml:3: unknown technology "javscript" \(did you mean javascript/);
    const javaProfile = join(dir, 'java.yaml');
    writeFileSync(javaProfile, 'knows: {java: 4, spring boot: 3}\n');
    const g = await json<{ resolutions: { input: string; tech: string }[] }>(['gap', '--profile', javaProfile]);
    expect(g.resolutions.map((x) => [x.input, x.tech])).toEqual([
      ['java', 'java'],
      ['spring boot', 'spring-boot'],
    ]);
    const missing = await cli(['gap', '--profile', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
  });

  it('role filters work once roles are classified, and say why not before', async () => {
    const r = await cli(['trend', 'python', '--role', 'backend', '--format', 'json']);
    if (rolesClassified) {
      expect(r.code, r.stderr).toBe(0);
      const t = JSON.parse(r.stdout) as { rows: { total: number }[] };
      expect(t.rows.reduce((s, x) => s + x.total, 0)).toBeLessThan(topTotal);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no posting in this database has its roles classified yet');
    }
  });

  it('report: learner, stacks and co-occurrence sections; role and denominator options', async () => {
    const out = join(dir, 'learner.html');
    await ok(['report', '--out', out, '--profile', PROFILE]);
    const html = readFileSync(out, 'utf8');
    for (const id of ['id="learner"', 'id="stacks"', 'id="movers"', 'What you cover, and what to learn next', 'Common combinations', 'All pairs']) expect(html).toContain(id);
    expect(html).toContain('profile.yaml');
    const companies = join(dir, 'companies.html');
    await ok(['report', '--out', companies, '--denominator', 'companies', '--since', '2016-01']);
    expect(readFileSync(companies, 'utf8')).toContain('divided by all companies with an ad in the period');
    const role = await cli(['report', '--out', join(dir, 'role.html'), '--role', 'backend']);
    expect(role.code, role.stderr).toBe(rolesClassified ? 0 : 2);
  });
});
