// The version of the tagging rules: the matcher, the corroboration rules and the requirement-strength rules.
// It is hashed into the taxonomy version (taxonomy/load.ts) that every stored posting records, so a release that
// tags differently makes `retag` and `run` re-tag stored postings instead of mixing old and new mentions.
// Bump it whenever the tag output changes for the same data files: tests/unit/tagging-version.test.ts is the tripwire.
export const TAGGING_RULES_VERSION = 'rules-3';
