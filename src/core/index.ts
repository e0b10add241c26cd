// The ground floor every part stands on: plain data types, typed errors, the report's data shape and the ports.
export type * from './types.js';
export type * from './report-data.js';
export * from './errors.js';
export type * from './ports.js';
