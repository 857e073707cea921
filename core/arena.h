/*
 * A bump allocator: many small allocations that all end together, as the
 * nodes of one parsed page do.  Memory comes in chunks that double as
 * they are needed; arena_reset() keeps the largest for the next use, so
 * a worker that parses page after page stops calling malloc at all.
 * Not thread-safe: one arena, one thread at a time.
 */
#ifndef TIX_ARENA_H
#define TIX_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*chunks;	/* newest first */
	size_t			 used;		/* in the newest */
	size_t			 total;		/* bytes held */
};

void	 arena_init(struct arena *);
/* size bytes aligned for any type; never NULL (fatal when out of memory). */
void	*arena_alloc(struct arena *, size_t size);
/* Forget every allocation; keep the largest chunk for the next ones. */
void	 arena_reset(struct arena *);
/* Free everything; the arena can be used again after arena_init(). */
void	 arena_done(struct arena *);

#endif
