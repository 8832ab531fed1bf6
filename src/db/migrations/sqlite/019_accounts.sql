-- 019: the account lifecycle (issue 9) — Nuevo registro, Reiniciar clave,
-- homologación con RUC, the representative's permissions (3.2.3) and the
-- yearly update of an account's data.
--
-- clase: the user class of an operator's user — representante legal (acts
-- for the company, grants its employees their options), empleado (uses only
-- the options granted) or usuario general (a person, with a RUC or a cédula).
-- estado: an employee's account waits for the representative's approval
-- ('pendiente') and may be refused ('rechazado'); every other is 'activo'.
-- confirmed_at: when the user last confirmed their data (the yearly update).
ALTER TABLE app_user ADD COLUMN clase TEXT NOT NULL DEFAULT 'representante'
    CHECK (clase IN ('representante', 'empleado', 'general'));
ALTER TABLE app_user ADD COLUMN cedula TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN telefono TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN estado TEXT NOT NULL DEFAULT 'activo'
    CHECK (estado IN ('activo', 'pendiente', 'rechazado'));
ALTER TABLE app_user ADD COLUMN confirmed_at INTEGER NOT NULL DEFAULT 0;
UPDATE app_user SET confirmed_at = created_at;
-- A user registered under a cédula is a usuario general.
UPDATE app_user SET clase = 'general' WHERE kind = 'operador' AND length(ruc) = 10;
-- An employee's company is the RUC it signs in with; the ID de usuario is
-- unique per RUC whatever its case (the registration stores it in lower case).
CREATE UNIQUE INDEX app_user_ruc_usuario_ci ON app_user (ruc, lower(usuario)) WHERE kind = 'operador';

-- The registered operators (a RUC holding OCE codes) and the cédula of each
-- one's legal representative, as the tax office (SRI) records it: only that
-- person may register as the company's representante legal.  A natural
-- person's RUC is its owner's cédula plus an establishment, so it needs no row.
CREATE TABLE operador (
    ruc           TEXT PRIMARY KEY CHECK (length(ruc) = 13),
    razon_social  TEXT NOT NULL DEFAULT '',
    rep_cedula    TEXT CHECK (rep_cedula IS NULL OR length(rep_cedula) = 10)
);
INSERT INTO operador (ruc) SELECT DISTINCT ruc FROM oce WHERE length(ruc) = 13;

-- The options an employee may use, granted by the company's representative
-- (3.2.3 Modificar información del uso).  Representatives and general users
-- use every option their OCE type allows (menu_access).
CREATE TABLE user_permission (
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    option_id  TEXT NOT NULL REFERENCES menu_option (id),
    granted_by INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, option_id)
);

-- Codes and links sent by e-mail: a registration waiting for its security
-- code (payload: the form, with the password's hash), a password reset
-- (a single-use link) and a change of e-mail address (a code sent to the new
-- one).  Only hashes are stored: handle_hash of the random handle in the
-- link or address, code_hash of the code keyed with a server key.
CREATE TABLE verification (
    id           INTEGER PRIMARY KEY,
    purpose      TEXT NOT NULL CHECK (purpose IN ('registro', 'clave', 'correo')),
    handle_hash  TEXT NOT NULL UNIQUE,
    code_hash    TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES app_user (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    addr         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX verification_user ON verification (user_id, purpose);
CREATE INDEX verification_email ON verification (email, created_at);

-- 3.2 Solicitud del uso and 3.2.3 Modificar información del uso have their screens.
UPDATE menu_option SET screen = '/uso' WHERE id = '3.2.3';
UPDATE menu_option SET screen = '/cuenta' WHERE id = '3.2';

-- An account's audit trail (the administrators' accounts screen).
CREATE INDEX audit_user ON audit (user_id, at);
