// Dedup on real ads: Remotive's per-city copies (LawnStarter posted one job once per Latin-American city), Arbeitnow
// copies per city, the Linear ad Ashby lists once per region, HN ads reposted month after month — and, just as
// important, different jobs of one company that share its boilerplate and must stay apart.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  JACCARD_THRESHOLD,
  MemoryJobIndex,
  NUM_BANDS,
  NUM_HASHES,
  dedupFeatures,
  estimateJaccard,
  fingerprint,
  jaccard,
  lshBuckets,
  minhash,
  normalizeCompany,
  normalizeText,
  shingles,
  titleCore,
  titlesCompatible,
  type DedupDoc,
} from '../../src/dedup.js';
import { firstLine, parseHeaderLine } from '../../scrapers/hn-header.js';
import { htmlToText } from '../../scrapers/html-text.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repoRoot, '../shared');

interface BoardAd {
  id: string;
  company: string | null;
  title: string | null;
  location: string | null;
  text: string;
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

const remotive = jsonl<BoardAd>(resolve(shared, 'source-samples/more-2026-and-2013/remotive/postings.jsonl'));
const arbeitnow = jsonl<BoardAd>(resolve(shared, 'source-samples/more-2026-and-2013/arbeitnow/postings.jsonl'));

function byId(ads: BoardAd[], id: string): DedupDoc {
  const ad = ads.find((a) => a.id === id);
  if (!ad) throw new Error(`ad ${id} not found`);
  return { company: ad.company, title: ad.title, location: ad.location, text: ad.text };
}

function byTitle(ads: BoardAd[], title: string, location?: string): DedupDoc {
  const ad = ads.find((a) => a.title === title && (location === undefined || a.location === location));
  if (!ad) throw new Error(`ad "${title}" not found`);
  return { company: ad.company, title: ad.title, location: ad.location, text: ad.text };
}

/** Runs every ad through one index in order; returns job key per ad id. */
function cluster(ads: BoardAd[]): Map<string, string> {
  const index = new MemoryJobIndex();
  const keys = new Map<string, string>();
  for (const a of ads) keys.set(a.id, index.add({ company: a.company, title: a.title, location: a.location, text: a.text }, a.id).jobKey);
  return keys;
}

describe('normalisation and fingerprints', () => {
  it('folds case, accents, punctuation and legal forms', () => {
    expect(normalizeText('  Senior Back-End  Engineer (São Paulo)! ')).toBe('senior back end engineer sao paulo');
    expect(normalizeCompany('Roos Fleetservice GmbH')).toBe('roos fleetservice');
    expect(normalizeCompany('The Browser Company, Inc.')).toBe('browser company');
    expect(normalizeCompany(null)).toBe('');
    fc.assert(fc.property(fc.string(), (s) => normalizeText(normalizeText(s)) === normalizeText(s)));
  });

  it('gives the Linear ad Ashby lists once per region (Europe, North America) one fingerprint', () => {
    const linear = JSON.parse(readFileSync(resolve(repoRoot, 'tests/fixtures/ats/ashby-linear.json'), 'utf8')) as {
      jobs: { title: string; location: string; descriptionHtml: string }[];
    };
    expect(linear.jobs).toHaveLength(2);
    const [eu, na] = linear.jobs.map((j) => ({ company: 'Linear', title: j.title, location: j.location, text: htmlToText(j.descriptionHtml) }));
    expect(eu!.location).not.toBe(na!.location);
    expect(fingerprint(eu!)).toBe(fingerprint(na!));
    expect(fingerprint(eu!)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint({ ...eu!, company: 'Vercel' })).not.toBe(fingerprint(eu!));
  });
});

describe('shingles, MinHash and LSH', () => {
  it('MinHash signatures are deterministic and estimate the Jaccard similarity of real ads', () => {
    const a = byTitle(remotive, 'Senior Quality Engineer (Porto Alegre)');
    const b = byTitle(remotive, 'Senior Quality Engineer (Campinas)');
    const c = byTitle(remotive, 'Staff Product Engineer (São Paulo)');
    const [sa, sb, sc] = [a, b, c].map((d) => shingles(d.text));
    expect(minhash(sa!)).toEqual(minhash(new Set(sa!)));
    expect(minhash(sa!)).toHaveLength(NUM_HASHES);
    for (const [x, y] of [[sa!, sb!], [sa!, sc!], [sb!, sc!]] as const) {
      // 64 hashes: standard error ≤ 0.0625; allow 3 of them.
      expect(Math.abs(estimateJaccard(minhash(x), minhash(y)) - jaccard(x, y))).toBeLessThan(0.19);
    }
  });

  it('LSH buckets are per company: identical text of two companies never shares a bucket', () => {
    const sig = minhash(shingles(remotive[0]!.text));
    const acme = lshBuckets(sig, 'acme');
    const other = lshBuckets(sig, 'other');
    expect(acme).toHaveLength(NUM_BANDS);
    expect(acme.every((b) => Number.isSafeInteger(b) && b >= 0)).toBe(true);
    expect(acme.filter((b) => other.includes(b))).toEqual([]);
    expect(lshBuckets(sig, 'acme')).toEqual(acme);
    expect(dedupFeatures({ company: null, title: null, text: remotive[0]!.text }).buckets).toEqual([]);
  });

  it('short texts are one shingle; empty texts none', () => {
    expect([...shingles('Go developer')]).toEqual(['go developer']);
    expect(shingles('  !!! ').size).toBe(0);
  });

  it('jaccard is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 })), fc.array(fc.string({ maxLength: 3 })), (xs, ys) => {
        const a = new Set(xs);
        const b = new Set(ys);
        const j = jaccard(a, b);
        expect(j).toBe(jaccard(b, a));
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('titles', () => {
  it('drop locations, gender markers and parenthesised notes but keep seniority', () => {
    expect([...titleCore('Senior Quality Engineer (Porto Alegre)', 'Brazil')].sort()).toEqual(['engineer', 'quality', 'senior']);
    expect([...titleCore('Kfz-Mechatroniker (m/w/d) für unser Fleet-Servicecenter in Lengede gesucht!', 'Lengede')]).not.toContain('lengede');
    expect([...titleCore('Backend Engineer (Senior)', null)]).toContain('senior');
    expect(titlesCompatible(byTitle(remotive, 'Senior Quality Engineer (Porto Alegre)'), byTitle(remotive, 'Senior Quality Engineer (Campinas)'))).toBe(true);
    expect(titlesCompatible({ company: 'x', title: 'Junior Artist Manager', text: '' }, { company: 'x', title: 'Artist Manager', text: '' })).toBe(false);
    expect(titlesCompatible({ company: 'x', title: null, text: '' }, { company: 'x', title: 'Anything', text: '' })).toBe(true);
  });
});

describe('matchJob / MemoryJobIndex on real boards', () => {
  it('Remotive: each LawnStarter job copied per city is one job; its two different jobs stay two', () => {
    const keys = cluster(remotive);
    const lawn = remotive.filter((a) => a.company === 'LawnStarter');
    const quality = lawn.filter((a) => a.title?.startsWith('Senior Quality Engineer ('));
    const product = lawn.filter((a) => a.title?.startsWith('Staff Product Engineer ('));
    expect(quality.length).toBeGreaterThanOrEqual(5);
    expect(product.length).toBeGreaterThanOrEqual(5);
    expect(new Set(quality.map((a) => keys.get(a.id))).size).toBe(1);
    expect(new Set(product.map((a) => keys.get(a.id))).size).toBe(1);
    expect(keys.get(quality[0]!.id)).not.toBe(keys.get(product[0]!.id));
    // Different roles of one company sharing boilerplate (text similarity ≈ 0.74) are not merged.
    const ai = byTitle(remotive, 'Senior AI Engineer');
    const devops = byTitle(remotive, 'Senior DevOps Engineer');
    expect(jaccard(shingles(ai.text), shingles(devops.text))).toBeGreaterThan(JACCARD_THRESHOLD);
    expect(keys.get(remotive.find((a) => a.title === 'Senior AI Engineer')!.id)).not.toBe(
      keys.get(remotive.find((a) => a.title === 'Senior DevOps Engineer')!.id),
    );
  });

  it('Arbeitnow: per-city copies merge; a junior and a senior job, or a different job, do not', () => {
    const keys = cluster(arbeitnow);
    const key = (title: string, location?: string) => keys.get(arbeitnow.find((a) => a.title === title && (location === undefined || a.location === location))!.id);
    const java = 'Software Developer - Java, Groovy, ScriptRunner, Forge (m/w/d)';
    expect(key(java, 'Munich')).toBe(key(java, 'Essen'));
    expect(key('Kfz-Mechatroniker (m/w/d) für unser Fleet-Servicecenter in Neuwied gesucht!')).toBe(
      key('Kfz-Mechatroniker (m/w/d) für unser Fleet-Servicecenter in Lengede gesucht!'),
    );
    expect(key('KFZ-Meister/Betriebsleiter (m/w/d) für unser Fleet-Servicecenter in Lengede gesucht!')).not.toBe(
      key('Kfz-Mechatroniker (m/w/d) für unser Fleet-Servicecenter in Lengede gesucht!'),
    );
    expect(key('Junior Full Stack Developer (PHP / JavaScript) (m/w/d)')).not.toBe(key('Full Stack Developer PHP/JavaScript (m/w/d) FinTech'));
    expect(key('Sales Manager (m/w/d)')).not.toBe(key('Quereinsteiger im Vertrieb (w/m/d)', 'Berlin'));
    expect(key('Junior Artist Manager / Influencer Manager (m/w/d)', 'Mülheim')).not.toBe(key('Artist Manager / Influencer Manager (m/w/d)', 'Mülheim'));
  });

  it('HN 2026: reposts of one ad in later months join the first one; ads of different companies never merge', () => {
    interface HnAd { id: string; by: string | null; posted_at: string; text: string | null }
    const ads = jsonl<HnAd>(resolve(shared, 'corpus/hn-whoishiring-2026/postings.jsonl'))
      .filter((a): a is HnAd & { text: string } => typeof a.text === 'string')
      .sort((a, b) => (a.posted_at < b.posted_at ? -1 : a.posted_at > b.posted_at ? 1 : 0));
    const index = new MemoryJobIndex();
    const keyOf = new Map<string, string>();
    const companyOf = new Map<string, string>();
    for (const a of ads) {
      const h = parseHeaderLine(firstLine(a.text));
      companyOf.set(a.id, normalizeCompany(h.company));
      keyOf.set(a.id, index.add({ company: h.company, title: h.title, location: h.location, text: a.text }, `hn:${a.id}`).jobKey);
    }
    // Ground truth computed independently: the same author's ads with exact shingle similarity ≥ the threshold.
    const byAuthor = new Map<string, HnAd[]>();
    for (const a of ads) if (a.by) byAuthor.set(a.by, [...(byAuthor.get(a.by) ?? []), a]);
    let reposts = 0;
    let joined = 0;
    for (const list of byAuthor.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          if (jaccard(shingles(list[i]!.text!), shingles(list[j]!.text!)) < JACCARD_THRESHOLD) continue;
          reposts++;
          if (keyOf.get(list[i]!.id) === keyOf.get(list[j]!.id)) joined++;
        }
      }
    }
    expect(reposts).toBeGreaterThan(300);
    expect(joined / reposts).toBeGreaterThan(0.8);
    // The one ad posted twice in the same thread (Kredit, May 2026) is an exact copy.
    expect(keyOf.get('47977892')).toBe(keyOf.get('48022849'));
    // No cluster mixes companies: near-duplicates are only searched within one company, and a fingerprint
    // includes the company.
    const clusters = new Map<string, Set<string>>();
    for (const [id, key] of keyOf) clusters.set(key, (clusters.get(key) ?? new Set()).add(companyOf.get(id)!));
    for (const companies of clusters.values()) expect(companies.size).toBe(1);
    expect(new Set(keyOf.values()).size).toBeLessThan(ads.length - 250);
  });
});
