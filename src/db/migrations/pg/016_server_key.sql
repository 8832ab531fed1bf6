-- 016: keys the server makes for itself, shared by every node of one store.
-- The first node to start writes a random key (aduana's own generator, never
-- in a migration) and every node reads the same one: the sign-in form's
-- pre-session token is signed with 'csrf' (auth/token.h), so a token that
-- node A issued verifies on node B, and an invented one nowhere.
CREATE TABLE server_key (
    name  TEXT PRIMARY KEY,
    key   TEXT NOT NULL
);
