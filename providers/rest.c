/*
 * The REST adapter kit, the generic layer (see rest.h): config, auth,
 * the HTTP client, open, the call, pages and field maps, once for every
 * platform.
 */

#include "config.h"

#include "providers/rest.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/conf.h"
#include "core/http.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/xmalloc.h"

/* Attempts at a read whose answer is not JSON. */
#define REST_READ_TRIES	3

/* Keys every REST account may have besides the platform's own. */
static const char *const rest_shared_keys[] = {
	"provider", "url", "ca_file", NULL
};

static enum tix_err	 rest_config_keys(struct rest *,
			    const struct config_section *, char **);
static enum tix_err	 rest_config_base(struct rest *,
			    const struct config_section *, char **);
static enum tix_err	 rest_config_auth(struct rest *,
			    const struct config_section *, char **);
static void		 rest_disconnect(struct rest *);

/* "FILE:LINE: [account NAME]: KEY: reason", the one config error. */
static enum tix_err
rest_config_fail(const struct config_section *sec, const char *key,
    char **cause, const char *reason)
{
	char		*label;
	enum tix_err	 err;

	label = config_section_label(sec);
	err = tix_fail(cause, TIX_ERR_INVALID, "%s:%u: %s: %s: %s", sec->file,
	    config_line_of(sec, key), label, key, reason);
	free(label);
	return err;
}

/* Is key one the account may have? */
static bool
rest_key_known(const struct rest_platform *pf, const char *key)
{
	size_t	n;

	for (size_t i = 0; rest_shared_keys[i] != NULL; i++) {
		if (strcmp(rest_shared_keys[i], key) == 0)
			return true;
	}
	for (size_t i = 0; pf->keys != NULL && pf->keys[i].name != NULL; i++) {
		if (strcmp(pf->keys[i].name, key) == 0)
			return true;
	}
	if (strcmp(key, pf->host_key) == 0 ||
	    (pf->auth_choices != NULL && strcmp(key, "auth") == 0) ||
	    (pf->category_choices != NULL && strcmp(key, "category") == 0))
		return true;
	/* The secret: NAME, NAME_cmd, NAME_env (core/secret.h). */
	n = strlen(pf->secret);
	return strncmp(key, pf->secret, n) == 0 && (key[n] == '\0' ||
	    strcmp(key + n, "_cmd") == 0 || strcmp(key + n, "_env") == 0);
}

/* Refuse unknown keys; check the platform's own. */
static enum tix_err
rest_config_keys(struct rest *r, const struct config_section *sec,
    char **cause)
{
	const struct rest_key	*k;
	const char		*key, *value;
	char			*why;
	enum tix_err		 err;

	for (size_t i = 0; i < sec->nentries; i++) {
		config_key_at(sec, i, &key, &value);
		if (!rest_key_known(r->pf, key)) {
			why = xasprintf("not a %s account setting",
			    r->pf->name);
			err = rest_config_fail(sec, key, cause, why);
			free(why);
			return err;
		}
	}
	for (k = r->pf->keys; k != NULL && k->name != NULL; k++) {
		value = config_get(sec, k->name);
		if (value == NULL || value[0] == '\0') {
			if (k->required)
				return rest_config_fail(sec, k->name, cause,
				    "missing");
			continue;
		}
		if (k->valid != NULL && !k->valid(value)) {
			why = xasprintf("expected %s", k->expect);
			err = rest_config_fail(sec, k->name, cause, why);
			free(why);
			return err;
		}
	}
	return TIX_OK;
}

/* The API base: url = (which wins), else the platform's host key. */
static enum tix_err
rest_config_base(struct rest *r, const struct config_section *sec,
    char **cause)
{
	const char	*url, *host;
	char		*why = NULL;
	size_t		 n;
	enum tix_err	 err = TIX_OK;

	url = config_get(sec, "url");
	if (url != NULL && url[0] != '\0') {
		n = strlen(url);
		while (n > 0 && url[n - 1] == '/')
			n--;
		r->api_base = xstrndup(url, n);
		if (http_check_base_url(r->api_base, &why) != TIX_OK)
			err = rest_config_fail(sec, "url", cause,
			    why != NULL ? why : "not a URL");
	} else {
		host = config_get(sec, r->pf->host_key);
		if (host == NULL || host[0] == '\0')
			return rest_config_fail(sec, r->pf->host_key, cause,
			    "missing (or give url)");
		r->api_base = r->pf->base_url(host);
		if (r->api_base == NULL) {
			why = xasprintf("expected %s", r->pf->host_expect);
			err = rest_config_fail(sec, r->pf->host_key, cause,
			    why);
		}
	}
	free(why);
	if (err == TIX_OK)
		r->web_base = http_web_origin(r->api_base);
	return err;
}

/*
 * ca_file = a PEM file of CAs to trust instead of the system's, checked
 * now rather than met as a TLS failure on the first request.
 */
static enum tix_err
rest_config_ca(struct rest *r, const struct config_section *sec,
    char **cause)
{
	static const char	 pem[] = "-----BEGIN CERTIFICATE-----";
	const char		*ca = config_get(sec, "ca_file");
	char			 head[16384];
	struct stat		 st;
	ssize_t			 n;
	int			 fd;

	if (ca == NULL)
		return TIX_OK;
	if (*ca == '\0')
		return rest_config_fail(sec, "ca_file", cause, "is empty");
	fd = open(ca, O_RDONLY|O_CLOEXEC|O_NOCTTY|O_NONBLOCK);
	if (fd == -1 || fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		return rest_config_fail(sec, "ca_file", cause,
		    strerror(errno));
	}
	n = S_ISREG(st.st_mode) ? read(fd, head, sizeof head - 1) : 0;
	close(fd);
	if (S_ISDIR(st.st_mode))
		return rest_config_fail(sec, "ca_file", cause,
		    "is a directory: name the PEM file");
	head[n > 0 ? n : 0] = '\0';
	if (!S_ISREG(st.st_mode) || n <= 0 || memmem(head, (size_t)n, pem,
	    sizeof pem - 1) == NULL)
		return rest_config_fail(sec, "ca_file", cause, "not a PEM "
		    "file of certificates (-----BEGIN CERTIFICATE-----)");
	r->ca_file = ca;
	return TIX_OK;
}

/* category = a choice, or field:NAME. */
static enum tix_err
rest_config_category(struct rest *r, const struct config_section *sec,
    char **cause)
{
	const struct rest_platform	*pf = r->pf;
	const char			*value;
	char				*why;
	enum tix_err			 err;

	if (pf->category_choices == NULL)
		return TIX_OK;
	r->category = pf->category_choices[0];
	value = config_get(sec, "category");
	if (value == NULL || value[0] == '\0')
		return TIX_OK;
	for (size_t i = 0; pf->category_choices[i] != NULL; i++) {
		if (strcmp(pf->category_choices[i], value) == 0) {
			r->category = pf->category_choices[i];
			return TIX_OK;
		}
	}
	if (strncmp(value, "field:", 6) == 0 && pf->category_field != NULL &&
	    pf->category_field(value + 6)) {
		r->category = NULL;
		r->category_field = xstrdup(value + 6);
		return TIX_OK;
	}
	why = xasprintf("expected %s", pf->category_expect);
	err = rest_config_fail(sec, "category", cause, why);
	free(why);
	return err;
}

/* auth = and the user it needs. */
static enum tix_err
rest_config_auth(struct rest *r, const struct config_section *sec,
    char **cause)
{
	const struct rest_auth_choice	*c;
	const char			*value, *user;

	r->auth = r->pf->auth;
	value = config_get(sec, "auth");
	if (r->pf->auth_choices != NULL && value != NULL) {
		for (c = r->pf->auth_choices; c->value != NULL; c++) {
			if (strcmp(c->value, value) == 0)
				break;
		}
		if (c->value == NULL)
			return rest_config_fail(sec, "auth", cause,
			    "not one of the platform's kinds (tix-config(5))");
		r->auth = c->auth;
	} else if (r->pf->auth_choices != NULL)
		r->auth = r->pf->auth_choices[0].auth;
	if (r->auth == REST_AUTH_BASIC_USER) {
		user = config_get(sec, r->pf->user_key);
		if (user == NULL || user[0] == '\0')
			return rest_config_fail(sec, r->pf->user_key, cause,
			    "missing");
		r->user = xasprintf("%s%s", user, r->pf->user_suffix != NULL ?
		    r->pf->user_suffix : "");
	}
	return TIX_OK;
}

enum tix_err
rest_configure(struct account *a, const struct rest_platform *pf,
    char **cause)
{
	const struct config_section	*sec = a->config;
	struct rest			*r;
	enum tix_err			 err;

	rest_close(a);
	/* The lists a 403 refused are bits of a uint32_t. */
	if (pf->nlists > 32)
		fatalx("%s: more than 32 lists", pf->name);
	if (sec == NULL)
		return tix_fail(cause, TIX_ERR_INVALID,
		    "%s account %s has no [account] section", pf->name,
		    a->name);
	r = xcalloc(1, sizeof *r);
	r->pf = pf;
	r->account = a;
	hashset_init(&r->agents);
	hashmap_init(&r->stamps);
	a->priv = r;

	err = rest_config_keys(r, sec, cause);
	if (err == TIX_OK)
		err = rest_config_base(r, sec, cause);
	if (err == TIX_OK)
		err = rest_config_auth(r, sec, cause);
	if (err == TIX_OK)
		err = rest_config_category(r, sec, cause);
	if (err == TIX_OK && pf->configure != NULL)
		err = pf->configure(r, sec, cause);
	if (err == TIX_OK)
		err = rest_config_ca(r, sec, cause);
	if (err == TIX_OK)
		err = secret_resolve(sec, pf->secret, &r->secret, cause);
	if (err != TIX_OK)
		rest_close(a);
	return err;
}

/* Drop what open() set up; the configuration and secret stay. */
static void
rest_disconnect(struct rest *r)
{
	http_client_free(&r->http);
	r->me[0] = '\0';
	hashset_done(&r->agents);
	r->agents_known = false;
	/* A new connection may be another user's: learn afresh. */
	r->refused = 0;
	hashmap_done(&r->stamps, free);
}

enum tix_err
rest_open(struct account *a, char **cause)
{
	struct rest		*r = a->priv;
	struct http_options	 o;
	struct rest_reply	 reply;
	char			*inner = NULL;
	enum tix_err		 err;

	/* Opened again after close() (the CLI, tests): configure afresh. */
	if (r == NULL) {
		err = a->ops->configure(a, cause);
		if (err != TIX_OK)
			return err;
		r = a->priv;
	}
	rest_disconnect(r);
	memset(&o, 0, sizeof o);
	o.base_url = r->api_base;
	o.ca_file = r->ca_file;
	o.log_name = a->name;
	o.cancel = &a->cancel;
	r->http = http_client_new(&o);
	switch (r->auth) {
	case REST_AUTH_BASIC_USER:
		http_client_set_basic(r->http, r->user, r->secret);
		break;
	case REST_AUTH_BASIC_KEY:
		http_client_set_basic(r->http, r->secret,
		    r->pf->key_password);
		break;
	case REST_AUTH_BEARER:
		http_client_set_bearer(r->http, r->secret);
		break;
	}

	err = rest_call(r, "GET", r->pf->me_path, NULL, true, &reply, &inner);
	if (err == TIX_ERR_AUTH)
		tix_fail(cause, err, "%s refused the %s (%s)", r->pf->name,
		    r->pf->secret_title, inner != NULL ? inner : "HTTP 401");
	else if (err != TIX_OK)
		tix_fail(cause, err, "%s", inner != NULL ? inner :
		    tix_err_name(err));
	else
		err = r->pf->me(reply.root, r->me, cause);
	rest_reply_done(&reply);
	free(inner);
	if (err != TIX_OK) {
		http_client_free(&r->http);
		return err;
	}
	/* "me" writes notes: its notes are an agent's. */
	hashset_add(&r->agents, r->me);
	if (r->pf->connect != NULL)
		r->pf->connect(r);
	log_debug("%s %s: open as user %s", r->pf->name, a->name, r->me);
	return TIX_OK;
}

void
rest_close(struct account *a)
{
	struct rest	*r = a->priv;

	if (r == NULL)
		return;
	if (r->pf->done != NULL)
		r->pf->done(r);
	rest_disconnect(r);
	secret_free(&r->secret);
	rest_labels_set(r, NULL, 0);
	if (r->spare != NULL) {
		arena_done(r->spare);
		free(r->spare);
	}
	free(r->category_field);
	free(r->user);
	free(r->api_base);
	free(r->web_base);
	free(r);
	a->priv = NULL;
}

enum tix_err
rest_ready(struct account *a, struct rest **out, char **cause)
{
	struct rest	*r = a->priv;

	*out = NULL;
	if (r == NULL || r->http == NULL)
		return tix_fail(cause, TIX_ERR_INVALID, "account %s is not open",
		    a->name);
	*out = r;
	return TIX_OK;
}

enum tix_err
rest_check_id(struct rest *r, const char *what, const char *id,
    char **cause)
{
	if (id != NULL && json_id_valid(id))
		return TIX_OK;
	/* No record can have it; never sent, never part of a path. */
	return tix_fail(cause, TIX_ERR_NOT_FOUND, "no %s %s with that id "
	    "(ids are numbers)", r->pf->name, what);
}

enum tix_err
rest_check_note(struct rest *r, const struct record *in, char **cause)
{
	const struct note	*n = &in->u.note;

	if (in->kind != TIX_KIND_NOTE)
		return tix_fail(cause, TIX_ERR_UNSUPPORTED, "tix adds only "
		    "notes to %s", r->pf->name);
	if (n->description == NULL || n->description[0] == '\0')
		return tix_fail(cause, TIX_ERR_INVALID, "the note is empty");
	return rest_check_id(r, "ticket", n->ticket_id, cause);
}

/* One request and its JSON. */
static enum tix_err
rest_call_once(struct rest *r, const struct http_request *req,
    struct rest_reply *reply, char **cause)
{
	struct http_response	 resp;
	enum tix_err		 err;

	memset(&resp, 0, sizeof resp);
	err = http_request(r->http, req, &resp, cause);
	reply->tries += resp.tries;
	/*
	 * core/http says maybe_sent for requests it may not repeat; a
	 * repeatable write (PUT) that still failed on the network or with
	 * a 5xx may have been applied too.
	 */
	reply->maybe_sent = err != TIX_OK && (resp.maybe_sent ||
	    (strcmp(req->method, "GET") != 0 && (err == TIX_ERR_NETWORK ||
	    err == TIX_ERR_SERVER)));
	if (err != TIX_OK)
		goto out;
	free(reply->link_next);
	reply->link_next = resp.link != NULL ? http_link_next(resp.link) :
	    NULL;
	if (resp.body_len == 0 || strspn(resp.body, " \t\r\n") ==
	    resp.body_len)
		goto out;
	if (reply->arena == NULL && r->spare != NULL) {
		reply->arena = r->spare;
		r->spare = NULL;
	} else if (reply->arena == NULL) {
		reply->arena = xmalloc(sizeof *reply->arena);
		arena_init(reply->arena);
	} else
		arena_reset(reply->arena);
	reply->owner = r;
	reply->root = json_parse_in(reply->arena, resp.body, resp.body_len);
	if (reply->root != NULL)
		goto out;
	/*
	 * Never the body itself: it may be anything.  A write answered 2xx
	 * was most likely made: its outcome is unknown, not failed.
	 */
	reply->maybe_sent = strcmp(req->method, "GET") != 0;
	err = tix_fail(cause, TIX_ERR_PARSE, "%s sent %zu bytes that are not "
	    "JSON for %s %.*s%s", r->pf->name, resp.body_len, req->method,
	    (int)strcspn(req->path, "?"), req->path, reply->maybe_sent ?
	    "; the platform may have acted on it" : "");
out:
	http_response_done(&resp);
	return err;
}

enum tix_err
rest_call(struct rest *r, const char *method, const char *path,
    const char *body, bool idempotent, struct rest_reply *reply,
    char **cause)
{
	struct http_request	 req;
	enum tix_err		 err;

	memset(reply, 0, sizeof *reply);
	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = path;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.idempotent = idempotent;
	err = rest_call_once(r, &req, reply, cause);
	/*
	 * A read whose answer came garbled (cut short by a proxy, an error
	 * page) is tried again like a 5xx; core/http has already waited
	 * out what the network asked.
	 */
	for (unsigned i = 1; err == TIX_ERR_PARSE && i < REST_READ_TRIES &&
	    strcmp(method, "GET") == 0; i++) {
		log_debug("%s %s: %s %.*s: not JSON; trying again",
		    r->pf->name, r->account->name, method,
		    (int)strcspn(path, "?"), path);
		xfree(cause);
		err = rest_call_once(r, &req, reply, cause);
	}
	return err;
}

void
rest_reply_done(struct rest_reply *reply)
{
	struct rest	*r = reply->owner;

	/* The tree is the arena's: no cJSON_Delete(). */
	if (reply->arena != NULL && r != NULL && r->spare == NULL) {
		arena_reset(reply->arena);
		r->spare = reply->arena;
	} else if (reply->arena != NULL) {
		arena_done(reply->arena);
		free(reply->arena);
	}
	free(reply->link_next);
	memset(reply, 0, sizeof *reply);
}

bool
rest_is_agent(const struct rest *r, const char *id)
{
	return hashset_has(&r->agents, id);
}

void
rest_labels_set(struct rest *r, struct rest_label *labels, size_t n)
{
	for (size_t i = 0; i < r->nlabels; i++)
		free(r->labels[i].name);
	free(r->labels);
	r->labels = labels;
	r->nlabels = n;
}

char *
rest_print(cJSON *root)
{
	char	*s, *copy;

	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (s == NULL)
		fatalx("cannot print a request body");
	copy = xstrdup(s);
	cJSON_free(s);
	return copy;
}

cJSON *
rest_id_or_null(const char *id)
{
	if (id == NULL)
		return cJSON_CreateNull();
	return cJSON_CreateRaw(id);
}
