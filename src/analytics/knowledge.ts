// What a learner effectively knows: what they listed, plus what that implies through the taxonomy.
// Knowing Django means knowing Python (django implies python); knowing PostgreSQL satisfies an ad that
// asks for "a relational database" (postgresql is_a relational-database). part_of does not propagate:
// knowing AWS Lambda is not knowing AWS.

import type { RelationType } from '../core/types.js';
import type { RelationRow } from './rollups.js';
import { RelationIndex } from './rollups.js';

/** The relation types along which knowledge flows upward (child → parent). */
export const KNOWLEDGE_RELATIONS: readonly RelationType[] = ['implies', 'is_a'];

export interface KnownTech {
  tech: string;
  confidence: number;
  /** null when listed by the person; else the listed technology it was derived from. */
  via: string | null;
}

/**
 * Listed confidences plus derived ones: every implies/is_a ancestor of a listed technology gets the
 * highest confidence among the listed technologies leading to it, unless the person listed it
 * themselves (what they say about a technology wins over what we infer).
 */
export function effectiveKnowledge(
  listed: ReadonlyMap<string, number> | readonly { tech: string; confidence: number }[],
  relations: readonly RelationRow[] | RelationIndex,
): Map<string, KnownTech> {
  const index = relations instanceof RelationIndex ? relations : new RelationIndex(relations, KNOWLEDGE_RELATIONS);
  const entries: [string, number][] = listed instanceof Map ? [...listed] : (listed as { tech: string; confidence: number }[]).map((k) => [k.tech, k.confidence]);
  const out = new Map<string, KnownTech>();
  for (const [tech, confidence] of entries) out.set(tech, { tech, confidence, via: null });
  // Highest listed confidence first, so the first derivation of a parent is the strongest one.
  for (const [tech, confidence] of [...entries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    for (const parent of index.ancestors(tech)) {
      if (!out.has(parent)) out.set(parent, { tech: parent, confidence, via: tech });
    }
  }
  return out;
}
