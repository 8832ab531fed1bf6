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

-- The counts over the mailbox ("N sin leer · M en total") kept on the user's
-- row by a trigger, so the main page reads two numbers instead of counting
-- every notice.  The trigger runs in the statement that changes a notice:
-- the numbers can never disagree with the rows.  (Notices never move from
-- one user to another.)
ALTER TABLE app_user ADD COLUMN notices BIGINT NOT NULL DEFAULT 0,
                     ADD COLUMN notices_unread BIGINT NOT NULL DEFAULT 0;
UPDATE app_user SET
    notices = (SELECT count(*) FROM notice WHERE notice.user_id = app_user.id),
    notices_unread = (SELECT count(*) FROM notice WHERE notice.user_id = app_user.id AND read_at IS NULL);
CREATE FUNCTION notice_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE app_user SET notices = notices + 1,
               notices_unread = notices_unread + CASE WHEN NEW.read_at IS NULL THEN 1 ELSE 0 END
         WHERE id = NEW.user_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE app_user SET notices = notices - 1,
               notices_unread = notices_unread - CASE WHEN OLD.read_at IS NULL THEN 1 ELSE 0 END
         WHERE id = OLD.user_id;
    ELSIF (OLD.read_at IS NULL) <> (NEW.read_at IS NULL) THEN
        UPDATE app_user SET notices_unread = notices_unread + CASE WHEN NEW.read_at IS NULL THEN 1 ELSE -1 END
         WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER notice_counts AFTER INSERT OR DELETE OR UPDATE OF read_at ON notice
    FOR EACH ROW EXECUTE FUNCTION notice_counts();
