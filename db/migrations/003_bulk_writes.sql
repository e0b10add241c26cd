-- 003_bulk_writes: what a million-posting history needs of the write path (see `npm run bench -- --scale 1e6`).
--
-- * The per-row INSERT triggers of 001 upserted monthly_totals / monthly_tech once per posting and once per
--   (posting, technology): about six aggregate upserts per stored ad, a third of the cost of storing it. The store
--   (db/store.ts) now adds a whole batch's inserts to the aggregates at the end of the batch's transaction, one
--   upsert per (month, source, technology) touched. Deletes and moves keep their triggers: they are rare (re-tags,
--   changed ads, dedup purges) and any writer may do them.
-- * posting_tech_move fired on ANY update of posting_tech; it now fires only when a counted column changes.
-- * postings_by_tagged_version indexed a column that nearly every row shares and that queries only test with
--   IS NOT (re-tagging walks postings in id order instead): pure write cost.

-- The filter index of 001 also holds job_key now: counting unique jobs of a role (gap, filtered rankings) reads
-- the index alone instead of fetching every wide posting row for its job key.
DROP INDEX postings_by_month_source;
CREATE INDEX postings_by_month_source ON postings (posted_month, source, remote, company, roles, job_key);

DROP TRIGGER postings_count_insert;
DROP TRIGGER posting_tech_count_insert;
DROP INDEX postings_by_tagged_version;

DROP TRIGGER posting_tech_move;
CREATE TRIGGER posting_tech_move AFTER UPDATE OF posted_month, source, tech, strength ON posting_tech
BEGIN
  UPDATE monthly_tech SET postings = postings - 1, required = required - (OLD.strength = 'required')
    WHERE month = OLD.posted_month AND source = OLD.source AND tech = OLD.tech;
  DELETE FROM monthly_tech
    WHERE month = OLD.posted_month AND source = OLD.source AND tech = OLD.tech AND postings <= 0;
  INSERT INTO monthly_tech (month, source, tech, postings, required)
    VALUES (NEW.posted_month, NEW.source, NEW.tech, 1, NEW.strength = 'required')
    ON CONFLICT (month, source, tech) DO UPDATE
      SET postings = postings + 1, required = required + excluded.required;
END;

-- ---------------------------------------------------------------- mentions move into their posting's row
--
-- A posting's mentions were one row each (about six per ad) plus an index entry each, and were only ever read for
-- one posting at a time (`explain`, report examples). They are now one JSON array in postings.mentions, written
-- with the row itself: [[tech, offset, length, strength, rule, text], …] in text order (offset, longer first).
-- NULL = never tagged. posting_tech (best strength per technology) stays the table every count reads.
ALTER TABLE postings ADD COLUMN mentions TEXT;

UPDATE postings SET mentions = (
  SELECT json_group_array(json_array(m.tech, m.offset, m.length, m.strength, m.rule, m.text))
    FROM (SELECT * FROM mentions m WHERE m.posting_id = postings.id ORDER BY m.offset, m.length DESC, m.id) m
) WHERE tagged_version IS NOT NULL;

DROP TABLE mentions;

-- ---------------------------------------------------------------- job repeats: unique-job counts from aggregates
--
-- Counting unique jobs (the default unit) once dedup has merged postings used to mean count(DISTINCT job_key)
-- over every posting_tech row in range: a scan of millions of rows. A posting of a job that has several is a
-- repeat for technology T in a month range when an earlier posting of the same job (by month, then id) asking for
-- T lies in the range too; that holds exactly when the NEAREST earlier one does, so one row per repeat with that
-- posting's month (prev_month) is enough:
--   unique jobs asking for T in [since, until] = postings asking for T (monthly_tech)
--                                                − rows for T with month in range and prev_month >= since.
-- tech = '' holds the posting itself (any technology or none), for the totals. Rows only exist for jobs with two
-- or more postings, so the table stays small. Chains ignore sources: a query limited to some sources counts
-- jobs from postings instead (db/queries.ts, db/analytics-queries.ts).
CREATE TABLE job_repeats (
  posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  tech       TEXT    NOT NULL,
  month      TEXT    NOT NULL,
  prev_month TEXT    NOT NULL,
  PRIMARY KEY (posting_id, tech)
) WITHOUT ROWID;



-- The repeats of the postings in a range (tech = ''), for the market of gap, stacks and co-occurrence.
CREATE INDEX job_repeats_by_tech ON job_repeats (tech, month);

-- The repeats summed per (technology, month, previous month): what every count reads. Reposts mostly follow their
-- previous posting within a month or two, so this holds a fraction of job_repeats' rows; its triggers fire only when
-- dedup merges postings or a merged posting changes.
CREATE TABLE job_repeat_counts (
  tech       TEXT    NOT NULL,
  month      TEXT    NOT NULL,
  prev_month TEXT    NOT NULL,
  repeats    INTEGER NOT NULL,
  PRIMARY KEY (tech, month, prev_month)
) WITHOUT ROWID;

CREATE TRIGGER job_repeat_counts_insert AFTER INSERT ON job_repeats
BEGIN
  INSERT INTO job_repeat_counts (tech, month, prev_month, repeats) VALUES (NEW.tech, NEW.month, NEW.prev_month, 1)
    ON CONFLICT (tech, month, prev_month) DO UPDATE SET repeats = repeats + 1;
END;

CREATE TRIGGER job_repeat_counts_delete AFTER DELETE ON job_repeats
BEGIN
  UPDATE job_repeat_counts SET repeats = repeats - 1
   WHERE tech = OLD.tech AND month = OLD.month AND prev_month = OLD.prev_month;
  DELETE FROM job_repeat_counts
   WHERE tech = OLD.tech AND month = OLD.month AND prev_month = OLD.prev_month AND repeats <= 0;
END;

-- The triggers recompute a whole job's repeats (a job has a handful of postings; the job_key index finds them).
-- db/store.ts runs the same statement after it replaces the technologies of a posting whose job has several.

-- Dedup moved a posting from one job to another: both jobs' repeats change.
CREATE TRIGGER job_repeats_rekey AFTER UPDATE OF job_key ON postings
  WHEN OLD.job_key IS NOT NEW.job_key
BEGIN
  DELETE FROM job_repeats WHERE posting_id = NEW.id;
  DELETE FROM job_repeats WHERE posting_id IN (SELECT id FROM postings WHERE job_key IN (OLD.job_key, NEW.job_key));
  INSERT INTO job_repeats (posting_id, tech, month, prev_month)
    SELECT posting_id, tech, month, prev_month FROM (
      SELECT p.id AS posting_id, '' AS tech, p.posted_month AS month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
        FROM postings p WHERE p.job_key IN (OLD.job_key, NEW.job_key)
      UNION ALL
      SELECT p.id, pt.tech, p.posted_month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
        FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key IN (OLD.job_key, NEW.job_key)
    ) WHERE prev_month IS NOT NULL;
END;

-- A posting moved to another month: its job's chain changes.
CREATE TRIGGER job_repeats_move AFTER UPDATE OF posted_month ON postings
  WHEN OLD.posted_month IS NOT NEW.posted_month
BEGIN
  DELETE FROM job_repeats WHERE posting_id IN (SELECT id FROM postings WHERE job_key = NEW.job_key);
  INSERT INTO job_repeats (posting_id, tech, month, prev_month)
    SELECT posting_id, tech, month, prev_month FROM (
      SELECT p.id AS posting_id, '' AS tech, p.posted_month AS month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
        FROM postings p WHERE p.job_key = NEW.job_key
      UNION ALL
      SELECT p.id, pt.tech, p.posted_month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
        FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key = NEW.job_key
    ) WHERE prev_month IS NOT NULL;
END;

-- A posting left: the rest of its job closes ranks.
CREATE TRIGGER job_repeats_delete AFTER DELETE ON postings
BEGIN
  DELETE FROM job_repeats WHERE posting_id IN (SELECT id FROM postings WHERE job_key = OLD.job_key);
  INSERT INTO job_repeats (posting_id, tech, month, prev_month)
    SELECT posting_id, tech, month, prev_month FROM (
      SELECT p.id AS posting_id, '' AS tech, p.posted_month AS month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
        FROM postings p WHERE p.job_key = OLD.job_key
      UNION ALL
      SELECT p.id, pt.tech, p.posted_month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
        FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key = OLD.job_key
    ) WHERE prev_month IS NOT NULL;
END;

-- Databases that already hold merged jobs.
INSERT INTO job_repeats (posting_id, tech, month, prev_month)
  SELECT posting_id, tech, month, prev_month FROM (
      SELECT p.id AS posting_id, '' AS tech, p.posted_month AS month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key ORDER BY p.posted_month, p.id) AS prev_month
        FROM postings p WHERE p.job_key IN (SELECT job_key FROM postings GROUP BY job_key HAVING count(*) > 1)
      UNION ALL
      SELECT p.id, pt.tech, p.posted_month,
             lag(p.posted_month) OVER (PARTITION BY p.job_key, pt.tech ORDER BY p.posted_month, p.id)
        FROM postings p JOIN posting_tech pt ON pt.posting_id = p.id WHERE p.job_key IN (SELECT job_key FROM postings GROUP BY job_key HAVING count(*) > 1)
    ) WHERE prev_month IS NOT NULL;
