// Market coverage and the next steps that raise it most.
//
// An ad is covered when the learner knows (confidence ≥ 3, after taxonomy inference) every technology it
// *requires*; an ad that marks nothing as required is judged on everything it mentions; an ad with no
// technologies at all is "unknown": counted separately, never covered.
//
// Next steps are chosen greedily, one technology per step. Only ads missing at most MAX_TRACKED techs
// matter for the next few steps, so those ads are kept in a map keyed by their exact missing set; a
// step's gain is then an exact sum over the subsets of what the step teaches, and applying a step only
// revisits the ads that require something it teaches.

import { UsageError } from '../core/errors.js';
import type { EncodedPostings } from './encode.js';
import { REQUIRED } from './encode.js';
import type { Proportion } from './stats.js';
import { wilson } from './stats.js';

/** Ads missing more than this many technologies are not tracked (no short plan can finish them). */
const MAX_TRACKED = 4;
/** At most this many technologies of one step's teaching set are enumerated as subsets (2^6 = 64). */
const MAX_LEARN_ENUM = 6;
/** Set keys are base-T numbers of up to MAX_TRACKED digits and must stay exact doubles. */
const MAX_TECHS = 9740;

export interface CoverageSummary extends Proportion {
  /** Ads whose requirements are all known. */
  covered: number;
  /** Ads with at least one technology (the denominator of the share). */
  considered: number;
  /** Ads with no technology at all: not judged. */
  unknown: number;
  /** All ads in the market window. */
  ads: number;
}

export interface NextStep {
  /** The technology to learn. */
  tech: string;
  /** Everything this step teaches: the tech plus what it implies that was not known yet (e.g. django → python). */
  learns: string[];
  /** Ads that become covered by this step. */
  unlocks: number;
  coveredAfter: number;
  /** Coverage share after this step (over considered ads), cumulative over the steps before it. */
  shareAfter: number;
}

export interface CoverageSnapshot {
  readonly known: Uint8Array;
  readonly sets: readonly Map<number, number>[];
  readonly near: readonly Int32Array[];
  readonly covered: number;
}

/**
 * The requirement structure of a market (built once) and a mutable "what is known" state on top of it.
 * Typed arrays throughout; start() resets the state so one model serves several scenarios.
 */
export class CoverageModel {
  readonly ads: number;
  readonly considered: number;
  readonly unknown: number;
  private readonly T: number;
  private readonly reqStart: Int32Array;
  private readonly reqTech: Int32Array;
  private readonly byTechStart: Int32Array;
  private readonly byTechAds: Int32Array;
  private known: Uint8Array;
  private readonly sets: Map<number, number>[] = [];
  /** near[m][t]: tracked ads missing exactly m techs, t among them. */
  private readonly near: Int32Array[] = [];
  private readonly missingBuf = new Int32Array(MAX_TRACKED + 1);
  private readonly stamp: Int32Array;
  private readonly touched: Int32Array;
  private applied = 0;
  private coveredCount = 0;

  constructor(readonly market: EncodedPostings) {
    const T = market.techIds.length;
    if (T > MAX_TECHS) throw new UsageError(`too many technologies (${T}) for coverage analysis (max ${MAX_TECHS})`);
    this.T = T;
    const N = market.size;
    this.ads = N;
    // Locals in the hot loops: property access on a half-built object is slow in V8.
    const { start, tech, strength } = market;
    // Requirement lists (CSR): required techs, or all techs when none is required.
    const reqStart = new Int32Array(N + 1);
    const reqTech = new Int32Array(start[N]!);
    let unknownAds = 0;
    let w = 0;
    for (let i = 0; i < N; i++) {
      reqStart[i] = w;
      const a = start[i]!;
      const b = start[i + 1]!;
      if (a === b) {
        unknownAds++;
        continue;
      }
      let anyRequired = false;
      for (let j = a; j < b; j++) {
        if (strength[j] === REQUIRED) {
          anyRequired = true;
          break;
        }
      }
      for (let j = a; j < b; j++) if (!anyRequired || strength[j] === REQUIRED) reqTech[w++] = tech[j]!;
    }
    reqStart[N] = w;
    // Inverted index: the ads requiring each tech.
    const byTechStart = new Int32Array(T + 1);
    for (let k = 0; k < w; k++) byTechStart[reqTech[k]! + 1]!++;
    for (let t = 0; t < T; t++) byTechStart[t + 1]! += byTechStart[t]!;
    const byTechAds = new Int32Array(w);
    const fill = byTechStart.slice(0, T);
    for (let i = 0; i < N; i++) {
      for (let k = reqStart[i]!, e = reqStart[i + 1]!; k < e; k++) byTechAds[fill[reqTech[k]!]!++] = i;
    }
    this.reqStart = reqStart;
    this.reqTech = reqTech;
    this.byTechStart = byTechStart;
    this.byTechAds = byTechAds;
    this.unknown = unknownAds;
    this.considered = N - unknownAds;
    for (let m = 0; m <= MAX_TRACKED; m++) {
      this.sets.push(new Map());
      this.near.push(new Int32Array(T));
    }
    this.known = new Uint8Array(T);
    this.stamp = new Int32Array(N).fill(-1);
    this.touched = new Int32Array(N);
  }

  /** Reset the state to `known` (per tech code, 1 = known at the coverage threshold). */
  start(known: Uint8Array): void {
    this.known = new Uint8Array(this.T);
    this.known.set(known.subarray(0, this.T));
    for (let m = 0; m <= MAX_TRACKED; m++) {
      this.sets[m]!.clear();
      this.near[m]!.fill(0);
    }
    this.coveredCount = 0;
    for (let i = 0; i < this.ads; i++) this.track(i, 1);
  }

  /** A copy of the mutable state, to try a scenario and come back (cheaper than start()). */
  snapshot(): CoverageSnapshot {
    return {
      known: this.known.slice(),
      sets: this.sets.map((m) => new Map(m)),
      near: this.near.map((a) => a.slice()),
      covered: this.coveredCount,
    };
  }

  restore(snap: CoverageSnapshot): void {
    this.known = snap.known.slice();
    for (let m = 0; m <= MAX_TRACKED; m++) {
      this.sets[m] = new Map(snap.sets[m]!);
      this.near[m] = snap.near[m]!.slice();
    }
    this.coveredCount = snap.covered;
  }

  get covered(): number {
    return this.coveredCount;
  }

  isKnown(code: number): boolean {
    return this.known[code] === 1;
  }

  summary(): CoverageSummary {
    const w = wilson(this.coveredCount, this.considered);
    return { ...w, covered: this.coveredCount, considered: this.considered, unknown: this.unknown, ads: this.ads };
  }

  /** Tracked ads (missing ≤ 4) in which `code` is missing. 0 means learning it cannot finish an ad soon. */
  presence(code: number): number {
    let s = 0;
    for (let m = 1; m <= MAX_TRACKED; m++) s += this.near[m]![code]!;
    return s;
  }

  /** Ads that learning all of `set` (tech codes) would cover now: Σ over its subsets S of the ads missing exactly S. */
  gainOf(set: readonly number[]): number {
    const bySize = this.finishedBySize(set);
    let gain = 0;
    for (let m = 1; m <= MAX_TRACKED; m++) gain += bySize[m]!;
    return gain;
  }

  /** Ads learning `set` would finish, by how many techs they miss now (index 1..MAX_TRACKED). */
  finishedBySize(set: readonly number[]): Int32Array {
    const codes = [...new Set(set)].filter((c) => c >= 0 && c < this.T && !this.known[c]).sort((a, b) => a - b).slice(0, MAX_LEARN_ENUM);
    const out = new Int32Array(MAX_TRACKED + 1);
    const n = codes.length;
    for (let mask = 1; mask < 1 << n; mask++) {
      let size = 0;
      let key = 0;
      for (let b = 0; b < n; b++) {
        if (mask & (1 << b)) {
          key = key * this.T + codes[b]!;
          size++;
        }
      }
      if (size === 1) out[1]! += this.near[1]![key]!;
      else if (size <= MAX_TRACKED) out[size]! += this.sets[size]!.get(key) ?? 0;
    }
    return out;
  }

  /**
   * Progress on tracked ads missing exactly m techs that learning `set` would NOT finish: the number of
   * their missing techs it teaches, summed (the greedy's tie-breaker when nothing can be finished now).
   */
  progress(set: readonly number[], m: number, finished: Int32Array): number {
    let s = 0;
    for (const u of new Set(set)) if (u >= 0 && u < this.T && !this.known[u]) s += this.near[m]![u]!;
    // Each finished m-missing ad was counted once per missing tech, i.e. m times.
    return s - m * finished[m]!;
  }

  /** Mark `set` as known; returns the ads newly covered. Only ads requiring one of them are revisited. */
  apply(set: readonly number[]): number {
    const codes = [...new Set(set)].filter((c) => c >= 0 && c < this.T && !this.known[c]);
    const stampValue = this.applied++;
    let nTouched = 0;
    for (const u of codes) {
      for (let k = this.byTechStart[u]!; k < this.byTechStart[u + 1]!; k++) {
        const ad = this.byTechAds[k]!;
        if (this.stamp[ad] === stampValue) continue;
        this.stamp[ad] = stampValue;
        this.touched[nTouched++] = ad;
        this.track(ad, -1);
      }
    }
    const before = this.coveredCount;
    for (const u of codes) this.known[u] = 1;
    for (let k = 0; k < nTouched; k++) this.track(this.touched[k]!, 1);
    return this.coveredCount - before;
  }

  /** Add (+1) or remove (-1) an ad from the tracked state, as of the current known flags. */
  private track(ad: number, sign: 1 | -1): void {
    const a = this.reqStart[ad]!;
    const b = this.reqStart[ad + 1]!;
    if (a === b) return; // an ad without technologies is never judged
    let m = 0;
    for (let k = a; k < b; k++) {
      const t = this.reqTech[k]!;
      if (!this.known[t]) {
        if (m <= MAX_TRACKED) this.missingBuf[m] = t;
        m++;
      }
    }
    if (m === 0) {
      this.coveredCount += sign;
      return;
    }
    if (m > MAX_TRACKED) return;
    if (m === 1) {
      // Ads missing exactly {t} are near[1][t]: no map needed for the most common case.
      this.near[1]![this.missingBuf[0]!]! += sign;
      return;
    }
    let key = 0;
    const near = this.near[m]!;
    for (let k = 0; k < m; k++) {
      key = key * this.T + this.missingBuf[k]!;
      near[this.missingBuf[k]!]! += sign;
    }
    const map = this.sets[m]!;
    const next = (map.get(key) ?? 0) + sign;
    if (next === 0) map.delete(key);
    else map.set(key, next);
  }
}

export interface GreedyOptions {
  steps?: number;
  /** Per tech code: never suggested as a step. */
  excluded?: Uint8Array;
  /** The other codes learning a tech also teaches (its implies/is_a ancestors). */
  teaches?: (code: number) => readonly number[];
  /** Tie-breaker between equally good candidates (higher first), e.g. how many ads mention the tech. */
  popularity?: Int32Array;
}

/** What learning `code` teaches, given the model's current state: the tech plus its unknown ancestors. */
function teachSet(model: CoverageModel, code: number, teaches: GreedyOptions['teaches']): number[] {
  const out = [code];
  for (const u of teaches?.(code) ?? []) if (!model.isKnown(u) && !out.includes(u)) out.push(u);
  return out;
}

/**
 * Gain of every tech as a single first step from the model's current state (0 for known/excluded).
 * This is "what would learning just this one bring".
 */
export function singleStepGains(model: CoverageModel, options: GreedyOptions = {}): Int32Array {
  const T = model.market.techIds.length;
  const out = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    if (model.isKnown(t) || options.excluded?.[t]) continue;
    out[t] = model.gainOf(teachSet(model, t, options.teaches));
  }
  return out;
}

/**
 * Greedy next steps from the model's current state (the state advances as steps are applied).
 * Each step maximises, lexicographically: ads finished now; then progress on the ads it does not finish,
 * nearest first (missing techs taught among ads missing 2, then 3, then 4), so a learner who matches no
 * ad yet still gets a useful first step; then a smaller teaching set; then popularity.
 */
export function greedyNextSteps(model: CoverageModel, options: GreedyOptions = {}): NextStep[] {
  const T = model.market.techIds.length;
  const popularity = options.popularity ?? new Int32Array(T);
  const steps: NextStep[] = [];
  for (let step = 0; step < (options.steps ?? 3); step++) {
    let best = -1;
    let bestSet: number[] = [];
    let bestScore: number[] = [];
    for (let t = 0; t < T; t++) {
      if (model.isKnown(t) || options.excluded?.[t] || model.presence(t) === 0) continue;
      const set = teachSet(model, t, options.teaches);
      const finished = model.finishedBySize(set);
      let gain = 0;
      for (let m = 1; m <= MAX_TRACKED; m++) gain += finished[m]!;
      const score = [gain];
      for (let m = 2; m <= MAX_TRACKED; m++) score.push(model.progress(set, m, finished));
      score.push(-set.length, popularity[t]!);
      if (best < 0 || lexGreater(score, bestScore)) {
        best = t;
        bestSet = set;
        bestScore = score;
      }
    }
    if (best < 0) break;
    const unlocks = model.apply(bestSet);
    steps.push({
      tech: model.market.techIds[best]!,
      learns: bestSet.map((c) => model.market.techIds[c]!),
      unlocks,
      coveredAfter: model.covered,
      shareAfter: model.considered > 0 ? model.covered / model.considered : 0,
    });
  }
  return steps;
}

function lexGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return false;
}
