import { describe, expect, it } from 'vitest';
import { assertResolved, parseProfile, resolveProfile } from '../../src/analytics/profile.js';
import { TechResolver } from '../../src/analytics/resolve.js';
import { InputError } from '../../src/core/errors.js';

const a = (form: string) => ({ form });
const resolver = new TechResolver([
  { id: 'python', name: 'Python', aliases: [a('Python')] },
  { id: 'postgresql', name: 'PostgreSQL', aliases: [a('Postgres')] },
  { id: 'kubernetes', name: 'Kubernetes', aliases: [a('k8s')] },
  { id: 'javascript', name: 'JavaScript', aliases: [a('JS')] },
  { id: 'php', name: 'PHP', aliases: [a('PHP')] },
  { id: 'go', name: 'Go', aliases: [a('golang')] },
]);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseProfile', () => {
  it('reads the one-minute form', () => {
    const p = parseProfile('knows: {python: 4, postgres: 3, k8s: 1}\ngoals: {role: backend, by: 2027-06}\nignore: [php]\n');
    expect(p.knows.map((k) => [k.name, k.confidence])).toEqual([
      ['python', 4],
      ['postgres', 3],
      ['k8s', 1],
    ]);
    expect(p.goals).toEqual({ role: 'backend', by: '2027-06' });
    expect(p.ignore.map((i) => i.name)).toEqual(['php']);
  });

  it('reads the list form, with bare names at confidence 3', () => {
    const p = parseProfile('knows:\n  - {name: python, confidence: 5}\n  - name: go\n  - k8s\ngoals:\n  by: 2027-06-30\n');
    expect(p.knows.map((k) => [k.name, k.confidence, k.line])).toEqual([
      ['python', 5, 2],
      ['go', 3, 3],
      ['k8s', 3, 4],
    ]);
    expect(p.goals.by).toBe('2027-06');
  });

  it('reports malformed YAML in one line with the line number', () => {
    const e = errorOf(() => parseProfile('knows:\n  python: 4\n  go: [3\n', 'me.yaml'));
    expect(e.message).toMatch(/^me\.yaml:\d+: /);
    expect(e.message).not.toContain('\n');
    const dup = errorOf(() => parseProfile('knows:\n  python: 4\n  python: 3\n', 'me.yaml'));
    expect(dup.message).toBe('me.yaml:3: Map keys must be unique');
  });

  it.each([
    ['knows:\n  python: 7\n', 'p.yaml:2: confidence of python must be a whole number 0-5 (got 7)'],
    ['knows:\n  python: high\n', 'p.yaml:2: confidence of python must be a whole number 0-5 (got "high")'],
    ['knows:\n  python:\n', 'p.yaml:2: confidence of python must be a whole number 0-5 (got null)'],
    ['knows: {python: 3}\nknow: {go: 2}\n', 'p.yaml:2: unknown key "know" (expected knows, goals, ignore)'],
    ['knows:\n  - python\n  - Python\n', 'p.yaml:3: Python is listed twice'],
    ['knows: {python: 3}\ngoals:\n  by: next year\n', 'p.yaml:3: goals.by must be a month YYYY-MM (got "next year")'],
    ['knows: {python: 3}\ngoals:\n  when: 2027\n', 'p.yaml:3: unknown goal "when" (expected role, by)'],
    ['knows:\n  - {name: python, level: 3}\n', 'p.yaml:2: unknown field "level" in knows (expected name, confidence)'],
    ['- python\n', 'p.yaml:1: a profile is a mapping with knows, goals and ignore'],
    ['', 'p.yaml:1: empty profile: write at least "knows: {python: 3}"'],
    ['knows: python\n', 'p.yaml:1: knows is a mapping (python: 4) or a list of {name, confidence}'],
  ])('rejects %j', (text, message) => {
    expect(errorOf(() => parseProfile(text, 'p.yaml')).message).toBe(message);
  });

  it('refuses oversized input', () => {
    expect(errorOf(() => parseProfile('#'.repeat(300 * 1024), 'big.yaml')).message).toMatch(/^big\.yaml: profile too large/);
  });
});

describe('resolveProfile', () => {
  it('resolves names through aliases and shows how', () => {
    const r = resolveProfile(parseProfile('knows: {python: 4, postgres: 3, k8s: 1}\nignore: [php]\n'), resolver);
    expect(r.known.map((k) => [k.tech, k.confidence, k.resolution])).toEqual([
      ['python', 4, 'python'],
      ['postgresql', 3, 'Postgres → postgresql (alias "Postgres")'],
      ['kubernetes', 1, 'k8s → kubernetes (alias "k8s")'],
    ]);
    expect(r.ignore).toEqual(['php']);
    expect(r.unknown).toEqual([]);
    expect(() => assertResolved(r)).not.toThrow();
  });

  it('collects unknown names with suggestions and a one-line error with the line', () => {
    const r = resolveProfile(parseProfile('knows:\n  python: 4\n  javscript: 2\n  cobolt: 1\n'), resolver);
    expect(r.known.map((k) => k.tech)).toEqual(['python']);
    expect(r.unknown[0]).toMatchObject({ input: 'javscript', line: 3, suggestions: ['javascript'] });
    expect(errorOf(() => assertResolved(r, 'me.yaml')).message).toBe(
      'me.yaml:3: unknown technology "javscript" (did you mean javascript?) (+1 more unknown)',
    );
  });

  it('keeps the higher confidence when two names mean one technology', () => {
    const r = resolveProfile(parseProfile('knows: {postgres: 2, postgresql: 4}\n'), resolver);
    expect(r.known).toHaveLength(1);
    expect(r.known[0]).toMatchObject({ tech: 'postgresql', confidence: 4 });
  });
});
