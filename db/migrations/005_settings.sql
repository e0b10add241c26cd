-- 005_settings: small key/value facts about the database as a whole.
--
-- roles_version: the version of the role classifier (src/roles.ts ROLES_VERSION) that decided postings.roles. A
-- newer classifier classifies every stored posting again (History.reclassifyRoles, run by retag, run and scrape)
-- and writes its version here at the end, so a role filter can refuse a database whose roles mix two versions.
-- roles_cursor: the last posting id reclassified by an unfinished pass, so an interrupted pass resumes.
-- Databases from before this migration hold roles of the first classifier: no roles_version row, so they count
-- as stale until reclassified.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
