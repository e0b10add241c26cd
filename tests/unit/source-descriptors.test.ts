// Sources are declared once: the registry's descriptors are what config validation, run's units, scrape and init
// read. These tests tie each of those to the descriptors, so a source added with one registry line is complete.
import { describe, expect, it } from 'vitest';
import { descriptors, sourceDescriptor, sourceNames } from '../../scrapers/registry.js';
import { SOURCE_NAMES } from '../../scrapers/source-names.js';
import { parseConfig } from '../../src/config.js';
import { planUnits } from '../../src/run.js';
import { starterConfig } from '../../src/commands/init.js';
import type { SourceEntry } from '../../src/core/sources.js';

/** The smallest entry a descriptor accepts: a board or a page when it needs one. */
function minimalEntry(name: string): SourceEntry {
  const d = sourceDescriptor(name);
  return {
    ...(d.boards ? { boards: ['acme'] } : {}),
    options: d.required?.some((q) => q.option === 'urls') ? { urls: ['https://jobs.example.org/careers'] } : {},
  };
}

describe('source descriptors', () => {
  it('one descriptor per registered name, in step with the light name list the CLI reads', () => {
    expect(new Set(descriptors.map((d) => d.name)).size).toBe(descriptors.length);
    expect(sourceNames()).toEqual([...SOURCE_NAMES].sort());
  });

  it('each plans its units: scope of its own source, a budget for every host, listing sources close', () => {
    for (const d of descriptors) {
      const units = d.units(minimalEntry(d.name));
      expect(units.length, d.name).toBeGreaterThan(0);
      for (const u of units) {
        expect(u.scope.source, d.name).toBe(d.name);
        expect(Object.keys(u.hosts).length, d.name).toBeGreaterThan(0);
        for (const b of Object.values(u.hosts)) {
          expect(b.concurrency).toBeGreaterThanOrEqual(1);
          expect(b.minIntervalMs).toBeGreaterThanOrEqual(0);
        }
        expect(u.closes, d.name).toBe(d.family !== 'thread');
      }
    }
  });

  it('run plans exactly the units the descriptors give, in config order', () => {
    const yaml = `sources:\n  hn: { months: 1 }\n  greenhouse: { boards: [vercel, stripe] }\n  remotive: {}\n  careers: { urls: [https://jobs.example.org/careers] }\n`;
    const config = parseConfig(yaml, '/tmp/c.yaml');
    const expected = config.sources.flatMap((s) =>
      sourceDescriptor(s.name)
        .units({ ...(s.boards ? { boards: s.boards } : {}), options: s.options })
        .map((u) => u.unit),
    );
    expect(planUnits(config).map((u) => u.unit)).toEqual(expected);
    expect(expected).toEqual(['hn', 'greenhouse:vercel', 'greenhouse:stripe', 'remotive', 'careers']);
  });

  it('config validation takes each descriptor option and refuses what no descriptor declares', () => {
    for (const d of descriptors) {
      for (const [key, spec] of Object.entries(d.options)) {
        if (key === 'boards' || key === 'urls') continue;
        const value = spec.kind === 'int' ? spec.min : spec.kind === 'oneOf' ? spec.values[0] : spec.kind === 'list' ? '[a-b]' : spec === d.options['since'] ? '2026-01' : 'x';
        const extra = d.boards ? ', boards: [acme]' : d.required?.some((q) => q.option === 'urls') ? ', urls: [https://jobs.example.org/]' : '';
        expect(() => parseConfig(`sources:\n  ${d.name}: { ${key}: ${value}${extra} }\n`, '/tmp/c.yaml'), `${d.name}.${key}`).not.toThrow();
      }
      expect(() => parseConfig(`sources:\n  ${d.name}: { notAnOption: 1 }\n`, '/tmp/c.yaml')).toThrow(/notAnOption/);
    }
  });

  it('config validation asks for what a descriptor requires, and refuses a baseUrl where it says so', () => {
    expect(() => parseConfig('sources:\n  lever: {}\n', '/tmp/c.yaml')).toThrow(/needs "boards:"/);
    expect(() => parseConfig('sources:\n  rendered: {}\n', '/tmp/c.yaml')).toThrow(/needs "urls:"/);
    expect(() => parseConfig('sources:\n  careers: { baseUrl: "https://x.example.org", urls: [https://x.example.org/jobs] }\n', '/tmp/c.yaml')).toThrow(/baseUrl does not apply/);
    // Lever tells boards apart by case; Greenhouse does not.
    expect(() => parseConfig('sources:\n  lever: { boards: [Acme, acme] }\n', '/tmp/c.yaml')).not.toThrow();
    expect(() => parseConfig('sources:\n  greenhouse: { boards: [Acme, acme] }\n', '/tmp/c.yaml')).toThrow(/listed twice/);
  });

  it("init's starter config has every descriptor's entry and is a valid config", () => {
    const text = starterConfig();
    for (const d of descriptors) expect(text, d.name).toContain(d.starter({ boardLines: () => '' }).split('\n')[0]!);
    const config = parseConfig(text, '/tmp/techdemand.config.yaml');
    expect(config.sources.map((s) => s.name)).toEqual(descriptors.map((d) => d.name).filter((n) => text.includes(`\n  ${n}:`)));
  });
});
