// `techdemand suggest`: frequent technology-looking words the taxonomy does not know yet, with example contexts.
import { parseFormat, renderRows, type Column } from '../output.js';
import { openQueryStorage } from '../storage.js';
import { buildFilter, loadTaggerOnce, parsePositiveInt, writeOut, type GlobalOptions } from '../app.js';

export async function suggestCommand(o: GlobalOptions & { limit?: string; minDocs?: string; since?: string; until?: string; source?: string; format?: string }): Promise<void> {
  const format = parseFormat(o.format ?? (o.json ? 'json' : undefined));
  const limit = parsePositiveInt(o.limit, '--limit', 40, 10_000);
  const minDocs = parsePositiveInt(o.minDocs, '--min-docs', 3, 1_000_000);
  const filter = buildFilter(o);
  const { taxonomy } = await loadTaggerOnce();
  const q = await openQueryStorage(o.db);
  try {
    const months = { ...(filter.since ? { sinceMonth: filter.since } : {}), ...(filter.until ? { untilMonth: filter.until } : {}) };
    const { termSuggester } = await import('../../taxonomy/suggest.js');
    const suggester = termSuggester(taxonomy, { limit, minDocs });
    for (const source of filter.sources && filter.sources.length > 0 ? filter.sources : [undefined]) {
      for await (const page of q.postingPages({ ...(source !== undefined ? { source } : {}), ...months })) {
        for (const p of page) suggester.add({ id: `${p.source}:${p.externalId}`, text: p.text });
      }
    }
    const terms = suggester.finish();
    const columns: Column<(typeof terms)[number]>[] = [
      { header: 'term', key: 'term', value: (t) => t.term },
      { header: 'ads', key: 'docs', value: (t) => t.docs, align: 'right' },
      { header: 'count', key: 'count', value: (t) => t.count, align: 'right' },
      { header: 'score', key: 'score', value: (t) => Math.round(t.score * 10) / 10, align: 'right' },
      { header: 'example', key: 'examples', value: (t) => (format === 'json' ? t.examples.join('\n') : (t.examples[0] ?? '').slice(0, 90)) },
    ];
    if (format === 'json') writeOut(o, JSON.stringify(terms, null, 2) + '\n');
    else writeOut(o, renderRows(terms, columns, format));
  } finally {
    await q.close();
  }
}
