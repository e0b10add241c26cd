// Typed errors. The CLI (src/cli.ts) is the one place that maps them to exit codes:
//   UsageError / InputError → 2, everything else → 1, SourcesFailedError → 3.

export class TechdemandError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags, unknown commands, unknown technologies, bad dates. */
export class UsageError extends TechdemandError {
  override readonly exitCode = 2;
}

/** Bad input data: malformed JSON/YAML, missing files, a corrupt or foreign database. */
export class InputError extends TechdemandError {
  override readonly exitCode = 2;
}

/** A taxonomy data file failed validation; message names the file and the entry. */
export class TaxonomyError extends InputError {}

/** The database could not be opened or written (corrupt, newer schema, read-only, full). */
export class DatabaseError extends InputError {}

/** A network source failed (after retries). Caught per source; never stops other sources. */
export class SourceError extends TechdemandError {
  constructor(
    message: string,
    readonly kind: 'http-4xx' | 'http-5xx' | 'rate-limited' | 'timeout' | 'network' | 'parse' | 'robots' | 'too-large' | 'other',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Some configured sources failed in a run: exit 3. */
export class SourcesFailedError extends TechdemandError {
  override readonly exitCode = 3;
}

/** Another run holds the lock. */
export class LockedError extends TechdemandError {
  override readonly exitCode = 1;
}
