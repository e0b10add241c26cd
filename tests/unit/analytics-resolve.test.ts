import { describe, expect, it } from 'vitest';
import { describeResolution, isResolved, resolveTechName, TechResolver } from '../../src/analytics/resolve.js';

// A taxonomy-like fixture (the real data lives in taxonomy/data/*.yaml).
const a = (form: string) => ({ form });
const entries = [
  { id: 'postgresql', name: 'PostgreSQL', aliases: [a('PostgreSQL'), a('Postgres'), a('psql')] },
  { id: 'kubernetes', name: 'Kubernetes', aliases: [a('Kubernetes'), a('k8s')] },
  { id: 'java', name: 'Java', aliases: [a('Java'), a('J2EE')] },
  { id: 'javascript', name: 'JavaScript', aliases: [a('JavaScript'), a('JS'), a('ECMAScript')] },
  { id: 'nodejs', name: 'Node.js', aliases: [a('Node.js'), a('NodeJS'), a('Node')] },
  { id: 'go', name: 'Go', aliases: [a('Go'), a('golang')] },
  { id: 'spring-boot', name: 'Spring Boot', aliases: [a('Spring Boot')] },
  { id: 'csharp', name: 'C#', aliases: [a('C#')] },
  { id: 'c', name: 'C', aliases: [a('C')] },
  { id: 'r', name: 'R', aliases: [a('R')] },
  { id: 'rust', name: 'Rust', aliases: [a('Rust')] },
];

describe('resolveTechName', () => {
  it.each([
    ['postgres', 'postgresql', 'alias', 'Postgres'],
    ['k8s', 'kubernetes', 'alias', 'k8s'],
    ['K8S', 'kubernetes', 'alias', 'k8s'],
    ['node', 'nodejs', 'alias', 'Node'],
    ['java', 'java', 'id', 'java'],
    ['Java', 'java', 'name', 'Java'],
    ['golang', 'go', 'alias', 'golang'],
    ['spring boot', 'spring-boot', 'name', 'Spring Boot'],
    ['springboot', 'spring-boot', 'normalized', 'spring-boot'],
    ['node js', 'nodejs', 'normalized', 'nodejs'],
    ['c#', 'csharp', 'name', 'C#'],
    ['c', 'c', 'id', 'c'],
  ])('%s → %s via %s', (input, id, via, form) => {
    const res = resolveTechName(input, entries);
    expect(res).toMatchObject({ id, via, form });
  });

  it('never resolves java to javascript, nor javascript to java', () => {
    expect(resolveTechName('java', entries)).toMatchObject({ id: 'java' });
    expect(resolveTechName('javascript', entries)).toMatchObject({ id: 'javascript' });
    expect(resolveTechName('js', entries)).toMatchObject({ id: 'javascript' });
  });

  it('leaves a misspelling unknown and suggests the right one first', () => {
    const res = resolveTechName('javscript', entries);
    expect(isResolved(res)).toBe(false);
    expect(res).toMatchObject({ unknown: 'javscript' });
    expect((res as { suggestions: string[] }).suggestions[0]).toBe('javascript');
    expect(describeResolution(res)).toMatch(/^unknown technology "javscript" \(did you mean javascript/);
  });

  it.each([
    ['kubernets', 'kubernetes'],
    ['postgress', 'postgresql'],
    ['rsut', 'rust'],
  ])('suggests %s → %s', (input, first) => {
    const res = resolveTechName(input, entries);
    expect(isResolved(res)).toBe(false);
    expect((res as { suggestions: string[] }).suggestions[0]).toBe(first);
  });

  it('suggests nothing for something unrelated, and handles empty input', () => {
    expect(resolveTechName('xylophone', entries)).toEqual({ unknown: 'xylophone', suggestions: [] });
    expect(resolveTechName('  ', entries)).toEqual({ unknown: '  ', suggestions: [] });
  });

  it('reports ambiguity instead of guessing, unless the case decides', () => {
    const clash = [
      { id: 'go', name: 'Go', aliases: [a('Go')] },
      { id: 'go-game', name: 'go (board game)', aliases: [a('go')] },
    ];
    expect(resolveTechName('Go', clash)).toMatchObject({ id: 'go', via: 'name' }); // exact case decides
    expect(resolveTechName('go', clash)).toMatchObject({ id: 'go', via: 'id' }); // an id beats an alias
    const clash2 = [
      { id: 'x1', name: 'Foo one', aliases: [a('Foo')] },
      { id: 'x2', name: 'Foo two', aliases: [a('FOO')] },
    ];
    expect(resolveTechName('foo', clash2)).toEqual({ unknown: 'foo', suggestions: ['x1', 'x2'], ambiguous: true });
    expect(resolveTechName('FOO', clash2)).toMatchObject({ id: 'x2' });
  });

  it('describes every resolution', () => {
    const r = new TechResolver(entries);
    expect(describeResolution(r.resolve('k8s'))).toBe('k8s → kubernetes (alias "k8s")');
    expect(describeResolution(r.resolve('java'))).toBe('java');
  });
});
