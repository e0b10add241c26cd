// The names of every source, without loading any source module: the CLI's help and flag checks read this list.
// scrapers/registry.ts holds the factories; tests/unit/source-names.test.ts keeps the two in step.
export const SOURCE_NAMES: readonly string[] = ['arbeitnow', 'ashby', 'careers', 'greenhouse', 'himalayas', 'hn', 'jobicy', 'lever', 'recruitee', 'remoteok', 'remotive', 'rendered', 'smartrecruiters', 'weworkremotely', 'workable'];
