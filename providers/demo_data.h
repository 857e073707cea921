/*
 * The demo provider's simulated help desk: one per demo account, built
 * deterministically from the account's seed and the clock at open().
 *
 * A state holds every record of one account (the "server side") and
 * answers list/get/create/update/remove the way a platform would.  It
 * also plays the rest of the support team: demo_data_tick() applies the
 * live activity that is due (a new ticket, a customer reply, another
 * agent's change).  Nothing here sleeps or reads the clock: callers pass
 * "now", so tests drive it with a fixed clock.
 *
 * A state is used by one thread at a time (the account's worker).
 */
#ifndef TIX_DEMO_DATA_H
#define TIX_DEMO_DATA_H

#include <stdint.h>

#include "core/error.h"
#include "core/model.h"
#include "core/provider.h"

/*
 * Fixed tickets, the same ids in every demo account.  Each hostile subject
 * carries the word "hostile" so a filter finds it once the sanitizer has
 * stripped the rest; they are updated within the hour before open().
 */
#define DEMO_TICKET_CSI		"1001"	/* CSI clear screen and colours */
#define DEMO_TICKET_OSC		"1002"	/* OSC title set */
#define DEMO_TICKET_BADUTF8	"1003"	/* invalid UTF-8 bytes */
#define DEMO_TICKET_BIDI	"1004"	/* U+202E right-to-left override */
#define DEMO_TICKET_EMOJI	"1005"	/* emoji */
#define DEMO_TICKET_CJK		"1006"	/* CJK, double-width */
#define DEMO_TICKET_COMBINING	"1007"	/* combining marks */
#define DEMO_TICKET_LONG	"1008"	/* a subject of 300+ bytes */
/* Tagged and titled "locked": every write to it fails. */
#define DEMO_TICKET_LOCKED	"1009"
#define DEMO_LOCKED_CAUSE	"ticket is locked by another agent (demo)"
/* The first generated ticket; later ones count up from here. */
#define DEMO_TICKET_FIRST	1001

/* Default live activity interval, seconds. */
#define DEMO_ACTIVITY_MIN	10
#define DEMO_ACTIVITY_MAX	20

/* What demo_data_tick() did. */
enum demo_event {
	DEMO_EVENT_NONE,
	DEMO_EVENT_NEW_TICKET,		/* from a new or known customer */
	DEMO_EVENT_CUSTOMER_REPLY,	/* may reopen the ticket */
	DEMO_EVENT_AGENT_CHANGE,	/* priority, status, assignee, tags */
};

struct demo_state;

/* A small deterministic PRNG (splitmix64); never rand(). */
uint64_t		 demo_rand(uint64_t *state);
/* Uniform in [lo, hi] (inclusive); lo when hi <= lo. */
uint64_t		 demo_rand_range(uint64_t *state, uint64_t lo,
			    uint64_t hi);

/*
 * Build the help desk of an account: its flavour (Zendesk-like,
 * Freshdesk-like or JSM-like) comes from the seed, its records from the
 * seed and now.  name is used in ticket URLs.
 */
struct demo_state	*demo_data_new(unsigned account, const char *name,
			    unsigned seed, int64_t now);
void			 demo_data_free(struct demo_state **);
/* The flavour's title, "Zendesk-like" and so on. */
const char		*demo_data_flavour(const struct demo_state *);

/*
 * Set the live activity interval (seconds, min <= max); max 0 turns it
 * off.  The next event is due in uniform(min..max) seconds from now.
 */
void			 demo_data_set_activity(struct demo_state *,
			    int min_s, int max_s, int64_t now);
/*
 * Apply the live activity due at now (at most one event per call) and
 * schedule the next; the test hook for activity.
 */
enum demo_event		 demo_data_tick(struct demo_state *, int64_t now);

/* The provider slots, minus latency and cancellation (see demo.c). */
enum tix_err		 demo_data_list(struct demo_state *, enum tix_kind,
			    const struct query *, struct page *,
			    char **cause);
enum tix_err		 demo_data_get(struct demo_state *, enum tix_kind,
			    const char *id, struct record **, char **cause);
enum tix_err		 demo_data_create(struct demo_state *,
			    const struct record *, int64_t now,
			    struct record **, char **cause);
enum tix_err		 demo_data_update(struct demo_state *, const char *id,
			    const struct patch *, int64_t now,
			    struct record **, char **cause);
enum tix_err		 demo_data_remove(struct demo_state *, enum tix_kind,
			    const char *id, char **cause);

#endif
