// The learner's gap report: which technologies the market asks for that the learner lacks, why, how
// much of the market they can answer today (coverage), which next steps raise that most, in what order
// to learn them, and where they stand on the backend path.

import type { Month } from '../core/types.js';
import type { CoverageSummary, NextStep } from './coverage.js';
import { CoverageModel, greedyNextSteps, singleStepGains } from './coverage.js';
import type { EncodedPostings } from './encode.js';
import { REQUIRED } from './encode.js';
import type { KnownTech } from './knowledge.js';
import { effectiveKnowledge, KNOWLEDGE_RELATIONS } from './knowledge.js';
import type { LearningItem, PathStage } from './path.js';
import { backendPath, learningOrder } from './path.js';
import { KNOWN_AT } from './profile.js';
import type { RelationRow } from './rollups.js';
import { RelationIndex } from './rollups.js';

export interface TechInfo {
  id: string;
  name: string;
  category: string;
}

/** A technology's trend, as computed by computeMovers (only these fields are used). */
export interface TrendInfo {
  tech: string;
  deltaPp: number;
  relChange: number;
  significant: boolean;
  q: number;
}

export interface GapInput {
  /** Ads of the target market (e.g. backend ads of the last 12 months), encoded. */
  market: EncodedPostings;
  /** What the learner listed (resolved ids) with confidence 0..5. */
  known: ReadonlyMap<string, number> | readonly { tech: string; confidence: number }[];
  /** Never suggested. */
  ignore?: readonly string[];
  /** Taxonomy entries (names and categories for display and the path's stages). */
  entries: readonly TechInfo[];
  relations: readonly RelationRow[];
  /** Trends per technology (e.g. computeMovers(...).all): used in the ranking and the reasons. */
  trends?: readonly TrendInfo[];
  goals?: { role?: string; by?: Month };
  /** The current month, for pacing the learning order until goals.by. */
  today?: Month;
  options?: GapOptions;
}

export interface GapOptions {
  /** Confidence at or above which a technology counts as known (default 3). */
  knownAt?: number;
  /** Greedy next steps (default 3). */
  steps?: number;
  /** Ranked gaps returned (default 15). */
  maxGaps?: number;
  /** Technologies mentioned in fewer ads are not ranked (default 5). */
  minCount?: number;
  /** Gaps taken into the learning order besides the next steps (default 5). */
  planSize?: number;
}

export interface GapRow {
  tech: string;
  name: string;
  category: string;
  /** The learner's effective confidence (0 when not listed). */
  confidence: number;
  /** Ads mentioning it / all ads. */
  adShare: number;
  /** Ads requiring it / all ads. */
  requiredShare: number;
  adCount: number;
  /** Of the ads that ask for something the learner knows, the share asking for this too. */
  withKnownShare: number;
  /** withKnownShare / adShare: > 1 means it comes with what the learner knows more than average. */
  withKnownLift: number;
  /** Ads this alone would make fully covered. */
  unlocks: number;
  trend: TrendInfo | null;
  /** Ranking score (see rankGaps). */
  score: number;
  /** Human-readable reasons, one fact each. */
  reasons: string[];
}

export interface GapReport {
  /** Effective knowledge (listed + inferred), strongest first. */
  known: KnownTech[];
  /** Coverage of the market today. */
  coverage: CoverageSummary;
  gaps: GapRow[];
  /** The best single technologies, each judged alone from today's state (coverage after learning just it). */
  singleSteps: NextStep[];
  /** Greedy steps: the 1, 2, 3 technologies that together unlock the most ads (coverage cumulative). */
  nextSteps: NextStep[];
  /** Prerequisites first; coverage after each item is cumulative along the order. */
  learningOrder: (LearningItem & { coveredAfter: number; shareAfter: number })[];
  path: PathStage[];
}

const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

/**
 * The full gap analysis. Work is linear in the number of tags of the market plus the greedy's steps;
 * nothing allocates per ad.
 *
 * Ranking score of a gap:
 *   (½·adShare + ½·withKnownShare) × trendFactor × (5 − confidence) / 5
 * demand in the whole market and next to what the learner knows, counted equally; a significant trend
 * moves it by up to ±30% (half its relative change, capped); and a technology known at 2 is a smaller gap
 * than one never touched.
 */
export function analyzeGap(input: GapInput): GapReport {
  const { market } = input;
  const knownAt = input.options?.knownAt ?? KNOWN_AT;
  const minCount = input.options?.minCount ?? 5;
  const relIndex = new RelationIndex(input.relations, KNOWLEDGE_RELATIONS);
  const knowledge = effectiveKnowledge(input.known, relIndex);
  const T = market.techIds.length;
  const N = market.size;
  const info = new Map(input.entries.map((e) => [e.id, e]));
  const ignore = new Set(input.ignore ?? []);

  const conf = new Float64Array(T);
  const knownFlag = new Uint8Array(T);
  const excluded = new Uint8Array(T);
  for (let c = 0; c < T; c++) {
    const k = knowledge.get(market.techIds[c]!);
    conf[c] = k?.confidence ?? 0;
    if (conf[c]! >= knownAt) knownFlag[c] = 1;
    if (ignore.has(market.techIds[c]!)) excluded[c] = 1;
  }

  // One pass: mentions, requirements, and co-occurrence with anything known.
  const mention = new Int32Array(T);
  const required = new Int32Array(T);
  const withKnown = new Int32Array(T);
  let knownAds = 0;
  for (let i = 0; i < N; i++) {
    const a = market.start[i]!;
    const b = market.start[i + 1]!;
    let anyKnown = false;
    for (let j = a; j < b; j++) {
      const t = market.tech[j]!;
      mention[t]!++;
      if (market.strength[j] === REQUIRED) required[t]!++;
      if (knownFlag[t]) anyKnown = true;
    }
    if (anyKnown) {
      knownAds++;
      for (let j = a; j < b; j++) withKnown[market.tech[j]!]!++;
    }
  }

  const ancestorCodes = (code: number): number[] => {
    const out: number[] = [];
    for (const id of relIndex.ancestors(market.techIds[code]!)) {
      const c = market.techCode.get(id);
      if (c !== undefined) out.push(c);
    }
    return out;
  };
  const teaches = (code: number): number[] => ancestorCodes(code);
  const model = new CoverageModel(market);
  model.start(knownFlag);
  const todayState = model.snapshot();
  const coverage = model.summary();
  const firstStepGain = singleStepGains(model, { excluded, teaches });
  const share = (covered: number): number => (model.considered > 0 ? covered / model.considered : 0);
  const singleSteps: NextStep[] = [...firstStepGain.keys()]
    .filter((c) => firstStepGain[c]! > 0)
    .sort((a, b) => firstStepGain[b]! - firstStepGain[a]! || mention[b]! - mention[a]! || a - b)
    .slice(0, input.options?.steps ?? 3)
    .map((c) => ({
      tech: market.techIds[c]!,
      learns: [c, ...ancestorCodes(c).filter((u) => !knownFlag[u])].map((u) => market.techIds[u]!),
      unlocks: firstStepGain[c]!,
      coveredAfter: coverage.covered + firstStepGain[c]!,
      shareAfter: share(coverage.covered + firstStepGain[c]!),
    }));
  const nextSteps = greedyNextSteps(model, { steps: input.options?.steps ?? 3, excluded, teaches, popularity: mention });

  const trendOf = new Map((input.trends ?? []).map((t) => [t.tech, t]));
  const gaps: GapRow[] = [];
  for (let c = 0; c < T; c++) {
    if (knownFlag[c] || excluded[c] || mention[c]! < minCount) continue;
    const id = market.techIds[c]!;
    const e = info.get(id);
    const adShare = N > 0 ? mention[c]! / N : 0;
    const withKnownShare = knownAds > 0 ? withKnown[c]! / knownAds : adShare;
    const trend = trendOf.get(id) ?? null;
    let trendFactor = 1;
    if (trend?.significant) {
      const rel = Number.isFinite(trend.relChange) ? trend.relChange : 1;
      trendFactor = 1 + Math.max(-0.3, Math.min(0.3, rel / 2));
    }
    const confidence = conf[c]!;
    const score = (0.5 * adShare + 0.5 * withKnownShare) * trendFactor * ((5 - confidence) / 5);
    const reasons = [`in ${pct(adShare)} of ads (required in ${pct(N > 0 ? required[c]! / N : 0)})`];
    if (knownAds > 0) reasons.push(`in ${pct(withKnownShare)} of the ads that ask for something you know`);
    if (trend) {
      const sign = trend.deltaPp >= 0 ? '+' : '';
      reasons.push(
        trend.significant
          ? `${trend.deltaPp >= 0 ? 'rising' : 'falling'} ${sign}${trend.deltaPp.toFixed(1)} pp year over year (q=${trend.q.toPrecision(2)})`
          : `no significant trend (${sign}${trend.deltaPp.toFixed(1)} pp)`,
      );
    }
    reasons.push(confidence > 0 ? `your confidence: ${confidence}/5` : 'not in your profile');
    if (firstStepGain[c]! > 0) reasons.push(`alone it completes ${firstStepGain[c]} more ads`);
    gaps.push({
      tech: id,
      name: e?.name ?? id,
      category: e?.category ?? 'unknown',
      confidence,
      adShare,
      requiredShare: N > 0 ? required[c]! / N : 0,
      adCount: mention[c]!,
      withKnownShare,
      withKnownLift: adShare > 0 ? withKnownShare / adShare : 0,
      unlocks: firstStepGain[c]!,
      trend,
      score,
      reasons,
    });
  }
  gaps.sort((x, y) => y.score - x.score || y.adCount - x.adCount || (x.tech < y.tech ? -1 : 1));
  const topGaps = gaps.slice(0, input.options?.maxGaps ?? 15);

  const knownList = [...knowledge.values()].sort((a, b) => b.confidence - a.confidence || (a.tech < b.tech ? -1 : 1));
  const isKnown = (id: string): boolean => (knowledge.get(id)?.confidence ?? 0) >= knownAt;
  const wanted: { tech: string; reason: string }[] = [];
  nextSteps.forEach((s, i) => wanted.push({ tech: s.tech, reason: `next step ${i + 1}: unlocks ${s.unlocks} ads` }));
  topGaps.slice(0, input.options?.planSize ?? 5).forEach((g, i) => wanted.push({ tech: g.tech, reason: `gap #${i + 1}` }));
  const plain = learningOrder(wanted, input.relations, isKnown, {
    ...(input.today !== undefined ? { today: input.today } : {}),
    ...(input.goals?.by !== undefined ? { by: input.goals.by } : {}),
  });
  // Walk the order from today's state, so each item shows the coverage reached once it is learned.
  model.restore(todayState);
  const order = plain.map((item) => {
    const code = market.techCode.get(item.tech);
    if (code !== undefined) model.apply([code, ...ancestorCodes(code)]);
    return { ...item, coveredAfter: model.covered, shareAfter: share(model.covered) };
  });

  const demand = new Map<string, { ads: number; withKnown: number }>();
  for (let c = 0; c < T; c++) if (mention[c]! > 0) demand.set(market.techIds[c]!, { ads: mention[c]!, withKnown: withKnown[c]! });
  const path = backendPath({ entries: input.entries, knowledge, demand, ads: N, ignore, knownAt });

  return { known: knownList, coverage, gaps: topGaps, singleSteps, nextSteps, learningOrder: order, path };
}
