// Compiles a taxonomy into the structures the tagger runs on: a token trie of every alias form
// (with generated spelling variants), the tokens that must stay whole, cue phrases and reject patterns.

import type { Taxonomy, TaxonomyEntry } from '../src/core/types.js';
import { GAP_NONE, TOKEN_HASH_BITS, hashBucket, hashBucket2, pairHash, tokenHash, tokenize, type Tokens } from './tokenize.js';

export interface AliasRef {
  entry: number;
  form: string;
  /** Original text of each alias token, for case-sensitive checks. */
  tokens: string[];
  weak: boolean;
  cs: boolean;
  /** A one-letter alias (C, R): stricter about glued digits. */
  oneLetter: boolean;
  /** The alias ends in a number ("Angular 1"): a version tail may continue it with ".x". */
  endsWithNum: boolean;
  /** Cloud-vendor prefix inside a product name ("AWS Lambda" → aws): entry and token count. */
  alsoEmit: { entry: number; from: number; tokens: number; rule: string }[];
}

/**
 * A trie node for one lower-case alias token. Maps are keyed by tokenHash; `token` confirms the match and
 * `sibling` chains the (rare) tokens with the same hash.
 */
export interface TrieNode {
  token: string;
  sibling: TrieNode | null;
  /** Next alias token written right after this one ("Node" + "." + "js"). */
  glued: HashIndex | null;
  /** Next alias token after whitespace ("Spring" + " Boot"). */
  spaced: HashIndex | null;
  ends: AliasRef[] | null;
}

/** The node for token text `key` in a hash-keyed map, if any. */
export function nodeFor(map: HashIndex | null | undefined, key: string): TrieNode | undefined {
  let node = map?.get(tokenHash(key, 0, key.length));
  while (node && node.token !== key) node = node.sibling ?? undefined;
  return node;
}

export interface CompiledEntry {
  entry: TaxonomyEntry;
  /** Cue phrases as lower-case word sequences, indexed by their first word. */
  cues: CueIndex;
  corroborators: number[];
  /** The entry's reject patterns as one alternation (one scan of the window instead of one per pattern). */
  reject: RegExp | null;
}

/** Cue phrases by first word: each phrase is its list of lower-case words. */
export type CueIndex = Map<string, string[][]>;

export function cueIndex(phrases: readonly string[]): CueIndex {
  const index: CueIndex = new Map();
  for (const p of phrases) {
    const words = cueWords(p);
    if (words.length === 0) continue;
    const list = index.get(words[0]!) ?? [];
    list.push(words);
    index.set(words[0]!, list);
  }
  return index;
}

export interface Compiled {
  version: string;
  entries: CompiledEntry[];
  root: HashIndex;
  /** Alias tokens that are letters+digits ("s3", "ec2") and must not be split. */
  keepWhole: Set<string>;
  /** Dotted alias names that are not domains ("asp.net", "socket.io"). */
  dottedNames: Set<string>;
  /**
   * Pre-filter over hashBucket of alias first tokens: bit 1 when some alias is that one token, bit 2 when
   * some longer alias starts with it. Nearly every word of an ad hits a 0 here and costs nothing more.
   */
  rootBits: Uint8Array;
  /** Second probe for one-token aliases (over hashBucket2). */
  singleFilter: Uint8Array;
  /** Two-probe Bloom filter over pairHash of the first two tokens of longer aliases. */
  pairFilter: Uint8Array;
}

export { pairHash };



const KEEP_ALL: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

/** Tokens of an alias form, never splitting letters+digits. */
function aliasTokens(form: string): Tokens {
  return tokenize(form, { keepWhole: KEEP_ALL, fresh: true });
}

/**
 * Spelling variants a tokeniser would not see as the same: multi-word names also match hyphenated and
 * joined ("React Native" → React-Native, ReactNative; "Apache Spark" → apache-spark), and pre-tokenised
 * corpora's spacing is accepted (". NET", "CI / CD").
 */
export function formVariants(form: string): string[] {
  const out = [form];
  if (/^[\p{L}\p{N}]+(?:[ -][\p{L}\p{N}]+)+$/u.test(form)) {
    const words = form.split(/[ -]/);
    out.push(words.join(' '), words.join('-'), words.join(''));
  }
  if (/^\.[\p{L}]/u.test(form)) out.push('. ' + form.slice(1));
  // "CI/CD" also as "CI / CD" (pre-tokenised text puts spaces around slashes).
  if (/[\p{L}\p{N}]\/[\p{L}\p{N}]/u.test(form)) out.push(form.replace(/([\p{L}\p{N}])\/(?=[\p{L}\p{N}])/gu, '$1 / '));
  return [...new Set(out)];
}

export function compileTaxonomy(tax: Taxonomy): Compiled {
  const index = new Map<string, number>();
  tax.entries.forEach((e, i) => index.set(e.id, i));
  const keepWhole = new Set<string>();
  const dottedNames = new Set<string>();

  // Explicit forms first, so a generated variant never takes a spelling another entry lists.
  const explicit = new Map<string, number>();
  tax.entries.forEach((e, i) => { for (const a of e.aliases) explicit.set(a.form.toLowerCase(), i); });

  const root = new HashIndex();
  const refs: AliasRef[] = [];
  const seen = new Set<string>();
  tax.entries.forEach((entry, ei) => {
    for (const alias of entry.aliases) {
      for (const form of formVariants(alias.form)) {
        const lowerForm = form.toLowerCase();
        if (form !== alias.form) {
          const owner = explicit.get(lowerForm);
          if (owner !== undefined) continue; // listed explicitly (by this or another entry)
        }
        const dedupe = `${ei}\u0000${alias.caseSensitive ? form : lowerForm}\u0000${alias.weak}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const toks = aliasTokens(form);
        if (toks.n === 0) continue;
        const texts: string[] = [];
        const keys: string[] = [];
        for (let k = 0; k < toks.n; k++) {
          const t = form.slice(toks.start[k]!, toks.end[k]!);
          const l = t.toLowerCase();
          texts.push(t);
          keys.push(k === 0 ? l : (toks.gap[k]! > GAP_NONE ? ' ' : '') + l);
          if (/^[a-z]+[0-9]+$/.test(l)) keepWhole.add(l);
        }
        for (const run of lowerForm.split(' ')) if (/[^.]\.[^.]/.test(run)) dottedNames.add(run.replace(/^\.+|\.+$/g, ''));
        const ref: AliasRef = {
          entry: ei, form, tokens: texts, weak: alias.weak, cs: alias.caseSensitive,
          oneLetter: /^\p{L}$/u.test(form), endsWithNum: /^[0-9]+$/.test(texts[texts.length - 1]!), alsoEmit: [],
        };
        insert(root, keys, ref);
        refs.push(ref);
      }
    }
  });

  // "AWS Lambda", "Google Cloud Pub/Sub", "Azure Functions": the cloud's own name inside a product name
  // is a mention of the cloud too (guideline 5). Only cloud-category entries, only strong prefixes. Likewise a
  // family named after a technology names it ("JavaScript framework" → javascript), for the ids the family's
  // entry lists in also_names.
  for (const ref of refs) {
    if (ref.tokens.length < 2) continue;
    const form = aliasTokens(ref.form);
    let node: TrieNode | undefined;
    for (let k = 0; k < form.n - 1; k++) {
      const l = ref.tokens[k]!.toLowerCase();
      node = k === 0 ? nodeFor(root, l) : nodeFor(form.gap[k]! > GAP_NONE ? node?.spaced : node?.glued, l);
      if (!node) break;
      for (const end of node.ends ?? []) {
        const e = tax.entries[end.entry]!;
        const named = e.category === 'cloud' || (tax.entries[ref.entry]!.alsoNames?.includes(e.id) ?? false);
        if (end.entry !== ref.entry && !end.weak && named &&
          (!end.cs || end.tokens.join('') === ref.tokens.slice(0, k + 1).join(''))) {
          ref.alsoEmit = [{ entry: end.entry, from: 0, tokens: k + 1, rule: e.category === 'cloud' ? 'alias:strong+vendor-prefix' : 'alias:strong+named-in-family' }];
        }
      }
    }
  }

  // A family named after a technology at its end ("Embedded Linux" names Linux): the name after the first token.
  for (const ref of refs) {
    const also = tax.entries[ref.entry]!.alsoNames;
    if (!also || ref.tokens.length < 2 || ref.alsoEmit.length > 0) continue;
    const form = aliasTokens(ref.form);
    for (let st = 1; st < form.n && ref.alsoEmit.length === 0; st++) {
      if (form.gap[st]! === GAP_NONE) continue; // inside a glued word
      let node: TrieNode | undefined;
      for (let k = st; k < form.n; k++) {
        const l = ref.tokens[k]!.toLowerCase();
        node = k === st ? nodeFor(root, l) : nodeFor(form.gap[k]! > GAP_NONE ? node?.spaced : node?.glued, l);
        if (!node) break;
        if (k + 1 < form.n && form.gap[k + 1]! === GAP_NONE) continue; // the name must end at a word end
        for (const end of node.ends ?? []) {
          const e = tax.entries[end.entry]!;
          if (end.entry !== ref.entry && !end.weak && also.includes(e.id) && (!end.cs || end.tokens.join('') === ref.tokens.slice(st, k + 1).join(''))) {
            ref.alsoEmit = [{ entry: end.entry, from: st, tokens: k + 1 - st, rule: 'alias:strong+named-in-family' }];
          }
        }
      }
    }
  }

  const entries: CompiledEntry[] = tax.entries.map((entry) => ({
    entry,
    cues: cueIndex(entry.cues),
    corroborators: entry.corroborators.map((id) => index.get(id)).filter((x): x is number => x !== undefined),
    reject: entry.reject.length ? new RegExp(entry.reject.map((p) => `(?:${p})`).join('|'), 'gi') : null,
  }));
  // Most words that start some alias ("in" of "in-memory cache", "team" of "Team City") are not followed by
  // its second token: two bitmaps let the tagger skip them without a map lookup.
  const rootBits = new Uint8Array(1 << TOKEN_HASH_BITS);
  const singleFilter = new Uint8Array(1 << TOKEN_HASH_BITS);
  const pairFilter = new Uint8Array(1 << TOKEN_HASH_BITS);
  for (const [h, head] of root.entries()) {
    for (let node: TrieNode | null = head; node; node = node.sibling) {
      if (node.ends) { rootBits[hashBucket(h)]! |= 1; singleFilter[hashBucket2(h)] = 1; }
      if (node.glued || node.spaced) rootBits[hashBucket(h)]! |= 2;
      for (const map of [node.glued, node.spaced]) if (map) for (const [h2] of map.entries()) {
        const ph = pairHash(h, h2);
        pairFilter[hashBucket(ph)] = 1; pairFilter[hashBucket2(ph)] = 1;
      }
    }
  }
  return { version: tax.version, entries, root, keepWhole, dottedNames, rootBits, singleFilter, pairFilter };
}

/** Inserts an alias; keys after the first start with " " when whitespace precedes the token. */
function insert(root: HashIndex, keys: string[], ref: AliasRef): void {
  let node = child(root, keys[0]!);
  for (let k = 1; k < keys.length; k++) {
    const spaced = keys[k]!.startsWith(' ');
    const key = spaced ? keys[k]!.slice(1) : keys[k]!;
    node = child(spaced ? (node.spaced ??= new HashIndex()) : (node.glued ??= new HashIndex()), key);
  }
  (node.ends ??= []).push(ref);
}

/** The node for key in map, created (and chained on a hash collision) when missing. */
function child(map: HashIndex, key: string): TrieNode {
  const h = tokenHash(key, 0, key.length);
  const head = map.get(h);
  for (let n = head; n; n = n.sibling ?? undefined) if (n.token === key) return n;
  const node: TrieNode = { token: key, sibling: head ?? null, glued: null, spaced: null, ends: null };
  map.set(h, node);
  return node;
}

/** A cue phrase as lower-case words ("server-side" → ["server", "side"]). */
export function cueWords(phrase: string): string[] {
  return phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * An open-addressing table from token hash (30-bit, non-negative) to trie node: the tagger's hot lookup,
 * with no hashing of its own and no allocation.
 */
export class HashIndex {
  private keys: Int32Array;
  private vals: (TrieNode | undefined)[];
  private mask: number;
  private count = 0;

  constructor(capacity = 4) {
    let cap = 8;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Array<TrieNode | undefined>(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(h: number): TrieNode | undefined {
    const keys = this.keys, mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === h) return this.vals[i];
      if (k === -1) return undefined;
      i = (i + 1) & mask;
    }
  }

  set(h: number, node: TrieNode): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    let i = h & this.mask;
    while (this.keys[i] !== -1 && this.keys[i] !== h) i = (i + 1) & this.mask;
    if (this.keys[i] === -1) this.count++;
    this.keys[i] = h;
    this.vals[i] = node;
  }

  *entries(): IterableIterator<[number, TrieNode]> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) yield [this.keys[i]!, this.vals[i]!];
  }

  private grow(): void {
    const old = [...this.entries()];
    const cap = this.keys.length * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Array<TrieNode | undefined>(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (const [h, node] of old) this.set(h, node);
  }
}
