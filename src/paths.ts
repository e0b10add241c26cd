// Where things live. The package root is found from this module's own location so the same code works from
// src/*.ts (vitest, tsx) and from the compiled dist/src/*.js.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'taxonomy'))) return dir;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

export const PACKAGE_ROOT = findPackageRoot();
export const DATA_DIR = join(PACKAGE_ROOT, 'data');
export const DEFAULT_DB_FILE = 'techdemand.db';
export const DEFAULT_REPORT_DIR = join('reports', 'out');
export const DEFAULT_REPORT_FILE = join(DEFAULT_REPORT_DIR, 'index.html');
export const DEMO_DB_FILE = join('.techdemand', 'demo.db');
export const DEFAULT_CONFIG_FILE = 'techdemand.config.yaml';
