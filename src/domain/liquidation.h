/*
 * liquidation.h — the taxes of an import declaration, in integer cents (pure).
 *
 * docs/domain.md, "Tariff": customs value = FOB + freight + insurance, with
 * insurance presumed at 1 % of the FOB when none is declared; ad-valorem on
 * the customs value at the rate of each item's subpartida; FODINFA 0.5 % of
 * the customs value; ICE where the subpartida carries it; IVA 15 % on the
 * sum of the customs value and those taxes.  The rates are data (the
 * store's tariff_rate table, a demonstration table until the tariff is
 * imported), in basis points: 1 bp = 0.01 %.
 *
 * Rounding, documented once here and in docs/decisions.md:
 *   - freight and insurance are shared among the items in proportion to their
 *     FOB by the largest-remainder method (ties to the earlier item), so the
 *     items' customs values add up exactly to the declaration's;
 *   - each amount "x at r bp" is x * r / 10000 rounded half up to the cent;
 *   - ad-valorem and ICE are computed per item and added; FODINFA and IVA
 *     once, on the declaration's totals;
 *   - ICE's base is the item's customs value plus its ad-valorem (the
 *     project's simplification of the ex-customs price);
 *   - IVA's base is customs value + ad-valorem + FODINFA + ICE.
 */
#ifndef ADUANA_LIQUIDATION_H
#define ADUANA_LIQUIDATION_H

#include <stdbool.h>
#include <stddef.h>

#define LIQ_BP_MAX         100000          /* a rate of at most 1,000 % */
#define LIQ_MAX_CENTS      1000000000000000LL /* USD 10 trillion: amounts past it are refused */
#define LIQ_FODINFA_BP     50              /* 0.5 % */
#define LIQ_IVA_BP         1500            /* 15 % */
#define LIQ_INSURANCE_BP   100             /* 1 % of the FOB, presumed when none is declared */

/* The rate of a subpartida prefix (a row of tariff_rate). */
struct liq_rate {
	const char *prefix;       /* 2 to 10 digits */
	int advalorem_bp;
	int ice_bp;
};

struct liq_item {
	long long fob_cents;
	int advalorem_bp;
	int ice_bp;
};

struct liq_input {
	long long fob_cents, freight_cents, insurance_cents;
	const struct liq_item *items;
	size_t nitems;
	int fodinfa_bp, iva_bp, presumed_insurance_bp;   /* LIQ_FODINFA_BP, LIQ_IVA_BP, LIQ_INSURANCE_BP */
};

struct liq_line {                  /* one item's share */
	long long customs_value, advalorem, ice;
};

struct liq_result {
	long long insurance;           /* the declared one, or the presumed one */
	bool insurance_presumed;
	long long customs_value;
	long long advalorem, fodinfa, ice, iva;
	long long total;               /* advalorem + fodinfa + ice + iva */
};

/* x * bp / 10000 rounded half up, for 0 <= x <= LIQ_MAX_CENTS and 0 <= bp <= LIQ_BP_MAX. */
long long liq_apply(long long x, int bp);

/* floor(a * b / c) and its remainder, exactly, for 0 <= a, b and 0 < c < 2^62
 * (no 128-bit type needed). */
long long liq_muldiv(long long a, long long b, long long c, long long *rem);

/*
 * Computes the liquidation.  lines has in->nitems entries and receives each
 * item's share.  Returns 0, or -1 when an input is
 * out of range (negative, over LIQ_MAX_CENTS, a rate over LIQ_BP_MAX, no
 * items) and nothing is computed.
 */
int liq_compute(const struct liq_input *in, struct liq_line *lines, struct liq_result *out);

/* The rate that applies to subpartida: the row with the longest prefix of it
 * (the prefix "" applies to all); NULL when none does. */
const struct liq_rate *liq_rate_pick(const struct liq_rate *rates, size_t n, const char *subpartida);

#endif
