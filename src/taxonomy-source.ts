// The taxonomy every command uses. The CLI picks a cache folder (it owns the environment) so that a command pays
// for YAML parsing once per taxonomy version, not on every call; the cache is keyed by the content hash.
import { loadCategories, loadTaxonomy } from '../taxonomy/load.js';
import type { Taxonomy } from './core/types.js';

let cacheDir: string | undefined;

export function configureTaxonomyCache(dir: string | undefined): void {
  cacheDir = dir;
}

/** The cache folder the CLI chose, for tag worker threads (src/tag-pool.ts) that load the taxonomy themselves. */
export function taxonomyCacheDir(): string | undefined {
  return cacheDir;
}

export function loadProjectTaxonomy(): Taxonomy {
  return loadTaxonomy(undefined, cacheDir !== undefined ? { cacheDir } : {});
}

/** The taxonomy's categories only (cheap: for commands that just check a --category). */
export function projectCategories(): { id: string; name: string }[] {
  return loadCategories();
}
