/*
 * tix-emu: a local help-desk API emulator for tests.  One process speaks
 * one platform (Zendesk or Freshdesk) on 127.0.0.1, over a seeded data set
 * held in one shared model guarded by one mutex.  emu.c owns the HTTP
 * side (libmicrohttpd), options, routing, the admin path and faults;
 * emu_data.c the data set; emu_zendesk.c and emu_freshdesk.c the wire
 * formats.  Nothing here is installed or used by tix itself.
 */
#ifndef TIX_EMU_H
#define TIX_EMU_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cJSON.h>

#include "core/xmalloc.h"

/* Command-line options. */
struct emu_opts {
	const char	*provider;	/* "zendesk" or "freshdesk" */
	unsigned	 port;		/* 0: any free port */
	uint64_t	 seed;
	unsigned	 tickets;
	time_t		 now;		/* --now, else time(NULL) at start */

	const char	*email;		/* Zendesk API-token user */
	const char	*token;		/* Zendesk API token */
	const char	*oauth_token;	/* Zendesk OAuth bearer token */
	const char	*api_key;	/* Freshdesk API key */
	int		 me_admin;	/* --me-role admin (default) or agent */

	unsigned	 rate_limit;	/* requests per minute */
	unsigned	 export_lag; /* Zendesk incremental: seconds hidden */

	unsigned	 fault_429_every;
	double		 fault_5xx_rate;
	unsigned	 fault_slow_ms;
	unsigned	 fault_drop_every;
	unsigned	 fault_truncate_every;
	unsigned	 fault_invalid_json_every;
	unsigned	 fault_drop_after_write;
	unsigned	 fault_5xx_after_write;
	int		 hostile;
};

/* User roles; agents and end users share one table. */
enum emu_role {
	EMU_END_USER,
	EMU_AGENT,
	EMU_ADMIN
};

struct emu_user {
	int64_t		 id;
	char		*name;
	char		*email;
	enum emu_role	 role;
	time_t		 created;
	time_t		 updated;
	time_t		 generated;	/* Zendesk generated_timestamp */
	char		**tags;		/* customers only, may be empty */
	size_t		 ntags;
	char		**other_emails;
	size_t		 nother_emails;
};

struct emu_group {
	int64_t		 id;
	char		*name;
	char		*description;
	time_t		 created;
	time_t		 updated;
};

/*
 * A comment (Zendesk) or conversation (Freshdesk).  public is false for an
 * internal note; kind tells a Freshdesk reply from a note.
 */
enum emu_note_kind {
	EMU_NOTE_COMMENT,	/* Zendesk comment, or customer message */
	EMU_NOTE_REPLY,		/* Freshdesk reply, source 0 */
	EMU_NOTE_NOTE		/* Freshdesk note, source 2 */
};

struct emu_note {
	int64_t			 id;
	int64_t			 author_id;
	enum emu_note_kind	 kind;
	int			 public;
	int			 incoming;
	int			 via_api;	/* added while serving */
	char			*body;		/* plain text */
	char			*html_body;	/* NULL: derived from body */
	time_t			 created;
};

/*
 * A ticket.  status and priority hold the platform's own value:
 * Zendesk status is an index into emu_zd_status[] and priority 0 (null)
 * to 4 (urgent); Freshdesk status is 2..5 and priority 1..4.
 */
struct emu_ticket {
	int64_t		 id;
	char		*subject;
	char		*description;	/* first message, plain text */
	char		*description_html; /* as sent; NULL: from the text */
	int		 status;
	int		 priority;
	char		*type;		/* NULL: null */
	int64_t		 requester_id;
	int64_t		 submitter_id;
	int64_t		 assignee_id;	/* 0: null */
	int64_t		 group_id;	/* 0: null */
	int		 source;	/* Freshdesk source */
	char		**tags;
	size_t		 ntags;
	time_t		 created;
	time_t		 updated;
	time_t		 generated;	/* Zendesk generated_timestamp */
	time_t		 status_at;	/* last status change */
	time_t		 solved_at;	/* 0: not solved or closed */
	time_t		 closed_at;	/* 0: not closed */
	time_t		 reopened_at;	/* 0: never reopened */
	int		 deleted;

	struct emu_note	**notes;
	size_t		 nnotes;
	size_t		 notes_size;

	unsigned	 notes_added;	/* via the API or admin path */
	unsigned	 notes_dup;	/* same body and visibility twice */
	int		 touched;	/* written while serving */
};

/* The data set.  Everything in it is guarded by lock. */
struct emu_data {
	pthread_mutex_t		 lock;
	int			 zendesk;	/* else Freshdesk */
	time_t			 now;

	struct emu_user		**users;	/* agents first */
	size_t			 nusers;
	size_t			 users_size;
	size_t			 nagents;
	struct emu_user		*me;

	struct emu_group	**groups;
	size_t			 ngroups;

	struct emu_ticket	**tickets;	/* tickets[id - 1] */
	size_t			 ntickets;
	size_t			 tickets_size;

	int64_t			 next_note_id;
	int64_t			 next_user_id;
	uint64_t		 rng;		/* for writes while serving */
};

extern struct emu_data		 emu_db;
extern struct emu_opts		 emu_opts;

/* Ticket types offered by each platform's "type" field. */
extern const char *const	 emu_zd_status[];
extern const size_t		 emu_zd_nstatus;
extern const char *const	 emu_zd_priority[];
extern const char *const	 emu_zd_types[];
extern const char *const	 emu_fd_types[];

/* One request as the platform modules see it. */
struct emu_req {
	void		*conn;		/* struct MHD_Connection */
	const char	*method;
	const char	*path;		/* without the query */
	char		*seg[8];	/* path segments */
	size_t		 nseg;
	const char	*body;
	size_t		 body_len;
	const char	*host;		/* Host header, for links */
};

#define EMU_MAX_HEADERS	16

/* One response under construction. */
struct emu_resp {
	unsigned	 status;
	char		*body;		/* xmalloc'd, NULL for none */
	size_t		 len;
	const char	*ctype;
	char		*hname[EMU_MAX_HEADERS];
	char		*hvalue[EMU_MAX_HEADERS];
	size_t		 nheaders;
	unsigned	 credits;	/* Freshdesk rate-limit cost */
	int		 write;		/* a write was applied */
};

/* A platform: its wire format and routes. */
struct emu_provider {
	const char	*name;
	/* Check the Authorization header; 1 if accepted. */
	int		 (*auth_ok)(const char *user, const char *pass,
			     const char *bearer);
	/* Serve one API request; called with emu_db.lock held. */
	void		 (*serve)(struct emu_req *, struct emu_resp *);
	void		 (*auth_error)(struct emu_resp *);
	void		 (*rate_error)(struct emu_resp *, unsigned retry);
	void		 (*rate_headers)(struct emu_resp *, unsigned limit,
			     unsigned remaining);
	void		 (*server_error)(struct emu_resp *, unsigned);
	/* Admin path helpers; called with emu_db.lock held. */
	cJSON		*(*ticket_json)(struct emu_req *,
			     struct emu_ticket *);
	cJSON		*(*note_json)(struct emu_ticket *, struct emu_note *);
	int		 (*ticket_patch)(struct emu_req *, struct emu_ticket *,
			     cJSON *, struct emu_resp *);
	int		 (*ticket_new)(struct emu_req *, cJSON *,
			     struct emu_resp *, struct emu_ticket **);
};

extern const struct emu_provider	emu_zendesk;
extern const struct emu_provider	emu_freshdesk;

/* emu.c: responses and requests. */
void		 emu_resp_json(struct emu_resp *, unsigned, cJSON *);
void		 emu_resp_text(struct emu_resp *, unsigned, const char *,
		     const char *);
void		 emu_resp_header(struct emu_resp *, const char *,
		     const char *, ...) TIX_PRINTF(3, 4);
const char	*emu_req_arg(struct emu_req *, const char *);
const char	*emu_req_header(struct emu_req *, const char *);
int		 emu_req_args(struct emu_req *, const char *,
		     const char **, int);
char		*emu_req_url(struct emu_req *, const char *const *, size_t);
int		 emu_parse_uint(const char *, long long, long long,
		     long long *);
int		 emu_parse_int64(const char *, int64_t *);

/* emu_data.c: the data set. */
void		 emu_data_init(void);
void		 emu_data_free(void);
uint64_t	 emu_rand(uint64_t *);
struct emu_ticket *emu_data_ticket(int64_t);
struct emu_user	*emu_data_user(int64_t);
struct emu_group *emu_data_group(int64_t);
struct emu_ticket *emu_data_ticket_add(void);
struct emu_user	*emu_data_user_add(const char *, const char *);
struct emu_note	*emu_data_note_add(struct emu_ticket *, int64_t,
		     enum emu_note_kind, int, const char *, const char *);
void		 emu_data_ticket_free(struct emu_ticket *);
void		 emu_data_touch(struct emu_ticket *);
void		 emu_data_set_status(struct emu_ticket *, int);
void		 emu_data_set_tags(struct emu_ticket *, char **, size_t);
int		 emu_data_has_tag(struct emu_ticket *, const char *);
void		 emu_data_add_tag(struct emu_ticket *, const char *);
void		 emu_data_remove_tag(struct emu_ticket *, const char *);
struct emu_user	*emu_data_other_agent(void);
const char	*emu_time_iso(time_t, char *, size_t);
time_t		 emu_clock(void);
int		 emu_time_parse(const char *, time_t *);
char		*emu_html_escape(const char *);
char		*emu_html_strip(const char *);

#endif
