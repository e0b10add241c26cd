-- 002_history: what repeated scheduled runs build on top of 001 — the months each posting counts in, the queue of
-- postings whose roles and job key are not computed yet, and the lookup tables of duplicate detection. Written by
-- db/history.ts; posting_months is kept in step by triggers, so every writer of postings keeps it right (since 004
-- the store writes a new posting's first month itself; the update triggers stay). Roles stay in postings.roles
-- ("backend,devops"), which the filter index of 001 covers.

-- Every month from 1990-01 to 2100-12 (the years src/normalize.ts accepts). Triggers expand a month range with it,
-- because SQLite allows no WITH (recursive CTE) inside a trigger.
CREATE TABLE calendar_months (month TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO calendar_months (month)
  WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 1331)
  SELECT printf('%04d-%02d', 1990 + i / 12, i % 12 + 1) FROM m;

-- ---------------------------------------------------------------- months of openness
--
-- The months a posting counts in when history is counted by openness (db/history.ts openMonth* queries):
--   * hn (monthly "Who is hiring?" threads): only its thread month (posted_month); a thread is a complete record;
--   * every listing source (ATS, boards, career pages), which only shows what is open now: each month from the
--     month it was first seen to the month it was last seen by a run. A posting that a later complete scrape no
--     longer sees gets closed_at and stops gaining months; one seen again after closing counts again from then
--     on, not in the months it was gone.
-- posted_month stays what the aggregate tables of 001 count ("published in month").
CREATE TABLE posting_months (
  posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  month      TEXT    NOT NULL,
  source     TEXT    NOT NULL,
  PRIMARY KEY (posting_id, month)
) WITHOUT ROWID;

CREATE INDEX posting_months_by_month ON posting_months (month, source, posting_id);

CREATE TRIGGER posting_months_insert AFTER INSERT ON postings
BEGIN
  INSERT OR IGNORE INTO posting_months (posting_id, month, source)
    SELECT NEW.id, NEW.posted_month, NEW.source WHERE NEW.source = 'hn';
  INSERT OR IGNORE INTO posting_months (posting_id, month, source)
    SELECT NEW.id, c.month, NEW.source FROM calendar_months c
     WHERE NEW.source <> 'hn' AND c.month >= substr(NEW.first_seen, 1, 7) AND c.month <= substr(NEW.last_seen, 1, 7);
END;

-- A later run saw it again: add the months since. After a closure only the new month (it was gone in between).
CREATE TRIGGER posting_months_extend AFTER UPDATE OF last_seen ON postings
  WHEN NEW.source <> 'hn' AND substr(NEW.last_seen, 1, 7) > substr(OLD.last_seen, 1, 7)
BEGIN
  INSERT OR IGNORE INTO posting_months (posting_id, month, source)
    SELECT NEW.id, c.month, NEW.source FROM calendar_months c
     WHERE c.month <= substr(NEW.last_seen, 1, 7)
       AND c.month >= CASE WHEN OLD.closed_at IS NULL THEN substr(OLD.last_seen, 1, 7) ELSE substr(NEW.last_seen, 1, 7) END;
END;

CREATE TRIGGER posting_months_move AFTER UPDATE OF posted_month ON postings
  WHEN NEW.source = 'hn' AND OLD.posted_month IS NOT NEW.posted_month
BEGIN
  DELETE FROM posting_months WHERE posting_id = NEW.id;
  INSERT OR IGNORE INTO posting_months (posting_id, month, source) VALUES (NEW.id, NEW.posted_month, NEW.source);
END;

-- Postings stored before this migration.
INSERT OR IGNORE INTO posting_months (posting_id, month, source)
  SELECT id, posted_month, source FROM postings WHERE source = 'hn';
INSERT OR IGNORE INTO posting_months (posting_id, month, source)
  SELECT p.id, c.month, p.source FROM postings p
    JOIN calendar_months c ON c.month >= substr(p.first_seen, 1, 7) AND c.month <= substr(p.last_seen, 1, 7)
   WHERE p.source <> 'hn';

-- ---------------------------------------------------------------- roles

-- Postings history has not classified and deduplicated yet: new ones, and those whose text changed (the store sets
-- roles back to NULL then). Small: it only holds the pending ones.
CREATE INDEX postings_pending_history ON postings (id) WHERE roles IS NULL;

-- ---------------------------------------------------------------- duplicate detection (src/dedup.ts)

-- Exact-copy fingerprint (company + title + description) per posting.
CREATE TABLE posting_fingerprints (
  posting_id  INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
  fingerprint TEXT    NOT NULL
);

CREATE INDEX posting_fingerprints_by_fingerprint ON posting_fingerprints (fingerprint, posting_id);

-- MinHash LSH band buckets (one row per band; the company is part of the bucket hash).
CREATE TABLE posting_lsh (
  bucket     INTEGER NOT NULL,
  posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  PRIMARY KEY (bucket, posting_id)
) WITHOUT ROWID;

CREATE INDEX posting_lsh_by_posting ON posting_lsh (posting_id);

-- ---------------------------------------------------------------- runs

-- "When did this source last sync successfully?" (minimum refetch intervals, coverage).
CREATE INDEX run_sources_by_source ON run_sources (source, status, run_id);
