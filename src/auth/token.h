/*
 * token.h — session and CSRF tokens.
 *
 * A token is 32 random bytes (256 bits) from the OS generator, written as 64
 * lowercase hex characters.  The server stores only its BLAKE2b-256 hash, so
 * a copy of the database does not give anyone a live session.
 */
#ifndef ADUANA_TOKEN_H
#define ADUANA_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_BYTES 32
#define TOKEN_HEX (TOKEN_BYTES * 2 + 1)   /* with the NUL */

/* Fills out with a fresh random token. */
void token_new(char out[TOKEN_HEX]);
/* True when s[0..n) has the shape of a token (64 lowercase hex digits). */
bool token_valid(const char *s, size_t n);
/* Hashes a token of valid shape into out (hex); -1 when the shape is wrong. */
int token_hash(const char *s, size_t n, char out[TOKEN_HEX]);
/* Signed tokens (the sign-in form's pre-session token): 16 random bytes
 * and the first 16 bytes of their keyed BLAKE2b under a server key, 64 hex
 * characters like any token.  Only the server can make one that verifies,
 * so a token an attacker invents (and plants as a cookie) is refused. */
#define TOKEN_KEY_BYTES 32
void token_signed_new(const unsigned char key[TOKEN_KEY_BYTES], char out[TOKEN_HEX]);
bool token_signed_valid(const unsigned char key[TOKEN_KEY_BYTES], const char *s, size_t n);
/* 64 hex characters into a key; -1 when s is not that. */
int token_key_from_hex(const char *s, unsigned char key[TOKEN_KEY_BYTES]);

/* The keyed hash of a short secret (a security code sent by e-mail) bound
 * to the handle it was issued with: BLAKE2b-256 under a server key, hex.  A
 * copy of the store alone cannot turn the stored hash back into the code. */
void token_code_hash(const unsigned char key[TOKEN_KEY_BYTES], const char *handle, const char *code,
		     char out[TOKEN_HEX]);
/* Random bytes from the OS generator. */
void token_random(unsigned char *out, size_t n);

/* Constant-time equality of two tokens (any lengths; false when they differ). */
bool token_equal(const char *a, size_t an, const char *b, size_t bn);

#endif
