// Roles stay current: a database whose roles another classifier version decided is classified again by History,
// resumably, and role filters refuse it until then (src/role-filter.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.js';
import { Store } from '../../db/store.js';
import { History, type HistoryCores } from '../../db/history.js';
import { historyCores } from '../../src/run.js';
import { ROLES_VERSION } from '../../src/roles.js';
import { chooseRoles, requireCurrentRoles } from '../../src/role-filter.js';
import { SqliteQueryStorage } from '../../db/sqlite-storage.js';

/** The port's read side over the test's open connection (closed by the test, not by the port). */
const reader = (db: ReturnType<typeof openDatabase>, name: string) => new SqliteQueryStorage(db, name);
import { TAXONOMY, corpusPostings, tagged, tempDir } from './db-fixtures.js';

const tmp = tempDir('techdemand-roles-');
afterAll(() => tmp.cleanup());

function freshDb(name: string) {
  const db = openDatabase(join(tmp.dir, name));
  const store = new Store(db);
  store.syncTaxonomy(TAXONOMY, 'tax-v1');
  store.savePostings(tagged(corpusPostings(60)), '2024-01-01T00:00:00.000Z');
  return db;
}

const setting = (db: ReturnType<typeof openDatabase>, key: string) =>
  (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;

describe('role classifier versions', () => {
  it('a fresh database records the current version with its first classification', async () => {
    const db = freshDb('fresh.db');
    try {
      const history = new History(db, historyCores);
      expect(history.rolesVersion()).toBeNull();
      const s = history.indexPendingAll();
      expect(s.indexed).toBe(60);
      expect(history.rolesVersion()).toBe(ROLES_VERSION);
      await expect(requireCurrentRoles(reader(db, 'fresh.db'), ['backend'], 'fresh.db')).resolves.toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('roles of another version are decided again, in chunks, and the version is written only at the end', async () => {
    const db = freshDb('upgrade.db');
    try {
      // Classified by an "old" classifier that called everything other.
      const old: HistoryCores = { ...historyCores, rolesVersion: 'roles-old', classifyRoles: () => ['other'] };
      new History(db, old).indexPendingAll();
      expect(setting(db, 'roles_version')).toBe('roles-old');
      expect(db.prepare("SELECT count(*) FROM postings WHERE roles = 'other'").pluck().get()).toBe(60);
      await expect(requireCurrentRoles(reader(db, 'upgrade.db'), ['backend'], 'upgrade.db')).rejects.toThrow(/retag/);
      await expect(chooseRoles(reader(db, 'upgrade.db'), 'upgrade.db', undefined, ['backend', 'full-stack'])).rejects.toThrow(/role classifier roles-old/);

      // An interrupted pass: the first chunk is written with its cursor, the version is not.
      const history = new History(db, historyCores);
      const failing: HistoryCores = {
        ...historyCores,
        classifyRoles: (doc) => {
          calls++;
          if (calls > 25) throw new Error('killed');
          return historyCores.classifyRoles(doc);
        },
      };
      let calls = 0;
      expect(() => new History(db, failing).reclassifyRoles({ chunk: 20 })).toThrow('killed');
      expect(setting(db, 'roles_version')).toBe('roles-old');
      expect(setting(db, `roles_cursor:${ROLES_VERSION}`)).not.toBeNull();

      // The next pass resumes after the cursor and finishes.
      const s = history.reclassifyRoles({ chunk: 20 });
      expect(s.classified).toBe(40);
      expect(setting(db, 'roles_version')).toBe(ROLES_VERSION);
      expect(setting(db, `roles_cursor:${ROLES_VERSION}`)).toBeNull();
      expect(db.prepare("SELECT count(*) FROM postings WHERE roles = 'other'").pluck().get()).toBeLessThan(60);
      expect(history.reclassifyRoles()).toEqual({ classified: 0, changed: 0 });
      await expect(requireCurrentRoles(reader(db, 'upgrade.db'), ['backend'], 'upgrade.db')).resolves.toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('a forced pass (after a retag) forgets the version first, so an interruption never leaves it claimed', async () => {
    const db = freshDb('forced.db');
    try {
      new History(db, historyCores).indexPendingAll();
      let calls = 0;
      const failing: HistoryCores = {
        ...historyCores,
        classifyRoles: (doc) => {
          if (++calls > 5) throw new Error('killed');
          return historyCores.classifyRoles(doc);
        },
      };
      expect(() => new History(db, failing).reclassifyRoles({ force: true, chunk: 10 })).toThrow('killed');
      expect(setting(db, 'roles_version')).toBeNull();
      await expect(requireCurrentRoles(reader(db, 'forced.db'), ['backend'], 'forced.db')).rejects.toThrow(/retag/);
      expect(new History(db, historyCores).reclassifyRoles().classified).toBe(60);
      expect(setting(db, 'roles_version')).toBe(ROLES_VERSION);
    } finally {
      db.close();
    }
  });
});
