// Suggesting unknown technology-looking terms from a collection of ads.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { suggestTerms } from '../../taxonomy/suggest.js';

const tax = loadTaxonomy(resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/taxonomy-mini'));

const ads = [
  'Our stack is Python with Hotwire and Chart.js on the front. We also like tRPC.',
  'Backend in Java; the UI uses Hotwire. Dashboards with Chart.js and Grafana.',
  'We use Hotwire, Python and Chart.js. Reports go out every Monday in March.',
  'Small team. Research matters. We build research tools in Python and tRPC.',
  'Research is what we do; research papers, research code, research everything. Elixir too.',
  'Contact us via jobs@zorgtool.io or https://zorgtool.io/Careers.',
  'Contact us via jobs@zorgtool.io or https://zorgtool.io/Careers.',
];

describe('suggestTerms', () => {
  const result = suggestTerms(ads.map((text, i) => ({ id: String(i), text })), tax, { minDocs: 2 });
  const terms = result.map((r) => r.term);

  it('finds capitalised, dotted and camelCase terms the taxonomy does not know', () => {
    expect(terms).toContain('Hotwire');
    expect(terms).toContain('Chart.js');
    expect(terms).toContain('tRPC');
  });

  it('leaves out known technologies, sentence starts, calendar words, common words and addresses', () => {
    for (const t of ['Python', 'Java', 'Our', 'Monday', 'March', 'Research', 'Reports', 'zorgtool', 'Careers', 'Contact']) expect(terms).not.toContain(t);
  });

  it('drops terms seen in fewer texts than minDocs', () => {
    expect(terms).not.toContain('Grafana');
    expect(terms).not.toContain('Elixir');
    expect(suggestTerms(ads.map((text, i) => ({ id: String(i), text })), tax, { minDocs: 1 }).map((r) => r.term)).toContain('Grafana');
  });

  it('counts occurrences and texts, scores with TF-IDF and gives example contexts', () => {
    const hotwire = result.find((r) => r.term === 'Hotwire')!;
    expect(hotwire).toMatchObject({ count: 3, docs: 3 });
    expect(hotwire.examples).toHaveLength(3);
    for (const e of hotwire.examples) expect(e).toContain('Hotwire');
    const trpc = result.find((r) => r.term === 'tRPC')!;
    expect(trpc).toMatchObject({ count: 2, docs: 2 });
    // idf = 1 + ln(N / (1 + docs)): Hotwire 3 × (1 + ln(7/4)), tRPC 2 × (1 + ln(7/3)).
    expect(hotwire.score).toBeCloseTo(3 * (1 + Math.log(7 / 4)), 3);
    expect(trpc.score).toBeCloseTo(2 * (1 + Math.log(7 / 3)), 3);
    expect(terms.indexOf('Hotwire')).toBeLessThan(terms.indexOf('tRPC'));
  });

  it('honours limit and example count', () => {
    const r = suggestTerms(ads.map((text, i) => ({ id: String(i), text })), tax, { limit: 1, examples: 1 });
    expect(r).toHaveLength(1);
    expect(r[0]!.examples).toHaveLength(1);
  });
});
