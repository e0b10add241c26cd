// HN ad header line ("Company | Role | Location | REMOTE | …") and thread titles.
import { describe, expect, it } from 'vitest';
import { firstLine, parseHeaderLine } from '../../scrapers/hn-header.js';
import { hiringThreadMonth, selectThreads, type HnThread } from '../../scrapers/hn.js';

describe('parseHeaderLine', () => {
  it('the canonical order', () => {
    expect(parseHeaderLine('SumUp | Senior Frontend Engineer | Berlin | ONSITE, VISA https://sumup.com')).toEqual({
      company: 'SumUp',
      title: 'Senior Frontend Engineer',
      location: 'Berlin',
      remote: false,
    });
  });

  it('skips salary, employment type and URL fields; takes the first role-looking field as title', () => {
    expect(parseHeaderLine('Modash.io | Senior Product Engineer | Remote (Europe) | Full-time | €75k–110k | https://modash.io')).toEqual({
      company: 'Modash.io',
      title: 'Senior Product Engineer',
      location: 'Remote (Europe)',
      remote: true,
    });
  });

  it('location before role, several locations', () => {
    expect(parseHeaderLine('Plum | London, UK | Onsite | Internship (paid)')).toEqual({
      company: 'Plum',
      title: 'Internship (paid)',
      location: 'London, UK',
      remote: false,
    });
    expect(parseHeaderLine('Healthline.com | San Francisco, CA | Fullstack, Infrastructure | Remote-First')).toEqual({
      company: 'Healthline.com',
      title: 'Fullstack, Infrastructure',
      location: 'San Francisco, CA',
      remote: true,
    });
  });

  it('a bare REMOTE field sets the flag but is not a location', () => {
    expect(parseHeaderLine('Acme | Backend Developer | REMOTE')).toEqual({ company: 'Acme', title: 'Backend Developer', location: null, remote: true });
  });

  it('negative and hybrid remote markers', () => {
    expect(parseHeaderLine('Acme | Engineer | Paris | No remote').remote).toBe(false);
    expect(parseHeaderLine('Acme | Engineer | Utrecht, The Netherlands | HYBRID').remote).toBe(false);
    expect(parseHeaderLine('Acme | Engineer | NYC | ONSITE or REMOTE').remote).toBe(true);
    expect(parseHeaderLine('Acme | Engineer | NYC').remote).toBeNull();
  });

  it('prose first lines (no pipes) give nulls, but the remote flag still reads', () => {
    expect(parseHeaderLine('Amsterdam, the Netherlands. No remote work – must be able to work at our office.')).toEqual({
      company: null,
      title: null,
      location: null,
      remote: false,
    });
    expect(parseHeaderLine('Knack - http://knackhq.com - REMOTE')).toEqual({ company: null, title: null, location: null, remote: true });
    expect(parseHeaderLine('')).toEqual({ company: null, title: null, location: null, remote: null });
    expect(parseHeaderLine(null)).toEqual({ company: null, title: null, location: null, remote: null });
  });

  it('an over-long first field is prose, not a company', () => {
    const long = 'We are a small team building '.repeat(5) + '| Engineer';
    expect(parseHeaderLine(long).company).toBeNull();
  });

  it('pathological input finishes and stays bounded', () => {
    // Near-misses for the employment-type pattern (fails only at the last character).
    const evil = 'A | ' + 'full time , '.repeat(12) + '!';
    expect(parseHeaderLine(evil)).toEqual({ company: 'A', title: null, location: evil.slice(4).trim(), remote: null });
    // Past the 500-character cap nothing is read.
    expect(parseHeaderLine('A |' + ' '.repeat(10_000) + '| Engineer').company).toBeNull();
    expect(parseHeaderLine('x|'.repeat(50_000)).company).toBe('x');
  });
});

describe('firstLine', () => {
  it('returns the first non-empty line, trimmed and capped', () => {
    expect(firstLine('\n\n  Acme | Dev  \nmore')).toBe('Acme | Dev');
    expect(firstLine('x'.repeat(2000))).toHaveLength(500);
    expect(firstLine('')).toBe('');
  });
});

describe('hiringThreadMonth', () => {
  it('reads the month from every title variant whoishiring used', () => {
    expect(hiringThreadMonth('Ask HN: Who is Hiring? (April 2011)')).toBe('2011-04');
    expect(hiringThreadMonth('Ask HN: Who Is Hiring? (May 2012)')).toBe('2012-05');
    expect(hiringThreadMonth('Ask HN: Who is hiring? (December 2012) ')).toBe('2012-12');
    expect(hiringThreadMonth('Ask HN: Who is hiring? (September 2026)')).toBe('2026-09');
  });

  it('rejects the other whoishiring posts', () => {
    expect(hiringThreadMonth('Ask HN: Should we agree that this account will submit all Who is Hiring posts?')).toBeNull();
    expect(hiringThreadMonth('Ask HN: Who wants to be hired? (September 2023)')).toBeNull();
    expect(hiringThreadMonth('Ask HN: Freelancer? Seeking freelancer? (September 2023)')).toBeNull();
    expect(hiringThreadMonth('Show HN: Who is hiring refugees? Or, hacking visas to help refugees')).toBeNull();
    expect(hiringThreadMonth('Ask HN: Who is hiring right now?', 1584980029)).toBeNull();
    expect(hiringThreadMonth(null)).toBeNull();
  });

  it('falls back to the creation month when the title has no (Month YYYY)', () => {
    expect(hiringThreadMonth('Ask HN: Who is hiring?', Date.UTC(2024, 2, 1, 15) / 1000)).toBe('2024-03');
    expect(hiringThreadMonth('Ask HN: Who is hiring?')).toBeNull();
  });
});

describe('selectThreads', () => {
  const t = (month: string): HnThread => ({ id: month.replace('-', ''), title: month, month, createdAtI: 0, numComments: 1 });
  const all = [t('2026-03'), t('2026-05'), t('2025-12'), t('2026-04')];

  it('newest first; default is the newest thread only', () => {
    expect(selectThreads(all, {}).map((x) => x.month)).toEqual(['2026-05']);
    expect(selectThreads(all, { months: 3 }).map((x) => x.month)).toEqual(['2026-05', '2026-04', '2026-03']);
  });

  it('sinceMonth alone takes every thread from that month on; with months both apply', () => {
    expect(selectThreads(all, { sinceMonth: '2026-01' }).map((x) => x.month)).toEqual(['2026-05', '2026-04', '2026-03']);
    expect(selectThreads(all, { sinceMonth: '2026-01', months: 2 }).map((x) => x.month)).toEqual(['2026-05', '2026-04']);
  });
});
