// SeenKeys (src/seen-keys.ts) keeps decimal ids as numbers to halve a backfill's memory; it must answer exactly as
// a Set of the strings would, for any ids a source may send.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../src/seen-keys.js';

describe('SeenKeys', () => {
  it('counts a repeated id once, numeric or not', () => {
    const seen = new SeenKeys();
    expect(['46123456', 'gh-77', '46123456', 'gh-77', '0'].map((k) => seen.add(k))).toEqual([true, true, false, false, true]);
    expect(seen.size).toBe(3);
  });

  it('keeps ids apart that the same number would print from differently', () => {
    const seen = new SeenKeys();
    for (const k of ['123', '0123', '123.0', '1e2', '100', ' 123', '-123', '+123', '9007199254740993', '9007199254740992', '123456789012345', '1234567890123456']) {
      expect(seen.add(k), k).toBe(true);
    }
    expect(seen.add('123')).toBe(false);
    expect(seen.add('9007199254740993')).toBe(false);
  });

  it('answers as a Set of the strings would, for any sequence of ids', () => {
    const id = fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 999 }).map(String), fc.constantFrom('0', '00', '01', '1', '10', '1.5', '-0'));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 60 }), (ids) => {
        const seen = new SeenKeys();
        const plain = new Set<string>();
        for (const k of ids) {
          const isNew = !plain.has(k);
          plain.add(k);
          if (seen.add(k) !== isNew) return false;
        }
        return seen.size === plain.size;
      }),
      { numRuns: 500 },
    );
  });
});
