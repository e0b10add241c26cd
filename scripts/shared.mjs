// Locates ../shared (the team's reference data) for the eval and bench scripts; it is never needed at run time.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(process.env.TECHDEMAND_SHARED ?? join(ROOT, '..', 'shared'));

export function requireShared(what) {
  if (!existsSync(SHARED)) {
    process.stderr.write(`${what}: ../shared is absent (looked in ${SHARED}); it holds the eval set and the corpus. ` +
      `Set TECHDEMAND_SHARED to its path.\n`);
    process.exit(2);
  }
  return SHARED;
}
