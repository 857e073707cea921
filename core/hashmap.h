/*
 * Hash maps from strings to pointers, and sets of strings.
 *
 * A key is a string plus an unsigned scope; the plain calls use scope 0.
 * The scope lets one map hold the same id for several accounts (the
 * store keys records by (account index, id)) without building a composite
 * key string on every lookup.  The map copies keys on insert and frees
 * its copies; values are borrowed pointers the map never looks into
 * (NULL is a valid value: hashmap_has() tells a NULL value from a missing
 * key).  hashmap_done() frees the values too when given a function.
 *
 * Open addressing with linear probing, FNV-1a hashes, backward-shift
 * deletion (no tombstones); the table doubles when three quarters full.
 * Not thread-safe: a map belongs to one thread at a time.
 *
 * Walking: hashmap_iter_init(), then hashmap_next() until it returns
 * false; the order is unspecified.  During a walk the caller may replace
 * the value of any key and remove the entry just returned with
 * hashmap_iter_remove(); adding a key or removing any other key during
 * a walk is not allowed (entries may then be missed or seen twice).
 */
#ifndef TIX_HASHMAP_H
#define TIX_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>

struct hashmap_slot;

struct hashmap {
	struct hashmap_slot	*slots;
	size_t			 size;		/* a power of two, or 0 */
	size_t			 count;
};

/* One entry seen by a walk; key belongs to the map. */
struct hashmap_entry {
	unsigned	 scope;
	const char	*key;
	void		*value;
};

/* A walk's position; the fields are private. */
struct hashmap_iter {
	size_t		 pos;		/* slot to look at next */
	size_t		 left;		/* slots not looked at yet */
	size_t		 last;		/* slot hashmap_next returned */
};

/* An empty map; no allocation until the first put. */
void		 hashmap_init(struct hashmap *);
/*
 * Free the keys and the table, and every value with free_value when it
 * is not NULL.  The map is empty afterwards and can be used again.
 */
void		 hashmap_done(struct hashmap *, void (*free_value)(void *));
size_t		 hashmap_count(const struct hashmap *);

/* The value under key, or NULL when absent (or stored as NULL). */
void		*hashmap_get(const struct hashmap *, const char *key);
/* Is key there?  key may be NULL (never there). */
bool		 hashmap_has(const struct hashmap *, const char *key);
/*
 * Store value under key (copied; not NULL), replacing an earlier value.
 * Returns the value replaced, or NULL when the key is new.
 */
void		*hashmap_put(struct hashmap *, const char *key, void *value);
/* Take key out; returns its value (NULL when absent). */
void		*hashmap_remove(struct hashmap *, const char *key);

/* The same, with a scope: (scope, key) pairs are distinct keys. */
void		*hashmap_get_scoped(const struct hashmap *, unsigned scope,
		    const char *key);
bool		 hashmap_has_scoped(const struct hashmap *, unsigned scope,
		    const char *key);
void		*hashmap_put_scoped(struct hashmap *, unsigned scope,
		    const char *key, void *value);
void		*hashmap_remove_scoped(struct hashmap *, unsigned scope,
		    const char *key);

void		 hashmap_iter_init(const struct hashmap *,
		    struct hashmap_iter *);
/* The next entry into *out; false when the walk is over. */
bool		 hashmap_next(const struct hashmap *, struct hashmap_iter *,
		    struct hashmap_entry *out);
/*
 * Remove the entry hashmap_next() returned last and return its value;
 * the walk goes on with the rest.  Its key pointer is no longer valid.
 */
void		*hashmap_iter_remove(struct hashmap *, struct hashmap_iter *);

/*
 * A set of strings ("known ids"): a map whose values are unused.  Walk
 * it with hashmap_iter_init(&set.map, ...) and hashmap_next().
 */
struct hashset {
	struct hashmap	 map;
};

void		 hashset_init(struct hashset *);
/* Free every member; the set is empty and can be used again. */
void		 hashset_done(struct hashset *);
size_t		 hashset_count(const struct hashset *);
/* Add key (copied; not NULL); false when it was already there. */
bool		 hashset_add(struct hashset *, const char *key);
/* Is key a member?  key may be NULL (never a member). */
bool		 hashset_has(const struct hashset *, const char *key);
/* Take key out; false when it was not there. */
bool		 hashset_remove(struct hashset *, const char *key);

#endif
