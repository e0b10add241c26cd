// The external ids a run has already taken from one source, so an ad a source repeats (pagination overlap) is
// counted once. A backfill holds a million of them for the whole run: ids that are plain decimal integers (HN
// items, most ATS job ids) are kept as numbers, which a Set stores inline, at about half the memory of strings
// (21 instead of 45 MB per million). Exact: only a string that a number prints back to identically is turned
// into one, so "0123" and "123" stay two ids.

const CANONICAL_SAFE_INTEGER = /^(0|[1-9]\d{0,14})$/;

export class SeenKeys {
  private readonly numbers = new Set<number>();
  private readonly strings = new Set<string>();

  /** True the first time a key is added, false for a repeat. */
  add(key: string): boolean {
    if (CANONICAL_SAFE_INTEGER.test(key)) {
      const n = Number(key);
      if (this.numbers.has(n)) return false;
      this.numbers.add(n);
      return true;
    }
    if (this.strings.has(key)) return false;
    this.strings.add(key);
    return true;
  }

  get size(): number {
    return this.numbers.size + this.strings.size;
  }
}
