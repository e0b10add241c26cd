// The role classifier against the rules of ../shared/eval/ROLE-GUIDELINES.md (one block per rule), real HN and
// job-board ads, and the properties every decision keeps.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, classifyRoles, explainRoles, isRole, rolesToColumn, type Role, type RoleMention } from '../../src/roles.js';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repoRoot, '../shared');
const taxonomy = loadTaxonomy();
const tagger = compileTagger(taxonomy);
const categories = new Map(taxonomy.entries.map((e) => [e.id, e.category]));

/** The roles of an ad as `techdemand tag` decides them: with the tagger's mentions and their categories. */
function roles(text: string, title?: string): Role[] {
  const mentions: RoleMention[] = tagger.tag(text).mentions.map((m) => ({ tech: m.tech, offset: m.offset, category: categories.get(m.tech) }));
  return classifyRoles({ title: title ?? null, text, mentions });
}

const sorted = (r: readonly Role[]) => [...r].sort();

describe('rule 1: openings, not the company stack', () => {
  it('a stack sentence hires nobody; the opening decides', () => {
    expect(roles('Acme | Product Designer | Remote\nOur backend is written in Go and we practice DevOps.')).toEqual(['other']);
  });
  it('"our backend engineers" is the team, "backend engineers" after a hiring cue is an opening', () => {
    expect(roles('Acme | Remote\nOur backend engineers ship daily. We are hiring product designers.')).toEqual(['other']);
    expect(roles('Acme | Remote\nWe are hiring backend engineers to build our payments APIs.')).toEqual(['backend']);
  });
});

describe('rule 2: a title that names the kind wins', () => {
  it('Senior Backend Engineer with React in the stack is backend', () => {
    expect(roles('Acme | Senior Backend Engineer | Remote\nStack: React, TypeScript, Go, PostgreSQL.')).toEqual(['backend']);
  });
  it('a job board title decides over the text that restates it', () => {
    expect(roles('We are looking for a full-stack engineer interested in better DevOps tooling.', 'DevOps Engineer')).toEqual(['devops']);
  });
});

describe('rule 3: a generic title is placed by the work described', () => {
  it.each<[string, string, Role[]]>([
    ['server-side only', 'Acme | Software Engineer | NYC\nYou will build our Python APIs on Django and PostgreSQL.', ['backend']],
    ['web UI and server', 'Acme | Senior Engineer | SF\nStack: TypeScript, Postgres, React, GraphQL and Next.js.', ['full-stack']],
    ['only data pipelines', 'Acme | Founding Engineer | Remote\nYou will build our data pipelines with Airflow, Spark and dbt.', ['data']],
    ['only mobile apps', 'Acme | Software Engineer | Remote\nYou will build our iOS and Android apps in Swift and Kotlin with SwiftUI.', ['mobile']],
    ['nothing places it', 'Acme | Founding Member of Technical Staff | NYC\nWe transform engineering firms with applied AI. Apply here.', ['software']],
  ])('%s', (_what, text, expected) => {
    expect(roles(text)).toEqual(expected);
  });
  it('a list item is placed by its own description', () => {
    const text = 'Acme | Multiple roles | Remote\nOpen roles:\n- Senior Product Engineer — Ruby/Rails, owns features end-to-end\n- Senior Site Reliability Engineer — SLOs, incident management';
    expect(sorted(roles(text))).toEqual(['devops', 'full-stack']);
  });
});

describe('rule 4: a server-side language or framework in a title', () => {
  it.each<[string, Role[]]>([
    ['Python Developer', ['backend']],
    ['Senior Golang Engineer', ['backend']],
    ['Rails Engineer', ['backend']],
    ['.NET Developer', ['backend']],
    ['Python Data Engineer', ['data']],
    ['Fullstack Python Developer', ['full-stack']],
    ['React Developer', ['frontend']],
    ['Software Engineer (React + Django)', ['full-stack']],
  ])('%s → %j', (title, expected) => {
    expect(roles('', title)).toEqual(expected);
  });
});

describe('rule 5: several kinds in one title', () => {
  it('"Backend/Infrastructure Engineer" is both', () => {
    expect(roles('', 'Backend/Infrastructure Engineer')).toEqual(['backend', 'devops']);
  });
  it('"Frontend and Backend Engineers" are two openings, a full-stack one is one', () => {
    expect(roles('Acme | Frontend and Backend Engineers | Remote')).toEqual(['backend', 'frontend']);
    expect(roles('Acme | Backend, Full-stack, iOS | Remote')).toEqual(['backend', 'full-stack', 'mobile']);
  });
});

describe('rule 6: engineering managers and leads', () => {
  it('take the team they lead when the title names it', () => {
    expect(roles('', 'Engineering Manager, Backend')).toEqual(['backend']);
  });
  it('are software when the team is not named among several openings', () => {
    expect(sorted(roles('Acme | Remote\nOpen positions: Senior iOS Engineer, Engineering Manager'))).toEqual(['mobile', 'software']);
  });
  it('a non-technical manager is other', () => {
    expect(roles('', 'Office Manager')).toEqual(['other']);
    expect(roles('', 'Technical Program Manager')).toEqual(['other']);
  });
});

describe('rule 7: interns, contractors and part-time openings by their kind', () => {
  it.each<[string, Role[]]>([
    ['Backend Engineering Intern', ['backend']],
    ['Frontend Developer (Contract)', ['frontend']],
    ['Part-time Data Scientist', ['data']],
  ])('%s → %j', (title, expected) => {
    expect(roles('', title)).toEqual(expected);
  });
});

describe('rule 8: non-engineering openings add other', () => {
  it('"Backend Engineer, Account Executive"', () => {
    expect(roles('Acme | Backend Engineer, Account Executive | Remote')).toEqual(['backend', 'other']);
  });
  it('customer-facing engineers are other', () => {
    expect(roles('', 'Solutions Engineer')).toEqual(['other']);
    expect(roles('', 'Sales Engineer')).toEqual(['other']);
  });
});

describe('rule 9: an ad with no opening', () => {
  it('is software when it invites engineers, other when not', () => {
    expect(roles('Acme | NYC\nWe are hiring engineers! Email jobs@acme.io.')).toEqual(['software']);
    expect(roles('Acme | NYC\nWe make furniture. Visit our website.')).toEqual(['other']);
  });
  it("a job seeker's post is no ad", () => {
    expect(roles("Hello,\nI'm currently looking for a job. Full Stack Developer with 7+ years of experience (React, Node.js).")).toEqual(['other']);
  });
});

describe('rule 10: software only when nothing places an opening', () => {
  it('generic "software engineers" whose work is backend services are backend', () => {
    expect(roles('Acme | Remote\nWe are hiring software engineers. You will build backend services in Go and Kafka on PostgreSQL.')).toEqual(['backend']);
  });
});

describe('evidence', () => {
  it('names the words that decided every role', () => {
    const d = explainRoles({ text: 'Acme | Senior Backend Engineer, Product Designer | Remote' });
    expect(d.roles).toEqual(['backend', 'other']);
    expect(d.evidence.map((e) => e.role)).toEqual(['backend', 'other']);
    expect(d.evidence[0]!.because).toContain('backend engineer');
    expect(d.evidence[1]!.because).toContain('designer');
  });
});

// ---------------------------------------------------------------- real ads

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

describe('real HN ads (text only, several roles per ad), labelled by the guidelines', () => {
  const labelled: [string, Role[], string][] = [
    ['46466191', ['devops', 'other'], 'FetLife | Senior DevOps Engineer, and a Senior Product Manager further down'],
    ['46466769', ['devops'], 'KoBold Metals | … | Senior Infrastructure Engineer'],
    ['47624241', ['backend'], 'Senior Python Backend Engineer'],
    ['46478302', ['mobile', 'devops', 'software'], 'ASBL | Mobile Engineers, Devops Engineers and Engineering managers (team not named)'],
    ['46863232', ['data'], 'Immunera | Principal Machine Learning Engineer'],
    ['47976717', ['full-stack'], 'Giftster | Senior Fullstack Python Developer (a language does not make it backend)'],
    ['47603937', ['backend', 'other'], 'FusionAuth | Senior Java Engineer, Account Executive, Solutions Engineer'],
    ['46467383', ['backend', 'full-stack', 'mobile', 'data', 'devops'], 'Radar Labs | Software Engineers (SRE, data platform, backend, full-stack, mobile)'],
    ['46467697', ['data', 'other'], '9 Mothers Defense | Robotics Engineer, Data Scientist'],
    ['46466774', ['full-stack', 'data'], 'Cosuno | Senior Full Stack Developer (TypeScript) / Senior AI Engineer'],
    ['46857555', ['devops'], 'TextQL | Senior Software Engineer (FT); Roles: Platform, Infrastructure'],
  ];
  it.each(labelled)('HN ad %s is %j (%s)', (id, expected) => {
    expect(sorted(roles(hn(id)))).toEqual(sorted(expected));
  });
});

describe('real job-board titles', () => {
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
    ['Software Engineer, Backend', ['backend']],
    ['Backend-Entwickler (m/w/d)', ['backend']],
    ['Software Engineer - Data Platform', ['data']],
    ['Platform Engineer', ['devops']],
    ['Senior iOS Engineer', ['mobile']],
    ['Cloud Security Engineer', ['other']],
    ['Embedded Android OS Engineer', ['other']],
  ];
  it.each(titles)('%s → %j', (title, expected) => {
    expect(roles('', title)).toEqual(expected);
  });

  it("the board's Role line places a title that names no kind", () => {
    const text = 'SAP Cloud Solution Specialist\n<ORGANIZATION>\nDate posted: 2021-01-14\nJob description:\nRole:\nFrontend Developer\nTechnologies\nangularjs sapui5 jquery\nJob description\nWe build things.';
    expect(classifyRoles({ title: 'SAP Cloud Solution Specialist', text })).toEqual(['frontend']);
  });
});

describe('roles output', () => {
  it('is always a non-empty list of known roles in ROLES order, for any input', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 200 })), fc.string({ maxLength: 2000 }), (title, text) => {
        const r = classifyRoles({ title, text });
        expect(r.length).toBeGreaterThan(0);
        expect(r.every(isRole)).toBe(true);
        const idx = r.map((x) => ROLES.indexOf(x));
        expect([...idx].sort((a, b) => a - b)).toEqual(idx);
        expect(new Set(r).size).toBe(r.length);
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
    expect(rolesToColumn(['software', 'full-stack'])).toBe('full-stack,software');
    expect(rolesToColumn([])).toBe('other');
  });
});
