/*
 * String-keyed hash maps and sets (see core/hashmap.h).
 *
 * Walks go down from an empty slot, wrapping around.  Backward-shift
 * deletion only moves entries toward the start of their probe run, and
 * no run crosses an empty slot, so removing the entry just returned only
 * moves entries the walk has already seen into slots it has already
 * passed: nothing is missed and nothing comes twice.
 */

#include "config.h"

#include "core/hashmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

struct hashmap_slot {
	char		*key;		/* NULL when the slot is empty */
	void		*value;
	uint32_t	 hash;
	unsigned	 scope;
};

/* FNV-1a over the scope and the key, folded to 32 bits. */
static uint32_t
hashmap_hash(unsigned scope, const char *key)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < sizeof scope; i++) {
		h ^= (scope >> (i * 8)) & 0xffu;
		h *= 1099511628211ULL;
	}
	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

void
hashmap_init(struct hashmap *m)
{
	m->slots = NULL;
	m->size = m->count = 0;
}

void
hashmap_done(struct hashmap *m, void (*free_value)(void *))
{
	size_t	i;

	for (i = 0; i < m->size; i++) {
		if (m->slots[i].key == NULL)
			continue;
		free(m->slots[i].key);
		if (free_value != NULL)
			free_value(m->slots[i].value);
	}
	free(m->slots);
	hashmap_init(m);
}

size_t
hashmap_count(const struct hashmap *m)
{
	return m->count;
}

/* The slot holding (scope, key), or SIZE_MAX. */
static size_t
hashmap_find(const struct hashmap *m, unsigned scope, const char *key)
{
	const struct hashmap_slot	*sl;
	uint32_t			 h;
	size_t				 i, mask;

	if (m->count == 0 || key == NULL)
		return SIZE_MAX;
	h = hashmap_hash(scope, key);
	mask = m->size - 1;
	for (i = h & mask; m->slots[i].key != NULL; i = (i + 1) & mask) {
		sl = &m->slots[i];
		if (sl->hash == h && sl->scope == scope &&
		    strcmp(sl->key, key) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Double the table and put every entry back. */
static void
hashmap_grow(struct hashmap *m)
{
	struct hashmap_slot	*old = m->slots;
	size_t			 oldsize = m->size, i, j, mask;

	m->size = oldsize == 0 ? 16 : oldsize * 2;
	m->slots = xcalloc(m->size, sizeof *m->slots);
	mask = m->size - 1;
	for (i = 0; i < oldsize; i++) {
		if (old[i].key == NULL)
			continue;
		for (j = old[i].hash & mask; m->slots[j].key != NULL;
		    j = (j + 1) & mask)
			;
		m->slots[j] = old[i];
	}
	free(old);
}

/*
 * Store value under (scope, key).  True when the key is new; otherwise
 * *old gets the value it replaced.
 */
static bool
hashmap_insert(struct hashmap *m, unsigned scope, const char *key,
    void *value, void **old)
{
	struct hashmap_slot	*sl;
	uint32_t		 h = hashmap_hash(scope, key);
	size_t			 i, mask;

	*old = NULL;
	/* Grow first: a full table has no empty slot to end a probe. */
	if ((m->count + 1) * 4 > m->size * 3)
		hashmap_grow(m);
	mask = m->size - 1;
	for (i = h & mask; m->slots[i].key != NULL; i = (i + 1) & mask) {
		sl = &m->slots[i];
		if (sl->hash == h && sl->scope == scope &&
		    strcmp(sl->key, key) == 0) {
			*old = sl->value;
			sl->value = value;
			return false;
		}
	}
	sl = &m->slots[i];
	sl->key = xstrdup(key);
	sl->value = value;
	sl->hash = h;
	sl->scope = scope;
	m->count++;
	return true;
}

/*
 * Empty slot i and return its value.  Later slots of the probe run move
 * back so that lookups never need tombstones.
 */
static void *
hashmap_take(struct hashmap *m, size_t i)
{
	void	*value;
	size_t	 j, home, mask;

	value = m->slots[i].value;
	free(m->slots[i].key);
	m->slots[i].key = NULL;
	m->count--;

	mask = m->size - 1;
	for (j = (i + 1) & mask; m->slots[j].key != NULL; j = (j + 1) & mask) {
		home = m->slots[j].hash & mask;
		/* Leave it when its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		m->slots[i] = m->slots[j];
		m->slots[j].key = NULL;
		i = j;
	}
	return value;
}

void *
hashmap_get_scoped(const struct hashmap *m, unsigned scope, const char *key)
{
	size_t	i = hashmap_find(m, scope, key);

	if (i == SIZE_MAX)
		return NULL;
	return m->slots[i].value;
}

bool
hashmap_has_scoped(const struct hashmap *m, unsigned scope, const char *key)
{
	return hashmap_find(m, scope, key) != SIZE_MAX;
}

void *
hashmap_put_scoped(struct hashmap *m, unsigned scope, const char *key,
    void *value)
{
	void	*old;

	hashmap_insert(m, scope, key, value, &old);
	return old;
}

void *
hashmap_remove_scoped(struct hashmap *m, unsigned scope, const char *key)
{
	size_t	i = hashmap_find(m, scope, key);

	if (i == SIZE_MAX)
		return NULL;
	return hashmap_take(m, i);
}

void *
hashmap_get(const struct hashmap *m, const char *key)
{
	return hashmap_get_scoped(m, 0, key);
}

bool
hashmap_has(const struct hashmap *m, const char *key)
{
	return hashmap_has_scoped(m, 0, key);
}

void *
hashmap_put(struct hashmap *m, const char *key, void *value)
{
	return hashmap_put_scoped(m, 0, key, value);
}

void *
hashmap_remove(struct hashmap *m, const char *key)
{
	return hashmap_remove_scoped(m, 0, key);
}

void
hashmap_iter_init(const struct hashmap *m, struct hashmap_iter *it)
{
	size_t	i;

	it->pos = it->left = 0;
	it->last = SIZE_MAX;
	if (m->count == 0)
		return;
	/* At most three quarters full, so there is an empty slot. */
	for (i = 0; m->slots[i].key != NULL; i++)
		;
	it->pos = i;
	it->left = m->size;
}

bool
hashmap_next(const struct hashmap *m, struct hashmap_iter *it,
    struct hashmap_entry *out)
{
	const struct hashmap_slot	*sl;
	size_t				 i;

	while (it->left > 0) {
		i = it->pos;
		it->pos = (it->pos - 1) & (m->size - 1);
		it->left--;
		sl = &m->slots[i];
		if (sl->key == NULL)
			continue;
		it->last = i;
		out->scope = sl->scope;
		out->key = sl->key;
		out->value = sl->value;
		return true;
	}
	it->last = SIZE_MAX;
	return false;
}

void *
hashmap_iter_remove(struct hashmap *m, struct hashmap_iter *it)
{
	size_t	i = it->last;

	if (i == SIZE_MAX || m->slots[i].key == NULL)
		return NULL;
	it->last = SIZE_MAX;
	return hashmap_take(m, i);
}

void
hashset_init(struct hashset *s)
{
	hashmap_init(&s->map);
}

void
hashset_done(struct hashset *s)
{
	hashmap_done(&s->map, NULL);
}

size_t
hashset_count(const struct hashset *s)
{
	return s->map.count;
}

bool
hashset_add(struct hashset *s, const char *key)
{
	void	*old;

	return hashmap_insert(&s->map, 0, key, NULL, &old);
}

bool
hashset_has(const struct hashset *s, const char *key)
{
	return hashmap_find(&s->map, 0, key) != SIZE_MAX;
}

bool
hashset_remove(struct hashset *s, const char *key)
{
	size_t	i = hashmap_find(&s->map, 0, key);

	if (i == SIZE_MAX)
		return false;
	hashmap_take(&s->map, i);
	return true;
}
