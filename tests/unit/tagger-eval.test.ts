// The tagger with the real taxonomy on the gold-labelled dev set (../shared/eval): micro precision and recall
// over (posting, label) pairs, and F1 per category, scored on the label space only — like score.mjs.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const evalDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/eval');
const readJsonl = <T>(name: string): T[] => readFileSync(resolve(evalDir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
const category = new Map(readFileSync(resolve(evalDir, 'labels.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => {
  const [id, , cat] = l.split('\t');
  return [id!, cat!] as const;
}));
const postings = readJsonl<{ id: string; text: string }>('dev.postings.jsonl');
const gold = new Map(readJsonl<{ id: string; labels: string[] }>('dev.gold.jsonl').map((g) => [g.id, new Set(g.labels.filter((l) => category.has(l)))]));
const tagger = compileTagger(loadTaxonomy());

describe('dev set accuracy', () => {
  let tp = 0, fp = 0, fn = 0;
  const perCat = new Map<string, { tp: number; fp: number; fn: number }>();
  const errors: string[] = [];
  const cell = (id: string) => perCat.get(category.get(id)!) ?? perCat.set(category.get(id)!, { tp: 0, fp: 0, fn: 0 }).get(category.get(id)!)!;
  for (const p of postings) {
    const g = gold.get(p.id) ?? new Set<string>();
    const pred = new Set(tagger.tag(p.text).tags.filter((t) => category.has(t)));
    for (const id of pred) if (g.has(id)) { tp++; cell(id).tp++; } else { fp++; cell(id).fp++; errors.push(`fp ${id} @${p.id}`); }
    for (const id of g) if (!pred.has(id)) { fn++; cell(id).fn++; errors.push(`fn ${id} @${p.id}`); }
  }

  it('covers the whole dev set', () => {
    expect(postings.length).toBe(100);
    expect(tp).toBeGreaterThan(500);
  });

  it('precision ≥ 0.99 and recall ≥ 0.985', () => {
    expect(tp / (tp + fp), errors.join(', ')).toBeGreaterThanOrEqual(0.99);
    expect(tp / (tp + fn), errors.join(', ')).toBeGreaterThanOrEqual(0.985);
  });

  it('no category below F1 0.95', () => {
    for (const [cat, c] of perCat) {
      const f1 = (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
      expect(f1, `${cat}: ${JSON.stringify(c)}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});
