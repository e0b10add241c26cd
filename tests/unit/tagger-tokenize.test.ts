// The tokenizer: punctuation-bearing names, letter+digit splitting, gaps, and masked addresses.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTaxonomy } from '../../taxonomy/compile.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { GAP_LINE, GAP_NONE, GAP_PARA, GAP_SPACE, NUM, PUNCT, WORD, tokenHash, tokenize, type Tokens } from '../../taxonomy/tokenize.js';

const texts = (t: Tokens): string[] => Array.from({ length: t.n }, (_, k) => t.text.slice(t.start[k]!, t.end[k]!));
const unmasked = (t: Tokens): string[] => texts(t).filter((_, k) => t.masked[k] === 0);

describe('tokenize', () => {
  it('splits words and single punctuation characters, keeping offsets', () => {
    const t = tokenize('C++ and C#, Node.js');
    expect(texts(t)).toEqual(['C', '+', '+', 'and', 'C', '#', ',', 'Node', '.', 'js']);
    expect(Array.from(t.kind.slice(0, 4))).toEqual([WORD, PUNCT, PUNCT, WORD]);
    expect(Array.from(t.gap.slice(0, 4))).toEqual([GAP_NONE, GAP_NONE, GAP_NONE, GAP_SPACE]);
  });

  it('records line breaks and paragraph breaks before a token', () => {
    const t = tokenize('a\nb\n\nc  d');
    expect(Array.from(t.gap.slice(0, 4))).toEqual([GAP_NONE, GAP_LINE, GAP_PARA, GAP_SPACE]);
  });

  it('splits letters+digits ("python3") unless the word is kept whole ("S3")', () => {
    const t = tokenize('python3 S3 EC2 k8s 3D', { keepWhole: new Set(['s3', 'ec2']) });
    expect(texts(t)).toEqual(['python', '3', 'S3', 'EC2', 'k8s', '3D']);
    expect(t.kind[1]).toBe(NUM);
    expect(t.hash[0]).toBe(tokenHash('python', 0, 6));
  });

  it('hashes lower-cased token text', () => {
    const t = tokenize('PyThOn .');
    expect(t.hash[0]).toBe(tokenHash('python', 0, 6));
    expect(t.hash[1]).toBe(tokenHash('.', 0, 1));
  });

  it('keeps non-ASCII letters inside words and emoji as one token', () => {
    expect(texts(tokenize('Café 🚀 Zürich'))).toEqual(['Café', '🚀', 'Zürich']);
  });

  it('masks URLs, e-mail addresses, handles and domain names', () => {
    expect(unmasked(tokenize('see https://github.com/acme/go-tools now'))).toEqual(['see', 'now']);
    expect(unmasked(tokenize('mail jobs@python.org or @golang'))).toEqual(['mail', 'or']);
    expect(unmasked(tokenize('docs at acme.js.org and www.example.com/java'))).toEqual(['docs', 'at', 'and']);
    expect(unmasked(tokenize('visit my-company.io today'))).toEqual(['visit', 'today']);
  });

  it('does not mask technology names that look like domains', () => {
    expect(unmasked(tokenize('ASP.NET, Node.js, Vue.js', { dottedNames: new Set() }))).toHaveLength(11);
    expect(unmasked(tokenize('socket.io and asp.net', { dottedNames: new Set(['socket.io', 'asp.net']) }))).toHaveLength(7);
    expect(unmasked(tokenize('socket.io', { dottedNames: new Set() }))).toHaveLength(0);
  });

  it('does not take a sentence run-on for a domain ("Go.It", "Python.In")', () => {
    expect(unmasked(tokenize('We use Go.It is great. Python.In short'))).toContain('Go');
    expect(unmasked(tokenize('Python.In short'))).toContain('Python');
  });

  it('is linear on long dotted or punctuated runs', () => {
    const t = tokenize('a.'.repeat(200_000) + 'com');
    expect(t.n).toBe(400_001);
    expect(t.masked[0]).toBe(1);
  });

  it('lists as hits only tokens that may start an alias (one-token aliases, or the first two tokens of longer ones)', () => {
    const c = compileTaxonomy(loadTaxonomy(resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/taxonomy-mini')));
    const t = tokenize('The team uses Spring Boot and Python; in spring we hike. AWS Lambda too.', {
      keepWhole: c.keepWhole, dottedNames: c.dottedNames, filter: c.rootBits, pairFilter: c.pairFilter,
    });
    const hits = Array.from(t.hits.slice(0, t.nHits)).map((k) => texts(t)[k]);
    // "Spring" and "Lambda" are weak aliases themselves, so both springs are hits; ordinary words are not.
    expect(hits).toEqual(['Spring', 'Python', 'spring', 'AWS', 'Lambda']);
    // "Amazon" and "Google" only start longer aliases: a hit only when the next token continues one.
    const t2 = tokenize('Amazon is big, Google too; files on Amazon S3.', {
      keepWhole: c.keepWhole, dottedNames: c.dottedNames, filter: c.rootBits, pairFilter: c.pairFilter,
    });
    expect(Array.from(t2.hits.slice(0, t2.nHits)).map((k) => texts(t2)[k])).toEqual(['Amazon', 'S3']);
    expect(t2.hits[0]).toBe(texts(t2).lastIndexOf('Amazon'));
    expect(tokenize('Spring Boot').nHits).toBe(0); // no filter, no hits
  });
});
