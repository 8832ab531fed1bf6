/*
 * json.c — see json.h.
 */
#include "core/json.h"

#include <string.h>

void json_put_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0, i;

	if (s == NULL) {
		buf_put(b, "null", 4);
		return;
	}
	buf_put_char(b, '"');
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		const char *e = NULL;
		size_t en = 2;

		if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c == '\n')
			e = "\\n";
		else if (c == '\r')
			e = "\\r";
		else if (c == '\t')
			e = "\\t";
		else if (c < 0x20 || c == 0x7f) {
			e = esc;
			en = 6;
		}
		if (e == NULL)
			continue;
		buf_put(b, s + run, i - run);
		buf_put(b, e, en);
		run = i + 1;
	}
	buf_put(b, s + run, i - run);
	buf_put_char(b, '"');
}
