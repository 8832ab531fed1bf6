/*
 * str.h — pointer+length string views and the one bounded number parser.
 *
 * Parsers in aduana work on views (struct str) into the input; they never copy
 * until a value is accepted.  Numbers are only ever read through str_to_ll,
 * which has strtonum semantics: the whole view must be a number within bounds.
 */
#ifndef ADUANA_STR_H
#define ADUANA_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct str {
	const char *p;
	size_t n;
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })

struct str str_from(const char *s);                 /* NULL gives the empty view */
bool str_eq(struct str a, struct str b);
bool str_eq_cstr(struct str a, const char *s);
bool str_starts(struct str a, const char *prefix);
struct str str_trim(struct str a);                  /* ASCII spaces and tabs */
/* Splits at the first c: *head gets what is before, returns what is after
 * (empty view with p == NULL when c is absent, head then gets all of s). */
struct str str_cut(struct str s, char c, struct str *head);

/* Parses the whole view as a base-10 integer in [min, max]; 0 on success,
 * -1 on anything else (empty, sign only, junk, overflow, out of range). */
int str_to_ll(struct str s, long long min, long long max, long long *out);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t utf8_len(const char *s, size_t n);

/* Copies at most dstsz-1 bytes and NUL-terminates; returns strlen(src) so the
 * caller can detect truncation (BSD strlcpy). */
size_t str_lcpy(char *dst, const char *src, size_t dstsz);

/* Case-insensitive (ASCII) equality of a view and a C string. */
bool str_ieq_cstr(struct str a, const char *s);

/* 64-bit FNV-1a of n bytes: for hash tables and ETags, not for secrets. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
