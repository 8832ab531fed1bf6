-- 003: users that are not operators, and accent-free search of notices
-- (PostgreSQL; the same change as sqlite/003_users_search.sql).
--
-- A user is an operator's user (kind 'operador': signs in with the RUC of
-- the operator, or with a cédula when registered without a RUC) or a customs
-- officer (kind 'funcionario': no RUC, no OCE; a district and roles).
-- PostgreSQL changes app_user in place (SQLite rebuilds it); the new columns
-- come last here, which no query sees: every query names its columns.
-- app_user_ruc_check is the name PostgreSQL gave 001's CHECK on ruc.
ALTER TABLE app_user
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'operador' CHECK (kind IN ('operador', 'funcionario')),
    ALTER COLUMN ruc DROP NOT NULL,
    DROP CONSTRAINT app_user_ruc_check,
    ADD CHECK (ruc IS NULL OR length(ruc) IN (10, 13)),
    ADD COLUMN distrito TEXT,
    ADD COLUMN roles TEXT NOT NULL DEFAULT '',
    ADD CHECK ((kind = 'operador' AND ruc IS NOT NULL) OR (kind = 'funcionario' AND ruc IS NULL));
-- Officers have no RUC: their ID. Usuario alone is unique among officers.
CREATE UNIQUE INDEX app_user_officer ON app_user (usuario) WHERE kind = 'funcionario';

-- The subject folded (lower case, no accents: core/fold.c) for the search
-- box; filled by the store on insert.  Unlike SQLite's migration there is no
-- backfill (PostgreSQL has no aduana_fold function): no PostgreSQL store
-- predates this migration, so notice holds no row yet when it runs.
ALTER TABLE notice ADD COLUMN subject_fold TEXT NOT NULL DEFAULT '';
