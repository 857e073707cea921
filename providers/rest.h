/*
 * The REST adapter kit: what every HTTP/JSON help-desk adapter shares,
 * after curl's vtls.  The generic layer owns an account's shared state
 * and behaviour; a platform is a const struct rest_platform (a
 * descriptor: config keys, field maps, lists, writes) plus the quirks
 * only it has.  rest.c: config, auth, open, the call; rest_read.c:
 * records by field maps; rest_list.c: lists, paginators, cursors, get;
 * rest_write.c: notes and updates.
 *
 * How to add a platform: docs/platforms/README.md.
 *
 * Threads and lifetime follow core/provider.h: rest_configure() runs on
 * the UI thread before the worker starts; everything else on the
 * account's worker.  The state lives in account->priv from configure()
 * to close().
 *
 * Decisions made here, once for every platform:
 *   - Config: the shared keys (provider, url, ca_file, the secret's
 *     NAME/NAME_cmd/NAME_env), auth and category where the descriptor
 *     has them, plus the descriptor's keys; any other key is an error.
 *     Errors read "FILE:LINE: [account NAME]: KEY: reason".  url =
 *     overrides the platform's host key, with or without it.
 *   - The secret is resolved once, in configure() (a _cmd runs once per
 *     start), kept wiped-on-free until close(); open() retried after a
 *     failure reuses it.
 *   - A bad id (not what the platform's ids look like) is
 *     TIX_ERR_NOT_FOUND: no such record can exist.
 *   - A slot called before open() succeeded is TIX_ERR_INVALID "not open".
 *   - A record in a page that cannot be read is skipped, counted in
 *     account->skipped (shown in the account's status) and logged; the
 *     rest of the page is kept.  A page whose envelope cannot be read
 *     fails as a whole (TIX_ERR_PARSE).  An item that says its record is
 *     gone is reported in page->removed.
 *   - A note's author is an agent when one of the account's agents,
 *     else the customer.
 *   - A write that fails after it may have reached the platform (5xx,
 *     timeout, connection dropped after sending) sets *maybe_sent; a
 *     note is never sent twice by the kit.
 */
#ifndef TIX_REST_H
#define TIX_REST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "core/error.h"
#include "core/hashmap.h"
#include "core/json.h"
#include "core/model.h"
#include "core/provider.h"

struct arena;
struct config_section;
struct http_client;
struct rest;

/* How the account authenticates (docs/platforms/<platform>.md). */
enum rest_auth {
	REST_AUTH_BASIC_USER,	/* Basic "USER<user_suffix>:SECRET" */
	REST_AUTH_BASIC_KEY,	/* Basic "SECRET:<key_password>" */
	REST_AUTH_BEARER,	/* Authorization: Bearer SECRET */
};

/* A platform's own config key. */
struct rest_key {
	const char	*name;
	bool		 required;
	/* Is the value acceptable?  NULL: any non-empty value. */
	bool		(*valid)(const char *value);
	/* What a good value looks like, for the error ("expected ..."). */
	const char	*expect;
};

/* A choice of auth = VALUE. */
struct rest_auth_choice {
	const char	*value;		/* "token", "oauth" */
	enum rest_auth	 auth;
};

/*
 * A platform's word for a level (a status or a priority), read and
 * written: a name ("open") or a number with its label (2, "Open").
 */
struct rest_level {
	const char	*name;		/* the word, or the number's label */
	long		 number;	/* numeric levels: the number; else 0 */
	int		 level;		/* enum tix_status or tix_priority */
	bool		 write;		/* what is sent to set this level */
};

/* Member-to-field converters for the field maps. */
enum rest_conv {
	REST_STRING,	/* string -> char * */
	REST_HTML,	/* HTML string -> char * text, lines kept */
	REST_ID,	/* integer id (exact, < 2^53) -> char * */
	REST_TIME,	/* ISO-8601 string -> int64_t */
	REST_STRV,	/* array of strings -> struct strv */
	REST_BOOL,	/* true/false -> bool */
	REST_NOT_BOOL,	/* true/false -> bool, inverted */
	REST_POINT,	/* string or array of strings -> contact points */
	REST_STATUS,	/* a level -> enum tix_status and its word */
	REST_PRIORITY,	/* a level -> enum tix_priority and its word */
	REST_NAME,	/* a number -> its name from .names; a string kept */
	REST_AUTHOR,	/* note author id -> user_id (an agent) or customer_id */
};

/*
 * One JSON member read into one field of a model struct.  member may be
 * a path into nested objects ("via.channel").  An absent or null member
 * leaves the field as it was; a field that already holds a value is not
 * read again, so the first of several members for one field wins (a
 * fallback follows its preferred member).  REST_POINT adds to what is
 * there.
 */
struct rest_field {
	const char		*member;	/* "subject", "via.channel" */
	size_t			 offset;	/* offsetof(struct ticket, subject) */
	enum rest_conv		 conv;
	bool			 required;	/* absent or bad: a bad record */
	/* Of the wrong type: a bad record though absence is fine. */
	bool			 strict;
	/*
	 * REST_POINT: the count's offset and the points' type ("WORK");
	 * REST_STATUS, REST_PRIORITY: the raw word's offset and the
	 * levels; REST_NAME: the names by number.
	 */
	size_t			 aux;
	const char		*type;
	const struct rest_level	*levels;
	size_t			 nlevels;
	const char *const	*names;
	size_t			 nnames;
};

#define REST_N(t)	(sizeof (t) / sizeof (t)[0])

/* A row of a field map: member m into field f of struct s, by c. */
#define REST_FIELD(m, s, f, c)						\
	{ .member = (m), .offset = offsetof(s, f), .conv = (c) }
/* The same, where the record cannot be read without it. */
#define REST_FIELD_REQ(m, s, f, c)					\
	{ .member = (m), .offset = offsetof(s, f), .conv = (c),	\
	  .required = true }
/* The same, where a value of the wrong type fails the record. */
#define REST_FIELD_STRICT(m, s, f, c)					\
	{ .member = (m), .offset = offsetof(s, f), .conv = (c),	\
	  .strict = true }
/* The id ("id"), the first row of every map. */
#define REST_FIELD_ID(s)	REST_FIELD_REQ("id", s, id, REST_ID)
/* created_at and updated_at, as most platforms name them. */
#define REST_FIELD_TIMES(s)						\
	REST_FIELD("created_at", s, created_at, REST_TIME),		\
	REST_FIELD("updated_at", s, updated_at, REST_TIME)
/* Contact points from m into f (counted in n), of type t. */
#define REST_FIELD_POINT(m, s, f, n, t)					\
	{ .member = (m), .offset = offsetof(s, f), .conv = REST_POINT,	\
	  .aux = offsetof(s, n), .type = (t) }
/* A ticket's level (REST_STATUS, REST_PRIORITY), its word in raw. */
#define REST_FIELD_LEVEL(m, f, raw, c, lv)				\
	{ .member = (m), .offset = offsetof(struct ticket, f),		\
	  .conv = (c), .aux = offsetof(struct ticket, raw),		\
	  .levels = (lv), .nlevels = REST_N(lv) }

/* How each kind of record is read and fetched. */
struct rest_kind {
	const char		*what;		/* "ticket", for messages */
	const struct rest_field	*fields;
	size_t			 nfields;
	/*
	 * The platform's own reading after the table (what depends on
	 * the config, like the category); NULL for none.
	 */
	enum tix_err		(*finish)(const struct rest *,
				    const cJSON *o, struct record *,
				    char **cause);
	/*
	 * GET one: the path ("/tickets/{id}.json") and the member holding
	 * it (NULL: the root).  NULL path: found by listing the kind.
	 */
	const char		*get_path;
	const char		*get_member;
	/*
	 * An item that says the record is gone: removed_member holds
	 * removed_value (a string), or true when removed_value is NULL.
	 */
	const char		*removed_member;
	const char		*removed_value;
};

/* When a list is the one to walk. */
enum rest_when {
	REST_WHEN_ALWAYS,
	REST_WHEN_FIRST,	/* a first load: no updated_since */
	REST_WHEN_SINCE,	/* a poll: updated_since given */
	REST_WHEN_CHAINED,	/* only after another list (.then) */
};

/* How the next page is found. */
enum rest_pager {
	REST_PAGER_NONE,	/* one answer is the whole list */
	REST_PAGER_CURSOR,	/* a cursor in the body, sent back as an arg */
	REST_PAGER_LINK,	/* the Link header's rel="next" */
	REST_PAGER_PAGE,	/* page_arg one up, while pages come full */
	REST_PAGER_OFFSET,	/* page_arg past the items, while full */
};

/* How {since} is written in a path. */
enum rest_since {
	REST_SINCE_ISO,		/* 2026-12-03T05:00:00Z, escaped */
	REST_SINCE_UNIX,	/* seconds, at least 1 */
};

/*
 * One way of listing a kind.  The kit walks the first list of the kind
 * whose when and usable() hold, not refused on this connection.
 */
struct rest_list {
	enum tix_kind		 kind;
	enum rest_when		 when;
	bool			(*usable)(const struct rest *);
	/*
	 * The first page's path: {limit} the page size (at most
	 * page_max), {since} the updated_since, {ticket} the ticket id,
	 * {field} the category's custom field.
	 */
	const char		*path;
	size_t			 page_max;
	enum rest_since		 since_format;
	int64_t			 since_lag;	/* since at most now - lag */
	/* The member holding the items; NULL: the answer is the array. */
	const char		*items;
	enum rest_pager		 pager;
	/*
	 * REST_PAGER_CURSOR: more names the "more pages" flag (inverted:
	 * an end-of-stream flag), NULL when a cursor alone says so; cursor
	 * the next page's cursor, sent back as cursor_arg with drop_arg
	 * left out.
	 */
	const char		*more;
	bool			 more_inverted;
	const char		*cursor;
	const char		*cursor_arg;
	const char		*drop_arg;
	/*
	 * REST_PAGER_LINK, _PAGE, _OFFSET: the page number's (or the
	 * offset's) argument.  LINK and PAGE: the last page the platform
	 * serves (window, 0: none): a walk that reaches it starts again
	 * with {since} moved up to the newest record read (the list must
	 * be ordered by update, oldest first).
	 */
	const char		*page_arg;
	const char		*since_arg;	/* where {since} went */
	unsigned		 window;
	/* Ordered by update, newest first: the walk stops at since. */
	bool			 newest_first;
	/* A 403 means "not for this user": walk the next list instead. */
	bool			 refusable;
	/* Every item is a record gone (a list of deleted ones). */
	bool			 removes;
	/* Only items whose only_member is only_value are kept. */
	const char		*only_member;
	const char		*only_value;
	/* A number member that is the watermark, besides updated_at. */
	const char		*mark_member;
	/* After the last page of a poll, walk this list (its index + 1). */
	unsigned		 then;
	/* Read the answer yourself; NULL: the items, one record each. */
	enum tix_err		(*read)(struct rest *, const cJSON *root,
				    struct page *, char **cause);
};

/* How a note is added (docs/platforms/<platform>.md). */
struct rest_note_write {
	const char	*method;		/* "POST" */
	const char	*path_public;		/* "/tickets/{id}/reply" */
	const char	*path_internal;		/* "/tickets/{id}/notes" */
	/* The object the members go in ("ticket.comment"); NULL: root. */
	const char	*object;
	const char	*text;			/* "body" */
	bool		 html;			/* the text sent as HTML */
	const char	*public_flag;		/* "public": true or false */
	const char	*private_flag;		/* "private": true if internal */
	/* The member holding the new note; NULL: the root. */
	const char	*answer;
	/* Read the answer yourself; NULL: through the note's fields. */
	enum tix_err	(*read)(const struct rest *, const cJSON *root,
			    const char *ticket_id, struct record **out,
			    char **cause);
};

/* How a patch field is written. */
enum rest_enc {
	REST_ENC_LEVEL,		/* by the levels' write entries */
	REST_ENC_ID,		/* a numeric id as raw JSON, or null */
	REST_ENC_STRING,	/* a string, or null */
	REST_ENC_STRV,		/* an array of strings (the whole set) */
};

/* One patch bit written as one member. */
struct rest_patch {
	unsigned		 bit;		/* TIX_PATCH_PRIORITY */
	const char		*member;	/* "priority" */
	enum rest_enc		 enc;
	const struct rest_level	*levels;
	size_t			 nlevels;
	bool			 nullable;	/* may be cleared (null) */
	/* The platform's own writing (the category); NULL: by enc. */
	enum tix_err		(*encode)(const struct rest *, cJSON *o,
				    const struct patch *, char **cause);
};

/* How a ticket is changed. */
struct rest_update {
	const char		*method;	/* "PUT" */
	const char		*path;		/* "/tickets/{id}" */
	const char		*object;	/* "ticket"; NULL: the root */
	const char		*answer;	/* "ticket"; NULL: the root */
	const struct rest_patch	*patch;
	size_t			 npatch;
	/*
	 * A collision guard: add what makes the platform refuse the change
	 * (409) when the ticket changed since stamp, its updated_at last
	 * seen (0: unknown).  NULL: the last write wins.
	 */
	void			(*guard)(cJSON *o, int64_t stamp);
};

/* A platform: its descriptor. */
struct rest_platform {
	const char			*name;	/* "Zendesk", for messages */

	/* Config: the host key and the API base it gives. */
	const char			*host_key;	/* "subdomain" */
	/* The API base for a host value, or NULL when it is not one. */
	char				*(*base_url)(const char *host);
	const char			*host_expect;
	/* The platform's other keys; terminated by a NULL name. */
	const struct rest_key		*keys;
	/*
	 * category = what a tix category is: one of category_choices
	 * (NULL-terminated, the first is the default), or field:NAME
	 * where category_field(NAME) holds (a custom field).  NULL
	 * choices: no category key.
	 */
	const char *const		*category_choices;
	bool				(*category_field)(const char *name);
	const char			*category_expect;

	/* Authentication. */
	const char			*secret;	/* "token" */
	enum rest_auth			 auth;
	/* auth = VALUE choices (NULL: no auth key); NULL-terminated. */
	const struct rest_auth_choice	*auth_choices;
	/*
	 * REST_AUTH_BASIC_USER: the key naming the user (checked as one of
	 * keys), and a suffix.
	 */
	const char			*user_key;	/* "email" */
	const char			*user_suffix;	/* "/token" */
	const char			*key_password;	/* "X" */
	const char			*secret_title;	/* "API key" */

	/*
	 * Who am I: GET me_path, and read the user's id from the answer
	 * (TIX_ERR_AUTH when the platform answered anonymously,
	 * TIX_ERR_FORBIDDEN when the user may not work tickets).
	 */
	const char			*me_path;
	enum tix_err			(*me)(const cJSON *root,
					    char id[JSON_ID_MAX], char **cause);

	/* Records: how each kind is read and fetched (by tix_kind). */
	struct rest_kind		 kinds[TIX_KIND_COUNT];
	/* The ways of listing them, in the order they are tried. */
	const struct rest_list		*lists;
	size_t				 nlists;
	/* A ticket's page in the web UI: web_base, this, the id. */
	const char			*ticket_url;
	/* Writes. */
	struct rest_note_write		 note;
	struct rest_update		 update;

	/*
	 * The platform's own state: configure() runs after the shared
	 * keys are checked and may read the section; connect() after
	 * the credentials are checked (load what open() needs: custom
	 * status names); done() frees it.  Each may be NULL.
	 */
	enum tix_err			(*configure)(struct rest *,
					    const struct config_section *,
					    char **cause);
	void				(*connect)(struct rest *);
	void				(*done)(struct rest *);
};

/* A status number's label on this account (custom statuses). */
struct rest_label {
	long	 number;
	char	*name;
};

/* An account's shared state, in account->priv. */
struct rest {
	const struct rest_platform	*pf;
	struct account			*account;
	char				*api_base;	/* no trailing / */
	char				*web_base;	/* web UI origin */
	const char			*ca_file;	/* the config's */
	enum rest_auth			 auth;
	char				*user;		/* BASIC_USER */
	/* category =: a choice, or NULL and the custom field's name. */
	const char			*category;
	char				*category_field;
	char				*secret;	/* wiped on free */

	struct http_client		*http;		/* NULL: not open */
	char				 me[JSON_ID_MAX];
	struct hashset			 agents;	/* known agent ids */
	bool				 agents_known;	/* all of them */
	uint32_t			 refused;	/* lists said 403 */
	/* Ticket id -> int64_t updated_at last seen (update.guard). */
	struct hashmap			 stamps;
	/* An arena kept for the next answer (rest_call). */
	struct arena			*spare;
	/* The account's own status labels by number; may be none. */
	struct rest_label		*labels;
	size_t				 nlabels;

	void				*quirk;		/* the platform's */
};

/* What a call brought back besides the JSON. */
struct rest_reply {
	cJSON		*root;		/* NULL for an empty body */
	char		*link_next;	/* the Link header's rel="next" */
	unsigned	 tries;
	bool		 maybe_sent;
	/* Where root lives: a page is one arena, not a malloc a node. */
	struct rest	*owner;
	struct arena	*arena;
};

/* The provider slots' shared halves. */
enum tix_err	 rest_configure(struct account *, const struct rest_platform *,
		    char **cause);
enum tix_err	 rest_open(struct account *, char **cause);
void		 rest_close(struct account *);

/* The account's state once open(), or TIX_ERR_INVALID "not open". */
enum tix_err	 rest_ready(struct account *, struct rest **out,
		    char **cause);

/*
 * Is id one of the platform's numeric ids?  Otherwise TIX_ERR_NOT_FOUND
 * "no NAME WHAT ID".
 */
enum tix_err	 rest_check_id(struct rest *, const char *what,
		    const char *id, char **cause);

/*
 * Is in a note tix may add: a note (tickets are not created through tix
 * yet: TIX_ERR_UNSUPPORTED), on a ticket id of the platform's shape, with
 * text (TIX_ERR_INVALID "the note is empty")?
 */
enum tix_err	 rest_check_note(struct rest *, const struct record *in,
		    char **cause);

/*
 * Send a request (body may be NULL) and parse the JSON answer into
 * reply->root.  Idempotent requests are retried by core/http; others
 * never are, and reply->maybe_sent says whether a failed one may have
 * reached the platform.  The caller calls rest_reply_done().
 */
enum tix_err	 rest_call(struct rest *, const char *method,
		    const char *path, const char *body, bool idempotent,
		    struct rest_reply *reply, char **cause);
void		 rest_reply_done(struct rest_reply *);

/*
 * The provider slots, whole, from the descriptor (core/provider.h says
 * what each does).  list() walks the kind's first usable list; its
 * cursor names the list, the walk's updated_since and the next page's
 * path.  get() fetches kinds[kind].get_path, or lists the kind to find
 * the id.  create() adds a note by .note and never repeats it.
 * update() sends .update's patch map; a status the ticket is already
 * in (by class: an ACTIVE ticket stays Pending) is not sent, and
 * nothing left to send hands back the ticket as it is.  A 409 re-reads
 * the ticket: if it already holds the patch (our own change, resent),
 * the change is made; otherwise it is refused as someone else's.
 */
enum tix_err	 rest_list(struct account *, enum tix_kind,
		    const struct query *, struct page *, char **cause);
enum tix_err	 rest_get(struct account *, enum tix_kind, const char *id,
		    struct record **out, char **cause);
enum tix_err	 rest_create(struct account *, const struct record *in,
		    struct record **out, bool *maybe_sent, char **cause);
enum tix_err	 rest_update(struct account *, const char *id,
		    const struct patch *, struct record **out,
		    bool *maybe_sent, char **cause);

/*
 * The ops table of a platform on the kit: every slot is the kit's but
 * configure(), which names the descriptor (rest_configure()).
 */
#define REST_PROVIDER_OPS(nm, ttl, cfg) {				\
	.name = (nm), .title = (ttl), .caps = TIX_CAP_ALL,		\
	.configure = (cfg), .open = rest_open, .list = rest_list,	\
	.get = rest_get, .create = rest_create, .update = rest_update,	\
	.close = rest_close,						\
}

/* One walk of a list: where it is and what it was asked. */
struct rest_walk {
	unsigned	 list;		/* index into pf->lists */
	int64_t		 since;		/* the walk's updated_since */
	size_t		 limit;		/* its page size; 0: the list's */
	char		*path;		/* this page's request */
	const char	*ticket_id;	/* notes: of this ticket */
};

/*
 * The pure half, on a struct rest that need not be open (tests set pf,
 * account, me and agents).
 *
 * rest_walk_start: the walk a list() call asks for: a cursor's, or the
 * first page of the kind's first usable list.
 */
enum tix_err	 rest_walk_start(struct rest *, enum tix_kind,
		    const struct query *, struct rest_walk *, char **cause);
void		 rest_walk_done(struct rest_walk *);
/*
 * One page's answer (root, and the Link header's next URL or NULL) into
 * out: the records (under the bad-record policy), the removed ids, the
 * watermark and the next cursor.
 */
enum tix_err	 rest_page_parse(struct rest *, const struct rest_walk *,
		    const cJSON *root, const char *link_next,
		    struct page *out, char **cause);
/*
 * One object of a kind as a record (ticket_id: a note's ticket when the
 * object does not say): the kind's fields, the platform's finish(),
 * then the rules every record follows (a closed ticket's closed_at, a
 * ticket's link, an agent's is_me, a note's author and dates).
 */
enum tix_err	 rest_record_read(const struct rest *, enum tix_kind,
		    const cJSON *o, const char *ticket_id,
		    struct record **out, char **cause);
/*
 * The body of an update for a patch, given the ticket as it is (cur,
 * may be NULL: unknown); *out NULL when nothing is left to send.
 */
enum tix_err	 rest_update_body(const struct rest *, const struct patch *,
		    const struct ticket *cur, int64_t stamp, char **out,
		    char **cause);
/* The body that adds a note. */
enum tix_err	 rest_note_body(const struct rest *, const struct note *,
		    char **out, char **cause);

/*
 * Read the members of o into the model struct at base by the table (see
 * struct rest_field).  A required member absent or of the wrong type,
 * or a strict one of the wrong type, fails the record (TIX_ERR_PARSE
 * "NAME WHAT: ..."); an optional member of the wrong type reads as
 * absent (logged).
 */
enum tix_err	 rest_map_read(const struct rest *, const char *what,
		    const cJSON *o, const struct rest_field *fields,
		    size_t nfields, void *base, char **cause);
/* The member at a path ("meta.has_more") of o, or NULL. */
const cJSON	*rest_member(const cJSON *o, const char *path);

/* Known agents, for telling an agent's note from a customer's. */
bool		 rest_is_agent(const struct rest *, const char *id);
/*
 * Learn every agent once, through list(), so that the authors of notes
 * map right; a no-op once they are known.
 */
enum tix_err	 rest_agents_load(struct account *, char **cause);
/* The account's status labels (a custom status's name by number). */
void		 rest_labels_set(struct rest *, struct rest_label *,
		    size_t n);

/* Print a request body and free the tree. */
char		*rest_print(cJSON *);
/* An id as raw JSON text (never through a double), or null. */
cJSON		*rest_id_or_null(const char *id);

/* The platforms on the kit (their descriptors: tests read them too). */
extern const struct rest_platform rest_zendesk;
extern const struct rest_platform rest_freshdesk;

#endif
