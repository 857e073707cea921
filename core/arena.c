/*
 * A bump allocator (see arena.h).
 */

#include "config.h"

#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/xmalloc.h"

/* The first chunk; later ones double, and one is at least the request. */
#define ARENA_FIRST	(64u * 1024)

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;		/* of data */
	alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->chunks = NULL;
	a->used = 0;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk	*c = a->chunks;
	size_t			 align = alignof(max_align_t), want;
	void			*p;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX / 2 - align)
		fatalx("arena: %zu bytes", size);
	size = (size + align - 1) & ~(align - 1);
	if (c == NULL || c->size - a->used < size) {
		want = c != NULL ? c->size * 2 : ARENA_FIRST;
		while (want < size)
			want *= 2;
		c = xmalloc(sizeof *c + want);
		c->size = want;
		c->next = a->chunks;
		a->chunks = c;
		a->used = 0;
		a->total += want;
	}
	p = c->data + a->used;
	a->used += size;
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk	*c, *next, *keep;

	/* The newest chunk is the largest: chunks only grow. */
	keep = a->chunks;
	if (keep == NULL)
		return;
	for (c = keep->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	a->chunks = keep;
	a->used = 0;
	a->total = keep->size;
}

void
arena_done(struct arena *a)
{
	struct arena_chunk	*c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}
