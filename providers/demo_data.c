/*
 * The demo help desks.  Each demo account is a small simulated platform
 * with its own flavour (statuses and priorities spelt the way Zendesk,
 * Freshdesk or a ServiceNow/JSM desk spells them), about a hundred
 * tickets with threads, forty customers (some of whom also write to the
 * other demo desks, under the same e-mail), a category tree and a team of
 * agents that includes the user.
 *
 * Everything comes from a splitmix64 stream seeded from the account seed,
 * and every time is an offset from the "now" given to demo_data_new(), so
 * the same seed and clock always build the same desk.  Live activity has
 * its own stream, so it does not disturb the data set.
 *
 * A few tickets carry hostile text on purpose (terminal escapes, invalid
 * UTF-8, bidi overrides, wide and combining characters, a very long
 * subject) to show that the sanitizer holds; see demo_data.h for their
 * ids.  One ticket refuses every write, to show that failures revert.
 */

#include "config.h"

#include "providers/demo_data.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/model.h"
#include "core/provider.h"
#include "core/xmalloc.h"

#define DEMO_NTICKETS		100	/* per account, fixed ones included */
#define DEMO_NCUSTOMERS		40
#define DEMO_NAGENTS		6
#define DEMO_PAGE		100	/* default page size */
#define DEMO_HOUR		3600
#define DEMO_DAY		86400
#define DEMO_CUSTOMER_FIRST	5001
#define DEMO_NOTE_FIRST		100001
#define DEMO_AGENT_BASE		9000

/* A platform status and how often generated tickets have it. */
struct demo_status {
	const char	*raw;
	enum tix_status	 status;
	unsigned	 weight;
};

/* How one kind of platform spells things. */
struct demo_flavour {
	const char			*title;
	const char			*url_path;	/* before the id */
	const struct demo_status	*statuses;
	size_t				 nstatuses;
	const char			*status_new;	/* a new ticket */
	const char			*status_open;	/* set ACTIVE */
	const char			*status_reply;	/* a customer wrote */
	const char			*status_waiting; /* on the customer */
	const char			*status_solved;	/* set CLOSED */
	const char			*status_final;	/* closed for good */
	const char			*priorities[TIX_PRIORITY_COUNT];
	const char			*sources[4];
};

#define DEMO_STATUS(r, s, w)	{ .raw = (r), .status = (s), .weight = (w) }

static const struct demo_status demo_zendesk_statuses[] = {
	DEMO_STATUS("new", TIX_STATUS_ACTIVE, 6),
	DEMO_STATUS("open", TIX_STATUS_ACTIVE, 30),
	DEMO_STATUS("pending", TIX_STATUS_ACTIVE, 14),
	DEMO_STATUS("hold", TIX_STATUS_ACTIVE, 5),
	DEMO_STATUS("solved", TIX_STATUS_CLOSED, 25),
	DEMO_STATUS("closed", TIX_STATUS_CLOSED, 10),
};

static const struct demo_status demo_freshdesk_statuses[] = {
	DEMO_STATUS("Open", TIX_STATUS_ACTIVE, 40),
	DEMO_STATUS("Pending", TIX_STATUS_ACTIVE, 20),
	DEMO_STATUS("Resolved", TIX_STATUS_CLOSED, 25),
	DEMO_STATUS("Closed", TIX_STATUS_CLOSED, 15),
};

static const struct demo_status demo_jsm_statuses[] = {
	DEMO_STATUS("Waiting for support", TIX_STATUS_ACTIVE, 30),
	DEMO_STATUS("In progress", TIX_STATUS_ACTIVE, 20),
	DEMO_STATUS("Waiting for customer", TIX_STATUS_ACTIVE, 15),
	DEMO_STATUS("Pending", TIX_STATUS_ACTIVE, 5),
	DEMO_STATUS("Resolved", TIX_STATUS_CLOSED, 20),
	DEMO_STATUS("Closed", TIX_STATUS_CLOSED, 10),
};

#define DEMO_NITEMS(a) (sizeof (a) / sizeof (a)[0])

/*
 * Zendesk lets a ticket have no priority; Freshdesk and JSM always have
 * one, so their NONE slot is NULL (refused on update).
 */
static const struct demo_flavour demo_flavours[] = {
	{
		.title = "Zendesk-like",
		.url_path = "/agent/tickets/",
		.statuses = demo_zendesk_statuses,
		.nstatuses = DEMO_NITEMS(demo_zendesk_statuses),
		.status_new = "new",
		.status_open = "open",
		.status_reply = "open",
		.status_waiting = "pending",
		.status_solved = "solved",
		.status_final = "closed",
		.priorities = { "", "low", "normal", "high", "urgent" },
		.sources = { "email", "web", "api", "chat" },
	},
	{
		.title = "Freshdesk-like",
		.url_path = "/a/tickets/",
		.statuses = demo_freshdesk_statuses,
		.nstatuses = DEMO_NITEMS(demo_freshdesk_statuses),
		.status_new = "Open",
		.status_open = "Open",
		.status_reply = "Open",
		.status_waiting = "Pending",
		.status_solved = "Resolved",
		.status_final = "Closed",
		.priorities = { NULL, "Low", "Medium", "High", "Urgent" },
		.sources = { "email", "portal", "phone", "chat" },
	},
	{
		.title = "ServiceNow/JSM-like",
		.url_path = "/servicedesk/customer/portal/1/IT-",
		.statuses = demo_jsm_statuses,
		.nstatuses = DEMO_NITEMS(demo_jsm_statuses),
		.status_new = "Waiting for support",
		.status_open = "In progress",
		.status_reply = "Waiting for support",
		.status_waiting = "Waiting for customer",
		.status_solved = "Resolved",
		.status_final = "Closed",
		.priorities = { NULL, "Low", "Medium", "High", "Highest" },
		.sources = { "email", "portal", "jira", "email" },
	},
};

/* The category tree, with what customers write about in each. */
struct demo_category {
	const char	*id;
	const char	*name;
	const char	*description;
	const char	*parent_id;
	bool		 is_active;
	const char	*tag;
	const char	*subjects[3];
	const char	*fix;		/* an agent's answer */
};

static const struct demo_category demo_categories[] = {
	{
		.id = "301",
		.name = "Billing",
		.description = "Payments, plans and charges",
		.parent_id = NULL,
		.is_active = true,
		.tag = "billing",
		.subjects = {
		    "Charged twice this month",
		    "Card declined on renewal",
		    "Can we switch to annual billing?",
		},
		.fix = "I checked your billing history and removed the "
		    "duplicate charge.",
	},
	{
		.id = "302",
		.name = "Refunds",
		.description = "Money back for orders and subscriptions",
		.parent_id = "301",
		.is_active = true,
		.tag = "refund",
		.subjects = {
		    "Refund not received yet",
		    "Requesting a refund for a cancelled order",
		    "Partial refund was the wrong amount",
		},
		.fix = "I issued the refund today; it usually shows on your "
		    "statement within 5 to 7 business days.",
	},
	{
		.id = "303",
		.name = "Chargebacks",
		.description = "Disputes opened through a bank",
		.parent_id = "302",
		.is_active = true,
		.tag = "billing",
		.subjects = {
		    "Our bank opened a chargeback by mistake",
		    "Dispute notice for a payment I made",
		    "How do I withdraw a chargeback?",
		},
		.fix = "We received the notice from your bank and paused the "
		    "dispute on our side.",
	},
	{
		.id = "304",
		.name = "Invoices",
		.description = "Invoice copies, VAT numbers and addresses",
		.parent_id = "301",
		.is_active = true,
		.tag = "billing",
		.subjects = {
		    "Invoice shows the wrong VAT number",
		    "Need a copy of last month's invoice",
		    "Company address on invoices is outdated",
		},
		.fix = "I attached a corrected invoice with your VAT number.",
	},
	{
		.id = "305",
		.name = "Technical",
		.description = "Problems using the product",
		.parent_id = NULL,
		.is_active = true,
		.tag = "bug",
		.subjects = {
		    "App crashes on startup",
		    "Export to CSV is missing columns",
		    "Notifications stopped arriving",
		},
		.fix = "Our engineers reproduced the problem and a fix is on "
		    "its way.",
	},
	{
		.id = "306",
		.name = "Login",
		.description = "Sign-in, passwords and two-factor",
		.parent_id = "305",
		.is_active = true,
		.tag = "login",
		.subjects = {
		    "Can't sign in after password reset",
		    "Two-factor codes are not accepted",
		    "Sign-in link expired immediately",
		},
		.fix = "I reset the two-factor setup on your account, so you "
		    "can enrol a new device at the next sign-in.",
	},
	{
		.id = "307",
		.name = "API",
		.description = "Integrations, webhooks and tokens",
		.parent_id = "305",
		.is_active = true,
		.tag = "api",
		.subjects = {
		    "API returns 500 on the orders endpoint",
		    "Webhook deliveries failing",
		    "OAuth token expires too early",
		},
		.fix = "The errors came from a faulty deploy on our side, "
		    "which has been rolled back.",
	},
	{
		.id = "308",
		.name = "Performance",
		.description = "Slow pages and timeouts",
		.parent_id = "305",
		.is_active = true,
		.tag = "bug",
		.subjects = {
		    "Dashboard takes a minute to load",
		    "Report export times out",
		    "Search is very slow today",
		},
		.fix = "We added capacity to the reporting cluster; exports "
		    "should finish within a minute now.",
	},
	{
		.id = "309",
		.name = "Shipping",
		.description = "Deliveries and tracking",
		.parent_id = NULL,
		.is_active = true,
		.tag = "shipping",
		.subjects = {
		    "Order has not arrived",
		    "Tracking number doesn't work",
		    "Parcel delivered to the wrong address",
		},
		.fix = "The carrier confirms the parcel is at the local depot "
		    "and will be delivered tomorrow.",
	},
	{
		.id = "310",
		.name = "Returns",
		.description = "Returns and exchanges",
		.parent_id = "309",
		.is_active = true,
		.tag = "shipping",
		.subjects = {
		    "How do I return a damaged item?",
		    "Return label never arrived",
		    "Exchange for a different size",
		},
		.fix = "I e-mailed you a prepaid return label; please drop "
		    "the parcel at any post office.",
	},
	{
		.id = "311",
		.name = "Account",
		.description = "Profile, users and data requests",
		.parent_id = NULL,
		.is_active = true,
		.tag = "account",
		.subjects = {
		    "Please change the e-mail on my account",
		    "Delete my account and data",
		    "Add a second admin user",
		},
		.fix = "I updated your account; you will get a confirmation "
		    "e-mail shortly.",
	},
	{
		.id = "312",
		.name = "Legacy plans",
		.description = "Retired: plans sold before 2020",
		.parent_id = NULL,
		.is_active = false,
		.tag = "legacy",
		.subjects = {
		    "Question about my old plan",
		    "Old plan features missing",
		    "Grandfathered price changed",
		},
		.fix = "Your old plan is retired, but I moved you to the "
		    "matching current plan at the same price.",
	},
};
#define DEMO_NCATEGORIES DEMO_NITEMS(demo_categories)

/* People who write to several demo desks under one address. */
struct demo_person {
	const char	*name;
	const char	*email;
	const char	*home;		/* a second address, or NULL */
};

#define DEMO_PERSON(n, e, h)	{ .name = (n), .email = (e), .home = (h) }

static const struct demo_person demo_shared[] = {
	DEMO_PERSON("Ana Silva", "ana.silva@example.com", "ana.s@home.example"),
	DEMO_PERSON("Ben Okafor", "ben.okafor@example.org", NULL),
	DEMO_PERSON("Chloé Martin", "chloe.martin@example.net", NULL),
	DEMO_PERSON("Dmitri Volkov", "d.volkov@example.com", "dmitri@volkov.example"),
	DEMO_PERSON("Elif Yılmaz", "elif.yilmaz@example.org", NULL),
	DEMO_PERSON("Farid Haddad", "farid@haddad.example", NULL),
	DEMO_PERSON("Grace Kim", "grace.kim@example.com", "gkim@home.example"),
	DEMO_PERSON("Hiroshi Tanaka", "hiroshi.tanaka@example.net", NULL),
	DEMO_PERSON("Inês Costa", "ines.costa@example.com", NULL),
	DEMO_PERSON("Jonas Berg", "jonas.berg@example.org", NULL),
	DEMO_PERSON("Kwame Mensah", "kwame.mensah@example.net",
	    "kwame@mensah.example"),
	DEMO_PERSON("Lena Fischer", "lena.fischer@example.com", NULL),
	DEMO_PERSON("Mateo Rossi", "mateo.rossi@example.org", NULL),
	DEMO_PERSON("Nadia Rahman", "nadia.rahman@example.net", NULL),
	DEMO_PERSON("Omar Farouk", "omar.farouk@example.com", "omar@farouk.example"),
	DEMO_PERSON("Priya Nair", "priya.nair@example.org", NULL),
	DEMO_PERSON("Rosa Delgado", "rosa.delgado@example.net", NULL),
	DEMO_PERSON("Sven Lindqvist", "sven.lindqvist@example.com", NULL),
	DEMO_PERSON("Wen Zhou", "wen.zhou@example.org", NULL),
	DEMO_PERSON("Zoë Laurent", "zoe.laurent@example.net", NULL),
};

/* Names for the customers of one desk only. */
static const char *const demo_first[] = {
	"Amara", "Bruno", "Carmen", "Diego", "Emma", "Felix", "Gita", "Hugo",
	"Ivy", "Jamal", "Kenji", "Leila", "Marco", "Noor", "Oscar", "Paula",
	"Quinn", "Rami", "Sara", "Tariq", "Uma", "Victor", "Wanda", "Yusuf",
};
static const char *const demo_last[] = {
	"Novak", "Adeyemi", "Brennan", "Castillo", "Dubois", "Eriksen",
	"Ferreira", "Gallagher", "Hoffmann", "Ivanova", "Jansen", "Kowalski",
	"Larsen", "Moreau", "Nakamura", "Oyelaran", "Petrov", "Quiroga",
};
static const char *const demo_domains[] = {
	"initrode.example", "hooli.example", "vandelay.example",
	"soylent.example", "umbrella.example", "wonka.example",
	"tyrell.example", "cyberdyne.example",
};

/* The user, the same person at every desk. */
static const char *const demo_me_name = "Alex Morgan";
static const char *const demo_me_email = "alex.morgan@support.example";
static const char *const demo_agents[] = {
	"Priya Raman", "Tom Becker", "Sofia Alves", "Kenji Mori",
	"Laura Chen", "Mehdi Karimi", "Olga Petrova", "Sam Okoro",
	"Julia Weber", "Ravi Shah",
};

static const char *const demo_tags[] = {
	"vip", "enterprise", "mobile", "feedback", "churn-risk", "follow-up",
	"beta", "escalated",
};
static const char *const demo_customer_tags[] = {
	"vip", "enterprise", "trial", "partner", "beta", "churn-risk",
};

/* Phrases the threads are assembled from. */
static const char *const demo_greetings[] = {
	"Hi there,", "Hello,", "Good morning,", "Hi team,",
};
static const char *const demo_details[] = {
	"I tried again this morning and got the same result.",
	"This is blocking our whole team.",
	"I already cleared the cache and tried another browser.",
	"It started after last week's update.",
	"Could you please look into this soon?",
	"We are a small shop and this really hurts.",
};
static const char *const demo_signoffs[] = {
	"Thanks,", "Best regards,", "Cheers,", "Thank you in advance,",
};
static const char *const demo_chases[] = {
	"Any update on this? It has been a few days.",
	"I still see the same problem, sorry.",
	"Here is the screenshot you asked for.",
	"It happened again just now, around lunchtime.",
	"Could you call me instead? E-mail is slow for me.",
};
static const char *const demo_thanks[] = {
	"Thanks, that worked!",
	"Great, thank you for the quick help.",
	"All good now, you can close this.",
};
static const char *const demo_asks[] = {
	"Could you send us a screenshot of the error message?",
	"Could you confirm the e-mail address on your account?",
	"Which browser and version are you using?",
	"I passed this to the right team and will update you within one "
	"business day.",
};
static const char *const demo_internal[] = {
	"Checked the logs: the payment gateway timed out at the time of the "
	"order.",
	"Customer is on the enterprise plan, please prioritise.",
	"Escalated to tier 2; see the linked engineering issue.",
	"Probably a duplicate of an older ticket from the same customer.",
	"Waiting for finance to approve this.",
	"Macro sent; if there is no answer in 3 days, solve it.",
};

/*
 * Hostile text, one per fixed ticket.  String literals are split after a
 * \x escape so that the next character is not read as a hex digit.
 */
#define DEMO_NHOSTILE 8
static const char *const demo_hostile_subjects[DEMO_NHOSTILE] = {
	"hostile \x1b[2J\x1b[31mURGENT\x1b[0m refund",
	"hostile: \x1b]0;pwned\x07 title",
	"hostile caf\xe9 cr\xe8me order",
	"hostile bidi invoice_\xe2\x80\xae" "gpj.exe attached",
	"hostile emoji 🎉 Launch day 🚀",
	"hostile CJK 注文がまだ届きません",
	"hostile combining Z\xcc\xb5\xcc\xa1" "a\xcc\xb7" "l\xcc\xb6"
	    "g\xcc\xb8" "o and cafe\xcc\x81",
	NULL,	/* built by demo_long_subject() */
};
static const char *const demo_hostile_bodies[DEMO_NHOSTILE] = {
	"\x1b[2J\x1b[H\x1b[5;31mYour account is suspended\x1b[0m, reply "
	"with your password.\n\x1b[?1049h\x1b[8mhidden text\x1b[0m",
	"Window title \x1b]0;pwned\x07 and clipboard "
	"\x1b]52;c;cm0gLXJmIH4=\x07 and a link "
	"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ here.",
	"Caf\xe9 cr\xe8me br\xfbl\xe9" "e, a lone \xc3\x28 byte, a "
	"surrogate \xed\xa0\x80 and an overlong \xc0\xaf slash.",
	"Please open invoice_\xe2\x80\xae" "gpj.exe\xe2\x80\xac and "
	"\xe2\x81\xa6isolated\xe2\x81\xa9 text with a BOM \xef\xbb\xbf here.",
	"🎉🎉 We launched! 🚀 Flags 🇵🇹🇯🇵 and a family 👩‍👩‍👧 "
	"and a thumbs up 👍🏽.",
	"注文番号 4471 の商品がまだ届きません。確認をお願いします。"
	"\n한국어 텍스트와 中文字符 mixed with ASCII.",
	"Zalgo e\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88"
	"\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88\xcc\x88"
	"\xcc\x88 tower, and a\xcc\x81\xcc\x82\xcc\x83\xcc\x84 stack.",
	"8-bit CSI \xc2\x9b" "2J and a raw \x9b" "31m byte, DCS "
	"\x1bP1$r0m\x1b\\ string, a bell \x07, backspaces "
	"Approved\b\b\b\b\b\b\b\bDenied\r\nand refund approved\rrefund "
	"DENIED.",
};

/* What a customer writes. */
enum demo_msg {
	DEMO_MSG_FIRST,		/* the problem */
	DEMO_MSG_CHASE,		/* still waiting, more detail */
	DEMO_MSG_THANKS,	/* it is fixed */
};

/* The records of one kind. */
struct demo_set {
	struct record	**v;
	size_t		  n;
};

struct demo_state {
	unsigned			 account;
	char				*name;
	unsigned			 seed;
	const struct demo_flavour	*fl;

	struct demo_set			 sets[TIX_KIND_COUNT];
	char				*me_id;

	uint64_t			 rng;		/* the data set */
	uint64_t			 act_rng;	/* live activity */
	unsigned			 next_ticket;
	unsigned			 next_customer;
	unsigned			 next_note;

	int				 act_min;
	int				 act_max;	/* 0: no activity */
	int64_t				 next_activity;
};

static void		 demo_set_add(struct demo_set *, struct record *);
static void		 demo_set_clear(struct demo_set *);
static struct record	*demo_find(struct demo_state *, enum tix_kind,
			    const char *, size_t *);
static const char	*demo_pick(uint64_t *, const char *const *, size_t);
static void		 demo_append(char **, const char *);
static char		*demo_first_name(const char *);
static char		*demo_email_variant(const char *);
static char		*demo_phone(uint64_t *);
static struct record	*demo_customer_new(struct demo_state *, uint64_t *,
			    const char *, int64_t, int64_t);
static void		 demo_customer_add_email(struct record *,
			    const char *, const char *);
static void		 demo_build_agents(struct demo_state *);
static void		 demo_build_categories(struct demo_state *);
static void		 demo_build_customers(struct demo_state *, int64_t);
static void		 demo_build_tickets(struct demo_state *, int64_t);
static struct record	*demo_ticket_new(struct demo_state *, uint64_t *,
			    const struct record *, size_t, int64_t);
static struct record	*demo_note_add(struct demo_state *, const char *,
			    const struct record *, const char *, bool,
			    int64_t);
static void		 demo_thread(struct demo_state *, uint64_t *,
			    struct record *, size_t, int64_t, int64_t,
			    unsigned);
static void		 demo_ticket_settle(struct demo_state *,
			    struct ticket *);
static char		*demo_long_subject(void);
static char		*demo_text_customer(uint64_t *, const char *,
			    const char *, enum demo_msg);
static char		*demo_text_agent(uint64_t *, const char *,
			    const char *, size_t, bool);
static const struct record *demo_random_agent(struct demo_state *,
			    uint64_t *, bool);
static const char	*demo_ticket_customer_name(struct demo_state *,
			    const struct ticket *);
static int64_t		 demo_bump(int64_t, int64_t);
static bool		 demo_is_fixed(const struct ticket *);
static int		 demo_id_cmp(const char *, const char *);
static int64_t		 demo_updated_at(const struct record *);
static int		 demo_order(const void *, const void *);
static enum tix_err	 demo_cursor_parse(const char *, int64_t *, char **,
			    char **);
static void		 demo_set_status(struct demo_state *, struct ticket *,
			    const char *, int64_t);
static struct record	*demo_pick_ticket(struct demo_state *, bool);
static void		 demo_activity_new_ticket(struct demo_state *,
			    int64_t);
static bool		 demo_activity_reply(struct demo_state *, int64_t);
static bool		 demo_activity_change(struct demo_state *, int64_t);

/* splitmix64: tiny, fast, and good enough for made-up help desks. */
uint64_t
demo_rand(uint64_t *state)
{
	uint64_t	z;

	z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform pick in [lo, hi]; the modulo bias is irrelevant here. */
uint64_t
demo_rand_range(uint64_t *state, uint64_t lo, uint64_t hi)
{
	uint64_t	span;

	if (hi <= lo)
		return lo;
	span = hi - lo + 1;
	if (span == 0)		/* the whole 64-bit range */
		return demo_rand(state);
	return lo + demo_rand(state) % span;
}

/* Append a record to a set; the set owns it. */
static void
demo_set_add(struct demo_set *set, struct record *r)
{
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	set->v[set->n++] = r;
}

/* Free every record of a set. */
static void
demo_set_clear(struct demo_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		record_free(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* The record of a kind with an id, and its index in the set. */
static struct record *
demo_find(struct demo_state *ds, enum tix_kind kind, const char *id,
    size_t *idx)
{
	struct demo_set	*set;

	if (id == NULL || (unsigned)kind >= TIX_KIND_COUNT)
		return NULL;
	set = &ds->sets[kind];
	for (size_t i = 0; i < set->n; i++) {
		if (strcmp(record_id(set->v[i]), id) == 0) {
			if (idx != NULL)
				*idx = i;
			return set->v[i];
		}
	}
	return NULL;
}

/* One string of a table, at random. */
static const char *
demo_pick(uint64_t *rng, const char *const *table, size_t n)
{
	return table[demo_rand_range(rng, 0, n - 1)];
}

/* Append s to the heap string *sp (which may be NULL). */
static void
demo_append(char **sp, const char *s)
{
	size_t	old, add;

	old = (*sp == NULL) ? 0 : strlen(*sp);
	add = strlen(s);
	*sp = xrealloc(*sp, old + add + 1);
	memcpy(*sp + old, s, add + 1);
}

/* The first word of a name. */
static char *
demo_first_name(const char *name)
{
	const char	*sp;

	sp = strchr(name, ' ');
	if (sp == NULL)
		return xstrdup(name);
	return xstrndup(name, (size_t)(sp - name));
}

/*
 * The same address with capitals, "Ana.Silva@Example.com": platforms keep
 * whatever case the customer typed, and tix must still match them.
 */
static char *
demo_email_variant(const char *email)
{
	char	*s;
	bool	 start = true;

	s = xstrdup(email);
	for (char *p = s; *p != '\0'; p++) {
		if (start)
			*p = (char)toupper((unsigned char)*p);
		start = (*p == '.' || *p == '@');
	}
	return s;
}

/* A fictional number: 555-0100 to 555-0199 are reserved for fiction. */
static char *
demo_phone(uint64_t *rng)
{
	return xasprintf("+1 %03u 555 01%02u",
	    (unsigned)demo_rand_range(rng, 201, 989),
	    (unsigned)demo_rand_range(rng, 0, 99));
}

/* A new customer with one address, added to the desk. */
static struct record *
demo_customer_new(struct demo_state *ds, uint64_t *rng, const char *name,
    int64_t created, int64_t updated)
{
	static const char *const phone_types[] = { "WORK", "MOBILE", "HOME" };
	struct record	*r;
	struct customer	*c;
	size_t		 ntags, nphones;

	r = record_new(TIX_KIND_CUSTOMER, ds->account);
	c = &r->u.customer;
	c->id = xasprintf("%u", ds->next_customer++);
	c->name = xstrdup(name);
	nphones = demo_rand_range(rng, 0, 2);
	if (nphones > 0) {
		c->telephones = xcalloc(nphones, sizeof *c->telephones);
		for (size_t i = 0; i < nphones; i++) {
			c->telephones[i].value = demo_phone(rng);
			c->telephones[i].type = xstrdup(phone_types[
			    (i + demo_rand_range(rng, 0, 2)) % 3]);
		}
		c->ntelephones = nphones;
	}
	ntags = demo_rand_range(rng, 0, 2);
	for (size_t i = 0; i < ntags; i++) {
		const char	*tag;

		tag = demo_pick(rng, demo_customer_tags,
		    DEMO_NITEMS(demo_customer_tags));
		if (!strv_has(&c->tags, tag))
			strv_add(&c->tags, tag);
	}
	c->created_at = created;
	c->updated_at = updated;
	demo_set_add(&ds->sets[TIX_KIND_CUSTOMER], r);
	return r;
}

/* Give a customer one more e-mail address. */
static void
demo_customer_add_email(struct record *r, const char *email,
    const char *type)
{
	struct customer	*c = &r->u.customer;

	c->emails = xreallocarray(c->emails, c->nemails + 1,
	    sizeof *c->emails);
	c->emails[c->nemails].value = xstrdup(email);
	c->emails[c->nemails].type = xstrdup_opt(type);
	c->nemails++;
}

/* The team: the user and five colleagues, ids unique to the desk. */
static void
demo_build_agents(struct demo_state *ds)
{
	struct record	*r;
	size_t		 me, off;
	uint64_t	 base;

	me = ds->seed % DEMO_NAGENTS;
	off = demo_rand_range(&ds->rng, 0, DEMO_NITEMS(demo_agents) - 1);
	base = (uint64_t)ds->seed * 100 + DEMO_AGENT_BASE;
	for (size_t i = 0; i < DEMO_NAGENTS; i++) {
		struct agent	*a;
		char		*first;

		r = record_new(TIX_KIND_AGENT, ds->account);
		a = &r->u.agent;
		a->id = xasprintf("%" PRIu64, base + i);
		if (i == me) {
			a->name = xstrdup(demo_me_name);
			a->email = xstrdup(demo_me_email);
			a->is_me = true;
			ds->me_id = xstrdup(a->id);
		} else {
			a->name = xstrdup(demo_agents[(off + i) %
			    DEMO_NITEMS(demo_agents)]);
			first = demo_first_name(a->name);
			for (char *p = first; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			a->email = xasprintf("%s@%s.demo.invalid", first,
			    ds->name);
			free(first);
		}
		demo_set_add(&ds->sets[TIX_KIND_AGENT], r);
	}
}

/* The category tree, the same shape at every desk. */
static void
demo_build_categories(struct demo_state *ds)
{
	const struct demo_category	*dc;
	struct record			*r;

	for (size_t i = 0; i < DEMO_NCATEGORIES; i++) {
		dc = &demo_categories[i];
		r = record_new(TIX_KIND_CATEGORY, ds->account);
		r->u.category.id = xstrdup(dc->id);
		r->u.category.name = xstrdup(dc->name);
		r->u.category.description = xstrdup(dc->description);
		r->u.category.parent_id = xstrdup_opt(dc->parent_id);
		r->u.category.is_active = dc->is_active;
		demo_set_add(&ds->sets[TIX_KIND_CATEGORY], r);
	}
}

/*
 * Forty customers: the shared people this desk knows (person j is at
 * every desk when j < 6, else at two desks in three), then people of this
 * desk only.  Some shared addresses come back with capitals.
 */
static void
demo_build_customers(struct demo_state *ds, int64_t now)
{
	const struct demo_person	*p;
	struct record			*r;
	const char			*domain;
	char				*name, *email, *variant;
	int64_t				 created, updated;
	size_t				 k = 0;

	for (size_t j = 0; j < DEMO_NITEMS(demo_shared); j++) {
		if (j >= 6 && (j + ds->seed) % 3 == 0)
			continue;
		p = &demo_shared[j];
		created = now - (int64_t)demo_rand_range(&ds->rng,
		    60 * DEMO_DAY, 900 * DEMO_DAY);
		updated = created + (int64_t)demo_rand_range(&ds->rng, 0,
		    (uint64_t)(now - created - DEMO_DAY));
		r = demo_customer_new(ds, &ds->rng, p->name, created, updated);
		if ((j + ds->seed) % 4 == 0) {
			variant = demo_email_variant(p->email);
			demo_customer_add_email(r, variant, "WORK");
			free(variant);
		} else
			demo_customer_add_email(r, p->email, "WORK");
		if (p->home != NULL)
			demo_customer_add_email(r, p->home, "HOME");
	}

	domain = demo_domains[ds->seed % DEMO_NITEMS(demo_domains)];
	while (ds->sets[TIX_KIND_CUSTOMER].n < DEMO_NCUSTOMERS) {
		size_t	f, l;

		/* Walk the name grid so that no two are the same. */
		f = (k * 7 + ds->seed) % DEMO_NITEMS(demo_first);
		l = (k * 5 + ds->seed * 3) % DEMO_NITEMS(demo_last);
		k++;
		name = xasprintf("%s %s", demo_first[f], demo_last[l]);
		email = xasprintf("%s.%s@%s", demo_first[f], demo_last[l],
		    domain);
		for (char *q = email; *q != '\0'; q++)
			*q = (char)tolower((unsigned char)*q);
		created = now - (int64_t)demo_rand_range(&ds->rng,
		    40 * DEMO_DAY, 700 * DEMO_DAY);
		updated = created + (int64_t)demo_rand_range(&ds->rng, 0,
		    (uint64_t)(now - created - DEMO_DAY));
		r = demo_customer_new(ds, &ds->rng, name, created, updated);
		demo_customer_add_email(r, email,
		    demo_rand_range(&ds->rng, 0, 3) == 0 ? "HOME" : "WORK");
		free(email);
		free(name);
	}
}

/* A random agent, or a random colleague (not the user). */
static const struct record *
demo_random_agent(struct demo_state *ds, uint64_t *rng, bool colleague)
{
	struct demo_set		*set = &ds->sets[TIX_KIND_AGENT];
	const struct record	*r;

	for (;;) {
		r = set->v[demo_rand_range(rng, 0, set->n - 1)];
		if (!colleague || !r->u.agent.is_me)
			return r;
	}
}

/* The customer's name on a ticket, or a stand-in. */
static const char *
demo_ticket_customer_name(struct demo_state *ds, const struct ticket *t)
{
	const struct record	*c;

	c = demo_find(ds, TIX_KIND_CUSTOMER, t->customer_id, NULL);
	if (c == NULL || c->u.customer.name == NULL)
		return "there";
	return c->u.customer.name;
}

/* A customer's message: greeting, what is wrong (or right), sign-off. */
static char *
demo_text_customer(uint64_t *rng, const char *customer, const char *what,
    enum demo_msg msg)
{
	char	*s = NULL, *first_name;

	first_name = demo_first_name(customer);
	demo_append(&s, demo_pick(rng, demo_greetings,
	    DEMO_NITEMS(demo_greetings)));
	demo_append(&s, "\n\n");
	if (msg == DEMO_MSG_FIRST) {
		demo_append(&s, what);
		demo_append(&s, ". ");
		demo_append(&s, demo_pick(rng, demo_details,
		    DEMO_NITEMS(demo_details)));
		if (demo_rand_range(rng, 0, 1) == 0) {
			const char	*more;

			more = demo_pick(rng, demo_details,
			    DEMO_NITEMS(demo_details));
			if (strstr(s, more) == NULL) {
				demo_append(&s, " ");
				demo_append(&s, more);
			}
		}
	} else if (msg == DEMO_MSG_CHASE)
		demo_append(&s, demo_pick(rng, demo_chases,
		    DEMO_NITEMS(demo_chases)));
	else
		demo_append(&s, demo_pick(rng, demo_thanks,
		    DEMO_NITEMS(demo_thanks)));
	demo_append(&s, "\n\n");
	demo_append(&s, demo_pick(rng, demo_signoffs,
	    DEMO_NITEMS(demo_signoffs)));
	demo_append(&s, "\n");
	demo_append(&s, first_name);
	free(first_name);
	return s;
}

/*
 * An agent's public reply: the first acknowledges and asks, later ones
 * give the category's answer.
 */
static char *
demo_text_agent(uint64_t *rng, const char *customer, const char *agent,
    size_t category, bool first)
{
	char	*s, *cf, *af;

	cf = demo_first_name(customer);
	af = demo_first_name(agent);
	s = xasprintf("Hi %s,\n\n", cf);
	if (first || category >= DEMO_NCATEGORIES) {
		demo_append(&s, "Thanks for reaching out, and sorry for the "
		    "trouble. ");
		demo_append(&s, demo_pick(rng, demo_asks,
		    DEMO_NITEMS(demo_asks)));
	} else {
		demo_append(&s, demo_categories[category].fix);
		demo_append(&s, " Let me know if there is anything else I "
		    "can help with.");
	}
	demo_append(&s, "\n\nBest,\n");
	demo_append(&s, af);
	free(af);
	free(cf);
	return s;
}

/* Add a note to a ticket's thread; author is a customer or an agent. */
static struct record *
demo_note_add(struct demo_state *ds, const char *ticket_id,
    const struct record *author, const char *text, bool is_public,
    int64_t at)
{
	struct record	*r;
	struct note	*n;

	r = record_new(TIX_KIND_NOTE, ds->account);
	n = &r->u.note;
	n->id = xasprintf("%u", ds->next_note++);
	n->ticket_id = xstrdup(ticket_id);
	if (author != NULL && author->kind == TIX_KIND_CUSTOMER)
		n->customer_id = xstrdup(author->u.customer.id);
	else if (author != NULL && author->kind == TIX_KIND_AGENT)
		n->user_id = xstrdup(author->u.agent.id);
	n->description = xstrdup(text);
	n->is_public = is_public;
	n->created_at = at;
	n->updated_at = at;
	demo_set_add(&ds->sets[TIX_KIND_NOTE], r);
	return r;
}

/*
 * A ticket's thread: the customer's first message at creation, then
 * nnotes - 1 more spread between creation and end, mixing customer
 * replies, agent replies and internal notes.  hostile (1-based, 0 for
 * none) puts that hostile body into the first and an internal note.
 * Sets the ticket's updated_at to the last note.
 */
static void
demo_thread(struct demo_state *ds, uint64_t *rng, struct record *tr,
    size_t category, int64_t end, int64_t nnotes, unsigned hostile)
{
	struct ticket		*t = &tr->u.ticket;
	const struct record	*customer, *agent;
	const char		*cname;
	char			*text;
	int64_t			 at, slot;
	uint64_t		 roll;
	bool			 untouched, answered = false;
	enum demo_msg		 msg;

	/* Nobody has looked at a new ticket yet. */
	untouched = strcmp(t->status_raw, ds->fl->status_new) == 0;
	customer = demo_find(ds, TIX_KIND_CUSTOMER, t->customer_id, NULL);
	cname = demo_ticket_customer_name(ds, t);
	at = t->created_at;
	if (hostile != 0)
		text = xstrdup(demo_hostile_bodies[hostile - 1]);
	else
		text = xstrdup(t->description);
	demo_note_add(ds, t->id, customer, text, true, at);
	free(text);

	for (int64_t i = 1; i < nnotes; i++) {
		slot = (end - at) / (nnotes - i);
		if (slot < 2)
			slot = 2;
		at += (int64_t)demo_rand_range(rng, (uint64_t)slot / 4 + 1,
		    (uint64_t)slot);
		if (at > end || i == nnotes - 1)
			at = end;	/* the last word is at "end" */
		/* Someone answers first, then it goes back and forth. */
		roll = demo_rand_range(rng, 0, 99);
		if (i == 1 && !untouched)
			roll = 50;
		if (hostile != 0 && i == nnotes - 1) {
			agent = demo_random_agent(ds, rng, true);
			demo_note_add(ds, t->id, agent,
			    demo_hostile_bodies[hostile % DEMO_NHOSTILE],
			    false, at);
		} else if ((roll < 35 || untouched) && customer != NULL) {
			msg = DEMO_MSG_CHASE;
			if (answered && i == nnotes - 1 &&
			    t->status == TIX_STATUS_CLOSED)
				msg = DEMO_MSG_THANKS;
			text = demo_text_customer(rng, cname, t->subject,
			    msg);
			demo_note_add(ds, t->id, customer, text, true,
			    at);
			free(text);
		} else if (roll < 75) {
			agent = demo_find(ds, TIX_KIND_AGENT, t->user_id,
			    NULL);
			if (agent == NULL)
				agent = demo_random_agent(ds, rng, false);
			text = demo_text_agent(rng, cname,
			    agent->u.agent.name, category, !answered);
			answered = true;
			demo_note_add(ds, t->id, agent, text, true, at);
			free(text);
		} else {
			agent = demo_random_agent(ds, rng, false);
			demo_note_add(ds, t->id, agent,
			    demo_pick(rng, demo_internal,
			    DEMO_NITEMS(demo_internal)), false, at);
		}
	}
	t->updated_at = at;
}

/* The platform's status value set on a ticket, with the coarse status. */
static void
demo_set_status(struct demo_state *ds, struct ticket *t, const char *raw,
    int64_t at)
{
	const struct demo_flavour	*fl = ds->fl;
	enum tix_status			 status = TIX_STATUS_ACTIVE;

	for (size_t i = 0; i < fl->nstatuses; i++) {
		if (strcmp(fl->statuses[i].raw, raw) == 0)
			status = fl->statuses[i].status;
	}
	free(t->status_raw);
	t->status_raw = xstrdup(raw);
	if (status == TIX_STATUS_CLOSED && t->status != TIX_STATUS_CLOSED)
		t->closed_at = at;
	else if (status == TIX_STATUS_ACTIVE)
		t->closed_at = 0;
	t->status = status;
}

/*
 * A new ticket with fields but no thread yet: category (or
 * DEMO_NCATEGORIES for none) and customer given, the rest at random.
 */
static struct record *
demo_ticket_new(struct demo_state *ds, uint64_t *rng,
    const struct record *customer, size_t category, int64_t created)
{
	const struct demo_flavour	*fl = ds->fl;
	const struct demo_category	*dc = NULL;
	struct record			*r;
	struct ticket			*t;
	uint64_t			 roll;
	size_t				 ntags;

	r = record_new(TIX_KIND_TICKET, ds->account);
	t = &r->u.ticket;
	t->id = xasprintf("%u", ds->next_ticket++);
	if (category < DEMO_NCATEGORIES) {
		dc = &demo_categories[category];
		t->category_id = xstrdup(dc->id);
		t->subject = xstrdup(dc->subjects[demo_rand_range(rng, 0, 2)]);
		if (strcmp(dc->tag, "refund") == 0 ||
		    strcmp(dc->tag, "shipping") == 0)
			roll = demo_rand_range(rng, 0, 1);
		else
			roll = 1;
		if (roll == 0) {
			char	suffix[32];

			xsnprintf(suffix, sizeof suffix, " (order #%u)",
			    (unsigned)demo_rand_range(rng, 40000, 99999));
			demo_append(&t->subject, suffix);
		}
		strv_add(&t->tags, dc->tag);
	} else
		t->subject = xstrdup("Question about my account");
	if (customer != NULL)
		t->customer_id = xstrdup(customer->u.customer.id);
	t->description = demo_text_customer(rng,
	    demo_ticket_customer_name(ds, t), t->subject, DEMO_MSG_FIRST);

	roll = demo_rand_range(rng, 0, 99);
	if (fl->priorities[TIX_PRIORITY_NONE] != NULL && roll < 5)
		t->priority = TIX_PRIORITY_NONE;
	else if (roll < 25)
		t->priority = TIX_PRIORITY_LOW;
	else if (roll < 70)
		t->priority = TIX_PRIORITY_NORMAL;
	else if (roll < 90)
		t->priority = TIX_PRIORITY_HIGH;
	else
		t->priority = TIX_PRIORITY_URGENT;
	if (t->priority != TIX_PRIORITY_NONE)
		t->priority_raw = xstrdup(fl->priorities[t->priority]);

	ntags = demo_rand_range(rng, 0, 2);
	for (size_t i = 0; i < ntags; i++) {
		const char	*tag;

		tag = demo_pick(rng, demo_tags, DEMO_NITEMS(demo_tags));
		if (!strv_has(&t->tags, tag))
			strv_add(&t->tags, tag);
	}
	t->source = xstrdup(fl->sources[demo_rand_range(rng, 0, 3)]);
	t->url = xasprintf("https://%s.demo.invalid%s%s", ds->name,
	    fl->url_path, t->id);
	t->created_at = created;
	t->updated_at = created;
	t->status = TIX_STATUS_ACTIVE;
	t->status_raw = xstrdup(fl->status_new);
	demo_set_add(&ds->sets[TIX_KIND_TICKET], r);
	return r;
}

/*
 * Pick a status by weight for a generated ticket, and an owner, before
 * its thread is written (closed_at is set after, from updated_at).
 */
static void
demo_ticket_settle(struct demo_state *ds, struct ticket *t)
{
	const struct demo_flavour	*fl = ds->fl;
	const struct record		*agent;
	unsigned			 total = 0, roll;
	size_t				 i;

	for (i = 0; i < fl->nstatuses; i++)
		total += fl->statuses[i].weight;
	roll = (unsigned)demo_rand_range(&ds->rng, 0, total - 1);
	for (i = 0; i < fl->nstatuses - 1; i++) {
		if (roll < fl->statuses[i].weight)
			break;
		roll -= fl->statuses[i].weight;
	}
	demo_set_status(ds, t, fl->statuses[i].raw, 0);

	/* Most tickets have an owner; the user owns about a quarter. */
	if (strcmp(t->status_raw, fl->status_new) != 0 ||
	    demo_rand_range(&ds->rng, 0, 3) == 0) {
		roll = (unsigned)demo_rand_range(&ds->rng, 0, 99);
		if (roll < 25)
			agent = demo_find(ds, TIX_KIND_AGENT, ds->me_id, NULL);
		else if (roll < 85)
			agent = demo_random_agent(ds, &ds->rng, true);
		else
			agent = NULL;
		if (agent != NULL)
			t->user_id = xstrdup(agent->u.agent.id);
	}
	if (t->status == TIX_STATUS_ACTIVE && t->priority >= TIX_PRIORITY_HIGH)
		t->due_at = t->created_at + 2 * DEMO_DAY;
}

/* A subject of 300+ bytes that says something, for clipping. */
static char *
demo_long_subject(void)
{
	char	*s;

	s = xstrdup("hostile long subject:");
	for (int i = 0; i < 7; i++)
		demo_append(&s, " the printer on the third floor keeps "
		    "jamming and");
	demo_append(&s, " nobody knows why");
	return s;
}

/*
 * The tickets: first the fixed ones (hostile text and the locked ticket,
 * all active within the last hours), then the rest spread over thirty
 * days.  Each gets a thread; then status and owner.
 */
static void
demo_build_tickets(struct demo_state *ds, int64_t now)
{
	struct demo_set		*customers = &ds->sets[TIX_KIND_CUSTOMER];
	const struct record	*customer;
	struct record		*r;
	struct ticket		*t;
	size_t			 category;
	int64_t			 created, end, nnotes;

	for (unsigned h = 0; h < DEMO_NHOSTILE; h++) {
		customer = customers->v[demo_rand_range(&ds->rng, 0,
		    customers->n - 1)];
		created = now - (int64_t)demo_rand_range(&ds->rng,
		    2 * DEMO_HOUR, 3 * DEMO_HOUR);
		r = demo_ticket_new(ds, &ds->rng, customer, h % 4, created);
		t = &r->u.ticket;
		free(t->subject);
		if (demo_hostile_subjects[h] != NULL)
			t->subject = xstrdup(demo_hostile_subjects[h]);
		else
			t->subject = demo_long_subject();
		free(t->description);
		t->description = xasprintf("%s\n\n%s", t->subject,
		    demo_hostile_bodies[h]);
		strv_add(&t->tags, "hostile");
		demo_set_status(ds, t, ds->fl->status_open, 0);
		t->user_id = xstrdup(ds->me_id);
		end = now - (int64_t)demo_rand_range(&ds->rng, 60, 50 * 60);
		demo_thread(ds, &ds->rng, r, h % 4, end, 3, h + 1);
	}

	/* The locked ticket: an ordinary one that refuses writes. */
	customer = customers->v[0];
	created = now - (int64_t)demo_rand_range(&ds->rng, 3 * DEMO_HOUR,
	    5 * DEMO_HOUR);
	r = demo_ticket_new(ds, &ds->rng, customer, 1, created);
	t = &r->u.ticket;
	free(t->subject);
	t->subject = xstrdup("locked: refund approval waiting on legal");
	strv_add(&t->tags, "locked");
	demo_set_status(ds, t, ds->fl->status_open, 0);
	end = now - (int64_t)demo_rand_range(&ds->rng, 60 * 60, 90 * 60);
	demo_thread(ds, &ds->rng, r, 1, end, 3, 0);

	while (ds->sets[TIX_KIND_TICKET].n < DEMO_NTICKETS) {
		customer = customers->v[demo_rand_range(&ds->rng, 0,
		    customers->n - 1)];
		/* A few tickets have no category; a few the retired one. */
		category = demo_rand_range(&ds->rng, 0, DEMO_NCATEGORIES);
		created = now - (int64_t)demo_rand_range(&ds->rng,
		    2 * DEMO_HOUR, 30 * DEMO_DAY);
		r = demo_ticket_new(ds, &ds->rng, customer, category, created);
		t = &r->u.ticket;
		demo_ticket_settle(ds, t);
		nnotes = (int64_t)demo_rand_range(&ds->rng, 1, 8);
		if (strcmp(t->status_raw, ds->fl->status_new) == 0)
			nnotes = 1 + nnotes % 2;
		else if (t->status == TIX_STATUS_CLOSED ||
		    strcmp(t->status_raw, ds->fl->status_waiting) == 0)
			nnotes = nnotes < 2 ? 2 : nnotes;
		/* A busy desk: some threads moved within the last hour. */
		if (demo_rand_range(&ds->rng, 0, 5) == 0)
			end = now - (int64_t)demo_rand_range(&ds->rng, 60,
			    DEMO_HOUR);
		else
			end = now - (int64_t)demo_rand_range(&ds->rng, 60,
			    (uint64_t)(now - created) / 2);
		demo_thread(ds, &ds->rng, r, category, end, nnotes, 0);
		if (t->status == TIX_STATUS_CLOSED)
			t->closed_at = t->updated_at;
	}
}

/* Build a desk: agents, categories, customers, then tickets. */
struct demo_state *
demo_data_new(unsigned account, const char *name, unsigned seed,
    int64_t now)
{
	struct demo_state	*ds;

	ds = xcalloc(1, sizeof *ds);
	ds->account = account;
	ds->name = xstrdup(name);
	ds->seed = seed;
	ds->fl = &demo_flavours[(seed + DEMO_NITEMS(demo_flavours) - 1) %
	    DEMO_NITEMS(demo_flavours)];
	ds->rng = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 0x7469780a;
	ds->act_rng = (uint64_t)seed * 0x9e3779b97f4a7c15ULL ^
	    0xdeadbeefcafef00dULL;
	ds->next_ticket = DEMO_TICKET_FIRST;
	ds->next_customer = DEMO_CUSTOMER_FIRST;
	ds->next_note = DEMO_NOTE_FIRST;

	demo_build_agents(ds);
	demo_build_categories(ds);
	demo_build_customers(ds, now);
	demo_build_tickets(ds, now);

	demo_data_set_activity(ds, DEMO_ACTIVITY_MIN, DEMO_ACTIVITY_MAX, now);
	return ds;
}

/* Free a desk and every record in it. */
void
demo_data_free(struct demo_state **dsp)
{
	struct demo_state	*ds = *dsp;

	if (ds == NULL)
		return;
	for (size_t k = 0; k < TIX_KIND_COUNT; k++)
		demo_set_clear(&ds->sets[k]);
	free(ds->me_id);
	free(ds->name);
	free(ds);
	*dsp = NULL;
}

/* Which platform the desk imitates. */
const char *
demo_data_flavour(const struct demo_state *ds)
{
	return ds->fl->title;
}

/* Set the activity interval and when the next event is due. */
void
demo_data_set_activity(struct demo_state *ds, int min_s, int max_s,
    int64_t now)
{
	if (max_s <= 0 || min_s < 0 || min_s > max_s) {
		ds->act_min = ds->act_max = 0;
		ds->next_activity = 0;
		return;
	}
	ds->act_min = min_s;
	ds->act_max = max_s;
	ds->next_activity = now + (int64_t)demo_rand_range(&ds->act_rng,
	    (uint64_t)min_s, (uint64_t)max_s);
}

/* A new time for a changed record: now, but always later than before. */
static int64_t
demo_bump(int64_t old, int64_t now)
{
	return now > old ? now : old + 1;
}

/* The fixed tickets (hostile, locked) are left alone by the activity. */
static bool
demo_is_fixed(const struct ticket *t)
{
	return strv_has(&t->tags, "hostile") || strv_has(&t->tags, "locked");
}

/*
 * A random ticket for the activity that is not fixed nor closed for good;
 * active_only leaves out solved ones too.  NULL when there is none.
 */
static struct record *
demo_pick_ticket(struct demo_state *ds, bool active_only)
{
	struct demo_set	*set = &ds->sets[TIX_KIND_TICKET];
	struct record	*r;
	struct ticket	*t;
	size_t		 start;

	if (set->n == 0)
		return NULL;
	start = demo_rand_range(&ds->act_rng, 0, set->n - 1);
	for (size_t i = 0; i < set->n; i++) {
		r = set->v[(start + i) % set->n];
		t = &r->u.ticket;
		if (demo_is_fixed(t) ||
		    strcmp(t->status_raw, ds->fl->status_final) == 0)
			continue;
		if (active_only && t->status != TIX_STATUS_ACTIVE)
			continue;
		return r;
	}
	return NULL;
}

/* Someone writes in: a known customer, or now and then a new one. */
static void
demo_activity_new_ticket(struct demo_state *ds, int64_t now)
{
	struct demo_set		*customers = &ds->sets[TIX_KIND_CUSTOMER];
	const struct record	*customer;
	struct record		*r;
	char			*name, *email;
	size_t			 f, l, category;

	if (customers->n == 0 || demo_rand_range(&ds->act_rng, 0, 2) == 0) {
		f = demo_rand_range(&ds->act_rng, 0,
		    DEMO_NITEMS(demo_first) - 1);
		l = demo_rand_range(&ds->act_rng, 0,
		    DEMO_NITEMS(demo_last) - 1);
		name = xasprintf("%s %s", demo_first[f], demo_last[l]);
		email = xasprintf("%s.%s.%u@example.com", demo_first[f],
		    demo_last[l], ds->next_customer);
		for (char *q = email; *q != '\0'; q++)
			*q = (char)tolower((unsigned char)*q);
		r = demo_customer_new(ds, &ds->act_rng, name, now, now);
		demo_customer_add_email(r, email, "WORK");
		customer = r;
		free(email);
		free(name);
	} else
		customer = customers->v[demo_rand_range(&ds->act_rng, 0,
		    customers->n - 1)];
	category = demo_rand_range(&ds->act_rng, 0, DEMO_NCATEGORIES - 2);
	r = demo_ticket_new(ds, &ds->act_rng, customer, category, now);
	demo_thread(ds, &ds->act_rng, r, category, now, 1, 0);
}

/* A customer answers; a ticket waiting on them or solved opens again. */
static bool
demo_activity_reply(struct demo_state *ds, int64_t now)
{
	const struct record	*customer;
	struct record		*r;
	struct ticket		*t;
	char			*text;

	r = demo_pick_ticket(ds, demo_rand_range(&ds->act_rng, 0, 4) != 0);
	if (r == NULL)
		return false;
	t = &r->u.ticket;
	customer = demo_find(ds, TIX_KIND_CUSTOMER, t->customer_id, NULL);
	if (customer == NULL)
		return false;
	t->updated_at = demo_bump(t->updated_at, now);
	text = demo_text_customer(&ds->act_rng, customer->u.customer.name,
	    t->subject, DEMO_MSG_CHASE);
	demo_note_add(ds, t->id, customer, text, true, t->updated_at);
	free(text);
	if (t->status == TIX_STATUS_CLOSED ||
	    strcmp(t->status_raw, ds->fl->status_waiting) == 0)
		demo_set_status(ds, t, ds->fl->status_reply, t->updated_at);
	return true;
}

/* A colleague changes priority, status, owner or tags of a ticket. */
static bool
demo_activity_change(struct demo_state *ds, int64_t now)
{
	const struct demo_flavour	*fl = ds->fl;
	const struct record		*agent, *owner;
	struct record			*r;
	struct ticket			*t;
	const char			*tag;
	enum tix_priority		 p;

	r = demo_pick_ticket(ds, true);
	if (r == NULL)
		return false;
	t = &r->u.ticket;
	agent = demo_random_agent(ds, &ds->act_rng, true);
	t->updated_at = demo_bump(t->updated_at, now);
	switch (demo_rand_range(&ds->act_rng, 0, 3)) {
	case 0:
		do {
			p = (enum tix_priority)demo_rand_range(&ds->act_rng,
			    TIX_PRIORITY_LOW, TIX_PRIORITY_URGENT);
		} while (p == t->priority);
		t->priority = p;
		free(t->priority_raw);
		t->priority_raw = xstrdup(fl->priorities[p]);
		break;
	case 1:
		if (strcmp(t->status_raw, fl->status_waiting) == 0)
			demo_set_status(ds, t, fl->status_solved,
			    t->updated_at);
		else
			demo_set_status(ds, t, fl->status_waiting,
			    t->updated_at);
		break;
	case 2:
		do {
			owner = demo_random_agent(ds, &ds->act_rng, false);
		} while (t->user_id != NULL &&
		    strcmp(t->user_id, owner->u.agent.id) == 0);
		free(t->user_id);
		t->user_id = xstrdup(owner->u.agent.id);
		break;
	default:
		tag = demo_pick(&ds->act_rng, demo_tags,
		    DEMO_NITEMS(demo_tags));
		if (strv_has(&t->tags, tag)) {
			struct strv	 keep = { NULL, 0 };

			for (size_t i = 0; i < t->tags.n; i++) {
				if (strcmp(t->tags.v[i], tag) != 0)
					strv_add(&keep, t->tags.v[i]);
			}
			strv_done(&t->tags);
			t->tags = keep;
		} else
			strv_add(&t->tags, tag);
		break;
	}
	if (demo_rand_range(&ds->act_rng, 0, 3) == 0) {
		demo_note_add(ds, t->id, agent, demo_pick(&ds->act_rng,
		    demo_internal, DEMO_NITEMS(demo_internal)), false,
		    t->updated_at);
	}
	return true;
}

/* Apply one event when one is due; pick the next time. */
enum demo_event
demo_data_tick(struct demo_state *ds, int64_t now)
{
	enum demo_event	ev;
	uint64_t	roll;

	if (ds->act_max <= 0 || now < ds->next_activity)
		return DEMO_EVENT_NONE;
	roll = demo_rand_range(&ds->act_rng, 0, 99);
	if (roll < 30)
		ev = DEMO_EVENT_NEW_TICKET;
	else if (roll < 65)
		ev = DEMO_EVENT_CUSTOMER_REPLY;
	else
		ev = DEMO_EVENT_AGENT_CHANGE;
	if (ev == DEMO_EVENT_CUSTOMER_REPLY && !demo_activity_reply(ds, now))
		ev = DEMO_EVENT_NEW_TICKET;
	if (ev == DEMO_EVENT_AGENT_CHANGE && !demo_activity_change(ds, now))
		ev = DEMO_EVENT_NEW_TICKET;
	if (ev == DEMO_EVENT_NEW_TICKET)
		demo_activity_new_ticket(ds, now);
	ds->next_activity = now + (int64_t)demo_rand_range(&ds->act_rng,
	    (uint64_t)ds->act_min, (uint64_t)ds->act_max);
	return ev;
}

/* Numeric ids order by value: shorter first, then byte by byte. */
static int
demo_id_cmp(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* The time a record last changed; 0 for kinds that do not say. */
static int64_t
demo_updated_at(const struct record *r)
{
	switch (r->kind) {
	case TIX_KIND_TICKET:
		return r->u.ticket.updated_at;
	case TIX_KIND_CUSTOMER:
		return r->u.customer.updated_at;
	case TIX_KIND_NOTE:
		return r->u.note.updated_at;
	default:
		return 0;
	}
}

/* qsort order of a list: updated_at, then id. */
static int
demo_order(const void *a, const void *b)
{
	const struct record	*ra = *(const struct record *const *)a;
	const struct record	*rb = *(const struct record *const *)b;
	int64_t			 ta, tb;

	ta = demo_updated_at(ra);
	tb = demo_updated_at(rb);
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return demo_id_cmp(record_id(ra), record_id(rb));
}

/*
 * A cursor is "UPDATED_AT:ID" of the last record handed out: the next
 * page starts after it.  Unlike an offset it stays right while records
 * change between pages (a changed record moves to the end, so nothing is
 * skipped).
 */
static enum tix_err
demo_cursor_parse(const char *cursor, int64_t *at, char **id, char **cause)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(cursor, &end, 10);
	if (errno != 0 || end == cursor || *end != ':' || end[1] == '\0' ||
	    v < 0)
		return tix_fail(cause, TIX_ERR_INVALID, "bad demo cursor");
	*at = v;
	*id = xstrdup(end + 1);
	return TIX_OK;
}

/* A page of records changed since q->updated_since, oldest first. */
enum tix_err
demo_data_list(struct demo_state *ds, enum tix_kind kind,
    const struct query *q, struct page *pg, char **cause)
{
	struct demo_set		*set;
	const struct record	**v = NULL, *r;
	char			*after_id = NULL;
	int64_t			 after_at = 0;
	size_t			 n = 0, i, limit;
	enum tix_err		 err = TIX_OK;

	if ((unsigned)kind >= TIX_KIND_COUNT)
		return tix_fail(cause, TIX_ERR_INVALID, "unknown record kind");
	set = &ds->sets[kind];
	pg->watermark = 0;
	if (kind == TIX_KIND_CATEGORY || kind == TIX_KIND_AGENT) {
		for (i = 0; i < set->n; i++)
			page_add(pg, record_dup(set->v[i]));
		return TIX_OK;
	}
	if (kind == TIX_KIND_NOTE) {
		if (q->ticket_id == NULL)
			return tix_fail(cause, TIX_ERR_INVALID,
			    "listing notes needs a ticket");
		if (demo_find(ds, TIX_KIND_TICKET, q->ticket_id, NULL) == NULL)
			return tix_fail(cause, TIX_ERR_NOT_FOUND,
			    "no ticket %s", q->ticket_id);
	}
	if (q->cursor != NULL) {
		err = demo_cursor_parse(q->cursor, &after_at, &after_id,
		    cause);
		if (err != TIX_OK)
			goto out;
	}

	if (set->n > 0)
		v = xreallocarray(NULL, set->n, sizeof *v);
	for (i = 0; i < set->n; i++) {
		r = set->v[i];
		if (demo_updated_at(r) < q->updated_since)
			continue;
		if (kind == TIX_KIND_NOTE &&
		    strcmp(r->u.note.ticket_id, q->ticket_id) != 0)
			continue;
		if (after_id != NULL && (demo_updated_at(r) < after_at ||
		    (demo_updated_at(r) == after_at &&
		    demo_id_cmp(record_id(r), after_id) <= 0)))
			continue;
		v[n++] = r;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, demo_order);

	limit = (q->limit == 0) ? DEMO_PAGE : q->limit;
	for (i = 0; i < n && i < limit; i++)
		page_add(pg, record_dup(v[i]));
	if (i > 0)
		pg->watermark = demo_updated_at(v[i - 1]);
	if (i < n) {
		pg->next_cursor = xasprintf("%lld:%s",
		    (long long)demo_updated_at(v[i - 1]),
		    record_id(v[i - 1]));
	}

out:
	free(v);
	free(after_id);
	return err;
}

/* A copy of one record. */
enum tix_err
demo_data_get(struct demo_state *ds, enum tix_kind kind, const char *id,
    struct record **out, char **cause)
{
	const struct record	*r;

	r = demo_find(ds, kind, id, NULL);
	if (r == NULL) {
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no %s %s",
		    (unsigned)kind < TIX_KIND_COUNT ? tix_kind_name(kind) :
		    "record", id == NULL ? "(null)" : id);
	}
	*out = record_dup(r);
	return TIX_OK;
}

/* A note from the user on a ticket. */
static enum tix_err
demo_create_note(struct demo_state *ds, const struct note *in, int64_t now,
    struct record **out, char **cause)
{
	const struct record	*me;
	struct record		*tr, *r;
	struct ticket		*t;

	tr = demo_find(ds, TIX_KIND_TICKET, in->ticket_id, NULL);
	if (tr == NULL) {
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no ticket %s",
		    in->ticket_id == NULL ? "(none)" : in->ticket_id);
	}
	t = &tr->u.ticket;
	if (strv_has(&t->tags, "locked"))
		return tix_fail(cause, TIX_ERR_CONFLICT, DEMO_LOCKED_CAUSE);
	if (in->description == NULL || *in->description == '\0')
		return tix_fail(cause, TIX_ERR_INVALID, "the note is empty");

	t->updated_at = demo_bump(t->updated_at, now);
	me = demo_find(ds, TIX_KIND_AGENT, ds->me_id, NULL);
	r = demo_note_add(ds, t->id, me, in->description, in->is_public,
	    now);
	/* A first public answer takes a new ticket into work. */
	if (in->is_public && strcmp(t->status_raw, ds->fl->status_new) == 0)
		demo_set_status(ds, t, ds->fl->status_open, t->updated_at);
	*out = record_dup(r);
	return TIX_OK;
}

/* Check that a category can be set: it exists and is in use. */
static enum tix_err
demo_check_category(struct demo_state *ds, const char *id, char **cause)
{
	const struct record	*r;

	if (id == NULL)
		return TIX_OK;
	r = demo_find(ds, TIX_KIND_CATEGORY, id, NULL);
	if (r == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "no category %s", id);
	if (!r->u.category.is_active) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "category %s is retired", r->u.category.name);
	}
	return TIX_OK;
}

/* Check that an assignee can be set: a known agent, or nobody. */
static enum tix_err
demo_check_assignee(struct demo_state *ds, const char *id, char **cause)
{
	if (id == NULL || demo_find(ds, TIX_KIND_AGENT, id, NULL) != NULL)
		return TIX_OK;
	return tix_fail(cause, TIX_ERR_INVALID, "no agent %s", id);
}

/* Check that a priority can be set on this desk. */
static enum tix_err
demo_check_priority(struct demo_state *ds, enum tix_priority p,
    char **cause)
{
	if ((unsigned)p >= TIX_PRIORITY_COUNT)
		return tix_fail(cause, TIX_ERR_INVALID, "bad priority");
	if (ds->fl->priorities[p] == NULL) {
		return tix_fail(cause, TIX_ERR_INVALID,
		    "a %s desk needs a priority", ds->fl->title);
	}
	return TIX_OK;
}

/* A ticket the user opens for a customer. */
static enum tix_err
demo_create_ticket(struct demo_state *ds, const struct ticket *in,
    int64_t now, struct record **out, char **cause)
{
	const struct record	*customer = NULL, *me;
	struct record		*r;
	struct ticket		*t;
	enum tix_err		 err;
	size_t			 category = DEMO_NCATEGORIES;

	if (in->subject == NULL || *in->subject == '\0')
		return tix_fail(cause, TIX_ERR_INVALID, "the subject is empty");
	if (in->customer_id != NULL) {
		customer = demo_find(ds, TIX_KIND_CUSTOMER, in->customer_id,
		    NULL);
		if (customer == NULL) {
			return tix_fail(cause, TIX_ERR_INVALID,
			    "no customer %s", in->customer_id);
		}
	}
	err = demo_check_category(ds, in->category_id, cause);
	if (err != TIX_OK)
		return err;
	err = demo_check_assignee(ds, in->user_id, cause);
	if (err != TIX_OK)
		return err;
	if (in->priority != TIX_PRIORITY_NONE) {
		err = demo_check_priority(ds, in->priority, cause);
		if (err != TIX_OK)
			return err;
	}

	r = demo_ticket_new(ds, &ds->act_rng, customer, category, now);
	t = &r->u.ticket;
	free(t->subject);
	t->subject = xstrdup(in->subject);
	free(t->description);
	t->description = xstrdup_opt(in->description);
	t->category_id = xstrdup_opt(in->category_id);
	t->user_id = xstrdup_opt(in->user_id);
	strv_done(&t->tags);
	strv_copy(&t->tags, &in->tags);
	free(t->priority_raw);
	t->priority_raw = NULL;
	t->priority = in->priority;
	if (in->priority == TIX_PRIORITY_NONE &&
	    ds->fl->priorities[TIX_PRIORITY_NONE] == NULL)
		t->priority = TIX_PRIORITY_NORMAL;
	if (t->priority != TIX_PRIORITY_NONE)
		t->priority_raw = xstrdup(ds->fl->priorities[t->priority]);
	free(t->source);
	t->source = xstrdup("api");
	t->due_at = in->due_at;
	if (t->description != NULL && *t->description != '\0') {
		me = demo_find(ds, TIX_KIND_AGENT, ds->me_id, NULL);
		demo_note_add(ds, t->id, me, t->description, true, now);
	}
	*out = record_dup(r);
	return TIX_OK;
}

/* Create a note or a ticket as the user. */
enum tix_err
demo_data_create(struct demo_state *ds, const struct record *in,
    int64_t now, struct record **out, char **cause)
{
	switch (in->kind) {
	case TIX_KIND_NOTE:
		return demo_create_note(ds, &in->u.note, now, out, cause);
	case TIX_KIND_TICKET:
		return demo_create_ticket(ds, &in->u.ticket, now, out, cause);
	default:
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "the demo cannot create a %s",
		    (unsigned)in->kind < TIX_KIND_COUNT ?
		    tix_kind_name(in->kind) : "record");
	}
}

/* Apply a patch to a ticket as the user, all or nothing. */
enum tix_err
demo_data_update(struct demo_state *ds, const char *id,
    const struct patch *p, int64_t now, struct record **out, char **cause)
{
	const struct demo_flavour	*fl = ds->fl;
	struct record			*r;
	struct ticket			*t;
	enum tix_err			 err;

	r = demo_find(ds, TIX_KIND_TICKET, id, NULL);
	if (r == NULL) {
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no ticket %s",
		    id == NULL ? "(none)" : id);
	}
	t = &r->u.ticket;
	if (strv_has(&t->tags, "locked"))
		return tix_fail(cause, TIX_ERR_CONFLICT, DEMO_LOCKED_CAUSE);

	/* Check everything first, so a refused patch changes nothing. */
	if (p->fields & TIX_PATCH_PRIORITY) {
		err = demo_check_priority(ds, p->priority, cause);
		if (err != TIX_OK)
			return err;
	}
	if ((p->fields & TIX_PATCH_STATUS) &&
	    p->status != TIX_STATUS_ACTIVE && p->status != TIX_STATUS_CLOSED)
		return tix_fail(cause, TIX_ERR_INVALID, "bad status");
	if (p->fields & TIX_PATCH_CATEGORY) {
		err = demo_check_category(ds, p->category_id, cause);
		if (err != TIX_OK)
			return err;
	}
	if (p->fields & TIX_PATCH_ASSIGNEE) {
		err = demo_check_assignee(ds, p->user_id, cause);
		if (err != TIX_OK)
			return err;
	}

	t->updated_at = demo_bump(t->updated_at, now);
	if (p->fields & TIX_PATCH_PRIORITY) {
		t->priority = p->priority;
		free(t->priority_raw);
		t->priority_raw = NULL;
		if (p->priority != TIX_PRIORITY_NONE)
			t->priority_raw = xstrdup(fl->priorities[p->priority]);
	}
	if ((p->fields & TIX_PATCH_STATUS) && p->status != t->status) {
		demo_set_status(ds, t, p->status == TIX_STATUS_CLOSED ?
		    fl->status_solved : fl->status_open, t->updated_at);
	}
	if (p->fields & TIX_PATCH_CATEGORY) {
		free(t->category_id);
		t->category_id = xstrdup_opt(p->category_id);
	}
	if (p->fields & TIX_PATCH_ASSIGNEE) {
		free(t->user_id);
		t->user_id = xstrdup_opt(p->user_id);
	}
	if (p->fields & TIX_PATCH_TAGS) {
		strv_done(&t->tags);
		strv_copy(&t->tags, &p->tags);
	}
	*out = record_dup(r);
	return TIX_OK;
}

/* Delete a ticket and its thread. */
enum tix_err
demo_data_remove(struct demo_state *ds, enum tix_kind kind, const char *id,
    char **cause)
{
	struct demo_set	*notes = &ds->sets[TIX_KIND_NOTE];
	struct demo_set	*tickets = &ds->sets[TIX_KIND_TICKET];
	struct record	*r;
	size_t		 idx, j = 0;

	if (kind != TIX_KIND_TICKET) {
		return tix_fail(cause, TIX_ERR_UNSUPPORTED,
		    "the demo removes tickets only");
	}
	r = demo_find(ds, TIX_KIND_TICKET, id, &idx);
	if (r == NULL) {
		return tix_fail(cause, TIX_ERR_NOT_FOUND, "no ticket %s",
		    id == NULL ? "(none)" : id);
	}
	if (strv_has(&r->u.ticket.tags, "locked"))
		return tix_fail(cause, TIX_ERR_CONFLICT, DEMO_LOCKED_CAUSE);

	/* Its notes go with it. */
	for (size_t i = 0; i < notes->n; i++) {
		if (strcmp(notes->v[i]->u.note.ticket_id, id) == 0)
			record_free(&notes->v[i]);
		else
			notes->v[j++] = notes->v[i];
	}
	notes->n = j;
	record_free(&tickets->v[idx]);
	memmove(&tickets->v[idx], &tickets->v[idx + 1],
	    (tickets->n - idx - 1) * sizeof *tickets->v);
	tickets->n--;
	return TIX_OK;
}
