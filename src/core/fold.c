/*
 * fold.c — see fold.h.  Latin-1 letters are two UTF-8 bytes, C3 80..C3 BF
 * (U+00C0..U+00FF); each maps to one or two ASCII bytes, so the output never
 * outgrows the input.
 */
#include "core/fold.h"

/* U+00C0..U+00FF: the ASCII replacement, "" to copy the character as is. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",   /* À Á Â Ã Ä Å Æ Ç */
	"e", "e", "e", "e", "i", "i", "i", "i",    /* È É Ê Ë Ì Í Î Ï */
	"d", "n", "o", "o", "o", "o", "o", "",     /* Ð Ñ Ò Ó Ô Õ Ö × */
	"o", "u", "u", "u", "u", "y", "th", "ss",  /* Ø Ù Ú Û Ü Ý Þ ß */
	"a", "a", "a", "a", "a", "a", "ae", "c",   /* à á â ã ä å æ ç */
	"e", "e", "e", "e", "i", "i", "i", "i",    /* è é ê ë ì í î ï */
	"d", "n", "o", "o", "o", "o", "o", "",     /* ð ñ ò ó ô õ ö ÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",   /* ø ù ú û ü ý þ ÿ */
};

size_t fold_text(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z') {
			out[o++] = (char)(c + ('a' - 'A'));
			i++;
		} else if (c == 0xC3 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			unsigned k = (unsigned char)s[i + 1] - 0x80u;
			const char *r = latin1[k];
			if (r[0] == '\0') {
				out[o++] = s[i];
				out[o++] = s[i + 1];
			} else {
				while (*r)
					out[o++] = *r++;
			}
			i += 2;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return o;
}
