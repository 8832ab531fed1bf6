-- 003: users that are not operators, and accent-free search of notices.
--
-- A user is an operator's user (kind 'operador': signs in with the RUC of
-- the operator, or with a cédula when registered without a RUC) or a customs
-- officer (kind 'funcionario': no RUC, no OCE; a district and roles).
-- SQLite cannot change a column's constraints in place, so app_user is
-- rebuilt (the migration runner has foreign keys off and checks them before
-- committing).
CREATE TABLE app_user_new (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL DEFAULT 'operador' CHECK (kind IN ('operador', 'funcionario')),
    ruc          TEXT CHECK (ruc IS NULL OR length(ruc) IN (10, 13)),
    usuario      TEXT NOT NULL,
    nombre       TEXT NOT NULL,
    email        TEXT NOT NULL,
    pw_hash      TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    blocked_at   INTEGER,
    disabled     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    distrito     TEXT,
    roles        TEXT NOT NULL DEFAULT '',
    CHECK ((kind = 'operador' AND ruc IS NOT NULL) OR (kind = 'funcionario' AND ruc IS NULL)),
    UNIQUE (ruc, usuario)
);
INSERT INTO app_user_new (id, kind, ruc, usuario, nombre, email, pw_hash, failures, blocked_at,
                          disabled, created_at)
SELECT id, 'operador', ruc, usuario, nombre, email, pw_hash, failures, blocked_at, disabled, created_at
  FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_new RENAME TO app_user;
-- Officers have no RUC: their ID. Usuario alone is unique among officers.
CREATE UNIQUE INDEX app_user_officer ON app_user (usuario) WHERE kind = 'funcionario';

-- The subject folded (lower case, no accents: core/fold.c) for the search
-- box; filled by the store on insert, here for the notices already stored.
ALTER TABLE notice ADD COLUMN subject_fold TEXT NOT NULL DEFAULT '';
UPDATE notice SET subject_fold = aduana_fold(subject);
