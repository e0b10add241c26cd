// The analytics core: pure functions over plain data (no I/O, no database). The CLI and the report builder
// load data through db/analytics-queries.ts and hand it to these.

export * from './stats.js';
export * from './months.js';
export * from './encode.js';
export * from './rollups.js';
export * from './shares.js';
export * from './movers.js';
export * from './cooccur.js';
export * from './resolve.js';
export * from './profile.js';
export * from './knowledge.js';
export * from './coverage.js';
export * from './path.js';
export * from './gap.js';
export * from './correlate.js';
