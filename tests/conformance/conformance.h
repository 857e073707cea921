/*
 * The provider conformance suite: every behaviour tix relies on, run
 * against every platform's emulator (tests/emulators/tix-emu) through the
 * platform's struct tix_provider_ops, as the session's worker drives it.
 *
 * A platform is one row (struct conf_row, the table in conf_rows.c): how
 * to start its emulator and configure an account, and what the platform
 * promises (conflict detection, where deletions show, page sizes, ...).
 * A behaviour is one function (conf_reads.c, conf_writes.c, conf_faults.c)
 * that runs for every row; the runner (test_conformance.c) makes one
 * cmocka test per row and behaviour, named "ROW/BEHAVIOUR".
 *
 * Assertions compare with what the emulator's admin path (/__emu/...)
 * says, never with timings.  Each test starts its own emulators, whose
 * stdin is a pipe this process holds: they exit when the test ends,
 * however it ends (the case's teardown stops them; so does our exit).
 *
 * A behaviour a row's adapter or emulator does not have yet is gated by
 * the row's pending list: cmocka reports it as skipped, with the reason.
 */
#ifndef TIX_CONFORMANCE_H
#define TIX_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/model.h"
#include "core/provider.h"

#define CONF_MAX_ALT	4	/* other account sections that must open */
#define CONF_MAX_WORDS	3	/* words a message must contain */
#define CONF_MAX_CASES	8	/* config errors per row */
#define CONF_MAX_PENDING 8	/* gated behaviours per row */
#define CONF_MAX_EMUS	2	/* emulators per test */

struct config;
struct http_client;

/* A config section that configure() must refuse, and what it says. */
struct conf_config_case {
	const char	*lines;		/* after "provider = P" */
	const char	*says[CONF_MAX_WORDS];	/* parts of the message */
};

/*
 * A check the row does not pass yet, and why: a behaviour's name in the
 * runner's table, or a checkpoint a behaviour names with conf_gate().
 * cmocka reports the test as skipped there, with the reason.
 */
struct conf_pending {
	const char	*what;
	const char	*why;
};

/* One platform: its emulator, its account and its promises. */
struct conf_row {
	const char	*name;		/* provider_find() and tix-emu name */

	/* tix-emu arguments every test of the row starts with. */
	const char	*emu_args[CONF_MAX_WORDS];
	/*
	 * The account section after its "provider =" and "url =" lines:
	 * account_lines, then "SECRET_KEY = SECRET".  secret is what the
	 * emulator accepts.
	 */
	const char	*account_lines;
	const char	*secret_key;
	const char	*secret;
	/* Other sections (after "url =") that open: OAuth, ... */
	const char	*auth_alt[CONF_MAX_ALT];
	/* Words a refused secret's message names. */
	const char	*auth_says[CONF_MAX_WORDS];
	/*
	 * Sections (after "provider =") that configure() refuses, and
	 * some it accepts.
	 */
	struct conf_config_case config_errors[CONF_MAX_CASES];
	const char	*config_ok[CONF_MAX_ALT];
	/* Words a 404 on get() names, besides being TIX_ERR_NOT_FOUND. */
	const char	*not_found_says[CONF_MAX_WORDS];
	/* Words a refused stale write names (rows with conflicts). */
	const char	*conflict_says[CONF_MAX_WORDS];

	/*
	 * The request ("METHOD /path", as the emulator counts them) an
	 * admin's poll with a watermark must use.
	 */
	const char	*poll_request;
	/* Pages: the cap on a page's size; pages a walk may take (0: any). */
	size_t		 page_max;
	size_t		 page_window;

	/*
	 * Promises.  conflicts: a write over someone else's newer change
	 * is refused (TIX_ERR_CONFLICT) rather than merged (last write
	 * wins).  deletions_listed: an incremental list carries deleted
	 * ids in page.removed (otherwise only get() says TIX_ERR_NOT_FOUND).
	 * closed_at: closed tickets carry closed_at.  watermark: pages
	 * report the newest updated_at (otherwise 0, and the caller keeps
	 * its own).  deleted_walk: a poll's ticket list ends with a list of
	 * the tickets deleted since (one more page).
	 */
	bool		 conflicts;
	bool		 deletions_listed;
	bool		 deleted_walk;
	bool		 closed_at;
	bool		 watermark;

	/* The platform's own words, as status_raw and priority_raw keep them. */
	const char	*raw_active;	/* after a write of ACTIVE */
	const char	*raw_closed;	/* after a write of CLOSED */
	const char	*raw_pending;	/* after admin_pending */
	const char	*raw_low;	/* priority LOW */
	const char	*raw_urgent;	/* priority URGENT */

	/*
	 * Changes "by another agent" through the admin path, in the
	 * platform's field names: priority urgent with the one tag
	 * "changed-elsewhere"; status pending; a note with line breaks
	 * whose text tix must show as note_text (the platform's own plain
	 * text may have lost them).
	 */
	const char	*admin_urgent;
	const char	*admin_pending;
	const char	*admin_note_lines;
	const char	*note_text;

	/* A category every emulated account has (by name), and a bad one. */
	const char	*category_named;
	const char	*bad_category;
	const char	*bad_category_says;
	/* The authenticated agent's e-mail, when the platform sets it. */
	const char	*me_email;

	struct conf_pending pending[CONF_MAX_PENDING];
};

extern const struct conf_row	 conf_rows[];
extern const size_t		 conf_nrows;

/* One running tix-emu and an account configured against it. */
struct conf_emu {
	const struct conf_row	*row;
	pid_t			 pid;		/* 0: none (config tests) */
	int			 in;		/* its stdin: closing ends it */
	unsigned		 port;
	char			 dir[64];	/* private, for the config */
	char			*path;		/* the config file */
	struct config		*config;
	struct account		 account;
	struct http_client	*admin;
};

/* One test: a row, a behaviour, and what to stop when it ends. */
struct conf_case {
	const struct conf_row	*row;
	const char		*behaviour;
	void			(*run)(struct conf_case *);
	struct conf_emu		*emus[CONF_MAX_EMUS];
};

/* Every page of a list, gathered. */
struct conf_listing {
	struct record	**r;
	size_t		  n;
	char		**removed;	/* page.removed of every page */
	size_t		  nremoved;
	size_t		  pages;
	int64_t		  watermark;	/* the newest page watermark */
};

/*
 * Start tix-emu for the row with extra arguments (NULL-terminated) and
 * configure the account with the row's default section (not opened).
 * The case stops it at the end of the test.
 */
struct conf_emu	*conf_emu_start(struct conf_case *, const char *const *args);
/* Stop one now (close, free, wait for a clean exit). */
void		 conf_emu_stop(struct conf_case *, struct conf_emu *);
/* Stop every emulator the case still has. */
void		 conf_case_done(struct conf_case *);

/*
 * An account with no emulator behind it, for what needs no I/O
 * (configure); stopped with the case like the others.
 */
struct conf_emu	*conf_offline(struct conf_case *);
/*
 * Write the account's config, "[account NAME]", "provider = P" and then
 * body, and configure() the account; returns configure's answer.
 */
enum tix_err	 conf_account_setup(struct conf_emu *, const char *body,
		    char **cause);
/* A section body: the emulator's "url =" line, then rest. */
char		*conf_account_body(const struct conf_emu *, const char *rest);
/* The row's section body with this secret. */
char		*conf_account_secret(const struct conf_emu *,
		    const char *secret);
/* open(), which must succeed. */
void		 conf_open(struct conf_emu *);
/* conf_emu_start + conf_open: the usual start of a test. */
struct conf_emu	*conf_start(struct conf_case *, const char *const *args);

/*
 * An admin-path request; *status (may be NULL) gets the HTTP status.
 * Returns the parsed answer or NULL when there is none.
 */
cJSON		*conf_admin(struct conf_emu *, const char *method,
		    const char *path, const char *body, long *status);
/* An admin request that must answer 2xx; formats the path. */
cJSON		*conf_admin_ok(struct conf_emu *, const char *method,
		    const char *body, const char *fmt, ...)
		    TIX_PRINTF(4, 5);
/* A number in /__emu/stats at a path of members (NULL-terminated); -1. */
double		 conf_stat(struct conf_emu *, ...);
/* How many notes the admin path shows on a ticket with this text. */
size_t		 conf_admin_notes_with(struct conf_emu *, const char *ticket,
		    const char *text);
/* The number of notes the admin path shows on a ticket. */
size_t		 conf_admin_note_count(struct conf_emu *, const char *ticket);

/* List every page of a kind; the first error, if any (listing kept). */
enum tix_err	 conf_list(struct conf_emu *, enum tix_kind, int64_t since,
		    const char *ticket_id, size_t limit, struct conf_listing *,
		    char **cause);
/* conf_list that must succeed. */
void		 conf_list_ok(struct conf_emu *, enum tix_kind, int64_t since,
		    const char *ticket_id, size_t limit,
		    struct conf_listing *);
void		 conf_listing_done(struct conf_listing *);
/* The record with an id, or NULL. */
struct record	*conf_find(const struct conf_listing *, const char *id);
/* How many different ids a listing has. */
size_t		 conf_distinct(const struct conf_listing *);
/* Is id among the listing's removed ids? */
bool		 conf_removed_has(const struct conf_listing *, const char *id);
/* The newest updated_at of the listing's tickets or notes. */
int64_t		 conf_newest(const struct conf_listing *);
/*
 * The watermark to poll from after this listing, as the session keeps
 * it: the pages' own, else the newest updated_at seen.
 */
int64_t		 conf_since(const struct conf_listing *);

/* The emulator's customers for N tickets (its README: max(3, N/3)). */
size_t		 conf_customers_for(size_t tickets);
/*
 * Every ticket listed, as the admin view has them: the ids are exactly
 * 1..ticket_count, none twice unless repeats (a walk that restarts its
 * window); probe_each asks the admin path for each listed ticket too.
 */
void		 conf_assert_all_tickets(struct conf_emu *,
		    const struct conf_listing *, bool repeats,
		    bool probe_each);

/* get() a ticket, which must exist. */
struct record	*conf_get_ticket(struct conf_emu *, const char *id);
/* update() that must succeed: *maybe_sent false, the copy handed back. */
struct record	*conf_update_ok(struct conf_emu *, const char *id,
		    const struct patch *);
/*
 * A note through create(); the answer (NULL on error) and what it said.
 * *maybe_sent is left as the caller set it unless the provider sets it.
 */
struct record	*conf_note(struct conf_emu *, const char *ticket,
		    const char *text, bool is_public, enum tix_err *err,
		    bool *maybe_sent, char **cause);
/* conf_note that must succeed (and say *maybe_sent false). */
struct record	*conf_note_ok(struct conf_emu *, const char *ticket,
		    const char *text, bool is_public);
/*
 * An ACTIVE ticket of the listing last changed before this second (so
 * a change moves its updated_at), skipping the first skip such.
 */
const char	*conf_pick_active(const struct conf_listing *, size_t skip);
/* The agent that is "me" (me true), or another one (me false). */
const char	*conf_agent(const struct conf_listing *, bool me);

/*
 * Skip the rest of the test (cmocka: skipped) when the row lists what
 * as pending, printing the reason.  Call it where nothing but the
 * case's emulators is held, so a skip leaks nothing.
 */
void		 conf_gate(struct conf_case *, const char *what);

/* The behaviours (conf_reads.c, conf_writes.c, conf_faults.c). */
void	conf_pages(struct conf_case *);
void	conf_page_size(struct conf_case *);
void	conf_empty(struct conf_case *);
void	conf_first_load(struct conf_case *);
void	conf_get_missing(struct conf_case *);
void	conf_incremental(struct conf_case *);
void	conf_deletions(struct conf_case *);
void	conf_closed_at(struct conf_case *);
void	conf_hostile(struct conf_case *);
void	conf_ten_thousand(struct conf_case *);
void	conf_page_window(struct conf_case *);
void	conf_write_priority(struct conf_case *);
void	conf_write_status(struct conf_case *);
void	conf_write_category(struct conf_case *);
void	conf_write_assignee(struct conf_case *);
void	conf_write_tags(struct conf_case *);
void	conf_write_all(struct conf_case *);
void	conf_reply(struct conf_case *);
void	conf_internal_note(struct conf_case *);
void	conf_note_lines(struct conf_case *);
void	conf_customer_note(struct conf_case *);
void	conf_conflict(struct conf_case *);
void	conf_auth(struct conf_case *);
void	conf_config(struct conf_case *);
void	conf_fault_429(struct conf_case *);
void	conf_fault_5xx(struct conf_case *);
void	conf_fault_slow(struct conf_case *);
void	conf_fault_drop(struct conf_case *);
void	conf_fault_drop_all(struct conf_case *);
void	conf_fault_truncate(struct conf_case *);
void	conf_fault_invalid_json(struct conf_case *);
void	conf_fault_drop_after_write(struct conf_case *);
void	conf_fault_5xx_after_write(struct conf_case *);
void	conf_fault_truncate_after_write(struct conf_case *);

/* Does s contain every word (NULL entries end the list)? */
void		 conf_assert_says(const char *s, const char *const *words,
		    size_t nwords);
/* A cause is one line: set, no newline. */
void		 conf_assert_one_line(const char *cause);

#endif
