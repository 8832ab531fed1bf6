/*
 * email.h — e-mail addresses as the portal accepts them.
 *
 * A practical check, not RFC 5322's whole grammar: what a person types in a
 * form and what is safe to hand to an SMTP relay and to put in a header.
 * Pure: no I/O, no allocation.
 */
#ifndef ADUANA_EMAIL_H
#define ADUANA_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is local@domain: at most LIMIT_EMAIL_BYTES bytes, one
 * '@'; the local part 1–64 bytes of printable ASCII other than space, the
 * quote, comma, angle brackets, parentheses, brackets, backslash, ';' and
 * ':', not starting or ending with '.' and without "..";
 * the domain 1–253 bytes of dot-separated labels (letters, digits, '-', not
 * at a label's ends, each 1–63 bytes), with at least one dot, or UTF-8
 * letters (an internationalised name; relays that speak SMTPUTF8).  Never
 * true for anything holding a CR, LF, NUL or other control byte (header
 * injection).  s needs no NUL terminator. */
bool email_valid(const char *s, size_t n);

#endif
