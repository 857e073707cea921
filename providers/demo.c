/*
 * The demo provider (tix --demo): simulated help desks built in memory
 * by demo_data.c, answered with a platform's latency, and kept alive by
 * the rest of the support team (new tickets, customer replies, other
 * agents' changes).  No network, no files.
 *
 * This file is the provider glue: it reads the environment, sleeps the
 * simulated latency in short slices so that a cancel is honoured at
 * once, lets due activity happen on the clock, then hands the call to
 * the simulated desk.
 *
 * Environment, read once in open() (for tests; see tix(1)):
 *	TIX_DEMO_LATENCY_MS=MIN,MAX	latency of each request in
 *					milliseconds (default 50,300;
 *					"0,0" answers at once)
 *	TIX_DEMO_WRITE_MS=MIN,MAX	latency of a write instead (default:
 *					as any request; tests hold writes
 *					in flight with it)
 *	TIX_DEMO_ACTIVITY_S=MIN,MAX	seconds between live events
 *					(default 10,20; "0" turns the
 *					activity off)
 * A single number N means N,N.  Bad values are ignored.
 */

#include "config.h"

#include "providers/registry.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/log.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"
#include "providers/demo_data.h"

#define DEMO_LATENCY_MIN	50	/* milliseconds */
#define DEMO_LATENCY_MAX	300
#define DEMO_LATENCY_CAP	60000
#define DEMO_ACTIVITY_CAP	86400
#define DEMO_SLICE_MS		10	/* how often a wait checks cancel */

/*
 * The accounts of tix --demo, which this provider brings itself; each
 * desk grows from its seed, the account's place here counted from 1.
 */
static const char *const demo_accounts[] = {
	"acme", "globex", "initech", NULL
};

/* One demo account: its seed, its desk and its latency. */
struct demo_account {
	unsigned		 seed;
	struct demo_state	*data;
	int			 latency_min;
	int			 latency_max;
	int			 write_min;	/* a write's latency */
	int			 write_max;
	uint64_t		 latency_rng;
};

static unsigned		 demo_seed(const struct account *);
static int		 demo_env_number(const char *, const char **, int,
			    long *);
static void		 demo_env_range(const char *, int, int *, int *);
static int64_t		 demo_now(void);
static enum tix_err	 demo_wait(struct account *, bool, char **);
static enum tix_err	 demo_begin(struct account *, bool, struct demo_state **,
			    char **);
static enum tix_err	 demo_open(struct account *, char **);
static enum tix_err	 demo_list(struct account *, enum tix_kind,
			    const struct query *, struct page *, char **);
static enum tix_err	 demo_get(struct account *, enum tix_kind,
			    const char *, struct record **, char **);
static enum tix_err	 demo_create(struct account *, const struct record *,
			    struct record **, bool *, char **);
static enum tix_err	 demo_update(struct account *, const char *,
			    const struct patch *, struct record **, bool *,
			    char **);
static void		 demo_close(struct account *);

const struct tix_provider_ops provider_demo = {
	.name = "demo",
	.title = "Demo help desk",
	.caps = TIX_CAP_ALL,
	.builtin_accounts = demo_accounts,
	.open = demo_open,
	.list = demo_list,
	.get = demo_get,
	.create = demo_create,
	.update = demo_update,
	.close = demo_close,
};

/*
 * The seed of an account's desk: a built-in account's place in
 * demo_accounts, a configured one's place in the session (from 1), so
 * that each desk differs and stays the same from run to run.
 */
static unsigned
demo_seed(const struct account *a)
{
	if (a->config != NULL || a->name == NULL)
		return a->index + 1;
	for (size_t i = 0; demo_accounts[i] != NULL; i++) {
		if (strcmp(demo_accounts[i], a->name) == 0)
			return (unsigned)i + 1;
	}
	return a->index + 1;
}

/* Read a number in [0, cap] at s; *end gets where it stopped.  0 or -1. */
static int
demo_env_number(const char *s, const char **end, int cap, long *out)
{
	char	*ep;
	long	 v;

	if (*s < '0' || *s > '9')	/* no sign, no space */
		return -1;
	errno = 0;
	v = strtol(s, &ep, 10);
	if (errno != 0 || ep == s || v < 0 || v > cap)
		return -1;
	*end = ep;
	*out = v;
	return 0;
}

/*
 * Read "MIN,MAX" or "N" from the environment variable name into *min and
 * *max; leave them alone when it is unset or malformed.
 */
static void
demo_env_range(const char *name, int cap, int *min, int *max)
{
	const char	*s, *end;
	long		 lo, hi;

	s = getenv(name);
	if (s == NULL)
		return;
	if (demo_env_number(s, &end, cap, &lo) != 0)
		goto bad;
	if (*end == '\0')
		hi = lo;
	else if (*end != ',' ||
	    demo_env_number(end + 1, &end, cap, &hi) != 0 || *end != '\0')
		goto bad;
	if (lo > hi)
		goto bad;
	*min = (int)lo;
	*max = (int)hi;
	return;

bad:
	log_debug("demo: ignoring bad %s", name);
}

/* Wall-clock seconds: the desks' times are real times. */
static int64_t
demo_now(void)
{
	return (int64_t)time(NULL);
}

/*
 * Sleep the simulated latency of one request, in short slices so that a
 * cancel ends it within DEMO_SLICE_MS.
 */
static enum tix_err
demo_wait(struct account *a, bool write, char **cause)
{
	struct demo_account	*da = a->priv;
	struct timespec		 now, deadline, slice;
	int64_t			 left_ns;
	uint64_t		 ms;

	ms = demo_rand_range(&da->latency_rng, (uint64_t)(write ?
	    da->write_min : da->latency_min), (uint64_t)(write ?
	    da->write_max : da->latency_max));
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)(ms / 1000);
	deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (;;) {
		if (atomic_load(&a->cancel))
			return tix_fail(cause, TIX_ERR_CANCELLED, "cancelled");
		clock_gettime(CLOCK_MONOTONIC, &now);
		left_ns = ((int64_t)deadline.tv_sec - (int64_t)now.tv_sec) *
		    1000000000LL + (deadline.tv_nsec - now.tv_nsec);
		if (left_ns <= 0)
			return TIX_OK;
		if (left_ns > DEMO_SLICE_MS * 1000000LL)
			left_ns = DEMO_SLICE_MS * 1000000LL;
		slice.tv_sec = 0;
		slice.tv_nsec = (long)left_ns;
		nanosleep(&slice, NULL);
	}
}

/* What every slot does first: wait, then let due activity happen. */
static enum tix_err
demo_begin(struct account *a, bool write, struct demo_state **dsp,
    char **cause)
{
	struct demo_account	*da = a->priv;
	enum tix_err		 err;
	enum demo_event		 ev;

	if (da == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "demo not open");
	err = demo_wait(a, write, cause);
	if (err != TIX_OK)
		return err;
	ev = demo_data_tick(da->data, demo_now());
	if (ev != DEMO_EVENT_NONE)
		log_debug("demo %s: activity %d", a->name, (int)ev);
	*dsp = da->data;
	return TIX_OK;
}

/* Build the account's desk from its seed, then answer like a login. */
static enum tix_err
demo_open(struct account *a, char **cause)
{
	struct demo_account	*da;
	int			 act_min = DEMO_ACTIVITY_MIN;
	int			 act_max = DEMO_ACTIVITY_MAX;
	int64_t			 now;

	demo_close(a);		/* a retry after a failed open */
	da = xcalloc(1, sizeof *da);
	da->seed = demo_seed(a);
	da->latency_min = DEMO_LATENCY_MIN;
	da->latency_max = DEMO_LATENCY_MAX;
	demo_env_range("TIX_DEMO_LATENCY_MS", DEMO_LATENCY_CAP,
	    &da->latency_min, &da->latency_max);
	da->write_min = da->latency_min;
	da->write_max = da->latency_max;
	demo_env_range("TIX_DEMO_WRITE_MS", DEMO_LATENCY_CAP, &da->write_min,
	    &da->write_max);
	demo_env_range("TIX_DEMO_ACTIVITY_S", DEMO_ACTIVITY_CAP, &act_min,
	    &act_max);
	da->latency_rng = (uint64_t)da->seed ^ 0x6c6174656e6379ULL;

	now = demo_now();
	da->data = demo_data_new(a->index, a->name != NULL ? a->name : "demo",
	    da->seed, now);
	demo_data_set_activity(da->data, act_min, act_max, now);
	a->priv = da;
	log_debug("demo %s: open, %s desk, seed %u", a->name,
	    demo_data_flavour(da->data), da->seed);
	return demo_wait(a, false, cause);
}

/* List a page of records from the desk. */
static enum tix_err
demo_list(struct account *a, enum tix_kind kind, const struct query *q,
    struct page *out, char **cause)
{
	struct demo_state	*ds;
	enum tix_err		 err;

	err = demo_begin(a, false, &ds, cause);
	if (err != TIX_OK)
		return err;
	return demo_data_list(ds, kind, q, out, cause);
}

/* Fetch one record from the desk. */
static enum tix_err
demo_get(struct account *a, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	struct demo_state	*ds;
	enum tix_err		 err;

	err = demo_begin(a, false, &ds, cause);
	if (err != TIX_OK)
		return err;
	return demo_data_get(ds, kind, id, out, cause);
}

/* Add a note as the user; the demo never fails after storing it. */
static enum tix_err
demo_create(struct account *a, const struct record *in, struct record **out,
    bool *maybe_sent, char **cause)
{
	struct demo_state	*ds;
	enum tix_err		 err;

	*maybe_sent = false;
	err = demo_begin(a, true, &ds, cause);
	if (err != TIX_OK)
		return err;
	return demo_data_create(ds, in, demo_now(), out, cause);
}

/* Change a ticket as the user. */
static enum tix_err
demo_update(struct account *a, const char *id, const struct patch *p,
    struct record **out, bool *maybe_sent, char **cause)
{
	struct demo_state	*ds;
	enum tix_err		 err;

	*maybe_sent = false;
	err = demo_begin(a, true, &ds, cause);
	if (err != TIX_OK)
		return err;
	return demo_data_update(ds, id, p, demo_now(), out, cause);
}

/* Drop the desk; the next open() builds it afresh. */
static void
demo_close(struct account *a)
{
	struct demo_account	*da = a->priv;

	if (da == NULL)
		return;
	demo_data_free(&da->data);
	free(da);
	a->priv = NULL;
}
