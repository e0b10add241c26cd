// The analytics commands, one file each (trend, compare, movers, cooccur, stacks, gap, report); this module is what
// the CLI (./analytics-cli.ts) loads on demand for any of them.
export * from './analytics-shared.js';
export * from './trend.js';
export * from './compare.js';
export * from './movers.js';
export * from './cooccur.js';
export * from './stacks.js';
export * from './gap.js';
export * from './report.js';
