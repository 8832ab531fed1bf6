-- 013: how many documents each OCE code sent each day (Ecuador's day: Unix
-- time minus 5 hours, in days).  The lists' periods are whole days, so the
-- count of an unfiltered list is a sum over at most a few dozen rows instead
-- of a walk over every document of the period.  Written by the store in the
-- transaction that adds a document; documents are never deleted.
CREATE TABLE document_day (
    oce_code  TEXT NOT NULL,
    day       INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (oce_code, day)
);
INSERT INTO document_day (oce_code, day, n)
SELECT oce_code, (created_at - 18000) / 86400, count(*) FROM document GROUP BY oce_code, (created_at - 18000) / 86400;
