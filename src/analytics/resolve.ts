// Resolving the names people write ("postgres", "k8s", "node") to taxonomy ids, showing how each was
// resolved, and suggesting ("did you mean") for names that do not resolve.
//
// Only exact matches resolve: the id, the display name, or an alias (case-insensitively), then the same
// with spaces, dots, hyphens and underscores ignored ("spring boot" = "spring-boot", "nodejs" = "Node.js").
// Fuzzy matching only ever suggests, so "java" can never turn into "javascript".

import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import levenshtein from 'natural/lib/natural/distance/levenshtein_distance.js';

export interface ResolvableEntry {
  id: string;
  name: string;
  aliases: readonly { form: string }[];
}

export type ResolvedVia = 'id' | 'name' | 'alias' | 'normalized';

export interface Resolved {
  id: string;
  /** Display name of the entry. */
  name: string;
  /** Which kind of exact match resolved it. */
  via: ResolvedVia;
  /** The taxonomy form that matched (the id, the name, or the alias as written in the taxonomy). */
  form: string;
}

export interface Unresolved {
  unknown: string;
  /** Up to 3 taxonomy ids, most similar first (empty when nothing is close). */
  suggestions: string[];
  /** Set when the name matches several entries equally well (the suggestions are those entries). */
  ambiguous?: boolean;
}

export type Resolution = Resolved | Unresolved;

export function isResolved(r: Resolution): r is Resolved {
  return 'id' in r;
}

const MAX_NAME = 200;

function normalize(s: string): string {
  return s.toLowerCase().replace(/[\s._-]+/g, '');
}

interface Candidate {
  id: string;
  name: string;
  via: ResolvedVia;
  form: string;
}

/** An index over taxonomy entries, built once, for resolving many names. */
export class TechResolver {
  private readonly exact = new Map<string, Candidate[]>();
  private readonly loose = new Map<string, Candidate[]>();
  private readonly forms: { lower: string; id: string }[] = [];

  constructor(entries: readonly ResolvableEntry[]) {
    const add = (map: Map<string, Candidate[]>, key: string, c: Candidate): void => {
      if (key === '') return;
      const list = map.get(key);
      if (list) list.push(c);
      else map.set(key, [c]);
    };
    for (const e of entries) {
      const candidates: Candidate[] = [
        { id: e.id, name: e.name, via: 'id', form: e.id },
        { id: e.id, name: e.name, via: 'name', form: e.name },
        ...e.aliases.map((a): Candidate => ({ id: e.id, name: e.name, via: 'alias', form: a.form })),
      ];
      for (const c of candidates) {
        add(this.exact, c.form.toLowerCase(), c);
        add(this.loose, normalize(c.form), { ...c, via: 'normalized' });
        this.forms.push({ lower: c.form.toLowerCase(), id: e.id });
      }
    }
  }

  resolve(input: string): Resolution {
    const name = input.trim().slice(0, MAX_NAME);
    if (name === '') return { unknown: input, suggestions: [] };
    for (const [map, key] of [
      [this.exact, name.toLowerCase()],
      [this.loose, normalize(name)],
    ] as const) {
      const hits = map.get(key);
      if (!hits) continue;
      // Several entries can share a form case-insensitively ("Go" the language, "go" something else):
      // forms matching in exact case decide first, then the most canonical kind (id > name > alias).
      const exactCase = hits.filter((h) => h.form === name);
      const pool = new Set(exactCase.map((h) => h.id)).size >= 1 ? exactCase : hits;
      const best = pickBest(pool);
      if (best) return { ...best };
      return { unknown: input, suggestions: [...new Set(pool.map((h) => h.id))].slice(0, 3), ambiguous: true };
    }
    return { unknown: input, suggestions: this.suggest(name) };
  }

  /** Ids whose forms are close to `name`: Jaro-Winkler ≥ 0.85, or a Damerau-Levenshtein distance of 1 (2 for long names). */
  suggest(name: string, max = 3): string[] {
    const lower = name.toLowerCase();
    const maxEdits = lower.length >= 8 ? 2 : lower.length >= 3 ? 1 : 0;
    const best = new Map<string, number>();
    for (const f of this.forms) {
      const jw = JaroWinklerDistance(lower, f.lower);
      let score = jw >= 0.85 ? jw : 0;
      // Edit distance is only worth computing for forms of similar length.
      if (maxEdits > 0 && Math.abs(f.lower.length - lower.length) <= maxEdits) {
        const d = levenshtein.DamerauLevenshteinDistance(lower, f.lower);
        if (d <= maxEdits) score = Math.max(score, 1 - d / Math.max(lower.length, f.lower.length), 0.8);
      }
      if (score > 0 && score > (best.get(f.id) ?? 0)) best.set(f.id, score);
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, max)
      .map(([id]) => id);
  }
}

const VIA_RANK: Record<ResolvedVia, number> = { id: 0, name: 1, alias: 2, normalized: 3 };

/** The candidate of the single entry with the best-ranked match, or null when entries tie. */
function pickBest(pool: readonly Candidate[]): Candidate | null {
  const bestPerId = new Map<string, Candidate>();
  for (const c of pool) {
    const prev = bestPerId.get(c.id);
    if (!prev || VIA_RANK[c.via] < VIA_RANK[prev.via]) bestPerId.set(c.id, c);
  }
  const ranked = [...bestPerId.values()].sort((a, b) => VIA_RANK[a.via] - VIA_RANK[b.via]);
  if (ranked.length > 1 && VIA_RANK[ranked[0]!.via] === VIA_RANK[ranked[1]!.via]) return null;
  return ranked[0] ?? null;
}

/**
 * Resolve one name against taxonomy entries: `{id, name, via, form}` on an exact match, else
 * `{unknown, suggestions}`. For many names build one TechResolver instead.
 */
export function resolveTechName(name: string, entries: readonly ResolvableEntry[]): Resolution {
  return new TechResolver(entries).resolve(name);
}

/** "k8s → kubernetes (alias "k8s")" / "javscript: unknown (did you mean javascript?)". */
export function describeResolution(r: Resolution): string {
  if (isResolved(r)) return r.via === 'id' ? `${r.id}` : `${r.form === r.id ? r.id : r.form} → ${r.id} (${r.via} "${r.form}")`;
  if (r.ambiguous) return `"${r.unknown}" is ambiguous: one of ${r.suggestions.join(', ')}`;
  return r.suggestions.length > 0
    ? `unknown technology "${r.unknown}" (did you mean ${r.suggestions.join(' or ')}?)`
    : `unknown technology "${r.unknown}"`;
}
