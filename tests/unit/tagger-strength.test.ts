// Requirement strength (required / preferred / mentioned) from headings and phrases, on real-looking ads.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Strength } from '../../src/core/types.js';
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

// One block per rule of ../shared/eval/STRENGTH-GUIDELINES.md, and the confusions the learner's coverage suffered
// from (issue 14): stack lists read as requirements, requirement lists read as stack, optional headings that did
// not govern their lists, technologies in a role line.
describe('STRENGTH-GUIDELINES rule 1: the sentence, the list item and the heading above it', () => {
  it('a heading governs the list below it', () => {
    expect(strengths('Acme | Backend Engineer\n\nRequirements:\n- Java\n- Docker\n\nTech stack:\n- Python\n- MongoDB')).toEqual([
      'java:required', 'docker:required', 'python:mentioned', 'mongodb:mentioned',
    ]);
  });
  it('an optional heading governs its list even against a requirement phrase', () => {
    expect(strengths('Nice to have:\n* Experience with Django\n* Strong Kubernetes skills')).toEqual(['django:preferred', 'kubernetes:preferred']);
    expect(strengths('Additional skills:\n- Docker\n- Kubernetes')).toEqual(['docker:preferred', 'kubernetes:preferred']);
  });
  it('a lead-in sentence ending in a colon is a heading for its list', () => {
    expect(strengths('It would be great if you also have experience in:\n- Docker\n- Kubernetes')).toEqual(['docker:preferred', 'kubernetes:preferred']);
    expect(strengths('We use the following technologies:\n- Python\n- PostgreSQL')).toEqual(['python:mentioned', 'postgresql:mentioned']);
  });
});

describe('STRENGTH-GUIDELINES rule 2: the work is mentioned, experience is required', () => {
  it.each<[string, string[]]>([
    ["You'll build our Python services on Kubernetes.", ['python:mentioned', 'kubernetes:mentioned']],
    ['You will work on our Java backend.', ['java:mentioned']],
    ['Experience with Go.', ['go:required']],
    ['Knowledge of PostgreSQL.', ['postgresql:required']],
    ["You'll need solid Docker skills.", ['docker:required']],
    ['Experience communicating with services built using Python and Java.', ['python:required', 'java:required']],
  ])('%s', (text, expected) => {
    expect(strengths(text)).toEqual(expected);
  });
});

describe('STRENGTH-GUIDELINES rule 3: any of several', () => {
  it('"experience with any of X, Y or Z" requires each', () => {
    expect(strengths('Experience with any of Python, Ruby or Go.')).toEqual(['python:required', 'ruby:required', 'go:required']);
  });
});

describe('STRENGTH-GUIDELINES rule 4: interest and learning are mentioned', () => {
  it.each<[string, string[]]>([
    ['An interest in Kubernetes.', ['kubernetes:mentioned']],
    ['Willing to learn Kubernetes.', ['kubernetes:mentioned']],
    ["No Go experience needed, you'll learn Go here.", ['go:mentioned', 'go:mentioned']],
    ["We don't expect you to know our whole stack (Python, React, Docker).", ['python:mentioned', 'react:mentioned', 'docker:mentioned']],
  ])('%s', (text, expected) => {
    expect(strengths(text)).toEqual(expected);
  });
});

describe('STRENGTH-GUIDELINES rule 5: a technology in the job title is required', () => {
  it.each<[string, string[]]>([
    ['Senior Java Engineer', ['java:required']],
    ['Acme | Backend Engineer (Python, PostgreSQL) | Remote', ['python:required', 'postgresql:required']],
    ['* Backend Software Engineer (Python, PostgreSQL, Docker) - $135k - https://acme.example/jobs', ['python:required', 'postgresql:required', 'docker:required']],
    ["We're looking for a Python developer to join us.", ['python:required']],
    ['Cloudflare | Systems Engineer | Austin', []],
  ])('%s', (text, expected) => {
    expect(strengths(text)).toEqual(expected);
  });
  it('the company in the first header field is no title (and, as the employer, no mention: GUIDELINES rule 8)', () => {
    expect(strengths('MongoDB | Backend Engineer (Go) | NYC')).toEqual(['go:required']);
  });
  it('a bare list under a title line is that job\'s stack; prose under it is the work', () => {
    expect(strengths('Open roles\n\nFull-Stack Engineer\n- Angular, Java, PostgreSQL\n- Our app runs on Docker')).toEqual([
      'angular:required', 'java:required', 'postgresql:required', 'docker:mentioned',
    ]);
  });
});

describe('STRENGTH-GUIDELINES rule 6: one occurrence at a time', () => {
  it('the same technology can be mentioned in one place and required in another', () => {
    expect(strengths('We use Python everywhere.\n\nRequirements:\n- 3+ years of Python')).toEqual(['python:mentioned', 'python:required']);
  });
  it('an optional cue applies to what it marks, not to the whole sentence', () => {
    expect(strengths('Solid experience with React (React Native is a big plus).')).toEqual(['react:required', 'react-native:preferred']);
    expect(strengths('Cloud experience (AWS or GCP preferred, also C++).')).toEqual(['aws:preferred', 'gcp:preferred', 'cpp:required']);
  });
});

describe('STRENGTH-GUIDELINES rule 7: tag lines and stack lists', () => {
  it('a job board Technologies line is the stack, unless the title names the technology', () => {
    const ad = 'Senior Java Developer <ORGANIZATION>\nDate posted: 2021-01-01\nJob description:\nRole:\nBackend Developer\nTechnologies\njava docker kubernetes\nJob description\nWe build payment systems.';
    expect(strengths(ad)).toEqual(['java:required', 'java:required', 'docker:mentioned', 'kubernetes:mentioned']);
  });
  it('a stack list followed by "experience with these is a plus" becomes preferred', () => {
    expect(strengths('We use Django, React and Docker. Experience in these technologies helps.')).toEqual(['django:preferred', 'react:preferred', 'docker:preferred']);
  });
  it('"not all required" makes its list preferred', () => {
    expect(strengths('Skills (not all required):\n- Go\n- Kubernetes')).toEqual(['go:preferred', 'kubernetes:preferred']);
  });
});
