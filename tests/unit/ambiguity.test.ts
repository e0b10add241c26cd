// Every sentence of ../shared/taxonomy-sources/ambiguity-cases.yaml, tagged with the real taxonomy.
// The file's targets are dotted ids (lang.go); ID_MAP maps them to our ids. A positive sentence must yield
// the ids in EXPECT (or, when absent there, all of its case's mapped targets); a negative sentence must yield
// none of its case's mapped targets (or of NEGATIVE_ONLY's ids, where the file's comment narrows the case).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTaxonomy } from '../../taxonomy/load.js';
import { compileTagger } from '../../taxonomy/tagger.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const casesPath = resolve(repoRoot, '../shared/taxonomy-sources/ambiguity-cases.yaml');

interface Case {
  id: string;
  targets: string[];
  positive?: string[];
  negative?: string[];
  version_pitfalls?: string[];
}

/** Dotted ids of the cases file → our taxonomy ids (null: not a technology we label, e.g. a vendor). */
const ID_MAP: Record<string, string | null> = {
  'lang.go': 'go', 'lang.c': 'c', 'lang.r': 'r', 'frontend.react': 'react', 'framework.express': 'express',
  'framework.spring': 'spring', 'framework.spring-boot': 'spring-boot', 'lang.rust': 'rust', 'lang.swift': 'swift',
  'lang.ruby': 'ruby', 'framework.rails': 'rails', 'runtime.nodejs': 'nodejs', 'framework.nextjs': 'nextjs',
  'framework.nestjs': 'nestjs', 'iac.chef': 'chef', 'iac.puppet': 'puppet', 'iac.saltstack': 'saltstack', 'data.spark': 'spark',
  'data.hive': 'hive', 'data.pig': 'pig', 'data.storm': 'storm', 'data.beam': 'beam', 'data.airflow': 'airflow',
  'db.oracle': 'oracle-db', 'vendor.oracle': null, 'tool.ms-access': 'ms-access', 'tool.ms-excel': 'excel',
  'test.jest': 'jest', 'test.mocha': 'mocha', 'test.jasmine': 'jasmine', 'test.karma': 'karma', 'test.chai': 'chai',
  'framework.flask': 'flask', 'framework.gin': 'gin', 'framework.echo': 'echo-go', 'framework.fiber': 'fiber-go',
  'framework.chi': 'chi', 'lang.typescript': 'typescript', 'lang.javascript': 'javascript', 'db.elasticsearch': 'elasticsearch',
  'lang.ecmascript': 'javascript', 'platform.dotnet': 'dotnet', 'framework.aspnet-core': 'aspnet', 'lang.csharp': 'csharp',
  'lang.cpp': 'cpp', 'lang.fsharp': 'fsharp', 'lang.objective-c': 'objective-c', 'lang.java': 'java', 'lang.sql': 'sql',
  'concept.nosql': 'nosql', 'lang.tsql': 'tsql', 'lang.plsql': 'plsql', 'db.mysql': 'mysql', 'db.sqlserver': 'sql-server',
  'lang.shell': 'shell', 'cloud.aws.lambda': 'aws-lambda', 'cloud.aws': 'aws', 'cloud.aws.emr': 'aws-emr',
  'cloud.aws.ecs': 'aws-ecs', 'cloud.aws.rds': 'aws-rds', 'cloud.aws.iam': 'aws-iam', 'cloud.aws.sns': 'aws-sns',
  'api.rest': 'rest', 'api.soap': 'soap', 'infra.helm': 'helm', 'secrets.vault': 'vault', 'infra.consul': 'consul',
  'infra.nomad': 'nomad', 'ci.harness': 'harness', 'ci.flux': 'fluxcd', 'lang.python': 'python', 'db.postgresql': 'postgresql', 'db.redis': 'redis',
  'orchestration.kubernetes': 'kubernetes', 'concept.api': 'api-design', 'concept.microservices': 'microservices',
  'data.dbt': 'dbt', 'framework.phoenix': 'phoenix', 'framework.rocket': 'rocket-rs', 'framework.play': 'play',
  'framework.tornado': 'tornado', 'cloud.gcp': 'gcp', 'cloud.azure': 'azure', 'test.cypress': 'cypress',
  'test.playwright': 'playwright', 'test.selenium': 'selenium', 'tool.postman': 'postman', 'test.enzyme': 'enzyme',
};

/** Positive sentences of multi-target cases: what must be tagged, and what must not (guidelines 4 and 5). */
const EXPECT: Record<string, { has: string[]; not?: string[] }> = {
  'Microservices in Java 17 with Spring Boot 3.': { has: ['java', 'spring-boot'], not: ['spring'] },
  'Experience with Spring (Data, Security) and Hibernate.': { has: ['spring', 'hibernate'] },
  'Monolith in Ruby on Rails with Sidekiq workers.': { has: ['rails', 'sidekiq'], not: ['ruby'] },
  'Languages: Ruby, Elixir, Go': { has: ['ruby', 'elixir', 'go'] },
  'Our API is built with NestJS; the dashboard with Next.js.': { has: ['nestjs', 'nextjs'] },
  'Configuration management with Ansible, Chef or Puppet.': { has: ['ansible', 'chef', 'puppet'] },
  'Automate provisioning using SaltStack and Terraform.': { has: ['saltstack', 'terraform'] },
  'Experience with Hadoop, Hive and Pig.': { has: ['hadoop', 'hive', 'pig'] },
  'Streaming with Apache Beam on Dataflow.': { has: ['beam'] },
  'Databases: PostgreSQL, Oracle, SQL Server': { has: ['postgresql', 'oracle-db', 'sql-server'] },
  'Tune PL/SQL procedures on Oracle 19c.': { has: ['plsql', 'oracle-db'] },
  'Advanced Excel (pivot tables, VBA).': { has: ['excel'] },
  'Migrate legacy Microsoft Access databases to PostgreSQL.': { has: ['ms-access', 'postgresql'] },
  'Unit tests with Jest and React Testing Library.': { has: ['jest'] },
  'Testing: Mocha, Chai, Sinon': { has: ['mocha', 'chai'] },
  'Go services using Gin, sqlc and PostgreSQL.': { has: ['go', 'gin', 'postgresql'] },
  'HTTP layer in Go (Echo or Fiber).': { has: ['go', 'echo-go', 'fiber-go'] },
  'Frontend: JS/TS, React, Vite': { has: ['javascript', 'typescript', 'react', 'vite'] },
  'Modern JavaScript (ES6+) and Node.js.': { has: ['javascript', 'nodejs'] },
  'Operate our ES cluster alongside Kibana and Logstash.': { has: ['elasticsearch', 'kibana', 'logstash'] },
  'Backend in C# on .NET 8 with ASP.NET Core minimal APIs.': { has: ['csharp', 'dotnet', 'aspnet'] },
  'Experience with C#/.NET and Azure.': { has: ['csharp', 'dotnet', 'azure'] },
  'Modern C++ (C++17/20) experience.': { has: ['cpp'], not: ['c'] },
  'Strong C# skills; F# is a bonus.': { has: ['csharp', 'fsharp'], not: ['c'] },
  'Java 17, Spring Boot, Kafka': { has: ['java', 'spring-boot', 'kafka'], not: ['spring', 'javascript'] },
  'Experience with Java/Kotlin on the JVM.': { has: ['java', 'kotlin', 'jvm'] },
  'Strong SQL and experience with a NoSQL store such as MongoDB.': { has: ['sql', 'nosql', 'mongodb'] },
  'Write T-SQL stored procedures for SQL Server 2019.': { has: ['tsql', 'sql-server'], not: ['sql'] },
  'Serverless APIs on AWS with Lambda, API Gateway and DynamoDB.': { has: ['aws', 'aws-lambda', 'dynamodb'] },
  'AWS (EC2, S3, RDS, SQS, IAM).': { has: ['aws', 'aws-ec2', 'aws-s3', 'aws-rds', 'aws-sqs', 'aws-iam'] },
  'Spark jobs on Amazon EMR.': { has: ['spark', 'aws-emr'], not: ['aws'] },
  'Amazon RDS for PostgreSQL with read replicas.': { has: ['aws-rds', 'postgresql'], not: ['aws'] },
  'Design REST and GraphQL APIs.': { has: ['rest', 'graphql'] },
  'Integrate legacy SOAP web services (WSDL).': { has: ['soap'] },
  'Deploy to Kubernetes with Helm and Argo CD.': { has: ['kubernetes', 'helm', 'argocd'] },
  'Secrets in Vault; service discovery via Consul.': { has: ['vault', 'consul'] },
  'Python3.11, FastAPI, PostgreSQL 15': { has: ['python', 'fastapi', 'postgresql'] },
  'Java8 to Java 21 migration.': { has: ['java'], not: ['javascript'] },
  'Store build artefacts in S3.': { has: ['aws-s3'], not: ['aws'] },
  'Python 2+ years of professional experience.': { has: ['python'] },
  'Java, 5 years minimum.': { has: ['java'] },
  "Kafka's exactly-once semantics and Redis streams.": { has: ['kafka', 'redis'] },
  'Design public APIs and event-driven microservices.': { has: ['microservices'] },
  'Elixir/Phoenix backend with LiveView.': { has: ['elixir', 'phoenix'] },
  'Deploy on Google Cloud (GKE, BigQuery).': { has: ['gcp', 'bigquery'], not: ['aws'] },
  'E2E tests with Playwright or Cypress.': { has: ['playwright', 'cypress'] },
  'API testing using Postman collections.': { has: ['postman'] },
};

/** Negative sentences whose comment in the file narrows what must not be tagged. */
const NEGATIVE_ONLY: Record<string, string[]> = {
  'JavaScript developer for our marketing site.': ['java'],
  'NoSQL experience (MongoDB, DynamoDB).': ['sql'],
  'Reach out to Sarah Jenkins in HR with questions.': ['jenkins'],
  'Grade C+ or above in mathematics.': ['cpp', 'c', 'csharp'],
};

const cases = parse(readFileSync(casesPath, 'utf8')) as Case[];
const tax = loadTaxonomy();
const known = new Set(tax.entries.map((e) => e.id));
const tagger = compileTagger(tax);
const mapped = (c: Case): string[] => c.targets.map((t) => ID_MAP[t]).filter((x): x is string => typeof x === 'string');

describe('ambiguity cases file', () => {
  it('has cases, and every target maps to an id of our taxonomy (or is deliberately unmapped)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      for (const t of c.targets) {
        expect(Object.hasOwn(ID_MAP, t), `${c.id}: target ${t} has no mapping`).toBe(true);
        const id = ID_MAP[t];
        if (id) expect(known.has(id), `${c.id}: ${t} → ${id} is not in the taxonomy`).toBe(true);
      }
    }
    for (const [sentence, exp] of Object.entries(EXPECT)) {
      for (const id of [...exp.has, ...(exp.not ?? [])]) expect(known.has(id), `${sentence}: ${id}`).toBe(true);
    }
  });
});

for (const c of cases) {
  describe(`ambiguity case ${c.id}`, () => {
    const targets = mapped(c);
    for (const sentence of [...(c.positive ?? []), ...(c.version_pitfalls ?? [])]) {
      it(`tags: ${sentence}`, () => {
        const tags = tagger.tag(sentence).tags;
        const exp = EXPECT[sentence] ?? { has: targets };
        for (const id of exp.has) expect(tags, `${id} in ${JSON.stringify(tags)}`).toContain(id);
        for (const id of exp.not ?? []) expect(tags, `${id} not in ${JSON.stringify(tags)}`).not.toContain(id);
      });
    }
    for (const sentence of c.negative ?? []) {
      it(`does not tag: ${sentence}`, () => {
        const tags = tagger.tag(sentence).tags;
        for (const id of NEGATIVE_ONLY[sentence] ?? targets) expect(tags, `${id} not in ${JSON.stringify(tags)}`).not.toContain(id);
      });
    }
  });
}
