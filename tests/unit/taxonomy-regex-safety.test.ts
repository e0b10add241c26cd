// The static check that keeps catastrophic-backtracking shapes out of reject patterns.
import { describe, expect, it } from 'vitest';
import { catastrophicShape } from '../../taxonomy/regex-safety.js';

describe('catastrophicShape', () => {
  it.each([
    '\\bSeries\\s+C\\b',
    '\\bgo[- ](?:to[- ]market|live|getter)\\b',
    '\\b(?:Class|Grade|Type)\\s+C\\b',
    '\\bC\\+(?!\\+)',
    '\\bTS\\s*/{1,2}\\s*SCI\\b',
    '\\bairflow\\b[^.!?\\n]{0,40}\\bcooling',
    '(?:foo|bar)\\s+baz',
    '[(+)*]+x',
    '(?<=ex-)Google',
  ])('accepts %s', (p) => {
    expect(catastrophicShape(p)).toBeNull();
  });

  it.each([
    ['(a+)+', /nested quantifier/],
    ['(a*)*b', /nested quantifier/],
    ['(\\w+\\s?)*$', /nested quantifier/],
    ['((ab)+)+', /nested quantifier/],
    ['(a|a)*', /alternation/],
    ['(?:x|xy){2,}z', /alternation/],
    ['(a+){3,100}', /nested quantifier/],
    ['(a)\\1', /back-reference/],
  ])('rejects %s', (p, why) => {
    expect(catastrophicShape(p)).toMatch(why);
  });
});
