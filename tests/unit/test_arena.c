/*
 * test_arena.c — unit tests of src/core/arena.c, the request arena.
 *
 * What callers rely on: every allocation is 16-byte aligned and zeroed,
 * allocations never overlap, the cap is exact (filling to it works, one byte
 * more gives NULL, and a refused allocation costs nothing), allocations larger
 * than a block work, and the string helpers copy, terminate and respect the
 * cap.  After arena_free the arena can be used again.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"

static int aligned16(const void *p)
{
	return ((uintptr_t)p & 15u) == 0;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

Test(arena, alignment_of_odd_sizes)
{
	struct arena a;
	static const size_t sizes[] = { 1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 8191, 8193, 20000 };

	arena_init(&a, LIMIT_ARENA_BYTES);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			void *p = arena_alloc(&a, sizes[i]);
			cr_assert_not_null(p, "size %zu", sizes[i]);
			cr_assert(aligned16(p), "size %zu gave %p", sizes[i], p);
		}
	}
	arena_free(&a);
}

Test(arena, zero_size_gives_distinct_pointers)
{
	struct arena a;
	void *p, *q;

	arena_init(&a, 1024);
	p = arena_alloc(&a, 0);
	q = arena_alloc(&a, 0);
	cr_assert_not_null(p);
	cr_assert_not_null(q);
	cr_assert_neq(p, q);
	cr_assert(aligned16(p) && aligned16(q));
	arena_free(&a);
}

Test(arena, memory_is_zeroed)
{
	struct arena a;
	unsigned char *p, *q;

	arena_init(&a, LIMIT_ARENA_BYTES);
	p = arena_alloc(&a, 3000);
	cr_assert_not_null(p);
	cr_assert(all_zero(p, 3000));
	memset(p, 0xff, 3000);
	q = arena_alloc(&a, 3000);
	cr_assert(all_zero(q, 3000));
	arena_free(&a);

	/* Reused after free: the new blocks come from malloc, and are zeroed anyway. */
	arena_init(&a, LIMIT_ARENA_BYTES);
	for (int i = 0; i < 50; i++) {
		p = arena_alloc(&a, 5000);
		cr_assert_not_null(p);
		cr_assert(all_zero(p, 5000), "allocation %d not zeroed", i);
		memset(p, 0xa5, 5000);
	}
	arena_free(&a);
}

Test(arena, allocations_do_not_overlap)
{
	struct arena a;
	unsigned char *ptrs[200];
	size_t sizes[200];

	arena_init(&a, LIMIT_ARENA_BYTES);
	for (size_t i = 0; i < 200; i++) {
		sizes[i] = 1 + (i * 37) % 700;
		ptrs[i] = arena_alloc(&a, sizes[i]);
		cr_assert_not_null(ptrs[i]);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	for (size_t i = 0; i < 200; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			cr_assert_eq(ptrs[i][j], (unsigned char)(i & 0xff), "allocation %zu byte %zu", i, j);
	arena_free(&a);
}

Test(arena, cap_is_exact)
{
	struct arena a;

	arena_init(&a, 64);
	cr_assert_not_null(arena_alloc(&a, 48));
	cr_assert_null(arena_alloc(&a, 32), "48 + 32 > 64");
	cr_assert_eq(a.used, 48, "a refused allocation must not be counted");
	cr_assert_not_null(arena_alloc(&a, 16), "48 + 16 == 64 fits");
	cr_assert_eq(a.used, 64);
	cr_assert_null(arena_alloc(&a, 1));
	cr_assert_null(arena_alloc(&a, 0));
	arena_free(&a);
}

Test(arena, rounding_counts_against_the_cap)
{
	struct arena a;

	/* Each 1-byte allocation uses 16 bytes of the cap. */
	arena_init(&a, 32);
	cr_assert_not_null(arena_alloc(&a, 1));
	cr_assert_not_null(arena_alloc(&a, 1));
	cr_assert_null(arena_alloc(&a, 1));
	arena_free(&a);
}

Test(arena, huge_requests_refused)
{
	struct arena a;

	arena_init(&a, SIZE_MAX);
	cr_assert_null(arena_alloc(&a, SIZE_MAX));
	cr_assert_null(arena_alloc(&a, SIZE_MAX - 8));
	cr_assert_null(arena_alloc(&a, SIZE_MAX - 15));
	cr_assert_null(arena_strndup(&a, "x", SIZE_MAX));
	cr_assert_eq(a.used, 0);
	arena_free(&a);

	arena_init(&a, LIMIT_ARENA_BYTES);
	cr_assert_null(arena_alloc(&a, (size_t)LIMIT_ARENA_BYTES + 1));
	arena_free(&a);
}

/*
 * With a cap near SIZE_MAX the cap check passes, so the block size itself must
 * not wrap: arena_alloc must give NULL (malloc cannot satisfy it), never a
 * pointer to a small block it then zeroes as if it were huge.
 */
Test(arena, block_size_does_not_wrap)
{
	struct arena a;

	arena_init(&a, SIZE_MAX);
	cr_assert_null(arena_alloc(&a, SIZE_MAX - 16));
	cr_assert_null(arena_alloc(&a, SIZE_MAX - 31));
	cr_assert_eq(a.used, 0);
	arena_free(&a);
}

Test(arena, large_allocations)
{
	struct arena a;
	unsigned char *small, *big, *after;

	arena_init(&a, LIMIT_ARENA_BYTES);
	small = arena_alloc(&a, 10);
	big = arena_alloc(&a, 1 << 20);   /* far past one block */
	after = arena_alloc(&a, 10);
	cr_assert_not_null(small);
	cr_assert_not_null(big);
	cr_assert_not_null(after);
	cr_assert(aligned16(big) && aligned16(after));
	cr_assert(all_zero(big, 1 << 20));
	memset(big, 0x5a, 1 << 20);
	memset(small, 1, 10);
	memset(after, 2, 10);
	cr_assert_eq(big[0], 0x5a);
	cr_assert_eq(big[(1 << 20) - 1], 0x5a);
	cr_assert_eq(small[9], 1);
	cr_assert_eq(after[0], 2);
	arena_free(&a);
}

Test(arena, fill_to_the_whole_limit)
{
	struct arena a;
	size_t total = 0;
	void *p;

	arena_init(&a, LIMIT_ARENA_BYTES);
	while ((p = arena_alloc(&a, 4096)) != NULL)
		total += 4096;
	cr_assert_eq(total, LIMIT_ARENA_BYTES);
	cr_assert_eq(a.used, LIMIT_ARENA_BYTES);
	arena_free(&a);
}

Test(arena, strndup_and_strdup)
{
	struct arena a;
	char *s;

	arena_init(&a, 1024);
	s = arena_strndup(&a, "hello world", 5);
	cr_assert_str_eq(s, "hello");
	s = arena_strndup(&a, "abc", 0);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, "");
	/* The source need not be NUL-terminated. */
	s = arena_strndup(&a, (const char[]){ 'x', 'y', 'z' }, 3);
	cr_assert_str_eq(s, "xyz");
	s = arena_strdup(&a, "Contraseña");
	cr_assert_str_eq(s, "Contraseña");
	cr_assert(aligned16(s));
	/* Embedded NULs are copied as given. */
	s = arena_strndup(&a, "a\0b", 3);
	cr_assert_eq(memcmp(s, "a\0b\0", 4), 0);
	arena_free(&a);
}

Test(arena, strdup_past_the_cap)
{
	struct arena a;

	arena_init(&a, 16);
	cr_assert_not_null(arena_strdup(&a, "123456789012345"));   /* 15 + NUL = 16 */
	cr_assert_null(arena_strdup(&a, ""));
	arena_free(&a);

	arena_init(&a, 16);
	cr_assert_null(arena_strdup(&a, "1234567890123456"));      /* 16 + NUL = 17 */
	arena_free(&a);
}

Test(arena, printf_formats)
{
	struct arena a;
	char *s;

	arena_init(&a, 1024);
	s = arena_printf(&a, "%d-%s-%05lld", 42, "x", 7LL);
	cr_assert_str_eq(s, "42-x-00007");
	s = arena_printf(&a, "%s", "");
	cr_assert_str_eq(s, "");
	arena_free(&a);
}

Test(arena, printf_past_the_cap)
{
	struct arena a;
	char big[200];

	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	arena_init(&a, 128);
	cr_assert_null(arena_printf(&a, "%s", big));
	cr_assert_eq(a.used, 0);
	cr_assert_str_eq(arena_printf(&a, "%s", "fits"), "fits");
	arena_free(&a);
}

Test(arena, reusable_after_free)
{
	struct arena a;

	arena_init(&a, 64);
	cr_assert_not_null(arena_alloc(&a, 64));
	cr_assert_null(arena_alloc(&a, 1));
	arena_free(&a);
	cr_assert_null(a.head);
	cr_assert_eq(a.used, 0);
	cr_assert_not_null(arena_alloc(&a, 64), "free gives the whole cap back");
	arena_free(&a);
	arena_free(&a);   /* freeing an empty arena is harmless */
}
