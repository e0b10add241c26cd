// Co-occurrence: what is asked together with a technology (lift and P(B|A)), and common stacks
// (frequent sets of 2-4 technologies, Apriori-style) over encoded postings.

import { UsageError } from '../core/errors.js';
import type { EncodedPostings } from './encode.js';
import { REQUIRED } from './encode.js';
import type { Proportion } from './stats.js';
import { lift, wilson } from './stats.js';

export interface CooccurrenceRow {
  tech: string;
  /** Postings with both the anchor and this tech. */
  together: number;
  /** Postings with this tech. */
  count: number;
  /** P(tech | anchor) with its 95% Wilson interval: of the anchor's postings, the share asking for tech. */
  conditional: Proportion;
  /** P(anchor ∧ tech) / (P(anchor)·P(tech)). */
  lift: number;
}

export interface CooccurrenceResult {
  /** The anchor's members (one tech, or a roll-up's members). */
  anchor: string[];
  /** Postings mentioning the anchor. */
  anchorCount: number;
  total: number;
  rows: CooccurrenceRow[];
}

export interface CooccurrenceOptions {
  /** Drop partners seen together fewer times than this (default 5). */
  minTogether?: number;
  /** Max rows (default 30). */
  limit?: number;
  /** Rank by conditional share (default) or by lift. */
  rankBy?: 'conditional' | 'lift';
  /** Only count required mentions, for both anchor and partners. */
  requiredOnly?: boolean;
}

/**
 * What comes with `anchor` (a tech id, or several ids meaning "any of them"): for every other
 * technology B, how many anchor postings also ask for B, P(B|anchor), and lift. One pass over the data.
 */
export function cooccurrence(enc: EncodedPostings, anchor: string | readonly string[], options: CooccurrenceOptions = {}): CooccurrenceResult {
  const minTogether = options.minTogether ?? 5;
  const limit = options.limit ?? 30;
  const members = typeof anchor === 'string' ? [anchor] : [...anchor];
  const T = enc.techIds.length;
  const isAnchor = new Uint8Array(T);
  for (const m of members) {
    const c = enc.techCode.get(m);
    if (c !== undefined) isAnchor[c] = 1;
  }
  const together = new Int32Array(T);
  const count = new Int32Array(T);
  let anchorCount = 0;
  const req = options.requiredOnly === true;
  for (let i = 0; i < enc.size; i++) {
    const a = enc.start[i]!;
    const b = enc.start[i + 1]!;
    let hasAnchor = false;
    for (let j = a; j < b; j++) {
      if (req && enc.strength[j] !== REQUIRED) continue;
      count[enc.tech[j]!]!++;
      if (isAnchor[enc.tech[j]!]) hasAnchor = true;
    }
    if (!hasAnchor) continue;
    anchorCount++;
    for (let j = a; j < b; j++) {
      if (req && enc.strength[j] !== REQUIRED) continue;
      together[enc.tech[j]!]!++;
    }
  }
  const rows: CooccurrenceRow[] = [];
  for (let c = 0; c < T; c++) {
    if (isAnchor[c] || together[c]! < minTogether || together[c] === 0) continue;
    rows.push({
      tech: enc.techIds[c]!,
      together: together[c]!,
      count: count[c]!,
      conditional: wilson(together[c]!, anchorCount),
      lift: lift(together[c]!, anchorCount, count[c]!, enc.size),
    });
  }
  const byConditional = (x: CooccurrenceRow, y: CooccurrenceRow): number =>
    y.together - x.together || y.lift - x.lift || (x.tech < y.tech ? -1 : 1);
  const byLift = (x: CooccurrenceRow, y: CooccurrenceRow): number =>
    y.lift - x.lift || y.together - x.together || (x.tech < y.tech ? -1 : 1);
  rows.sort(options.rankBy === 'lift' ? byLift : byConditional);
  return { anchor: members, anchorCount, total: enc.size, rows: rows.slice(0, limit) };
}

export interface PairMatrix {
  /** The requested technologies with how many postings mention each, in the order given. */
  techs: { tech: string; count: number }[];
  /** Unordered pairs (a before b in the order given) seen together at least once. */
  pairs: { a: string; b: string; count: number; lift: number }[];
  total: number;
}

/** Pairwise co-occurrence among a chosen set of technologies (e.g. the top 15), in one pass. */
export function pairMatrix(enc: EncodedPostings, techs: readonly string[], options: { requiredOnly?: boolean } = {}): PairMatrix {
  const ids = [...new Set(techs)];
  const K = ids.length;
  const slot = new Int32Array(enc.techIds.length).fill(-1);
  ids.forEach((id, k) => {
    const c = enc.techCode.get(id);
    if (c !== undefined) slot[c] = k;
  });
  const single = new Int32Array(K);
  const both = new Int32Array(K * K);
  const present: number[] = [];
  for (let i = 0; i < enc.size; i++) {
    present.length = 0;
    for (let j = enc.start[i]!, e = enc.start[i + 1]!; j < e; j++) {
      if (options.requiredOnly && enc.strength[j] !== REQUIRED) continue;
      const k = slot[enc.tech[j]!]!;
      if (k >= 0) present.push(k);
    }
    for (let x = 0; x < present.length; x++) {
      const kx = present[x]!;
      single[kx]!++;
      for (let y = x + 1; y < present.length; y++) {
        const ky = present[y]!;
        both[Math.min(kx, ky) * K + Math.max(kx, ky)]!++;
      }
    }
  }
  const pairs: PairMatrix['pairs'] = [];
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const n = both[a * K + b]!;
      if (n > 0) pairs.push({ a: ids[a]!, b: ids[b]!, count: n, lift: lift(n, single[a]!, single[b]!, enc.size) });
    }
  }
  return { techs: ids.map((tech, k) => ({ tech, count: single[k]! })), pairs, total: enc.size };
}

export interface Stack {
  /** Member tech ids, sorted. */
  techs: string[];
  /** Postings asking for all of them. */
  count: number;
  /** count / total postings. */
  support: number;
  /** P(all) / Π P(each): how much more often they come together than if independent. */
  lift: number;
}

export interface StackOptions {
  /** Minimum support as a fraction of postings (default 0.01); the larger of this and minCount applies. */
  minSupport?: number;
  /** Minimum support as a count (default 5). */
  minCount?: number;
  minSize?: number;
  /** At most 4 (default 4). */
  maxSize?: number;
  /** Drop sets whose lift is at or below this (default 1: no better than chance is not a stack). */
  minLift?: number;
  /** 'support' (default): most common first, lift breaks ties; 'lift': most characteristic first. */
  rankBy?: 'support' | 'lift';
  limit?: number;
  /** Tech ids never part of a stack (e.g. generic concepts). */
  exclude?: readonly string[];
  requiredOnly?: boolean;
}

export interface StacksResult {
  total: number;
  minCount: number;
  stacks: Stack[];
}

/**
 * Frequent technology sets of size 2..4 (Apriori). Level k counts only the k-sets of a posting whose
 * every (k-1)-subset was frequent (anti-monotonicity). Counters are dense typed arrays indexed by
 * (frequent (k-1)-set, next item), so the per-posting loops do only array reads and increments.
 */
export function frequentStacks(enc: EncodedPostings, options: StackOptions = {}): StacksResult {
  const minSize = Math.max(2, options.minSize ?? 2);
  const maxSize = options.maxSize ?? 4;
  if (maxSize > 4 || maxSize < minSize) throw new UsageError(`stack size must be within 2..4 (got ${minSize}..${maxSize})`);
  const N = enc.size;
  const minCount = Math.max(1, options.minCount ?? 5, Math.ceil((options.minSupport ?? 0.01) * N));
  const minLift = options.minLift ?? 1;
  const req = options.requiredOnly === true;
  const T = enc.techIds.length;
  const excluded = new Uint8Array(T);
  for (const id of options.exclude ?? []) {
    const c = enc.techCode.get(id);
    if (c !== undefined) excluded[c] = 1;
  }

  // Level 1: frequent singles, re-coded to dense ranks 0..F-1 so set keys fit in a double.
  const single = new Int32Array(T);
  for (let j = 0, n = enc.start[N]!; j < n; j++) if (!req || enc.strength[j] === REQUIRED) single[enc.tech[j]!]!++;
  const rankOf = new Int32Array(T).fill(-1);
  const codeOfRank: number[] = [];
  for (let c = 0; c < T; c++) {
    if (single[c]! >= minCount && !excluded[c]) {
      rankOf[c] = codeOfRank.length;
      codeOfRank.push(c);
    }
  }
  const F = codeOfRank.length;
  if (F > 2048) throw new UsageError(`too many frequent technologies (${F}) for stacks: raise the minimum support`);

  // Each posting's frequent items as ascending ranks (ranks follow code order, and codes are sorted
  // within a posting, so no sort is needed), in one flat array.
  const itemStart = new Int32Array(N + 1);
  const items = new Int32Array(enc.start[N]!);
  let w = 0;
  for (let i = 0; i < N; i++) {
    itemStart[i] = w;
    const from = w;
    for (let j = enc.start[i]!, e = enc.start[i + 1]!; j < e; j++) {
      if (req && enc.strength[j] !== REQUIRED) continue;
      const r = rankOf[enc.tech[j]!]!;
      if (r >= 0) items[w++] = r;
    }
    if (w - from < 2) w = from; // a single frequent item makes no set
  }
  itemStart[N] = w;

  // Level 2: a dense triangle of pair counts (F ≤ 2048, so at most 4M cells; in practice F is a few hundred).
  const pairCount = new Int32Array(F * F);
  for (let i = 0; i < N; i++) {
    const a = itemStart[i]!;
    const b = itemStart[i + 1]!;
    for (let x = a; x < b; x++) {
      const base = items[x]! * F;
      for (let y = x + 1; y < b; y++) pairCount[base + items[y]!]!++;
    }
  }
  // pairIndex[a·F + b] = index of the frequent pair (a, b), -1 if not frequent: an O(1) typed-array check.
  const pairIndex = new Int32Array(F * F).fill(-1);
  const pairs: number[] = [];
  for (let k = 0; k < F * F; k++) {
    if (pairCount[k]! >= minCount) {
      pairIndex[k] = pairs.length;
      pairs.push(k);
    }
  }
  const found: { ranks: number[]; count: number }[] = [];
  if (minSize <= 2) for (const k of pairs) found.push({ ranks: [Math.floor(k / F), k % F], count: pairCount[k]! });

  // Level 3: counts3[pairIndex(a, b)·F + c] for a < b < c whose three pairs are all frequent.
  let tripleIndex: Int32Array | null = null;
  const triples: number[] = []; // positions p·F + c of frequent triples
  if (maxSize >= 3 && pairs.length > 0) {
    if (pairs.length * F > 50_000_000) throw new UsageError('too many frequent pairs for stacks: raise the minimum support');
    const counts3 = new Int32Array(pairs.length * F);
    for (let i = 0; i < N; i++) {
      const a = itemStart[i]!;
      const b = itemStart[i + 1]!;
      for (let x = a; x < b - 2; x++) {
        const rx = items[x]! * F;
        for (let y = x + 1; y < b - 1; y++) {
          const p = pairIndex[rx + items[y]!]!;
          if (p < 0) continue;
          const ry = items[y]! * F;
          const row = p * F;
          for (let z = y + 1; z < b; z++) {
            const rz = items[z]!;
            if (pairIndex[rx + rz]! >= 0 && pairIndex[ry + rz]! >= 0) counts3[row + rz]!++;
          }
        }
      }
    }
    tripleIndex = new Int32Array(pairs.length * F).fill(-1);
    for (let k = 0; k < counts3.length; k++) {
      if (counts3[k]! >= minCount) {
        tripleIndex[k] = triples.length;
        triples.push(k);
        if (minSize <= 3) {
          const pk = pairs[Math.floor(k / F)]!;
          found.push({ ranks: [Math.floor(pk / F), pk % F, k % F], count: counts3[k]! });
        }
      }
    }
  }

  // Level 4: counts4[tripleIndex(a, b, c)·F + d] when (a,b,d), (a,c,d), (b,c,d) are frequent triples.
  if (maxSize >= 4 && tripleIndex && triples.length > 0) {
    if (triples.length * F > 50_000_000) throw new UsageError('too many frequent triples for stacks: raise the minimum support');
    const ti = tripleIndex;
    const tripleOf = (x: number, y: number, z: number): number => {
      const p = pairIndex[x * F + y]!;
      return p < 0 ? -1 : ti[p * F + z]!;
    };
    const counts4 = new Int32Array(triples.length * F);
    for (let i = 0; i < N; i++) {
      const a = itemStart[i]!;
      const b = itemStart[i + 1]!;
      if (b - a < 4) continue;
      for (let x = a; x < b - 3; x++) {
        const rx = items[x]!;
        for (let y = x + 1; y < b - 2; y++) {
          const ry = items[y]!;
          if (pairIndex[rx * F + ry]! < 0) continue;
          for (let z = y + 1; z < b - 1; z++) {
            const rz = items[z]!;
            const t = tripleOf(rx, ry, rz);
            if (t < 0) continue;
            const row = t * F;
            for (let q = z + 1; q < b; q++) {
              const rq = items[q]!;
              if (tripleOf(rx, ry, rq) >= 0 && tripleOf(rx, rz, rq) >= 0 && tripleOf(ry, rz, rq) >= 0) counts4[row + rq]!++;
            }
          }
        }
      }
    }
    for (let k = 0; k < counts4.length; k++) {
      if (counts4[k]! >= minCount) {
        const tk = triples[Math.floor(k / F)]!;
        const pk = pairs[Math.floor(tk / F)]!;
        found.push({ ranks: [Math.floor(pk / F), pk % F, tk % F, k % F], count: counts4[k]! });
      }
    }
  }

  const stacks: Stack[] = [];
  for (const { ranks, count } of found) {
    let expected = 1;
    for (const r of ranks) expected *= single[codeOfRank[r]!]! / N;
    const support = count / N;
    const l = expected > 0 ? support / expected : 0;
    if (l <= minLift) continue;
    stacks.push({ techs: ranks.map((r) => enc.techIds[codeOfRank[r]!]!).sort(), count, support, lift: l });
  }
  const tie = (x: Stack, y: Stack): number => (x.techs.join(',') < y.techs.join(',') ? -1 : 1);
  if (options.rankBy === 'lift') stacks.sort((x, y) => y.lift - x.lift || y.count - x.count || tie(x, y));
  else stacks.sort((x, y) => y.count - x.count || y.lift - x.lift || tie(x, y));
  return { total: N, minCount, stacks: stacks.slice(0, options.limit ?? 50) };
}
