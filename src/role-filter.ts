// The market a learner is compared with, and the check that stored roles can be filtered on (src/role-list.ts
// parses the role lists).
import type { QueryStorage } from './core/storage.js';
import { InputError, UsageError } from './core/errors.js';
import { BACKEND_MARKET, rolesLabel } from './role-list.js';
import { ROLES_VERSION, type Role } from './roles.js';
export { BACKEND_MARKET, parseRoleList, rolesLabel } from './role-list.js';

/**
 * Refuses a role filter the stored roles cannot answer: no posting classified yet, or roles decided by another
 * classifier version (the database would mix two sets of decisions until `retag` or `run` decides them again).
 */
export async function requireCurrentRoles(q: QueryStorage, roles: readonly string[], dbPath: string): Promise<void> {
  const state = await q.rolesState();
  const flag = `--role ${roles.join(',')}`;
  if (!state.classified) {
    throw new UsageError(`${flag}: no posting in ${dbPath} has its roles classified yet, so ads cannot be filtered by role (use --role all)`);
  }
  if (state.version !== ROLES_VERSION) {
    throw new InputError(
      `${flag}: the roles in ${dbPath} were decided by ${state.version === null ? 'an older role classifier' : `role classifier ${state.version}`}, ` +
        `not ${ROLES_VERSION}: run "techdemand --db ${dbPath} retag" to decide them again (or use --role all)`,
    );
  }
}

/**
 * The roles a market is restricted to: an explicit list, "all" (no filter), or `fallback` (BACKEND_MARKET for
 * gap, stacks and the learner section) when roles are stored; otherwise every ad, with a note saying so.
 */
export async function chooseRoles(
  q: QueryStorage,
  dbPath: string,
  requested: readonly Role[] | 'all' | undefined,
  fallback: readonly Role[] | null,
): Promise<{ roles: Role[] | undefined; note: string | null }> {
  if (requested === 'all') return { roles: undefined, note: null };
  if (requested !== undefined) {
    await requireCurrentRoles(q, requested, dbPath);
    return { roles: [...requested], note: null };
  }
  if (fallback === null) return { roles: undefined, note: null };
  const state = await q.rolesState();
  if (!state.classified) return { roles: undefined, note: `roles are not classified in this database yet: using all ads instead of ${rolesLabel(fallback)}` };
  await requireCurrentRoles(q, fallback, dbPath);
  return { roles: [...fallback], note: `${rolesLabel(fallback)} only: ads with an opening a backend developer can apply to (--role all for every ad)` };
}
