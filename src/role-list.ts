// Role lists as people write them: one parser for every command's --role and a profile's goals.role, so every
// command accepts the same values and says the same thing about a wrong one. Pure.
import { UsageError } from './core/errors.js';
import { ROLES, isRole, type Role } from './roles.js';

/**
 * The learner's market by default: ads with a backend or a full-stack opening, the openings a backend developer
 * can apply to (../shared/eval/ROLE-GUIDELINES.md, "backend-relevant").
 */
export const BACKEND_MARKET: readonly Role[] = ['backend', 'full-stack'];

/**
 * "backend", "backend,full-stack,software" or "all" (every ad, no role filter). `where` names the flag or the
 * profile key in messages. Throws UsageError naming the unknown value and the known ones.
 */
export function parseRoleList(value: string | undefined, where = '--role'): Role[] | 'all' | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((r) => r.trim().toLowerCase()).filter((r) => r !== '');
  if (items.length === 0) throw new UsageError(`${where} needs a role (known: ${ROLES.join(', ')}, or all)`);
  if (items.includes('all')) {
    if (items.length > 1) throw new UsageError(`${where}: "all" cannot be combined with other roles (got "${value}")`);
    return 'all';
  }
  const unknown = items.find((r) => !isRole(r));
  if (unknown !== undefined) throw new UsageError(`${where}: unknown role "${unknown}" (known: ${ROLES.join(', ')}, or all)`);
  return ROLES.filter((r) => items.includes(r));
}

/** "backend + full-stack ads", "all ads". */
export function rolesLabel(roles: readonly string[] | undefined): string {
  return roles === undefined || roles.length === 0 ? 'all ads' : `${roles.join(' + ')} ads`;
}


/** The help text of every command's --role flag. */
export const ROLE_FLAG_HELP = `only ads with an opening of these roles, comma-separated: ${ROLES.join(', ')}; or all`;
