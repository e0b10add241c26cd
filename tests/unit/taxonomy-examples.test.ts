// Every taxonomy entry's own examples are tests: a positive example must be tagged with the entry's id,
// a negative one must not.
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const tax = loadTaxonomy();
const tagger = compileTagger(tax);

describe('taxonomy examples', () => {
  it('exist for a good share of the entries', () => {
    const withExamples = tax.entries.filter((e) => e.examples.positive.length + e.examples.negative.length > 0);
    expect(tax.entries.length).toBeGreaterThan(300);
    expect(withExamples.length / tax.entries.length).toBeGreaterThan(0.5);
  });

  for (const entry of tax.entries) {
    const { positive, negative } = entry.examples;
    if (positive.length === 0 && negative.length === 0) continue;
    describe(`${entry.id} (${entry.file})`, () => {
      for (const sentence of positive) {
        it(`tags: ${sentence}`, () => {
          const r = tagger.tag(sentence);
          expect(r.tags, JSON.stringify(r.mentions.map((m) => [m.tech, m.text, m.rule]))).toContain(entry.id);
        });
      }
      for (const sentence of negative) {
        it(`does not tag: ${sentence}`, () => {
          const r = tagger.tag(sentence);
          expect(r.tags, JSON.stringify(r.mentions.map((m) => [m.tech, m.text, m.rule]))).not.toContain(entry.id);
        });
      }
    });
  }
});
