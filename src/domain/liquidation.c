/*
 * liquidation.c — see liquidation.h.
 */
#include "domain/liquidation.h"

#include <string.h>

long long liq_apply(long long x, int bp)
{
	/* Split so that no product passes 2^63: x / 10000 * bp < 10^11 * 10^5. */
	long long q = x / 10000, r = x % 10000;

	return q * bp + (r * bp + 5000) / 10000;
}

long long liq_muldiv(long long a, long long b, long long c, long long *rem)
{
	/* a = qa * c + ra, so a * b / c = qa * b + ra * b / c, and ra * b / c is
	 * built bit by bit of b (every partial sum stays below 3c < 2^64). */
	unsigned long long uc = (unsigned long long)c, ra = (unsigned long long)(a % c);
	unsigned long long q = 0, r = 0, ub = (unsigned long long)b;

	for (int bit = 62; bit >= 0; bit--) {
		q <<= 1;
		r <<= 1;
		if (r >= uc) {
			r -= uc;
			q++;
		}
		if ((ub >> bit) & 1u) {
			r += ra;
			if (r >= uc) {
				r -= uc;
				q++;
			}
		}
	}
	if (rem)
		*rem = (long long)r;
	return (a / c) * b + (long long)q;
}

static bool in_range(long long x)
{
	return x >= 0 && x <= LIQ_MAX_CENTS;
}

static bool rate_ok(int bp)
{
	return bp >= 0 && bp <= LIQ_BP_MAX;
}

/* Shares extra among the items in proportion to their FOB (equally when
 * they have none), largest remainders first; lines[i].customs_value = FOB +
 * share.  lines[i].ice holds the remainders meanwhile. */
static void share_out(const struct liq_input *in, long long sum_fob, long long extra, struct liq_line *lines)
{
	long long given = 0;
	long long n = (long long)in->nitems;

	for (size_t i = 0; i < in->nitems; i++) {
		long long share, rem;
		if (sum_fob == 0) {
			share = extra / n;
			rem = 0;
		} else {
			share = liq_muldiv(extra, in->items[i].fob_cents, sum_fob, &rem);
		}
		lines[i].customs_value = in->items[i].fob_cents + share;
		lines[i].ice = rem;
		given += share;
	}
	for (long long left = extra - given; left > 0; left--) {
		size_t best = 0;
		long long br = -1;
		for (size_t i = 0; i < in->nitems; i++)
			if (lines[i].ice > br) {
				br = lines[i].ice;
				best = i;
			}
		lines[best].customs_value++;
		lines[best].ice = -1;   /* at most one more cent each: left < number of items */
	}
}

int liq_compute(const struct liq_input *in, struct liq_line *lines, struct liq_result *out)
{
	long long sum_fob = 0, iva_base;

	memset(out, 0, sizeof(*out));
	if (in->nitems == 0 || in->items == NULL || lines == NULL || !in_range(in->fob_cents) ||
	    !in_range(in->freight_cents) || !in_range(in->insurance_cents) || !rate_ok(in->fodinfa_bp) ||
	    !rate_ok(in->iva_bp) || !rate_ok(in->presumed_insurance_bp))
		return -1;
	for (size_t i = 0; i < in->nitems; i++) {
		const struct liq_item *it = &in->items[i];
		if (!in_range(it->fob_cents) || !rate_ok(it->advalorem_bp) || !rate_ok(it->ice_bp))
			return -1;
		sum_fob += it->fob_cents;
		if (sum_fob > LIQ_MAX_CENTS)
			return -1;
	}
	out->insurance = in->insurance_cents;
	if (out->insurance == 0) {
		out->insurance = liq_apply(in->fob_cents, in->presumed_insurance_bp);
		out->insurance_presumed = true;
	}
	out->customs_value = in->fob_cents + in->freight_cents + out->insurance;
	if (out->customs_value > LIQ_MAX_CENTS)
		return -1;

	/* The items' customs values add up to the declaration's when their FOB
	 * does (the business rules see to it); else the difference stays with
	 * the declaration's FOB, as declared. */
	share_out(in, sum_fob, in->freight_cents + out->insurance, lines);
	for (size_t i = 0; i < in->nitems; i++) {
		struct liq_line *l = &lines[i];
		l->advalorem = liq_apply(l->customs_value, in->items[i].advalorem_bp);
		l->ice = liq_apply(l->customs_value + l->advalorem, in->items[i].ice_bp);
		out->advalorem += l->advalorem;
		out->ice += l->ice;
	}
	out->fodinfa = liq_apply(out->customs_value, in->fodinfa_bp);
	iva_base = out->customs_value + out->advalorem + out->fodinfa + out->ice;
	if (iva_base > LIQ_MAX_CENTS * 11)   /* rates up to 1,000 %: still far below 2^63 */
		return -1;
	out->iva = iva_base / 10000 * in->iva_bp + (iva_base % 10000 * in->iva_bp + 5000) / 10000;
	out->total = out->advalorem + out->fodinfa + out->ice + out->iva;
	return 0;
}

const struct liq_rate *liq_rate_pick(const struct liq_rate *rates, size_t n, const char *subpartida)
{
	const struct liq_rate *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; subpartida && i < n; i++) {
		size_t len = strlen(rates[i].prefix);
		if ((best == NULL || len > best_len) && strncmp(subpartida, rates[i].prefix, len) == 0) {
			best = &rates[i];
			best_len = len;
		}
	}
	return best;
}
