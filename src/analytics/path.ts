// Turning gaps into a plan: a learning order that puts prerequisites first (django implies python →
// python before django), and the learner's position on a backend path of stages.

import type { Month } from '../core/types.js';
import type { KnownTech } from './knowledge.js';
import { addMonths, monthIndex } from './months.js';
import type { RelationRow } from './rollups.js';
import { RelationIndex } from './rollups.js';

export interface LearningItem {
  tech: string;
  /** Why it is in the plan ("next step 1: unlocks 120 ads", "gap #2", "needed first for django"). */
  reasons: string[];
  /** Planned technologies that need this one first. */
  prerequisiteFor: string[];
  /** Target month when the profile has goals.by (evenly paced from today). */
  targetMonth?: Month;
}

/**
 * Order what to learn so every technology comes after what it implies (its prerequisites, added when not
 * known yet), otherwise keeping the given priority. `wanted` is in priority order; duplicates merge.
 */
export function learningOrder(
  wanted: readonly { tech: string; reason: string }[],
  relations: readonly RelationRow[],
  isKnown: (tech: string) => boolean,
  pace: { today?: Month; by?: Month } = {},
): LearningItem[] {
  const implies = new RelationIndex(relations, ['implies']);
  const items = new Map<string, LearningItem & { priority: number; seq: number }>();
  let seq = 0;
  const add = (tech: string, reason: string, priority: number): void => {
    const it = items.get(tech);
    if (it) {
      if (!it.reasons.includes(reason)) it.reasons.push(reason);
      it.priority = Math.min(it.priority, priority);
    } else items.set(tech, { tech, reasons: [reason], prerequisiteFor: [], priority, seq: seq++ });
  };
  wanted.forEach((w, i) => {
    if (isKnown(w.tech)) return;
    add(w.tech, w.reason, i);
    for (const pre of implies.ancestors(w.tech)) {
      if (!isKnown(pre)) add(pre, `needed first for ${w.tech}`, i);
    }
  });
  // Edges pre → tech among planned items.
  const indegree = new Map<string, number>();
  const after = new Map<string, string[]>();
  for (const it of items.values()) indegree.set(it.tech, 0);
  for (const it of items.values()) {
    for (const pre of implies.ancestors(it.tech)) {
      const p = items.get(pre);
      if (!p) continue;
      p.prerequisiteFor.push(it.tech);
      indegree.set(it.tech, indegree.get(it.tech)! + 1);
      after.set(pre, [...(after.get(pre) ?? []), it.tech]);
    }
  }
  const order: LearningItem[] = [];
  const remaining = new Set(items.keys());
  const better = (a: string, b: string): boolean => {
    const x = items.get(a)!;
    const y = items.get(b)!;
    return x.priority < y.priority || (x.priority === y.priority && x.seq < y.seq);
  };
  while (remaining.size > 0) {
    let pick: string | null = null;
    for (const t of remaining) if (indegree.get(t) === 0 && (pick === null || better(t, pick))) pick = t;
    // A cycle of implies (a data error) would stall the sort: break it at the highest priority.
    if (pick === null) for (const t of remaining) if (pick === null || better(t, pick)) pick = t;
    remaining.delete(pick!);
    for (const next of after.get(pick!) ?? []) indegree.set(next, indegree.get(next)! - 1);
    const { priority: _p, seq: _s, ...item } = items.get(pick!)!;
    order.push(item);
  }
  if (pace.today !== undefined && pace.by !== undefined) {
    const months = monthIndex(pace.by) - monthIndex(pace.today);
    if (months > 0) {
      order.forEach((it, k) => {
        it.targetMonth = addMonths(pace.today!, Math.max(1, Math.round(((k + 1) * months) / order.length)));
      });
    }
  }
  return order;
}

/** One stage of the backend path; membership by category and/or explicit ids (ids win). */
export interface StageDefinition {
  id: string;
  title: string;
  /** What the stage is about, in our own words. */
  summary: string;
  categories: readonly string[];
  ids: readonly string[];
}

/**
 * The backend path, in order. Summaries are ours. Technologies are assigned to the first stage that
 * lists their id, else to the first stage listing their category.
 */
export const BACKEND_STAGES: readonly StageDefinition[] = [
  {
    id: 'language',
    title: 'A server-side language',
    summary: 'Pick one general-purpose language and its runtime, and get fluent enough to build and debug a small service alone.',
    categories: ['language', 'platform'],
    ids: [],
  },
  {
    id: 'database',
    title: 'Databases and SQL',
    summary: 'Model data, write SQL with joins and indexes, and understand transactions; one relational database in depth first.',
    categories: ['database'],
    ids: ['sql', 'plsql', 'tsql', 'sqlalchemy', 'prisma', 'sequelize', 'typeorm', 'mongoose', 'hibernate', 'entity-framework', 'nosql'],
  },
  {
    id: 'apis',
    title: 'Web frameworks and APIs',
    summary: 'Serve HTTP with a framework of your language: routing, validation, errors, pagination, and a documented API contract.',
    categories: ['backend-framework', 'api'],
    ids: [],
  },
  {
    id: 'auth',
    title: 'Authentication and security',
    summary: 'Sessions versus tokens, OAuth flows, password storage and TLS: who may call what, and how you know.',
    categories: ['security'],
    ids: [],
  },
  {
    id: 'caching',
    title: 'Caching',
    summary: 'Keep hot data in memory and learn when a cache lies: expiry, invalidation, and what to do when it is down.',
    categories: [],
    ids: ['redis', 'memcached', 'varnish'],
  },
  {
    id: 'testing',
    title: 'Testing',
    summary: 'Unit tests for logic, integration tests against real dependencies, and the habit of writing the failing test first.',
    categories: ['testing'],
    ids: ['tdd'],
  },
  {
    id: 'containers',
    title: 'Containers',
    summary: 'Package a service with its dependencies into an image, run several together locally, then on an orchestrator.',
    categories: ['containers'],
    ids: [],
  },
  {
    id: 'ci-cd',
    title: 'Version control and CI/CD',
    summary: 'Every change reviewed, built and tested automatically, and deployed by a pipeline rather than by hand.',
    categories: ['ci-cd'],
    ids: ['ci-cd', 'git', 'github', 'gitlab', 'bitbucket'],
  },
  {
    id: 'messaging',
    title: 'Queues and messaging',
    summary: 'Move slow or bursty work off the request path with queues and event streams; handle retries and duplicates.',
    categories: ['messaging'],
    ids: ['celery'],
  },
  {
    id: 'cloud',
    title: 'Cloud and infrastructure as code',
    summary: 'Run on a cloud provider’s managed services and describe the infrastructure in versioned code.',
    categories: ['cloud', 'cloud-service', 'iac'],
    ids: [],
  },
  {
    id: 'observability',
    title: 'Observability',
    summary: 'Logs, metrics and traces that tell you what production is doing, and alerts that wake you only when it matters.',
    categories: ['observability'],
    ids: [],
  },
];

/** Languages that do not make a backend on their own (markup, styling, shells, query dialects). */
const NOT_BACKEND_LANGUAGES = new Set(['html', 'css', 'sass', 'shell', 'bash', 'powershell', 'sql', 'plsql', 'tsql', 'webassembly']);

export interface PathStage {
  id: string;
  title: string;
  summary: string;
  /** known: a technology of the stage is known (confidence ≥ knownAt); started: one at 1..knownAt-1. */
  status: 'known' | 'started' | 'todo';
  /** What the learner has in this stage. */
  known: { tech: string; confidence: number }[];
  /** The stage's most asked-for technologies in the market (up to 5). */
  top: { tech: string; share: number }[];
  /** What to pick next in this stage (null when known): the option most asked for next to what the learner knows. */
  suggestion: string | null;
}

/** Assign each entry to its stage (or none). */
export function stageOf(entry: { id: string; category: string }, stages: readonly StageDefinition[] = BACKEND_STAGES): string | null {
  for (const s of stages) if (s.ids.includes(entry.id)) return s.id;
  if (entry.category === 'language' && NOT_BACKEND_LANGUAGES.has(entry.id)) return null;
  for (const s of stages) if (s.categories.includes(entry.category)) return s.id;
  return null;
}

export function backendPath(args: {
  entries: readonly { id: string; name: string; category: string }[];
  knowledge: ReadonlyMap<string, KnownTech>;
  /** Per tech: ads mentioning it, and those of them that also mention something known. */
  demand: ReadonlyMap<string, { ads: number; withKnown: number }>;
  ads: number;
  ignore: ReadonlySet<string>;
  knownAt: number;
  stages?: readonly StageDefinition[];
}): PathStage[] {
  const stages = args.stages ?? BACKEND_STAGES;
  const members = new Map<string, string[]>(stages.map((s) => [s.id, []]));
  for (const e of args.entries) {
    const s = stageOf(e, stages);
    if (s) members.get(s)!.push(e.id);
  }
  return stages.map((s) => {
    const ids = members.get(s.id)!;
    const known = ids
      .map((id) => ({ tech: id, confidence: args.knowledge.get(id)?.confidence ?? 0 }))
      .filter((k) => k.confidence > 0)
      .sort((a, b) => b.confidence - a.confidence || (a.tech < b.tech ? -1 : 1));
    const status: PathStage['status'] = known.some((k) => k.confidence >= args.knownAt) ? 'known' : known.length > 0 ? 'started' : 'todo';
    const asked = ids
      .map((id) => ({ id, ...(args.demand.get(id) ?? { ads: 0, withKnown: 0 }) }))
      .filter((d) => d.ads > 0)
      .sort((a, b) => b.ads - a.ads || (a.id < b.id ? -1 : 1));
    const top = asked.slice(0, 5).map((d) => ({ tech: d.id, share: args.ads > 0 ? d.ads / args.ads : 0 }));
    let suggestion: string | null = null;
    if (status !== 'known') {
      const options = asked
        .filter((d) => !args.ignore.has(d.id) && (args.knowledge.get(d.id)?.confidence ?? 0) < args.knownAt)
        .sort((a, b) => b.withKnown - a.withKnown || b.ads - a.ads || (a.id < b.id ? -1 : 1));
      suggestion = options[0]?.id ?? null;
    }
    return { id: s.id, title: s.title, summary: s.summary, status, known, top, suggestion };
  });
}
