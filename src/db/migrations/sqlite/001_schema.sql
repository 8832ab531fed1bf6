-- 001: accounts, OCE codes, sessions, notices, news, menus, audit.
-- Times are Unix seconds (UTC).  Texts are UTF-8.

CREATE TABLE oce_type (
    code TEXT PRIMARY KEY CHECK (length(code) = 2),
    name TEXT NOT NULL
);

CREATE TABLE app_user (
    id           INTEGER PRIMARY KEY,
    ruc          TEXT NOT NULL CHECK (length(ruc) = 13),
    usuario      TEXT NOT NULL,
    nombre       TEXT NOT NULL,
    email        TEXT NOT NULL,
    pw_hash      TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    blocked_at   INTEGER,
    disabled     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    UNIQUE (ruc, usuario)
);

-- An OCE code is one authorised activity of one RUC.
CREATE TABLE oce (
    code       TEXT PRIMARY KEY CHECK (length(code) = 8),
    ruc        TEXT NOT NULL,
    type_code  TEXT NOT NULL REFERENCES oce_type (code)
);

-- Which OCE codes a user may act under.
CREATE TABLE user_oce (
    user_id   INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    oce_code  TEXT NOT NULL REFERENCES oce (code),
    PRIMARY KEY (user_id, oce_code)
);

-- Sessions are found by the hash of their token; the token itself is never stored.
CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    oce_code    TEXT REFERENCES oce (code),
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    addr        TEXT NOT NULL
);
CREATE INDEX session_user ON session (user_id);

-- The electronic mailbox (Notificaciones electrónicas).
CREATE TABLE notice (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    sender      TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notice_user ON notice (user_id, created_at DESC, id DESC);

CREATE TABLE news (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    published_at  INTEGER NOT NULL
);

-- The menu catalogue: the four menus and their numbered options.
-- screen is the path of the option's screen once it exists (NULL: not yet available).
CREATE TABLE menu_option (
    id        TEXT PRIMARY KEY,
    menu      TEXT NOT NULL CHECK (menu IN ('TO', 'SI', 'SC', 'VU')),
    number    TEXT NOT NULL,
    title     TEXT NOT NULL,
    title_en  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    public    INTEGER NOT NULL DEFAULT 0,
    screen    TEXT
);

-- Which OCE types may use an option.
CREATE TABLE menu_access (
    option_id  TEXT NOT NULL REFERENCES menu_option (id),
    oce_type   TEXT NOT NULL REFERENCES oce_type (code),
    PRIMARY KEY (option_id, oce_type)
);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    event     TEXT NOT NULL,
    ruc       TEXT NOT NULL,
    usuario   TEXT NOT NULL,
    user_id   INTEGER,
    oce_code  TEXT,
    addr      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
