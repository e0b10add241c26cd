// Static check of reject patterns for shapes that make a backtracking regex engine exponential.
//
// Reject patterns come from data files that anyone may edit, and they run on untrusted job-ad text.
// We refuse the classic catastrophic shapes instead of trying to prove a pattern safe:
//   - a group under an unbounded quantifier (*, +, {n,}) that itself contains an unbounded quantifier:
//     (a+)+, (a*)*, (\w+\s?)*
//   - a group under an unbounded quantifier that contains an alternation: (a|a)*, (foo|fo)+
//   - back-references (\1, \k<name>), which no linear engine supports.
// The tagger also only ever runs reject patterns on a short window around a candidate mention.

/** Returns a description of the first dangerous shape in a regex source, or null when none is found. */
export function catastrophicShape(source: string): string | null {
  interface Frame { unbounded: boolean; alternation: boolean }
  const stack: Frame[] = [{ unbounded: false, alternation: false }];
  // What the last atom was, to know what a following quantifier applies to.
  let lastGroup: Frame | null = null;
  let lastAtom = false;
  let i = 0;
  const n = source.length;
  const readQuantifier = (at: number): { len: number; unbounded: boolean } | null => {
    const c = source[at];
    if (c === '*' || c === '+') return { len: source[at + 1] === '?' || source[at + 1] === '+' ? 2 : 1, unbounded: true };
    if (c === '?') return { len: source[at + 1] === '?' ? 2 : 1, unbounded: false };
    if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}\??/.exec(source.slice(at, at + 24));
      if (!m || (m[1] === '' && m[3] === '')) return null;
      const max = m[2] === ',' ? (m[3] === '' ? Infinity : Number(m[3])) : Number(m[1]);
      return { len: m[0].length, unbounded: max > 16 };
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
      // Character class: skip to its closing bracket.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < n && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastAtom = true; lastGroup = null;
      continue;
    }
    if (c === '(') {
      stack.push({ unbounded: false, alternation: false });
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
      const frame = stack.length > 1 ? stack.pop()! : { unbounded: false, alternation: false };
      i++;
      const q = readQuantifier(i);
      if (q) {
        if (q.unbounded && frame.unbounded) return `nested quantifier: a repeated group contains a repetition (near ${i})`;
        if (q.unbounded && frame.alternation) return `alternation inside a repeated group (near ${i})`;
        i += q.len;
        if (q.unbounded) stack[stack.length - 1]!.unbounded = true;
      }
      // A group's inner repetition makes its parent "contain a repetition" too.
      if (frame.unbounded) stack[stack.length - 1]!.unbounded = true;
      lastAtom = false; lastGroup = frame;
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.alternation = true;
      i++;
      lastAtom = false; lastGroup = null;
      continue;
    }
    const q = readQuantifier(i);
    if (q && (lastAtom || lastGroup)) {
      if (q.unbounded) stack[stack.length - 1]!.unbounded = true;
      i += q.len;
      lastAtom = false; lastGroup = null;
      continue;
    }
    i++;
    lastAtom = true; lastGroup = null;
  }
  return null;
}
