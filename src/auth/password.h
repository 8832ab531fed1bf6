/*
 * password.h — password hashing with Argon2id (libsodium crypto_pwhash).
 *
 * Hashes are self-describing strings ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
 * so the cost can be raised later without breaking stored ones.  Hashing and
 * verifying take ~50 ms: never call them on an I/O thread.
 */
#ifndef ADUANA_PASSWORD_H
#define ADUANA_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 128   /* crypto_pwhash_STRBYTES */

/* Initialises libsodium and the dummy hash; 0 on success.  Call once at start. */
int password_init(void);
/* Hashes pw[0..n) into out (NUL-terminated); 0 on success, -1 on failure. */
int password_hash(const char *pw, size_t n, char out[PASSWORD_HASH_MAX]);
/* 0 when pw matches hash, -1 otherwise (also for a malformed hash). */
int password_verify(const char *hash, const char *pw, size_t n);
/* Spends the same time as a real verification and returns -1: used when the
 * user does not exist, so the response time does not reveal it. */
int password_verify_dummy(const char *pw, size_t n);

#endif
