-- 004: fewer index and heap visits on the path every page takes.
--
-- The main page counts a user's notices and the unread ones, then lists a
-- page of them newest first: both can be answered from indexes alone (the
-- list one carries the columns a row of the table shows; not the body).
-- (SQLite's 004 also rebuilds session, oce and oce_type WITHOUT ROWID; a
-- PostgreSQL table is a heap with separate indexes either way.)
CREATE INDEX notice_unread ON notice (user_id, read_at);
DROP INDEX notice_user;
CREATE INDEX notice_user ON notice (user_id, created_at DESC, id DESC)
    INCLUDE (read_at, sender, recipient, subject);
