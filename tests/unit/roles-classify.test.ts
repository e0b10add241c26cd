// The role classifier on real ads: HN "Who is hiring?" 2026 ads (whole text, no title, as the HN source stores
// them) and real ATS / board titles. The expected roles are hand labels made by reading each ad's header line.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, classifyRoles, isRole, rolesToColumn, type Role } from '../../src/roles.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repoRoot, '../shared');

interface HnAd {
  id: string;
  text: string | null;
}

const hnAds = new Map<string, string>(
  readFileSync(resolve(shared, 'corpus/hn-whoishiring-2026/postings.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HnAd)
    .filter((a): a is HnAd & { text: string } => typeof a.text === 'string')
    .map((a) => [a.id, a.text]),
);

function hn(id: string): string {
  const text = hnAds.get(id);
  if (text === undefined) throw new Error(`HN ad ${id} is not in the corpus`);
  return text;
}

describe('classifyRoles on real HN ads (text only, several roles per ad)', () => {
  const labelled: [string, Role[], string][] = [
    ['46466191', ['devops'], 'FetLife | Senior DevOps Engineer'],
    ['46466769', ['devops'], 'KoBold Metals | … | Senior Infrastructure Engineer'],
    ['47624241', ['backend'], 'Senior Python Backend Engineer'],
    ['46478302', ['mobile', 'devops'], 'ASBL | Mobile Engineers, Devops Engineers and Engineering managers'],
    ['46863232', ['data'], 'Immunera | Principal Machine Learning Engineer'],
    ['47976717', ['full-stack'], 'Giftster | Senior Fullstack Python Developer (a language does not make it backend)'],
    ['47603937', ['backend'], 'FusionAuth | Senior Java Engineer, Account Executive, Solutions Engineer'],
    ['46467383', ['backend', 'full-stack', 'mobile', 'data', 'devops'], 'Radar Labs | Software Engineers (SRE, data platform, backend, full-stack, mobile)'],
    ['46467697', ['data'], '9 Mothers Defense | Robotics Engineer, Data Scientist'],
    ['46466774', ['full-stack', 'data'], 'Cosuno | Senior Full Stack Developer (TypeScript) / Senior AI Engineer'],
    ['46857555', ['other'], 'TextQL | Senior Software Engineer (FT): no kind named'],
  ];
  it.each(labelled)('HN ad %s is %j (%s)', (id, expected) => {
    expect(classifyRoles({ text: hn(id) })).toEqual(expected);
  });

  it('finds the named roles in most of the 2026 ads whose LLM silver label names one (a sanity check, not gold)', () => {
    const silver: Record<string, Role> = {
      'Backend Engineer': 'backend',
      'Full Stack Engineer': 'full-stack',
      'DevOps / SRE': 'devops',
      'Mobile Engineer': 'mobile',
    };
    const rows = readFileSync(resolve(shared, 'corpus/hn-whoishiring-2026/postings.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { text: string | null; silver_role?: string });
    let labelled = 0;
    let agreed = 0;
    for (const r of rows) {
      const want = r.silver_role !== undefined ? silver[r.silver_role] : undefined;
      if (want === undefined || r.text === null) continue;
      labelled++;
      if (classifyRoles({ text: r.text }).includes(want)) agreed++;
    }
    expect(labelled).toBeGreaterThan(300);
    expect(agreed / labelled).toBeGreaterThan(0.85);
  });
});

describe('classifyRoles on real titles (ATS and board ads)', () => {
  const titles: [string, Role[]][] = [
    // tests/fixtures/ats and shared/source-samples recordings
    ['Account Executive, Commercial', ['other']],
    ['Senior / Staff Fullstack Engineer', ['full-stack']],
    // shared/source-samples/more-2026-and-2013 (Arbeitnow, Remotive)
    ['Software Developer - Java, Groovy, ScriptRunner, Forge (m/w/d)', ['backend']],
    ['Full Stack Developer PHP/JavaScript (m/w/d) FinTech', ['full-stack']],
    ['Kfz-Mechatroniker (m/w/d) für unser Fleet-Servicecenter in Neuwied gesucht!', ['other']],
    ['Mid/Senior AI Cinematic Video Editor', ['other']],
    ['Senior DevOps Engineer', ['devops']],
    ['Senior AI Engineer', ['data']],
    ['Duales Studium Wirtschaftsinformatik - Webentwickler (PHP/React.js) (m/w/d)', ['other']],
    // title shapes that matter for the backend filter
    ['Software Engineer, Backend', ['backend']],
    ['Backend-Entwickler (m/w/d)', ['backend']],
    ['Software Engineer - Data Platform', ['data']],
    ['Platform Engineer', ['devops']],
    ['Senior iOS Engineer', ['mobile']],
  ];
  it.each(titles)('%s → %j', (title, expected) => {
    expect(classifyRoles({ title, text: '' })).toEqual(expected);
  });

  it('a generic engineering title takes the kind from the text, a non-engineering title never does', () => {
    const text = 'We are hiring Senior Backend Engineers to build our payments APIs.';
    expect(classifyRoles({ title: 'Senior Software Engineer', text })).toEqual(['backend']);
    expect(classifyRoles({ title: 'Account Executive', text })).toEqual(['other']);
  });

  it('a role word away from a job noun says nothing about who is hired', () => {
    expect(classifyRoles({ text: 'Acme | Designer | Remote\nOur backend is written in Go and we practice devops.' })).toEqual(['other']);
    expect(classifyRoles({ text: 'Acme | Remote\nHiring senior backend and frontend engineers.' })).toEqual(['backend', 'frontend']);
    expect(classifyRoles({ text: 'Acme | Remote\nOpen roles: Engineer (Backend), Engineer – Platform' })).toEqual(['backend', 'devops']);
  });
});

describe('roles output', () => {
  it('is always a non-empty list of known roles in ROLES order, for any input', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 200 })), fc.string({ maxLength: 2000 }), (title, text) => {
        const roles = classifyRoles({ title, text });
        expect(roles.length).toBeGreaterThan(0);
        expect(roles.every(isRole)).toBe(true);
        const idx = roles.map((r) => ROLES.indexOf(r));
        expect([...idx].sort((a, b) => a - b)).toEqual(idx);
        expect(new Set(roles).size).toBe(roles.length);
        if (roles.includes('other')) expect(roles).toEqual(['other']);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a bounded prefix of huge or hostile text', () => {
    const huge = 'backend '.repeat(200_000) + '\n';
    expect(classifyRoles({ text: huge })).toEqual(['other']);
    expect(classifyRoles({ text: `${'-'.repeat(100_000)} backend engineer` })).toEqual(['other']);
  });

  it('stores roles comma-separated in ROLES order', () => {
    expect(rolesToColumn(['devops', 'backend'])).toBe('backend,devops');
    expect(rolesToColumn([])).toBe('other');
  });
});
