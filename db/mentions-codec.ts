// How a posting's mentions are stored: one JSON array in postings.mentions (migration 003) and one posting_tech row
// per technology with its best strength. Pure functions, so tagging threads can prepare a batch (src/tag-worker.ts)
// and the writer only binds the results.
import { InputError } from '../src/core/errors.js';
import type { Mention, PreparedMentions, Strength } from '../src/core/types.js';

export const STRENGTH_RANK: Record<Strength, number> = { required: 3, preferred: 2, mentioned: 1 };

function isNonNegativeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Throws an InputError naming `where` and the mention when one is not storable. */
export function checkMentions(where: string, mentions: readonly Mention[]): void {
  if (!Array.isArray(mentions)) throw new InputError(`${where}: mentions must be an array`);
  mentions.forEach((m, i) => {
    const at = `${where}: mention ${i + 1}`;
    if (typeof m.tech !== 'string' || m.tech === '') throw new InputError(`${at}: tech must be a non-empty id`);
    if (!(m.strength in STRENGTH_RANK)) throw new InputError(`${at}: unknown strength ${JSON.stringify(m.strength)}`);
    if (!isNonNegativeInteger(m.offset) || !isNonNegativeInteger(m.length)) {
      throw new InputError(`${at}: offset and length must be non-negative integers`);
    }
    if (typeof m.text !== 'string' || typeof m.rule !== 'string') throw new InputError(`${at}: text and rule must be strings`);
  });
}

/**
 * postings.mentions: [[tech, offset, length, strength, rule, text], …] in text order, longer matches first at one
 * offset. db/queries.ts parseMentions reads it back.
 */
export function mentionsJson(mentions: readonly Mention[]): string {
  const sorted = [...mentions].sort((a, b) => a.offset - b.offset || b.length - a.length);
  return JSON.stringify(sorted.map((m) => [m.tech, m.offset, m.length, m.strength, m.rule, m.text]));
}

/** Best strength per technology, in the order technologies first appear. */
export function bestStrengths(mentions: readonly Mention[]): Map<string, Strength> {
  const best = new Map<string, Strength>();
  for (const m of mentions) {
    const current = best.get(m.tech);
    if (!current || STRENGTH_RANK[m.strength] > STRENGTH_RANK[current]) best.set(m.tech, m.strength);
  }
  return best;
}

/** Encodes mentions that checkMentions accepted. */
export function encodeMentions(mentions: readonly Mention[]): PreparedMentions {
  return { json: mentionsJson(mentions), techs: [...bestStrengths(mentions)] };
}

/** Checks and encodes one posting's mentions for the store (`where` names the posting in errors). */
export function prepareMentions(where: string, mentions: readonly Mention[]): PreparedMentions {
  checkMentions(where, mentions);
  return encodeMentions(mentions);
}
