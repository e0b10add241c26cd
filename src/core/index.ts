// The ground floor every part stands on: plain data types, typed errors, the report's data shape and the ports.
export type * from './types.js';
export type * from './report-data.js';
export * from './errors.js';
export type * from './ports.js';
export type * from './storage.js';
export type * from './queries.js';
export type * from './sources.js';
export { MONTH_OPTION, PLAIN_STRING_OPTION, URL_LIST_OPTION, BOARDS_OPTION, intOption, hostOf } from './sources.js';
