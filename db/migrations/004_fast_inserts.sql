-- 004_fast_inserts: the posting insert path without a trigger (see `npm run bench -- --scale 1e6`).
--
-- posting_months_insert (002) ran for every new posting. Measured on a million-posting backfill, an AFTER INSERT
-- trigger on postings cost about 13 µs per ad even when it wrote one small row — as much as inserting the posting
-- with all its indexes — because SQLite hands the trigger program the whole NEW row (text, mentions) and runs it as
-- a sub-program. The store, the only writer that inserts postings, now writes a new posting's one month of
-- openness itself (db/store.ts monthOfOpenness: the thread month for hn, else the month it was first seen). The
-- extend / move triggers of 002 stay: updates are rare and any writer may make them.
DROP TRIGGER posting_months_insert;
