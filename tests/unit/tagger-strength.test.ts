// Requirement strength (required / preferred / mentioned) from headings and phrases, on real-looking ads.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Strength } from '../../src/types.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { strengthClassifier } from '../../taxonomy/strength.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const tagger = compileTagger(loadTaxonomy(resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/taxonomy-mini')));

/** Strength of each mention of the ad, as "tech:strength". */
function strengths(text: string): string[] {
  return tagger.tag(text).mentions.map((m) => `${m.tech}:${m.strength}`);
}

const AD = `Acme Payments | Senior Backend Engineer | Remote (EU)

About us
We build payment rails for small shops. Our stack is Python, Postgres and Docker, deployed on AWS.

What you'll need:
- 4+ years writing Java services
- Kubernetes in production

Nice to have:
- MongoDB
- Go experience is a plus

Apply at jobs@acme.io.`;

describe('strength in a sectioned ad', () => {
  it('follows the section headings, unless the sentence says otherwise', () => {
    expect(strengths(AD)).toEqual([
      'python:mentioned', 'postgresql:mentioned', 'docker:mentioned', 'aws:mentioned',
      'java:required', 'kubernetes:required',
      'mongodb:preferred', 'go:preferred',
    ]);
  });
});

describe('strength from phrases', () => {
  it.each<[string, string[]]>([
    ['Experience with Java is required.', ['java:required']],
    ['You have shipped Python in production.', ['python:required']],
    ['Familiarity with Docker is a plus.', ['docker:preferred']],
    ['Bonus points for Kubernetes.', ['kubernetes:preferred']],
    ['Ideally you know Postgres.', ['postgresql:preferred']],
    ['We use Python and MongoDB.', ['python:mentioned', 'mongodb:mentioned']],
    ['Our backend is built with Java and runs on AWS.', ['java:mentioned', 'aws:mentioned']],
    ['Senior Python Engineer', ['python:required']],
    ['Python, Docker', ['python:mentioned', 'docker:mentioned']],
  ])('%s', (text, expected) => {
    expect(strengths(text)).toEqual(expected);
  });

  it('an inline heading governs the rest of its line', () => {
    expect(strengths('Nice to have: Docker, Kubernetes\nRequirements: Java')).toEqual(['docker:preferred', 'kubernetes:preferred', 'java:required']);
    expect(strengths('Tech stack: Python, Postgres')).toEqual(['python:mentioned', 'postgresql:mentioned']);
  });

  it('a heading section ends at a long prose paragraph', () => {
    const text = 'Requirements:\n- Java\n\n' + 'We are a friendly team of people who like building things together and helping each other grow, '.repeat(3) +
      'and on weekends some of us play with Docker.';
    expect(strengths(text)).toEqual(['java:required', 'docker:mentioned']);
  });
});

describe('strengthClassifier', () => {
  it('classifies offsets in any order', () => {
    const text = 'Requirements:\n- Java\n\nNice to have:\n- Docker';
    const f = strengthClassifier(text);
    const at = (word: string): Strength => f(text.indexOf(word), word.length);
    expect(at('Docker')).toBe('preferred');
    expect(at('Java')).toBe('required');
    expect(at('Docker')).toBe('preferred');
  });
});
