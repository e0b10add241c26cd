// A tripwire for ROLES_VERSION: stored roles are decided again only when the version changes (History.reclassify
// Roles), so a change of the classifier's decisions must come with a new version. The digest of its decisions on
// the self-labelled held-out ads is recorded here with the version that made them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES_VERSION, classifyRoles } from '../../src/roles.js';

const RECORDED = { version: 'roles-2.1', digest: '887ce6d64fa2a7d3' };

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/heldout/postings.jsonl');

describe('ROLES_VERSION', () => {
  it('changes whenever the decisions change', () => {
    const hash = createHash('sha256');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const ad = JSON.parse(line) as { id: string; title?: string; text: string };
      hash.update(`${ad.id}\t${classifyRoles({ title: ad.title ?? null, text: ad.text }).join(',')}\n`);
    }
    const digest = hash.digest('hex').slice(0, 16);
    if (ROLES_VERSION === RECORDED.version) {
      expect(digest, `the role decisions changed: bump ROLES_VERSION in src/roles.ts and record { version, digest: '${digest}' } here`).toBe(RECORDED.digest);
    } else {
      expect.fail(`ROLES_VERSION is ${ROLES_VERSION}: record { version: '${ROLES_VERSION}', digest: '${digest}' } in this test`);
    }
  });
});
