// The pure pieces of the PostgreSQL engine and of the shared host budget: the `pg` template's numbering, months of
// openness, server locations and their display, the config's database URL, and a limiter that also obeys a budget
// other collectors share.
import { describe, expect, it } from 'vitest';
import { pg, pgEmpty, pgJoin } from '../../db/postgres/pg-sql.js';
import { monthsBetween } from '../../db/postgres/pg-storage.js';
import { displayUrl, isPostgresUrl } from '../../src/core/locations.js';
import { canonicalLocation, shownLocation } from '../../src/storage.js';
import { parseConfig } from '../../src/config.js';
import { HostLimiter } from '../../scrapers/http-limiter.js';

describe('the pg template', () => {
  it('numbers every value, through nested fragments, and never puts a value into the text', () => {
    const evil = "x'; DROP TABLE postings; --";
    const inner = pg`AND b = ${2} AND c = ANY(${['a', 'b']}::text[])`;
    const q = pg`SELECT * FROM t WHERE a = ${evil} ${inner} ${pgEmpty} AND d = ${null}`;
    expect(q.text).toBe('SELECT * FROM t WHERE a = $1 AND b = $2 AND c = ANY($3::text[])  AND d = $4');
    expect(q.values).toEqual([evil, 2, ['a', 'b'], null]);
    expect(q.text).not.toContain('DROP');
    const joined = pgJoin([pg`x = ${1}`, pg`y = ${2}`, pg`z = ${3}`], pg` OR `);
    expect(joined.text).toBe('x = $1 OR y = $2 OR z = $3');
    expect(joined.values).toEqual([1, 2, 3]);
  });

  it('refuses undefined and non-finite values', () => {
    expect(() => pg`a = ${undefined}`).toThrow(/parameter 1 is undefined/);
    expect(() => pg`a = ${Number.NaN}`).toThrow(/not a finite number/);
  });
});

describe('months of openness', () => {
  it('lists every month of a range, across years', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });
});

describe('server locations', () => {
  it('tells a server URL from a file path, and hides its password in messages', () => {
    expect(isPostgresUrl('postgres://u:p@db.example:5432/td')).toBe(true);
    expect(isPostgresUrl('postgresql://db/td')).toBe(true);
    expect(isPostgresUrl('PostgreSQL://db/td')).toBe(true);
    expect(isPostgresUrl('./postgres/techdemand.db')).toBe(false);
    expect(isPostgresUrl('techdemand.db')).toBe(false);
    expect(displayUrl('postgres://td:hunter2@db.example:5432/td?sslmode=require')).toBe('postgres://td:***@db.example:5432/td?sslmode=require');
    expect(displayUrl('postgres://db.example/td')).toBe('postgres://db.example/td');
    expect(shownLocation('postgres://td:hunter2@db/td')).not.toContain('hunter2');
    expect(shownLocation('some/file.db')).toBe('some/file.db');
    expect(canonicalLocation('postgres://db/td')).toBe('postgres://db/td');
    expect(canonicalLocation('file.db')).toMatch(/^\/.*\/file\.db$/);
  });

  it('keeps a database URL in the config as written, and makes a file path absolute', () => {
    expect(parseConfig('database: postgres://td@db.example/td\nsources:\n  hn: {}\n', 'td.yaml', '/srv/td').database).toBe('postgres://td@db.example/td');
    expect(parseConfig('database: data/td.db\nsources:\n  hn: {}\n', 'td.yaml', '/srv/td').database).toBe('/srv/td/data/td.db');
  });
});

describe('a host limiter with a budget shared by other collectors', () => {
  it('waits until the shared slot is due, asking again, and passes pauses on', async () => {
    let clock = 0;
    const slept: number[] = [];
    const timing = { now: () => clock, sleep: async (ms: number) => { slept.push(ms); clock += ms; } };
    // Another collector took the slot: due 30 ms from now, then free.
    const answers = [30, 0];
    const asked: number[] = [];
    const paused: number[] = [];
    const limiter = new HostLimiter({ concurrency: 1, minIntervalMs: 50 }, timing, {
      reserve: async (ms) => {
        asked.push(ms);
        return answers.shift() ?? 0;
      },
      pause: async (ms) => {
        paused.push(ms);
      },
    });
    await limiter.acquire();
    limiter.release();
    expect(asked).toEqual([50, 50]);
    expect(slept).toEqual([30]);
    limiter.pauseUntil(clock + 1000);
    expect(paused).toEqual([1000]);
  });

  it('keeps its own spacing when the shared budget cannot be reached', async () => {
    let clock = 0;
    const slept: number[] = [];
    const timing = { now: () => clock, sleep: async (ms: number) => { slept.push(ms); clock += ms; } };
    const limiter = new HostLimiter({ concurrency: 1, minIntervalMs: 50 }, timing, {
      reserve: async () => {
        throw new Error('database gone');
      },
      pause: async () => {
        throw new Error('database gone');
      },
    });
    await limiter.acquire();
    limiter.release();
    await limiter.acquire();
    limiter.release();
    expect(slept).toEqual([50]);
    limiter.pauseUntil(clock + 10);
  });
});
