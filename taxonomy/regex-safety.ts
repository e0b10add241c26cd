// Static check of reject patterns for shapes that make a backtracking regex engine exponential.
//
// Reject patterns come from data files that anyone may edit, and they run on untrusted job-ad text.
// We refuse the classic catastrophic shapes instead of trying to prove a pattern safe:
//   - a group repeated a variable number of times (*, +, ?, {n,m} with m > n ≥ 0, m ≥ 2) that itself contains
//     a variable repetition, at any depth: (a+)+, (a*)*, (\w+\s?)*, (a{1,3}){1,16}, ((a{1,4}){1,4}){1,4},
//     (a+b?){1,16}. Small bounds do not help: (a{1,3}){1,16} takes seconds on 40 characters.
//   - a group repeated a variable number of times that contains an alternation, at any depth: (a|a)*,
//     (foo|fo)+, ((a|aa))+, (a|aa){1,16}
//   - a group under a large fixed count (> 16) that contains any quantifier or alternation: (a?){30}, which
//     matches "a" × 30 in 2^30 ways
//   - back-references (\1, \k<name>), which no linear engine supports.
//   - more than MAX_DEGREE unbounded repetitions in sequence (a*a*a*a*a*a*$ is n^6): a rough bound on the
//     polynomial degree, counting alternatives by their longest branch and fixed counts as multipliers.
//   - bounded repetitions and alternations whose choices multiply past 2^MAX_BITS paths, fixed counts included:
//     (a{1,3}){16} (3^16 ways to split a run of a's), (a?a?){16}, ((a{1,16}){3}){3}, ((a)?|a){16}
// Lower polynomial degrees are accepted: the tagger only ever runs reject patterns on a short window
// (~250 characters) around a candidate mention, which bounds them.

const MAX_DEGREE = 5;
const MAX_BITS = 20;

interface Quantifier {
  len: number;
  min: number;
  max: number;
}

/** Returns a description of the first dangerous shape in a regex source, or null when none is found. */
export function catastrophicShape(source: string): string | null {
  // variable: contains a repetition of variable count; alternation: contains a "|"; quantified: contains any quantifier.
  // degree: unbounded repetitions in sequence in the current branch; maxDegree: the largest of the closed branches.
  // bits: log2 of the ways bounded repetitions of the current branch can split a match; maxBits: of the closed branches.
  interface Frame {
    variable: boolean; alternation: boolean; quantified: boolean; degree: number; maxDegree: number; bits: number; maxBits: number;
    branches: number;
  }
  const frame0 = (): Frame => ({ variable: false, alternation: false, quantified: false, degree: 0, maxDegree: 0, bits: 0, maxBits: 0, branches: 1 });
  // An alternation is a choice too: ((a)?|a){16} can match "a" × 16 by either branch each time (2^16 × more).
  const frameBits = (f: Frame): number => Math.max(f.bits, f.maxBits) + Math.log2(f.branches);
  const choiceBits = (q: Quantifier): number => (q.max > q.min && q.max <= 16 ? Math.log2(q.max - q.min + 1) : 0);
  const stack: Frame[] = [frame0()];
  // What the last atom was, to know what a following quantifier applies to.
  let lastGroup: Frame | null = null;
  let lastAtom = false;
  let i = 0;
  const n = source.length;
  const readQuantifier = (at: number): Quantifier | null => {
    const c = source[at];
    const lazy = (k: number): number => (source[k] === '?' || source[k] === '+' ? 1 : 0);
    if (c === '*') return { len: 1 + lazy(at + 1), min: 0, max: Infinity };
    if (c === '+') return { len: 1 + lazy(at + 1), min: 1, max: Infinity };
    if (c === '?') return { len: source[at + 1] === '?' ? 2 : 1, min: 0, max: 1 };
    if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}\??/.exec(source.slice(at, at + 24));
      if (!m || (m[1] === '' && m[3] === '')) return null;
      const min = m[1] === '' ? 0 : Number(m[1]);
      const max = m[2] === ',' ? (m[3] === '' ? Infinity : Number(m[3])) : min;
      return { len: m[0].length, min, max };
    }
    return null;
  };
  while (i < n) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) return `back-reference at ${i}`;
      i += 2;
      lastAtom = true; lastGroup = null;
      continue;
    }
    if (c === '[') {
      // Character class: skip to its closing bracket. In JavaScript "[]" is an empty class and "[^]" any
      // character: a "]" right after "[" or "[^" closes the class (it is not a literal as in PCRE).
      let j = i + 1;
      if (source[j] === '^') j++;
      while (j < n && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastAtom = true; lastGroup = null;
      continue;
    }
    if (c === '(') {
      stack.push(frame0());
      i++;
      if (source[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          const close = source.indexOf('>', i);
          i = close < 0 ? n : close + 1;
        } else if (source[i] === '<') i += 2;
        else i++;
      }
      lastAtom = false; lastGroup = null;
      continue;
    }
    if (c === ')') {
      const frame = stack.length > 1 ? stack.pop()! : frame0();
      i++;
      const q = readQuantifier(i);
      const parent = stack[stack.length - 1]!;
      const inner = Math.max(frame.degree, frame.maxDegree);
      parent.degree += q === null ? inner : q.max > 16 ? inner + 1 : q.max === q.min ? inner * q.max : inner;
      const innerBits = frameBits(frame);
      parent.bits += q === null ? innerBits : q.max === q.min && q.max <= 16 ? innerBits * q.max : innerBits + choiceBits(q);
      if (q) {
        const variable = q.max > q.min && q.max >= 2;
        if (variable && frame.variable) return `nested quantifier: a repeated group contains a repetition (near ${i})`;
        if (variable && frame.alternation) return `alternation inside a repeated group (near ${i})`;
        if (q.max > 16 && (frame.quantified || frame.alternation)) {
          return `counted repetition of a group that contains a quantifier or alternation (near ${i})`;
        }
        i += q.len;
        if (q.max > q.min) parent.variable = true;
        parent.quantified = true;
      }
      // A group's inner repetition or alternation makes its parent "contain" one too.
      if (frame.variable) parent.variable = true;
      if (frame.alternation) parent.alternation = true;
      if (frame.quantified) parent.quantified = true;
      lastAtom = false; lastGroup = frame;
      continue;
    }
    if (c === '|') {
      const top = stack[stack.length - 1]!;
      top.alternation = true;
      top.maxDegree = Math.max(top.maxDegree, top.degree);
      top.degree = 0;
      top.maxBits = Math.max(top.maxBits, top.bits);
      top.bits = 0;
      top.branches++;
      i++;
      lastAtom = false; lastGroup = null;
      continue;
    }
    const q = readQuantifier(i);
    if (q && (lastAtom || lastGroup)) {
      const top = stack[stack.length - 1]!;
      if (q.max > q.min) top.variable = true;
      if (q.max > 16) top.degree++;
      top.bits += choiceBits(q);
      top.quantified = true;
      i += q.len;
      lastAtom = false; lastGroup = null;
      continue;
    }
    i++;
    lastAtom = true; lastGroup = null;
  }
  const degree = Math.max(stack[0]!.degree, stack[0]!.maxDegree);
  if (degree > MAX_DEGREE) return `${degree} unbounded repetitions in sequence: polynomial backtracking of degree ${degree}`;
  const bits = frameBits(stack[0]!);
  if (bits > MAX_BITS) return `bounded repetitions multiply to about 2^${Math.round(bits)} ways to match`;
  return null;
}
