/* Unit tests: core/hashmap (string maps and sets). */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/hashmap.h"
#include "core/xmalloc.h"

#define MANY	100000

static uint64_t	rng = 0x1234abcd5678ef01ULL;

/* xorshift64 with a fixed seed: every run does the same operations. */
static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/*
 * The map's hash (FNV-1a over the scope's bytes, then the key's, folded
 * to 32 bits), used here only to pick keys that land on the same slot.
 * Should the map change its hash, the tests below still check the
 * answers; they would just collide less on purpose.
 */
static uint32_t
fnv(unsigned scope, const char *key)
{
	uint64_t	h = 14695981039346656037ULL;

	for (size_t i = 0; i < sizeof scope; i++) {
		h ^= (scope >> (i * 8)) & 0xffu;
		h *= 1099511628211ULL;
	}
	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static void
test_put_get_replace_remove(void **state)
{
	struct hashmap	 m;
	int		 a = 1, b = 2, c = 3;
	char		 key[16];

	(void)state;
	hashmap_init(&m);
	assert_null(hashmap_get(&m, "x"));
	assert_false(hashmap_has(&m, "x"));
	assert_false(hashmap_has(&m, NULL));
	assert_null(hashmap_remove(&m, "x"));

	/* The map keeps its own copy of the key. */
	snprintf(key, sizeof key, "%s", "ticket-1");
	assert_null(hashmap_put(&m, key, &a));
	key[0] = 'X';
	assert_ptr_equal(hashmap_get(&m, "ticket-1"), &a);
	assert_null(hashmap_get(&m, key));

	assert_null(hashmap_put(&m, "ticket-2", &b));
	assert_int_equal(hashmap_count(&m), 2);
	/* Replacing hands back the old value and adds nothing. */
	assert_ptr_equal(hashmap_put(&m, "ticket-1", &c), &a);
	assert_int_equal(hashmap_count(&m), 2);
	assert_ptr_equal(hashmap_get(&m, "ticket-1"), &c);

	/* A NULL value is a value: has() tells it from a missing key. */
	assert_null(hashmap_put(&m, "", NULL));
	assert_true(hashmap_has(&m, ""));
	assert_null(hashmap_get(&m, ""));
	assert_int_equal(hashmap_count(&m), 3);

	assert_ptr_equal(hashmap_remove(&m, "ticket-1"), &c);
	assert_false(hashmap_has(&m, "ticket-1"));
	assert_null(hashmap_remove(&m, "ticket-1"));
	assert_ptr_equal(hashmap_get(&m, "ticket-2"), &b);
	assert_int_equal(hashmap_count(&m), 2);

	hashmap_done(&m, NULL);
	assert_int_equal(hashmap_count(&m), 0);
	assert_false(hashmap_has(&m, "ticket-2"));
	/* Usable again after done. */
	assert_null(hashmap_put(&m, "again", &a));
	assert_ptr_equal(hashmap_get(&m, "again"), &a);
	hashmap_done(&m, NULL);
}

/* (scope, key) pairs: the same id in two accounts is two entries. */
static void
test_scopes(void **state)
{
	struct hashmap	 m;
	int		 a = 1, b = 2, c = 3;

	(void)state;
	hashmap_init(&m);
	hashmap_put_scoped(&m, 0, "42", &a);
	hashmap_put_scoped(&m, 1, "42", &b);
	hashmap_put_scoped(&m, 70000, "42", &c);
	assert_int_equal(hashmap_count(&m), 3);
	assert_ptr_equal(hashmap_get(&m, "42"), &a);
	assert_ptr_equal(hashmap_get_scoped(&m, 1, "42"), &b);
	assert_ptr_equal(hashmap_get_scoped(&m, 70000, "42"), &c);
	assert_false(hashmap_has_scoped(&m, 2, "42"));
	assert_ptr_equal(hashmap_remove_scoped(&m, 1, "42"), &b);
	assert_false(hashmap_has_scoped(&m, 1, "42"));
	assert_ptr_equal(hashmap_get(&m, "42"), &a);
	assert_ptr_equal(hashmap_get_scoped(&m, 70000, "42"), &c);
	hashmap_done(&m, NULL);
}

/*
 * Keys that all want the last slot of the first table (16 slots), so
 * their probe run wraps to slot 0; removing from the middle and the
 * start of the run must leave every other key findable.
 */
static void
test_collisions_wrap(void **state)
{
	struct hashmap	 m;
	char		 keys[6][16];
	size_t		 n = 0;
	int		 vals[6];

	(void)state;
	for (unsigned i = 0; n < 6; i++) {
		snprintf(keys[n], sizeof keys[n], "k%u", i);
		if ((fnv(0, keys[n]) & 15) == 15)
			n++;
	}
	hashmap_init(&m);
	for (size_t i = 0; i < n; i++) {
		vals[i] = (int)i;
		hashmap_put(&m, keys[i], &vals[i]);
	}
	/* A key homed at slot 0 sits after the wrapped run. */
	for (unsigned i = 0; ; i++) {
		char	k[16];

		snprintf(k, sizeof k, "z%u", i);
		if ((fnv(0, k) & 15) != 0)
			continue;
		hashmap_put(&m, k, NULL);
		assert_true(hashmap_has(&m, k));
		for (size_t j = 0; j < n; j++)
			assert_ptr_equal(hashmap_get(&m, keys[j]), &vals[j]);
		assert_ptr_equal(hashmap_remove(&m, keys[2]), &vals[2]);
		assert_ptr_equal(hashmap_remove(&m, keys[0]), &vals[0]);
		assert_true(hashmap_has(&m, k));
		break;
	}
	assert_false(hashmap_has(&m, keys[0]));
	assert_false(hashmap_has(&m, keys[2]));
	for (size_t j = 1; j < n; j++) {
		if (j != 2)
			assert_ptr_equal(hashmap_get(&m, keys[j]), &vals[j]);
	}
	assert_int_equal(hashmap_count(&m), n - 2 + 1);
	hashmap_done(&m, NULL);
}

/*
 * Random puts and removes over a small key space, checked after every
 * step against a plain array: collisions, wrapped runs and shifts on
 * removal all happen many times over.
 */
static void
test_random_against_model(void **state)
{
	enum { KEYS = 200, STEPS = 20000 };
	struct hashmap	 m;
	int		*model[KEYS] = { NULL };
	int		 vals[KEYS];
	char		 key[16];
	size_t		 count = 0;

	(void)state;
	hashmap_init(&m);
	for (int step = 0; step < STEPS; step++) {
		unsigned	k = rnd() % KEYS;

		snprintf(key, sizeof key, "id-%u", k);
		if (rnd() % 3 != 0) {
			vals[k] = step;
			assert_ptr_equal(hashmap_put(&m, key, &vals[k]),
			    model[k]);
			if (model[k] == NULL)
				count++;
			model[k] = &vals[k];
		} else {
			assert_ptr_equal(hashmap_remove(&m, key), model[k]);
			if (model[k] != NULL)
				count--;
			model[k] = NULL;
		}
		assert_int_equal(hashmap_count(&m), count);
		if (step % 97 != 0)
			continue;
		for (unsigned i = 0; i < KEYS; i++) {
			snprintf(key, sizeof key, "id-%u", i);
			assert_ptr_equal(hashmap_get(&m, key), model[i]);
			assert_true(hashmap_has(&m, key) == (model[i] != NULL));
		}
	}
	hashmap_done(&m, NULL);
}

/* Growth from empty to MANY keys, then half of them removed. */
static void
test_many_keys(void **state)
{
	struct hashmap	 m;
	char		 key[24];
	uintptr_t	 i;

	(void)state;
	hashmap_init(&m);
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof key, "%lu", (unsigned long)i);
		assert_null(hashmap_put_scoped(&m, (unsigned)(i % 3), key,
		    (void *)(i + 1)));
	}
	assert_int_equal(hashmap_count(&m), MANY);
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof key, "%lu", (unsigned long)i);
		assert_ptr_equal(hashmap_get_scoped(&m, (unsigned)(i % 3),
		    key), (void *)(i + 1));
		assert_false(hashmap_has_scoped(&m, (unsigned)((i + 1) % 3),
		    key));
	}
	for (i = 0; i < MANY; i += 2) {
		snprintf(key, sizeof key, "%lu", (unsigned long)i);
		assert_ptr_equal(hashmap_remove_scoped(&m, (unsigned)(i % 3),
		    key), (void *)(i + 1));
	}
	assert_int_equal(hashmap_count(&m), MANY / 2);
	for (i = 0; i < MANY; i++) {
		snprintf(key, sizeof key, "%lu", (unsigned long)i);
		assert_ptr_equal(hashmap_get_scoped(&m, (unsigned)(i % 3),
		    key), i % 2 == 0 ? NULL : (void *)(i + 1));
	}
	hashmap_done(&m, NULL);
}

/* Fill a map with keys "0".."n-1", value i + 1 as a pointer. */
static void
fill(struct hashmap *m, size_t n)
{
	char	key[24];

	hashmap_init(m);
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "%zu", i);
		hashmap_put(m, key, (void *)(uintptr_t)(i + 1));
	}
}

/* A walk sees every entry once, with its key, value and scope. */
static void
test_iterate(void **state)
{
	struct hashmap		 m;
	struct hashmap_iter	 it;
	struct hashmap_entry	 e;
	unsigned char		 seen[1000] = { 0 };
	char			 key[24];
	size_t			 n = 0, i;

	(void)state;
	hashmap_init(&m);
	hashmap_iter_init(&m, &it);
	assert_false(hashmap_next(&m, &it, &e));
	assert_null(hashmap_iter_remove(&m, &it));

	fill(&m, 1000);
	hashmap_iter_init(&m, &it);
	while (hashmap_next(&m, &it, &e)) {
		i = (size_t)(uintptr_t)e.value - 1;
		assert_in_range(i, 0, 999);
		snprintf(key, sizeof key, "%zu", i);
		assert_string_equal(e.key, key);
		assert_int_equal(e.scope, 0);
		assert_int_equal(seen[i], 0);
		seen[i] = 1;
		n++;
	}
	assert_int_equal(n, 1000);
	/* The walk is over: nothing to remove. */
	assert_null(hashmap_iter_remove(&m, &it));
	assert_int_equal(hashmap_count(&m), 1000);
	hashmap_done(&m, NULL);
}

/*
 * Removing the entry just returned, for a random half of them: every
 * entry is still seen exactly once, and exactly the others remain.
 */
static void
test_iterate_remove(void **state)
{
	enum { N = 5000 };
	struct hashmap		 m;
	struct hashmap_iter	 it;
	struct hashmap_entry	 e;
	static unsigned char	 seen[N], gone[N];
	char			 key[24];
	size_t			 n = 0, removed = 0, i;
	void			*v;

	(void)state;
	for (int round = 0; round < 3; round++) {
		memset(seen, 0, sizeof seen);
		memset(gone, 0, sizeof gone);
		n = removed = 0;
		fill(&m, N);
		hashmap_iter_init(&m, &it);
		while (hashmap_next(&m, &it, &e)) {
			i = (size_t)(uintptr_t)e.value - 1;
			assert_in_range(i, 0, N - 1);
			snprintf(key, sizeof key, "%zu", i);
			assert_string_equal(e.key, key);
			assert_int_equal(seen[i], 0);
			seen[i] = 1;
			n++;
			/* Round 2 removes everything. */
			if (round == 2 || rnd() % 2 == 0) {
				v = hashmap_iter_remove(&m, &it);
				assert_ptr_equal(v,
				    (void *)(uintptr_t)(i + 1));
				/* Only once per entry. */
				assert_null(hashmap_iter_remove(&m, &it));
				gone[i] = 1;
				removed++;
			}
		}
		assert_int_equal(n, N);
		assert_int_equal(hashmap_count(&m), N - removed);
		for (i = 0; i < N; i++) {
			snprintf(key, sizeof key, "%zu", i);
			assert_true(hashmap_has(&m, key) == !gone[i]);
		}
		hashmap_done(&m, NULL);
	}
	assert_int_equal(removed, N);
}

static int	freed;

static void
count_free(void *v)
{
	freed++;
	free(v);
}

/* done() hands every value to the free function, once. */
static void
test_done_frees_values(void **state)
{
	struct hashmap	 m;
	char		 key[16];

	(void)state;
	hashmap_init(&m);
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof key, "k%d", i);
		hashmap_put(&m, key, xmalloc(8));
	}
	free(hashmap_remove(&m, "k7"));
	freed = 0;
	hashmap_done(&m, count_free);
	assert_int_equal(freed, 49);
	assert_int_equal(hashmap_count(&m), 0);
	hashmap_done(&m, count_free);
	assert_int_equal(freed, 49);
}

/* The set: known agent ids. */
static void
test_set(void **state)
{
	struct hashset		 s;
	struct hashmap_iter	 it;
	struct hashmap_entry	 e;
	char			 key[24];
	size_t			 n = 0;

	(void)state;
	hashset_init(&s);
	assert_false(hashset_has(&s, "1"));
	assert_false(hashset_has(&s, NULL));
	assert_false(hashset_remove(&s, "1"));
	assert_true(hashset_add(&s, "67013469261"));
	assert_false(hashset_add(&s, "67013469261"));
	assert_true(hashset_add(&s, "2"));
	assert_int_equal(hashset_count(&s), 2);
	assert_true(hashset_has(&s, "67013469261"));
	assert_false(hashset_has(&s, "6701346926"));
	assert_true(hashset_remove(&s, "2"));
	assert_false(hashset_remove(&s, "2"));
	assert_false(hashset_has(&s, "2"));
	assert_int_equal(hashset_count(&s), 1);

	for (int i = 0; i < 3000; i++) {
		snprintf(key, sizeof key, "agent-%d", i);
		assert_true(hashset_add(&s, key));
	}
	assert_int_equal(hashset_count(&s), 3001);
	hashmap_iter_init(&s.map, &it);
	while (hashmap_next(&s.map, &it, &e)) {
		assert_true(hashset_has(&s, e.key));
		assert_null(e.value);
		n++;
	}
	assert_int_equal(n, 3001);
	hashset_done(&s);
	assert_int_equal(hashset_count(&s), 0);
	assert_false(hashset_has(&s, "67013469261"));
	hashset_done(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_replace_remove),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_collisions_wrap),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_iterate_remove),
		cmocka_unit_test(test_done_frees_values),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
