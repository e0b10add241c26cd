// Taxonomy relations as plain rows, their transitive closures, and roll-ups: a named group of
// technologies ("any relational database", "Python incl. Django") that a posting matches once if it
// mentions any member.

import { UsageError } from '../core/errors.js';
import type { RelationType, TaxonomyRelation } from '../core/types.js';

/** One taxonomy relation: `from` <type> `to`, e.g. {from: "django", type: "implies", to: "python"}. */
export interface RelationRow {
  from: string;
  type: RelationType;
  to: string;
}

/** Flatten entries' relations into rows. */
export function relationRows(entries: readonly { id: string; relations: readonly TaxonomyRelation[] }[]): RelationRow[] {
  const rows: RelationRow[] = [];
  for (const e of entries) for (const r of e.relations) rows.push({ from: e.id, type: r.type, to: r.target });
  return rows;
}

/** Adjacency of the chosen relation types, in the chosen direction. */
function adjacency(relations: readonly RelationRow[], types: readonly RelationType[], reverse: boolean): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const r of relations) {
    if (!types.includes(r.type)) continue;
    const a = reverse ? r.to : r.from;
    const b = reverse ? r.from : r.to;
    let list = adj.get(a);
    if (!list) adj.set(a, (list = []));
    list.push(b);
  }
  return adj;
}

function reach(start: string, adj: Map<string, string[]>): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const next of adj.get(queue[q]!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  seen.delete(start);
  return [...seen];
}

/**
 * Everything `id` leads to through the given relation types, transitively (cycle-safe, excludes `id`).
 * ancestors("django", rows, ["implies"]) → ["python"].
 */
export function ancestors(id: string, relations: readonly RelationRow[], types: readonly RelationType[]): string[] {
  return reach(id, adjacency(relations, types, false));
}

/** Everything that leads to `id` through the given relation types, transitively (excludes `id`). */
export function descendants(id: string, relations: readonly RelationRow[], types: readonly RelationType[]): string[] {
  return reach(id, adjacency(relations, types, true));
}

/** Precomputed closures for many look-ups (gap analysis asks for every technology). */
export class RelationIndex {
  private readonly up: Map<string, string[]>;
  private readonly down: Map<string, string[]>;
  private readonly cacheUp = new Map<string, string[]>();
  constructor(relations: readonly RelationRow[], readonly types: readonly RelationType[]) {
    this.up = adjacency(relations, types, false);
    this.down = adjacency(relations, types, true);
  }
  /** Direct targets of `id`. */
  parents(id: string): readonly string[] {
    return this.up.get(id) ?? [];
  }
  /** Direct sources pointing at `id`. */
  children(id: string): readonly string[] {
    return this.down.get(id) ?? [];
  }
  /** Transitive targets (cached). */
  ancestors(id: string): readonly string[] {
    let a = this.cacheUp.get(id);
    if (!a) this.cacheUp.set(id, (a = reach(id, this.up)));
    return a;
  }
  descendants(id: string): string[] {
    return reach(id, this.down);
  }
}

export type RollupKind = 'category' | 'is_a' | 'implies';

export interface Rollup {
  kind: RollupKind;
  target: string;
  /** Human label, e.g. "any of category database", "postgresql and what is_a postgresql". */
  label: string;
  /** Member technology ids, sorted; a posting counts once if it mentions any of them. */
  members: string[];
}

/**
 * The members of a roll-up:
 * - category: every entry in that category;
 * - is_a: the target and everything that is_a it, transitively ("relational-database" → postgresql, mysql, …);
 * - implies: the target and everything that implies it, transitively ("python" → django, flask, …).
 * Throws UsageError for an unknown target.
 */
export function expandRollup(
  kind: RollupKind,
  target: string,
  entries: readonly { id: string; category: string }[],
  relations: readonly RelationRow[],
): Rollup {
  if (kind === 'category') {
    const members = entries.filter((e) => e.category === target).map((e) => e.id).sort();
    if (members.length === 0) throw new UsageError(`unknown or empty category "${target}"`);
    return { kind, target, label: `any ${target}`, members };
  }
  if (!entries.some((e) => e.id === target)) throw new UsageError(`unknown technology "${target}"`);
  const members = [target, ...descendants(target, relations, [kind])].sort();
  const label = kind === 'is_a' ? `any ${target}` : `${target} incl. what implies it`;
  return { kind, target, label, members };
}
