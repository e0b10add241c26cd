// Duplicate detection for job ads: one job seen as several postings (on two sources, reposted next month, copied
// once per city) must count once. Pure functions; db/history.ts stores what they compute and asks the index.
//
// Three tiers, strongest first:
//  1. stable ids — a posting re-seen under the same (source, external id) is the same posting and keeps its job
//     key (the store upserts by that pair, so nothing to do here);
//  2. a fingerprint — sha256 of the normalised company, title and description: exact copies on other sources or
//     reposts with the same text;
//  3. near-duplicates within one company — word shingles → MinHash signature (fixed seed, so signatures and LSH
//     buckets are stable across runs and machines) → LSH bands give candidates; a candidate is the same job when
//     the exact Jaccard similarity of the two shingle sets reaches JACCARD_THRESHOLD and the titles are
//     compatible (same words once locations, gender markers and parenthesised notes are dropped), so two
//     different roles that share a company's boilerplate are not merged.
//
// Thresholds were chosen on real ads (see tests/unit/dedup-*.test.ts): HN reposts of the same ad one month later
// mostly score ≥ 0.7; Remotive's per-city copies score ≥ 0.98; different roles of one company sharing boilerplate
// score 0.4–0.8 and are told apart by their titles.

import { createHash } from 'node:crypto';

/** Words per shingle. Four words keep shared boilerplate phrases from making unrelated ads look alike. */
export const SHINGLE_WORDS = 4;
/** MinHash signature length; NUM_BANDS × ROWS_PER_BAND. */
export const NUM_HASHES = 64;
export const NUM_BANDS = 16;
export const ROWS_PER_BAND = NUM_HASHES / NUM_BANDS;
/** The fixed seed of the MinHash permutations: changing it changes every stored LSH bucket. */
export const MINHASH_SEED = 0x5eed_7d;
/** Exact Jaccard similarity of shingle sets from which two ads of one company are the same job. */
export const JACCARD_THRESHOLD = 0.7;
/** Word-set Jaccard similarity of the title cores from which two titles name the same job. */
export const TITLE_THRESHOLD = 0.75;
/** Only this much of a description is shingled: bounds the work, and the start of an ad identifies it. */
export const MAX_DEDUP_CHARS = 30_000;

// ---------------------------------------------------------------- normalisation

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower-case, accents folded, every run of non-letters/digits one space, trimmed. Linear time. */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return '';
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim();
}

export function words(text: string | null | undefined): string[] {
  const n = normalizeText(text);
  return n === '' ? [] : n.split(' ');
}

// Legal-form suffixes dropped from company names, so "Acme GmbH" and "ACME" are one company.
const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'ag', 'co', 'corp', 'corporation', 'plc', 'sa', 'sas',
  'sarl', 'bv', 'nv', 'srl', 'spa', 'oy', 'ab', 'as', 'aps', 'se', 'kg', 'ug', 'pty', 'pte', 'lp', 'llp', 'holding', 'holdings',
]);

/** A company key: normalised words without legal forms and a leading "the"; '' when unknown. */
export function normalizeCompany(company: string | null | undefined): string {
  const w = words(company);
  while (w.length > 1 && LEGAL_FORMS.has(w[w.length - 1]!)) w.pop();
  if (w.length > 1 && w[0] === 'the') w.shift();
  return w.join(' ');
}

// ---------------------------------------------------------------- fingerprint

export interface DedupDoc {
  company: string | null;
  title: string | null;
  location?: string | null;
  text: string;
}

/** Exact-copy fingerprint: 32 hex chars of sha256(company key, normalised title, normalised description). */
export function fingerprint(doc: DedupDoc): string {
  const text = normalizeText(doc.text.slice(0, MAX_DEDUP_CHARS));
  return createHash('sha256')
    .update(`${normalizeCompany(doc.company)}\u0000${normalizeText(doc.title)}\u0000${text}`)
    .digest('hex')
    .slice(0, 32);
}

// ---------------------------------------------------------------- shingles and MinHash

/** The set of `k`-word shingles of a text (one shingle of all words when it has fewer than k). */
export function shingles(text: string, k: number = SHINGLE_WORDS): Set<string> {
  const w = words(text.slice(0, MAX_DEDUP_CHARS));
  const out = new Set<string>();
  if (w.length === 0) return out;
  if (w.length <= k) {
    out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + k <= w.length; i++) out.add(w.slice(i, i + k).join(' '));
  return out;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser: a well-mixed 32-bit string hash. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that mixes every input bit into every output bit. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG (32-bit state, uint32 outputs), so the permutation keys are the same everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const permutationKeys: Uint32Array = (() => {
  const next = mulberry32(MINHASH_SEED);
  const keys = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) keys[i] = next();
  return keys;
})();

/**
 * MinHash signature of a shingle set: for each of NUM_HASHES permutations (x ↦ fmix32(x xor key), a bijection),
 * the minimum permuted shingle hash. Two signatures agree in a position with probability = Jaccard similarity.
 */
export function minhash(set: ReadonlySet<string>): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const s of set) {
    const h = hash32(s);
    for (let i = 0; i < NUM_HASHES; i++) {
      const v = fmix32(h ^ permutationKeys[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * LSH band buckets: the signature cut into NUM_BANDS bands of ROWS_PER_BAND values; each band (with its number
 * and the company key, so buckets never mix companies) hashes to one integer below 2^53. Ads whose signatures
 * agree on a whole band share that bucket; with 16 × 4, pairs at Jaccard 0.7 become candidates 98.8% of the time,
 * pairs at 0.3 under 13%.
 */
export function lshBuckets(signature: Uint32Array, companyKey: string): number[] {
  const out: number[] = [];
  for (let b = 0; b < NUM_BANDS; b++) {
    let band = `${companyKey}\u0000${b}`;
    for (let r = 0; r < ROWS_PER_BAND; r++) band += `\u0000${signature[b * ROWS_PER_BAND + r]!.toString(36)}`;
    const hi = hash32(band, 0x9747b28c) & 0x1fffff; // 21 bits
    const lo = hash32(band);
    out.push(hi * 2 ** 32 + lo);
  }
  return out;
}

// ---------------------------------------------------------------- titles

// Gender markers German and Austrian ads add to titles: (m/w/d), (f/m/x), (w/m/d)*, (all genders).
const GENDER_GROUP = /[([]\s*(?:[mwfdxi]\s*[/|,]\s*){1,3}[mwfdxi]\s*[)\]]\*?|\(\s*all genders\s*\)/giu;
const PAREN_GROUP = /\([^()]{0,120}\)|\[[^[\]]{0,120}\]/gu;
// Words worth keeping from a parenthesised note: they make a different job, not a different copy.
const SENIORITY = new Set(['junior', 'jr', 'senior', 'sr', 'lead', 'staff', 'principal', 'intern', 'internship', 'trainee', 'werkstudent', 'head', 'mid', 'entry', 'graduate', 'chief', 'director', 'manager']);
const TITLE_FILLER = new Set(['remote', 'hybrid', 'onsite', 'on', 'site', 'office', 'in', 'at', 'the', 'and', 'of', 'for', 'f', 'm', 'w', 'd', 'x', 'gesucht', 'job', 'position', 'role']);

/**
 * The words of a title that name the job: no gender markers, no parenthesised notes (locations, "Remote") except
 * seniority words, no words of the ad's own location, no filler.
 */
export function titleCore(title: string | null | undefined, location?: string | null): Set<string> {
  if (!title) return new Set();
  const bounded = title.slice(0, 300);
  const kept: string[] = [];
  const withoutNotes = bounded.replace(GENDER_GROUP, ' ').replace(PAREN_GROUP, (group) => {
    for (const w of words(group)) if (SENIORITY.has(w)) kept.push(w);
    return ' ';
  });
  const place = new Set(words(location));
  const core = new Set<string>();
  for (const w of [...words(withoutNotes), ...kept]) {
    if (!place.has(w) && !TITLE_FILLER.has(w)) core.add(w);
  }
  return core;
}

/**
 * Two titles name the same job: their cores are alike and they agree on seniority ("Junior Artist Manager" is not
 * "Artist Manager"). A missing title is compatible with anything: HN ads often have none.
 */
export function titlesCompatible(a: DedupDoc, b: DedupDoc): boolean {
  const ca = titleCore(a.title, a.location);
  const cb = titleCore(b.title, b.location);
  if (ca.size === 0 || cb.size === 0) return true;
  const seniority = (core: Set<string>) => [...core].filter((w) => SENIORITY.has(w)).sort().join(' ');
  if (seniority(ca) !== seniority(cb)) return false;
  return jaccard(ca, cb) >= TITLE_THRESHOLD;
}

// ---------------------------------------------------------------- matching

/** Everything dedup needs of one ad, computed once. */
export interface DedupFeatures {
  companyKey: string;
  fingerprint: string;
  shingles: Set<string>;
  signature: Uint32Array;
  /** LSH buckets; empty without a company (near-duplicates are only looked for within a company). */
  buckets: number[];
}

export function dedupFeatures(doc: DedupDoc): DedupFeatures {
  const companyKey = normalizeCompany(doc.company);
  const set = shingles(doc.text);
  const signature = minhash(set);
  return {
    companyKey,
    fingerprint: fingerprint(doc),
    shingles: set,
    signature,
    buckets: companyKey === '' || set.size === 0 ? [] : lshBuckets(signature, companyKey),
  };
}

/** A stored ad that shares an LSH bucket with the one being matched. */
export interface DedupCandidate {
  id: number;
  jobKey: string;
  doc: DedupDoc;
}

/** Where stored ads are looked up: the database (db/history.ts) or memory (MemoryJobIndex). */
export interface JobIndex {
  /** Job key of a stored ad with this fingerprint (the oldest one), if any. */
  jobKeyByFingerprint(fingerprint: string): string | undefined;
  /** Stored ads sharing at least one of these buckets. */
  candidates(buckets: readonly number[]): DedupCandidate[];
}

export interface JobMatch {
  jobKey: string;
  how: 'fingerprint' | 'near-duplicate';
  similarity: number;
}

/**
 * The job an ad belongs to among the indexed ones: an exact fingerprint first, else the most similar near-duplicate
 * candidate of the same company (ties: the oldest, lowest id), else null (a new job).
 */
export function matchJob(doc: DedupDoc, features: DedupFeatures, index: JobIndex, selfId?: number): JobMatch | null {
  const exact = index.jobKeyByFingerprint(features.fingerprint);
  if (exact !== undefined) return { jobKey: exact, how: 'fingerprint', similarity: 1 };
  if (features.buckets.length === 0) return null;
  let best: JobMatch | null = null;
  let bestId = Infinity;
  for (const c of index.candidates(features.buckets)) {
    if (c.id === selfId) continue;
    if (normalizeCompany(c.doc.company) !== features.companyKey) continue;
    if (!titlesCompatible(doc, c.doc)) continue;
    const sim = jaccard(features.shingles, shingles(c.doc.text));
    if (sim < JACCARD_THRESHOLD) continue;
    if (best === null || sim > best.similarity || (sim === best.similarity && c.id < bestId)) {
      best = { jobKey: c.jobKey, how: 'near-duplicate', similarity: sim };
      bestId = c.id;
    }
  }
  return best;
}

/** An in-memory JobIndex: what the database does, for tests and one-off use. */
export class MemoryJobIndex implements JobIndex {
  private readonly fingerprints = new Map<string, string>();
  private readonly buckets = new Map<number, DedupCandidate[]>();
  private nextId = 1;

  jobKeyByFingerprint(fp: string): string | undefined {
    return this.fingerprints.get(fp);
  }

  candidates(buckets: readonly number[]): DedupCandidate[] {
    const seen = new Set<number>();
    const out: DedupCandidate[] = [];
    for (const b of buckets) {
      for (const c of this.buckets.get(b) ?? []) {
        if (!seen.has(c.id)) {
          seen.add(c.id);
          out.push(c);
        }
      }
    }
    return out;
  }

  /** Matches `doc` against everything added so far, then adds it; returns its job key. */
  add(doc: DedupDoc, ownKey: string): { id: number; jobKey: string; match: JobMatch | null } {
    const features = dedupFeatures(doc);
    const match = matchJob(doc, features, this);
    const jobKey = match?.jobKey ?? ownKey;
    const id = this.nextId++;
    if (!this.fingerprints.has(features.fingerprint)) this.fingerprints.set(features.fingerprint, jobKey);
    for (const b of features.buckets) {
      const list = this.buckets.get(b) ?? [];
      list.push({ id, jobKey, doc });
      this.buckets.set(b, list);
    }
    return { id, jobKey, match };
  }
}
