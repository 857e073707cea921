/* Unit tests: the thread queue and the wakeup fd. */

#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/queue.h"
#include "core/wakeup.h"
#include "core/xmalloc.h"

#define PRODUCERS	4
#define PER_PRODUCER	5000

struct producer {
	struct queue	*q;
	int		 base;
};

static int
fd_readable(int fd)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

static void
test_fifo_order(void **state)
{
	struct queue	*q = queue_new(NULL);
	int		 v[3] = { 1, 2, 3 };

	(void)state;
	assert_null(queue_pop(q));
	for (int i = 0; i < 3; i++)
		queue_push(q, &v[i]);
	assert_int_equal(queue_length(q), 3);
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(queue_pop(q), &v[i]);
	assert_null(queue_pop(q));
	queue_free(&q, NULL);
	assert_null(q);
}

static void
test_wakeup_signals_and_drains(void **state)
{
	struct wakeup	*w = wakeup_new();
	struct queue	*q = queue_new(w);
	int		 v = 7;

	(void)state;
	assert_false(fd_readable(wakeup_fd(w)));
	queue_push(q, &v);
	queue_push(q, &v);
	assert_true(fd_readable(wakeup_fd(w)));
	wakeup_drain(w);
	assert_false(fd_readable(wakeup_fd(w)));
	assert_int_equal(queue_length(q), 2);
	queue_free(&q, NULL);
	wakeup_free(&w);
}

static void
free_int(void *p)
{
	free(p);
}

static void
test_free_releases_items(void **state)
{
	struct queue	*q = queue_new(NULL);

	(void)state;
	for (int i = 0; i < 10; i++)
		queue_push(q, xmalloc(16));
	/* ASan reports a leak if queue_free does not free the items. */
	queue_free(&q, free_int);
}

static void *
producer_main(void *arg)
{
	struct producer	*p = arg;

	for (int i = 0; i < PER_PRODUCER; i++) {
		int	*v = xmalloc(sizeof *v);

		*v = p->base + i;
		queue_push(p->q, v);
	}
	return NULL;
}

/* Items from several threads all arrive once, each thread's in order. */
static void
test_many_producers(void **state)
{
	struct queue	*q = queue_new(NULL);
	struct producer	 p[PRODUCERS];
	pthread_t	 t[PRODUCERS];
	int		 last[PRODUCERS];
	int		*v;
	size_t		 seen = 0;

	(void)state;
	for (int i = 0; i < PRODUCERS; i++) {
		p[i].q = q;
		p[i].base = i * PER_PRODUCER;
		last[i] = -1;
		assert_int_equal(pthread_create(&t[i], NULL, producer_main,
		    &p[i]), 0);
	}
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(t[i], NULL);
	queue_close(q);
	for (v = queue_pop_wait(q); v != NULL; v = queue_pop_wait(q)) {
		int	who = *v / PER_PRODUCER;

		assert_true(*v % PER_PRODUCER > last[who]);
		last[who] = *v % PER_PRODUCER;
		seen++;
		free(v);
	}
	assert_int_equal(seen, PRODUCERS * PER_PRODUCER);
	queue_free(&q, NULL);
}

static void *
waiter_main(void *arg)
{
	return queue_pop_wait(arg);
}

/* A closed empty queue releases a blocked waiter with NULL. */
static void
test_close_wakes_waiter(void **state)
{
	struct queue	*q = queue_new(NULL);
	pthread_t	 t;
	void		*ret = q;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, waiter_main, q), 0);
	queue_close(q);
	pthread_join(t, &ret);
	assert_null(ret);
	queue_free(&q, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_order),
		cmocka_unit_test(test_wakeup_signals_and_drains),
		cmocka_unit_test(test_free_releases_items),
		cmocka_unit_test(test_many_producers),
		cmocka_unit_test(test_close_wakes_waiter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
