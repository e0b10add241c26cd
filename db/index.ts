// The storage layer's public surface: open a database, write through Store, read through the query functions.

export { openDatabase, type OpenOptions } from './open.js';
export { migrate, loadMigrations, migrationsDir, latestSchemaVersion, schemaVersion, APPLICATION_ID, type Migration } from './migrate.js';
export { Store, bestStrengths, type PostingToSave, type SaveResult, type TaxonomySyncEntry, type PostingText, type IterateOptions } from './store.js';
export * from './queries.js';
export { sql, sqlJoin, sqlList, sqlEmpty, Sql, explainQueryPlan, type SqlValue } from './sql.js';
export { toDatabaseError } from './db-error.js';
export type { Database } from 'better-sqlite3';
