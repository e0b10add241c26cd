// The CLI lists sources from scrapers/source-names.ts without loading any source module (start-up); the registry
// holds the factories. The two must name the same sources.
import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../scrapers/source-names.js';
import { sourceNames } from '../../scrapers/registry.js';

describe('source names', () => {
  it('are the registry\'s names, sorted', () => {
    expect([...SOURCE_NAMES]).toEqual(sourceNames());
  });
});
