-- 001_init: the PostgreSQL schema, the same data as the SQLite migrations 001-006 hold, for many writers at once.
--
-- Differences from the embedded schema, and why:
--   * Every text column uses the "C" collation: comparisons, ORDER BY and lower() then work byte by byte and on
--     ASCII only, as SQLite's BINARY and NOCASE do, so both engines rank ties and fold company names identically
--     whatever locale the server's database was created with.
--   * remote stays 0/1 and meta / mentions stay JSON text (not jsonb, which would reorder an ad's keys): a posting
--     reads back exactly as it was written, on either engine.
--   * The aggregate tables (monthly_totals, monthly_tech, job_repeats, job_repeat_counts: SQLite's 001 and 003
--     explain them) are kept by the store, not by triggers: each batch sums its changes and applies them last,
--     under the transaction-scoped history lock and in key order, so collectors never deadlock on counter rows.
--   * Coordination lives in tables (unit_leases, host_budgets, http_validators) instead of files beside the
--     database, because the collectors may run on several hosts.

CREATE TABLE postings (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source         text COLLATE "C" NOT NULL,
  external_id    text COLLATE "C" NOT NULL,
  posted_month   text COLLATE "C" NOT NULL CHECK (posted_month ~ '^[0-9]{4}-[0-1][0-9]$'),
  posted_at      text COLLATE "C" NOT NULL,
  first_seen     text COLLATE "C" NOT NULL,
  last_seen      text COLLATE "C" NOT NULL,
  closed_at      text COLLATE "C",
  remote         smallint CHECK (remote IN (0, 1)),
  company        text COLLATE "C",
  title          text COLLATE "C",
  location       text COLLATE "C",
  url            text COLLATE "C",
  content_hash   text COLLATE "C" NOT NULL,
  job_key        text COLLATE "C" NOT NULL,
  roles          text COLLATE "C",
  tagged_version text COLLATE "C",
  text           text COLLATE "C" NOT NULL,
  html           text COLLATE "C",
  meta           text COLLATE "C",
  mentions       text COLLATE "C",
  UNIQUE (source, external_id)
);

CREATE INDEX postings_by_month ON postings (posted_month, source) INCLUDE (remote, company, roles, job_key);
CREATE INDEX postings_by_source_month ON postings (source, posted_month);
CREATE INDEX postings_by_job_key ON postings (job_key, posted_month, id);
CREATE INDEX postings_by_company ON postings (lower(company)) WHERE company IS NOT NULL;
CREATE INDEX postings_open_by_source ON postings (source, last_seen) WHERE closed_at IS NULL;
CREATE INDEX postings_pending_history ON postings (id) WHERE roles IS NULL;

CREATE TABLE posting_tech (
  posting_id   bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  tech         text COLLATE "C" NOT NULL,
  strength     text COLLATE "C" NOT NULL CHECK (strength IN ('required', 'preferred', 'mentioned')),
  posted_month text COLLATE "C" NOT NULL,
  source       text COLLATE "C" NOT NULL,
  PRIMARY KEY (posting_id, tech)
);

CREATE INDEX posting_tech_by_tech_month ON posting_tech (tech, posted_month) INCLUDE (posting_id, strength, source);
CREATE INDEX posting_tech_by_month ON posting_tech (posted_month, tech) INCLUDE (posting_id, strength, source);

-- Postings per (month, source, tech) and per (month, source): what rankings and trends read.
CREATE TABLE monthly_tech (
  month    text COLLATE "C" NOT NULL,
  source   text COLLATE "C" NOT NULL,
  tech     text COLLATE "C" NOT NULL,
  postings integer NOT NULL,
  required integer NOT NULL,
  PRIMARY KEY (month, source, tech)
);

CREATE INDEX monthly_tech_by_tech_month ON monthly_tech (tech, month, source) INCLUDE (postings, required);

CREATE TABLE monthly_totals (
  month    text COLLATE "C" NOT NULL,
  source   text COLLATE "C" NOT NULL,
  postings integer NOT NULL,
  PRIMARY KEY (month, source)
);

-- A posting that repeats a job (an earlier posting of the same job asks for the same tech; '' = the posting itself),
-- with the month of that earlier posting: unique jobs in a range = postings − repeats whose prev_month is in range.
CREATE TABLE job_repeats (
  posting_id bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  tech       text COLLATE "C" NOT NULL,
  month      text COLLATE "C" NOT NULL,
  prev_month text COLLATE "C" NOT NULL,
  PRIMARY KEY (posting_id, tech)
);

CREATE TABLE job_repeat_counts (
  tech       text COLLATE "C" NOT NULL,
  month      text COLLATE "C" NOT NULL,
  prev_month text COLLATE "C" NOT NULL,
  repeats    integer NOT NULL,
  PRIMARY KEY (tech, month, prev_month)
);

-- The months a posting counts in by openness (SQLite's 002): written by the store, not by triggers.
CREATE TABLE posting_months (
  posting_id bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  month      text COLLATE "C" NOT NULL,
  source     text COLLATE "C" NOT NULL,
  PRIMARY KEY (posting_id, month)
);

CREATE TABLE technologies (
  id               text COLLATE "C" PRIMARY KEY,
  name             text COLLATE "C" NOT NULL,
  category         text COLLATE "C" NOT NULL,
  taxonomy_version text COLLATE "C" NOT NULL
);

CREATE INDEX technologies_by_category ON technologies (category, id);

CREATE TABLE tech_relations (
  tech   text COLLATE "C" NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  type   text COLLATE "C" NOT NULL CHECK (type IN ('implies', 'part_of', 'is_a')),
  target text COLLATE "C" NOT NULL,
  PRIMARY KEY (tech, type, target)
);

CREATE TABLE runs (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at       text COLLATE "C" NOT NULL,
  ended_at         text COLLATE "C",
  status           text COLLATE "C" NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'aborted')),
  taxonomy_version text COLLATE "C",
  pid              integer,
  -- The run's process as host:pid:backend (SQLite's pid alone cannot tell hosts apart); liveness is its session.
  holder           text COLLATE "C",
  command          text COLLATE "C" NOT NULL,
  -- The server's clock at the start (started_at is the collector's): collectors running at once share one round.
  server_started   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE run_sources (
  run_id      bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  source      text COLLATE "C" NOT NULL,
  requests    integer NOT NULL,
  seen        integer NOT NULL,
  new         integer NOT NULL,
  updated     integer NOT NULL,
  unchanged   integer NOT NULL,
  closed      integer NOT NULL,
  errors      text COLLATE "C" NOT NULL,
  duration_ms integer NOT NULL,
  status      text COLLATE "C" NOT NULL CHECK (status IN ('ok', 'failed')),
  message     text COLLATE "C",
  PRIMARY KEY (run_id, source)
);

CREATE INDEX run_sources_by_source ON run_sources (source, status, run_id);

CREATE TABLE posting_fingerprints (
  posting_id  bigint PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
  fingerprint text COLLATE "C" NOT NULL
);

CREATE INDEX posting_fingerprints_by_fingerprint ON posting_fingerprints (fingerprint, posting_id);

CREATE TABLE posting_lsh (
  bucket     bigint NOT NULL,
  posting_id bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  PRIMARY KEY (bucket, posting_id)
);

CREATE INDEX posting_lsh_by_posting ON posting_lsh (posting_id);

CREATE TABLE settings (
  key   text COLLATE "C" PRIMARY KEY,
  value text COLLATE "C" NOT NULL
);

CREATE TABLE dated_sources (
  source text COLLATE "C" PRIMARY KEY
);

INSERT INTO dated_sources (source) VALUES ('hn');

-- ---------------------------------------------------------------- coordination of many collectors

-- One row per unit of collection (a source, or one board of it). A collector claims a free unit (FOR UPDATE SKIP
-- LOCKED), extends expires_at while it works (heartbeat) and clears it when done; a unit whose holder died is free
-- again once expires_at has passed.
CREATE TABLE unit_leases (
  unit        text COLLATE "C" PRIMARY KEY,
  holder      text COLLATE "C",
  expires_at  timestamptz NOT NULL DEFAULT '-infinity',
  finished_at timestamptz
);

-- The next moment a request may start to a host, shared by every collector (the per-host politeness budget).
CREATE TABLE host_budgets (
  host    text COLLATE "C" PRIMARY KEY,
  next_at timestamptz NOT NULL
);

-- HTTP validators (ETag / Last-Modified) per cached URL; the file engine keeps them in one JSON file.
CREATE TABLE http_validators (
  key   text COLLATE "C" PRIMARY KEY,
  entry text COLLATE "C" NOT NULL
);
