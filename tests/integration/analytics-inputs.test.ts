// What the analytics commands read before the pure cores run, against a real SQLite database of real ads:
// the encoded market (one entry per job, with what ANY of its postings asks for), tagged/untagged counts, the role
// fallback, and partial quarters. Expected values are recounted in TypeScript from the same ads, not from SQL.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/open.js';
import { Store, bestStrengths } from '../../db/store.js';
import { topTechnologies } from '../../db/queries.js';
import { countTaggedPostings, duplicateJobTechs, hasClassifiedRoles, postingSources, windowTechCounts } from '../../db/analytics-queries.js';
import { loadMarket, marketTechCounts, partialPeriodSet } from '../../src/commands/analytics-inputs.js';
import { SqliteQueryStorage } from '../../db/sqlite-storage.js';

/** The port's read side over a test's open connection (the test closes it). */
const reader = (db: Database) => new SqliteQueryStorage(db, db.name);
import { BACKEND_MARKET, chooseRoles } from '../../src/role-filter.js';
import { ROLES_VERSION } from '../../src/roles.js';
import { cooccurrence } from '../../src/analytics/cooccur.js';
import { UsageError } from '../../src/core/errors.js';
import type { Posting } from '../../src/core/types.js';
import { TAXONOMY, corpusPostings, literalMentions, tagged, tempDir } from './db-fixtures.js';

describe('analytics inputs', () => {
  const tmp = tempDir('techdemand-inputs-');
  let db: Database;
  let postings: Posting[];
  /** job key per posting index: pairs (0,1), (2,3), (4,5) are one job each, as dedup would key them. */
  const jobOf = (i: number) => (i < 6 ? `job-${Math.floor(i / 2)}` : `single-${i}`);

  beforeAll(() => {
    db = openDatabase(join(tmp.dir, 'inputs.db'));
    const store = new Store(db);
    store.syncTaxonomy(TAXONOMY, 'tax-v1');
    postings = corpusPostings(90, 71);
    store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
    // Dedup's output, written directly: it assigns job keys, and these three pairs are reposts of one job.
    const setKey = db.prepare('UPDATE postings SET job_key = ? WHERE source = ? AND external_id = ?');
    postings.forEach((p, i) => setKey.run(jobOf(i), p.source, p.externalId));
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('encodes one entry per job carrying what any of its postings asks for, matching the jobs counts of top', async () => {
    // Recount in TypeScript: per job, the union of its postings' technologies.
    const jobs = new Map<string, Set<string>>();
    postings.forEach((p, i) => {
      const set = jobs.get(jobOf(i)) ?? new Set<string>();
      for (const tech of bestStrengths(literalMentions(p.text)).keys()) set.add(tech);
      jobs.set(jobOf(i), set);
    });
    const market = await loadMarket(reader(db), {});
    expect(market.size).toBe(jobs.size);
    const counts = new Map<string, number>();
    for (const set of jobs.values()) for (const t of set) counts.set(t, (counts.get(t) ?? 0) + 1);
    const encoded = new Map<string, number>();
    for (let j = 0; j < market.tech.length; j++) encoded.set(market.techIds[market.tech[j]!]!, (encoded.get(market.techIds[market.tech[j]!]!) ?? 0) + 1);
    expect(Object.fromEntries(encoded)).toEqual(Object.fromEntries(counts));
    // The same numbers `top` counts in its default unit.
    const top = topTechnologies(db, {}, 100);
    expect(top.total).toBe(jobs.size);
    expect(Object.fromEntries(top.rows.map((r) => [r.tech, r.count]))).toEqual(Object.fromEntries(counts));
    // And co-occurrence built on it agrees.
    const anchor = top.rows[0]!.tech;
    expect(cooccurrence(market, anchor, { minTogether: 1 }).anchorCount).toBe(counts.get(anchor));
    // Postings as the unit: every posting, no merging.
    expect((await loadMarket(reader(db), {}, { uniqueJobs: false })).size).toBe(postings.length);
  });

  it('lists the extra technologies of reposts by their job’s first posting, within the filter', () => {
    const extras = duplicateJobTechs(db, {});
    const ids = db.prepare('SELECT id, job_key FROM postings ORDER BY id').all() as { id: number; job_key: string }[];
    const first = new Map<string, number>();
    for (const r of ids) if (!first.has(r.job_key)) first.set(r.job_key, r.id);
    for (const e of extras) expect(e.rep, `rep ${e.rep}`).toBe(first.get(ids.find((r) => r.id === e.rep)!.job_key));
    const fromReposts = postings.slice(0, 6).filter((_, i) => i % 2 === 1).reduce((n, p) => n + bestStrengths(literalMentions(p.text)).size, 0);
    expect(extras).toHaveLength(fromReposts);
  });

  it('counts per technology from the loaded market equal windowTechCounts of the same filter, roles and reposts included', async () => {
    // Its own database: roles on some postings, and reposts whose two postings differ in role and month.
    const rolesDb = openDatabase(join(tmp.dir, 'market-counts.db'));
    try {
      const store = new Store(rolesDb);
      store.syncTaxonomy(TAXONOMY, 'tax-v1');
      store.savePostings(tagged(postings), '2024-01-01T00:00:00.000Z');
      const setKey = rolesDb.prepare('UPDATE postings SET job_key = ? WHERE source = ? AND external_id = ?');
      const setRoles = rolesDb.prepare('UPDATE postings SET roles = ? WHERE source = ? AND external_id = ?');
      postings.forEach((p, i) => {
        setKey.run(i < 30 ? `job-${Math.floor(i / 3)}` : `single-${i}`, p.source, p.externalId);
        setRoles.run(i % 4 === 0 ? 'backend,data' : i % 2 === 0 ? 'backend' : 'frontend', p.source, p.externalId);
      });
      const months = postings.map((p) => p.postedMonth).sort();
      const mid = months[Math.floor(months.length / 2)]!;
      const filters = [{}, { roles: ['backend'] }, { roles: ['backend', 'full-stack'], since: mid }, { roles: ['data'], category: 'database' }, { requiredOnly: true }, { until: mid }];
      let compared = 0;
      for (const filter of filters) {
        for (const denominator of ['jobs', 'postings'] as const) {
          const fromDb = windowTechCounts(rolesDb, { filter, denominator });
          const fromMarket = marketTechCounts(await loadMarket(reader(rolesDb), filter, { uniqueJobs: denominator === 'jobs' }));
          const sorted = (c: { tech: string; count: number }[]) => [...c].sort((a, b) => (a.tech < b.tech ? -1 : a.tech > b.tech ? 1 : 0));
          expect(fromMarket.total, `${JSON.stringify(filter)} ${denominator}`).toBe(fromDb.total);
          expect(sorted(fromMarket.counts), `${JSON.stringify(filter)} ${denominator}`).toEqual(sorted(fromDb.counts));
          expect(fromDb.counts.length).toBeGreaterThan(0);
          compared++;
        }
      }
      expect(compared).toBe(12);
    } finally {
      rolesDb.close();
    }
  });

  it('counts untagged ads and the sources', () => {
    const untagged = postings.filter((p) => literalMentions(p.text).length === 0).length;
    expect(untagged).toBeGreaterThan(0);
    expect(countTaggedPostings(db, {})).toEqual({ total: postings.length, tagged: postings.length - untagged });
    const since = postings.filter((p) => p.postedMonth >= '2016-01');
    expect(countTaggedPostings(db, { since: '2016-01' }).total).toBe(since.length);
    expect(postingSources(db)).toEqual(['hn']);
    expect(postingSources(db, { sources: ['lever'] })).toEqual([]);
  });

  it('falls back to all ads until roles are classified, refuses an explicit role before, and roles of another classifier', async () => {
    const file = 'test.db';
    expect(hasClassifiedRoles(db)).toBe(false);
    expect(await chooseRoles(reader(db), file, undefined, BACKEND_MARKET)).toEqual({ roles: undefined, note: 'roles are not classified in this database yet: using all ads instead of backend + full-stack ads' });
    await expect(chooseRoles(reader(db), file, ['backend'], null)).rejects.toThrow(UsageError);
    expect(await chooseRoles(reader(db), file, 'all', BACKEND_MARKET)).toEqual({ roles: undefined, note: null });
    db.prepare("UPDATE postings SET roles = 'backend' WHERE id % 3 = 0").run();
    db.prepare("UPDATE postings SET roles = 'full-stack,software' WHERE id % 3 = 1").run();
    db.prepare("UPDATE postings SET roles = 'other' WHERE id % 3 = 2").run();
    expect(hasClassifiedRoles(db)).toBe(true);
    // Roles without the version that decided them (a database from before versions were stored) are not filtered on.
    await expect(chooseRoles(reader(db), file, undefined, BACKEND_MARKET)).rejects.toThrow(/retag/);
    db.prepare("INSERT INTO settings (key, value) VALUES ('roles_version', ?)").run(ROLES_VERSION);
    expect((await chooseRoles(reader(db), file, undefined, BACKEND_MARKET)).roles).toEqual(['backend', 'full-stack']);
    const byRole = (r: number) => postings.filter((_, i) => (i + 1) % 3 === r).length;
    expect((await loadMarket(reader(db), { roles: ['backend'] }, { uniqueJobs: false })).size).toBe(byRole(0));
    expect((await loadMarket(reader(db), { roles: ['backend', 'full-stack'] }, { uniqueJobs: false })).size).toBe(byRole(0) + byRole(1));
    expect((await loadMarket(reader(db), { roles: ['software'] }, { uniqueJobs: false })).size).toBe(byRole(1));
    db.prepare("DELETE FROM settings WHERE key = 'roles_version'").run();
  });

  it('marks quarters with an uncollected month, or cut by --since, as partial', async () => {
    const months = new Set(postings.map((p) => p.postedMonth));
    const now = new Date('2026-11-21T12:00:00Z');
    const quarters = await partialPeriodSet(reader(db), {}, 'quarter', now);
    const quarterOf = (m: string) => `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5)) - 1) / 3) + 1}`;
    for (const q of new Set([...months].map(quarterOf))) {
      const [y, n] = q.split('-Q') as [string, string];
      const first = (Number(n) - 1) * 3 + 1;
      const all = [0, 1, 2].map((k) => `${y}-${String(first + k).padStart(2, '0')}`);
      expect(quarters.has(q), q).toBe(all.some((m) => !months.has(m)));
    }
    const full = [...months].sort().map(quarterOf).find((q) => !quarters.has(q));
    expect(full, 'the sample has a fully collected quarter').toBeDefined();
    const [y, n] = full!.split('-Q') as [string, string];
    const second = `${y}-${String((Number(n) - 1) * 3 + 2).padStart(2, '0')}`;
    expect((await partialPeriodSet(reader(db), { since: second }, 'quarter', now)).has(full!)).toBe(true);
    expect((await partialPeriodSet(reader(db), { since: `${y}-${String((Number(n) - 1) * 3 + 1).padStart(2, '0')}` }, 'quarter', now)).has(full!)).toBe(false);
  });
});
