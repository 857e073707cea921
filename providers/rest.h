/*
 * The REST adapter kit: what every HTTP/JSON help-desk adapter shares,
 * after curl's vtls.  The generic layer (rest.c) owns an account's shared
 * state and behaviour: the config section's keys and their one error
 * format, the base URL rule, authentication, the secret's lifetime, the
 * HTTP client, the "who am I" request, the known agent ids, the one
 * "not open" and "bad id" answers, the call that sends a request and parses
 * its JSON, whether a failed write may have reached the platform, and the
 * one policy for a bad record in a page.  A platform is a const struct
 * rest_platform (a descriptor) plus the quirks only it has.
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
 *     NAME/NAME_cmd/NAME_env) plus the descriptor's; any other key is an
 *     error.  Errors read "FILE:LINE: [account NAME]: KEY: reason".
 *     url = overrides the platform's host key, with or without it.
 *   - The secret is resolved once, in configure() (a _cmd runs once per
 *     start), kept wiped-on-free until close(); open() retried after a
 *     failure reuses it.
 *   - A bad id (not what the platform's ids look like) is
 *     TIX_ERR_NOT_FOUND: no such record can exist.
 *   - A slot called before open() succeeded is TIX_ERR_INVALID "not open".
 *   - A record in a page that cannot be read is skipped, counted in
 *     account->skipped (shown in the account's status) and logged; the
 *     rest of the page is kept.  A page whose envelope cannot be read
 *     fails as a whole (TIX_ERR_PARSE).
 *   - A write that fails after it may have reached the platform (5xx,
 *     timeout, connection dropped after sending) sets *maybe_sent.
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

/* Member-to-field converters for rest_map_read(). */
enum rest_conv {
	REST_STRING,	/* string or null -> char * */
	REST_ID,	/* integer id (exact, < 2^53) or null -> char * */
	REST_TIME,	/* ISO-8601 string or null -> int64_t */
	REST_STRV,	/* array of strings or null -> struct strv */
	REST_BOOL,	/* true/false or null -> bool */
	REST_NOT_BOOL,	/* true/false or null -> bool, inverted */
};

/* One JSON member read into one field of a model struct. */
struct rest_field {
	const char	*member;	/* "subject" */
	size_t		 offset;	/* offsetof(struct ticket, subject) */
	enum rest_conv	 conv;
	bool		 required;	/* absent or null is a bad record */
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

/* An account's shared state, in account->priv. */
struct rest {
	const struct rest_platform	*pf;
	struct account			*account;
	char				*api_base;	/* no trailing / */
	char				*web_base;	/* web UI origin */
	const char			*ca_file;	/* the config's */
	enum rest_auth			 auth;
	char				*user;		/* BASIC_USER */
	char				*secret;	/* wiped on free */

	struct http_client		*http;		/* NULL: not open */
	char				 me[JSON_ID_MAX];
	struct hashset			 agents;	/* known agent ids */
	bool				 agents_known;	/* all of them */

	void				*quirk;		/* the platform's */
};

/*
 * What every normalizer needs to know about the account; a platform's
 * own context starts with one.
 */
struct rest_ctx {
	unsigned		 account;	/* record->account */
	const char		*web_base;	/* for links; may be NULL */
	const char		*me_id;		/* the user's id, or NULL */
	/* Tells an agent's note from a customer's; NULL: unknown yet. */
	const struct rest	*rest;
};

/* What a call brought back besides the JSON. */
struct rest_reply {
	cJSON		*root;		/* NULL for an empty body */
	char		*link_next;	/* the Link header's rel="next" */
	unsigned	 tries;
	bool		 maybe_sent;
};

/*
 * Normalize one item of a page into *out (NULL to leave it out, which is
 * not an error), or fail: the item is then skipped and counted.
 */
typedef enum tix_err (*rest_item_fn)(struct rest *, const cJSON *item,
			    void *arg, struct record **out, char **cause);

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
 * GET path and normalize the member (NULL: the root) as one record with
 * fn.
 */
enum tix_err	 rest_get_one(struct rest *, const char *path,
		    const char *member, rest_item_fn fn, void *arg,
		    struct record **out, char **cause);

/*
 * Normalize every item of the array items into out with fn, under the
 * bad-record policy above; the newest updated_at of the tickets and
 * customers read goes into out->watermark.
 */
void		 rest_page_read(struct rest *, enum tix_kind,
		    const cJSON *items, rest_item_fn fn, void *arg,
		    struct page *out);

/*
 * Read the members of o into the model struct at base by the table.  An
 * absent or null member leaves its field as it was (set defaults first),
 * and so does an optional member of the wrong type (logged): the record
 * is kept without it.  A required member absent or of the wrong type
 * fails the record (TIX_ERR_PARSE "WHAT: ..."; what names it: "Zendesk
 * ticket"), which rest_page_read() then skips and counts.
 */
enum tix_err	 rest_map_read(const char *what, const cJSON *o,
		    const struct rest_field *fields, size_t nfields,
		    void *base, char **cause);

/* Known agents, for telling an agent's note from a customer's. */
bool		 rest_is_agent(const struct rest *, const char *id);
/*
 * Remember every agent of a page of a walk over all agents; the walk's
 * last page (no next_cursor) makes them known (rest_ctx_init()).
 */
void		 rest_agents_learn(struct rest *, const struct page *);
/*
 * Learn every agent once, through the provider's own list(), so that the
 * authors of notes map right; a no-op once they are known.
 */
enum tix_err	 rest_agents_load(struct account *, char **cause);
/* The account's part of a normalization context. */
void		 rest_ctx_init(const struct rest *, struct rest_ctx *);
/* Hand a normalized record out (TIX_OK), or free it (an error). */
enum tix_err	 rest_record_done(struct record *, enum tix_err,
		    struct record **out);

/* Print a request body and free the tree. */
char		*rest_print(cJSON *);
/* An id as raw JSON text (never through a double), or null. */
cJSON		*rest_id_or_null(const char *id);

#endif
