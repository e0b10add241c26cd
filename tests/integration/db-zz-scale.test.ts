import { it } from 'vitest';
import { rmSync, mkdirSync } from 'node:fs';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { corpusPostings, literalMentions } from './db-fixtures.js';
it('scale', () => {
  mkdirSync('/tmp/td-scale', { recursive: true });
  const base = corpusPostings(7064, 1).map(p => ({ p, m: literalMentions(p.text) }));
  const run = (label: string, f: (x: typeof base[0]) => any) => {
    rmSync('/tmp/td-scale/v.db', { force: true }); rmSync('/tmp/td-scale/v.db-wal', { force: true });
    const db = openDatabase('/tmp/td-scale/v.db'); const s = new Store(db);
    const t = Date.now();
    for (let i = 0; i < base.length; i += 500) s.savePostings(base.slice(i, i + 500).map(f), '2024-01-01T00:00:00Z');
    console.log(label, Date.now() - t, 'ms');
    db.close();
  };
  run('full', ({ p, m }) => ({ posting: p, tagVersion: 'v', mentions: m }));
  run('no mentions', ({ p }) => ({ posting: p, tagVersion: 'v', mentions: [] }));
  run('no html/text', ({ p, m }) => ({ posting: { ...p, html: null, text: 'x' }, tagVersion: 'v', mentions: m }));
  run('full again', ({ p, m }) => ({ posting: p, tagVersion: 'v', mentions: m }));
});
