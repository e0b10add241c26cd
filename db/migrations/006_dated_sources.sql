-- 006_dated_sources: which sources are a complete, dated record, as data instead of the name 'hn' in SQL.
--
-- A dated-record source (its descriptor's family is "thread": HN's monthly "Who is hiring?" threads) counts each
-- ad in the month it was posted and never closes; every other source is a listing, counted in each month it was
-- seen open (002). 002's triggers and the store named 'hn'; they now read this table, which the embedded engine
-- fills from the source descriptors when it opens for writing (db/sqlite-storage.ts), so a new dated source needs no
-- migration. 'hn' is seeded so that databases written before keep their meaning whoever opens them.
CREATE TABLE dated_sources (
  source TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO dated_sources (source) VALUES ('hn');

DROP TRIGGER posting_months_extend;
CREATE TRIGGER posting_months_extend AFTER UPDATE OF last_seen ON postings
  WHEN substr(NEW.last_seen, 1, 7) > substr(OLD.last_seen, 1, 7)
   AND NOT EXISTS (SELECT 1 FROM dated_sources d WHERE d.source = NEW.source)
BEGIN
  INSERT OR IGNORE INTO posting_months (posting_id, month, source)
    SELECT NEW.id, c.month, NEW.source FROM calendar_months c
     WHERE c.month <= substr(NEW.last_seen, 1, 7)
       AND c.month >= CASE WHEN OLD.closed_at IS NULL THEN substr(OLD.last_seen, 1, 7) ELSE substr(NEW.last_seen, 1, 7) END;
END;

DROP TRIGGER posting_months_move;
CREATE TRIGGER posting_months_move AFTER UPDATE OF posted_month ON postings
  WHEN OLD.posted_month IS NOT NEW.posted_month
   AND EXISTS (SELECT 1 FROM dated_sources d WHERE d.source = NEW.source)
BEGIN
  DELETE FROM posting_months WHERE posting_id = NEW.id;
  INSERT OR IGNORE INTO posting_months (posting_id, month, source) VALUES (NEW.id, NEW.posted_month, NEW.source);
END;
