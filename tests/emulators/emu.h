/*
 * tix-emu: a local help-desk API emulator for tests.  One process speaks
 * one platform on 127.0.0.1, over a seeded, neutral data set held in one
 * model guarded by one mutex.
 *
 * The shared files know no platform:
 *   emu.c        main, options, signals, the platform registry
 *   emu_http.c   libmicrohttpd, requests and responses, body faults
 *   emu_fault.c  request faults and the rate limit
 *   emu_route.c  the auth rule and the route table
 *   emu_page.c   server-side paginators (cursor, Link, page, export)
 *   emu_json.c   JSON helpers
 *   emu_admin.c  the admin path (/__emu/) and request statistics
 *   emu_data.c   the data set
 *   emu_text.c   timestamps, HTML text, lookups
 * A platform is a route table, its codecs (wire shapes, errors, headers)
 * and one line in the registry in emu.c: emu_zendesk.c with
 * emu_zd_codec.c and emu_zd_write.c; emu_freshdesk.c with emu_fd_codec.c
 * and emu_fd_write.c.  Nothing here is installed or used by tix itself.
 */
#ifndef TIX_EMU_H
#define TIX_EMU_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cJSON.h>

#include "core/xmalloc.h"

#define EMU_NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* Command-line options. */
struct emu_opts {
	const char	*provider;	/* a registered platform's name */
	unsigned	 port;		/* 0: any free port */
	uint64_t	 seed;
	unsigned	 tickets;
	time_t		 now;		/* --now, else time(NULL) at start */

	const char	*email;		/* email/token user */
	const char	*token;		/* API token */
	const char	*oauth_token;	/* OAuth bearer token */
	const char	*api_key;	/* API key */
	int		 me_admin;	/* --me-role admin (default) or agent */

	unsigned	 rate_limit;	/* requests per minute */
	unsigned	 export_lag;	/* exports: seconds hidden */

	unsigned	 fault_429_every;
	double		 fault_5xx_rate;
	unsigned	 fault_slow_ms;
	unsigned	 fault_drop_every;
	unsigned	 fault_truncate_every;
	unsigned	 fault_invalid_json_every;
	unsigned	 fault_drop_after_write;
	unsigned	 fault_5xx_after_write;
	unsigned	 fault_truncate_after_write;
	int		 hostile;
};

/* User roles; agents and end users share one table. */
enum emu_role {
	EMU_END_USER,
	EMU_AGENT,
	EMU_ADMIN
};

/* Ticket status, neutral; each platform's codec names them. */
enum emu_status {
	EMU_ST_NEW,
	EMU_ST_OPEN,
	EMU_ST_PENDING,
	EMU_ST_HOLD,
	EMU_ST_SOLVED,
	EMU_ST_CLOSED,
	EMU_ST_COUNT
};

/* Ticket priority, neutral. */
enum emu_priority {
	EMU_PRIO_NONE,
	EMU_PRIO_LOW,
	EMU_PRIO_NORMAL,
	EMU_PRIO_HIGH,
	EMU_PRIO_URGENT,
	EMU_PRIO_COUNT
};

struct emu_user {
	int64_t		 id;
	char		*name;
	char		*email;
	enum emu_role	 role;
	time_t		 created;
	time_t		 updated;
	time_t		 generated;	/* changed for the exports */
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

/* A thread entry: a public reply (or customer message) or a note. */
enum emu_note_kind {
	EMU_NOTE_REPLY,
	EMU_NOTE_NOTE
};

struct emu_note {
	int64_t			 id;
	int64_t			 author_id;
	enum emu_note_kind	 kind;
	int			 public;
	int			 incoming;	/* from the customer */
	int			 via_api;	/* added while serving */
	char			*body;		/* plain text */
	char			*html_body;	/* as sent; NULL: from body */
	time_t			 created;
};

struct emu_ticket {
	int64_t		 id;
	char		*subject;
	char		*description;	/* first message, plain text */
	char		*description_html; /* as sent; NULL: from the text */
	enum emu_status	 status;
	enum emu_priority priority;
	char		*type;		/* NULL: null */
	int64_t		 requester_id;
	int64_t		 submitter_id;
	int64_t		 assignee_id;	/* 0: null */
	int64_t		 group_id;	/* 0: null */
	int		 source;	/* the platform's channel number */
	char		**tags;
	size_t		 ntags;
	time_t		 created;
	time_t		 updated;
	time_t		 generated;	/* changed for the exports */
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

struct emu_platform;

/* The data set.  Everything in it is guarded by lock. */
struct emu_data {
	pthread_mutex_t		 lock;
	const struct emu_platform *platform;
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
	/* The newest updated_at handed out by a write while serving. */
	time_t			 last_stamp;
};

extern struct emu_data		 emu_db;
extern struct emu_opts		 emu_opts;

/* One request as the handlers see it. */
struct emu_req {
	void		*conn;		/* struct MHD_Connection */
	const char	*method;
	const char	*path;		/* without the query */
	char		*seg[8];	/* path segments */
	size_t		 nseg;
	const char	*body;
	size_t		 body_len;
	const char	*host;		/* Host header, for links */
	int64_t		 id;		/* a route's {id}, else 0 */
	struct emu_ticket *ticket;	/* a route's ticket, else NULL */
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
	unsigned	 credits;	/* rate-limit cost of this request */
	int		 write;		/* a write was applied */
	int		 truncate;	/* send half the body */
};

typedef void	(*emu_handler)(struct emu_req *, struct emu_resp *);

/* What a route's {id} must name before its handler runs. */
enum emu_need {
	EMU_NEED_NONE,
	EMU_NEED_TICKET,	/* a ticket, not deleted */
	EMU_NEED_ANY_TICKET	/* a ticket, deleted or not */
};

/*
 * One route: a method and a path pattern whose segments are literal or
 * "{id}" (a positive integer, in req->id).  The first match wins.
 */
struct emu_route {
	const char	*method;
	const char	*path;
	enum emu_need	 need;
	emu_handler	 fn;
};

/* How a platform authenticates API requests (the rule is in emu_route.c). */
enum emu_auth {
	EMU_AUTH_EMAIL_TOKEN,	/* Basic "{email}/token:{token}" */
	EMU_AUTH_KEY		/* Basic "{api key}:{anything}" */
};

/* A cumulative share of generated tickets in one status. */
struct emu_mix {
	unsigned	 below;		/* percent, cumulative; 100 ends */
	enum emu_status	 status;
};

/*
 * A platform: its routes, its codecs and the few facts the shared data
 * set needs.  Error and header callbacks write the platform's own shapes;
 * 502 and 503 are edge pages, written by the shared code.
 */
struct emu_platform {
	const char		*name;
	enum emu_auth		 auth;
	int			 bearer;	/* OAuth bearer accepted */
	const char		*path_suffix;	/* optional, e.g. ".json" */
	unsigned		 rate_limit;	/* default per minute */
	const struct emu_route	*routes;	/* ends with a NULL method */

	/* Data set: id ranges, the status mix and per-ticket fields. */
	int64_t			 first_user_id;
	int64_t			 first_group_id;
	int64_t			 first_note_id;
	int			 description_note; /* thread starts with it */
	const struct emu_mix	*mix_recent;
	const struct emu_mix	*mix_old;	/* untouched for 30 days */
	void			 (*seed_ticket)(struct emu_ticket *);

	/* Errors and headers. */
	void	 (*no_route)(struct emu_resp *);
	void	 (*not_found)(struct emu_resp *);
	void	 (*auth_error)(struct emu_resp *);
	void	 (*rate_error)(struct emu_resp *, unsigned retry);
	void	 (*rate_headers)(struct emu_resp *, unsigned limit,
		    unsigned remaining);
	/* The application's JSON error body, and its 500 and 413 texts. */
	void	 (*error)(struct emu_resp *, unsigned status,
		    const char *code, const char *message);
	const char		*internal_error[2];	/* code, message */
	const char		*too_large[2];

	/* The admin path, called with emu_db.lock held. */
	cJSON	*(*ticket_json)(struct emu_req *, struct emu_ticket *);
	cJSON	*(*note_json)(struct emu_ticket *, struct emu_note *);
	int	 (*ticket_patch)(struct emu_req *, struct emu_ticket *,
		    cJSON *, struct emu_resp *);
	int	 (*ticket_new)(struct emu_req *, cJSON *, struct emu_resp *,
		    struct emu_ticket **);
};

extern const struct emu_platform	emu_zendesk;
extern const struct emu_platform	emu_freshdesk;

/* Request statistics and fault counters, guarded by emu_db.lock. */
struct emu_stats {
	unsigned long	 requests;	/* all */
	unsigned long	 api;		/* API paths only */
	unsigned long	 writes;	/* API writes applied */
	unsigned long	 f429, f5xx, fslow, fdrop, ftrunc, finvalid;
	unsigned long	 fdrop_write, f5xx_write, ftrunc_write;
	unsigned long	 rate_limited;
	uint64_t	 rng;		/* the 5xx rate's own stream */
	time_t		 window;	/* current rate-limit minute */
	unsigned	 window_used;
};

extern struct emu_stats		 emu_stats;

/* emu.c: parsing. */
int		 emu_parse_uint(const char *, long long, long long,
		     long long *);
int		 emu_parse_int64(const char *, int64_t *);

/* emu_http.c: responses and requests. */
void		 emu_resp_json(struct emu_resp *, unsigned, cJSON *);
void		 emu_resp_text(struct emu_resp *, unsigned, const char *,
		     const char *);
void		 emu_resp_header(struct emu_resp *, const char *,
		     const char *, ...) TIX_PRINTF(3, 4);
void		 emu_resp_reset(struct emu_resp *);
void		 emu_resp_uheaders(struct emu_resp *, ...);
const char	*emu_req_arg(struct emu_req *, const char *);
const char	*emu_req_header(struct emu_req *, const char *);
int		 emu_req_args(struct emu_req *, const char *,
		     const char **, int);
long long	 emu_req_int(struct emu_req *, const char *, long long,
		     long long, long long);
char		*emu_req_url(struct emu_req *, const char *const *, size_t);
char		*emu_base64_decode(const char *);
int		 emu_http_start(unsigned, unsigned *);
void		 emu_http_stop(void);

/* emu_fault.c */
int		 emu_fault_every(unsigned, unsigned long);
int		 emu_fault_before(unsigned long, struct emu_resp *);
void		 emu_fault_after_write(struct emu_resp *, int *);
void		 emu_fault_server_error(struct emu_resp *, unsigned);

/* emu_route.c */
int		 emu_auth_check(struct emu_req *);
void		 emu_route_serve(struct emu_req *, struct emu_resp *);

/* emu_admin.c */
void		 emu_admin_serve(struct emu_req *, struct emu_resp *);
void		 emu_stats_count(const char *, const char *);
void		 emu_stats_free(void);

/* emu_json.c */
void		 emu_json_time(cJSON *, const char *, time_t);
void		 emu_json_id(cJSON *, const char *, int64_t);
void		 emu_json_str(cJSON *, const char *, const char *);
void		 emu_json_url(cJSON *, struct emu_req *, const char *,
		     int64_t, const char *);
cJSON		*emu_json_strv(char *const *, size_t);
cJSON		*emu_json_str_value(const char *);
cJSON		*emu_json_id_value(int64_t);
int		 emu_json_get_id(cJSON *, const char *, int64_t *);
int		 emu_json_is_strings(cJSON *);
int		 emu_json_true(cJSON *);
char		**emu_json_strv_borrow(cJSON *, size_t *);
void		 emu_json_set_tags(struct emu_ticket *, cJSON *);
void		 emu_json_const(cJSON *, const char *);
void		 emu_json_error(struct emu_resp *, unsigned, const char *,
		     const char *, const char *, const char *);

/* emu_page.c: paginators. */
struct emu_item {
	int64_t		 key;		/* sort key */
	int64_t		 id;		/* tie-break */
	void		*ptr;
};

struct emu_window {
	size_t		 start;
	size_t		 end;		/* items[start..end) are served */
	int		 more;		/* items remain past end */
};

/* Page and per-page rules: defaults, maxima and a window cap. */
struct emu_offset_rule {
	long long	 per_default;
	long long	 per_max;
	int		 per_clamp;	/* above per_max: clamp, not fail */
	long long	 max_pages;	/* 0: none */
	long long	 max_records;	/* 0: none */
};

enum emu_page_err {
	EMU_PAGE_OK,
	EMU_PAGE_BAD_PAGE,
	EMU_PAGE_BAD_PER,
	EMU_PAGE_PAST_CAP
};

void		 emu_items_sort(struct emu_item *, size_t, int);
enum emu_page_err emu_page_offset(struct emu_req *,
		     const struct emu_offset_rule *, size_t, long long *,
		     struct emu_window *);
void		 emu_page_link_next(struct emu_req *, struct emu_resp *,
		     long long, int);
char		*emu_cursor_encode(int64_t, int64_t);
int		 emu_cursor_decode(const char *, int64_t *, int64_t *);
void		 emu_page_cursor(const struct emu_item *, size_t, int,
		     size_t, const int64_t *, const int64_t *,
		     struct emu_window *);
void		 emu_page_after(const struct emu_item *, size_t, int64_t,
		     int64_t, size_t, struct emu_window *);
void		 emu_page_seconds(const struct emu_item *, size_t, size_t,
		     struct emu_window *);

/* emu_data.c: the data set. */
void		 emu_data_init(const struct emu_platform *);
void		 emu_data_free(void);
uint64_t	 emu_rand(uint64_t *);
uint64_t	 emu_data_below(uint64_t);
struct emu_ticket *emu_data_ticket(int64_t);
struct emu_user	*emu_data_user(int64_t);
struct emu_group *emu_data_group(int64_t);
struct emu_ticket *emu_data_ticket_add(void);
struct emu_user	*emu_data_user_add(const char *, const char *);
struct emu_note	*emu_data_note_add(struct emu_ticket *, int64_t,
		     enum emu_note_kind, int, const char *, const char *);
void		 emu_data_ticket_free(struct emu_ticket *);
void		 emu_data_touch(struct emu_ticket *);
void		 emu_data_set_status(struct emu_ticket *, enum emu_status);
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
size_t		 emu_html_entity(const char *, char *);
int		 emu_lookup(const char *const *, size_t, const char *);

#endif
