// Small pure pieces of the storage layer: best strength per tech, snippets, SQLite error translation.

import { describe, expect, it } from 'vitest';
import { bestStrengths } from '../../db/store.js';
import { snippetAround } from '../../db/queries.js';
import { toDatabaseError } from '../../db/db-error.js';
import { DatabaseError } from '../../src/core/errors.js';
import type { Mention } from '../../src/core/types.js';

/** No lone surrogate halves. */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const m = (tech: string, strength: Mention['strength'], offset = 0): Mention => ({ tech, strength, offset, length: 1, text: 'x', rule: 'r' });

describe('db helpers', () => {
  it('bestStrengths keeps the strongest strength per technology', () => {
    const best = bestStrengths([m('go', 'mentioned'), m('sql', 'preferred'), m('go', 'required'), m('sql', 'mentioned'), m('rust', 'mentioned')]);
    expect([...best]).toEqual([
      ['go', 'required'],
      ['sql', 'preferred'],
      ['rust', 'mentioned'],
    ]);
    expect(bestStrengths([]).size).toBe(0);
  });

  it('snippetAround cuts around the mention and keeps the highlight on it', () => {
    const text = `${'a'.repeat(300)}\nWe use PostgreSQL daily\n${'b'.repeat(300)}`;
    const at = text.indexOf('PostgreSQL');
    const s = snippetAround(text, at, 10, 20);
    expect(s.snippet.startsWith('…')).toBe(true);
    expect(s.snippet.endsWith('…')).toBe(true);
    expect(s.snippet.slice(s.highlightStart, s.highlightStart + s.highlightLength)).toBe('PostgreSQL');
    expect(s.snippet).not.toContain('\n');
    const short = snippetAround('Go and Rust', 7, 4);
    expect(short).toEqual({ snippet: 'Go and Rust', highlightStart: 7, highlightLength: 4 });
  });

  it('snippetAround never splits a surrogate pair', () => {
    const text = `${'x'.repeat(5)}😀${'y'.repeat(10)}Kotlin${'z'.repeat(10)}😀tail`;
    const at = text.indexOf('Kotlin');
    // A radius that would start the cut in the middle of the first emoji.
    const s = snippetAround(text, at, 6, at - 6);
    expect(s.snippet).toContain('😀');
    expect(wellFormed(s.snippet)).toBe(true);
    expect(s.snippet.slice(s.highlightStart, s.highlightStart + 6)).toBe('Kotlin');
    const end = snippetAround(text, at, 6, 11);
    expect(wellFormed(end.snippet)).toBe(true);
    expect(wellFormed('a\uD83D')).toBe(false);
  });

  it('toDatabaseError translates storage failures and passes everything else through', () => {
    const sqlite = (code: string): Error => Object.assign(new Error(`boom ${code}`), { code });
    const full = toDatabaseError(sqlite('SQLITE_FULL'), '/data/td.db', 'saving postings');
    expect(full).toBeInstanceOf(DatabaseError);
    expect((full as Error).message).toMatch(/^\/data\/td\.db: disk full while saving postings/);
    expect((toDatabaseError(sqlite('SQLITE_READONLY_DBMOVED'), 'f.db', 'x') as Error).message).toMatch(/f\.db is read-only/);
    expect((toDatabaseError(sqlite('SQLITE_CORRUPT_INDEX'), 'f.db', 'x') as Error).message).toMatch(/f\.db is corrupt/);
    expect((toDatabaseError(sqlite('SQLITE_IOERR_WRITE'), 'f.db', 'x') as Error).message).toMatch(/I\/O error/);
    const constraint = sqlite('SQLITE_CONSTRAINT_UNIQUE');
    expect(toDatabaseError(constraint, 'f.db', 'x')).toBe(constraint);
    const plain = new TypeError('bug');
    expect(toDatabaseError(plain, 'f.db', 'x')).toBe(plain);
  });
});
