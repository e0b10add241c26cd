// Where a store lives: a database server URL (postgres://… or postgresql://…) or a SQLite file path. Pure, so the
// config reader and the CLI can tell them apart without loading an engine.

/** Whether a --db / TECHDEMAND_DB / config `database:` value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A server URL as messages show it: the password replaced by "***". */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
