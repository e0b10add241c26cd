// Algolia's legacy filter parameters as the HN Search API passes them through:
//   tags=story,(author_pg,author_dang)           comma = AND, parentheses = OR group
//   numericFilters=created_at_i>=1,parent_id=42  comma = AND (an OR group in parentheses works too)
// Pure parsing and matching for the replay server.

export class FilterSyntaxError extends Error {}

/** AND of OR-groups: [["story"], ["author_pg", "author_dang"]]. */
export type TagFilter = string[][];

export type NumericOp = '<' | '<=' | '=' | '!=' | '>=' | '>';
export interface NumericCondition {
  attribute: string;
  op: NumericOp;
  value: number;
}
export type NumericFilter = NumericCondition[][];

const MAX_FILTER_CHARS = 4000;

/** Splits "a,(b,c),d" into ["a", ["b","c"], "d"] items (top level only; no nesting beyond one group). */
function splitGroups(input: string, what: string): string[][] {
  if (input.length > MAX_FILTER_CHARS) throw new FilterSyntaxError(`${what} longer than ${MAX_FILTER_CHARS} characters`);
  const groups: string[][] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && (input[i] === ' ' || input[i] === ',')) i++;
    if (i >= input.length) break;
    if (input[i] === '(') {
      const close = input.indexOf(')', i + 1);
      if (close < 0) throw new FilterSyntaxError(`${what}: unbalanced parenthesis at position ${i}`);
      const inner = input.slice(i + 1, close);
      if (inner.includes('(')) throw new FilterSyntaxError(`${what}: nested parentheses are not supported`);
      const members = inner.split(',').map((t) => t.trim()).filter((t) => t !== '');
      if (members.length === 0) throw new FilterSyntaxError(`${what}: empty group at position ${i}`);
      groups.push(members);
      i = close + 1;
    } else {
      let end = i;
      while (end < input.length && input[end] !== ',') end++;
      const token = input.slice(i, end).trim();
      if (token.includes(')') || token.includes('(')) throw new FilterSyntaxError(`${what}: unexpected parenthesis in "${token}"`);
      groups.push([token]);
      i = end;
    }
  }
  return groups;
}

export function parseTagFilters(input: string | null | undefined): TagFilter {
  if (!input) return [];
  return splitGroups(input, 'tags');
}

const CONDITION = /^([A-Za-z_][A-Za-z0-9_]{0,63})\s*(<=|>=|!=|<|>|=)\s*(-?\d{1,16}(?:\.\d{1,8})?)$/;

export function parseNumericFilters(input: string | null | undefined): NumericFilter {
  if (!input) return [];
  return splitGroups(input, 'numericFilters').map((group) =>
    group.map((text) => {
      const m = CONDITION.exec(text);
      if (!m) throw new FilterSyntaxError(`numericFilters: cannot parse "${text.slice(0, 80)}"`);
      return { attribute: m[1]!, op: m[2] as NumericOp, value: Number(m[3]) };
    }),
  );
}

export function matchesTags(filter: TagFilter, tags: ReadonlySet<string>): boolean {
  return filter.every((group) => group.some((tag) => tags.has(tag)));
}

export function matchesNumeric(filter: NumericFilter, value: (attribute: string) => number | null): boolean {
  return filter.every((group) =>
    group.some((c) => {
      const v = value(c.attribute);
      if (v === null) return false; // a missing attribute never matches, as in Algolia
      switch (c.op) {
        case '<':
          return v < c.value;
        case '<=':
          return v <= c.value;
        case '=':
          return v === c.value;
        case '!=':
          return v !== c.value;
        case '>=':
          return v >= c.value;
        case '>':
          return v > c.value;
      }
    }),
  );
}
