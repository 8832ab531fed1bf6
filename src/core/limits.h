/*
 * limits.h — every input and output limit of aduana, in one place.
 *
 * Anything a client sends is bounded by one of these numbers; past a limit the
 * request is refused (413 for bodies and for form fields too many or too long,
 * 414 for the target, 431 for headers and cookies, 400 for malformed values),
 * never truncated into a "successful" smaller value.  Change a limit here and the
 * whole program follows.
 */
#ifndef ADUANA_LIMITS_H
#define ADUANA_LIMITS_H

#include <stddef.h>   /* size_t: byte limits are size_t so sums of them cannot overflow int */

/* HTTP */
#define LIMIT_HEADER_BYTES      ((size_t)16 * 1024)   /* MHD connection memory: headers past it get 431 */
#define LIMIT_BODY_BYTES        ((size_t)64 * 1024)   /* default body of a route (forms); past it: 413 */
#define LIMIT_BODY_MEM_BYTES    ((size_t)1024 * 1024) /* bodies past it are kept in a temporary
                                                         file instead of memory */
#define LIMIT_UPLOAD_BYTES      ((size_t)10 * 1000 * 1000) /* a file upload (multipart), an XML
                                                         document; a route may declare less */
#define LIMIT_JSON_BYTES        ((size_t)1024 * 1024) /* a JSON body */
#define LIMIT_MULTIPART_PARTS   16            /* parts of one multipart/form-data body */
#define LIMIT_PART_HEADER_BYTES 1024          /* the header block of one part */
#define LIMIT_BOUNDARY_BYTES    70            /* RFC 2046 */
#define LIMIT_FILENAME_BYTES    255
#define LIMIT_URL_BYTES         2048          /* path + query */
#define LIMIT_COOKIE_BYTES      4096          /* the whole Cookie header */
#define LIMIT_COOKIES           32            /* cookies in one header */
#define LIMIT_FORM_FIELDS       32            /* name=value pairs in a form or query */
#define LIMIT_EDOC_FORM_FIELDS  1600          /* the e-document form: 100 rows of 11 inputs, the
                                                 head and the controls */
#define LIMIT_EDOC_FORM_BYTES   ((size_t)1024 * 1024) /* its body */
#define LIMIT_FIELD_NAME_BYTES  64
#define LIMIT_FIELD_BYTES       4096          /* one decoded value */
#define LIMIT_CONNECTIONS       4096          /* open connections (the open-file limit is
                                                 raised for them when it can be) */
#define LIMIT_SPARE_FILES       256           /* open files kept for all but connections */
#define LIMIT_CONN_PER_ADDR     128           /* default of ADUANA_CONN_PER_ADDR: connections
                                                 from one address (an office behind one NAT
                                                 has many users); past it refused */
#define LIMIT_HEADER_SECONDS    10            /* default of ADUANA_HEADER_SECONDS: to send a
                                                 request line and headers (also the idle time
                                                 of a kept-alive connection) */
#define LIMIT_BODY_SECONDS      120           /* default of ADUANA_BODY_SECONDS: to send a body
                                                 (10 MB at ~700 kbit/s) */
#define LIMIT_CONN_TIMEOUT_S    30            /* a connection with no traffic at all closed
                                                 after it (a client not reading its answer) */

/* Output */
#define LIMIT_PAGE_BYTES        ((size_t)1024 * 1024) /* a rendered page; past it: 500 */
#define LIMIT_ARENA_BYTES       ((size_t)4 * 1024 * 1024) /* all request-scoped memory */
#define LIMIT_EDOC_ARENA_BYTES  ((size_t)48 * 1024 * 1024) /* checking one e-document: its copy and
                                                 what is parsed from it (~1.1× its size) */
#define LIMIT_STATIC_BYTES      ((size_t)4 * 1024 * 1024) /* one static file */

/* Accounts */
#define LIMIT_RUC_INPUT         64            /* characters typed in the RUC box */
#define LIMIT_USUARIO_BYTES     64
#define LIMIT_PASSWORD_BYTES    256
#define LIMIT_PASSWORD_MIN_CHARS 12           /* a new password: code points, not bytes
                                                 (domain/pwpolicy.h; sign-in accepts older,
                                                 shorter ones) */
#define LIMIT_ROLES_BYTES       200           /* an officer's roles, comma-separated */
#define LIMIT_FORM_ERRORS       LIMIT_FORM_FIELDS /* messages of one form (one per field) */
#define LIMIT_NAME_BYTES        200
#define LIMIT_EMAIL_BYTES       254
#define LIMIT_OCE_PER_USER      64
#define LIMIT_SEARCH_BYTES      200           /* the Consultar box */

/* Code lists read by `aduana catalog import` (files of the project, but
 * parsed as untrusted input all the same) */
#define LIMIT_CSV_FIELDS        32            /* fields in one CSV record */
#define LIMIT_CSV_FIELD_BYTES   ((size_t)16 * 1024) /* one field, unescaped */
#define LIMIT_CATALOG_FILE_BYTES ((size_t)64 * 1024 * 1024) /* one code-list file */

/* Store */
#define LIMIT_STMT_CACHE        64            /* prepared statements kept per connection */

/* The account lifecycle: registration, codes sent by e-mail, resets */
#define LIMIT_PHONE_BYTES       20            /* a phone number as typed: digits, spaces, + - ( ) */
#define LIMIT_CODE_DIGITS       6             /* a security code sent by e-mail */
#define LIMIT_CODE_ATTEMPTS     5             /* wrong codes before the code is void */
#define LIMIT_CODES_PER_WINDOW  3             /* codes or links sent to one account or address
                                                 per validity window; more are not sent */
#define LIMIT_PAYLOAD_BYTES     ((size_t)4 * 1024) /* a pending registration's data */
#define LIMIT_USERS_PAGE        50            /* rows of a list of users */
#define LIMIT_AUDIT_PAGE        100           /* rows of an account's audit trail */

/* Catalogues read from the store (reference data, not input) */
#define LIMIT_MENU_OPTIONS      128           /* options of one OCE type's menus */
#define LIMIT_RISK_RULES        200           /* rules of one canal de aforo rule set */
#define LIMIT_TARIFF_RATES      20000         /* rows of tariff_rate */
#define LIMIT_CANAL_REQUESTS    100           /* requests to change the channel, per document */
#define LIMIT_REASON_CHARS      1000          /* an officer's or operator's reason */

/* Mail (issue 9) */
#define LIMIT_MAIL_ATTEMPTS     10            /* deliveries tried before a message is marked
                                                 failed (with the default backoff: about
                                                 3 h 20 min of retries) */
#define LIMIT_MAIL_BACKOFF_MAX_S 3600         /* the longest wait between two attempts */
#define LIMIT_MAIL_BATCH        8             /* messages one sender claims at a time */
#define LIMIT_MAIL_LEASE_S      60            /* a claim's lease, plus 40 s per message
                                                 claimed (a delivery's whole timeout is 30 s);
                                                 past it another node may take the message */
#define LIMIT_MAIL_SUBJECT_BYTES 998          /* a subject (one header line at most) */
#define LIMIT_MAIL_BODY_BYTES   ((size_t)256 * 1024) /* a message's text; its HTML is at most
                                                 16 times it (service/mail.c) */
#define LIMIT_MAIL_MESSAGE_BYTES ((size_t)16 * 1024 * 1024) /* the encoded message: both parts
                                                 in quoted-printable (at most 3 bytes a byte,
                                                 mostly 1) and the headers */
#define LIMIT_MAIL_ERROR_BYTES  300           /* last_error kept for a message */
#define LIMIT_MAIL_ROWS         50            /* messages per page of /correo and mail list */

/* Lists */
#define LIMIT_PAGE_ROWS         20            /* notices per page */
#define LIMIT_NEWS_ITEMS        5
#define LIMIT_CATALOG_ROWS      50            /* entries of a code list per page (2.6) */
#define LIMIT_CSV_ROWS          100000        /* rows of a list downloaded as CSV */
#define LIMIT_CATALOGS          16            /* code lists (2.6) */

/* Work queue for slow jobs (password hashing) */
#define LIMIT_JOB_QUEUE         256           /* pending sign-ins; past it: 503 */
#define LIMIT_SLOW_PER_CLIENT   16            /* default of ADUANA_SLOW_PER_CLIENT: sign-ins in
                                                 flight from one address; past it: 429 */
#define LIMIT_SIGNIN_ADDR_FAILURES 30          /* default of ADUANA_SIGNIN_ADDR_FAILURES: failed
                                                 sign-ins from one address (one forgiven every
                                                 LIMIT_SIGNIN_FORGIVE_S) before its attempts
                                                 are spaced out and refused cheaply (429) */
#define LIMIT_SIGNIN_FORGIVE_S  20            /* one failure forgotten per this many seconds */
#define LIMIT_SIGNIN_ACCOUNT_FAILURES 10      /* the same for one account (RUC + user), over
                                                 every address: its lockout (ADUANA_MAX_FAILURES)
                                                 stops guesses, this stops the hashing */
#define LIMIT_SIGNIN_DELAY_MAX_S 30           /* over budget: one attempt per 1 s per failure
                                                 past the budget, at most this */
#define LIMIT_THROTTLE_KEYS     4096          /* addresses and accounts remembered */
#define LIMIT_SIGNIN_LEASE_SECONDS 60         /* default of ADUANA_SIGNIN_LEASE_SECONDS */
#define LIMIT_DRAIN_BYTES       ((size_t)1024 * 1024) /* body read and dropped after a 413
                                                 is decided; past it the connection closes */

#endif
