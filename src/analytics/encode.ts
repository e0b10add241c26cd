// The compact, integer-coded form of "which technologies does each posting ask for".
//
// Gap and co-occurrence analysis run over up to a million postings, so postings are stored column-wise
// in typed arrays (CSR layout): posting i's technologies are tech[start[i] .. start[i+1]), sorted by
// code, distinct, each with the strongest strength the posting gave it. Nothing in the hot loops
// allocates per posting.

import { UsageError } from '../core/errors.js';
import type { Month, Strength } from '../core/types.js';
import { monthIndex } from './months.js';

/** One posting's technologies as plain data (the hand-writable form used in tests and small inputs). */
export interface PostingTechSet {
  id: string | number;
  month: Month;
  techs: { tech: string; strength: Strength }[];
  company?: string | null;
}

/** Strength codes: lower is stronger, so "strongest" is a min. */
export const STRENGTH_CODE: Readonly<Record<Strength, number>> = { required: 0, preferred: 1, mentioned: 2 };
export const REQUIRED = 0;

export interface EncodedPostings {
  /** Number of postings. */
  size: number;
  /** Code → taxonomy id. */
  techIds: string[];
  /** Taxonomy id → code. */
  techCode: Map<string, number>;
  /** Length size + 1: posting i owns tech[start[i]] .. tech[start[i + 1] - 1]. */
  start: Int32Array;
  /** Tech codes, ascending and distinct within each posting. */
  tech: Int32Array;
  /** Strength code per tech entry (STRENGTH_CODE). */
  strength: Uint8Array;
  /** Month index per posting (see monthIndex). */
  month: Int32Array;
  /** Company code per posting, -1 when unknown. */
  company: Int32Array;
  /** Code → company name. */
  companies: string[];
}

class GrowInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowUint8 {
  data: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint8Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Streaming builder: feed rows grouped by posting (all rows of one posting consecutive, as an
 * `ORDER BY posting_id` query yields them). A posting without technologies is one row with tech = null.
 * The row callback signature matches what db/analytics-queries.ts hands out, so the two connect without
 * an intermediate array of objects.
 */
export class PostingEncoder {
  private readonly techIds: string[];
  private readonly techCode: Map<string, number>;
  private readonly companies: string[] = [];
  private readonly companyCode = new Map<string, number>();
  private readonly monthCache = new Map<string, number>();
  private readonly start = new GrowInt32();
  private readonly tech = new GrowInt32(4096);
  private readonly strength = new GrowUint8(4096);
  private readonly month = new GrowInt32();
  private readonly company = new GrowInt32();
  private currentKey: unknown = undefined;
  private open = false;
  private postingStart = 0;

  /** `techIds` fixes the code of known ids up front (e.g. the taxonomy's order); others get new codes. */
  constructor(techIds: readonly string[] = []) {
    this.techIds = [...techIds];
    this.techCode = new Map(this.techIds.map((id, i) => [id, i]));
    if (this.techCode.size !== this.techIds.length) throw new UsageError('PostingEncoder: duplicate tech ids');
  }

  /** Code of a tech id, assigning a new one if needed. */
  code(tech: string): number {
    let c = this.techCode.get(tech);
    if (c === undefined) {
      c = this.techIds.length;
      this.techIds.push(tech);
      this.techCode.set(tech, c);
    }
    return c;
  }

  add(postingKey: string | number, month: Month, tech: string | null, strength: Strength | null, company?: string | null): void {
    if (!this.open || postingKey !== this.currentKey) {
      this.closePosting();
      this.open = true;
      this.currentKey = postingKey;
      this.postingStart = this.tech.length;
      this.start.push(this.postingStart);
      let mi = this.monthCache.get(month);
      if (mi === undefined) {
        mi = monthIndex(month);
        this.monthCache.set(month, mi);
      }
      this.month.push(mi);
      if (company === undefined || company === null || company === '') this.company.push(-1);
      else {
        let cc = this.companyCode.get(company);
        if (cc === undefined) {
          cc = this.companies.length;
          this.companies.push(company);
          this.companyCode.set(company, cc);
        }
        this.company.push(cc);
      }
    }
    if (tech === null) return;
    const s = strength === null ? STRENGTH_CODE.mentioned : STRENGTH_CODE[strength];
    if (s === undefined) throw new UsageError(`unknown strength "${String(strength)}" for ${tech}`);
    this.tech.push(this.code(tech));
    this.strength.push(s);
  }

  /** Sort the open posting's techs by code and merge duplicates, keeping the strongest strength. */
  private closePosting(): void {
    if (!this.open) return;
    const t = this.tech.data;
    const s = this.strength.data;
    const a = this.postingStart;
    const b = this.tech.length;
    // Insertion sort: postings carry a handful of techs, and this allocates nothing.
    for (let i = a + 1; i < b; i++) {
      const tv = t[i]!;
      const sv = s[i]!;
      let j = i - 1;
      while (j >= a && t[j]! > tv) {
        t[j + 1] = t[j]!;
        s[j + 1] = s[j]!;
        j--;
      }
      t[j + 1] = tv;
      s[j + 1] = sv;
    }
    let w = a;
    for (let i = a; i < b; i++) {
      if (w > a && t[w - 1] === t[i]) {
        if (s[i]! < s[w - 1]!) s[w - 1] = s[i]!;
      } else {
        t[w] = t[i]!;
        s[w] = s[i]!;
        w++;
      }
    }
    this.tech.length = w;
    this.strength.length = w;
    this.open = false;
  }

  finish(): EncodedPostings {
    this.closePosting();
    const size = this.month.length;
    const start = new Int32Array(size + 1);
    start.set(this.start.data.subarray(0, size));
    start[size] = this.tech.length;
    return {
      size,
      techIds: this.techIds,
      techCode: this.techCode,
      start,
      tech: this.tech.trimmed(),
      strength: this.strength.trimmed(),
      month: this.month.trimmed(),
      company: this.company.trimmed(),
      companies: this.companies,
    };
  }
}

/** Encode plain posting sets (tests, small inputs). */
export function encodePostings(sets: readonly PostingTechSet[], techIds: readonly string[] = []): EncodedPostings {
  const enc = new PostingEncoder(techIds);
  sets.forEach((p, i) => {
    // Index-keyed so two sets with the same id still stay two postings.
    if (p.techs.length === 0) enc.add(i, p.month, null, null, p.company);
    for (const t of p.techs) enc.add(i, p.month, t.tech, t.strength, p.company);
  });
  return enc.finish();
}

/** Keep the postings for which `keep(i)` is true (e.g. a month window), re-using the tech codes. */
export function selectPostings(enc: EncodedPostings, keep: (i: number) => boolean): EncodedPostings {
  const idx: number[] = [];
  let entries = 0;
  for (let i = 0; i < enc.size; i++) {
    if (keep(i)) {
      idx.push(i);
      entries += enc.start[i + 1]! - enc.start[i]!;
    }
  }
  const size = idx.length;
  const start = new Int32Array(size + 1);
  const tech = new Int32Array(entries);
  const strength = new Uint8Array(entries);
  const month = new Int32Array(size);
  const company = new Int32Array(size);
  let w = 0;
  for (let k = 0; k < size; k++) {
    const i = idx[k]!;
    start[k] = w;
    month[k] = enc.month[i]!;
    company[k] = enc.company[i]!;
    for (let j = enc.start[i]!; j < enc.start[i + 1]!; j++, w++) {
      tech[w] = enc.tech[j]!;
      strength[w] = enc.strength[j]!;
    }
  }
  start[size] = w;
  return { size, techIds: enc.techIds, techCode: enc.techCode, start, tech, strength, month, company, companies: enc.companies };
}

/** Postings whose month lies in [since, until] (inclusive; either end optional). */
export function selectMonths(enc: EncodedPostings, since?: Month, until?: Month): EncodedPostings {
  const a = since === undefined ? -Infinity : monthIndex(since);
  const b = until === undefined ? Infinity : monthIndex(until);
  return selectPostings(enc, (i) => enc.month[i]! >= a && enc.month[i]! <= b);
}
