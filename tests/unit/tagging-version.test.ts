// A tripwire for the taxonomy version: stored postings are re-tagged only when it changes (retag, run), and it is a
// hash of the data files and TAGGING_RULES_VERSION. So a change of the tag output (mentions, strength, rules) must
// come with a new version: the digest of the output on the self-labelled held-out ads is recorded here with the
// version that made it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const RECORDED = { version: '9c5f83392df56016', digest: '88cf61eea48d72ee' };

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/heldout/postings.jsonl');

describe('the taxonomy version', () => {
  it('changes whenever the tag output changes', () => {
    const taxonomy = loadTaxonomy();
    const tagger = compileTagger(taxonomy);
    const hash = createHash('sha256');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const ad = JSON.parse(line) as { id: string; text: string };
      const mentions = tagger.tag(ad.text).mentions.map((m) => [m.id, m.offset, m.length, m.strength, m.rule].join(':'));
      hash.update(`${ad.id}\t${mentions.join(' ')}\n`);
    }
    const digest = hash.digest('hex').slice(0, 16);
    if (taxonomy.version === RECORDED.version) {
      expect(digest, `the tag output changed with the same taxonomy version: bump TAGGING_RULES_VERSION in taxonomy/rules-version.ts and record { version, digest: '${digest}' } here`).toBe(RECORDED.digest);
    } else {
      expect.fail(`the taxonomy version is ${taxonomy.version}: record { version: '${taxonomy.version}', digest: '${digest}' } in this test`);
    }
  });
});
