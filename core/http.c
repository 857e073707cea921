/*
 * The HTTP layer: one libcurl easy handle per account client, kept for
 * connection reuse, with retries, rate-limit waits, a size cap,
 * cancellation, and error bodies turned into one-line messages.  See
 * http.h for the rules; libcurl's thread rules (docs/libcurl/
 * libcurl-thread.md) are why a client is never shared and why
 * CURLOPT_NOSIGNAL is set (tix ignores SIGPIPE in main).
 */

#include "config.h"

#include "core/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cJSON.h>
#include <curl/curl.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/text.h"

/* Headers kept from one response: enough for any API, bounded. */
#define HTTP_MAX_HEADERS	100
#define HTTP_MAX_HEADER_BYTES	(64u * 1024)
/* The longest method name accepted. */
#define HTTP_MAX_METHOD		16
/* Wait at least this long after a 429 that gives no hint. */
#define HTTP_MIN_429_WAIT_MS	1000
/* Give up after this many 429s in a row, whatever the budget says. */
#define HTTP_MAX_429		20
/* Sleep slice of the default sleep, so cancel is seen promptly. */
#define HTTP_SLEEP_SLICE_MS	100
/* Reason text collected from a JSON body before clipping. */
#define HTTP_MAX_REASON_RAW	2048
/* Credentials scrubbed from messages: at most this many strings. */
#define HTTP_MAX_SCRUB		3

struct http_client {
	CURL			*curl;
	char			*base;		/* without a trailing '/' */
	char			*ca_file;
	char			*log_name;
	long			 connect_timeout;
	long			 timeout;
	long			 idle_timeout;
	size_t			 max_body;
	unsigned		 max_tries;
	unsigned		 max_wait_ms;
	const atomic_bool	*cancel;
	http_sleep_fn		 sleep;
	http_now_fn		 now;
	void			*clock_arg;
	uint64_t		 rng;

	/* Checked on the first request. */
	bool			 base_checked;
	enum tix_err		 base_err;
	char			*base_cause;

	/* "Authorization: ..." and the strings never to show. */
	char			*auth;
	char			*scrub[HTTP_MAX_SCRUB];

	/* The transfer in progress. */
	struct buf		 body;
	/* The request body as libcurl reads it, and how often it began. */
	const char		*out;
	size_t			 out_len, out_at;
	unsigned		 sends;
	bool			 too_large;
	struct http_response	*resp;
	size_t			 header_bytes;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* libcurl's global state, once, before threads start. */
void
http_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init failed");
}

/* Undo http_global_init() at exit. */
void
http_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Sleep in short slices, watching the cancel flag. */
static bool
http_sleep_default(void *arg, unsigned ms, const atomic_bool *cancel)
{
	struct timespec	ts;
	unsigned	slice;

	while (ms > 0) {
		if (cancel != NULL && atomic_load(cancel))
			return false;
		slice = ms < HTTP_SLEEP_SLICE_MS ? ms : HTTP_SLEEP_SLICE_MS;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)slice * 1000000;
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			/* nothing */;
		ms -= slice;
	}
	return cancel == NULL || !atomic_load(cancel);
}

/* The real wall clock. */
static time_t
http_now_default(void *arg)
{
	return time(NULL);
}

/* xorshift64*: jitter only, nothing secret depends on it. */
static uint32_t
http_random(struct http_client *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (uint32_t)((c->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

/* Full jitter: a random wait up to min(cap, base * 2^(n-1)). */
static unsigned
http_backoff(struct http_client *c, unsigned n)
{
	unsigned	cap = HTTP_BACKOFF_BASE_MS;

	while (n > 1 && cap < HTTP_BACKOFF_CAP_MS) {
		cap *= 2;
		n--;
	}
	if (cap > HTTP_BACKOFF_CAP_MS)
		cap = HTTP_BACKOFF_CAP_MS;
	return http_random(c) % (cap + 1);
}

/* Fill in defaults and create the easy handle kept for reuse. */
struct http_client *
http_client_new(const struct http_options *o)
{
	struct http_client	*c;
	struct timespec		 ts;
	size_t			 len;

	c = xcalloc(1, sizeof *c);
	c->base = xstrdup(o->base_url != NULL ? o->base_url : "");
	len = strlen(c->base);
	while (len > 0 && c->base[len - 1] == '/')
		c->base[--len] = '\0';
	c->ca_file = xstrdup_opt(o->ca_file);
	c->log_name = xstrdup(o->log_name != NULL ? o->log_name : "http");
	c->connect_timeout = o->connect_timeout > 0 ? o->connect_timeout :
	    HTTP_CONNECT_TIMEOUT;
	c->timeout = o->timeout > 0 ? o->timeout : HTTP_TIMEOUT;
	c->idle_timeout = o->idle_timeout > 0 ? o->idle_timeout :
	    HTTP_IDLE_TIMEOUT;
	c->max_body = o->max_body > 0 ? o->max_body : TIX_MAX_HTTP_BODY;
	c->max_tries = o->max_tries > 0 ? o->max_tries : HTTP_MAX_TRIES;
	c->max_wait_ms = (o->max_wait > 0 ? o->max_wait : HTTP_MAX_WAIT) *
	    1000u;
	c->cancel = o->cancel;
	c->sleep = o->sleep != NULL ? o->sleep : http_sleep_default;
	c->now = o->now != NULL ? o->now : http_now_default;
	c->clock_arg = o->clock_arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
	    (uint64_t)(uintptr_t)c ^ ((uint64_t)getpid() << 40);
	if (c->rng == 0)
		c->rng = 0x9e3779b97f4a7c15ULL;
	buf_init(&c->body, c->max_body);

	c->curl = curl_easy_init();
	if (c->curl == NULL)
		fatalx("curl_easy_init failed");
	return c;
}

/* Wipe and free the credentials. */
static void
http_client_clear_auth(struct http_client *c)
{
	size_t	i;

	if (c->auth != NULL) {
		explicit_bzero(c->auth, strlen(c->auth));
		free(c->auth);
		c->auth = NULL;
	}
	for (i = 0; i < HTTP_MAX_SCRUB; i++) {
		if (c->scrub[i] != NULL) {
			explicit_bzero(c->scrub[i], strlen(c->scrub[i]));
			free(c->scrub[i]);
			c->scrub[i] = NULL;
		}
	}
}

/* Close connections, wipe credentials, free. */
void
http_client_free(struct http_client **cp)
{
	struct http_client	*c = *cp;

	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	http_client_clear_auth(c);
	buf_done(&c->body);
	free(c->base_cause);
	free(c->log_name);
	free(c->ca_file);
	free(c->base);
	free(c);
	*cp = NULL;
}

/* Standard base64 of len bytes of s. */
static char *
http_base64(const char *s, size_t len)
{
	static const char	 tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *o;
	uint32_t		 v;
	size_t			 i;

	out = o = xmalloc(((len + 2) / 3) * 4 + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = tab[(v >> 18) & 63];
		*o++ = tab[(v >> 12) & 63];
		*o++ = tab[(v >> 6) & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		*o++ = tab[(v >> 18) & 63];
		*o++ = tab[(v >> 12) & 63];
		*o++ = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* Basic auth: the header and the strings to scrub. */
void
http_client_set_basic(struct http_client *c, const char *user,
    const char *password)
{
	char	*pair, *b64;

	http_client_clear_auth(c);
	pair = xasprintf("%s:%s", user, password);
	b64 = http_base64(pair, strlen(pair));
	c->auth = xasprintf("Authorization: Basic %s", b64);
	c->scrub[0] = xstrdup(password);
	c->scrub[1] = b64;
	c->scrub[2] = pair;
}

/* Bearer auth: the header and the token to scrub. */
void
http_client_set_bearer(struct http_client *c, const char *token)
{
	http_client_clear_auth(c);
	c->auth = xasprintf("Authorization: Bearer %s", token);
	c->scrub[0] = xstrdup(token);
}

/* Replace every credential in *sp with "***". */
static void
http_scrub(const struct http_client *c, char **sp)
{
	/* One scrub for every secret (core/secret.h says what it catches). */
	for (size_t i = 0; i < HTTP_MAX_SCRUB; i++) {
		if (c->scrub[i] != NULL)
			secret_scrub(sp, c->scrub[i]);
	}
}

/* Sanitize to one line and clip to max bytes on a character boundary. */
static char *
http_clean(const char *s, size_t len, size_t max)
{
	char	*t, *out;
	size_t	 n;

	t = text_sanitize(s, len, 0);
	n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		t[--n] = '\0';
	if (t[0] == ' ') {
		out = t;
		while (*out == ' ')
			out++;
		n = strlen(out);
		memmove(t, out, n + 1);
	}
	if (n <= max)
		return t;
	n = max;
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
		n--;
	while (n > 0 && t[n - 1] == ' ')
		n--;
	out = xasprintf("%.*s...", (int)n, t);
	free(t);
	return out;
}

/*
 * Is host a loopback name or address (curl's form: "[::1]")?  Parsed
 * as an address: "127.evil.example" is a name anyone may own.
 */
static bool
http_is_loopback(const char *host)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	char		 inner[INET6_ADDRSTRLEN];
	size_t		 n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (n > 2 && n - 2 < sizeof inner && host[0] == '[' &&
	    host[n - 1] == ']') {
		memcpy(inner, host + 1, n - 2);
		inner[n - 2] = '\0';
		return inet_pton(AF_INET6, inner, &a6) == 1 &&
		    IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return inet_pton(AF_INET, host, &a4) == 1 &&
	    (ntohl(a4.s_addr) >> 24) == 127;
}

/* Scheme, host and port of url, or an error; parts are curl strings. */
static enum tix_err
http_url_origin(const char *url, char **scheme, char **host, char **port,
    char **cause)
{
	CURLU		*u;
	char		*user = NULL, *pass = NULL;
	enum tix_err	 err = TIX_ERR_INVALID;

	*scheme = *host = *port = NULL;
	u = curl_url();
	if (u == NULL)
		fatalx("curl_url failed");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK) {
		tix_fail(cause, err, "not a valid http or https URL");
		goto out;
	}
	if (strcmp(*scheme, "http") != 0 && strcmp(*scheme, "https") != 0) {
		tix_fail(cause, err, "not an http or https URL");
		goto out;
	}
	/* Credentials belong in the config's secrets, never in a URL. */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
		tix_fail(cause, err, "a URL must not hold a user name or "
		    "password");
		goto out;
	}
	err = TIX_OK;

out:
	if (err != TIX_OK) {
		curl_free(*scheme);
		curl_free(*host);
		curl_free(*port);
		*scheme = *host = *port = NULL;
	}
	if (pass != NULL)
		explicit_bzero(pass, strlen(pass));
	curl_free(pass);
	curl_free(user);
	curl_url_cleanup(u);
	return err;
}

/* Refuse base URLs that could leak or be misread. */
enum tix_err
http_check_base_url(const char *url, char **cause)
{
	CURLU		*u;
	char		*scheme, *host, *port, *query = NULL, *frag = NULL;
	enum tix_err	 err;

	err = http_url_origin(url, &scheme, &host, &port, cause);
	if (err != TIX_OK)
		return err;
	u = curl_url();
	if (u == NULL)
		fatalx("curl_url failed");
	curl_url_set(u, CURLUPART_URL, url, 0);
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0) == CURLUE_OK) {
		err = tix_fail(cause, TIX_ERR_INVALID, "a base URL must not "
		    "have a query or fragment");
	} else if (strcmp(scheme, "http") == 0 && !http_is_loopback(host)) {
		err = tix_fail(cause, TIX_ERR_INVALID, "plain http is only "
		    "allowed to a loopback address; use https://");
	}
	curl_free(query);
	curl_free(frag);
	curl_url_cleanup(u);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return err;
}

/* The full URL for a request path, checked against the base. */
static enum tix_err
http_build_url(struct http_client *c, const char *path, char **url,
    char **cause)
{
	char		*bs = NULL, *bh = NULL, *bp = NULL;
	char		*s = NULL, *h = NULL, *p = NULL;
	const char	*q;
	enum tix_err	 err = TIX_ERR_INVALID;

	*url = NULL;
	for (q = path; *q != '\0'; q++) {
		if ((unsigned char)*q <= 0x20 || *q == 0x7f) {
			return tix_fail(cause, err, "request path has spaces "
			    "or control characters");
		}
	}
	if (path[0] == '/') {
		*url = xasprintf("%s%s", c->base, path);
		return TIX_OK;
	}
	if (strncasecmp(path, "https://", 8) != 0 &&
	    strncasecmp(path, "http://", 7) != 0)
		return tix_fail(cause, err, "request path must start with /");

	/* A "next" link: only to where the base URL points. */
	if (http_url_origin(c->base, &bs, &bh, &bp, cause) != TIX_OK)
		goto out;
	if (http_url_origin(path, &s, &h, &p, cause) != TIX_OK)
		goto out;
	if (strcmp(s, bs) != 0 || strcasecmp(h, bh) != 0 ||
	    strcmp(p, bp) != 0) {
		char	*clean = http_clean(h, strlen(h), 100);

		tix_fail(cause, err, "refusing a link to another site (%s)",
		    clean);
		free(clean);
		goto out;
	}
	*url = xstrdup(path);
	err = TIX_OK;

out:
	curl_free(bs);
	curl_free(bh);
	curl_free(bp);
	curl_free(s);
	curl_free(h);
	curl_free(p);
	return err;
}

/* Case-insensitive lookup in the kept headers. */
const char *
http_response_header(const struct http_response *resp, const char *name)
{
	size_t	i;

	for (i = 0; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	}
	return NULL;
}

/* Free the headers only (a new response block is starting). */
static void
http_response_clear_headers(struct http_response *resp)
{
	size_t	i;

	for (i = 0; i < resp->nheaders; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	resp->headers = NULL;
	resp->nheaders = 0;
	resp->content_type = resp->link = NULL;
	resp->retry_after = resp->location = NULL;
	resp->rate_limit = resp->rate_remaining = -1;
}

/* Free the response and leave it ready for reuse. */
void
http_response_done(struct http_response *resp)
{
	http_response_clear_headers(resp);
	free(resp->body);
	memset(resp, 0, sizeof *resp);
	resp->rate_limit = resp->rate_remaining = -1;
}

/* Collect the body, failing the transfer past the cap. */
static size_t
http_write_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct http_client	*c = arg;
	size_t			 n = size * nmemb;

	if (c->too_large)
		return 0;
	if (buf_add(&c->body, ptr, n) != TIX_OK) {
		c->too_large = true;
		return 0;
	}
	return n;
}

/* Keep the headers of the final response (bounded). */
static size_t
http_header_cb(char *ptr, size_t size, size_t nitems, void *arg)
{
	struct http_client	*c = arg;
	struct http_response	*resp = c->resp;
	struct http_header	*h;
	const char		*colon, *v;
	size_t			 n = size * nitems, len = n, nlen, vlen, i;
	char			*joined;

	while (len > 0 && (ptr[len - 1] == '\n' || ptr[len - 1] == '\r'))
		len--;
	if (len >= 5 && memcmp(ptr, "HTTP/", 5) == 0) {
		/* A new status line: 1xx or a proxy's answer came first. */
		http_response_clear_headers(resp);
		c->header_bytes = 0;
		return n;
	}
	colon = memchr(ptr, ':', len);
	if (colon == NULL || colon == ptr)
		return n;
	if (resp->nheaders >= HTTP_MAX_HEADERS ||
	    c->header_bytes + len > HTTP_MAX_HEADER_BYTES)
		return n;
	c->header_bytes += len;

	nlen = (size_t)(colon - ptr);
	while (nlen > 0 && (ptr[nlen - 1] == ' ' || ptr[nlen - 1] == '\t'))
		nlen--;
	v = colon + 1;
	vlen = len - (size_t)(v - ptr);
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;

	for (i = 0; i < resp->nheaders; i++) {
		h = &resp->headers[i];
		if (strlen(h->name) == nlen &&
		    strncasecmp(h->name, ptr, nlen) == 0) {
			joined = xasprintf("%s, %.*s", h->value, (int)vlen, v);
			free(h->value);
			h->value = joined;
			return n;
		}
	}
	resp->headers = xreallocarray(resp->headers, resp->nheaders + 1,
	    sizeof *resp->headers);
	h = &resp->headers[resp->nheaders++];
	h->name = xstrndup(ptr, nlen);
	h->value = xstrndup(v, vlen);
	return n;
}

/* Abort the transfer once the account is cancelled. */
static int
http_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_client	*c = arg;

	return c->cancel != NULL && atomic_load(c->cancel) ? 1 : 0;
}

/* A header's value as a whole number, or -1. */
static long long
http_header_number(const struct http_response *resp, const char *name)
{
	const char	*v;
	char		*end;
	long long	 n;

	v = http_response_header(resp, name);
	if (v == NULL || !isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || (*end != '\0' && *end != '.'))
		return -1;
	return n;
}

/* The first of the named headers that holds a number, or -1. */
static long long
http_header_first_number(const struct http_response *resp,
    const char *const *names)
{
	long long	n;

	for (; *names != NULL; names++) {
		n = http_header_number(resp, *names);
		if (n != -1)
			return n;
	}
	return -1;
}

/* Point the convenience fields at their headers. */
static void
http_response_index(struct http_response *resp)
{
	static const char *const limit[] = { "X-Rate-Limit",
	    "X-RateLimit-Limit", "X-RateLimit-Total", "RateLimit-Limit",
	    NULL };
	static const char *const remaining[] = { "X-Rate-Limit-Remaining",
	    "X-RateLimit-Remaining", "RateLimit-Remaining", NULL };
	long long	n;

	resp->content_type = http_response_header(resp, "Content-Type");
	resp->link = http_response_header(resp, "Link");
	resp->retry_after = http_response_header(resp, "Retry-After");
	resp->location = http_response_header(resp, "Location");
	n = http_header_first_number(resp, limit);
	resp->rate_limit = n > LONG_MAX ? LONG_MAX : (long)n;
	n = http_header_first_number(resp, remaining);
	resp->rate_remaining = n > LONG_MAX ? LONG_MAX : (long)n;
}

/*
 * How long the server asks us to wait, in milliseconds, or -1 when it
 * does not say: Retry-After in seconds or as an HTTP date, else a reset
 * header as a Unix time or as seconds from now.
 */
static int64_t
http_server_wait_ms(struct http_client *c, const struct http_response *resp)
{
	static const char *const reset[] = { "X-RateLimit-Reset",
	    "X-Rate-Limit-Reset", "RateLimit-Reset", NULL };
	long long	n;
	time_t		t, now;

	now = c->now(c->clock_arg);
	n = http_header_number(resp, "Retry-After");
	if (n != -1)
		return n > INT32_MAX / 1000 ? INT32_MAX : n * 1000;
	if (resp->retry_after != NULL) {
		t = curl_getdate(resp->retry_after, NULL);
		if (t != -1)
			return t <= now ? 0 : (int64_t)(t - now) * 1000;
	}
	n = http_header_first_number(resp, reset);
	if (n == -1)
		return -1;
	if (n >= 1000000000LL) {
		/* A Unix time (Intercom, ServiceNow). */
		if (n <= (long long)now)
			return 0;
		n -= (long long)now;
	}
	return n > INT32_MAX / 1000 ? INT32_MAX : n * 1000;
}

/* Append s to the reason, after sep when there is text already. */
static void
http_reason_add(struct buf *b, const char *sep, const char *s)
{
	size_t	n;

	if (s == NULL || *s == '\0')
		return;
	if (b->data != NULL && strstr(b->data, s) != NULL)
		return;	/* "Not found: Not found" */
	if (b->len != 0) {
		n = strlen(sep);
		if (b->len + n > b->max || buf_add(b, sep, n) != TIX_OK)
			return;
	}
	n = strlen(s);
	if (b->len + n > b->max)
		n = b->max - b->len;
	/* Fits by construction; a failure leaves the reason as it was. */
	if (buf_add(b, s, n) != TIX_OK)
		return;
}

/* A string member of an object, or NULL. */
static const char *
http_json_string(const cJSON *obj, const char *name)
{
	const cJSON	*item;

	item = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* "field: message" of one item of an errors array or details list. */
static void
http_reason_item(struct buf *b, const char *sep, const char *field,
    const cJSON *item)
{
	const char	*msg = NULL;
	char		*s;

	if (cJSON_IsString(item))
		msg = item->valuestring;
	else if (cJSON_IsObject(item)) {
		msg = http_json_string(item, "message");
		if (msg == NULL)
			msg = http_json_string(item, "description");
		if (msg == NULL)
			msg = http_json_string(item, "code");
		if (msg == NULL)
			msg = http_json_string(item, "error");
		if (field == NULL)
			field = http_json_string(item, "field");
	}
	if (msg == NULL)
		return;
	/* Zendesk's "Priority: is not valid" already names its field. */
	if (field != NULL && strncasecmp(msg, field, strlen(field)) != 0) {
		s = xasprintf("%s: %s", field, msg);
		http_reason_add(b, sep, s);
		free(s);
	} else
		http_reason_add(b, sep, msg);
}

/* A list of field errors: an array, or an object of field -> errors. */
static void
http_reason_list(struct buf *b, const cJSON *list)
{
	const cJSON	*item, *sub;
	struct buf	 l;
	unsigned	 n = 0;

	buf_init(&l, HTTP_MAX_REASON_RAW);
	if (cJSON_IsArray(list)) {
		cJSON_ArrayForEach(item, list) {
			if (n++ == 3)
				break;
			http_reason_item(&l, "; ", NULL, item);
		}
	} else if (cJSON_IsObject(list)) {
		cJSON_ArrayForEach(item, list) {
			if (n++ == 3)
				break;
			if (cJSON_IsArray(item)) {
				cJSON_ArrayForEach(sub, item) {
					http_reason_item(&l, "; ",
					    item->string, sub);
					break;
				}
			} else
				http_reason_item(&l, "; ", item->string, item);
		}
	}
	if (l.data != NULL)
		http_reason_add(b, ": ", l.data);
	buf_done(&l);
}

/* Collect the reason from a JSON error object. */
static void
http_reason_json(struct buf *b, const cJSON *obj, unsigned depth)
{
	static const char *const heads[] = { "title", "description",
	    "message", "errorMessage", "detail", NULL };
	const cJSON		*error;
	const char *const	*k;
	size_t			 before = b->len;

	if (!cJSON_IsObject(obj) || depth > 2)
		return;
	for (k = heads; *k != NULL; k++)
		http_reason_add(b, ": ", http_json_string(obj, *k));
	error = cJSON_GetObjectItemCaseSensitive(obj, "error");
	if (cJSON_IsObject(error))
		http_reason_json(b, error, depth + 1);
	else if (cJSON_IsString(error) && b->len == before)
		http_reason_add(b, ": ", error->valuestring);
	if (b->len == before)
		http_reason_add(b, ": ", http_json_string(obj, "code"));
	http_reason_list(b, cJSON_GetObjectItemCaseSensitive(obj, "errors"));
	http_reason_list(b,
	    cJSON_GetObjectItemCaseSensitive(obj, "errorMessages"));
	http_reason_list(b, cJSON_GetObjectItemCaseSensitive(obj, "details"));
}

/* JSON error shapes first, else a plain-text first line. */
char *
http_error_reason(const char *body, size_t len, const char *content_type)
{
	cJSON		*j;
	struct buf	 b;
	const char	*p, *nl;
	char		*out = NULL;
	size_t		 n;

	if (body == NULL || len == 0)
		return NULL;
	buf_init(&b, HTTP_MAX_REASON_RAW);
	j = cJSON_ParseWithLength(body, len);
	if (j != NULL) {
		http_reason_json(&b, j, 0);
		cJSON_Delete(j);
	} else if (content_type == NULL ||
	    strncasecmp(content_type, "text/plain", 10) == 0) {
		/* Zendesk answers some 429s in plain text. */
		p = body;
		while (p < body + len && isspace((unsigned char)*p))
			p++;
		nl = memchr(p, '\n', (size_t)(body + len - p));
		if (nl == NULL)
			nl = body + len;
		n = (size_t)(nl - p);
		/* Not an HTML page. */
		if (n > 0 && memchr(p, '<', n) == NULL &&
		    buf_add(&b, p, n > b.max ? b.max : n) != TIX_OK)
			buf_done(&b);
	}
	if (b.data != NULL && b.len != 0)
		out = http_clean(b.data, b.len, HTTP_MAX_REASON);
	buf_done(&b);
	if (out != NULL && *out == '\0') {
		free(out);
		out = NULL;
	}
	return out;
}

/* The standard text for a status, when the body says nothing. */
static const char *
http_status_text(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 412: return "Precondition Failed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	}
	if (status >= 500)
		return "Server Error";
	if (status >= 400)
		return "Client Error";
	return "Unexpected Status";
}

/* The error for an HTTP status. */
static enum tix_err
http_status_err(long status)
{
	switch (status) {
	case 401:
		return TIX_ERR_AUTH;
	case 403:
		return TIX_ERR_FORBIDDEN;
	case 404:
	case 410:
		return TIX_ERR_NOT_FOUND;
	case 409:
	case 412:
		return TIX_ERR_CONFLICT;
	case 413:
		return TIX_ERR_TOO_LARGE;
	case 429:
		return TIX_ERR_RATE_LIMITED;
	}
	if (status >= 500)
		return TIX_ERR_SERVER;
	return TIX_ERR_INVALID;
}

/* Fail with "HTTP 422: reason" plus an optional note, scrubbed. */
static enum tix_err
http_fail_status(struct http_client *c, struct http_response *resp,
    char **cause, const char *fmt, ...) TIX_PRINTF(4, 5);

static enum tix_err
http_fail_status(struct http_client *c, struct http_response *resp,
    char **cause, const char *fmt, ...)
{
	va_list		 ap;
	char		*reason, *note, *msg;
	enum tix_err	 err;

	err = http_status_err(resp->status);
	reason = http_error_reason(resp->body, resp->body_len,
	    resp->content_type);
	va_start(ap, fmt);
	note = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("HTTP %ld: %s%s", resp->status, reason != NULL ?
	    reason : http_status_text(resp->status), note);
	http_scrub(c, &msg);
	tix_fail(cause, err, "%s", msg);
	free(msg);
	free(note);
	free(reason);
	return err;
}

/* A 3xx: name where it points, since tix does not follow it. */
static enum tix_err
http_fail_redirect(struct http_client *c, struct http_response *resp,
    char **cause)
{
	CURLU	*u;
	char	*host = NULL, *clean;

	u = curl_url();
	if (u == NULL)
		fatalx("curl_url failed");
	if (resp->location == NULL ||
	    curl_url_set(u, CURLUPART_URL, resp->location, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		curl_free(host);
		host = NULL;
	}
	if (host == NULL && resp->location != NULL) {
		tix_fail(cause, TIX_ERR_INVALID, "HTTP %ld: redirected to a "
		    "Location tix cannot read; tix does not follow redirects "
		    "(check the account's url)", resp->status);
		curl_url_cleanup(u);
		return TIX_ERR_INVALID;
	}
	clean = http_clean(host != NULL ? host : "the same site",
	    host != NULL ? strlen(host) : 13, 100);
	tix_fail(cause, TIX_ERR_INVALID, "HTTP %ld: redirected to %s; tix "
	    "does not follow redirects (check the account's url)",
	    resp->status, clean);
	free(clean);
	curl_free(host);
	curl_url_cleanup(u);
	return TIX_ERR_INVALID;
}

/* Hand libcurl the next piece of the request body. */
static size_t
http_read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct http_client	*c = arg;
	size_t			 n = size * nitems;

	if (c->out_at == 0 && c->sends == 0)
		c->sends = 1;
	if (n > c->out_len - c->out_at)
		n = c->out_len - c->out_at;
	memcpy(buf, c->out + c->out_at, n);
	c->out_at += n;
	return n;
}

/* libcurl starts the body again: a resend the platform may see twice. */
static int
http_seek_cb(void *arg, curl_off_t offset, int origin)
{
	struct http_client	*c = arg;

	if (origin != SEEK_SET || offset < 0 ||
	    (curl_off_t)c->out_len < offset)
		return CURL_SEEKFUNC_FAIL;
	if (offset == 0 && c->out_at > 0)
		c->sends++;
	c->out_at = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* Set the options that stay the same for every request. */
static void
http_setup_handle(struct http_client *c)
{
	CURL	*h = c->curl;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP|CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	/* Always verify; there is deliberately no way to turn it off. */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	/* No CURLOPT_PROXY: libcurl then honours https_proxy/no_proxy. */
	curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "tix/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
	/* A server that takes the request and then says nothing. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->idle_timeout);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)c->max_body);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, http_write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, http_header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, http_progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

/* Does the caller's header list already have this header? */
static bool
http_has_header(const char *const *headers, const char *name)
{
	size_t	n = strlen(name);

	for (; headers != NULL && *headers != NULL; headers++) {
		if (strncasecmp(*headers, name, n) == 0 &&
		    (*headers)[n] == ':')
			return true;
	}
	return false;
}

/* Build the header list (which holds the credential: wipe it after). */
static enum tix_err
http_build_headers(struct http_client *c, const struct http_request *req,
    bool has_body, struct curl_slist **out, char **cause)
{
	struct curl_slist	*l = NULL, *n;
	const char *const	*hp;
	char			*ct;

	*out = NULL;
	for (hp = req->headers; hp != NULL && *hp != NULL; hp++) {
		if (strpbrk(*hp, "\r\n") != NULL || strchr(*hp, ':') == NULL)
			return tix_fail(cause, TIX_ERR_INVALID, "bad header");
	}

#define HTTP_APPEND(s) do {						\
	n = curl_slist_append(l, (s));					\
	if (n == NULL)							\
		fatalx("curl_slist_append failed");			\
	l = n;								\
} while (0)
	if (c->auth != NULL && !http_has_header(req->headers,
	    "Authorization"))
		HTTP_APPEND(c->auth);
	if (!http_has_header(req->headers, "Accept"))
		HTTP_APPEND("Accept: application/json");
	if (has_body) {
		ct = xasprintf("Content-Type: %s", req->content_type != NULL ?
		    req->content_type : "application/json");
		HTTP_APPEND(ct);
		free(ct);
	}
	/* No "Expect: 100-continue" round trip for large bodies. */
	HTTP_APPEND("Expect:");
	for (hp = req->headers; hp != NULL && *hp != NULL; hp++)
		HTTP_APPEND(*hp);
#undef HTTP_APPEND
	*out = l;
	return TIX_OK;
}

/* Wipe and free a header list. */
static void
http_free_headers(struct curl_slist *l)
{
	struct curl_slist	*n;

	for (n = l; n != NULL; n = n->next)
		explicit_bzero(n->data, strlen(n->data));
	curl_slist_free_all(l);
}

/* The method's curl options. */
static enum tix_err
http_set_method(struct http_client *c, const struct http_request *req,
    bool *has_body, char **cause)
{
	CURL		*h = c->curl;
	const char	*m = req->method, *p;

	for (p = m; *p != '\0'; p++) {
		if (*p < 'A' || *p > 'Z')
			break;
	}
	if (*m == '\0' || *p != '\0' || strlen(m) > HTTP_MAX_METHOD)
		return tix_fail(cause, TIX_ERR_INVALID, "bad HTTP method");

	*has_body = false;
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (char *)NULL);
	curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
	if (strcmp(m, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		return TIX_OK;
	}
	if (strcmp(m, "GET") == 0 ||
	    (req->body == NULL && strcmp(m, "DELETE") == 0)) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		if (strcmp(m, "GET") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
		return TIX_OK;
	}
	/*
	 * POST, PUT, PATCH, DELETE with a body, read through a callback:
	 * libcurl seeks back to resend it on a new connection when a
	 * reused one died, and every start is an attempt the platform may
	 * have seen.
	 */
	c->out = req->body != NULL ? req->body : "";
	c->out_len = req->body != NULL ? req->body_len : 0;
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)c->out_len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, http_read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, c);
	curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, http_seek_cb);
	curl_easy_setopt(h, CURLOPT_SEEKDATA, c);
	if (strcmp(m, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m);
	*has_body = true;
	return TIX_OK;
}

/* The path part of a URL up to its query, for the log. */
static void
http_log_path(const char *url, const char **p, int *len)
{
	const char	*s, *q;

	s = strstr(url, "://");
	s = s != NULL ? strchr(s + 3, '/') : url;
	if (s == NULL)
		s = "/";
	q = strpbrk(s, "?#");
	*p = s;
	*len = (int)(q != NULL ? (size_t)(q - s) : strlen(s));
}

/* One attempt: perform the transfer and fill resp. */
static CURLcode
http_perform(struct http_client *c, const struct http_request *req,
    const char *url, bool idempotent, struct http_response *resp,
    long *request_size)
{
	CURLcode	 rc;
	curl_off_t	 total = 0;
	long		 connects = 0;
	const char	*lp;
	int		 llen;

	c->resp = resp;
	c->too_large = false;
	c->header_bytes = 0;
	c->errbuf[0] = '\0';
	buf_reset(&c->body);
	c->body.len = 0;

	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	/*
	 * A request that must not be repeated takes a fresh connection:
	 * libcurl silently resends on a reused connection that turns out
	 * dead, which could send it twice.
	 */
	curl_easy_setopt(c->curl, CURLOPT_FRESH_CONNECT, idempotent ? 0L : 1L);
	c->out_at = 0;
	c->sends = 0;
	rc = curl_easy_perform(c->curl);
	/* A body sent more than once in one perform: count each. */
	if (c->sends > 1)
		resp->tries += c->sends - 1;

	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	*request_size = 0;
	curl_easy_getinfo(c->curl, CURLINFO_REQUEST_SIZE, request_size);
	curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME_T, &total);
	curl_easy_getinfo(c->curl, CURLINFO_NUM_CONNECTS, &connects);

	free(resp->body);
	resp->body_len = c->body.len;
	resp->body = buf_take(&c->body);
	buf_init(&c->body, c->max_body);
	http_response_index(resp);
	c->resp = NULL;

	http_log_path(url, &lp, &llen);
	log_debug("%s: %s %.*s -> %ld (%s), %zu bytes, %lld ms, %ld new "
	    "connection(s)", c->log_name, req->method, llen, lp, resp->status,
	    rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), resp->body_len,
	    (long long)(total / 1000), connects);
	return rc;
}

/* Did the request certainly never leave (safe to send again)? */
static bool
http_never_sent(CURLcode rc, long request_size)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
		return true;
	default:
		return request_size == 0 && rc == CURLE_OPERATION_TIMEDOUT;
	}
}

/* Is a transport failure worth another try for an idempotent request? */
static bool
http_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

/* Is a status worth another try for an idempotent request? */
static bool
http_retry_status(long status)
{
	return status >= 500 && status != 501 && status != 505;
}

/* "no answer from HOST in N s": it took the request, said nothing. */
static char *
http_no_answer(struct http_client *c)
{
	char		*scheme, *host, *port, *out;
	curl_off_t	 waited = 0;

	curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME_T, &waited);
	if (http_url_origin(c->base, &scheme, &host, &port, NULL) != TIX_OK)
		return xasprintf("no answer in %lld s",
		    (long long)(waited / 1000000));
	out = xasprintf("no answer from %s in %lld s", host,
	    (long long)(waited / 1000000));
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return out;
}

/* The message for a transport failure, scrubbed and sanitized. */
static enum tix_err
http_fail_transport(struct http_client *c, CURLcode rc,
    struct http_response *resp, unsigned tries, char **cause)
{
	const char	*what;
	char		*clean, *msg, *silent = NULL;
	const char	*hint = "";

	what = c->errbuf[0] != '\0' ? c->errbuf : curl_easy_strerror(rc);
	if (rc == CURLE_OPERATION_TIMEDOUT && c->header_bytes == 0)
		what = silent = http_no_answer(c);
	clean = http_clean(what, strlen(what), HTTP_MAX_REASON);
	if ((rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CACERT_BADFILE) && c->ca_file != NULL)
		hint = " (TLS verification failed with the CAs in ca_file)";
	else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CACERT_BADFILE)
		hint = " (TLS verification failed; a private CA needs ca_file)";
	msg = xasprintf("%s%s%s%s", clean, hint, resp->maybe_sent ?
	    "; the request may have been sent: its outcome is unknown" : "",
	    tries > 1 ? " (after several tries)" : "");
	http_scrub(c, &msg);
	tix_fail(cause, TIX_ERR_NETWORK, "%s", msg);
	free(msg);
	free(clean);
	free(silent);
	return TIX_ERR_NETWORK;
}

/* The response was over the cap: say how big the cap is. */
static enum tix_err
http_fail_size(struct http_client *c, char **cause)
{
	size_t	n = c->max_body;

	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
		return tix_fail(cause, TIX_ERR_TOO_LARGE, "response larger "
		    "than %zu MiB", n / (1024 * 1024));
	}
	if (n >= 1024 && n % 1024 == 0) {
		return tix_fail(cause, TIX_ERR_TOO_LARGE, "response larger "
		    "than %zu KiB", n / 1024);
	}
	return tix_fail(cause, TIX_ERR_TOO_LARGE, "response larger than %zu "
	    "bytes", n);
}

/* Wait ms or until cancelled; counts against the budget. */
static bool
http_wait(struct http_client *c, struct http_response *resp, unsigned ms)
{
	resp->waited_ms += ms;
	log_debug("%s: waiting %u ms before trying again", c->log_name, ms);
	return c->sleep(c->clock_arg, ms, c->cancel);
}

/* The attempt loop: retries, 429 waits, cancel, error mapping. */
enum tix_err
http_request(struct http_client *c, const struct http_request *req,
    struct http_response *resp, char **cause)
{
	struct curl_slist	*headers = NULL;
	char			*url = NULL;
	bool			 idempotent, has_body = false;
	unsigned		 failures = 0, limited = 0, budget_left;
	int64_t			 wait;
	long			 request_size;
	CURLcode		 rc;
	enum tix_err		 err;

	memset(resp, 0, sizeof *resp);
	resp->rate_limit = resp->rate_remaining = -1;
	idempotent = req->idempotent || strcmp(req->method, "GET") == 0 ||
	    strcmp(req->method, "HEAD") == 0;

	if (!c->base_checked) {
		c->base_checked = true;
		c->base_err = http_check_base_url(c->base, &c->base_cause);
	}
	if (c->base_err != TIX_OK)
		return tix_fail(cause, c->base_err, "url: %s", c->base_cause);
	err = http_build_url(c, req->path, &url, cause);
	if (err != TIX_OK)
		goto out;

	http_setup_handle(c);
	err = http_set_method(c, req, &has_body, cause);
	if (err != TIX_OK)
		goto out;
	err = http_build_headers(c, req, has_body, &headers, cause);
	if (err != TIX_OK)
		goto out;
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);

	for (;;) {
		if (c->cancel != NULL && atomic_load(c->cancel)) {
			err = tix_fail(cause, TIX_ERR_CANCELLED, "cancelled");
			goto out;
		}
		http_response_clear_headers(resp);
		resp->tries++;
		rc = http_perform(c, req, url, idempotent, resp,
		    &request_size);
		budget_left = resp->waited_ms < c->max_wait_ms ?
		    c->max_wait_ms - resp->waited_ms : 0;

		if (rc == CURLE_ABORTED_BY_CALLBACK) {
			resp->maybe_sent = !idempotent && request_size > 0;
			err = tix_fail(cause, TIX_ERR_CANCELLED, "cancelled%s",
			    resp->maybe_sent ? "; the request may have been "
			    "sent: its outcome is unknown" : "");
			goto out;
		}
		if ((rc == CURLE_WRITE_ERROR && c->too_large) ||
		    rc == CURLE_FILESIZE_EXCEEDED) {
			err = http_fail_size(c, cause);
			goto out;
		}
		if (rc != CURLE_OK) {
			if ((idempotent ? http_transient(rc) :
			    http_never_sent(rc, request_size)) &&
			    ++failures < c->max_tries) {
				wait = http_backoff(c, failures);
				if (wait <= budget_left) {
					http_wait(c, resp, (unsigned)wait);
					continue;
				}
			}
			resp->maybe_sent = !idempotent &&
			    !http_never_sent(rc, request_size);
			err = http_fail_transport(c, rc, resp, resp->tries,
			    cause);
			goto out;
		}

		if (resp->status >= 200 && resp->status < 300) {
			err = TIX_OK;
			goto out;
		}
		if (resp->status >= 300 && resp->status < 400) {
			err = http_fail_redirect(c, resp, cause);
			goto out;
		}
		if (resp->status == 429) {
			wait = http_server_wait_ms(c, resp);
			if (wait < 0) {
				/* No hint: back off, but never hammer. */
				wait = http_backoff(c, limited + 1);
				if (wait < HTTP_MIN_429_WAIT_MS)
					wait = HTTP_MIN_429_WAIT_MS;
			}
			if (++limited >= HTTP_MAX_429 || wait > budget_left) {
				if (resp->waited_ms == 0) {
					err = http_fail_status(c, resp, cause,
					    "; the platform asks to wait "
					    "%lld s",
					    (long long)((wait + 999) / 1000));
				} else {
					err = http_fail_status(c, resp, cause,
					    "; still limited after waiting "
					    "%u s",
					    (resp->waited_ms + 999) / 1000);
				}
				goto out;
			}
			http_wait(c, resp, (unsigned)wait);
			continue;	/* a cancel is caught at the top */
		}
		if (http_retry_status(resp->status)) {
			if (idempotent && ++failures < c->max_tries) {
				wait = http_server_wait_ms(c, resp);
				if (wait < 0)
					wait = http_backoff(c, failures);
				if (wait <= budget_left) {
					http_wait(c, resp, (unsigned)wait);
					continue;
				}
			}
			resp->maybe_sent = !idempotent;
			if (resp->tries > 1) {
				err = http_fail_status(c, resp, cause,
				    "%s (after %u tries)", resp->maybe_sent ?
				    "; the platform may have acted on it" : "",
				    resp->tries);
			} else {
				err = http_fail_status(c, resp, cause, "%s",
				    resp->maybe_sent ? "; the platform may "
				    "have acted on it" : "");
			}
			goto out;
		}
		err = http_fail_status(c, resp, cause, "%s", "");
		goto out;
	}

out:
	if (headers != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER,
		    (struct curl_slist *)NULL);
		http_free_headers(headers);
	}
	free(url);
	return err;
}

char *
http_url_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*out, *p;
	unsigned char		 c;

	out = p = xmalloc(strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

/* The value of one hex digit, or -1. */
static int
http_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
http_query_arg(const char *url, const char *name)
{
	const char	*p, *end, *eq;
	size_t		 nlen = strlen(name);
	char		*out, *o;

	p = strchr(url, '?');
	if (p == NULL)
		return NULL;
	for (p++; *p != '\0'; p = *end == '\0' ? end : end + 1) {
		end = p + strcspn(p, "&#");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq == NULL || (size_t)(eq - p) != nlen ||
		    strncmp(p, name, nlen) != 0) {
			if (*end == '#')
				break;
			continue;
		}
		out = o = xmalloc((size_t)(end - eq));
		for (p = eq + 1; p < end; p++) {
			if (*p == '%' && end - p > 2 && http_hex(p[1]) >= 0 &&
			    http_hex(p[2]) >= 0) {
				*o++ = (char)(http_hex(p[1]) * 16 +
				    http_hex(p[2]));
				p += 2;
			} else
				*o++ = *p == '+' ? ' ' : *p;
		}
		*o = '\0';
		return out;
	}
	return NULL;
}

/*
 * Does a Link parameter list (after "<url>") say rel="next"?  *pp ends
 * after the link-value (at a ',' or the end); false when malformed.
 */
static bool
http_link_params(const char **pp, bool *next)
{
	const char	*p = *pp, *name, *val;
	size_t		 nlen, vlen, i, w;

	*next = false;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == ',')
			break;
		if (*p++ != ';')
			return false;
		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		nlen = strcspn(p, "=;, \t");
		p += nlen;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=') {
			val = "";
			vlen = 0;
		} else {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '"') {
				val = ++p;
				vlen = strcspn(p, "\"");
				if (p[vlen] != '"')
					return false;
				p += vlen + 1;
			} else {
				val = p;
				vlen = strcspn(p, ";, \t");
				p += vlen;
			}
		}
		if (nlen != 3 || strncasecmp(name, "rel", 3) != 0)
			continue;
		/* rel may list several types: "next last". */
		for (i = 0; i < vlen; i = w + 1) {
			for (w = i; w < vlen && val[w] != ' '; w++)
				;
			if (w - i == 4 && strncasecmp(val + i, "next", 4) == 0)
				*next = true;
		}
	}
	*pp = p;
	return true;
}

char *
http_link_next(const char *link)
{
	const char	*p = link, *url;
	size_t		 ulen;
	bool		 next;

	if (link == NULL)
		return NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return NULL;
		if (*p++ != '<')
			return NULL;
		url = p;
		ulen = strcspn(p, ">");
		if (p[ulen] != '>' || ulen == 0)
			return NULL;
		p += ulen + 1;
		if (!http_link_params(&p, &next))
			return NULL;
		if (next)
			return xstrndup(url, ulen);
	}
}

char *
http_web_origin(const char *api_base)
{
	static const char	 tail[] = "/api/v2";
	size_t			 n, tlen = sizeof tail - 1;

	n = strlen(api_base);
	while (n > 0 && api_base[n - 1] == '/')
		n--;
	if (n >= tlen && strncmp(api_base + n - tlen, tail, tlen) == 0)
		n -= tlen;
	return xstrndup(api_base, n);
}

bool
http_query_number(const char *url, const char *name, long min, long max,
    long *out)
{
	char	*s, *end;
	long	 v;
	bool	 ok;

	s = http_query_arg(url, name);
	if (s == NULL)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	ok = errno == 0 && end != s && *end == '\0' && v >= min && v <= max;
	if (ok)
		*out = v;
	free(s);
	return ok;
}
