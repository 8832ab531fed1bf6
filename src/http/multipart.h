/*
 * multipart.h — multipart/form-data bodies (RFC 7578, framed as in RFC 2046
 * §5.1): the text fields and file uploads of an HTML form.
 *
 * The body is one contiguous byte range (in memory or an mmap'ed temporary
 * file) of up to LIMIT_UPLOAD_BYTES; it is never copied.  Each part's data is
 * a view into it, so the body must outlive the parse result; names, file
 * names and content types are small NUL-terminated copies in the caller's
 * arena.  The parse is all or nothing: any framing error, any limit of
 * core/limits.h exceeded, or one bad name fails the whole body, and then
 * *out is empty.  A body that lacks its close delimiter "--boundary--" (a
 * truncated upload) always fails.
 *
 * What is accepted, in short (multipart.c has the reasons):
 *   - delimiters are CRLF "--" boundary; the first may open the body without
 *     the CRLF; spaces and tabs may follow any delimiter before its CRLF; the
 *     preamble and the epilogue are ignored; "--boundary" followed by
 *     anything else is malformed, never data (RFC 2046: a boundary matches
 *     as a prefix of a line);
 *   - lines end in CRLF only.  A bare LF ends nothing: in part headers it is
 *     malformed (MP_ERR_FORMAT) and LF "--boundary" inside data is data;
 *   - each part has exactly one "Content-Disposition: form-data" with a
 *     name; "filename" is optional; other headers are tolerated and ignored
 *     but for one Content-Type, which is kept.  Content-Transfer-Encoding is
 *     not decoded (RFC 7578 §4.7: senders do not use it over HTTP);
 *   - names and file names are taken verbatim, as browsers send them
 *     (a '"' arrives as %22, not decoded here).
 */
#ifndef ADUANA_MULTIPART_H
#define ADUANA_MULTIPART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

enum mp_err {
	MP_OK = 0,
	MP_ERR_CONTENT_TYPE = -1,     /* not multipart/form-data, or no or invalid boundary */
	MP_ERR_FORMAT = -2,           /* malformed framing or part headers; truncated body */
	MP_ERR_TOO_MANY = -3,         /* more than LIMIT_MULTIPART_PARTS parts */
	MP_ERR_HEADER_TOO_LONG = -4,  /* a part's header block past LIMIT_PART_HEADER_BYTES */
	MP_ERR_NAME = -5,             /* a name missing, empty, past LIMIT_FIELD_NAME_BYTES, not
	                                 UTF-8 or with control characters; a file name likewise
	                                 (past LIMIT_FILENAME_BYTES, or no base name) */
	MP_ERR_NOMEM = -6,            /* the arena is full */
};

struct mp_part {
	/* The form field's name: 1..LIMIT_FIELD_NAME_BYTES bytes of UTF-8 without
	 * control characters (C0, DEL, C1); NUL-terminated; owned by the arena. */
	const char *name;
	/* NULL when the part is not a file, and also for the filename="" with no
	 * data that browsers send for a file input left empty.  Otherwise the
	 * base name only (whatever precedes the last '/' or '\' removed), never
	 * "." or "..", 1..LIMIT_FILENAME_BYTES bytes of UTF-8 without control
	 * characters; NUL-terminated; owned by the arena.  For display and
	 * records: never use it as a path. */
	const char *filename;
	/* The part's Content-Type value (printable ASCII, spaces and tabs around
	 * it removed), "" when absent; owned by the arena. */
	const char *content_type;
	/* The part's bytes, binary-safe: a view into the body, not copied. */
	struct str data;
};

struct multipart {
	struct mp_part *parts;   /* in body order; owned by the arena */
	size_t n;                /* 0..LIMIT_MULTIPART_PARTS */
};

/* Finds the boundary in a Content-Type header value: "multipart/form-data"
 * (any case), then parameters, one of them "boundary" (any case), quoted or
 * a token, of 1..LIMIT_BOUNDARY_BYTES characters of RFC 2046's bchars, not
 * ending in a space.  Other parameters are allowed; a malformed parameter or
 * a second boundary is not.  0 (MP_OK) and *boundary, a view into
 * content_type without the quotes; or MP_ERR_CONTENT_TYPE and an empty view
 * (also when content_type is NULL). */
int multipart_boundary(const char *content_type, struct str *boundary);

/* Parses body[0..n) framed by boundary (as from multipart_boundary; another
 * boundary is checked the same way, MP_ERR_CONTENT_TYPE when invalid).
 * 0 (MP_OK) or an enum mp_err; on failure out->parts is NULL and out->n 0.
 * Time is linear in n.  A body with only the close delimiter gives n == 0. */
int multipart_parse(struct arena *a, const char *body, size_t n, struct str boundary,
		    struct multipart *out);

#endif
