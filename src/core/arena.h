/*
 * arena.h — a bump allocator for request-scoped memory.
 *
 * Everything a request allocates comes from its arena and is released at once
 * when the request ends; nothing from an arena is freed on its own.  The arena
 * has a hard cap (LIMIT_ARENA_BYTES by default): past it arena_alloc returns
 * NULL, and callers turn that into a 500 (or 413 where the input is to blame).
 */
#ifndef ADUANA_ARENA_H
#define ADUANA_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;   /* bytes handed out, all blocks */
	size_t max;    /* cap on used */
};

void  arena_init(struct arena *a, size_t max);
/* Returns zeroed, 16-byte aligned memory owned by the arena, or NULL past the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies s[0..n) and appends a NUL; NULL past the cap. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Formats like snprintf into arena memory; NULL past the cap. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every block; the arena may be used again after arena_init. */
void  arena_free(struct arena *a);

#endif
