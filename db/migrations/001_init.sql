-- 001_init: the first techdemand schema.
--
-- Runs inside the migration transaction (db/migrate.ts), which then sets PRAGMA user_version = 1.
-- Layout choices, made for a database of about a million postings:
--   * postings keeps its small, filterable columns first and the big text/html/meta last, so an index lookup
--     that needs, say, `remote` never walks a posting's overflow pages.
--   * posting_tech (one row per posting and technology, best strength) is what every count reads;
--     mentions (one row per match, with offsets) is only read for one posting at a time (explain, examples).
--   * monthly_tech / monthly_totals are kept exact by the triggers below, so rankings and trends read a few
--     thousand aggregate rows instead of scanning millions of posting_tech rows. Any writer (store, later dedup
--     or purge code) keeps them consistent simply by writing postings / posting_tech.

-- Marks the file as a techdemand database, so a foreign SQLite file is refused instead of migrated.
PRAGMA application_id = 1950641508;

CREATE TABLE postings (
  id             INTEGER PRIMARY KEY,
  source         TEXT    NOT NULL,
  external_id    TEXT    NOT NULL,
  posted_month   TEXT    NOT NULL CHECK (posted_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  posted_at      TEXT    NOT NULL,
  first_seen     TEXT    NOT NULL,
  last_seen      TEXT    NOT NULL,
  -- NULL while the ad is still listed; set when a full scrape of its source no longer sees it.
  closed_at      TEXT,
  remote         INTEGER CHECK (remote IN (0, 1)),
  company        TEXT,
  title          TEXT,
  location       TEXT,
  url            TEXT,
  content_hash   TEXT    NOT NULL,
  -- Dedup cluster key: "source:external_id" until dedup assigns postings of the same job one shared key.
  job_key        TEXT    NOT NULL,
  -- Comma-separated role ids ("backend,data") once roles are classified; NULL = not classified yet.
  roles          TEXT,
  -- Taxonomy version whose tagger produced this posting's mentions; NULL = never tagged.
  tagged_version TEXT,
  text           TEXT    NOT NULL,
  html           TEXT,
  meta           TEXT    CHECK (meta IS NULL OR json_valid(meta))
);

CREATE UNIQUE INDEX postings_by_source_external ON postings (source, external_id);
-- Also holds the columns that filters test (remote, company, roles), so a filtered count reads this index only,
-- never the wide rows with their text and html.
CREATE INDEX postings_by_month_source ON postings (posted_month, source, remote, company, roles);
CREATE INDEX postings_by_job_key ON postings (job_key);
CREATE INDEX postings_by_tagged_version ON postings (tagged_version);
CREATE INDEX postings_by_company ON postings (company COLLATE NOCASE) WHERE company IS NOT NULL;
-- markClosed: the open postings of one source not seen since a given time.
CREATE INDEX postings_open_by_source_last_seen ON postings (source, last_seen) WHERE closed_at IS NULL;

CREATE TABLE mentions (
  id         INTEGER PRIMARY KEY,
  posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  tech       TEXT    NOT NULL,
  text       TEXT    NOT NULL,
  -- UTF-16 offset and length in postings.text, as the tagger reports them.
  offset     INTEGER NOT NULL CHECK (offset >= 0),
  length     INTEGER NOT NULL CHECK (length >= 0),
  strength   TEXT    NOT NULL CHECK (strength IN ('required', 'preferred', 'mentioned')),
  rule       TEXT    NOT NULL
);

CREATE INDEX mentions_by_posting_tech ON mentions (posting_id, tech);

-- One row per (posting, technology): the strongest strength among its mentions. posted_month and source are
-- copies of the posting's (kept in step by a trigger) so counts never need to read postings.
CREATE TABLE posting_tech (
  posting_id   INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  tech         TEXT    NOT NULL,
  strength     TEXT    NOT NULL CHECK (strength IN ('required', 'preferred', 'mentioned')),
  posted_month TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  PRIMARY KEY (posting_id, tech)
) WITHOUT ROWID;

CREATE INDEX posting_tech_by_tech_month ON posting_tech (tech, posted_month);

-- Postings per (month, source, tech); `required` counts those whose best strength is 'required'.
CREATE TABLE monthly_tech (
  month    TEXT    NOT NULL,
  source   TEXT    NOT NULL,
  tech     TEXT    NOT NULL,
  postings INTEGER NOT NULL,
  required INTEGER NOT NULL,
  PRIMARY KEY (month, source, tech)
) WITHOUT ROWID;

CREATE INDEX monthly_tech_by_tech_month ON monthly_tech (tech, month, source, postings, required);

-- All postings per (month, source), tagged or not: the denominator of every share.
CREATE TABLE monthly_totals (
  month    TEXT    NOT NULL,
  source   TEXT    NOT NULL,
  postings INTEGER NOT NULL,
  PRIMARY KEY (month, source)
) WITHOUT ROWID;

-- The taxonomy as of the last sync, so queries can name and filter technologies without loading taxonomy/.
CREATE TABLE technologies (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  category         TEXT NOT NULL,
  taxonomy_version TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX technologies_by_category ON technologies (category, id);

CREATE TABLE tech_relations (
  tech   TEXT NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  type   TEXT NOT NULL CHECK (type IN ('implies', 'part_of', 'is_a')),
  target TEXT NOT NULL,
  PRIMARY KEY (tech, type, target)
) WITHOUT ROWID;

-- Roll-ups go from a parent to its children.
CREATE INDEX tech_relations_by_target ON tech_relations (target, type);

CREATE TABLE runs (
  id               INTEGER PRIMARY KEY,
  started_at       TEXT    NOT NULL,
  ended_at         TEXT,
  status           TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'aborted')),
  taxonomy_version TEXT,
  pid              INTEGER,
  command          TEXT    NOT NULL
);

CREATE INDEX runs_running ON runs (id) WHERE status = 'running';

CREATE TABLE run_sources (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  source      TEXT    NOT NULL,
  requests    INTEGER NOT NULL,
  seen        INTEGER NOT NULL,
  new         INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  unchanged   INTEGER NOT NULL,
  closed      INTEGER NOT NULL,
  errors      TEXT    NOT NULL CHECK (json_valid(errors)),
  duration_ms INTEGER NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
  message     TEXT,
  PRIMARY KEY (run_id, source)
) WITHOUT ROWID;

-- ---------------------------------------------------------------- aggregate maintenance

CREATE TRIGGER postings_count_insert AFTER INSERT ON postings
BEGIN
  INSERT INTO monthly_totals (month, source, postings) VALUES (NEW.posted_month, NEW.source, 1)
    ON CONFLICT (month, source) DO UPDATE SET postings = postings + 1;
END;

CREATE TRIGGER postings_count_delete AFTER DELETE ON postings
BEGIN
  UPDATE monthly_totals SET postings = postings - 1 WHERE month = OLD.posted_month AND source = OLD.source;
  DELETE FROM monthly_totals WHERE month = OLD.posted_month AND source = OLD.source AND postings <= 0;
END;

CREATE TRIGGER postings_count_move AFTER UPDATE OF posted_month, source ON postings
  WHEN OLD.posted_month IS NOT NEW.posted_month OR OLD.source IS NOT NEW.source
BEGIN
  UPDATE monthly_totals SET postings = postings - 1 WHERE month = OLD.posted_month AND source = OLD.source;
  DELETE FROM monthly_totals WHERE month = OLD.posted_month AND source = OLD.source AND postings <= 0;
  INSERT INTO monthly_totals (month, source, postings) VALUES (NEW.posted_month, NEW.source, 1)
    ON CONFLICT (month, source) DO UPDATE SET postings = postings + 1;
  -- Fires posting_tech_move below, which moves the technology counts too.
  UPDATE posting_tech SET posted_month = NEW.posted_month, source = NEW.source WHERE posting_id = NEW.id;
END;

CREATE TRIGGER posting_tech_count_insert AFTER INSERT ON posting_tech
BEGIN
  INSERT INTO monthly_tech (month, source, tech, postings, required)
    VALUES (NEW.posted_month, NEW.source, NEW.tech, 1, NEW.strength = 'required')
    ON CONFLICT (month, source, tech) DO UPDATE
      SET postings = postings + 1, required = required + excluded.required;
END;

CREATE TRIGGER posting_tech_count_delete AFTER DELETE ON posting_tech
BEGIN
  UPDATE monthly_tech SET postings = postings - 1, required = required - (OLD.strength = 'required')
    WHERE month = OLD.posted_month AND source = OLD.source AND tech = OLD.tech;
  DELETE FROM monthly_tech
    WHERE month = OLD.posted_month AND source = OLD.source AND tech = OLD.tech AND postings <= 0;
END;

CREATE TRIGGER posting_tech_move AFTER UPDATE ON posting_tech
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
