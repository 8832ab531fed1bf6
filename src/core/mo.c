/*
 * mo.c — see mo.h.
 *
 * Invariant after a successful mo_open: both tables lie inside data[0..n), and
 * for every entry of either table data[offset + length] == '\0' with
 * offset + length < n.  Lookups rely on that alone: strcmp and strlen on a
 * stored string stop at that NUL at the latest, inside the bounds.
 *
 * Bounds are computed in 64 bits, where the sum of a 32-bit offset and a
 * 32-bit length (or N * 8) cannot overflow; a table inside n bytes then has
 * offsets that fit size_t.
 */
#include "core/mo.h"

#include <string.h>

#define MO_MAGIC  0x950412deU
#define MO_HEADER 28   /* seven 32-bit words */

/* The 32-bit word at data[at], in the file's byte order; at + 4 <= n. */
static uint32_t word(const unsigned char *d, size_t at, bool big)
{
	const unsigned char *p = d + at;

	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Entry i of the table at tab: its string, and its stored length in *len. */
static const char *entry(const struct mo *m, uint32_t tab, uint32_t i, uint32_t *len)
{
	size_t at = (size_t)tab + (size_t)i * 8;

	*len = word(m->data, at, m->big);
	return (const char *)m->data + word(m->data, at + 4, m->big);
}

/* 0 when every string of the table at tab is inside the bounds and
 * NUL-terminated at its length. */
static int check_table(const struct mo *m, uint32_t tab)
{
	for (uint32_t i = 0; i < m->count; i++) {
		size_t at = (size_t)tab + (size_t)i * 8;
		uint64_t len = word(m->data, at, m->big), off = word(m->data, at + 4, m->big);

		if (off + len >= m->n || m->data[off + len] != '\0')
			return -1;
	}
	return 0;
}

/* strcmp of two stored strings, adding the bytes it looks at to *work. */
static int key_cmp(const unsigned char *a, const unsigned char *b, uint64_t *work)
{
	size_t i = 0;

	while (a[i] != '\0' && a[i] == b[i])
		i++;
	*work += i + 1;
	return (int)a[i] - (int)b[i];
}

/* True when the originals are strictly ascending, the order of strcmp, so
 * that bisection finds the one match a scan would.  Strings of a file may
 * share bytes (offsets into one long string), which could make the
 * comparisons quadratic; past a budget of the file's size the answer is
 * "unsorted", which is always correct, only slower.  Files that do not share
 * bytes (msgfmt's) never reach it: each comparison costs at most the shorter
 * string's length plus one. */
static bool check_sorted(const struct mo *m)
{
	uint64_t work = 0, budget = (uint64_t)m->n + m->count;
	uint32_t la, lb;

	for (uint32_t i = 1; i < m->count; i++) {
		const char *a = entry(m, m->orig, i - 1, &la), *b = entry(m, m->orig, i, &lb);

		if (key_cmp((const unsigned char *)a, (const unsigned char *)b, &work) >= 0)
			return false;
		if (work > budget)
			return false;
	}
	return true;
}

int mo_open(struct mo *m, const void *data, size_t n)
{
	struct mo t = { 0 };
	uint64_t table;

	memset(m, 0, sizeof(*m));
	if (data == NULL || n < MO_HEADER)
		return -1;
	t.data = data;
	t.n = n;
	if (word(t.data, 0, false) == MO_MAGIC)
		t.big = false;
	else if (word(t.data, 0, true) == MO_MAGIC)
		t.big = true;
	else
		return -1;
	if (word(t.data, 4, t.big) >> 16 > 1)   /* major revision 0 or 1 */
		return -1;
	t.count = word(t.data, 8, t.big);
	t.orig = word(t.data, 12, t.big);
	t.trans = word(t.data, 16, t.big);
	table = (uint64_t)t.count * 8;
	if (t.orig + table > n || t.trans + table > n)
		return -1;
	if (check_table(&t, t.orig) != 0 || check_table(&t, t.trans) != 0)
		return -1;
	t.sorted = check_sorted(&t);
	*m = t;
	return 0;
}

const char *mo_lookup(const struct mo *m, const char *msgid, size_t *len)
{
	uint32_t i, k, tl;
	const char *s;

	if (msgid == NULL || m->count == 0)
		return NULL;
	if (m->sorted) {
		uint32_t lo = 0, hi = m->count;

		for (;;) {
			int c;

			if (lo >= hi)
				return NULL;
			i = lo + (hi - lo) / 2;
			c = strcmp(msgid, entry(m, m->orig, i, &k));
			if (c == 0)
				break;
			if (c < 0)
				hi = i;
			else
				lo = i + 1;
		}
	} else {
		for (i = 0; i < m->count; i++)
			if (strcmp(msgid, entry(m, m->orig, i, &k)) == 0)
				break;
		if (i == m->count)
			return NULL;
	}
	s = entry(m, m->trans, i, &tl);
	if (len != NULL)
		*len = strlen(s);   /* the first form; stops at s[tl] at the latest */
	return s;
}
