// The tagger engine on a small fixture taxonomy (tests/fixtures/taxonomy-mini): matching, versions, lists,
// corroboration of weak aliases, addresses, negation, evidence, and input safety.
import fc from 'fast-check';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger, MAX_TEXT_CHARS } from '../../taxonomy/tagger.js';

const miniDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/taxonomy-mini');
const tax = loadTaxonomy(miniDir);
const tagger = compileTagger(tax);
const tags = (text: string): string[] => tagger.tag(text).tags;
const rules = (text: string, tech: string): string[] => tagger.tag(text).mentions.filter((m) => m.tech === tech).map((m) => m.rule);

describe('compileTagger', () => {
  it('carries the taxonomy version', () => {
    expect(tagger.version).toBe(tax.version);
    expect(tagger.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns distinct sorted tags and mentions in text order', () => {
    const r = tagger.tag('Python, Java and Python again; Docker too.');
    expect(r.tags).toEqual(['docker', 'java', 'python']);
    expect(r.mentions.map((m) => m.tech)).toEqual(['python', 'java', 'python', 'docker']);
    expect(r.mentions.map((m) => m.offset)).toEqual([...r.mentions.map((m) => m.offset)].sort((a, b) => a - b));
  });

  it('records exact evidence: text, offset, length, rule', () => {
    const text = 'We like Postgres.';
    const [m] = tagger.tag(text).mentions;
    expect(m).toMatchObject({ tech: 'postgresql', text: 'Postgres', offset: 8, length: 8, rule: 'alias:strong' });
    expect(text.slice(m!.offset, m!.offset + m!.length)).toBe(m!.text);
  });

  it('matches case-insensitively unless the alias is case-sensitive', () => {
    expect(tags('PYTHON and python')).toEqual(['python']);
    expect(tags('js is fine')).toEqual([]); // "JS" is case-sensitive
    expect(tags('Frontend in JS')).toEqual(['javascript']);
  });
});

describe('longest match and product names (guideline 4)', () => {
  it.each([
    ['Spring Boot services in Java', ['java', 'spring-boot']],
    ['React Native app', ['react-native']],
    ['ASP.NET Core APIs', ['aspnet']],
    ['Ruby on Rails monolith', ['rails']],
    ['Node.js services', ['nodejs']],
    ['T-SQL procedures', ['tsql']],
  ])('%s → %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });

  it('matches hyphenated and joined spellings of multi-word names', () => {
    expect(tags('React-Native for mobile')).toEqual(['react-native']);
    expect(tags('We build with SpringBoot and java')).toEqual(['java', 'spring-boot']);
  });
});

describe('punctuation-bearing names and lists', () => {
  it('keeps C++, C# and .NET whole', () => {
    expect(tags('Strong C++ and C# skills on .NET Core')).toEqual(['cpp', 'csharp', 'dotnet']);
  });

  it('splits slashes into each technology (guideline 3)', () => {
    expect(tags('C/C++ developers')).toEqual(['c', 'cpp']);
    expect(tags('Python/Django')).toEqual(['django', 'python']);
    expect(tags('HTML5/CSS3')).toEqual(['css', 'html']);
    expect(tags('C#/.NET')).toEqual(['csharp', 'dotnet']);
  });

  it('does not read a grade "C+" as C or C++', () => {
    expect(tags('Grade C+ or above in maths, with statistics')).toEqual([]);
  });

  it('never matches inside a longer word', () => {
    expect(tags('JavaScript developer')).toEqual(['javascript']);
    expect(tags('Pythonic code and Javanese food')).toEqual([]);
  });
});

describe('version tails', () => {
  it.each([
    ['Python3', 'python'], ['Python 3.11', 'python'], ['python3.12 scripts', 'python'], ['Java8 to Java 21', 'java'],
    ['Modern C++17', 'cpp'], ['Angular 2+', 'angular'], ['Angular 17', 'angular'],
  ])('%s → %s', (text, id) => {
    expect(tags(text)).toContain(id);
  });

  it('reads "Angular 1.x" as AngularJS, any other Angular as Angular (guideline 2)', () => {
    expect(tags('Legacy Angular 1.x app')).toEqual(['angularjs']);
    expect(tags('Angular 1 and AngularJS')).toEqual(['angularjs']);
  });

  it('lets a real version corroborate a weak alias, but not a year or a one-digit glued suffix', () => {
    expect(rules('Upgrading to Go 1.22 soon', 'go')).toEqual(['alias:weak+version']);
    expect(tags('Spring 2025 internship with Java')).toEqual(['java']);
    expect(tags('English level C1 required')).toEqual([]);
  });

  it('does not take "2+ years" for a version', () => {
    const r = tagger.tag('Python 2+ years of experience');
    expect(r.tags).toEqual(['python']);
    expect(r.mentions[0]!.text).toBe('Python');
  });
});

describe('weak aliases need corroboration', () => {
  it('alone they are not mentions', () => {
    expect(tags('Go ahead and apply.')).toEqual([]);
    expect(tags('We want people who react quickly.')).toEqual([]);
    expect(tags('Ruby Martinez leads the team.')).toEqual([]);
    expect(tags('Spring is a great season.')).toEqual([]);
  });

  it('(a) a list with another technology', () => {
    expect(rules('Python, Go', 'go')).toEqual(['alias:weak+list']);
    expect(rules('Docker and Ruby', 'ruby')).toEqual(['alias:weak+list']);
    expect(tags('Stack: Go / Kubernetes / Postgres')).toContain('go');
  });

  it('(b) a cue word nearby', () => {
    expect(rules('Our services are written in Go.', 'go')).toEqual(['alias:weak+cue:written in']);
    expect(rules('Senior Ruby developer', 'ruby')).toEqual(['alias:weak+cue:developer']);
    expect(rules('Firmware in C for sensors', 'c')[0]).toMatch(/^alias:weak\+cue:/);
    expect(rules('Strong R skills for statistics', 'r')[0]).toMatch(/^alias:weak\+cue:/);
  });

  it('(c) a related entity anywhere in the ad (per-entry with)', () => {
    expect(rules('Our APIs speak gRPC. The team writes services in Go daily.', 'go')).not.toEqual([]);
    expect(rules('We use gRPC everywhere. The team loves Go.', 'go')).toEqual(['alias:weak+with:grpc']);
  });

  it('generic concepts in a list do not corroborate', () => {
    expect(tags('Infrastructure PKI Ruby Security')).toEqual(['cryptography']);
  });

  it('a lower-case spelling of a case-sensitive alias counts only between list items', () => {
    expect(tags('docker, varnish, python')).toEqual(['docker', 'python', 'varnish']);
    expect(tags('Apply a coat of varnish.')).toEqual([]);
    expect(tags('python, rails, docker')).toEqual(['docker', 'python', 'rails']);
    expect(tags('The project went off the rails.')).toEqual([]);
  });

  it('per-entry reject patterns veto what they overlap', () => {
    expect(tags('Own our go-to-market with Golang skills')).toEqual(['go']);
    expect(tags('We raised a Series C, and write firmware')).toEqual([]);
    expect(tags('Manage node pools in JavaScript')).toEqual(['javascript']);
  });

  it('vetoes glued shapes: C-level, R&D, ex-Go, Go-live', () => {
    expect(tags('Report to the C-level team about firmware')).toEqual([]);
    expect(tags('R&D statistics team')).toEqual([]);
    expect(tags('Go-live support for goroutines')).toEqual([]);
  });
});

describe('addresses are not mentions (guideline 9)', () => {
  it.each([
    'See github.com/acme/python-tools for code.',
    'Write to jobs@python.org today.',
    'Docs live at acme.js.org and docker.acme.io.',
    'Apply at https://example.com/jobs/java-developer now.',
    'Questions? Write to HR@ACME.NET.',
    'Send your CV to jobs@example.net.',
    'Follow @golang on social media.',
  ])('%s', (text) => {
    expect(tags(text)).toEqual([]);
  });

  it('keeps dotted technology names that look like domains', () => {
    expect(tags('Built on ASP.NET with Node.js')).toEqual(['aspnet', 'nodejs']);
  });
});

describe('negation (guideline 10)', () => {
  it('drops technologies the ad says are not used', () => {
    expect(tags('Python shop, no Java.')).toEqual(['python']);
    expect(tags('We moved off MongoDB last year; now Postgres.')).toEqual(['postgresql']);
    expect(tags("We aren't at the moment utilizing (Python, Docker) here.")).toEqual([]);
  });

  it('keeps "No Go experience needed, you will learn it here"', () => {
    expect(tags("No Go experience needed, you'll learn it here.")).toEqual(['go']);
  });

  it('keeps a technology that is also mentioned positively', () => {
    expect(tags('No Java on the frontend, but Java on the backend.')).toEqual(['java']);
  });
});

describe('cloud vendors (guideline 5)', () => {
  it('a service named with the cloud yields both', () => {
    const r = tagger.tag('Functions on AWS Lambda');
    expect(r.tags).toEqual(['aws', 'aws-lambda']);
    expect(r.mentions.find((m) => m.tech === 'aws')).toMatchObject({ text: 'AWS', rule: 'alias:strong+vendor-prefix' });
    expect(tags('Google Cloud Pub/Sub topics')).toEqual(['gcp', 'google-pubsub']);
  });

  it('"Amazon" alone is not AWS', () => {
    expect(tags('Artifacts in Amazon S3')).toEqual(['aws-s3']);
    expect(tags('Amazon is our biggest customer.')).toEqual([]);
  });

  it('a bare service name needs its cloud in the ad', () => {
    expect(tags('Lambda calculus and type theory')).toEqual([]);
    expect(tags('We run on AWS. Jobs trigger a Lambda nightly.')).toEqual(['aws', 'aws-lambda']);
  });
});

describe('input safety', () => {
  it('handles empty, huge and odd input', () => {
    expect(tagger.tag('')).toEqual({ tags: [], mentions: [] });
    expect(tagger.tag(undefined as unknown as string)).toEqual({ tags: [], mentions: [] });
    const huge = 'x '.repeat(MAX_TEXT_CHARS / 2) + 'Python';
    expect(tagger.tag(huge).tags).toEqual([]); // beyond the cap: not read
    expect(tagger.tag('Python ' + 'a'.repeat(100_000)).tags).toEqual(['python']);
    expect(tagger.tag('🚀 Python 🚀, Go 🦀').tags).toContain('python');
  });

  it('mentions always point at their own text, for any input', () => {
    const alphabet = fc.constantFrom(...'GoC++#.NET/Python ,:-()\n\nRailsrubyJava8 3.1 @x.io no'.split(''), ' Go ', ' C ', ' Python ', ', ', '.NET', 'http://', ' and ');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (text) => {
      const r = tagger.tag(text);
      for (const m of r.mentions) {
        expect(text.slice(m.offset, m.offset + m.length)).toBe(m.text);
        expect(['required', 'preferred', 'mentioned']).toContain(m.strength);
      }
      expect(r.tags).toEqual([...new Set(r.mentions.map((m) => m.tech))].sort());
    }), { numRuns: 300 });
  });

  it('is deterministic across calls (shared buffers do not leak state)', () => {
    const a = 'Go services in Kubernetes, gRPC APIs, and some Python. See github.com/acme.';
    const first = tagger.tag(a);
    tagger.tag('C/C++ '.repeat(5000));
    expect(tagger.tag(a)).toEqual(first);
  });
});
